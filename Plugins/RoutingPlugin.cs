using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Rules;
using Tier = Mci.Plugins.Common.SupportTier;

namespace Mci.Plugins
{
    /// <summary>
    /// Tier routing of opportunities, registered on CreateMultiple and UpdateMultiple: Dataverse runs a single Create
    /// or Update through the same steps with a one-item Targets, and a bulk import of N opportunities pays for one
    /// batch, not N records.
    /// PreOperation: routes every target whose sales mode, estimated value, complexity or branch changed (or whose
    /// routing fields someone tried to set by hand) and writes support tier, presales model, presales team and dual
    /// credit on the Target. Per batch: one query for the active tiers; one for the branches whose technical team a
    /// chosen tier takes; on update, one for the split lines of the opportunities that dual credit concerns.
    /// The opportunity's mci_allocationstatus is MCI's too: a user's value is replaced by Not Required on create and
    /// dropped on update (the step filters on it), so nobody opens the win gate by setting Confirmed by hand.
    /// PostOperation: adds the Overlay line at 100% for the presales team (or sets it back to 100%), as a system change,
    /// with one CreateMultiple / UpdateMultiple for the whole batch.
    /// </summary>
    public sealed class RoutingPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        private const string OverlaysKey = "mci_RoutingOverlays";
        private const string OverlayTargetsKey = "mci_RoutingOverlayTargets";
        private const int OpportunitySet = -1;

        /// <summary>What routing reads from the opportunity (also the step's filtering attributes, with <see cref="Outputs"/>).</summary>
        internal static readonly string[] Inputs = { Opportunity.SalesMode, Opportunity.EstimatedValue, Opportunity.Complexity, Opportunity.BranchId };

        /// <summary>What routing writes; a hand-made change of one of them is routed over.</summary>
        internal static readonly string[] Outputs = { Opportunity.SupportTierId, Opportunity.PresalesModel, Opportunity.PresalesTeamId, Opportunity.DualCredit };

