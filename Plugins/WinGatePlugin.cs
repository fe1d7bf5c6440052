using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// The win gate (Win of opportunity, PreOperation, synchronous): an opportunity whose Revenue lines name two or
    /// more teams is won only with a Confirmed allocation, and only while none of its partner engagements is below
    /// margin or floor without an Approved exception. One query: the opportunity joined to its lines and its
    /// engagements with each partner's minimum margin (read as SYSTEM: partner cost and floor are secured, and the gate
    /// holds whoever wins the deal). PreOperation rather than PreValidation so the status it reads is handed to the
    /// change note of the same operation.
    /// </summary>
    public sealed class WinGatePlugin : PluginBase
    {
        /// <summary>Shared with <see cref="ChangeNotePlugin"/>: the status reason before the win.</summary>
        internal const string StatusBeforeKey = "mci_WinStatusBefore";

        private static readonly string[] OpportunityColumns = { Opportunity.Name, Opportunity.AllocationStatus, Opportunity.StatusCode };
        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SplitType, OpportunitySplit.Percent };
        private static readonly string[] EngagementColumns =
        {
            OpportunityPartner.PartnerId, OpportunityPartner.OurPrice, OpportunityPartner.PartnerPrice, OpportunityPartner.PartnerCost,
            OpportunityPartner.FloorPrice, OpportunityPartner.ExceptionStatus,
        };

        public WinGatePlugin() : base() { }

        public WinGatePlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var close = context.InputParameters.TryGetValue("OpportunityClose", out var value) ? value as Entity : null;
            var opportunityId = close?.GetAttributeValue<EntityReference>(OpportunityClose.OpportunityId)?.Id;
            if (opportunityId == null) return; // Dataverse refuses a Win without its opportunity before any step runs

            var data = OpportunityData.Load(local.SystemService, opportunityId.Value, OpportunityColumns, LineColumns, engagementColumns: EngagementColumns);
            if (data == null) return;
            var result = WinRules.CanWin(new WinCheck
            {
                OpportunityName = data.Name,
                Allocation = data.Allocation,
                Lines = data.Lines,
                Partners = data.Engagements,
                DefaultMinimumMarginPercent = Lookups.Decimal(new ServiceVariableReader(local.EnvironmentVariables).Read(EnvironmentVariables.DefaultMinimumPartnerMargin)),
            });
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
            if (data.Row.Option(Opportunity.StatusCode) is OptionSetValue status) context.SharedVariables[StatusBeforeKey] = status.Value;
        }
    }
}
