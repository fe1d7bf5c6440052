using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Allocation minutes (mci_allocationminutes).
    /// PreOperation Create/Update: the stamps (snapshot, version, confirmed by/on) are MCI's alone, so values a user
    /// sends for them are dropped; a status change goes through the minutes rules with the opportunity, its lines and
    /// its other minutes (one query) and, when confirming, the user's name and roles (one query): only a sales
    /// executive or system administrator confirms. Confirming stamps the Target.
    /// PostOperation Create/Update: locks (or unlocks) the lines and sets the opportunity's allocation, as a system change.
    /// PreOperation Delete: only drafts may be deleted, except in the cascade of an opportunity's Delete.
    /// </summary>
    public sealed class MinutesPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        private const string LinesKey = "mci_MinutesLines";
        private const string LockKey = "mci_MinutesLock";
        private const string AllocationKey = "mci_MinutesAllocation";
        private const string OpportunityKey = "mci_MinutesOpportunityId";

        /// <summary>Columns only MCI writes (when it confirms).</summary>
        private static readonly string[] Stamps = { AllocationMinutes.Snapshot, AllocationMinutes.Version, AllocationMinutes.ConfirmedById, AllocationMinutes.ConfirmedOn };

        private static readonly string[] OpportunityColumns = { Opportunity.Name, Opportunity.EstimatedValue };
        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SellerId, OpportunitySplit.SplitType, OpportunitySplit.Percent, OpportunitySplit.Locked };
        private static readonly string[] MinutesColumns = { AllocationMinutes.Name, AllocationMinutes.Status, AllocationMinutes.Version };

        public MinutesPlugin() : base() { }

        public MinutesPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsMessage(context, MessageNames.Delete))
            {
                OnDelete(local);
                return;
            }
            if (context.Stage == Stages.PostOperation) ApplyToLines(local);
            else OnSave(local);
        }

        private static void OnSave(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = (Entity)context.InputParameters["Target"];
            foreach (var stamp in Stamps.Where(target.Contains))
            {
                target.Attributes.Remove(stamp);
                local.Trace("Dropped " + stamp + ": only confirming minutes sets it.");
            }

            var pre = context.PreEntityImages.TryGetValue(PreImage, out var image) ? image : null;
            var after = Entities.Merge(pre, target);
            var before = pre == null ? (MinutesStatus?)null : Choices.MinutesStatus(new Row(pre).Option(AllocationMinutes.Status)) ?? MinutesStatus.Draft;
            var status = Choices.MinutesStatus(new Row(after).Option(AllocationMinutes.Status)) ?? MinutesStatus.Draft;
            if (status == (before ?? MinutesStatus.Draft)) return; // saving a draft, or a confirmed/superseded record's text: nothing to derive

            // Minutes without an opportunity have no lines: confirming them is refused by the rules (total 0.00%).
            var opportunityId = after.GetAttributeValue<EntityReference>(AllocationMinutes.OpportunityId)?.Id;
            var data = opportunityId == null ? null : OpportunityData.Load(local.SystemService, opportunityId.Value, OpportunityColumns, LineColumns, MinutesColumns);
            var actor = status == MinutesStatus.Confirmed
                ? Lookups.Actor(local.SystemService, context.InitiatingUserId, Lookups.ApproverRoles)
                : new Actor(null, false);
            var minutesId = PipelineContext.RecordId(context, target);
            var result = MinutesRules.OnStatusChange(new MinutesChange
            {
                OpportunityName = data?.Name,
                EstimatedValue = data?.EstimatedValue,
                MinutesId = minutesId,
                MinutesName = after.GetAttributeValue<string>(AllocationMinutes.Name),
                Before = before,
                After = status,
                ReopenReason = after.GetAttributeValue<string>(AllocationMinutes.ReopenReason),
                OtherMinutes = data?.Minutes ?? Array.Empty<MinutesInfo>(),
                Lines = data?.Lines ?? Array.Empty<SplitLine>(),
                ActorId = context.InitiatingUserId,
                ActorName = actor.Name,
                ActorMayConfirm = actor.HoldsRole,
                Now = context.OperationCreatedOn,
            });
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);

            var outcome = result.Value;
            if (outcome.Action == MinutesAction.Confirm)
            {
                target[AllocationMinutes.Version] = outcome.Version;
                target[AllocationMinutes.ConfirmedById] = new EntityReference(SystemUser.EntityName, outcome.ConfirmedById!.Value);
                target[AllocationMinutes.ConfirmedOn] = outcome.ConfirmedOn;
                target[AllocationMinutes.Snapshot] = outcome.Snapshot;
            }
            var lines = outcome.Action == MinutesAction.Confirm ? outcome.LinesToLock : outcome.LinesToUnlock;
            if (opportunityId == null) return;
            context.SharedVariables[LinesKey] = string.Join(",", lines.Select(id => id.ToString()));
            context.SharedVariables[LockKey] = outcome.Action == MinutesAction.Confirm;
            context.SharedVariables[OpportunityKey] = opportunityId.Value;
            if (outcome.NewAllocation is AllocationStatus allocation) context.SharedVariables[AllocationKey] = Choices.Option(allocation).Value;
        }

        /// <summary>Locks or unlocks the lines (one UpdateMultiple) and sets the allocation: writes to other records, after the minutes are saved.</summary>
        private static void ApplyToLines(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (!(PipelineContext.Shared<string>(context, LinesKey) is string lineList)) return;
            if (!context.SharedVariables.TryGetValue(OpportunityKey, out var id) || !(id is Guid opportunityId)) return;
            var target = (Entity)context.InputParameters["Target"];
            var minutes = new EntityReference(AllocationMinutes.EntityName, PipelineContext.RecordId(context, target));
            var lockLines = context.SharedVariables.TryGetValue(LockKey, out var l) && l is bool b && b;

            PipelineContext.MarkSystemChange(context);
            var updates = new EntityCollection(ParseIds(lineList).Select(line =>
            {
                var update = new Entity(OpportunitySplit.EntityName, line) { [OpportunitySplit.Locked] = lockLines };
                if (lockLines) update[OpportunitySplit.MinutesId] = minutes;
                return update;
            }).ToList()) { EntityName = OpportunitySplit.EntityName };
            if (updates.Entities.Count > 0) local.SystemService.Execute(new UpdateMultipleRequest { Targets = updates });
            if (context.SharedVariables.TryGetValue(AllocationKey, out var allocation) && allocation is int value)
                local.SystemService.Update(new Entity(Opportunity.EntityName, opportunityId) { [Opportunity.AllocationStatus] = new OptionSetValue(value) });
            local.Trace((lockLines ? "Locked " : "Unlocked ") + updates.Entities.Count + " split line(s).");
        }

        private static void OnDelete(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsInside(context, MessageNames.Delete, Opportunity.EntityName)) return; // the deal goes, with its record
            var pre = context.PreEntityImages[PreImage];
            var row = new Row(pre);
            var result = MinutesRules.OnDelete(row.Text(AllocationMinutes.Name), row.Ref(AllocationMinutes.OpportunityId)?.Name, Choices.MinutesStatus(row.Option(AllocationMinutes.Status)));
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
        }

        private static IEnumerable<Guid> ParseIds(string list)
            => list.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse);
    }
}