        private static readonly string[] TierColumns =
        {
            Tier.Name, Tier.SalesMode, Tier.MinAmount, Tier.MaxAmount, Tier.Complexity, Tier.PresalesModel,
            Tier.PresalesTeamId, Tier.DualCredit, Tier.EvaluationOrder, Tier.StateCode,
        };

        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SplitType, OpportunitySplit.Percent, OpportunitySplit.Locked };

        public RoutingPlugin() : base() { }

        public RoutingPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        private sealed class Item
        {
            public int Index;
            public Entity Target = null!;
            public Entity? Pre;
            public Entity After = null!;
            public RuleResult<RoutingOutcome>? Result;
        }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (context.Stage == Stages.PostOperation)
            {
                WriteOverlays(local);
                return;
            }

            var create = PipelineContext.IsCreate(context);
            var targets = PipelineContext.Targets(context);
            var system = PipelineContext.IsSystemChange(context);
            var items = new List<Item>();
            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                // The allocation is MCI's: a user who set it by hand (say, to Confirmed) would open the win gate without minutes.
                if (!create && !system && target.Attributes.Remove(Opportunity.AllocationStatus))
                    local.Trace("Dropped mci_allocationstatus on " + target.Id + ": only split lines and minutes set it.");
                if (!create && !Entities.TouchesAny(target, Inputs) && !Entities.TouchesAny(target, Outputs)) continue;
                var pre = create ? null : PipelineContext.Image(context, i, PreImage, pre: true);
                items.Add(new Item { Index = i, Target = target, Pre = pre, After = Entities.Merge(pre, target) });
            }
            if (items.Count == 0) return;

            var anyRouted = items.Any(item => item.After.GetAttributeValue<OptionSetValue>(Opportunity.SalesMode) != null);
            var tiers = anyRouted ? LoadTiers(local.SystemService) : new List<Rules.SupportTier>();
            var branches = new Dictionary<Guid, BranchInfo>();
            var noLines = new Dictionary<Guid, List<SplitLine>>();
            foreach (var item in items) item.Result = TierRouting.Route(Input(item, tiers, branches, noLines));

            // A branch's technical team matters only where the chosen tier takes it: read those branches, once per batch.
            var needBranch = items.Where(item => item.Result!.Refuses(RefusalCode.RoutingBranchTeamMissing)).ToList();
            if (needBranch.Count > 0)
            {
                branches = LoadBranches(local.SystemService, needBranch);
                foreach (var item in needBranch) item.Result = TierRouting.Route(Input(item, tiers, branches, noLines));
            }

            // The opportunity's lines matter only where dual credit credits a team: read them for those, once per batch.
            if (!create)
            {
                var concerned = items.Where(item => ConcernsOverlay(item.Result!)).ToList();
                if (concerned.Count > 0)
                {
                    var lines = OpportunityData.LinesOf(local.SystemService, concerned.Select(item => item.Target.Id), LineColumns);
                    foreach (var item in concerned) item.Result = TierRouting.Route(Input(item, tiers, branches, lines));
                }
            }

            var refused = items.FirstOrDefault(item => !item.Result!.IsOk);
            if (refused != null) throw Refusals.Exception(refused.Result!, local.SystemService, context.InitiatingUserId);

            var overlays = new EntityCollection { EntityName = OpportunitySplit.EntityName };
            var overlayTargets = new List<int>();
            foreach (var item in items) Apply(item, create, overlays, overlayTargets);
            if (overlays.Entities.Count == 0) return;
            context.SharedVariables[OverlaysKey] = overlays;
            context.SharedVariables[OverlayTargetsKey] = string.Join(",", overlayTargets);
        }

        private static RoutingInput Input(Item item, IReadOnlyList<Rules.SupportTier> tiers, IReadOnlyDictionary<Guid, BranchInfo> branches, IReadOnlyDictionary<Guid, List<SplitLine>> lines)
        {
            var after = new Row(item.After);
            var branch = after.Ref(Opportunity.BranchId);
            return new RoutingInput
            {
                OpportunityName = after.Text(Opportunity.Name),
                SalesMode = Choices.SalesMode(after.Option(Opportunity.SalesMode)),
                EstimatedValue = after.Money(Opportunity.EstimatedValue),
                Complexity = Choices.Complexity(after.Option(Opportunity.Complexity)),
                Branch = branch == null ? null : branches.TryGetValue(branch.Id, out var known) ? known : new BranchInfo { Id = branch.Id, Name = branch.Name },
                Allocation = Choices.Allocation(after.Option(Opportunity.AllocationStatus)),
                Tiers = tiers,
                Lines = lines.TryGetValue(item.Target.Id, out var own) ? own : (IReadOnlyList<SplitLine>)Array.Empty<SplitLine>(),
            };
        }

        /// <summary>True when the outcome depends on the opportunity's existing lines: dual credit for a team, or the
        /// refusal that no overlay may join a confirmed split (which an existing overlay line would lift).</summary>
        private static bool ConcernsOverlay(RuleResult<RoutingOutcome> result)
            => result.IsOk
                ? result.Value.DualCredit && result.Value.PresalesTeamId != null
                : result.Refuses(RefusalCode.RoutingAllocationLocked);

        private static void Apply(Item item, bool create, EntityCollection overlays, List<int> overlayTargets)
        {
            var outcome = item.Result!.Value;
            var current = new Row(item.Pre ?? new Entity(Opportunity.EntityName));
            var target = item.Target;
            var tier = outcome.SupportTierId is Guid tierId ? new EntityReference(Tier.EntityName, tierId) { Name = outcome.SupportTierName } : null;
            Entities.SetIfChanged(target, current, Opportunity.SupportTierId, tier);
            Entities.SetIfChanged(target, current, Opportunity.PresalesModel, outcome.PresalesModel is PresalesModel model ? Choices.Option(model) : null);
            Entities.SetIfChanged(target, current, Opportunity.PresalesTeamId, outcome.PresalesTeamId is Guid team ? new EntityReference(Team.EntityName, team) : null);
            Entities.SetIfChanged(target, current, Opportunity.DualCredit, outcome.DualCredit);
            // The allocation is MCI's to keep: a new deal starts Not Required, whatever the caller sent.
            if (create) target[Opportunity.AllocationStatus] = Choices.Option(AllocationStatus.NotRequired);
            if (outcome.Overlay == OverlayAction.None) return;

            var value = new Row(item.After).Money(Opportunity.EstimatedValue);
            var allocation = Choices.Allocation(new Row(target).Option(Opportunity.AllocationStatus) ?? new Row(item.After).Option(Opportunity.AllocationStatus)) ?? AllocationStatus.NotRequired;
            var line = outcome.Overlay == OverlayAction.SetToHundred
                ? new Entity(OpportunitySplit.EntityName, outcome.OverlayLineId!.Value)
                : new Entity(OpportunitySplit.EntityName)
                {
                    [OpportunitySplit.Name] = Wording.OverlayLineName(outcome.PresalesTeamName),
                    [OpportunitySplit.TeamId] = new EntityReference(Team.EntityName, outcome.OverlayTeamId!.Value),
                    [OpportunitySplit.SplitType] = Choices.Option(SplitType.Overlay),
                };
            line[OpportunitySplit.Percent] = 100m;
            line[OpportunitySplit.Amount] = Entities.Money(SplitRules.Amount(value, 100m));
            if (outcome.Overlay == OverlayAction.Create)
            {
                // The first line of a split makes its allocation Draft (the line itself is MCI's, added after the save).
                if (allocation == AllocationStatus.NotRequired) target[Opportunity.AllocationStatus] = Choices.Option(AllocationStatus.Draft);
                if (!create) line[OpportunitySplit.OpportunityId] = new EntityReference(Opportunity.EntityName, target.Id);
            }
            overlays.Entities.Add(line);
            overlayTargets.Add(outcome.Overlay == OverlayAction.Create && create ? item.Index : OpportunitySet);
        }

        /// <summary>Creates and updates the overlay lines the PreOperation decided, in one request each.</summary>
        private static void WriteOverlays(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (!(PipelineContext.Shared<EntityCollection>(context, OverlaysKey) is EntityCollection overlays)) return;
            var indexes = (PipelineContext.Shared<string>(context, OverlayTargetsKey) ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            var targets = PipelineContext.Targets(context);
            var ids = context.OutputParameters.TryGetValue("Ids", out var output) ? output as Guid[] : null;
            for (var i = 0; i < overlays.Entities.Count && i < indexes.Length; i++)
            {
                var index = indexes[i];
                if (index == OpportunitySet) continue;
                var id = targets[index].Id != Guid.Empty ? targets[index].Id : ids != null && index < ids.Length ? ids[index] : PipelineContext.RecordId(context, targets[index]);
                overlays.Entities[i][OpportunitySplit.OpportunityId] = new EntityReference(Opportunity.EntityName, id);
            }

            PipelineContext.MarkSystemChange(context);
            var creates = overlays.Entities.Where(e => e.Id == Guid.Empty).ToList();
            var updates = overlays.Entities.Where(e => e.Id != Guid.Empty).ToList();
            if (creates.Count > 0)
                local.SystemService.Execute(new CreateMultipleRequest { Targets = new EntityCollection(creates) { EntityName = OpportunitySplit.EntityName } });
            if (updates.Count > 0)
                local.SystemService.Execute(new UpdateMultipleRequest { Targets = new EntityCollection(updates) { EntityName = OpportunitySplit.EntityName } });
            local.Trace("Overlay lines: " + creates.Count + " added, " + updates.Count + " set back to 100%.");
        }

        private static List<Rules.SupportTier> LoadTiers(IOrganizationService service)
        {
            var query = new QueryExpression(Tier.EntityName) { ColumnSet = new ColumnSet(TierColumns) };
            query.Criteria.AddCondition(Tier.StateCode, ConditionOperator.Equal, 0);
            return service.RetrieveMultiple(query).Entities.Select(e => Map.SupportTier(new Row(e))).ToList();
        }

        private static Dictionary<Guid, BranchInfo> LoadBranches(IOrganizationService service, IEnumerable<Item> items)
        {
            var ids = items.Select(item => item.After.GetAttributeValue<EntityReference>(Opportunity.BranchId)?.Id).Where(id => id != null).Distinct().Cast<object>().ToArray();
            var query = new QueryExpression(Branch.EntityName) { ColumnSet = new ColumnSet(Branch.Name, Branch.TechnicalTeamId) };
            query.Criteria.AddCondition(Branch.Id, ConditionOperator.In, ids);
            return service.RetrieveMultiple(query).Entities.ToDictionary(e => e.Id, e => Map.Branch(new Row(e), e.Id));
        }

    }
}
