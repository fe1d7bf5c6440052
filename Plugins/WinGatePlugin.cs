using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Plugins.Registration;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// The win gate: an opportunity whose Revenue lines name two or more teams is won only with a Confirmed allocation,
    /// and only while none of its partner engagements is below margin or floor without an Approved exception.
    /// Registered on Create of opportunityclose (PreOperation, synchronous): the Win message creates the close activity
    /// inside the win's transaction, so a refusal here cancels the win with nothing saved (docs/emulator-bulk-and-win.md
    /// gives the evidence). It acts only when the operation that caused the Create is a Win; a Lose and a plain Create of
    /// opportunityclose pass. One query: the opportunity joined to its lines and its engagements with each partner's
    /// minimum margin (read as SYSTEM: partner cost and floor are secured, and the gate holds whoever wins the deal); the
    /// default minimum margin (environment variable) only when a partner has none of its own.
    /// </summary>
    public sealed class WinGatePlugin : PluginBase
    {
        /// <summary>Shared with <see cref="ChangeNotePlugin"/> (the same Create pipeline): the status reason before the win.</summary>
        internal static readonly HandOver<int> StatusBefore = new HandOver<int>("mci_WinStatusBefore");

        private static readonly string[] OpportunityColumns = { Opportunity.Name, Opportunity.AllocationStatus, Opportunity.StatusCode };
        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SplitType, OpportunitySplit.Percent };
        private static readonly string[] EngagementColumns =
        {
            OpportunityPartner.PartnerId, OpportunityPartner.OurPrice, OpportunityPartner.PartnerPrice, OpportunityPartner.PartnerCost,
            OpportunityPartner.FloorPrice, OpportunityPartner.ExceptionStatus,
        };

        public WinGatePlugin() : base() { }

        public WinGatePlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
            => steps.On(MessageNames.Create, OpportunityClose.EntityName, Stage.PreOperation)
                .Describe("The win gate, inside the Win's transaction (acts only when the close activity is created by Win): confirmed split for two or more Revenue teams, partner exceptions approved.")
                .Handle(Gate);

        /// <summary>The opportunity a Win closes, when this Create of opportunityclose is made by a Win; else null.</summary>
        internal static Guid? WonOpportunity(IPluginExecutionContext context)
        {
            var caller = PipelineContext.Caller(context);
            if (caller == null || !string.Equals(caller.MessageName, MessageNames.Win, StringComparison.OrdinalIgnoreCase)) return null;
            return PipelineContext.Target(context).GetAttributeValue<EntityReference>(OpportunityClose.OpportunityId)?.Id;
        }

        private static void Gate(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var opportunityId = WonOpportunity(context);
            if (opportunityId == null)
            {
                local.Trace("Not created by a Win: nothing to gate.");
                return;
            }

            var data = OpportunityData.Load(local.SystemService, opportunityId.Value, OpportunityColumns, LineColumns, engagementColumns: EngagementColumns);
            if (data == null) return;
            decimal? defaultMargin = null;
            if (data.Engagements.Any(e => e.PartnerMinimumMarginPercent == null))
            {
                var setting = new EnvironmentSettings(local.SystemService, EnvironmentVariables.DefaultMinimumPartnerMargin).DefaultMinimumPartnerMargin;
                defaultMargin = Refusals.Ensure(setting, local.SystemService, context.InitiatingUserId).Number;
            }
            var result = WinRules.CanWin(new WinCheck
            {
                OpportunityName = data.Name,
                Allocation = data.Allocation,
                Lines = data.Lines,
                Partners = data.Engagements,
                DefaultMinimumMarginPercent = defaultMargin,
            });
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
            var target = PipelineContext.Target(context);
            if (data.Row.Option(Opportunity.StatusCode) is OptionSetValue status) StatusBefore.Put(context, PipelineContext.RecordId(context, target), status.Value);
        }
    }
}
