using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Rules
{
    /// <summary>A partner engaged on a deal (mci_opportunitypartner) with its partner's minimum margin.</summary>
    public sealed record PartnerEngagement
    {
        /// <summary>mci_opportunitypartnerid.</summary>
        public Guid Id { get; init; }
        /// <summary>mci_partnerid: an approval covers one partner, not whichever partner the engagement is switched to.</summary>
        public Guid? PartnerId { get; init; }
        /// <summary>The partner's name (mci_partnerid), for messages.</summary>
        public string? PartnerName { get; init; }
        /// <summary>mci_opportunityid: an approval covers one deal, not whichever deal the engagement is moved to.</summary>
        public Guid? OpportunityId { get; init; }
        /// <summary>The opportunity's name (mci_opportunityid), for messages.</summary>
        public string? OpportunityName { get; init; }
        /// <summary>mci_ourprice: our price to the partner.</summary>
        public decimal? OurPrice { get; init; }
        /// <summary>mci_partnerprice: the partner's price to the customer.</summary>
        public decimal? PartnerPrice { get; init; }
        /// <summary>mci_partnercost (secured).</summary>
        public decimal? PartnerCost { get; init; }
        /// <summary>mci_floorprice (secured): our price must not go below it.</summary>
        public decimal? FloorPrice { get; init; }
        /// <summary>The partner's mci_minmarginpercent; empty means the environment default.</summary>
        public decimal? PartnerMinimumMarginPercent { get; init; }
        /// <summary>mci_exceptionstatus; empty counts as None.</summary>
        public ExceptionStatus? ExceptionStatus { get; init; }
        /// <summary>mci_exceptionreason.</summary>
        public string? ExceptionReason { get; init; }
        /// <summary>mci_exceptionapproverid.</summary>
        public Guid? ExceptionApproverId { get; init; }
    }

    /// <summary>Where an engagement stands against its minimum margin and our floor.</summary>
    public sealed record PartnerAssessment
    {
        /// <summary>(partner price − our price − partner cost) / partner price × 100, two places; empty until
        /// partner price (above 0), our price and partner cost are all known.</summary>
        public decimal? MarginPercent { get; init; }
        /// <summary>The minimum that applies: the partner's own, else the environment default, else 10.</summary>
        public decimal MinimumMarginPercent { get; init; }
        /// <summary>Margin known and below the minimum.</summary>
        public bool BelowMinimum { get; init; }
        /// <summary>Our price and floor known and our price below the floor.</summary>
        public bool BelowFloor { get; init; }
        /// <summary>Below the minimum margin or below the floor: needs an exception.</summary>
        public bool OutOfBounds => BelowMinimum || BelowFloor;
    }

    /// <summary>A create or update of a partner engagement.</summary>
    public sealed record PartnerEngagementChange
    {
        /// <summary>The pre-image; null on create.</summary>
        public PartnerEngagement? Before { get; init; }
        /// <summary>The Target laid over the pre-image.</summary>
        public PartnerEngagement After { get; init; } = new PartnerEngagement();
        /// <summary>Environment variable mci_DefaultMinimumPartnerMargin; empty means 10.</summary>
        public decimal? DefaultMinimumMarginPercent { get; init; }
        /// <summary>The user making the change.</summary>
        public Guid ActorId { get; init; }
        /// <summary>True when that user has the MCI Sales Executive or System Administrator role.</summary>
        public bool ActorMayApprove { get; init; }
        /// <summary>The state of the deal the engagement is on after the change (null when it has none): a won or lost deal's
        /// engagements are read-only.</summary>
        public OpportunityState? DealState { get; init; }
        /// <summary>The state of the deal the engagement was on before (the pre-image's), when the change moves it.</summary>
        public OpportunityState? PreviousDealState { get; init; }
    }

    /// <summary>What to write onto the Target after a valid engagement change.</summary>
    public sealed record PartnerEngagementOutcome
    {
        /// <summary>mci_marginpercent (write it always; empty clears it).</summary>
        public decimal? MarginPercent { get; init; }
        /// <summary>The engagement's mci_exceptionstatus after the rules.</summary>
        public ExceptionStatus ExceptionStatus { get; init; }
        /// <summary>True when <see cref="ExceptionStatus"/> differs from what the user saved: write it.</summary>
        public bool ExceptionStatusChanged { get; init; }
        /// <summary>The engagement's mci_exceptionapproverid after the rules.</summary>
        public Guid? ExceptionApproverId { get; init; }
        /// <summary>True when <see cref="ExceptionApproverId"/> differs from what the record holds: write it.</summary>
        public bool ExceptionApproverChanged { get; init; }
        /// <summary>Margin, minimum and bounds as assessed.</summary>
        public PartnerAssessment Assessment { get; init; } = new PartnerAssessment();
    }

    /// <summary>
    /// Partner margin and our floor. An engagement below the minimum margin or with our price below the floor is
    /// refused unless its exception is Requested with a reason, or Approved. Only approvers set Approved or Rejected
    /// and they are stamped as the approver. An approval covers the figures, the partner and the deal it was given for: when
    /// someone who may not approve changes a figure, the partner or the deal of an Approved engagement that is still out of
    /// bounds, it goes back to Requested.
    /// Back within bounds, a pending Requested goes back to None; Approved and Rejected stay as history. The save that
    /// rejects an exception goes through; later saves of a rejected, out-of-bounds engagement are refused.
    /// The engagements of a won or lost deal are read-only: none is added, changed, moved or deleted until the deal is reopened.
    /// </summary>
    public static class PartnerRules
    {
        /// <summary>The minimum margin when neither the partner nor the environment variable gives one.</summary>
        public const decimal BuiltInMinimumMarginPercent = 10m;

        /// <summary>(partner price − our price − partner cost) / partner price × 100, rounded to two places half away
        /// from zero; empty when any figure is empty or the partner price is not above 0.</summary>
        public static decimal? MarginPercent(decimal? partnerPrice, decimal? ourPrice, decimal? partnerCost)
            => partnerPrice is decimal price && price > 0m && ourPrice is decimal ours && partnerCost is decimal cost
                ? Decimals.Round2((price - ours - cost) / price * 100m)
                : (decimal?)null;

        /// <summary>Margin and bounds of one engagement (also used by the win gate). The rounded margin is compared,
        /// the figure the user sees: 9.995% shows and counts as 10.00%.</summary>
        public static PartnerAssessment Assess(PartnerEngagement engagement, decimal? defaultMinimumMarginPercent)
        {
            var margin = MarginPercent(engagement.PartnerPrice, engagement.OurPrice, engagement.PartnerCost);
            var minimum = engagement.PartnerMinimumMarginPercent ?? defaultMinimumMarginPercent ?? BuiltInMinimumMarginPercent;
            return new PartnerAssessment
            {
                MarginPercent = margin,
                MinimumMarginPercent = minimum,
                BelowMinimum = margin < minimum,
                BelowFloor = engagement.OurPrice < engagement.FloorPrice,
            };
        }

        /// <summary>Plug-in on create and update of mci_opportunitypartner (pre-operation).</summary>
        public static RuleResult<PartnerEngagementOutcome> OnSave(PartnerEngagementChange change)
        {
            var after = change.After;
            // A won or lost deal keeps the partners it closed with (neither joined nor left).
            if (change.Before != null && change.Before.OpportunityId != after.OpportunityId && OpportunityStates.IsClosed(change.PreviousDealState))
                return RuleResult<PartnerEngagementOutcome>.Refuse(RefusalCode.PartnerOpportunityClosed, change.Before.PartnerName, change.Before.OpportunityName, change.PreviousDealState);
            if (OpportunityStates.IsClosed(change.DealState))
                return RuleResult<PartnerEngagementOutcome>.Refuse(RefusalCode.PartnerOpportunityClosed, after.PartnerName, after.OpportunityName, change.DealState);
            foreach (var figure in Figures(after))
            {
                if (figure.Value < 0m)
                    return RuleResult<PartnerEngagementOutcome>.Refuse(RefusalCode.PartnerFigureNegative, after.PartnerName, after.OpportunityName, figure.Key, figure.Value);
            }
            if (after.PartnerPrice == 0m)
                return RuleResult<PartnerEngagementOutcome>.Refuse(RefusalCode.PartnerPriceZero, after.PartnerName, after.OpportunityName);

            var saved = after.ExceptionStatus ?? ExceptionStatus.None;
            var previous = change.Before?.ExceptionStatus ?? ExceptionStatus.None;
            var decidedNow = saved != previous && (saved == ExceptionStatus.Approved || saved == ExceptionStatus.Rejected);
            if (decidedNow && !change.ActorMayApprove)
                return RuleResult<PartnerEngagementOutcome>.Refuse(RefusalCode.PartnerExceptionDecisionNotAllowed, after.PartnerName, after.OpportunityName, saved);

            var assessment = Assess(after, change.DefaultMinimumMarginPercent);
            var status = saved;
            if (status == ExceptionStatus.Approved && !decidedNow && !change.ActorMayApprove && assessment.OutOfBounds
                && change.Before != null && FiguresChanged(change.Before, after))
                status = ExceptionStatus.Requested;

            if (assessment.OutOfBounds)
            {
                var problems = Problems(assessment, after);
                if (status == ExceptionStatus.Requested && string.IsNullOrWhiteSpace(after.ExceptionReason))
                    return RuleResult<PartnerEngagementOutcome>.Refuse(RefusalCode.PartnerExceptionReasonMissing, after.PartnerName, after.OpportunityName, problems);
                // The rejection itself is saved (it is the approver's decision); any later save must fix the figures or ask again.
                if (status == ExceptionStatus.None || (status == ExceptionStatus.Rejected && !decidedNow))
                    return RuleResult<PartnerEngagementOutcome>.Refuse(RefusalCode.PartnerOutOfBounds, after.PartnerName, after.OpportunityName, problems, status);
            }
            else if (status == ExceptionStatus.Requested)
            {
                status = ExceptionStatus.None;
            }

            Guid? approver = null;
            if (status == ExceptionStatus.Approved || status == ExceptionStatus.Rejected)
                approver = decidedNow ? change.ActorId : after.ExceptionApproverId;
            return RuleResult<PartnerEngagementOutcome>.Success(new PartnerEngagementOutcome
            {
                MarginPercent = assessment.MarginPercent,
                ExceptionStatus = status,
                ExceptionStatusChanged = status != saved,
                ExceptionApproverId = approver,
                ExceptionApproverChanged = approver != after.ExceptionApproverId,
                Assessment = assessment,
            });
        }

        /// <summary>Plug-in on delete of mci_opportunitypartner (and the first check of every save): the engagements of a won or
        /// lost deal are read-only; reopen the deal to change its partners.</summary>
        public static RuleResult CheckDealOpen(string? partnerName, string? opportunityName, OpportunityState? state)
            => OpportunityStates.IsClosed(state) ? RuleResult.Refuse(RefusalCode.PartnerOpportunityClosed, partnerName, opportunityName, state) : RuleResult.Ok;

        /// <summary>Plug-in on create and update of mci_partner: the minimum margin lies in 0–100 with at most two decimals (or is empty).</summary>
        public static RuleResult CheckPartner(string? partnerName, decimal? minimumMarginPercent)
            => minimumMarginPercent is decimal minimum && (minimum < 0m || minimum > 100m || !Decimals.HasAtMostTwoPlaces(minimum))
                ? RuleResult.Refuse(RefusalCode.PartnerMinimumMarginInvalid, partnerName, minimum)
                : RuleResult.Ok;

        /// <summary>"margin 4.00% is below the minimum 10.00% and our price 90.00 is below the floor 100.00".</summary>
        internal static TextList Problems(PartnerAssessment assessment, PartnerEngagement engagement)
        {
            var problems = new List<object?>();
            if (assessment.BelowMinimum) problems.Add(new Phrase(Messages.MarginBelowMinimum, assessment.MarginPercent, assessment.MinimumMarginPercent));
            if (assessment.BelowFloor) problems.Add(new Phrase(Messages.OurPriceBelowFloor, engagement.OurPrice, engagement.FloorPrice));
            return new TextList(Messages.ProblemSeparator, problems);
        }

        private static IEnumerable<KeyValuePair<PartnerFigure, decimal?>> Figures(PartnerEngagement e)
        {
            yield return new KeyValuePair<PartnerFigure, decimal?>(PartnerFigure.OurPrice, e.OurPrice);
            yield return new KeyValuePair<PartnerFigure, decimal?>(PartnerFigure.PartnerPrice, e.PartnerPrice);
            yield return new KeyValuePair<PartnerFigure, decimal?>(PartnerFigure.PartnerCost, e.PartnerCost);
            yield return new KeyValuePair<PartnerFigure, decimal?>(PartnerFigure.FloorPrice, e.FloorPrice);
        }

        private static bool FiguresChanged(PartnerEngagement before, PartnerEngagement after)
            => Figures(before).Zip(Figures(after), (b, a) => b.Value != a.Value).Any(changed => changed)
               || before.PartnerMinimumMarginPercent != after.PartnerMinimumMarginPercent
               || before.PartnerId != after.PartnerId
               || before.OpportunityId != after.OpportunityId;
    }
}
