using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Plugins.Registration;
using Mci.Rules;
using Tier = Mci.Plugins.Common.SupportTier;

namespace Mci.Plugins
{
    /// <summary>
    /// Tier routing of opportunities, one opportunity at a time (Dataverse runs these Create/Update steps for each item of
    /// a CreateMultiple/UpdateMultiple too).
    /// PreOperation: routes an opportunity whose sales mode, estimated value, complexity or branch changed (or whose
    /// routing fields someone tried to set by hand) and writes support tier, presales model, presales team and dual
    /// credit on the Target. One query for the active tiers of the deal's sales mode (every page); one for the branch,
    /// only when the chosen tier takes the branch's technical team; on update, one for the deal's split lines, only when
    /// dual credit concerns them. A deal without a sales mode is saved unrouted, without a query.
    /// The opportunity's mci_allocationstatus is MCI's too: a user's value is replaced by Not Required on create and
    /// dropped on update (the step filters on it), so nobody opens the win gate by setting Confirmed by hand.
    /// PostOperation: adds the Overlay line at 100% for the presales team (or sets it back to 100%), as a system change:
    /// one Create or Update.
    /// </summary>
    public sealed class RoutingPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";

        /// <summary>The overlay line to create or set back to 100% once the opportunity is saved.</summary>
        private static readonly HandOver<Entity> Overlay = new HandOver<Entity>("mci_RoutingOverlay");

        /// <summary>What routing reads from the opportunity (with <see cref="Outputs"/> and the allocation: the Update steps' filter).</summary>
        private static readonly string[] Inputs = { Opportunity.SalesMode, Opportunity.EstimatedValue, Opportunity.Complexity, Opportunity.BranchId };

        /// <summary>What routing writes; a hand-made change of one of them is routed over.</summary>
        private static readonly string[] Outputs = { Opportunity.SupportTierId, Opportunity.PresalesModel, Opportunity.PresalesTeamId, Opportunity.DualCredit };

