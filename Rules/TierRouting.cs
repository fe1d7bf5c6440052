using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Rules
{
    /// <summary>A support tier (mci_supporttier).</summary>
    public sealed record SupportTier
    {
        /// <summary>mci_supporttierid.</summary>
        public Guid Id { get; init; }
        /// <summary>mci_name.</summary>
        public string? Name { get; init; }
        /// <summary>mci_level (informational; routing does not use it).</summary>
        public TierLevel? Level { get; init; }
        /// <summary>statecode Active.</summary>
        public bool Active { get; init; } = true;
        /// <summary>mci_salesmode; a tier without one never matches.</summary>
        public SalesMode? SalesMode { get; init; }
        /// <summary>mci_minamount, inclusive; empty = no lower bound.</summary>
        public decimal? MinAmount { get; init; }
        /// <summary>mci_maxamount, exclusive; empty = no upper bound.</summary>
        public decimal? MaxAmount { get; init; }
        /// <summary>mci_complexity; empty = any.</summary>
        public Complexity? Complexity { get; init; }
        /// <summary>mci_presalesmodel; a tier without one never matches.</summary>
        public PresalesModel? PresalesModel { get; init; }
        /// <summary>mci_presalesteamid.</summary>
        public Guid? PresalesTeamId { get; init; }
        /// <summary>The presales team's name.</summary>
        public string? PresalesTeamName { get; init; }
        /// <summary>mci_dualcredit.</summary>
        public bool DualCredit { get; init; }
        /// <summary>mci_evaluationorder, lower first; empty sorts last.</summary>
        public int? EvaluationOrder { get; init; }
    }

    /// <summary>The opportunity's branch (mci_branch).</summary>
    public sealed record BranchInfo
    {
        /// <summary>mci_branchid.</summary>
        public Guid Id { get; init; }
        /// <summary>mci_name.</summary>
        public string? Name { get; init; }
        /// <summary>mci_technicalteamid.</summary>
        public Guid? TechnicalTeamId { get; init; }
        /// <summary>The technical team's name.</summary>
        public string? TechnicalTeamName { get; init; }
    }

    /// <summary>An opportunity to route.</summary>
    public sealed record RoutingInput
    {
        /// <summary>The opportunity's name.</summary>
        public string? OpportunityName { get; init; }
        /// <summary>mci_salesmode; empty means "not routed yet" (routing fields are cleared, nothing is refused).</summary>
        public SalesMode? SalesMode { get; init; }
        /// <summary>estimatedvalue; empty is matched as 0.</summary>
        public decimal? EstimatedValue { get; init; }
        /// <summary>mci_complexity; empty matches only tiers whose complexity is "any".</summary>
        public Complexity? Complexity { get; init; }
        /// <summary>The opportunity's branch, or null when mci_branchid is empty.</summary>
        public BranchInfo? Branch { get; init; }
        /// <summary>mci_allocationstatus.</summary>
        public AllocationStatus? Allocation { get; init; }
        /// <summary>All support tiers (inactive ones are skipped here).</summary>
        public IReadOnlyList<SupportTier> Tiers { get; init; } = Array.Empty<SupportTier>();
        /// <summary>The opportunity's split lines (empty on create). The plug-in reads them only when
        /// <see cref="TierRouting.DependsOnLines"/> says the outcome depends on them.</summary>
        public IReadOnlyList<SplitLine> Lines { get; init; } = Array.Empty<SplitLine>();
        /// <summary>mci_presalesteamid as stored before this save (null on create).</summary>
        public Guid? PreviousPresalesTeamId { get; init; }
        /// <summary>mci_dualcredit as stored before this save (false on create): with <see cref="PreviousPresalesTeamId"/>, which
        /// Overlay line was routing's.</summary>
        public bool PreviousDualCredit { get; init; }
        /// <summary>True on create: a new deal's first Overlay line needs no timeline note.</summary>
        public bool IsNew { get; init; }
    }

    /// <summary>What routing does to the opportunity's dual-credit Overlay line.</summary>
    public enum OverlayAction
    {
        /// <summary>Nothing: no dual credit, or the Overlay line is there (at 100%, or kept as a person's line locked by confirmed minutes).</summary>
        None,
        /// <summary>Create an Overlay line at 100% for <see cref="RoutingOutcome.OverlayTeamId"/>.</summary>
        Create,
        /// <summary>Set the existing Overlay line <see cref="RoutingOutcome.OverlayLineId"/> back to 100%.</summary>
        SetToHundred,
    }

    /// <summary>What routing writes onto the opportunity.</summary>
    public sealed record RoutingOutcome
    {
        /// <summary>False when the opportunity has no sales mode: write the empty routing fields below.</summary>
        public bool Routed { get; init; }
        /// <summary>mci_supporttierid.</summary>
        public Guid? SupportTierId { get; init; }
        /// <summary>The tier's name.</summary>
        public string? SupportTierName { get; init; }
        /// <summary>mci_presalesmodel.</summary>
        public PresalesModel? PresalesModel { get; init; }
        /// <summary>mci_presalesteamid (empty for partner self service without a team).</summary>
        public Guid? PresalesTeamId { get; init; }
        /// <summary>The presales team's name (the tier's team, or the branch's technical team), for the Overlay line's name.</summary>
        public string? PresalesTeamName { get; init; }
        /// <summary>mci_dualcredit.</summary>
        public bool DualCredit { get; init; }
        /// <summary>The Overlay line to add or fix.</summary>
        public OverlayAction Overlay { get; init; }
        /// <summary>The team credited by the Overlay line.</summary>
        public Guid? OverlayTeamId { get; init; }
        /// <summary>The existing Overlay line (for <see cref="OverlayAction.SetToHundred"/>).</summary>
        public Guid? OverlayLineId { get; init; }
        /// <summary>True when the tier takes the branch's technical team (Branch Technical Team without a team of its own):
        /// the plug-in reads the branch only then.</summary>
        public bool UsesBranchTeam { get; init; }
        /// <summary>True when the tier takes the branch's technical team but the deal has no branch, or its branch no technical
        /// team: the deal is routed with an empty presales team (the form asks the seller to set the branch).</summary>
        public bool BranchTeamMissing { get; init; }
        /// <summary>Routing's previous Overlay line to delete: the presales team changed, so the dual credit of the team routing
        /// credited before goes (also from a confirmed split: the line is routing's, not the minutes').</summary>
        public SplitLine? OverlayToRemove { get; init; }
        /// <summary>The opportunity's new mci_allocationstatus once routing's Overlay lines are added or removed (Draft for a
        /// first line, Not Required when routing removed the last one), or null when it stays.</summary>
        public AllocationStatus? NewAllocation { get; init; }
        /// <summary>The timeline note when routing moved the dual credit of an existing deal (a line removed or added), else null.</summary>
        public RoutingNote? Note { get; init; }
    }

    /// <summary>A timeline note (annotation) on the opportunity: subject and text, English then Chinese (one record for every reader).</summary>
    public sealed record RoutingNote
    {
        /// <summary>annotation.subject: English · Chinese.</summary>
        public string Subject { get; init; } = "";
        /// <summary>annotation.notetext: the English block, a blank line, the Chinese block.</summary>
        public string Text { get; init; } = "";
    }

    /// <summary>
    /// Tier routing: the first active tier, by evaluation order then name (ordinal) then id, whose sales mode equals
    /// the opportunity's, whose band [min, max) holds the estimated value (empty = 0) and whose complexity is empty or
    /// equal. Gaps give a refusal; overlaps are resolved by that order. A Branch Technical Team tier takes the branch's
    /// technical team; without a branch, or on a branch without one, the deal is routed with an empty presales team.
    /// Dual credit keeps one Overlay line at 100% for the presales team. That line is routing's, not the minutes': when
    /// routing changes the presales team, the previous team's routing Overlay line goes and the new team's comes, even
    /// in a confirmed split, both noted on the timeline. An Overlay line a person added is kept, and so is routing's line
    /// when the team stays but the new tier gives no dual credit (it becomes an ordinary Overlay line).
    /// </summary>
    public static class TierRouting
    {
        /// <summary>Plug-in on create of opportunity and on update of mci_salesmode, estimatedvalue, mci_complexity or mci_branchid (pre-operation).</summary>
        public static RuleResult<RoutingOutcome> Route(RoutingInput input)
        {
            if (input.SalesMode is not SalesMode mode)
                return RuleResult<RoutingOutcome>.Success(WithOverlayLines(input, new RoutingOutcome { Routed = false }));

            var amount = input.EstimatedValue ?? 0m;
            var tier = InEvaluationOrder(input.Tiers).FirstOrDefault(t => Matches(t, mode, amount, input.Complexity));
            if (tier == null)
                return RuleResult<RoutingOutcome>.Refuse(RefusalCode.RoutingNoMatchingTier, input.OpportunityName, mode,
                    Texts.OrEmpty(input.EstimatedValue), Texts.OrEmpty(input.Complexity));

            var model = tier.PresalesModel!.Value;
            var team = tier.PresalesTeamId;
            var teamName = tier.PresalesTeamName;
            var usesBranch = team == null && model == PresalesModel.BranchTechnicalTeam;
            if (usesBranch)
            {
                team = input.Branch?.TechnicalTeamId;
                teamName = input.Branch?.TechnicalTeamName;
            }
            if (team == null && NeedsTierTeam(model))
                return RuleResult<RoutingOutcome>.Refuse(RefusalCode.RoutingTierTeamMissing, input.OpportunityName, tier.Name, model);

            return RuleResult<RoutingOutcome>.Success(WithOverlayLines(input, new RoutingOutcome
            {
                Routed = true,
                SupportTierId = tier.Id,
                SupportTierName = tier.Name,
                PresalesModel = model,
                PresalesTeamId = team,
                PresalesTeamName = teamName,
                DualCredit = tier.DualCredit,
                UsesBranchTeam = usesBranch,
                BranchTeamMissing = usesBranch && team == null,
            }));
        }

        /// <summary>True when the outcome depends on the opportunity's split lines: dual credit for a team (is its Overlay
        /// line there?), or a presales team that changes away from a team routing credited (which line was routing's?). The
        /// plug-in routes once without the lines and reads them only then.</summary>
        public static bool DependsOnLines(RoutingInput input, RoutingOutcome outcome)
            => (outcome.DualCredit && outcome.PresalesTeamId != null) || PreviousRoutingTeamLeaves(input, outcome);

        /// <summary>The Overlay lines routing keeps: the previous team's goes when the team changes, the new team's comes
        /// (or is set back to 100% when unlocked); the allocation and the timeline note follow.</summary>
        private static RoutingOutcome WithOverlayLines(RoutingInput input, RoutingOutcome outcome)
        {
            var remove = PreviousRoutingTeamLeaves(input, outcome)
                ? input.Lines.FirstOrDefault(l => l.EffectiveType == SplitType.Overlay && l.TeamId == input.PreviousPresalesTeamId)
                : null;
            var team = outcome.PresalesTeamId;
            if (outcome.DualCredit && team != null)
            {
                var overlay = input.Lines.FirstOrDefault(l => l.EffectiveType == SplitType.Overlay && l.TeamId == team);
                if (overlay != null)
                {
                    var fix = overlay.Percent != 100m && !overlay.Locked && input.Allocation != AllocationStatus.Confirmed;
                    outcome = outcome with { Overlay = fix ? OverlayAction.SetToHundred : OverlayAction.None, OverlayTeamId = team, OverlayLineId = overlay.Id };
                }
                else
                {
                    outcome = outcome with { Overlay = OverlayAction.Create, OverlayTeamId = team };
                }
            }
            if (remove == null && outcome.Overlay != OverlayAction.Create) return outcome;

            var lineCount = input.Lines.Count - (remove == null ? 0 : 1) + (outcome.Overlay == OverlayAction.Create ? 1 : 0);
            return outcome with
            {
                OverlayToRemove = remove,
                NewAllocation = SplitRules.AllocationAfter(input.Allocation, lineCount),
                Note = input.IsNew ? null : Note(input, remove, outcome),
            };
        }

        /// <summary>The previous presales team had routing's dual credit and routing now names another team (or none).</summary>
        private static bool PreviousRoutingTeamLeaves(RoutingInput input, RoutingOutcome outcome)
            => input.PreviousDualCredit && input.PreviousPresalesTeamId != null && input.PreviousPresalesTeamId != outcome.PresalesTeamId;

        private static RoutingNote Note(RoutingInput input, SplitLine? removed, RoutingOutcome outcome)
        {
            string Block(UiLanguage language)
            {
                var lines = new List<string> { Texts.Format(Messages.RoutingNoteHeading, language, new object?[] { input.OpportunityName }) };
                if (removed != null) lines.Add(Texts.Format(Messages.RoutingNoteRemoved, language, new object?[] { removed.TeamName, Texts.OrEmpty(removed.Percent) }));
                if (outcome.Overlay == OverlayAction.Create)
                    lines.Add(Texts.Format(Messages.RoutingNoteAdded, language, new object?[] { outcome.PresalesTeamName, outcome.SupportTierName }));
                return string.Join("\n", lines);
            }
            return new RoutingNote
            {
                Subject = Texts.Clean(Texts.Both(Messages.RoutingNoteSubject, input.OpportunityName), 500),
                Text = Block(UiLanguage.English) + "\n\n" + Block(UiLanguage.SimplifiedChinese),
            };
        }

        /// <summary>Plug-in on create and update (including activation) of mci_supporttier: sales mode and presales model
        /// are set; min below max; Solution Centre and Call Centre name a team; an active tier has an evaluation order no
        /// other active tier uses. <paramref name="otherTiers"/> may include the tier itself (recognised by Id).</summary>
        public static RuleResult CheckTier(SupportTier tier, IEnumerable<SupportTier> otherTiers)
        {
            if (tier.SalesMode == null) return RuleResult.Refuse(RefusalCode.TierSalesModeMissing, tier.Name);
            if (tier.PresalesModel is not PresalesModel model) return RuleResult.Refuse(RefusalCode.TierPresalesModelMissing, tier.Name);
            if (tier.MinAmount is decimal min && tier.MaxAmount is decimal max && min >= max)
                return RuleResult.Refuse(RefusalCode.TierBandInvalid, tier.Name, min, max);
            if (tier.PresalesTeamId == null && NeedsTierTeam(model))
                return RuleResult.Refuse(RefusalCode.TierPresalesTeamRequired, tier.Name, model);
            if (tier.Active && tier.EvaluationOrder == null) return RuleResult.Refuse(RefusalCode.TierEvaluationOrderMissing, tier.Name);
            return CheckOrder(tier, otherTiers);
        }

        /// <summary>An active tier's evaluation order is its own among <paramref name="otherTiers"/> (which may include the
        /// tier itself, recognised by Id). The plug-in asks it after the save, of the active tiers as saved.</summary>
        public static RuleResult CheckOrder(SupportTier tier, IEnumerable<SupportTier> otherTiers)
        {
            if (!tier.Active || tier.EvaluationOrder is not int order) return RuleResult.Ok;
            var taken = InEvaluationOrder(otherTiers.Where(o => o.Id != tier.Id)).FirstOrDefault(o => o.EvaluationOrder == order);
            return taken == null ? RuleResult.Ok : RuleResult.Refuse(RefusalCode.TierEvaluationOrderTaken, tier.Name, order, taken.Name);
        }

        /// <summary>Active tiers in the order routing tries them.</summary>
        public static IReadOnlyList<SupportTier> InEvaluationOrder(IEnumerable<SupportTier> tiers)
            => tiers.Where(t => t.Active)
                    .OrderBy(t => t.EvaluationOrder ?? int.MaxValue)
                    .ThenBy(t => t.EvaluationOrder == null)
                    .ThenBy(t => Texts.Clean(t.Name), StringComparer.Ordinal)
                    .ThenBy(t => t.Id)
                    .ToArray();

        /// <summary>Solution Centre and Call Centre work through the tier's own presales team.</summary>
        private static bool NeedsTierTeam(PresalesModel model) => model == PresalesModel.SolutionCentre || model == PresalesModel.CallCentre;

        private static bool Matches(SupportTier tier, SalesMode mode, decimal amount, Complexity? complexity)
            => tier.SalesMode == mode
               && tier.PresalesModel != null
               && (tier.MinAmount == null || amount >= tier.MinAmount)
               && (tier.MaxAmount == null || amount < tier.MaxAmount)
               && (tier.Complexity == null || tier.Complexity == complexity);
    }
}
