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
    /// Allocation minutes (mci_allocationminutes), one record at a time; Dataverse runs these Create/Update steps for each
    /// item of a CreateMultiple/UpdateMultiple too.
    /// PreOperation: the minutes of a won or lost deal are read-only, whole (the Update step filters on every column a user
    /// may change but the owner): any create or change of them is refused, by anyone, until the deal is reopened. The
    /// stamps (snapshot, version, confirmed by/on) are MCI's alone, so values a user sends for them are dropped; a change
    /// that is no status change (a draft saved, the text of minutes) reads only the deal's name and state (one query); a
    /// status change goes through the minutes rules with the opportunity (its state among its columns), its lines and its
    /// minutes as stored (one query, the deal the minutes leave joined in when they move) and, when confirming or
    /// reopening, the user's name and roles (one query, first): only a sales executive or system administrator confirms or
    /// reopens, and only Revenue lines of exactly 100.00% are confirmed. A confirmation
    /// by one who may confirm first writes the opportunity (its allocation Confirmed), which locks the deal's row until the
    /// transaction ends, so two confirmations of one deal run one after the other (<see cref="LockDeal"/>). Confirming
    /// stamps the Target. Confirmed or superseded minutes stay with their opportunity, and superseded ones keep their reason.
    /// PostOperation (still inside the transaction): the deal's minutes and lines as saved (one query) settle it — at most
    /// one Confirmed minutes (two confirmed in one batch are refused whatever the order of the items), every line locked
    /// to it (but routing's Overlay line, which follows routing), else unlocked after a reopening; the allocation Confirmed or Reopened — written as a system change, one
    /// Update per line and one for the opportunity.
    /// PreOperation Delete: not from a won or lost deal, and only drafts (the deal's name and state: one query), except in
    /// the cascade of an opportunity's Delete.
    /// </summary>
    public sealed class MinutesPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";

        /// <summary>The opportunity whose minutes PostOperation settles (this record was confirmed or reopened).</summary>
        private static readonly HandOver<EntityReference> Settled = new HandOver<EntityReference>("mci_MinutesSettle");

        /// <summary>Columns only MCI writes (when it confirms).</summary>
        private static readonly string[] Stamps = { AllocationMinutes.Snapshot, AllocationMinutes.Version, AllocationMinutes.ConfirmedById, AllocationMinutes.ConfirmedOn };

        private static readonly string[] OpportunityColumns = { Opportunity.Name, Opportunity.StateCode, Opportunity.EstimatedValue, Opportunity.AllocationStatus, Opportunity.DualCredit, Opportunity.PresalesTeamId };
        /// <summary>What the closed-deal rule alone reads of the deal.</summary>
        private static readonly string[] StateColumns = { Opportunity.Name, Opportunity.StateCode };

        /// <summary>Every column a user may change (the owner aside: handing minutes to a colleague changes nothing of the
        /// split): the Update step runs on each, because a won or lost deal's minutes are read-only.</summary>
        private static readonly string[] Everything =
        {
            AllocationMinutes.Status, AllocationMinutes.Snapshot, AllocationMinutes.Version, AllocationMinutes.ConfirmedById, AllocationMinutes.ConfirmedOn,
            AllocationMinutes.OpportunityId, AllocationMinutes.ReopenReason, AllocationMinutes.Name, AllocationMinutes.MeetingDate, AllocationMinutes.Attendees,
            AllocationMinutes.Decision, AllocationMinutes.StateCode, AllocationMinutes.StatusCode,
        };
        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SellerId, OpportunitySplit.SplitType, OpportunitySplit.Percent, OpportunitySplit.Locked, OpportunitySplit.MinutesId };
        private static readonly string[] MinutesColumns = { AllocationMinutes.Name, AllocationMinutes.Status, AllocationMinutes.Version };

        public MinutesPlugin() : base() { }

        public MinutesPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            steps.On(MessageNames.Create, AllocationMinutes.EntityName, Stage.PreOperation)
                .Describe("Not on a won or lost deal. Create as Confirmed: role, 100 %, stamps; user-sent stamps dropped.")
                .Handle(OnSave);
            steps.On(MessageNames.Update, AllocationMinutes.EntityName, Stage.PreOperation)
                .Filter(Everything)
                .PreImage(PreImage, AllocationMinutes.OpportunityId, AllocationMinutes.Name, AllocationMinutes.Status, AllocationMinutes.ReopenReason)
                .Describe("Every change: read-only on a won or lost deal. Confirm stamps the Target; stamps are not editable by anyone; confirmed minutes stay with their deal; reopening takes the role and a reason.")
                .Handle(OnSave);
            steps.On(MessageNames.Create, AllocationMinutes.EntityName, Stage.PostOperation)
                .Describe("At most one Confirmed minutes per deal (the saved minutes, the whole batch); lock the lines and confirm the allocation.")
                .Handle(Settle);
            steps.On(MessageNames.Update, AllocationMinutes.EntityName, Stage.PostOperation)
                .Filter(AllocationMinutes.Status)
                .Describe("At most one Confirmed minutes per deal (the saved minutes, the whole batch); lock or unlock the lines and set the allocation.")
                .Handle(Settle);
            steps.On(MessageNames.Delete, AllocationMinutes.EntityName, Stage.PreOperation)
                .PreImage(PreImage, AllocationMinutes.Name, AllocationMinutes.OpportunityId, AllocationMinutes.Status)
                .Describe("Not from a won or lost deal, and only drafts (not in the cascade of an opportunity's delete).")
                .Handle(OnDelete);
        }

        private static void OnSave(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = PipelineContext.Target(context);
            var create = PipelineContext.IsCreate(context);
            // An item of an UpdateMultiple that changes none of the columns (the filter applies per item): nothing to judge.
            if (!create && !local.Step.Watches(target)) return;
            foreach (var stamp in Stamps.Where(target.Contains).ToList())
            {
                target.Attributes.Remove(stamp);
                local.Trace("Dropped " + stamp + ": only confirming minutes sets it.");
            }
            var pre = create ? null : PipelineContext.Image(context, PreImage, pre: true);
            var after = Entities.Merge(pre, target);
            var id = PipelineContext.RecordId(context, target);
            MinutesStatus? before = pre == null ? (MinutesStatus?)null : Choices.MinutesStatus(new Row(pre).Option(AllocationMinutes.Status)) ?? MinutesStatus.Draft;
            var status = Choices.MinutesStatus(new Row(after).Option(AllocationMinutes.Status)) ?? MinutesStatus.Draft;
            var from = pre?.GetAttributeValue<EntityReference>(AllocationMinutes.OpportunityId);
            var to = after.GetAttributeValue<EntityReference>(AllocationMinutes.OpportunityId)?.Id;
            var moved = pre != null && from?.Id != to;
            var reasonOfSuperseded = status == MinutesStatus.Superseded && target.Contains(AllocationMinutes.ReopenReason);
            if (status == (before ?? MinutesStatus.Draft) && !moved && !reasonOfSuperseded)
            {
                // Saving a draft, or the text of confirmed minutes, derives nothing: only a won or lost deal refuses it.
                var on = to is Guid onId ? OpportunityData.Load(local.SystemService, onId, StateColumns) : null;
                var open = MinutesRules.CheckDealOpen(after.GetAttributeValue<string>(AllocationMinutes.Name), on?.Name, State(on));
                if (!open.IsOk) throw Refusals.Exception(open, local.SystemService, context.InitiatingUserId);
                return;
            }

            var decides = status != (before ?? MinutesStatus.Draft) && status != MinutesStatus.Draft;
            var actor = decides ? Lookups.Actor(local.SystemService, context.InitiatingUserId, Lookups.ApproverRoles) : new Actor(null, false);
            if (status == MinutesStatus.Confirmed && decides && actor.HoldsRole && to is Guid locked) LockDeal(local, locked);
            // Minutes without an opportunity have no lines: confirming them is refused by the rules (total 0.00%). A confirmation
            // reads the deal after its lock, so a win committed meanwhile is seen (its state) before anything is confirmed on it.
            var deals = OpportunityData.LoadMany(local.SystemService, new[] { to, moved ? from?.Id : null }.Where(d => d != null).Select(d => d!.Value),
                OpportunityColumns, LineColumns, MinutesColumns);
            var deal = to is Guid dealId && deals.TryGetValue(dealId, out var joined) ? joined : null;
            var left = moved && from != null && deals.TryGetValue(from.Id, out var leaving) ? leaving : null;
            var result = MinutesRules.OnStatusChange(new MinutesChange
            {
                OpportunityName = (before is MinutesStatus b && b != MinutesStatus.Draft && moved ? from?.Name : null) ?? deal?.Name,
                EstimatedValue = deal?.EstimatedValue,
                MinutesId = id,
                MinutesName = after.GetAttributeValue<string>(AllocationMinutes.Name),
                Before = before,
                After = status,
                ReopenReason = after.GetAttributeValue<string>(AllocationMinutes.ReopenReason),
                OtherMinutes = deal?.Minutes ?? new List<MinutesInfo>(),
                Lines = deal?.Lines ?? new List<SplitLine>(),
                ActorId = context.InitiatingUserId,
                ActorName = actor.Name,
                ActorMayConfirm = actor.HoldsRole,
                Now = context.OperationCreatedOn,
                OpportunityChanged = moved,
                DealState = State(deal),
                PreviousOpportunityName = left?.Name ?? from?.Name,
                PreviousDealState = State(left),
            });
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);

            var outcome = result.Value;
            if (outcome.Action == MinutesAction.None || deal == null) return;
            if (outcome.Action == MinutesAction.Confirm)
            {
                target[AllocationMinutes.Version] = outcome.Version;
                target[AllocationMinutes.ConfirmedById] = new EntityReference(SystemUser.EntityName, outcome.ConfirmedById!.Value);
                target[AllocationMinutes.ConfirmedOn] = outcome.ConfirmedOn;
                target[AllocationMinutes.Snapshot] = outcome.Snapshot;
            }
            Settled.Put(context, id, new EntityReference(Opportunity.EntityName, deal.Opportunity.Id));
        }

        /// <summary>
        /// Serializes confirmations of one deal: before anything of the deal is read, its row is written in this transaction,
        /// which takes the row's write lock until the transaction commits or rolls back (Learn, "Scalable customization design:
        /// Database transactions": "When updating a record, it takes a write lock against the record"; the "pre-lock" of
        /// "Auto-numbering example", https://learn.microsoft.com/power-apps/developer/data-platform/scalable-customization-design/auto-numbering-example:
        /// a placeholder update first, so a second transaction blocks there until the first ends). A second confirmation
        /// of the same deal waits on this Update, then reads the minutes the first committed, and PostOperation refuses it
        /// (one Confirmed minutes per deal). The write is the allocation Confirmed, which Settle would write anyway (it then
        /// finds it written): one Update in all, as a system change so routing lets it through and no MCI step loops on it.
        /// It changes the row whenever the confirmation can succeed (the allocation is Confirmed only while the deal has
        /// Confirmed minutes, which refuse this one), and every Update also stamps modifiedon and a new versionnumber.
        /// </summary>
        private static void LockDeal(ILocalPluginContext local, Guid opportunityId)
        {
            PipelineContext.MarkSystemChange(local.PluginExecutionContext);
            local.SystemService.Update(new Entity(Opportunity.EntityName, opportunityId) { [Opportunity.AllocationStatus] = Choices.Option(AllocationStatus.Confirmed) });
            local.Trace("Opportunity " + opportunityId + " written first (allocation Confirmed): its row stays locked until this confirmation commits or rolls back.");
        }

        /// <summary>The deal's minutes and lines as saved settle the lines' locks and the allocation: writes to other records.</summary>
        private static void Settle(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var id = PipelineContext.RecordId(context, PipelineContext.Target(context));
            if (!Settled.TryGet(context, id, out var opportunity)) return;
            var deal = OpportunityData.Load(local.SystemService, opportunity.Id, OpportunityColumns, LineColumns, MinutesColumns);
            if (deal == null) return;
            var result = MinutesRules.Settle(new MinutesSaved
            {
                OpportunityName = deal.Name, Allocation = deal.Allocation, MinutesId = id, Minutes = deal.Minutes, Lines = deal.Lines,
                DualCreditTeamId = deal.Row.Bool(Opportunity.DualCredit) ? deal.Row.RefId(Opportunity.PresalesTeamId) : null,
            });
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);

            var settlement = result.Value;
            var updates = new List<Entity>();
            foreach (var line in settlement.LinesToLock)
            {
                updates.Add(new Entity(OpportunitySplit.EntityName, line)
                {
                    [OpportunitySplit.Locked] = true,
                    [OpportunitySplit.MinutesId] = new EntityReference(AllocationMinutes.EntityName, settlement.ConfirmedMinutesId!.Value),
                });
            }
            foreach (var line in settlement.LinesToUnlock)
                updates.Add(new Entity(OpportunitySplit.EntityName, line) { [OpportunitySplit.Locked] = false });
            if (settlement.NewAllocation is AllocationStatus allocation)
                updates.Add(new Entity(Opportunity.EntityName, opportunity.Id) { [Opportunity.AllocationStatus] = Choices.Option(allocation) });
            if (updates.Count == 0) return;

            PipelineContext.MarkSystemChange(context);
            foreach (var update in updates) local.SystemService.Update(update);
            local.Trace("Lines locked: " + settlement.LinesToLock.Count + "; unlocked: " + settlement.LinesToUnlock.Count + "; allocation: " + (settlement.NewAllocation?.ToString() ?? "unchanged") + ".");
        }

        private static void OnDelete(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsInside(context, MessageNames.Delete, Opportunity.EntityName)) return; // the deal goes, with its record
            var pre = PipelineContext.Image(context, PreImage, pre: true);
            if (pre == null) return;
            var row = new Row(pre);
            var dealRef = row.Ref(AllocationMinutes.OpportunityId);
            var deal = dealRef == null ? null : OpportunityData.Load(local.SystemService, dealRef.Id, StateColumns);
            var result = MinutesRules.OnDelete(row.Text(AllocationMinutes.Name), deal?.Name ?? dealRef?.Name, Choices.MinutesStatus(row.Option(AllocationMinutes.Status)), State(deal));
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
        }

        /// <summary>The deal's statecode as the rules name it; null without a deal.</summary>
        private static OpportunityState? State(OpportunityData? deal) => deal == null ? null : Choices.OpportunityState(deal.Row.Option(Opportunity.StateCode));
    }
}