        private static readonly string[] TierColumns =
        {
            Tier.Name, Tier.SalesMode, Tier.MinAmount, Tier.MaxAmount, Tier.Complexity, Tier.PresalesModel,
            Tier.PresalesTeamId, Tier.DualCredit, Tier.EvaluationOrder, Tier.StateCode,
        };

        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SplitType, OpportunitySplit.Percent, OpportunitySplit.Locked };

        public RoutingPlugin() : base() { }

        public RoutingPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            var watched = Inputs.Concat(Outputs).Concat(new[] { Opportunity.AllocationStatus }).ToArray();
            steps.On(MessageNames.Create, Opportunity.EntityName, Stage.PreOperation)
                .Describe("Route the new opportunity: support tier, presales model and team, dual credit; the allocation starts Not Required.")
                .Handle(Route);
            steps.On(MessageNames.Update, Opportunity.EntityName, Stage.PreOperation)
                .Filter(watched).PreImage(PreImage, new[] { Opportunity.Name }.Concat(watched).ToArray())
                .Describe("Route again when sales mode, value, complexity or branch change; routing fields and the allocation status set by hand are MCI's and are routed over or dropped.")
                .Handle(Route);
            steps.On(MessageNames.Create, Opportunity.EntityName, Stage.PostOperation)
                .Describe("Add the presales team's Overlay line at 100% when the tier gives dual credit, as SYSTEM.")
                .Handle(WriteOverlay);
            steps.On(MessageNames.Update, Opportunity.EntityName, Stage.PostOperation)
                .Filter(watched)
                .Describe("Add the presales team's Overlay line, or set it back to 100%, when the tier gives dual credit, as SYSTEM.")
                .Handle(WriteOverlay);
        }

        private static void Route(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var create = PipelineContext.IsCreate(context);
            var target = PipelineContext.Target(context);
            // The allocation is MCI's: a user who set it by hand (say, to Confirmed) would open the win gate without minutes.
            if (!create && !PipelineContext.IsSystemChange(context) && target.Attributes.Remove(Opportunity.AllocationStatus))
                local.Trace("Dropped mci_allocationstatus: only split lines and minutes set it.");
            if (create) target[Opportunity.AllocationStatus] = Choices.Option(AllocationStatus.NotRequired);
            // Routing cares about every column of the step's filter but the allocation (dropped above, or MCI's own write).
            if (!create && !local.Step.FilteringAttributes.Any(c => c != Opportunity.AllocationStatus && target.Contains(c))) return;

            var pre = create ? null : PipelineContext.Image(context, PreImage, pre: true);
            var after = Entities.Merge(pre, target);
            var id = PipelineContext.RecordId(context, target);
            var mode = new Row(after).Option(Opportunity.SalesMode);
            var tiers = mode == null ? new List<Rules.SupportTier>() : LoadTiers(local.SystemService, mode.Value);
            var branches = new Dictionary<Guid, BranchInfo>();
            var lines = (IReadOnlyList<SplitLine>)Array.Empty<SplitLine>();
            var result = TierRouting.Route(Input(after, tiers, branches, lines));

            // A branch's technical team matters only where the chosen tier takes it.
            if (result.Refuses(RefusalCode.RoutingBranchTeamMissing) && new Row(after).Ref(Opportunity.BranchId) is EntityReference branch)
            {
                branches = LoadBranch(local.SystemService, branch.Id);
                result = TierRouting.Route(Input(after, tiers, branches, lines));
            }
            // The opportunity's lines matter only where dual credit credits a team (a new deal has none).
            if (!create && ConcernsOverlay(result))
            {
                lines = OpportunityData.LinesOf(local.SystemService, new[] { id }, LineColumns).TryGetValue(id, out var own) ? own : lines;
                result = TierRouting.Route(Input(after, tiers, branches, lines));
            }
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
            Apply(context, id, target, pre, after, result.Value, create);
        }

        private static RoutingInput Input(Entity after, IReadOnlyList<Rules.SupportTier> tiers, IReadOnlyDictionary<Guid, BranchInfo> branches, IReadOnlyList<SplitLine> lines)
        {
            var row = new Row(after);
            var branch = row.Ref(Opportunity.BranchId);
            return new RoutingInput
            {
                OpportunityName = row.Text(Opportunity.Name),
                SalesMode = Choices.SalesMode(row.Option(Opportunity.SalesMode)),
                EstimatedValue = row.Money(Opportunity.EstimatedValue),
                Complexity = Choices.Complexity(row.Option(Opportunity.Complexity)),
                Branch = branch == null ? null : branches.TryGetValue(branch.Id, out var known) ? known : new BranchInfo { Id = branch.Id, Name = branch.Name },
                Allocation = Choices.Allocation(row.Option(Opportunity.AllocationStatus)),
                Tiers = tiers,
                Lines = lines,
            };
        }

        /// <summary>True when the outcome depends on the opportunity's existing lines: dual credit for a team, or the
        /// refusal that no overlay may join a confirmed split (which an existing overlay line would lift).</summary>
        private static bool ConcernsOverlay(RuleResult<RoutingOutcome> result)
            => result.IsOk
                ? result.Value.DualCredit && result.Value.PresalesTeamId != null
                : result.Refuses(RefusalCode.RoutingAllocationLocked);

        private static void Apply(IPluginExecutionContext context, Guid id, Entity target, Entity? pre, Entity after, RoutingOutcome outcome, bool create)
        {
            var current = new Row(pre ?? new Entity(Opportunity.EntityName));
            var tier = outcome.SupportTierId is Guid tierId ? new EntityReference(Tier.EntityName, tierId) { Name = outcome.SupportTierName } : null;
            Entities.SetIfChanged(target, current, Opportunity.SupportTierId, tier);
            Entities.SetIfChanged(target, current, Opportunity.PresalesModel, outcome.PresalesModel is PresalesModel model ? Choices.Option(model) : null);
            Entities.SetIfChanged(target, current, Opportunity.PresalesTeamId, outcome.PresalesTeamId is Guid team ? new EntityReference(Team.EntityName, team) : null);
            Entities.SetIfChanged(target, current, Opportunity.DualCredit, outcome.DualCredit);
            if (outcome.Overlay == OverlayAction.None) return;

            var value = new Row(after).Money(Opportunity.EstimatedValue);
            var line = outcome.Overlay == OverlayAction.SetToHundred
                ? new Entity(OpportunitySplit.EntityName, outcome.OverlayLineId!.Value)
                : new Entity(OpportunitySplit.EntityName)
                {
                    [OpportunitySplit.Name] = Wording.OverlayLineName(outcome.PresalesTeamName),
                    [OpportunitySplit.TeamId] = new EntityReference(Team.EntityName, outcome.OverlayTeamId!.Value),
                    [OpportunitySplit.SplitType] = Choices.Option(SplitType.Overlay),
                    [OpportunitySplit.OpportunityId] = new EntityReference(Opportunity.EntityName, id),
                };
            line[OpportunitySplit.Percent] = 100m;
            line[OpportunitySplit.Amount] = Entities.Money(SplitRules.Amount(value, 100m));
            if (outcome.Overlay == OverlayAction.Create)
            {
                // The first line of a split makes its allocation Draft (the line itself is MCI's, added after the save).
                var allocation = Choices.Allocation(new Row(target).Option(Opportunity.AllocationStatus) ?? new Row(after).Option(Opportunity.AllocationStatus)) ?? AllocationStatus.NotRequired;
                if (allocation == AllocationStatus.NotRequired) target[Opportunity.AllocationStatus] = Choices.Option(AllocationStatus.Draft);
            }
            Overlay.Put(context, id, line);
        }

        /// <summary>Creates the overlay line (or sets it back to 100%) the PreOperation decided, once the opportunity is saved.</summary>
        private static void WriteOverlay(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var id = PipelineContext.RecordId(context, PipelineContext.Target(context));
            if (!Overlay.TryGet(context, id, out var line)) return;
            PipelineContext.MarkSystemChange(context);
            if (line.Id == Guid.Empty) local.SystemService.Create(line);
            else local.SystemService.Update(line);
            local.Trace("Overlay line " + (line.Id == Guid.Empty ? "added" : "set back to 100%") + ".");
        }

        /// <summary>The active tiers of one sales mode (a tier of another never matches), every page.</summary>
        private static List<Rules.SupportTier> LoadTiers(IOrganizationService service, int salesMode)
        {
            var query = new QueryExpression(Tier.EntityName) { ColumnSet = new ColumnSet(TierColumns) };
            query.Criteria.AddCondition(Tier.StateCode, ConditionOperator.Equal, 0);
            query.Criteria.AddCondition(Tier.SalesMode, ConditionOperator.Equal, salesMode);
            return Paging.RetrieveAll(service, query).Select(e => Map.SupportTier(new Row(e))).ToList();
        }

        private static Dictionary<Guid, BranchInfo> LoadBranch(IOrganizationService service, Guid branchId)
        {
            var query = new QueryExpression(Branch.EntityName) { ColumnSet = new ColumnSet(Branch.Name, Branch.TechnicalTeamId) };
            query.Criteria.AddCondition(Branch.Id, ConditionOperator.Equal, branchId);
            return Paging.RetrieveAll(service, query).ToDictionary(e => e.Id, e => Map.Branch(new Row(e), e.Id));
        }
    }
}
