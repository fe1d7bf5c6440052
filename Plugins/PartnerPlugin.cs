using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Plugins.Registration;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Partners keep themselves sound (mci_partner, PreOperation Create/Update, synchronous): the minimum margin lies
    /// in 0–100 with at most two decimals, or is empty (the environment default applies). No query: the Target and the
    /// pre-image hold everything.
    /// </summary>
    public sealed class PartnerPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";

        public PartnerPlugin() : base() { }

        public PartnerPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            steps.On(MessageNames.Create, Partner.EntityName, Stage.PreOperation)
                .Describe("A partner's minimum margin lies in 0-100 (no query).")
                .Handle(Check);
            steps.On(MessageNames.Update, Partner.EntityName, Stage.PreOperation)
                .Filter(Partner.Name, Partner.MinMarginPercent).PreImage(PreImage, Partner.Name, Partner.MinMarginPercent)
                .Describe("A partner's minimum margin lies in 0-100 (no query).")
                .Handle(Check);
        }

        private static void Check(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = PipelineContext.Target(context);
            var pre = PipelineContext.IsCreate(context) ? null : PipelineContext.Image(context, PreImage, pre: true);
            var after = new Row(Entities.Merge(pre, target));
            var result = PartnerRules.CheckPartner(after.Text(Partner.Name), after.Decimal(Partner.MinMarginPercent));
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
        }
    }
}
