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
    /// If Dataverse does not run that Create pipeline inside a Win, an admin registers the by-hand step on Win of opportunity
    /// instead (<see cref="WinFallback"/>, docs/registrations.md); registered beside the Create step, the gate runs once.
    /// One query: the opportunity joined to its lines and its engagements with each partner's
    /// minimum margin (read as SYSTEM: partner cost and floor are secured, and the gate holds whoever wins the deal); the
    /// default minimum margin (environment variable) only when a partner has none of its own.
    /// </summary>
    public sealed class WinGatePlugin : PluginBase
    {
        /// <summary>Shared with <see cref="ChangeNotePlugin"/> (the same pipeline: the close activity's Create, keyed by its id;
        /// or the Win, keyed by the opportunity's id): the status reason before the win.</summary>
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
        {
            steps.On(MessageNames.Create, OpportunityClose.EntityName, Stage.PreOperation)
                .Describe("The win gate, inside the Win's transaction (the close activity a Win creates, or one created as Won): confirmed split for two or more Revenue teams, partner exceptions approved.")
                .Handle(Gate);
            steps.ByHand(MessageNames.Win, Opportunity.EntityName, Stage.PreOperation)
                .When(WinFallback.Condition)
                .Describe("The win gate on the Win itself (the fallback when Dataverse runs no Create steps for the close activity a Win makes): confirmed split for two or more Revenue teams, partner exceptions approved.")
                .Handle(GateWin);
        }

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
            if (WinFallback.IsHandledOnWin(context))
            {
                // Registered by hand too: the gate on the Win already passed in this transaction, on the same data.
                local.Trace("The by-hand step on Win gated this win already.");
                return;
            }
            var target = PipelineContext.Target(context);
            if (Check(local, opportunityId.Value) is int status) StatusBefore.Put(context, PipelineContext.RecordId(context, target), status);
        }

        /// <summary>The by-hand step on Win of opportunity (PreOperation): the same gate, on the opportunity the Win's OpportunityClose names.</summary>
        private static void GateWin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var opportunityId = WinFallback.Opportunity(context);
            WinFallback.MarkHandledOnWin(context);
            if (Check(local, opportunityId) is int status) StatusBefore.Put(context, opportunityId, status);
        }

        /// <summary>Refuses the win when the rules do; else the opportunity's status reason before the win (null when unknown).</summary>
        private static int? Check(ILocalPluginContext local, Guid opportunityId)
        {
            var context = local.PluginExecutionContext;
            var data = OpportunityData.Load(local.SystemService, opportunityId, OpportunityColumns, LineColumns, engagementColumns: EngagementColumns);
            if (data == null) return null;
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
            return data.Row.Option(Opportunity.StatusCode) is OptionSetValue status ? status.Value : (int?)null;
        }
    }
}
