using System;
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
    /// Support tiers keep themselves sound (mci_supporttier, synchronous, one tier at a time; Dataverse runs these steps for
    /// each item of a CreateMultiple/UpdateMultiple too, also when a tier is activated).
    /// PreOperation, no query: sales mode and presales model set, minimum below maximum, Solution Centre and Call Centre
    /// name a team, an active tier has an evaluation order.
    /// PostOperation (still inside the transaction): an active tier's evaluation order is its own among the active tiers
    /// as saved (one query), so two tiers of one import with one order are refused whatever order Dataverse runs the
    /// items in, and two tiers may swap their orders in one batch.
    /// </summary>
    public sealed class SupportTierPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        internal const string PostImage = "PostImage";

        private static readonly string[] TierColumns =
        {
            Tier.Name, Tier.SalesMode, Tier.MinAmount, Tier.MaxAmount, Tier.PresalesModel, Tier.PresalesTeamId, Tier.EvaluationOrder, Tier.StateCode,
        };

        public SupportTierPlugin() : base() { }

        public SupportTierPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            steps.On(MessageNames.Create, Tier.EntityName, Stage.PreOperation)
                .Describe("Tier soundness: sales mode, presales model, band, presales team, evaluation order.")
                .Handle(CheckTier);
            steps.On(MessageNames.Update, Tier.EntityName, Stage.PreOperation)
                .Filter(TierColumns).PreImage(PreImage, TierColumns)
                .Describe("Tier soundness on every change that matters, also on activation (statecode).")
                .Handle(CheckTier);
            steps.On(MessageNames.Create, Tier.EntityName, Stage.PostOperation)
                .Describe("Active tiers have distinct evaluation orders, among the tiers as saved (the whole batch).")
                .Handle(CheckOrder);
            steps.On(MessageNames.Update, Tier.EntityName, Stage.PostOperation)
                .Filter(Tier.EvaluationOrder, Tier.StateCode).PostImage(PostImage, Tier.Name, Tier.EvaluationOrder, Tier.StateCode)
                .Describe("Active tiers have distinct evaluation orders, among the tiers as saved (the whole batch; also on activation).")
                .Handle(CheckOrder);
        }

        private static void CheckTier(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = PipelineContext.Target(context);
            var pre = PipelineContext.IsCreate(context) ? null : PipelineContext.Image(context, PreImage, pre: true);
            var tier = Map.SupportTier(new Row(Entities.Merge(pre, target))) with { Id = PipelineContext.RecordId(context, target) };
            var result = TierRouting.CheckTier(tier, Enumerable.Empty<Rules.SupportTier>());
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
        }

        private static void CheckOrder(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = PipelineContext.Target(context);
            var saved = PipelineContext.IsCreate(context) ? target : PipelineContext.Image(context, PostImage, pre: false);
            if (saved == null) return;
            var tier = Map.SupportTier(new Row(saved)) with { Id = PipelineContext.RecordId(context, target) };
            if (!tier.Active || tier.EvaluationOrder is not int order) return;
            var query = new QueryExpression(Tier.EntityName) { ColumnSet = new ColumnSet(Tier.Name, Tier.EvaluationOrder, Tier.StateCode) };
            query.Criteria.AddCondition(Tier.StateCode, ConditionOperator.Equal, 0);
            query.Criteria.AddCondition(Tier.EvaluationOrder, ConditionOperator.Equal, order);
            var others = Paging.RetrieveAll(local.SystemService, query).Select(e => Map.SupportTier(new Row(e)) with { Id = e.Id });
            var result = TierRouting.CheckOrder(tier, others);
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
        }
    }
}
