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
    /// routing fields someone tried to set by hand). One query for the active tiers of the deal's sales mode (every page);
    /// one for the branch, only when the chosen tier takes the branch's technical team; on update, one for the deal's split
    /// lines, only when dual credit concerns them. A deal without a sales mode is saved unrouted, without a query.
    /// Presales model, dual credit and the allocation (choices the saving user writes with the opportunity anyway) go on
    /// the Target. The lookups routing derives (support tier, presales team) do not: the platform would check the saving
    /// user's AppendTo on mci_supporttier and team, which a Salesperson without an MCI role, or a sales executive, lacks.
    /// A value sent for them by hand is dropped, and they are handed to PostOperation.
    /// The opportunity's mci_allocationstatus is MCI's too: a user's value is replaced by Not Required on create and
    /// dropped on update (the step filters on it), so nobody opens the win gate by setting Confirmed by hand.
    /// PostOperation, as SYSTEM (a system change, so no step routes it again): routing's Overlay lines (delete the previous
    /// presales team's when the team changed, first), one Update of the routed lookups when they changed (which moves the
    /// presales team's access, see CollaboratorAccessPlugin), then the new team's Overlay line at 100% (created or set back
    /// to 100%); a timeline note when an existing deal's dual credit moved.
    /// </summary>
    public sealed class RoutingPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";

        /// <summary>The routed lookups to write once the opportunity is saved (an Update of it).</summary>
        private static readonly HandOver<Entity> RoutedLookups = new HandOver<Entity>("mci_RoutingLookups");

        /// <summary>The overlay line to create or set back to 100% once the opportunity is saved.</summary>
        private static readonly HandOver<Entity> Overlay = new HandOver<Entity>("mci_RoutingOverlay");

        /// <summary>Routing's previous Overlay line, to delete once the opportunity is saved.</summary>
        private static readonly HandOver<Guid> OverlayToRemove = new HandOver<Guid>("mci_RoutingOverlayRemoved");

        /// <summary>The timeline note saying how the dual credit moved.</summary>
        private static readonly HandOver<Entity> Note = new HandOver<Entity>("mci_RoutingNote");

        /// <summary>What routing reads from the opportunity (with <see cref="Outputs"/> and the allocation: the Update steps' filter).</summary>
        private static readonly string[] Inputs = { Opportunity.SalesMode, Opportunity.EstimatedValue, Opportunity.Complexity, Opportunity.BranchId };

        /// <summary>What routing writes; a hand-made change of one of them is routed over.</summary>
        private static readonly string[] Outputs = { Opportunity.SupportTierId, Opportunity.PresalesModel, Opportunity.PresalesTeamId, Opportunity.DualCredit };

        /// <summary>The lookups among <see cref="Outputs"/>: written as SYSTEM after the save, never on the Target.</summary>
        private static readonly string[] LookupOutputs = { Opportunity.SupportTierId, Opportunity.PresalesTeamId };

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
                .Describe("Route the new opportunity: presales model and dual credit on the Target, tier and presales team handed to PostOperation; the allocation starts Not Required.")
                .Handle(Route);
            steps.On(MessageNames.Update, Opportunity.EntityName, Stage.PreOperation)
                .Filter(watched).PreImage(PreImage, new[] { Opportunity.Name }.Concat(watched).ToArray())
                .Describe("Route again when sales mode, value, complexity or branch change; routing fields and the allocation status set by hand are MCI's and are routed over or dropped.")
                .Handle(Route);
            steps.On(MessageNames.Create, Opportunity.EntityName, Stage.PostOperation)
                .Describe("As SYSTEM: the routed tier and presales team (no AppendTo of the saving user needed), and the presales team's Overlay line at 100% when the tier gives dual credit.")
                .Handle(WriteRouting);
            steps.On(MessageNames.Update, Opportunity.EntityName, Stage.PostOperation)
                .Filter(watched)
                .Describe("As SYSTEM: the routed tier and presales team when they changed; routing's Overlay lines follow the presales team (previous one removed, new one added or set back to 100%), noted on the timeline.")
                .Handle(WriteRouting);
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
            // MCI's own writes to the deal (routing's lookups, the allocation) are not routed again.
            if (!create && PipelineContext.IsSystemChange(context)) return;
            // Routing's lookups are written after the save, as SYSTEM: a value sent by hand is dropped, so the platform does
            // not check the caller's AppendTo on a tier or team routing chooses.
            var handSet = LookupOutputs.Where(c => target.Attributes.Remove(c)).ToList();
            if (handSet.Count > 0) local.Trace("Dropped " + string.Join(", ", handSet) + ": routing sets them.");
            // Routing cares about every column of the step's filter but the allocation (dropped above, or MCI's own write).
            if (!create && handSet.Count == 0 && !local.Step.FilteringAttributes.Any(c => c != Opportunity.AllocationStatus && target.Contains(c))) return;

            var pre = create ? null : PipelineContext.Image(context, PreImage, pre: true);
            var after = Entities.Merge(pre, target);
            var id = PipelineContext.RecordId(context, target);
            var mode = new Row(after).Option(Opportunity.SalesMode);
            var tiers = mode == null ? new List<Rules.SupportTier>() : LoadTiers(local.SystemService, mode.Value);
            var branches = new Dictionary<Guid, BranchInfo>();
            var lines = (IReadOnlyList<SplitLine>)Array.Empty<SplitLine>();
            var result = TierRouting.Route(Input(after, pre, tiers, branches, lines, create));

            // A branch's technical team matters only where the chosen tier takes it.
            if (result.IsOk && result.Value.UsesBranchTeam && new Row(after).Ref(Opportunity.BranchId) is EntityReference branch)
            {
                branches = LoadBranch(local.SystemService, branch.Id);
                result = TierRouting.Route(Input(after, pre, tiers, branches, lines, create));
            }
            // The opportunity's lines matter only where dual credit credits a team or leaves one (a new deal has none).
            if (!create && result.IsOk && TierRouting.DependsOnLines(Input(after, pre, tiers, branches, lines, create), result.Value))
            {
                lines = OpportunityData.LinesOf(local.SystemService, new[] { id }, LineColumns).TryGetValue(id, out var own) ? own : lines;
                result = TierRouting.Route(Input(after, pre, tiers, branches, lines, create));
            }
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
            if (result.Value.BranchTeamMissing) local.Trace("The tier takes the branch's technical team, but the deal has no branch or its branch no team: the presales team stays empty.");
            Apply(local, id, target, pre, after, result.Value);
        }

        private static RoutingInput Input(Entity after, Entity? pre, IReadOnlyList<Rules.SupportTier> tiers, IReadOnlyDictionary<Guid, BranchInfo> branches,
            IReadOnlyList<SplitLine> lines, bool create)
        {
            var row = new Row(after);
            var before = new Row(pre ?? new Entity(Opportunity.EntityName));
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
                PreviousPresalesTeamId = before.RefId(Opportunity.PresalesTeamId),
                PreviousDualCredit = before.Bool(Opportunity.DualCredit),
                IsNew = create,
            };
        }

        private static void Apply(ILocalPluginContext local, Guid id, Entity target, Entity? pre, Entity after, RoutingOutcome outcome)
        {
            var context = local.PluginExecutionContext;
            var current = new Row(pre ?? new Entity(Opportunity.EntityName));
            Entities.SetIfChanged(target, current, Opportunity.PresalesModel, outcome.PresalesModel is PresalesModel model ? Choices.Option(model) : null);
            Entities.SetIfChanged(target, current, Opportunity.DualCredit, outcome.DualCredit);
            if (outcome.NewAllocation is AllocationStatus allocation) target[Opportunity.AllocationStatus] = Choices.Option(allocation);

            var lookups = new Entity(Opportunity.EntityName);
            var tier = outcome.SupportTierId is Guid tierId ? new EntityReference(Tier.EntityName, tierId) { Name = outcome.SupportTierName } : null;
            var team = outcome.PresalesTeamId is Guid teamId ? new EntityReference(Team.EntityName, teamId) { Name = outcome.PresalesTeamName } : null;
            if (!Entities.SameValue(current.Raw(Opportunity.SupportTierId), tier)) lookups[Opportunity.SupportTierId] = tier;
            if (!Entities.SameValue(current.Raw(Opportunity.PresalesTeamId), team)) lookups[Opportunity.PresalesTeamId] = team;
            if (lookups.Attributes.Count > 0) RoutedLookups.Put(context, id, lookups);

            if (outcome.OverlayToRemove != null) OverlayToRemove.Put(context, id, outcome.OverlayToRemove.Id);
            if (outcome.Note != null)
                Note.Put(context, id, new Entity(Annotation.EntityName) { [Annotation.Subject] = outcome.Note.Subject, [Annotation.NoteText] = outcome.Note.Text });
            if (outcome.Overlay != OverlayAction.None)
            {
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
                Overlay.Put(context, id, line);
            }
            // Something to write after the save, but nothing the PostOperation step filters on left on the Target (only a
            // hand-set lookup was sent, and dropped): keep one routed column there so the step runs.
            var handedOver = lookups.Attributes.Count > 0 || outcome.OverlayToRemove != null || outcome.Overlay != OverlayAction.None;
            if (handedOver && !local.Step.FilteringAttributes.Any(target.Contains)) target[Opportunity.DualCredit] = outcome.DualCredit;
        }

        /// <summary>As SYSTEM, once the opportunity is saved: the routed lookups, routing's Overlay lines, the timeline note.</summary>
        private static void WriteRouting(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var id = PipelineContext.RecordId(context, PipelineContext.Target(context));
            var hasLookups = RoutedLookups.TryGet(context, id, out var lookups);
            var hasRemoval = OverlayToRemove.TryGet(context, id, out var removed);
            var hasOverlay = Overlay.TryGet(context, id, out var line);
            var hasNote = Note.TryGet(context, id, out var note);
            if (!hasLookups && !hasRemoval && !hasOverlay && !hasNote) return;
            PipelineContext.MarkSystemChange(context);
            // The previous presales team's Overlay line goes before the new presales team is written: the new team's write
            // is what moves access (CollaboratorAccessPlugin), and it must judge the previous team without that line.
            if (hasRemoval) local.SystemService.Delete(OpportunitySplit.EntityName, removed);
            if (hasLookups)
            {
                lookups.Id = id;
                local.SystemService.Update(lookups);
            }
            if (hasOverlay)
            {
                if (line.Id == Guid.Empty) local.SystemService.Create(line);
                else local.SystemService.Update(line);
            }
            if (hasNote)
            {
                note[Annotation.ObjectId] = new EntityReference(Opportunity.EntityName, id);
                local.SystemService.Create(note);
            }
            local.Trace("Routing written: lookups " + (hasLookups ? "updated" : "unchanged") + "; overlay " + (hasRemoval ? "moved from the previous team; " : "")
                + (hasOverlay ? (line.Id == Guid.Empty ? "added" : "set back to 100%") : "unchanged") + ".");
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
