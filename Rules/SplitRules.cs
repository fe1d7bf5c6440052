using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Rules
{
    /// <summary>A split line (mci_opportunitysplit) as the rules see it.</summary>
    public sealed record SplitLine
    {
        /// <summary>The line's id (Guid.Empty on create before Dataverse assigns one).</summary>
        public Guid Id { get; init; }
        /// <summary>mci_teamid; null when the lookup is empty.</summary>
        public Guid? TeamId { get; init; }
        /// <summary>The team's name, for messages and the minutes snapshot.</summary>
        public string? TeamName { get; init; }
        /// <summary>mci_sellerid.</summary>
        public Guid? SellerId { get; init; }
        /// <summary>The seller's full name, for the minutes snapshot.</summary>
        public string? SellerName { get; init; }
        /// <summary>mci_splittype; empty counts as Revenue (the column's default).</summary>
        public SplitType? Type { get; init; }
        /// <summary>mci_percent.</summary>
        public decimal? Percent { get; init; }
        /// <summary>mci_amount as stored (used to tell which amounts need rewriting).</summary>
        public decimal? Amount { get; init; }
        /// <summary>mci_locked.</summary>
        public bool Locked { get; init; }
        /// <summary>mci_minutesid.</summary>
        public Guid? MinutesId { get; init; }
        /// <summary>statecode Active. An inactive line still counts toward the split (it is a line until it is deleted),
        /// so users may not deactivate lines: they delete them.</summary>
        public bool Active { get; init; } = true;

        /// <summary>The type the rules apply: Revenue when empty.</summary>
        public SplitType EffectiveType => Type ?? SplitType.Revenue;
    }

    /// <summary>The opportunity around a split line change.</summary>
    public sealed record SplitContext
    {
        /// <summary>The opportunity's name, for messages.</summary>
        public string? OpportunityName { get; init; }
        /// <summary>estimatedvalue; empty gives empty amounts.</summary>
        public decimal? EstimatedValue { get; init; }
        /// <summary>mci_allocationstatus as stored; empty counts as Not Required.</summary>
        public AllocationStatus? Allocation { get; init; }
        /// <summary>The opportunity's split lines as stored before this change. The line being changed may be
        /// included: it is recognised by its Id and left out.</summary>
        public IReadOnlyList<SplitLine> Lines { get; init; } = Array.Empty<SplitLine>();
        /// <summary>True when the opportunity is closed (won or lost): its split is the one the deal closed with, and a
        /// line added afterwards would dodge the win gate (win alone, then add the second team).</summary>
        public bool OpportunityClosed { get; init; }
        /// <summary>The presales team the opportunity's support tier credits with dual credit (mci_presalesteamid when
        /// mci_dualcredit is yes), else null: its Overlay line stays at 100% and is kept.</summary>
        public Guid? DualCreditTeamId { get; init; }
        /// <summary>True when MCI's own plug-ins make the change (locking/unlocking by minutes, amounts kept in step);
        /// false for a user's change. Only system changes may touch mci_locked and mci_minutesid.</summary>
        public bool SystemChange { get; init; }
    }

    /// <summary>What a valid split line change derives before the save (PreOperation).</summary>
    public sealed record SplitLineOutcome
    {
        /// <summary>The line's mci_amount (write it on create and update): estimated value × percent / 100, two places; empty when the estimated value is empty.</summary>
        public decimal? Amount { get; init; }
        /// <summary><see cref="SplitRules.OnDelete"/>: the opportunity's new mci_allocationstatus once the line is gone (Not Required after its
        /// last line), or null when it stays as it is.</summary>
        public AllocationStatus? NewAllocation { get; init; }
    }

    /// <summary>What the split of an opportunity is once a line is saved (PostOperation, <see cref="SplitRules.AfterSave"/>).</summary>
    public sealed record SplitSaved
    {
        /// <summary>The opportunity's new mci_allocationstatus (Draft for a first line), or null when it stays as it is.</summary>
        public AllocationStatus? NewAllocation { get; init; }
        /// <summary>Total percent of the Revenue lines.</summary>
        public decimal RevenueTotal { get; init; }
        /// <summary>True when Revenue lines name two or more teams: the split then needs confirmed minutes before the win.</summary>
        public bool MinutesRequired { get; init; }
    }

    /// <summary>A line whose stored amount must be rewritten after the estimated value (or its percent) changed.</summary>
    public sealed record SplitAmount
    {
        /// <summary>The line.</summary>
        public Guid LineId { get; init; }
        /// <summary>The amount to write (empty when the estimated value is empty).</summary>
        public decimal? Amount { get; init; }
        /// <summary>The amount stored until now.</summary>
        public decimal? Stored { get; init; }
    }

    /// <summary>
    /// Split lines: percent above 0 and at most 100 with at most two decimals (33.333 is refused, never rounded);
    /// one line per team and type; Revenue lines total at most 100 (Overlay lines excluded); locked lines refuse
    /// change, deletion, moving to another opportunity and new lines; amounts follow estimated value × percent / 100,
    /// rounded half away from zero. Lines are deleted, never deactivated (an inactive line would still count). The Overlay
    /// line of a deal's dual credit stays at 100% and is kept while the deal's tier gives dual credit. The split of a
    /// closed (won or lost) opportunity no longer changes.
    /// Two moments: before the save (<see cref="OnCreate"/>, <see cref="OnUpdate"/>, <see cref="OnMove"/>,
    /// <see cref="OnDelete"/>) everything another line of the same batch cannot change (the line itself, locks, the
    /// closed deal, dual credit); after the save (<see cref="AfterSave"/>) what spans the lines — one line per team and
    /// type, the Revenue total, no line joining a locked split — against the split as saved, so a CreateMultiple or
    /// UpdateMultiple is judged on what it leaves whatever order Dataverse runs its items in.
    /// </summary>
    public static class SplitRules
    {
        /// <summary>estimated value × percent / 100, rounded to two places half away from zero; empty when either is empty.</summary>
        public static decimal? Amount(decimal? estimatedValue, decimal? percent)
            => estimatedValue is decimal value && percent is decimal share ? Decimals.Round2(value * share / 100m) : (decimal?)null;

        /// <summary>Plug-in on create of mci_opportunitysplit (pre-operation): the line itself, and whether it may join the deal's split as stored.</summary>
        public static RuleResult<SplitLineOutcome> OnCreate(SplitContext context, SplitLine line)
        {
            if ((line.Locked || line.MinutesId != null) && !context.SystemChange)
                return Refuse(RefusalCode.SplitLockSetByMinutes, context, line);
            if (!line.Active) return Refuse(RefusalCode.SplitLineInactive, context, line);
            if (IsDualCredit(context, line) && line.Percent != 100m && line.Percent != null)
                return Refuse(RefusalCode.SplitDualCreditKept, context, line);
            return Join(context, line);
        }

        /// <summary>Plug-in on update of mci_opportunitysplit when mci_opportunityid changes (pre-operation): the line leaves
        /// <paramref name="from"/> (the pre-image's opportunity, or an empty context when it had none) and joins
        /// <paramref name="to"/> (an empty context when the lookup is cleared). A locked line cannot leave; the line joins
        /// as a new line would (the allocations of both deals follow from the saved split, <see cref="AfterSave"/>).</summary>
        public static RuleResult<SplitLineOutcome> OnMove(SplitContext from, SplitContext to, SplitLine before, SplitLine after)
        {
            if ((before.Locked != after.Locked || before.MinutesId != after.MinutesId) && !to.SystemChange)
                return Refuse(RefusalCode.SplitLockSetByMinutes, from, before);
            if (from.OpportunityClosed) return Refuse(RefusalCode.SplitOpportunityClosed, from, before);
            if (before.Locked || from.Allocation == AllocationStatus.Confirmed)
                return Refuse(RefusalCode.SplitLineLocked, from, before);
            if (!after.Active) return Refuse(RefusalCode.SplitLineInactive, from, before);
            if (IsDualCredit(from, before) && !from.SystemChange) return Refuse(RefusalCode.SplitDualCreditKept, from, before);
            return Join(to, after);
        }

        /// <summary>A line joining an opportunity's split (created, or moved there): not into a closed deal or a confirmed split, and valid itself.</summary>
        private static RuleResult<SplitLineOutcome> Join(SplitContext context, SplitLine line)
        {
            if (context.OpportunityClosed) return Refuse(RefusalCode.SplitOpportunityClosed, context, line);
            if (IsLocked(context, line)) return Refuse(RefusalCode.SplitAllocationLocked, context, line);
            return Checked(context, line);
        }

        /// <summary>Plug-in on update of mci_opportunitysplit (pre-operation): <paramref name="before"/> is the pre-image,
        /// <paramref name="after"/> the pre-image with the Target's values laid over it. <see cref="ChangesSplit"/> tells
        /// whether <see cref="AfterSave"/> must judge the saved split.</summary>
        public static RuleResult<SplitLineOutcome> OnUpdate(SplitContext context, SplitLine before, SplitLine after)
        {
            var lockChanged = before.Locked != after.Locked || before.MinutesId != after.MinutesId;
            if (lockChanged && !context.SystemChange)
                return Refuse(RefusalCode.SplitLockSetByMinutes, context, before);
            var businessChanged = before.TeamId != after.TeamId || before.SellerId != after.SellerId
                                  || before.EffectiveType != after.EffectiveType || before.Percent != after.Percent || before.Active != after.Active;
            if (!businessChanged)
                return RuleResult<SplitLineOutcome>.Success(new SplitLineOutcome { Amount = Amount(context.EstimatedValue, after.Percent) });
            if (context.OpportunityClosed) return Refuse(RefusalCode.SplitOpportunityClosed, context, before);
            if (before.Active && !after.Active)
                return Refuse(RefusalCode.SplitLineInactive, context, before);
            if (before.Locked || context.Allocation == AllocationStatus.Confirmed)
                return Refuse(RefusalCode.SplitLineLocked, context, before);
            if (IsDualCredit(context, before) && !context.SystemChange && (!IsDualCredit(context, after) || after.Percent != 100m || !after.Active))
                return Refuse(RefusalCode.SplitDualCreditKept, context, before);
            return Checked(context, after);
        }

        /// <summary>True when an update changes what the split of the deal is made of (team, type, percent, active, or the
        /// opportunity itself): the saved split must then be judged again (<see cref="AfterSave"/>).</summary>
        public static bool ChangesSplit(SplitLine before, SplitLine after, bool moved)
            => moved || before.TeamId != after.TeamId || before.EffectiveType != after.EffectiveType || before.Percent != after.Percent || before.Active != after.Active;

        /// <summary>Plug-in on delete of mci_opportunitysplit (pre-operation); <paramref name="line"/> is the pre-image.
        /// <see cref="SplitLineOutcome.Amount"/> is meaningless here.</summary>
        public static RuleResult<SplitLineOutcome> OnDelete(SplitContext context, SplitLine line)
        {
            var others = Others(context, line.Id);
            if (context.OpportunityClosed) return Refuse(RefusalCode.SplitOpportunityClosed, context, line);
            if (line.Locked || context.Allocation == AllocationStatus.Confirmed)
                return Refuse(RefusalCode.SplitLineLockedDelete, context, line);
            if (IsDualCredit(context, line) && !context.SystemChange) return Refuse(RefusalCode.SplitDualCreditKept, context, line);
            return RuleResult<SplitLineOutcome>.Success(new SplitLineOutcome { NewAllocation = AllocationAfter(context.Allocation, others.Length) });
        }

        /// <summary>
        /// Plug-in after the save of a created, changed or moved line (post-operation, still inside the transaction):
        /// <paramref name="saved"/> holds the opportunity's lines as saved, <paramref name="line"/> among them. One line per
        /// team and type, Revenue lines at most 100.00% in total, and no unlocked line beside locked ones or in a confirmed
        /// split — judged on the split the whole operation leaves (every line of a CreateMultiple/UpdateMultiple is saved
        /// by then, or, item by item, every line before this one). Also derives the allocation (Draft for a first line).
        /// </summary>
        public static RuleResult<SplitSaved> AfterSave(SplitContext saved, SplitLine line)
        {
            var others = Others(saved, line.Id);
            var type = line.EffectiveType;
            if (!line.Locked && IsLocked(saved, line))
                return RuleResult<SplitSaved>.Refuse(RefusalCode.SplitAllocationLocked, saved.OpportunityName, type, line.TeamName);
            if (line.TeamId is Guid team && others.Any(o => o.TeamId == team && o.EffectiveType == type))
                return RuleResult<SplitSaved>.Refuse(RefusalCode.SplitDuplicateLine, saved.OpportunityName, type, line.TeamName);
            var lines = others.Concat(new[] { line }).ToArray();
            var total = RevenueTotal(lines);
            if (total > 100m && type == SplitType.Revenue)
                return RuleResult<SplitSaved>.Refuse(RefusalCode.SplitRevenueOverHundred, saved.OpportunityName, total);
            return RuleResult<SplitSaved>.Success(new SplitSaved
            {
                NewAllocation = AllocationAfter(saved.Allocation, lines.Length),
                RevenueTotal = total,
                MinutesRequired = RevenueTeams(lines).Count >= 2,
            });
        }

        /// <summary>
        /// The allocation an opportunity takes from the number of its lines: Draft once it has a line and was Not Required
        /// (or empty), Not Required again once its last line is gone; otherwise it stays (Draft, Confirmed, Reopened).
        /// Null when it does not change.
        /// </summary>
        public static AllocationStatus? AllocationAfter(AllocationStatus? current, int lineCount)
        {
            var now = current ?? AllocationStatus.NotRequired;
            if (lineCount > 0 && now == AllocationStatus.NotRequired) return AllocationStatus.Draft;
            if (lineCount == 0 && now != AllocationStatus.NotRequired) return AllocationStatus.NotRequired;
            return null;
        }

        /// <summary>When the estimated value changes (plug-in on opportunity update): the lines whose stored amount
        /// differs from estimated value × percent / 100. Locked lines are included: the minutes bind the percent, the
        /// amount follows the deal's value.</summary>
        public static IReadOnlyList<SplitAmount> AmountsToUpdate(decimal? estimatedValue, IEnumerable<SplitLine> lines)
            => lines.Select(l => new SplitAmount { LineId = l.Id, Amount = Amount(estimatedValue, l.Percent), Stored = l.Amount })
                    .Where(a => a.Amount != a.Stored)
                    .ToArray();

        /// <summary>Total percent of the Revenue lines (Overlay lines excluded).</summary>
        public static decimal RevenueTotal(IEnumerable<SplitLine> lines)
            => lines.Where(l => l.EffectiveType == SplitType.Revenue).Sum(l => l.Percent ?? 0m);

        /// <summary>The distinct teams named by Revenue lines, in the order the lines give them.</summary>
        public static IReadOnlyList<Guid> RevenueTeams(IEnumerable<SplitLine> lines)
            => lines.Where(l => l.EffectiveType == SplitType.Revenue && l.TeamId is Guid id && id != Guid.Empty)
                    .Select(l => l.TeamId!.Value).Distinct().ToArray();

        /// <summary>The Overlay line dual credit keeps for the presales team of the deal's support tier.</summary>
        private static bool IsDualCredit(SplitContext context, SplitLine line)
            => context.DualCreditTeamId is Guid team && line.EffectiveType == SplitType.Overlay && line.TeamId == team;

        private static SplitLine[] Others(SplitContext context, Guid id)
            => context.Lines.Where(l => id == Guid.Empty || l.Id != id).ToArray();

        /// <summary>A confirmed split, or one holding a locked line other than <paramref name="line"/>, takes no new line.</summary>
        private static bool IsLocked(SplitContext context, SplitLine line)
            => context.Allocation == AllocationStatus.Confirmed || Others(context, line.Id).Any(o => o.Locked);

        /// <summary>The line on its own: a team, a percent above 0 and at most 100 with at most two decimals; its amount.</summary>
        private static RuleResult<SplitLineOutcome> Checked(SplitContext context, SplitLine line)
        {
            var type = line.EffectiveType;
            if (line.TeamId is not Guid team || team == Guid.Empty)
                return RuleResult<SplitLineOutcome>.Refuse(RefusalCode.SplitTeamMissing, context.OpportunityName, type);
            if (line.Percent is not decimal percent)
                return RuleResult<SplitLineOutcome>.Refuse(RefusalCode.SplitPercentMissing, context.OpportunityName, type, line.TeamName);
            if (percent <= 0m || percent > 100m)
                return RuleResult<SplitLineOutcome>.Refuse(RefusalCode.SplitPercentOutOfRange, context.OpportunityName, type, line.TeamName, percent);
            if (!Decimals.HasAtMostTwoPlaces(percent))
                return RuleResult<SplitLineOutcome>.Refuse(RefusalCode.SplitPercentTooPrecise, context.OpportunityName, type, line.TeamName, percent);
            return RuleResult<SplitLineOutcome>.Success(new SplitLineOutcome { Amount = Amount(context.EstimatedValue, percent) });
        }

        private static RuleResult<SplitLineOutcome> Refuse(RefusalCode code, SplitContext context, SplitLine line)
            => RuleResult<SplitLineOutcome>.Refuse(code, context.OpportunityName, line.EffectiveType, line.TeamName);
    }
}
