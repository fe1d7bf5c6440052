using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Rules
{
    /// <summary>An opportunity about to be won (Win message).</summary>
    public sealed record WinCheck
    {
        /// <summary>The opportunity's name.</summary>
        public string? OpportunityName { get; init; }
        /// <summary>mci_allocationstatus; empty counts as Not Required.</summary>
        public AllocationStatus? Allocation { get; init; }
        /// <summary>All split lines of the opportunity.</summary>
        public IReadOnlyList<SplitLine> Lines { get; init; } = Array.Empty<SplitLine>();
        /// <summary>All partner engagements of the opportunity, each with its partner's minimum margin.</summary>
        public IReadOnlyList<PartnerEngagement> Partners { get; init; } = Array.Empty<PartnerEngagement>();
        /// <summary>Environment variable mci_DefaultMinimumPartnerMargin; empty means 10.</summary>
        public decimal? DefaultMinimumMarginPercent { get; init; }
    }

    /// <summary>
    /// The win gate. Refused when Revenue lines name two or more teams and the allocation is not Confirmed, and when
    /// any partner engagement is below its minimum margin or floor without an Approved exception (a Requested exception
    /// lets the engagement be saved, not the deal be won). Both refusals are reported together.
    /// An engagement whose margin cannot be computed yet (a figure empty) is not "below" and does not block.
    /// </summary>
    public static class WinRules
    {
        /// <summary>Plug-in on the Win message of opportunity (pre-validation or pre-operation).</summary>
        public static RuleResult CanWin(WinCheck check)
        {
            var refusals = new List<Refusal>();
            var revenueLines = check.Lines.Where(l => l.EffectiveType == SplitType.Revenue).ToArray();
            var teams = SplitRules.RevenueTeams(revenueLines);
            var allocation = check.Allocation ?? AllocationStatus.NotRequired;
            if (teams.Count >= 2 && allocation != AllocationStatus.Confirmed)
            {
                var names = teams.Select(team => revenueLines.First(l => l.TeamId == team).TeamName)
                                 .OrderBy(name => Texts.Clean(name), StringComparer.Ordinal);
                refusals.Add(new Refusal(RefusalCode.WinAllocationNotConfirmed, check.OpportunityName, teams.Count,
                    new TextList(Messages.NameSeparator, names), allocation));
            }

            var blocking = check.Partners
                .Select(p => new { Partner = p, Assessment = PartnerRules.Assess(p, check.DefaultMinimumMarginPercent) })
                .Where(x => x.Assessment.OutOfBounds && x.Partner.ExceptionStatus != ExceptionStatus.Approved)
                .OrderBy(x => Texts.Clean(x.Partner.PartnerName), StringComparer.Ordinal).ThenBy(x => x.Partner.Id)
                .Select(x => (object?)new Phrase(Messages.EngagementProblems, x.Partner.PartnerName, PartnerRules.Problems(x.Assessment, x.Partner)))
                .ToArray();
            if (blocking.Length > 0)
                refusals.Add(new Refusal(RefusalCode.WinPartnerExceptionsMissing, check.OpportunityName, new TextList(Messages.ClauseSeparator, blocking)));

            return refusals.Count == 0 ? RuleResult.Ok : new RuleResult(refusals);
        }
    }
}
