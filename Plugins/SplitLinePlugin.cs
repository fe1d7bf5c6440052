using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Split lines (mci_opportunitysplit), registered on CreateMultiple and UpdateMultiple (a single Create or Update
    /// reaches the same steps with a one-item Targets) and on Delete.
    /// PreOperation: the split rules for every line of the batch in order, each against the opportunity's stored lines
    /// AND the lines of the batch before it (Dataverse runs every item's PreOperation before it saves any of them, so a
    /// per-record check would let two lines of one batch both pass); one query for every opportunity the batch
    /// touches (the opportunity joined to its lines). A line moved to another opportunity joins the new one as a new
    /// line would and leaves the old one as a deleted line would; the Overlay line of the deal's dual credit stays at 100%
    /// and is kept (the opportunity's dual credit and presales team come with the same query); the split of a closed deal
    /// no longer changes (winning alone and adding the second team afterwards would dodge the win gate). The amount goes on each Target; the first refusal
    /// stops the whole batch in the user's language.
    /// PostOperation: the allocation status of each opportunity whose status the rules changed (Draft for a first
    /// line, Not Required after the last one), written as a system change.
    /// Skipped: changes MCI's own plug-ins make (locks by minutes, amounts, overlay lines: the rule that made them
    /// already holds) and the cascade of an opportunity's Delete (the whole deal goes, locked or not).
    /// </summary>
    public sealed class SplitLinePlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        private const string AllocationsKey = "mci_SplitAllocations";

        /// <summary>The columns the rules read (the Update step's filtering attributes and pre-image).</summary>
        private static readonly string[] Watched =
        {
            OpportunitySplit.OpportunityId, OpportunitySplit.TeamId, OpportunitySplit.SellerId, OpportunitySplit.SplitType, OpportunitySplit.Percent,
            OpportunitySplit.Amount, OpportunitySplit.Locked, OpportunitySplit.MinutesId, OpportunitySplit.StateCode,
        };

        private static readonly string[] OpportunityColumns = { Opportunity.Name, Opportunity.EstimatedValue, Opportunity.AllocationStatus, Opportunity.DualCredit, Opportunity.PresalesTeamId, Opportunity.StateCode };
        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SplitType, OpportunitySplit.Percent, OpportunitySplit.Locked, OpportunitySplit.StateCode };

        public SplitLinePlugin() : base() { }

        public SplitLinePlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (context.Stage == Stages.PostOperation)
            {
                WriteAllocations(local);
                return;
            }
            if (PipelineContext.IsSystemChange(context))
            {
                local.Trace("Change made by an MCI plug-in: the rule that made it already holds.");
                return;
            }
            if (PipelineContext.IsInside(context, MessageNames.Delete, Opportunity.EntityName))
            {
                local.Trace("Part of deleting the opportunity: the whole split goes with it.");
                return;
            }

            if (PipelineContext.IsMessage(context, MessageNames.Delete)) OnDelete(local);
            else OnSave(local);
        }

        /// <summary>One line of the batch: where it was (pre-image; nothing on create) and where it will be.</summary>
        private sealed class Item
        {
            public Entity Target = null!;
            public Entity? Pre;
            public Entity After = null!;
            public Guid Id;
            public Guid? From;
            public Guid? To;
        }

        private static void OnSave(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var create = PipelineContext.IsCreate(context);
            var targets = PipelineContext.Targets(context);
            var items = new List<Item>();
            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                if (!create && !Entities.TouchesAny(target, Watched)) continue; // UpdateMultiple: another target of the batch fired the step
                var pre = create ? null : PipelineContext.Image(context, i, PreImage, pre: true);
                var after = Entities.Merge(pre, target);
                var id = PipelineContext.RecordId(context, target);
                items.Add(new Item
                {
                    Target = target, Pre = pre, After = after,
                    // A line not yet given its id still needs one of its own among the batch's lines.
                    Id = id != Guid.Empty ? id : Guid.NewGuid(),
                    From = pre?.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id,
                    To = after.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id,
                });
            }
            if (items.Count == 0) return;

            // Each line is judged against the split the whole batch leaves behind, whatever the order of its lines.
            var deals = new Deals(Load(local, items.SelectMany(item => new[] { item.From, item.To })));
            foreach (var item in items) deals.Apply(item.From, item.To, Map.SplitLine(new Row(item.After), item.Id));
            foreach (var item in items)
            {
                var result = Rule(deals, item);
                if (!result.IsOk)
                {
                    Refusals.FillNames(local.SystemService, item.After, OpportunitySplit.TeamId);
                    if (item.Pre != null) Refusals.FillNames(local.SystemService, item.Pre, OpportunitySplit.TeamId);
                    throw Refusals.Exception(Rule(deals, item), local.SystemService, context.InitiatingUserId);
                }
                var outcome = result.Value;
                Entities.SetIfChanged(item.Target, new Row(item.Pre ?? new Entity(OpportunitySplit.EntityName)), OpportunitySplit.Amount, Entities.Money(outcome.Amount));
                deals.SetAllocation(item.To, outcome.NewAllocation);
                if (item.From != item.To) deals.SetAllocation(item.From, outcome.PreviousOpportunityAllocation);
            }
            HandOver(context, deals);
        }

        private static RuleResult<SplitLineOutcome> Rule(Deals deals, Item item)
        {
            var after = Map.SplitLine(new Row(item.After), item.Id);
            if (item.Pre == null) return SplitRules.OnCreate(deals.Context(item.To), after);
            var before = Map.SplitLine(new Row(item.Pre), item.Id);
            return item.From == item.To
                ? SplitRules.OnUpdate(deals.Context(item.To), before, after)
                : SplitRules.OnMove(deals.Context(item.From), deals.Context(item.To), before, after);
        }

        private static void OnDelete(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var pre = context.PreEntityImages[PreImage];
            var opportunityId = pre.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id;
            if (opportunityId == null) return;
            var deals = new Deals(Load(local, new Guid?[] { opportunityId }));
            var result = SplitRules.OnDelete(deals.Context(opportunityId), Map.SplitLine(new Row(pre), context.PrimaryEntityId));
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
            deals.SetAllocation(opportunityId, result.Value.NewAllocation);
            HandOver(context, deals);
        }

        /// <summary>The one query of this rule: every opportunity of the batch with its stored lines (read as SYSTEM: the rule needs every line).</summary>
        private static IReadOnlyDictionary<Guid, OpportunityData> Load(ILocalPluginContext local, IEnumerable<Guid?> opportunityIds)
        {
            // An opportunity that does not exist is left out: the line is checked on its own and the platform refuses the lookup.
            return OpportunityData.LoadMany(local.SystemService, opportunityIds.Where(id => id != null).Select(id => id!.Value), OpportunityColumns, LineColumns);
        }

        /// <summary>The allocation changes are writes to other records: PostOperation does them, once the lines are saved.</summary>
        private static void HandOver(IPluginExecutionContext context, Deals deals) => AllocationHandOver.Put(context, AllocationsKey, deals.ChangedAllocations());

        private static void WriteAllocations(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var updates = AllocationHandOver.Take(context, AllocationsKey);
            if (updates.Count == 0) return;
            PipelineContext.MarkSystemChange(context);
            AllocationHandOver.Write(local.SystemService, updates);
            local.Trace("Allocation of " + updates.Count + " opportunity(ies) written: " + string.Join(", ", updates.Select(u => u.Id)) + ".");
        }

        /// <summary>
        /// The opportunities of a batch as the rules see them: their stored lines with every line of the batch laid over
        /// (added, changed, moved away), and their allocation as the rules set it.
        /// </summary>
        private sealed class Deals
        {
            private readonly Dictionary<Guid, Deal> _deals = new Dictionary<Guid, Deal>();

            public Deals(IReadOnlyDictionary<Guid, OpportunityData> data)
            {
                foreach (var pair in data)
                {
                    var row = pair.Value.Row;
                    _deals[pair.Key] = new Deal
                    {
                        Name = pair.Value.Name, EstimatedValue = pair.Value.EstimatedValue, Stored = pair.Value.Allocation, Allocation = pair.Value.Allocation, Lines = pair.Value.Lines.ToList(),
                        DualCreditTeamId = row.Bool(Opportunity.DualCredit) ? row.RefId(Opportunity.PresalesTeamId) : null,
                        Closed = (row.Option(Opportunity.StateCode)?.Value ?? 0) != 0,
                    };
                }
            }

            /// <summary>The rules' view of an opportunity (its allocation as stored); an empty context for a line without one.</summary>
            public SplitContext Context(Guid? opportunityId)
            {
                if (opportunityId == null || !_deals.TryGetValue(opportunityId.Value, out var deal)) return new SplitContext();
                return new SplitContext { OpportunityName = deal.Name, EstimatedValue = deal.EstimatedValue, Allocation = deal.Stored, Lines = deal.Lines.ToArray(), DualCreditTeamId = deal.DualCreditTeamId, OpportunityClosed = deal.Closed };
            }

            /// <summary>Lays a line of the batch over the stored lines: gone from where it was, as it will be where it goes.</summary>
            public void Apply(Guid? from, Guid? to, SplitLine line)
            {
                if (from != null && _deals.TryGetValue(from.Value, out var left)) left.Lines.RemoveAll(l => l.Id == line.Id);
                if (to == null || !_deals.TryGetValue(to.Value, out var deal)) return;
                deal.Lines.RemoveAll(l => l.Id == line.Id);
                deal.Lines.Add(line);
            }

            public void SetAllocation(Guid? opportunityId, AllocationStatus? allocation)
            {
                if (allocation != null && opportunityId != null && _deals.TryGetValue(opportunityId.Value, out var deal)) deal.Allocation = allocation;
            }

            public IEnumerable<KeyValuePair<Guid, AllocationStatus>> ChangedAllocations()
                => _deals.Where(d => d.Value.Allocation != null && d.Value.Allocation != d.Value.Stored)
                         .Select(d => new KeyValuePair<Guid, AllocationStatus>(d.Key, d.Value.Allocation!.Value));

            private sealed class Deal
            {
                public string? Name;
                public decimal? EstimatedValue;
                public AllocationStatus? Stored;
                public AllocationStatus? Allocation;
                public Guid? DualCreditTeamId;
                public bool Closed;
                public List<SplitLine> Lines = new List<SplitLine>();
            }
        }
    }
}
