using System.Activities;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Microsoft.Xrm.Sdk.Workflow;
using Deal = Mci.Plugins.Common.Opportunity;

namespace Mci.Workflows
{
    /// <summary>
    /// Routes an opportunity again (e.g. after an administrator changed the support tiers) and outputs its support
    /// tier. The routing itself is the RoutingPlugin's: the activity saves the opportunity's sales mode as it is, which
    /// runs the registered routing steps (tier, presales model and team, dual credit, overlay line) exactly as a
    /// seller's save would, so there is one routing, not two to keep alike. A refusal (no matching tier) stops the
    /// process with the routing message.
    /// </summary>
    public sealed class RouteSupportTier : MciActivity
    {
        [RequiredArgument]
        [Input("Opportunity / 商机")]
        [ReferenceTarget(Deal.EntityName)]
        public InArgument<EntityReference> Opportunity { get; set; } = null!;

        [Output("Support tier / 支持层级")]
        [ReferenceTarget(Mci.Plugins.Common.SupportTier.EntityName)]
        public OutArgument<EntityReference> SupportTier { get; set; } = null!;

        protected override void Run(ActivityServices services)
        {
            var context = services.ActivityContext;
            var reference = Opportunity.Get(context) ?? throw new InvalidPluginExecutionException("RouteSupportTier needs the opportunity. / RouteSupportTier 需要商机。");
            var current = services.Service.Retrieve(Deal.EntityName, reference.Id, new ColumnSet(Deal.SalesMode));
            services.Service.Update(new Entity(Deal.EntityName, reference.Id) { [Deal.SalesMode] = current.GetAttributeValue<OptionSetValue>(Deal.SalesMode) });
            var routed = services.Service.Retrieve(Deal.EntityName, reference.Id, new ColumnSet(Deal.SupportTierId));
            SupportTier.Set(context, routed.GetAttributeValue<EntityReference>(Deal.SupportTierId)!);
        }
    }
}
