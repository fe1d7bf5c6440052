using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Mci.Rules
{
    /// <summary>Another allocation minutes record of the same opportunity.</summary>
    public sealed record MinutesInfo
    {
        /// <summary>mci_allocationminutesid.</summary>
        public Guid Id { get; init; }
        /// <summary>mci_name, for messages.</summary>
        public string? Name { get; init; }
        /// <summary>mci_status; empty counts as Draft.</summary>
        public MinutesStatus? Status { get; init; }
        /// <summary>mci_version (set when confirmed).</summary>
        public int? Version { get; init; }
    }

    /// <summary>A create or a status change of allocation minutes.</summary>
    public sealed record MinutesChange
    {
        /// <summary>The opportunity's name.</summary>
        public string? OpportunityName { get; init; }
        /// <summary>The opportunity's estimated value, for the amounts in the snapshot.</summary>
        public decimal? EstimatedValue { get; init; }
        /// <summary>The minutes being changed.</summary>
        public Guid MinutesId { get; init; }
        /// <summary>Its mci_name.</summary>
        public string? MinutesName { get; init; }
        /// <summary>Status before (pre-image); null on create.</summary>
        public MinutesStatus? Before { get; init; }
        /// <summary>Status after (Target over pre-image); empty counts as Draft.</summary>
        public MinutesStatus? After { get; init; }
        /// <summary>mci_reopenreason after the change.</summary>
        public string? ReopenReason { get; init; }
        /// <summary>The opportunity's other minutes as stored, for the version (this one may be included; it is recognised by Id and left out).</summary>
        public IReadOnlyList<MinutesInfo> OtherMinutes { get; init; } = Array.Empty<MinutesInfo>();
        /// <summary>All split lines of the opportunity.</summary>
        public IReadOnlyList<SplitLine> Lines { get; init; } = Array.Empty<SplitLine>();
        /// <summary>The user making the change (becomes mci_confirmedbyid).</summary>
        public Guid ActorId { get; init; }
        /// <summary>That user's full name, for the snapshot.</summary>
        public string? ActorName { get; init; }
        /// <summary>The time of the change in UTC (becomes mci_confirmedon). Never read from the clock inside the rules.</summary>
        public DateTime Now { get; init; }
        /// <summary>True when that user has the MCI Sales Executive or System Administrator role: only they confirm minutes,
        /// and only they reopen them (reopening unbinds a split leadership confirmed).</summary>
        public bool ActorMayConfirm { get; init; }
        /// <summary>True when the change points the minutes at another opportunity (or at none).</summary>
        public bool OpportunityChanged { get; init; }
        /// <summary>The state of the opportunity the minutes belong to after the change (null without one): a won or lost
        /// deal's minutes are read-only.</summary>
        public OpportunityState? DealState { get; init; }
        /// <summary>When <see cref="OpportunityChanged"/>: the name of the opportunity the minutes leave.</summary>
        public string? PreviousOpportunityName { get; init; }
        /// <summary>When <see cref="OpportunityChanged"/>: the state of the opportunity the minutes leave (a won or lost deal keeps its minutes).</summary>
        public OpportunityState? PreviousDealState { get; init; }
    }

    /// <summary>What a status change of minutes does.</summary>
    public enum MinutesAction
    {
        /// <summary>Nothing to derive (e.g. saving a draft).</summary>
        None,
        /// <summary>Draft (or new) to Confirmed: stamp the minutes, lock the lines, allocation Confirmed.</summary>
        Confirm,
        /// <summary>Confirmed to Superseded: unlock the lines, allocation Reopened.</summary>
        Reopen,
    }

    /// <summary>What to write after a valid minutes status change.</summary>
    public sealed record MinutesOutcome
    {
        /// <summary>Which transition it was.</summary>
        public MinutesAction Action { get; init; }
        /// <summary>Confirm: mci_version = highest version among the opportunity's minutes + 1.</summary>
        public int? Version { get; init; }
        /// <summary>Confirm: mci_confirmedbyid.</summary>
        public Guid? ConfirmedById { get; init; }
        /// <summary>Confirm: mci_confirmedon (UTC).</summary>
        public DateTime? ConfirmedOn { get; init; }
        /// <summary>Confirm: mci_snapshot, the lines as confirmed, readable in English and Chinese.</summary>
        public string? Snapshot { get; init; }
    }

    /// <summary>An opportunity's minutes and lines as saved, after minutes of it were confirmed or reopened.</summary>
    public sealed record MinutesSaved
    {
        /// <summary>The opportunity's name.</summary>
        public string? OpportunityName { get; init; }
        /// <summary>mci_allocationstatus as saved.</summary>
        public AllocationStatus? Allocation { get; init; }
        /// <summary>The minutes whose change is settled.</summary>
        public Guid MinutesId { get; init; }
        /// <summary>Every minutes of the opportunity as saved (the settled one among them).</summary>
        public IReadOnlyList<MinutesInfo> Minutes { get; init; } = Array.Empty<MinutesInfo>();
        /// <summary>Every split line of the opportunity as saved.</summary>
        public IReadOnlyList<SplitLine> Lines { get; init; } = Array.Empty<SplitLine>();
        /// <summary>The presales team routing credits (mci_presalesteamid when mci_dualcredit is yes), else null: its Overlay
        /// line is routing's, which follows routing and is not locked by the minutes.</summary>
        public Guid? DualCreditTeamId { get; init; }
    }

    /// <summary>What the saved minutes of an opportunity make its lines and allocation.</summary>
    public sealed record MinutesSettlement
    {
        /// <summary>The opportunity's one Confirmed minutes, or null.</summary>
        public Guid? ConfirmedMinutesId { get; init; }
        /// <summary>Lines to update with mci_locked = true and mci_minutesid = the confirmed minutes (every line not so already,
        /// but routing's Overlay line).</summary>
        public IReadOnlyList<Guid> LinesToLock { get; init; } = Array.Empty<Guid>();
        /// <summary>Lines to update with mci_locked = false after a reopening (mci_minutesid keeps naming the minutes that last confirmed them).</summary>
        public IReadOnlyList<Guid> LinesToUnlock { get; init; } = Array.Empty<Guid>();
        /// <summary>The opportunity's new mci_allocationstatus, or null when unchanged.</summary>
        public AllocationStatus? NewAllocation { get; init; }
    }

    /// <summary>
    /// Allocation minutes. Allowed: Draft → Draft, (new or Draft) → Confirmed (by a sales executive or system administrator; Revenue lines exactly 100.00, no other
    /// Confirmed minutes), Confirmed → Superseded (by a sales executive or system administrator, with a reopen reason). Refused: Confirmed → Draft,
    /// Draft → Superseded (also creating as Superseded), Superseded → anything else; deleting Confirmed or Superseded minutes;
    /// moving Confirmed or Superseded minutes to another opportunity; blanking the reopen reason of Superseded minutes; and
    /// anything at all on a won or lost deal (<see cref="CheckDealOpen"/>): its minutes are the record of the split it
    /// closed with, so confirming or reopening them there would change the allocation of a closed deal.
    /// Two moments: <see cref="OnStatusChange"/> before the save judges the change itself and stamps it; <see cref="Settle"/>
    /// after the save judges what spans the opportunity's minutes — one Confirmed minutes at most — on the minutes as saved
    /// (a batch that reopens one and confirms another is judged on what it leaves), and locks or unlocks the lines.
    /// </summary>
    public static class MinutesRules
    {
        /// <summary>Plug-in on create of mci_allocationminutes and on update of its mci_status (pre-operation).</summary>
        public static RuleResult<MinutesOutcome> OnStatusChange(MinutesChange change)
        {
            var from = change.Before;
            var to = change.After ?? MinutesStatus.Draft;
            // A won or lost deal keeps the minutes it closed with: none join it, none leave it, none change on it.
            if (change.OpportunityChanged && CheckDealOpen(change.MinutesName, change.PreviousOpportunityName, change.PreviousDealState) is { IsOk: false } left)
                return RuleResult<MinutesOutcome>.Refuse(left.Refusals);
            // Confirmed and superseded minutes are the record of one deal's split: they stay with it.
            if (change.OpportunityChanged && (from ?? MinutesStatus.Draft) != MinutesStatus.Draft)
                return RuleResult<MinutesOutcome>.Refuse(RefusalCode.MinutesOpportunityFixed, change.MinutesName, change.OpportunityName, from);
            if (CheckDealOpen(change.MinutesName, change.OpportunityName, change.DealState) is { IsOk: false } closed)
                return RuleResult<MinutesOutcome>.Refuse(closed.Refusals);
            if (from == to)
            {
                // The reason a split was reopened is part of the record: it cannot be blanked afterwards.
                if (to == MinutesStatus.Superseded && string.IsNullOrWhiteSpace(change.ReopenReason))
                    return Refuse(RefusalCode.MinutesReopenReasonMissing, change);
                return RuleResult<MinutesOutcome>.Success(new MinutesOutcome { Action = MinutesAction.None });
            }

            switch (to)
            {
                case MinutesStatus.Draft when from == MinutesStatus.Confirmed:
                    return Refuse(RefusalCode.MinutesReopenBySuperseding, change);
                case MinutesStatus.Draft when from == MinutesStatus.Superseded:
                case MinutesStatus.Confirmed when from == MinutesStatus.Superseded:
                    return RuleResult<MinutesOutcome>.Refuse(RefusalCode.MinutesSupersededIsFinal, change.MinutesName, change.OpportunityName, to);
                case MinutesStatus.Superseded when from != MinutesStatus.Confirmed:
                    return Refuse(RefusalCode.MinutesOnlyConfirmedCanBeSuperseded, change);
                case MinutesStatus.Superseded:
                    return Reopen(change);
                case MinutesStatus.Confirmed:
                    return Confirm(change);
                default:
                    return RuleResult<MinutesOutcome>.Success(new MinutesOutcome { Action = MinutesAction.None });
            }
        }

        /// <summary>Plug-in on delete of mci_allocationminutes: not from a won or lost deal; only drafts may go; confirmed and
        /// superseded minutes are the record.</summary>
        public static RuleResult OnDelete(string? minutesName, string? opportunityName, MinutesStatus? status, OpportunityState? dealState)
        {
            var open = CheckDealOpen(minutesName, opportunityName, dealState);
            if (!open.IsOk) return open;
            return (status ?? MinutesStatus.Draft) == MinutesStatus.Draft
                ? RuleResult.Ok
                : RuleResult.Refuse(RefusalCode.MinutesDeleteNotAllowed, minutesName, opportunityName, status);
        }

        /// <summary>
        /// Plug-in on a change of minutes that is no status change (their text, date, attendees, state; <see cref="OnStatusChange"/>
        /// and <see cref="OnDelete"/> check the same first): the minutes of a won or lost deal are read-only, as the deal itself
        /// is in Dataverse until it is reopened. The whole record, not just its status: the minutes are the record of how the closed deal's split was
        /// agreed, and a decision or attendee list rewritten after the close would no longer be that record. Reopen the
        /// opportunity first.
        /// </summary>
        public static RuleResult CheckDealOpen(string? minutesName, string? opportunityName, OpportunityState? state)
            => OpportunityStates.IsClosed(state) ? RuleResult.Refuse(RefusalCode.MinutesOpportunityClosed, minutesName, opportunityName, state) : RuleResult.Ok;

        /// <summary>
        /// Plug-in after the save of minutes that were confirmed or reopened (post-operation, still inside the transaction):
        /// at most one Confirmed minutes per opportunity, its Revenue lines at exactly 100.00; every line locked to the
        /// Confirmed minutes, else (after a reopening) unlocked; the allocation Confirmed, else Reopened. Derived from what is
        /// saved, so minutes reopened and confirmed in one batch settle the same whatever order their items run in.
        /// </summary>
        public static RuleResult<MinutesSettlement> Settle(MinutesSaved saved)
        {
            var self = saved.Minutes.FirstOrDefault(m => m.Id == saved.MinutesId);
            var confirmed = saved.Minutes.Where(m => m.Status == MinutesStatus.Confirmed).ToList();
            if (confirmed.Count > 1)
            {
                var other = confirmed.Where(m => m.Id != saved.MinutesId).OrderBy(m => m.Version ?? int.MaxValue).ThenBy(m => m.Id).First();
                return RuleResult<MinutesSettlement>.Refuse(RefusalCode.MinutesAnotherConfirmed, self?.Name, saved.OpportunityName, other.Name, Texts.OrEmpty(other.Version));
            }
            var allocation = saved.Allocation ?? AllocationStatus.NotRequired;
            if (confirmed.Count == 1)
            {
                var minutes = confirmed[0];
                var total = SplitRules.RevenueTotal(saved.Lines);
                if (total != 100m)
                    return RuleResult<MinutesSettlement>.Refuse(RefusalCode.MinutesRevenueNotHundred, minutes.Name, saved.OpportunityName, total);
                return RuleResult<MinutesSettlement>.Success(new MinutesSettlement
                {
                    ConfirmedMinutesId = minutes.Id,
                    LinesToLock = saved.Lines.Where(l => !IsRoutingOverlay(saved, l) && (!l.Locked || l.MinutesId != minutes.Id)).Select(l => l.Id).ToArray(),
                    NewAllocation = allocation == AllocationStatus.Confirmed ? (AllocationStatus?)null : AllocationStatus.Confirmed,
                });
            }
            if (self?.Status != MinutesStatus.Superseded) return RuleResult<MinutesSettlement>.Success(new MinutesSettlement());
            return RuleResult<MinutesSettlement>.Success(new MinutesSettlement
            {
                LinesToUnlock = saved.Lines.Where(l => l.Locked).Select(l => l.Id).ToArray(),
                NewAllocation = allocation == AllocationStatus.Reopened ? (AllocationStatus?)null : AllocationStatus.Reopened,
            });
        }

        /// <summary>Routing's Overlay line (the dual credit of the routed presales team): the minutes lock the agreed Revenue
        /// lines and any Overlay line a person added, not this one, which follows routing (SPEC, Clarifications).</summary>
        private static bool IsRoutingOverlay(MinutesSaved saved, SplitLine line)
            => saved.DualCreditTeamId is Guid team && line.EffectiveType == SplitType.Overlay && line.TeamId == team;

        private static RuleResult<MinutesOutcome> Confirm(MinutesChange change)
        {
            if (!change.ActorMayConfirm) return Refuse(RefusalCode.MinutesConfirmNotAllowed, change);
            // Another Confirmed minutes of the deal is judged after the save (Settle): a batch may supersede it first.
            var others = change.OtherMinutes.Where(m => m.Id != change.MinutesId || change.MinutesId == Guid.Empty).ToArray();
            var total = SplitRules.RevenueTotal(change.Lines);
            if (total != 100m)
                return RuleResult<MinutesOutcome>.Refuse(RefusalCode.MinutesRevenueNotHundred, change.MinutesName, change.OpportunityName, total);

            var version = others.Select(m => m.Version ?? 0).DefaultIfEmpty(0).Max() + 1;
            return RuleResult<MinutesOutcome>.Success(new MinutesOutcome
            {
                Action = MinutesAction.Confirm,
                Version = version,
                ConfirmedById = change.ActorId,
                ConfirmedOn = change.Now,
                Snapshot = Snapshot(change, version),
            });
        }

        private static RuleResult<MinutesOutcome> Reopen(MinutesChange change)
        {
            if (!change.ActorMayConfirm) return Refuse(RefusalCode.MinutesReopenNotAllowed, change);
            if (string.IsNullOrWhiteSpace(change.ReopenReason))
                return Refuse(RefusalCode.MinutesReopenReasonMissing, change);
            return RuleResult<MinutesOutcome>.Success(new MinutesOutcome { Action = MinutesAction.Reopen });
        }

        /// <summary>
        /// The lines as confirmed, one per row: Revenue lines first, then Overlay; within a type by team name, seller
        /// name (ordinal) and id, so the same lines always give the same text. Labels are in both languages because the
        /// minutes are one record read by everyone; names and numbers appear once.
        /// </summary>
        private static string Snapshot(MinutesChange change, int version)
        {
            var names = UiLanguage.English; // names and numbers read the same in both languages
            var text = new StringBuilder();
            text.Append(Texts.Both(Messages.SnapshotTitle, version)).Append('\n');
            text.Append(Texts.Both(Messages.SnapshotOpportunity)).Append(": “").Append(Texts.Name(change.OpportunityName, names)).Append("”\n");
            text.Append(Texts.Both(Messages.SnapshotConfirmedBy)).Append(": ").Append(Texts.Name(change.ActorName, names))
                .Append(", ").Append(Texts.Render(new Timestamp(change.Now), names)).Append('\n');
            text.Append(Texts.Both(Messages.SnapshotEstimatedValue)).Append(": ").Append(Value(change.EstimatedValue)).Append('\n');
            text.Append(string.Join(" | ", Messages.SnapshotColumns.Select(Texts.Both))).Append('\n');
            var ordered = change.Lines
                .OrderBy(l => l.EffectiveType)
                .ThenBy(l => Texts.Clean(l.TeamName), StringComparer.Ordinal)
                .ThenBy(l => Texts.Clean(l.SellerName), StringComparer.Ordinal)
                .ThenBy(l => l.Id);
            foreach (var line in ordered)
            {
                text.Append(Texts.Both(Messages.Label(line.EffectiveType)))
                    .Append(" | ").Append(Texts.Name(line.TeamName, names))
                    .Append(" | ").Append(string.IsNullOrWhiteSpace(line.SellerName) ? "—" : Texts.Clean(line.SellerName))
                    .Append(" | ").Append(line.Percent is decimal p ? Texts.Number(p) + "%" : "—")
                    .Append(" | ").Append(Value(SplitRules.Amount(change.EstimatedValue, line.Percent))).Append('\n');
            }
            text.Append(Texts.Both(Messages.SnapshotRevenueTotal)).Append(": ").Append(Texts.Number(SplitRules.RevenueTotal(change.Lines))).Append('%');
            return text.ToString();
        }

        private static string Value(decimal? amount) => amount is decimal a ? Texts.Number(a) : "—";

        private static RuleResult<MinutesOutcome> Refuse(RefusalCode code, MinutesChange change)
            => RuleResult<MinutesOutcome>.Refuse(code, change.MinutesName, change.OpportunityName);
    }
}
