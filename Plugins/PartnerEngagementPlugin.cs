using System;
using System.Linq;
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
    /// PreOperation Create/Update: the engagements of a won or lost deal are read-only (the Update step filters on every
    /// column a user may change but the owner); then margin and bounds by the partner rules, with the partner's minimum margin and the deal's
    /// state read together (an update that keeps partner and deal: one query of the engagement joined to both; a create or
    /// a move: one Retrieve of the partner and one query of the deals) and, only when the partner has no minimum, the
    /// environment default (one query); the exception status and approver the rules derive go on the Target.
    /// The approver role is checked (one query) only when it matters: a user deciding an exception, or changing the
    /// figures of an approved one. Margin and approver are MCI's: values a user sends for them are dropped.
    /// PreOperation Delete: not from a won or lost deal (one Retrieve of the deal), except in the cascade of its Delete.
    /// PostOperation Create/Update: the margin, a secured column, is written as SYSTEM when it changed; set on the
    /// Target it would be refused for a seller without the "MCI Partner Commercials" profile, who may still change
    /// our price.
    /// </summary>
    public sealed class PartnerEngagementPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";

        /// <summary>The margin to write once the engagement is saved (an Update of it, without its id yet).</summary>
        private static readonly HandOver<Entity> Margin = new HandOver<Entity>("mci_EngagementMargin");

        /// <summary>The columns the margin rules read (and the PostOperation step filters on).</summary>
        private static readonly string[] Watched =
        {
            OpportunityPartner.OpportunityId, OpportunityPartner.PartnerId, OpportunityPartner.OurPrice, OpportunityPartner.PartnerPrice, OpportunityPartner.PartnerCost,
            OpportunityPartner.FloorPrice, OpportunityPartner.MarginPercent, OpportunityPartner.ExceptionStatus, OpportunityPartner.ExceptionReason, OpportunityPartner.ExceptionApproverId,
        };

        /// <summary>Every column a user may change (the owner aside: handing a record to a colleague changes nothing of the
        /// deal): the Update step runs on each, because a won or lost deal's engagements are read-only.</summary>
        private static readonly string[] Everything = Watched.Concat(new[]
        {
            OpportunityPartner.Name, OpportunityPartner.Role, OpportunityPartner.SolutionAgreedOn, OpportunityPartner.SolutionMinutes,
            OpportunityPartner.StateCode, OpportunityPartner.StatusCode, OpportunityPartner.TransactionCurrencyId,
        }).ToArray();

        private const string DealAlias = "deal", PartnerAlias = "partner";

        public PartnerEngagementPlugin() : base() { }

        public PartnerEngagementPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            steps.On(MessageNames.Create, OpportunityPartner.EntityName, Stage.PreOperation)
                .Describe("Not on a won or lost deal; margin, floor, exception status and approver of a new engagement.")
                .Handle(OnSave);
            steps.On(MessageNames.Update, OpportunityPartner.EntityName, Stage.PreOperation)
                .Filter(Everything).PreImage(PreImage, Watched)
                .Describe("Every change: read-only on a won or lost deal. Margin, floor, exception status and approver; a hand-typed margin or approver is dropped.")
                .Handle(OnSave);
            steps.On(MessageNames.Delete, OpportunityPartner.EntityName, Stage.PreOperation)
                .PreImage(PreImage, OpportunityPartner.OpportunityId, OpportunityPartner.PartnerId)
                .Describe("A won or lost deal keeps its engagements (not in the cascade of the deal's delete).")
                .Handle(OnDelete);
            steps.On(MessageNames.Create, OpportunityPartner.EntityName, Stage.PostOperation)
                .Describe("The margin is a secured column: written as SYSTEM, so a seller without the profile can still record our price.")
                .Handle(WriteMargin);
            steps.On(MessageNames.Update, OpportunityPartner.EntityName, Stage.PostOperation)
                .Filter(Watched)
                .Describe("The margin, when it changed, written as SYSTEM.")
                .Handle(WriteMargin);
        }

        /// <summary>What the rules need beside the engagement: its partner's name and minimum, and the state of its deal(s).</summary>
        private sealed class Around
        {
            public Row Partner;
            public string? DealName;
            public OpportunityState? DealState;
            public string? PreviousDealName;
            public OpportunityState? PreviousDealState;
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
            var id = PipelineContext.RecordId(context, target);

            var partnerId = after.GetAttributeValue<EntityReference>(OpportunityPartner.PartnerId)?.Id;
            var samePartner = pre != null && pre.GetAttributeValue<EntityReference>(OpportunityPartner.PartnerId)?.Id == partnerId;
            var around = Read(local, id, pre, after);
            var engagement = Map.Engagement(new Row(after), around.Partner, around.DealName);

            // A change of other columns (role, solution minutes...) meets only the closed-deal rule.
            if (pre != null && !Watched.Any(target.Contains))
            {
                var open = PartnerRules.CheckDealOpen(engagement.PartnerName, engagement.OpportunityName, around.DealState);
                if (!open.IsOk) throw Refusals.Exception(open, local.SystemService, context.InitiatingUserId);
                return;
            }

            var change = new PartnerEngagementChange
            {
                Before = pre == null ? null : Map.Engagement(new Row(pre), samePartner ? around.Partner : new Row(new Entity(Partner.EntityName)), around.PreviousDealName),
                After = engagement,
                // The default applies to a partner without a minimum of its own (also the "before" side of a partner change).
                DefaultMinimumMarginPercent = around.Partner.Decimal(Partner.MinMarginPercent) == null || (pre != null && !samePartner) ? DefaultMargin(local) : null,
                ActorId = context.InitiatingUserId,
                ActorMayApprove = false,
                DealState = around.DealState,
                PreviousDealState = around.PreviousDealState,
            };

            // Asked first as someone who may not approve; only when that answer depends on the role is the role read.
            var result = PartnerRules.OnSave(change);
            if (DependsOnRole(result, change) && Lookups.Actor(local.SystemService, context.InitiatingUserId, Lookups.ApproverRoles).HoldsRole)
            {
                change = change with { ActorMayApprove = true };
                result = PartnerRules.OnSave(change);
            }
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);

            var outcome = result.Value;
            if (outcome.ExceptionStatusChanged) target[OpportunityPartner.ExceptionStatus] = Choices.Option(outcome.ExceptionStatus);
            // The approver sent was dropped above, so the rules compared with the stored approver.
            if (outcome.ExceptionApproverChanged)
                target[OpportunityPartner.ExceptionApproverId] = outcome.ExceptionApproverId is Guid approver ? new EntityReference(SystemUser.EntityName, approver) : null;
            var storedMargin = pre == null ? null : new Row(pre).Decimal(OpportunityPartner.MarginPercent);
            if (outcome.MarginPercent != storedMargin)
                Margin.Put(context, id, new Entity(OpportunityPartner.EntityName) { [OpportunityPartner.MarginPercent] = outcome.MarginPercent });
        }

        /// <summary>
        /// The partner and the deal(s) of the engagement, as SYSTEM. An update that keeps both: ONE query, the engagement
        /// joined to its deal and its partner. A create, a move or a partner change: the partner (one Retrieve, when named)
        /// and the deals (one query, both the one left and the one joined).
        /// </summary>
        private static Around Read(ILocalPluginContext local, Guid id, Entity? pre, Entity after)
        {
            var service = local.SystemService;
            var partnerId = after.GetAttributeValue<EntityReference>(OpportunityPartner.PartnerId)?.Id;
            var dealId = after.GetAttributeValue<EntityReference>(OpportunityPartner.OpportunityId)?.Id;
            var previousDealId = pre?.GetAttributeValue<EntityReference>(OpportunityPartner.OpportunityId)?.Id;
            if (pre != null && pre.GetAttributeValue<EntityReference>(OpportunityPartner.PartnerId)?.Id == partnerId && previousDealId == dealId)
            {
                var query = new QueryExpression(OpportunityPartner.EntityName) { ColumnSet = new ColumnSet(OpportunityPartner.Id) };
                query.Criteria.AddCondition(OpportunityPartner.Id, ConditionOperator.Equal, id);
                var deal = query.AddLink(Opportunity.EntityName, OpportunityPartner.OpportunityId, Opportunity.Id, JoinOperator.LeftOuter);
                deal.EntityAlias = DealAlias;
                deal.Columns = new ColumnSet(Opportunity.Name, Opportunity.StateCode);
                var partner = query.AddLink(Partner.EntityName, OpportunityPartner.PartnerId, Partner.Id, JoinOperator.LeftOuter);
                partner.EntityAlias = PartnerAlias;
                partner.Columns = new ColumnSet(Partner.Name, Partner.MinMarginPercent);
                var row = Paging.RetrieveAll(service, query).FirstOrDefault() ?? new Entity(OpportunityPartner.EntityName);
                var dealRow = new Row(row, DealAlias);
                return new Around
                {
                    Partner = new Row(row, PartnerAlias),
                    DealName = dealRow.Text(Opportunity.Name), DealState = Choices.OpportunityState(dealRow.Option(Opportunity.StateCode)),
                    PreviousDealName = dealRow.Text(Opportunity.Name), PreviousDealState = Choices.OpportunityState(dealRow.Option(Opportunity.StateCode)),
                };
            }

            var around = new Around
            {
                Partner = new Row(partnerId == null ? new Entity(Partner.EntityName) : service.Retrieve(Partner.EntityName, partnerId.Value, new ColumnSet(Partner.Name, Partner.MinMarginPercent))),
            };
            var deals = OpportunityData.LoadMany(service, new[] { dealId, previousDealId }.Where(d => d != null).Select(d => d!.Value), new[] { Opportunity.Name, Opportunity.StateCode });
            if (dealId is Guid to && deals.TryGetValue(to, out var joined))
            {
                around.DealName = joined.Name;
                around.DealState = Choices.OpportunityState(joined.Row.Option(Opportunity.StateCode));
            }
            if (previousDealId is Guid from && deals.TryGetValue(from, out var left))
            {
                around.PreviousDealName = left.Name;
                around.PreviousDealState = Choices.OpportunityState(left.Row.Option(Opportunity.StateCode));
            }
            return around;
        }

        private static void OnDelete(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsInside(context, MessageNames.Delete, Opportunity.EntityName)) return; // the deal goes, with its engagements
            var pre = PipelineContext.Image(context, PreImage, pre: true);
            var deal = pre?.GetAttributeValue<EntityReference>(OpportunityPartner.OpportunityId);
            if (pre == null || deal == null) return;
            var opportunity = new Row(local.SystemService.Retrieve(Opportunity.EntityName, deal.Id, new ColumnSet(Opportunity.Name, Opportunity.StateCode)));
            var result = PartnerRules.CheckDealOpen(pre.GetAttributeValue<EntityReference>(OpportunityPartner.PartnerId)?.Name, opportunity.Text(Opportunity.Name),
                Choices.OpportunityState(opportunity.Option(Opportunity.StateCode)));
            if (!result.IsOk)
            {
                Refusals.FillNames(local.SystemService, pre, OpportunityPartner.PartnerId);
                throw Refusals.Exception(PartnerRules.CheckDealOpen(pre.GetAttributeValue<EntityReference>(OpportunityPartner.PartnerId)?.Name, opportunity.Text(Opportunity.Name),
                    Choices.OpportunityState(opportunity.Option(Opportunity.StateCode))), local.SystemService, context.InitiatingUserId);
            }
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
