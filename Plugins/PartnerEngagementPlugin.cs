using System;
using System.Globalization;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Partner engagements (mci_opportunitypartner).
    /// PreOperation Create/Update: margin and bounds by the partner rules, with the partner's minimum margin (one
    /// Retrieve) and the environment default; the exception status and approver the rules derive go on the Target.
    /// The approver role is checked (one query) only when it matters: a user deciding an exception, or changing the
    /// figures of an approved one. Margin and approver are MCI's: values a user sends for them are dropped.
    /// PostOperation Create/Update: the margin, a secured column, is written as SYSTEM when it changed; set on the
    /// Target it would be refused for a seller without the "MCI Partner Commercials" profile, who may still change
    /// our price.
    /// </summary>
    public sealed class PartnerEngagementPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        private const string MarginKey = "mci_EngagementMargin";
        private const string NoMargin = "";

        public PartnerEngagementPlugin() : base() { }

        public PartnerEngagementPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (context.Stage == Stages.PostOperation)
            {
                WriteMargin(local);
                return;
            }
            if (PipelineContext.IsSystemChange(context)) return; // the margin written below

            var target = (Entity)context.InputParameters["Target"];
            target.Attributes.Remove(OpportunityPartner.MarginPercent);
            target.Attributes.Remove(OpportunityPartner.ExceptionApproverId);
            var pre = context.PreEntityImages.TryGetValue(PreImage, out var image) ? image : null;
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
                DefaultMinimumMarginPercent = Lookups.Decimal(new ServiceVariableReader(local.EnvironmentVariables).Read(EnvironmentVariables.DefaultMinimumPartnerMargin)),
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
                context.SharedVariables[MarginKeyOf(context, target)] = outcome.MarginPercent?.ToString(CultureInfo.InvariantCulture) ?? NoMargin;
        }

        /// <summary>True when an approver would get a different answer: a decision was refused, or an approval was sent back to Requested.</summary>
        private static bool DependsOnRole(RuleResult<PartnerEngagementOutcome> result, PartnerEngagementChange change)
        {
            return result.IsOk
                ? result.Value.ExceptionStatusChanged && change.After.ExceptionStatus == ExceptionStatus.Approved
                : result.Refuses(RefusalCode.PartnerExceptionDecisionNotAllowed);
        }

        /// <summary>Keyed by record: the engagements of one CreateMultiple/UpdateMultiple share the batch's variables.</summary>
        private static string MarginKeyOf(IPluginExecutionContext context, Entity target) => MarginKey + ":" + PipelineContext.RecordId(context, target).ToString("D");

        private static void WriteMargin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = (Entity)context.InputParameters["Target"];
            if (!(PipelineContext.Shared<string>(context, MarginKeyOf(context, target)) is string text)) return;
            var margin = text.Length == 0 ? (decimal?)null : decimal.Parse(text, CultureInfo.InvariantCulture);
            PipelineContext.MarkSystemChange(context);
            local.SystemService.Update(new Entity(OpportunityPartner.EntityName, PipelineContext.RecordId(context, target)) { [OpportunityPartner.MarginPercent] = margin });
        }
    }
}
