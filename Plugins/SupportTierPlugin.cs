using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common;
using Mci.Rules;
using Tier = Mci.Plugins.Common.SupportTier;

namespace Mci.Plugins
{
    /// <summary>
    /// Support tiers keep themselves sound (mci_supporttier, PreOperation Create/Update, synchronous, also when a tier is
    /// activated): sales mode and presales model set, minimum below maximum, Solution Centre and Call Centre name a
    /// team, and an active tier's evaluation order is its own. The one query (other active tiers with the same order)
    /// is made only when everything else holds and the tier is active.
    /// </summary>
    public sealed class SupportTierPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";

        public SupportTierPlugin() : base() { }

        public SupportTierPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = (Entity)context.InputParameters["Target"];
            var after = Entities.Merge(context.PreEntityImages.TryGetValue(PreImage, out var pre) ? pre : null, target);
            var tier = Map.SupportTier(new Row(after)) with { Id = PipelineContext.RecordId(context, target) };

            var result = TierRouting.CheckTier(tier, Enumerable.Empty<Rules.SupportTier>());
            if (result.IsOk && tier.Active && tier.EvaluationOrder is int order)
            {
                var query = new QueryExpression(Tier.EntityName) { ColumnSet = new ColumnSet(Tier.Name, Tier.EvaluationOrder, Tier.StateCode) };
                query.Criteria.AddCondition(Tier.StateCode, ConditionOperator.Equal, 0);
                query.Criteria.AddCondition(Tier.EvaluationOrder, ConditionOperator.Equal, order);
                if (tier.Id != System.Guid.Empty) query.Criteria.AddCondition(Tier.Id, ConditionOperator.NotEqual, tier.Id);
                var others = local.SystemService.RetrieveMultiple(query).Entities.Select(e => Map.SupportTier(new Row(e)));
                result = TierRouting.CheckTier(tier, others);
            }
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
        }
    }
}
