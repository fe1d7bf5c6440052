using System;
using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Split lines (mci_opportunitysplit). PreOperation Create/Update/Delete: the split rules against the opportunity's
    /// stored lines (one query: the opportunity joined to its lines), the amount written on the Target, a refusal in the
    /// user's language. PostOperation: the opportunity's allocation status when the rules changed it (Draft for the
    /// first line, Not Required after the last one), written as a system change.
    /// Skipped: changes MCI's own plug-ins make (locks by minutes, amounts, overlay lines: the rule that made them
    /// already holds) and the cascade of an opportunity's Delete (the whole deal goes, locked or not).
    /// </summary>
    public sealed class SplitLinePlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        private const string NewAllocationKey = "mci_SplitNewAllocation";
        private const string OpportunityKey = "mci_SplitOpportunityId";

        private static readonly string[] OpportunityColumns = { Opportunity.Name, Opportunity.EstimatedValue, Opportunity.AllocationStatus };
        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SplitType, OpportunitySplit.Percent, OpportunitySplit.Locked };

        public SplitLinePlugin() : base() { }

        public SplitLinePlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (context.Stage == Stages.PostOperation)
            {
                WriteAllocation(local);
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

            if (PipelineContext.IsMessage(context, MessageNames.Create)) OnCreate(local);
            else if (PipelineContext.IsMessage(context, MessageNames.Update)) OnUpdate(local);
            else if (PipelineContext.IsMessage(context, MessageNames.Delete)) OnDelete(local);
        }

        private static void OnCreate(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = (Entity)context.InputParameters["Target"];
            var opportunityId = target.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id;
            if (opportunityId == null)
            {
                local.Trace("No opportunity on the line: nothing to check it against.");
                return;
            }
            var data = Load(local, opportunityId.Value);
            var split = Context(data);
            var result = SplitRules.OnCreate(split, Map.SplitLine(new Row(target), target.Id));
            if (!result.IsOk)
            {
                Refusals.FillNames(local.SystemService, target, OpportunitySplit.TeamId);
                throw Refusals.Exception(SplitRules.OnCreate(split, Map.SplitLine(new Row(target), target.Id)), local.SystemService, context.InitiatingUserId);
            }
            target[OpportunitySplit.Amount] = Entities.Money(result.Value.Amount);
            HandOver(context, opportunityId.Value, result.Value.NewAllocation);
        }

        private static void OnUpdate(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = (Entity)context.InputParameters["Target"];
            var pre = context.PreEntityImages[PreImage];
            var after = Entities.Merge(pre, target);
            var opportunityId = after.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id;
            if (opportunityId == null) return;

            var data = Load(local, opportunityId.Value);
            var split = Context(data);
            var before = Map.SplitLine(new Row(pre), target.Id);
            var result = SplitRules.OnUpdate(split, before, Map.SplitLine(new Row(after), target.Id));
            if (!result.IsOk)
            {
                Refusals.FillNames(local.SystemService, after, OpportunitySplit.TeamId);
                throw Refusals.Exception(SplitRules.OnUpdate(split, before, Map.SplitLine(new Row(after), target.Id)), local.SystemService, context.InitiatingUserId);
            }
            Entities.SetIfChanged(target, new Row(pre), OpportunitySplit.Amount, Entities.Money(result.Value.Amount));
            HandOver(context, opportunityId.Value, result.Value.NewAllocation);
        }

        private static void OnDelete(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var pre = context.PreEntityImages[PreImage];
            var opportunityId = pre.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId)?.Id;
            if (opportunityId == null) return;
            var data = Load(local, opportunityId.Value);
            var result = SplitRules.OnDelete(Context(data), Map.SplitLine(new Row(pre), context.PrimaryEntityId));
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
            HandOver(context, opportunityId.Value, result.Value.NewAllocation);
        }

        /// <summary>The one query of this rule: the opportunity and its stored lines (read as SYSTEM: the rule needs every line).</summary>
        private static OpportunityData Load(ILocalPluginContext local, Guid opportunityId)
            => OpportunityData.Load(local.SystemService, opportunityId, OpportunityColumns, LineColumns)
               ?? throw new InvalidOperationException("The opportunity " + opportunityId + " of the split line does not exist.");

        private static SplitContext Context(OpportunityData data) => new SplitContext
        {
            OpportunityName = data.Name,
            EstimatedValue = data.EstimatedValue,
            Allocation = data.Allocation,
            Lines = data.Lines,
            SystemChange = false,
        };

        /// <summary>The allocation change is a write to another record: PostOperation does it, once the line is saved.</summary>
        private static void HandOver(IPluginExecutionContext context, Guid opportunityId, AllocationStatus? newAllocation)
        {
            if (newAllocation == null) return;
            context.SharedVariables[NewAllocationKey] = Choices.Option(newAllocation.Value).Value;
            context.SharedVariables[OpportunityKey] = opportunityId;
        }

        private static void WriteAllocation(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (!context.SharedVariables.TryGetValue(NewAllocationKey, out var allocation) || !(allocation is int value)) return;
            if (!context.SharedVariables.TryGetValue(OpportunityKey, out var id) || !(id is Guid opportunityId)) return;
            PipelineContext.MarkSystemChange(context);
            local.SystemService.Update(new Entity(Opportunity.EntityName, opportunityId) { [Opportunity.AllocationStatus] = new OptionSetValue(value) });
            local.Trace("Allocation of opportunity " + opportunityId + " set to " + value + ".");
        }
    }
}
