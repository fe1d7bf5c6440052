using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common;
using Mci.Rules;
using Tier = Mci.Plugins.Common.SupportTier;

namespace Mci.Plugins
{
    /// <summary>
    /// Support tiers keep themselves sound (mci_supporttier, PreOperation CreateMultiple/UpdateMultiple, synchronous;
    /// a single Create or Update reaches the same step, also when a tier is activated): sales mode and presales model
    /// set, minimum below maximum, Solution Centre and Call Centre name a team, and an active tier's evaluation order
    /// is its own — among the stored tiers and the other tiers of the same batch (an import of two tiers with one order
    /// would otherwise pass, each checked before the other is saved). The one query (active tiers with the batch's
    /// orders) is made only when everything else holds.
    /// </summary>
    public sealed class SupportTierPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";

        public SupportTierPlugin() : base() { }

        public SupportTierPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var targets = PipelineContext.Targets(context);
            var create = PipelineContext.IsCreate(context);
            var tiers = new List<Rules.SupportTier>();
            for (var i = 0; i < targets.Count; i++)
            {
                var pre = create ? null : PipelineContext.Image(context, i, PreImage, pre: true);
                var id = PipelineContext.RecordId(context, targets[i]);
                // A tier not yet given its id still needs one of its own among the batch's tiers.
                tiers.Add(Map.SupportTier(new Row(Entities.Merge(pre, targets[i]))) with { Id = id != Guid.Empty ? id : Guid.NewGuid() });
            }

            foreach (var tier in tiers)
            {
                var alone = TierRouting.CheckTier(tier, Enumerable.Empty<Rules.SupportTier>());
                if (!alone.IsOk) throw Refusals.Exception(alone, local.SystemService, context.InitiatingUserId);
            }

            var orders = tiers.Where(t => t.Active && t.EvaluationOrder != null).Select(t => (object)t.EvaluationOrder!.Value).Distinct().ToArray();
            if (orders.Length == 0) return;
            var query = new QueryExpression(Tier.EntityName) { ColumnSet = new ColumnSet(Tier.Name, Tier.EvaluationOrder, Tier.StateCode) };
            query.Criteria.AddCondition(Tier.StateCode, ConditionOperator.Equal, 0);
            query.Criteria.AddCondition(Tier.EvaluationOrder, ConditionOperator.In, orders);
            var batch = new HashSet<Guid>(tiers.Select(t => t.Id));
            // The batch's tiers as they will be, in place of their stored rows.
            var others = local.SystemService.RetrieveMultiple(query).Entities
                .Select(e => Map.SupportTier(new Row(e)) with { Id = e.Id })
                .Where(t => !batch.Contains(t.Id))
                .Concat(tiers)
                .ToList();
            foreach (var tier in tiers)
            {
                var result = TierRouting.CheckTier(tier, others);
                if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
            }
        }
    }
}
