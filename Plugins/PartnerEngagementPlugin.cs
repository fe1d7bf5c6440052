using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Plugins.Registration;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Partner engagements (mci_opportunitypartner).
    /// PreOperation Create/Update: margin and bounds by the partner rules, with the partner's minimum margin (one
    /// Retrieve) and, only when the partner has none, the environment default (one query); the exception status and
    /// approver the rules derive go on the Target.
    /// The approver role is checked (one query) only when it matters: a user deciding an exception, or changing the
    /// figures of an approved one. Margin and approver are MCI's: values a user sends for them are dropped.
    /// PostOperation Create/Update: the margin, a secured column, is written as SYSTEM when it changed; set on the
    /// Target it would be refused for a seller without the "MCI Partner Commercials" profile, who may still change
    /// our price.
    /// </summary>
    public sealed class PartnerEngagementPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";

        /// <summary>The margin to write once the engagement is saved (an Update of it, without its id yet).</summary>
        private static readonly HandOver<Entity> Margin = new HandOver<Entity>("mci_EngagementMargin");

        public PartnerEngagementPlugin() : base() { }

        public PartnerEngagementPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            var watched = new[]
            {
                OpportunityPartner.OpportunityId, OpportunityPartner.PartnerId, OpportunityPartner.OurPrice, OpportunityPartner.PartnerPrice, OpportunityPartner.PartnerCost,
                OpportunityPartner.FloorPrice, OpportunityPartner.MarginPercent, OpportunityPartner.ExceptionStatus, OpportunityPartner.ExceptionReason, OpportunityPartner.ExceptionApproverId,
            };
            steps.On(MessageNames.Create, OpportunityPartner.EntityName, Stage.PreOperation)
                .Describe("Margin, floor, exception status and approver of a new engagement.")
                .Handle(OnSave);
            steps.On(MessageNames.Update, OpportunityPartner.EntityName, Stage.PreOperation)
                .Filter(watched).PreImage(PreImage, watched)
                .Describe("Margin, floor, exception status and approver; a hand-typed margin or approver is dropped.")
                .Handle(OnSave);
            steps.On(MessageNames.Create, OpportunityPartner.EntityName, Stage.PostOperation)
                .Describe("The margin is a secured column: written as SYSTEM, so a seller without the profile can still record our price.")
                .Handle(WriteMargin);
            steps.On(MessageNames.Update, OpportunityPartner.EntityName, Stage.PostOperation)
                .Filter(watched)
                .Describe("The margin, when it changed, written as SYSTEM.")
                .Handle(WriteMargin);
        }

        private static void OnSave(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsSystemChange(context)) return; // the margin written below

            var target = PipelineContext.Target(context);
            target.Attributes.Remove(OpportunityPartner.MarginPercent);
            target.Attributes.Remove(OpportunityPartner.ExceptionApproverId);
            var pre = PipelineContext.IsCreate(context) ? null : PipelineContext.Image(context, PreImage, pre: true);
            var after = Entities.Merge(pre, target);

            var partnerId = after.GetAttributeValue<EntityReference>(OpportunityPartner.PartnerId)?.Id;
            var partner = partnerId == null
                ? new Entity(Partner.EntityName)
                : local.SystemService.Retrieve(Partner.EntityName, partnerId.Value, new ColumnSet(Partner.Name, Partner.MinMarginPercent));
            var samePartner = pre != null && pre.GetAttributeValue<EntityReference>(OpportunityPartner.PartnerId)?.Id == partnerId;
            var change = new PartnerEngagementChange
            {
                Before = pre == null ? null : Map.Engagement(new Row(pre), samePartner ? new Row(partner) : new Row(new Entity(Partner.EntityName)), null),
                After = Map.Engagement(new Row(after), new Row(partner), null),
                // The default applies to a partner without a minimum of its own (also the "before" side of a partner change).
                DefaultMinimumMarginPercent = partner.GetAttributeValue<decimal?>(Partner.MinMarginPercent) == null || (pre != null && !samePartner) ? DefaultMargin(local) : null,
                ActorId = context.InitiatingUserId,
                ActorMayApprove = false,
            };

            // Asked first as someone who may not approve; only when that answer depends on the role is the role read.
            var result = PartnerRules.OnSave(change);
            if (DependsOnRole(result, change) && Lookups.Actor(local.SystemService, context.InitiatingUserId, Lookups.ApproverRoles).HoldsRole)
            {
                change = change with { ActorMayApprove = true };
                result = PartnerRules.OnSave(change);
            }
            if (!result.IsOk)
            {
                Refusals.FillNames(local.SystemService, after, OpportunityPartner.OpportunityId);
                change = change with { After = change.After with { OpportunityName = after.GetAttributeValue<EntityReference>(OpportunityPartner.OpportunityId)?.Name } };
                throw Refusals.Exception(PartnerRules.OnSave(change), local.SystemService, context.InitiatingUserId);
            }

            var outcome = result.Value;
            if (outcome.ExceptionStatusChanged) target[OpportunityPartner.ExceptionStatus] = Choices.Option(outcome.ExceptionStatus);
            // The approver sent was dropped above, so the rules compared with the stored approver.
            if (outcome.ExceptionApproverChanged)
                target[OpportunityPartner.ExceptionApproverId] = outcome.ExceptionApproverId is Guid approver ? new EntityReference(SystemUser.EntityName, approver) : null;
            var storedMargin = pre == null ? null : new Row(pre).Decimal(OpportunityPartner.MarginPercent);
            if (outcome.MarginPercent != storedMargin)
                Margin.Put(context, PipelineContext.RecordId(context, target), new Entity(OpportunityPartner.EntityName) { [OpportunityPartner.MarginPercent] = outcome.MarginPercent });
        }

        /// <summary>mci_DefaultMinimumPartnerMargin, checked (0-100); read only for a partner without a minimum of its own.</summary>
        private static decimal? DefaultMargin(ILocalPluginContext local)
        {
            var setting = new EnvironmentSettings(local.SystemService, EnvironmentVariables.DefaultMinimumPartnerMargin).DefaultMinimumPartnerMargin;
            return Refusals.Ensure(setting, local.SystemService, local.PluginExecutionContext.InitiatingUserId).Number;
        }

        /// <summary>True when an approver would get a different answer: a decision was refused, or an approval was sent back to Requested.</summary>
        private static bool DependsOnRole(RuleResult<PartnerEngagementOutcome> result, PartnerEngagementChange change)
        {
            return result.IsOk
                ? result.Value.ExceptionStatusChanged && change.After.ExceptionStatus == ExceptionStatus.Approved
                : result.Refuses(RefusalCode.PartnerExceptionDecisionNotAllowed);
        }

        private static void WriteMargin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var id = PipelineContext.RecordId(context, PipelineContext.Target(context));
            if (!Margin.TryGet(context, id, out var margin)) return;
            PipelineContext.MarkSystemChange(context);
            local.SystemService.Update(new Entity(OpportunityPartner.EntityName, id) { [OpportunityPartner.MarginPercent] = margin[OpportunityPartner.MarginPercent] });
        }
    }
}
