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
    /// gives the evidence and its gaps). It acts when the operation that caused the Create is a Win, and on a Create of
    /// its own that says it closes the deal as Won (opportunitystatecode 1: Microsoft documents that creating an
    /// Opportunity Close record closes the opportunity); a Lose and other creates of opportunityclose pass.
    /// One query: the opportunity joined to its lines and its engagements with each partner's
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
                .Describe("The win gate, inside the Win's transaction (the close activity a Win creates, or one created as Won): confirmed split for two or more Revenue teams, partner exceptions approved.")
                .Handle(Gate);

        /// <summary>The opportunity a Win closes, when this Create of opportunityclose is made by a Win; else null.</summary>
        internal static Guid? WonOpportunity(IPluginExecutionContext context)
            => IsFrom(context, MessageNames.Win) ? PipelineContext.Target(context).GetAttributeValue<EntityReference>(OpportunityClose.OpportunityId)?.Id : null;

        /// <summary>The opportunity this Create of opportunityclose wins: made by a Win, or created on its own as Won.</summary>
        private static Guid? Gated(IPluginExecutionContext context)
        {
            if (WonOpportunity(context) is Guid won) return won;
            if (IsFrom(context, MessageNames.Lose)) return null;
            var target = PipelineContext.Target(context);
            return target.GetAttributeValue<OptionSetValue>(OpportunityClose.OpportunityStateCode)?.Value == OpportunityClose.Won
                ? target.GetAttributeValue<EntityReference>(OpportunityClose.OpportunityId)?.Id
                : null;
        }

        private static bool IsFrom(IPluginExecutionContext context, string message)
            => string.Equals(PipelineContext.Caller(context)?.MessageName, message, StringComparison.OrdinalIgnoreCase);

        private static void Gate(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var opportunityId = Gated(context);
            if (opportunityId == null)
            {
                local.Trace("Neither created by a Win nor closing the deal as Won: nothing to gate.");
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
