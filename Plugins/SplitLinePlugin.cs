using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Plugins.Registration;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Split lines (mci_opportunitysplit), one line at a time; Dataverse runs these Create/Update steps for each item of a
    /// CreateMultiple/UpdateMultiple too.
    /// PreOperation: the rules another line of the same batch cannot change — the line itself (team, percent), locks,
    /// the closed deal, the dual credit — against the opportunity as stored (one query: the opportunity joined to its
    /// lines; a move reads both deals), and the amount on the Target. A line moved to another opportunity joins the new
    /// one as a new line would and leaves the old one as a deleted line would.
    /// PostOperation (still inside the transaction): what spans the lines — one line per team and type, Revenue at most
    /// 100.00%, no line joining a locked split — against the lines as saved (one query), so a batch is judged on what it
    /// leaves whichever order Dataverse runs its items in, and a refusal there rolls the whole operation back; then the
    /// allocation (Draft for a first line, Not Required after a deal's last line left), written as a system change.
    /// Delete: PreOperation refuses locked lines and hands the allocation over; PostOperation writes it.
    /// Skipped: changes MCI's own plug-ins make (locks by minutes, amounts, overlay lines: the rule that made them
    /// already holds) and the cascade of an opportunity's Delete (the whole deal goes, locked or not).
    /// </summary>
    public sealed class SplitLinePlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        internal const string PostImage = "PostImage";

        /// <summary>This line changed what its deals' split is made of: PostOperation judges the saved split.</summary>
        private static readonly HandOver<bool> Judge = new HandOver<bool>("mci_SplitJudge");

        /// <summary>A deleted line's opportunity with the allocation it takes (Delete has no bulk form: decided before the delete).</summary>
        private static readonly HandOver<Entity> DeleteAllocation = new HandOver<Entity>("mci_SplitDeleteAllocation");

        private static readonly string[] OpportunityColumns = { Opportunity.Name, Opportunity.EstimatedValue, Opportunity.AllocationStatus, Opportunity.DualCredit, Opportunity.PresalesTeamId, Opportunity.StateCode };
        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SplitType, OpportunitySplit.Percent, OpportunitySplit.Locked, OpportunitySplit.StateCode };

        public SplitLinePlugin() : base() { }

        public SplitLinePlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            // The columns the rules read: what runs the Update steps, and what the pre-image holds.
            var watched = new[]
            {
                OpportunitySplit.OpportunityId, OpportunitySplit.TeamId, OpportunitySplit.SellerId, OpportunitySplit.SplitType, OpportunitySplit.Percent,
                OpportunitySplit.Amount, OpportunitySplit.Locked, OpportunitySplit.MinutesId, OpportunitySplit.StateCode,
            };
            steps.On(MessageNames.Create, OpportunitySplit.EntityName, Stage.PreOperation)
                .Describe("Split line rules for the new line (team, percent, locks, closed deal, dual credit) and its amount.")
                .Handle(OnSave);
            steps.On(MessageNames.Update, OpportunitySplit.EntityName, Stage.PreOperation)
                .Filter(watched).PreImage(PreImage, watched)
                .Describe("Split line rules for the changed line, also a hand-typed amount or lock, a move to another deal, a deactivation.")
                .Handle(OnSave);
            steps.On(MessageNames.Delete, OpportunitySplit.EntityName, Stage.PreOperation)
                .PreImage(PreImage, OpportunitySplit.OpportunityId, OpportunitySplit.TeamId, OpportunitySplit.SplitType, OpportunitySplit.Locked)
                .Describe("Locked lines, dual credit and closed deals keep their lines (not in the cascade of an opportunity's delete).")
                .Handle(OnDelete);
            steps.On(MessageNames.Create, OpportunitySplit.EntityName, Stage.PostOperation)
                .Describe("One line per team and type and Revenue at most 100% on the saved split (the whole batch), then the allocation.")
                .Handle(AfterSave);
            steps.On(MessageNames.Update, OpportunitySplit.EntityName, Stage.PostOperation)
                .Filter(watched).PreImage(PreImage, OpportunitySplit.OpportunityId).PostImage(PostImage, OpportunitySplit.OpportunityId)
                .Describe("The saved split of the deal the line is on (and of the one it left) judged again, then their allocations.")
                .Handle(AfterSave);
            steps.On(MessageNames.Delete, OpportunitySplit.EntityName, Stage.PostOperation)
                .Describe("The allocation once the line is gone (Not Required after the last line).")
                .Handle(AfterDelete);
        }

        private static bool Skipped(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsSystemChange(context))
            {
                local.Trace("Change made by an MCI plug-in: the rule that made it already holds.");
                return true;
            }
            if (PipelineContext.IsInside(context, MessageNames.Delete, Opportunity.EntityName))
            {
                local.Trace("Part of deleting the opportunity: the whole split goes with it.");
                return true;
            }
            return false;
        }

        private static void OnSave(ILocalPluginContext local)
        {
            if (Skipped(local)) return;
            var context = local.PluginExecutionContext;
            var target = PipelineContext.Target(context);
            var pre = PipelineContext.IsCreate(context) ? null : PipelineContext.Image(context, PreImage, pre: true);
            var after = Entities.Merge(pre, target);
            var id = PipelineContext.RecordId(context, target);
            var from = pre?.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id;
            var to = after.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id;
            var deals = Load(local, from, to);

            RuleResult<SplitLineOutcome> Judged()
            {
                var line = Map.SplitLine(new Row(after), id);
                if (pre == null) return SplitRules.OnCreate(Context(deals, to), line);
                var before = Map.SplitLine(new Row(pre), id);
                return from == to ? SplitRules.OnUpdate(Context(deals, to), before, line) : SplitRules.OnMove(Context(deals, from), Context(deals, to), before, line);
            }

            var result = Judged();
            if (!result.IsOk)
            {
                Refusals.FillNames(local.SystemService, after, OpportunitySplit.TeamId);
                if (pre != null) Refusals.FillNames(local.SystemService, pre, OpportunitySplit.TeamId);
                throw Refusals.Exception(Judged(), local.SystemService, context.InitiatingUserId);
            }
            Entities.SetIfChanged(target, new Row(pre ?? new Entity(OpportunitySplit.EntityName)), OpportunitySplit.Amount, Entities.Money(result.Value.Amount));
            var changes = pre == null || SplitRules.ChangesSplit(Map.SplitLine(new Row(pre), id), Map.SplitLine(new Row(after), id), from != to);
            if (changes) Judge.Put(context, id, true);
        }

        /// <summary>The saved split judged again (every line of the operation is saved by now), then the allocations.</summary>
        private static void AfterSave(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = PipelineContext.Target(context);
            var id = PipelineContext.RecordId(context, target);
            if (!Judge.TryGet(context, id, out _)) return; // nothing the split is made of changed, or MCI's own change

            var create = PipelineContext.IsCreate(context);
            var from = create ? null : PipelineContext.Image(context, PreImage, pre: true)?.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id;
            var saved = create ? target : PipelineContext.Image(context, PostImage, pre: false);
            var to = saved?.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id;
            var deals = Load(local, from, to);

            var updates = new List<Entity>();
            if (to is Guid dealId && deals.TryGetValue(dealId, out var deal))
            {
                var line = deal.Lines.FirstOrDefault(l => l.Id == id);
                if (line != null)
                {
                    var result = SplitRules.AfterSave(Context(deals, to), line);
                    if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
                    Allocation(updates, dealId, result.Value.NewAllocation);
                }
            }
            if (from is Guid leftId && from != to && deals.TryGetValue(leftId, out var left))
                Allocation(updates, leftId, SplitRules.AllocationAfter(left.Allocation, left.Lines.Count));
            Write(local, updates);
        }

        private static void OnDelete(ILocalPluginContext local)
        {
            if (Skipped(local)) return;
            var context = local.PluginExecutionContext;
            var pre = PipelineContext.Image(context, PreImage, pre: true);
            var opportunityId = pre?.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id;
            if (pre == null || opportunityId == null) return;
            var deals = Load(local, opportunityId, null);
            var result = SplitRules.OnDelete(Context(deals, opportunityId), Map.SplitLine(new Row(pre), context.PrimaryEntityId));
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
            if (result.Value.NewAllocation is AllocationStatus allocation)
                DeleteAllocation.Put(context, context.PrimaryEntityId, new Entity(Opportunity.EntityName, opportunityId.Value) { [Opportunity.AllocationStatus] = Choices.Option(allocation) });
        }

        private static void AfterDelete(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (DeleteAllocation.TryGet(context, context.PrimaryEntityId, out var update)) Write(local, new[] { update });
        }

        /// <summary>The one query of each stage: the deals the line leaves and joins, with their lines (read as SYSTEM: the
        /// rules need every line). An opportunity that does not exist is left out: the platform refuses the lookup.</summary>
        private static IReadOnlyDictionary<Guid, OpportunityData> Load(ILocalPluginContext local, Guid? from, Guid? to)
            => OpportunityData.LoadMany(local.SystemService, new[] { from, to }.Where(id => id != null).Select(id => id!.Value), OpportunityColumns, LineColumns);

        /// <summary>The rules' view of an opportunity; an empty context for a line without one.</summary>
        private static SplitContext Context(IReadOnlyDictionary<Guid, OpportunityData> deals, Guid? opportunityId)
        {
            if (opportunityId == null || !deals.TryGetValue(opportunityId.Value, out var deal)) return new SplitContext();
            var row = deal.Row;
            return new SplitContext
            {
                OpportunityName = deal.Name, EstimatedValue = deal.EstimatedValue, Allocation = deal.Allocation, Lines = deal.Lines,
                DualCreditTeamId = row.Bool(Opportunity.DualCredit) ? row.RefId(Opportunity.PresalesTeamId) : null,
                OpportunityClosed = OpportunityStates.IsClosed(Choices.OpportunityState(row.Option(Opportunity.StateCode))),
            };
        }

        private static void Allocation(List<Entity> updates, Guid opportunityId, AllocationStatus? allocation)
        {
            if (allocation is AllocationStatus value)
                updates.Add(new Entity(Opportunity.EntityName, opportunityId) { [Opportunity.AllocationStatus] = Choices.Option(value) });
        }

        /// <summary>The allocations are MCI's, on other records: written as SYSTEM, one Update each.</summary>
        private static void Write(ILocalPluginContext local, IReadOnlyList<Entity> updates)
        {
            if (updates.Count == 0) return;
            PipelineContext.MarkSystemChange(local.PluginExecutionContext);
            foreach (var update in updates) local.SystemService.Update(update);
            local.Trace("Allocation of " + updates.Count + " opportunity(ies) written: " + string.Join(", ", updates.Select(u => u.Id)) + ".");
        }
    }
}
