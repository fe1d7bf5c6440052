using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
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

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = (Entity)context.InputParameters["Target"];
            var after = new Row(Entities.Merge(context.PreEntityImages.TryGetValue(PreImage, out var pre) ? pre : null, target));
            var result = PartnerRules.CheckPartner(after.Text(Partner.Name), after.Decimal(Partner.MinMarginPercent));
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
        }
    }
}
