namespace Mci.Rules.Tests;

public class TierRoutingTests
{
    private const string Deal = "ERP rollout";
    private static readonly Guid SolutionCentre = Guid.NewGuid(), CallCentre = Guid.NewGuid(), ShanghaiTech = Guid.NewGuid(), OtherTeam = Guid.NewGuid();

    private static readonly SupportTier Tier1 = new()
    {
        Id = Guid.NewGuid(), Name = "Tier 1 company-led", Level = TierLevel.Tier1, SalesMode = SalesMode.Direct, MinAmount = 1_000_000m,
        PresalesModel = PresalesModel.SolutionCentre, PresalesTeamId = SolutionCentre, PresalesTeamName = "Solution Centre", DualCredit = true, EvaluationOrder = 10,
    };
    private static readonly SupportTier Tier2Large = new()
    {
        Id = Guid.NewGuid(), Name = "Tier 2 large", Level = TierLevel.Tier2, SalesMode = SalesMode.PartnerLed, MinAmount = 1_000_000m,
        PresalesModel = PresalesModel.BranchTechnicalTeam, EvaluationOrder = 20,
    };
    private static readonly SupportTier Tier2Complex = Tier2Large with { Id = Guid.NewGuid(), Name = "Tier 2 complex", MinAmount = null, Complexity = Complexity.Complex, EvaluationOrder = 30 };
    private static readonly SupportTier Tier2Small = new()
    {
        Id = Guid.NewGuid(), Name = "Tier 2 small", Level = TierLevel.Tier2, SalesMode = SalesMode.PartnerLed, MinAmount = 0m, MaxAmount = 1_000_000m,
        Complexity = Complexity.Standard, PresalesModel = PresalesModel.PartnerSelfService, EvaluationOrder = 40,
    };
    private static readonly SupportTier Tier3 = new()
    {
        Id = Guid.NewGuid(), Name = "Tier 3 channel", Level = TierLevel.Tier3, SalesMode = SalesMode.Channel,
        PresalesModel = PresalesModel.CallCentre, PresalesTeamId = CallCentre, EvaluationOrder = 50,
    };
    private static readonly SupportTier[] Tiers = [Tier3, Tier2Small, Tier1, Tier2Complex, Tier2Large]; // deliberately not in order

    private static readonly BranchInfo Shanghai = new() { Id = Guid.NewGuid(), Name = "Shanghai", TechnicalTeamId = ShanghaiTech, TechnicalTeamName = "Shanghai Tech" };

    private static RoutingInput Opportunity(SalesMode? mode, decimal? value, Complexity? complexity = Complexity.Standard, BranchInfo? branch = null,
        SupportTier[]? tiers = null, SplitLine[]? lines = null, AllocationStatus? allocation = null, Guid? previousTeam = null, bool previousDualCredit = false)
        => new()
        {
            OpportunityName = Deal, SalesMode = mode, EstimatedValue = value, Complexity = complexity, Branch = branch, Tiers = tiers ?? Tiers, Lines = lines ?? [],
            Allocation = allocation, PreviousPresalesTeamId = previousTeam, PreviousDualCredit = previousDualCredit,
        };

    private static RoutingOutcome Routed(RoutingInput input, SupportTier expected)
    {
        var outcome = RuleAssert.Ok(TierRouting.Route(input));
        Assert.That(outcome.Routed, Is.True);
        Assert.That(outcome.SupportTierName, Is.EqualTo(expected.Name));
        Assert.That(outcome.SupportTierId, Is.EqualTo(expected.Id));
        return outcome;
    }

    // ------------------------------------------------------------ matching

    [Test]
    public void CompanyLedLargeDealsGetTheSolutionCentreWithDualCredit()
    {
        var outcome = Routed(Opportunity(SalesMode.Direct, 2_000_000m), Tier1);
        Assert.That(outcome.PresalesModel, Is.EqualTo(PresalesModel.SolutionCentre));
        Assert.That(outcome.PresalesTeamId, Is.EqualTo(SolutionCentre));
        Assert.That(outcome.PresalesTeamName, Is.EqualTo("Solution Centre"));
        Assert.That(outcome.DualCredit, Is.True);
        Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.Create));
        Assert.That(outcome.OverlayTeamId, Is.EqualTo(SolutionCentre));
    }

    [Test]
    public void TheMinimumIsInclusive() => Routed(Opportunity(SalesMode.Direct, 1_000_000m), Tier1);

    [Test]
    public void TheMaximumIsExclusive()
    {
        // Only the small band is offered, evaluated first: 1,000,000.00 falls outside [0, 1,000,000).
        var small = Tier2Small with { EvaluationOrder = 1 };
        Routed(Opportunity(SalesMode.PartnerLed, 999_999.99m, tiers: [small]), small);
        RuleAssert.Refused(TierRouting.Route(Opportunity(SalesMode.PartnerLed, 1_000_000m, tiers: [small])), RefusalCode.RoutingNoMatchingTier, "1,000,000.00");
        Routed(Opportunity(SalesMode.PartnerLed, 1_000_000m, branch: Shanghai, tiers: [small, Tier2Large]), Tier2Large);
    }

    [Test]
    public void AGapBetweenBandsIsRefusedNamingModeAmountAndComplexity()
    {
        var refusal = RuleAssert.Refused(TierRouting.Route(Opportunity(SalesMode.Direct, 999_999.99m)), RefusalCode.RoutingNoMatchingTier, Deal, "999,999.99");
        Assert.That(refusal.Message(1033), Does.Contain("(sales mode Direct, estimated value 999,999.99, complexity Standard)"));
        Assert.That(refusal.Message(2052), Does.Contain("（销售模式：直销，预计收入：999,999.99，复杂度：标准）"));
    }

    [Test]
    public void AnEmptyEstimatedValueIsMatchedAsZeroAndShownAsEmpty()
    {
        Routed(Opportunity(SalesMode.PartnerLed, null), Tier2Small);
        Routed(Opportunity(SalesMode.PartnerLed, 0m), Tier2Small);
        var refusal = RuleAssert.Refused(TierRouting.Route(Opportunity(SalesMode.Direct, null)), RefusalCode.RoutingNoMatchingTier);
        Assert.That(refusal.Message(1033), Does.Contain("estimated value (empty)"));
        Assert.That(refusal.Message(2052), Does.Contain("预计收入：（空）"));
    }

    [Test]
    public void AnEmptyTierComplexityMeansAny()
    {
        Routed(Opportunity(SalesMode.PartnerLed, 5_000_000m, Complexity.Complex, Shanghai), Tier2Large);
        Routed(Opportunity(SalesMode.PartnerLed, 5_000_000m, null, Shanghai), Tier2Large);
    }

    [Test]
    public void ComplexityMustMatchWhenTheTierNamesOne()
    {
        Routed(Opportunity(SalesMode.PartnerLed, 500_000m, Complexity.Complex, Shanghai), Tier2Complex);
        Routed(Opportunity(SalesMode.PartnerLed, 500_000m, Complexity.Standard, Shanghai), Tier2Small);
        var refusal = RuleAssert.Refused(TierRouting.Route(Opportunity(SalesMode.PartnerLed, 500_000m, null)), RefusalCode.RoutingNoMatchingTier, "500,000.00");
        Assert.That(refusal.Message(1033), Does.Contain("sales mode Partner Led").And.Contain("complexity (empty)"));
    }

    [Test]
    public void InactiveTiersAreSkipped()
    {
        var tiers = Tiers.Select(t => t.Id == Tier1.Id ? t with { Active = false } : t).ToArray();
        RuleAssert.Refused(TierRouting.Route(Opportunity(SalesMode.Direct, 2_000_000m, tiers: tiers)), RefusalCode.RoutingNoMatchingTier, "2,000,000.00");
    }

    [Test]
    public void OverlappingTiersAreResolvedByEvaluationOrder()
    {
        var catchAll = Tier1 with { Id = Guid.NewGuid(), Name = "A catch-all", MinAmount = null, EvaluationOrder = 5, DualCredit = false };
        Routed(Opportunity(SalesMode.Direct, 2_000_000m, tiers: [Tier1, catchAll]), catchAll);
        Routed(Opportunity(SalesMode.Direct, 2_000_000m, tiers: [Tier1, catchAll with { EvaluationOrder = 99 }]), Tier1);
    }

    [Test]
    public void TiesAreBrokenByNameThenId()
    {
        var b = Tier1 with { Id = Guid.Parse("00000000-0000-0000-0000-000000000001"), Name = "B" };
        var a = Tier1 with { Id = Guid.Parse("00000000-0000-0000-0000-000000000002"), Name = "A" };
        Routed(Opportunity(SalesMode.Direct, 2_000_000m, tiers: [b, a]), a);
        Routed(Opportunity(SalesMode.Direct, 2_000_000m, tiers: [a, b]), a);
        var sameName = a with { Id = Guid.Parse("00000000-0000-0000-0000-000000000003") };
        Routed(Opportunity(SalesMode.Direct, 2_000_000m, tiers: [sameName, a]), a);
    }

    [Test]
    public void TiersWithoutAnOrderComeLast()
    {
        var unordered = Tier1 with { Id = Guid.NewGuid(), Name = "AAA unordered", EvaluationOrder = null };
        Routed(Opportunity(SalesMode.Direct, 2_000_000m, tiers: [unordered, Tier1 with { EvaluationOrder = int.MaxValue }]), Tier1 with { EvaluationOrder = int.MaxValue });
        Routed(Opportunity(SalesMode.Direct, 2_000_000m, tiers: [unordered]), unordered);
    }

    [Test]
    public void IncompleteTiersNeverMatch()
    {
        var noModel = Tier1 with { PresalesModel = null };
        var noMode = Tier1 with { SalesMode = null };
        RuleAssert.Refused(TierRouting.Route(Opportunity(SalesMode.Direct, 2_000_000m, tiers: [noModel, noMode])), RefusalCode.RoutingNoMatchingTier);
    }

    [Test]
    public void WithoutASalesModeNothingIsRoutedAndTheRoutingFieldsAreCleared()
    {
        var outcome = RuleAssert.Ok(TierRouting.Route(Opportunity(null, 2_000_000m)));
        Assert.That(outcome.Routed, Is.False);
        Assert.That(outcome.SupportTierId, Is.Null);
        Assert.That(outcome.PresalesModel, Is.Null);
        Assert.That(outcome.PresalesTeamId, Is.Null);
        Assert.That(outcome.DualCredit, Is.False);
        Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.None));
    }

    [Test]
    public void ChannelDealsGoToTheCallCentre()
    {
        var outcome = Routed(Opportunity(SalesMode.Channel, 1_500m), Tier3);
        Assert.That(outcome.PresalesTeamId, Is.EqualTo(CallCentre));
        Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.None));
    }

    // ------------------------------------------------------------ presales team

    [Test]
    public void BranchTechnicalTeamTakesTheBranchsTeam()
    {
        var outcome = Routed(Opportunity(SalesMode.PartnerLed, 2_000_000m, branch: Shanghai), Tier2Large);
        Assert.That(outcome.PresalesTeamId, Is.EqualTo(ShanghaiTech));
        Assert.That(outcome.PresalesTeamName, Is.EqualTo("Shanghai Tech"));
    }

    [Test]
    public void ATierThatNamesItsTeamWinsOverTheBranch()
    {
        var named = Tier2Large with { PresalesTeamId = OtherTeam };
        Assert.That(Routed(Opportunity(SalesMode.PartnerLed, 2_000_000m, branch: Shanghai, tiers: [named]), named).PresalesTeamId, Is.EqualTo(OtherTeam));
        Assert.That(Routed(Opportunity(SalesMode.PartnerLed, 2_000_000m, branch: null, tiers: [named]), named).PresalesTeamId, Is.EqualTo(OtherTeam));
    }

    [Test]
    public void BranchTechnicalTeamWithoutABranchRoutesWithAnEmptyPresalesTeam()
    {
        var outcome = Routed(Opportunity(SalesMode.PartnerLed, 2_000_000m), Tier2Large);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.PresalesModel, Is.EqualTo(PresalesModel.BranchTechnicalTeam));
            Assert.That(outcome.PresalesTeamId, Is.Null);
            Assert.That(outcome.UsesBranchTeam, Is.True);
            Assert.That(outcome.BranchTeamMissing, Is.True, "the form asks the seller to set the branch");
            Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.None));
        });
    }

    [Test]
    public void ABranchWithoutATechnicalTeamRoutesWithAnEmptyPresalesTeam()
    {
        var outcome = Routed(Opportunity(SalesMode.PartnerLed, 2_000_000m, branch: Shanghai with { TechnicalTeamId = null, TechnicalTeamName = null }), Tier2Large);
        Assert.That(outcome.PresalesTeamId, Is.Null);
        Assert.That(outcome.BranchTeamMissing, Is.True);
    }

    [Test]
    public void ADualCreditBranchTierWithoutABranchAddsNoOverlayAndRemovesRoutingsPreviousOne()
    {
        var branchTier = Tier2Large with { DualCredit = true };
        var previous = new SplitLine { Id = Guid.NewGuid(), TeamId = ShanghaiTech, TeamName = "Shanghai Tech", Type = SplitType.Overlay, Percent = 100m };
        var outcome = Routed(Opportunity(SalesMode.PartnerLed, 2_000_000m, tiers: [branchTier], lines: [previous], allocation: AllocationStatus.Draft,
            previousTeam: ShanghaiTech, previousDualCredit: true), branchTier);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.None));
            Assert.That(outcome.OverlayToRemove?.Id, Is.EqualTo(previous.Id), "the branch (and its team) left the deal");
            Assert.That(outcome.NewAllocation, Is.EqualTo(AllocationStatus.NotRequired), "routing took the deal's last line");
        });
    }

    [Test]
    public void ATierWithItsOwnTeamDoesNotUseTheBranch()
        => Assert.That(Routed(Opportunity(SalesMode.Direct, 2_000_000m), Tier1).UsesBranchTeam, Is.False);

    [Test]
    public void PartnerSelfServiceMayHaveNoTeam()
    {
        var outcome = Routed(Opportunity(SalesMode.PartnerLed, 10_000m), Tier2Small);
        Assert.That(outcome.PresalesModel, Is.EqualTo(PresalesModel.PartnerSelfService));
        Assert.That(outcome.PresalesTeamId, Is.Null);
    }

    [TestCase(PresalesModel.SolutionCentre)]
    [TestCase(PresalesModel.CallCentre)]
    public void ASolutionOrCallCentreTierWithoutATeamIsRefusedAtRouting(PresalesModel model)
        => RuleAssert.Refused(TierRouting.Route(Opportunity(SalesMode.Direct, 2_000_000m, tiers: [Tier1 with { PresalesModel = model, PresalesTeamId = null }])),
            RefusalCode.RoutingTierTeamMissing, Deal, "Tier 1 company-led");

    [Test]
    public void DualCreditWithoutATeamAddsNoOverlay()
    {
        var selfService = Tier2Small with { DualCredit = true };
        var outcome = Routed(Opportunity(SalesMode.PartnerLed, 10_000m, tiers: [selfService]), selfService);
        Assert.That(outcome.DualCredit, Is.True);
        Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.None));
    }

    // ------------------------------------------------------------ dual credit overlay line

    private static SplitLine Overlay(Guid team, decimal percent, bool locked = false)
        => new() { Id = Guid.NewGuid(), TeamId = team, TeamName = "Solution Centre", Type = SplitType.Overlay, Percent = percent, Locked = locked };

    [Test]
    public void AnExistingOverlayAtHundredIsKept()
    {
        var line = Overlay(SolutionCentre, 100m);
        var outcome = Routed(Opportunity(SalesMode.Direct, 3_000_000m, lines: [line]), Tier1);
        Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.None));
        Assert.That(outcome.OverlayLineId, Is.EqualTo(line.Id));
    }

    [Test]
    public void AnExistingOverlayIsSetBackToHundred()
    {
        var line = Overlay(SolutionCentre, 50m);
        var outcome = Routed(Opportunity(SalesMode.Direct, 3_000_000m, lines: [line], allocation: AllocationStatus.Draft), Tier1);
        Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.SetToHundred));
        Assert.That(outcome.OverlayLineId, Is.EqualTo(line.Id));
    }

    [Test]
    public void ALockedOverlayIsLeftAsConfirmed()
    {
        var line = Overlay(SolutionCentre, 50m, locked: true);
        Assert.That(Routed(Opportunity(SalesMode.Direct, 3_000_000m, lines: [line], allocation: AllocationStatus.Confirmed), Tier1).Overlay, Is.EqualTo(OverlayAction.None));
    }

    [Test]
    public void ARevenueLineOfThePresalesTeamIsNotItsOverlay()
    {
        var revenue = Overlay(SolutionCentre, 100m) with { Type = SplitType.Revenue };
        Assert.That(Routed(Opportunity(SalesMode.Direct, 3_000_000m, lines: [revenue]), Tier1).Overlay, Is.EqualTo(OverlayAction.Create));
    }

    [Test]
    public void AnOverlayAPersonAddedForAnotherTeamIsKeptAndThePresalesTeamGetsOne()
    {
        var old = Overlay(OtherTeam, 100m);
        var outcome = Routed(Opportunity(SalesMode.Direct, 3_000_000m, lines: [old], allocation: AllocationStatus.Draft), Tier1);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.Create));
            Assert.That(outcome.OverlayTeamId, Is.EqualTo(SolutionCentre));
            Assert.That(outcome.OverlayToRemove, Is.Null, "not routing's line: the previous presales team had no dual credit");
            Assert.That(outcome.NewAllocation, Is.Null, "Draft stays Draft");
        });
    }

    // ------------------------------------------------------------ routing's Overlay line follows the presales team

    private static readonly SupportTier Tier1Other = Tier1 with { Id = Guid.NewGuid(), Name = "Tier 1 other centre", PresalesTeamId = OtherTeam, PresalesTeamName = "Other Centre", EvaluationOrder = 5 };

    [Test]
    public void WhenRoutingChangesThePresalesTeamThePreviousTeamsRoutingOverlayGoesAndTheNewTeamsComes()
    {
        var previous = Overlay(SolutionCentre, 100m);
        var outcome = Routed(Opportunity(SalesMode.Direct, 3_000_000m, tiers: [Tier1Other, .. Tiers], lines: [previous], allocation: AllocationStatus.Draft,
            previousTeam: SolutionCentre, previousDualCredit: true), Tier1Other);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.OverlayToRemove?.Id, Is.EqualTo(previous.Id));
            Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.Create));
            Assert.That(outcome.OverlayTeamId, Is.EqualTo(OtherTeam));
            Assert.That(outcome.NewAllocation, Is.Null, "one line goes, one comes");
            Assert.That(outcome.Note, Is.Not.Null);
            Assert.That(outcome.Note!.Subject, Is.EqualTo("“ERP rollout”: routing moved the dual credit · “ERP rollout”：路由调整了双算额度"));
            Assert.That(outcome.Note.Text, Does.Contain("- Removed: the Overlay split line of “Solution Centre” (100.00%), the presales team routing credited until now."));
            Assert.That(outcome.Note.Text, Does.Contain("- Added: an Overlay split line of “Other Centre” at 100.00%, the presales team support tier “Tier 1 other centre” credits."));
            Assert.That(outcome.Note.Text, Does.Contain("已移除：此前路由计入的售前团队“Solution Centre”的叠加分配行（100.00%）").And.Contain("已添加：支持层级“Tier 1 other centre”计入的售前团队“Other Centre”的叠加分配行"));
        });
    }

    [Test]
    public void RoutingsOverlayFollowsTheTeamEvenWhenTheSplitIsConfirmed()
    {
        // The minutes locked the Revenue line; routing's line of the previous team stays unlocked (it is routing's).
        var revenue = new SplitLine { Id = Guid.NewGuid(), TeamId = Guid.NewGuid(), TeamName = "Team East", Percent = 100m, Locked = true };
        var previous = Overlay(SolutionCentre, 100m);
        var outcome = Routed(Opportunity(SalesMode.Direct, 3_000_000m, tiers: [Tier1Other, .. Tiers], lines: [revenue, previous], allocation: AllocationStatus.Confirmed,
            previousTeam: SolutionCentre, previousDualCredit: true), Tier1Other);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.OverlayToRemove?.Id, Is.EqualTo(previous.Id));
            Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.Create), "no refusal: the new team's line comes into the confirmed split");
            Assert.That(outcome.NewAllocation, Is.Null, "the allocation stays Confirmed");
        });
    }

    [Test]
    public void ANewDualCreditJoinsAConfirmedSplitWithoutARefusal()
    {
        var revenue = new SplitLine { Id = Guid.NewGuid(), TeamId = OtherTeam, TeamName = "Team East", Percent = 100m, Locked = true };
        var outcome = Routed(Opportunity(SalesMode.Direct, 3_000_000m, lines: [revenue], allocation: AllocationStatus.Confirmed), Tier1);
        Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.Create));
        Assert.That(outcome.OverlayToRemove, Is.Null);
        Assert.That(outcome.Note, Is.Not.Null, "an existing deal's new dual credit is noted");
        Assert.That(outcome.Note!.Text, Does.Not.Contain("Removed"));
    }

    [Test]
    public void ANewDealsFirstOverlayNeedsNoNote()
    {
        var outcome = Routed(Opportunity(SalesMode.Direct, 3_000_000m) with { IsNew = true, Allocation = AllocationStatus.NotRequired }, Tier1);
        Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.Create));
        Assert.That(outcome.NewAllocation, Is.EqualTo(AllocationStatus.Draft), "the first line makes the allocation Draft");
        Assert.That(outcome.Note, Is.Null);
    }

    [Test]
    public void WhenTheTeamStaysButDualCreditEndsTheLineStaysAsAnOrdinaryOverlay()
    {
        var line = Overlay(CallCentre, 100m);
        var outcome = Routed(Opportunity(SalesMode.Channel, 10_000m, lines: [line], previousTeam: CallCentre, previousDualCredit: true), Tier3);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.DualCredit, Is.False);
            Assert.That(outcome.OverlayToRemove, Is.Null);
            Assert.That(outcome.Overlay, Is.EqualTo(OverlayAction.None));
            Assert.That(outcome.Note, Is.Null);
            Assert.That(TierRouting.DependsOnLines(Opportunity(SalesMode.Channel, 10_000m, previousTeam: CallCentre, previousDualCredit: true), outcome), Is.False, "no line to read");
        });
    }

    [Test]
    public void ClearingTheSalesModeTakesRoutingsOverlayWithTheTeam()
    {
        var line = Overlay(SolutionCentre, 100m);
        var outcome = RuleAssert.Ok(TierRouting.Route(Opportunity(null, 3_000_000m, lines: [line], allocation: AllocationStatus.Draft, previousTeam: SolutionCentre, previousDualCredit: true)));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Routed, Is.False);
            Assert.That(outcome.OverlayToRemove?.Id, Is.EqualTo(line.Id));
            Assert.That(outcome.NewAllocation, Is.EqualTo(AllocationStatus.NotRequired));
        });
    }

    [Test]
    public void APreviousTeamWithoutDualCreditLeavesItsOverlayAlone()
    {
        var line = Overlay(OtherTeam, 100m);
        var outcome = Routed(Opportunity(SalesMode.Direct, 3_000_000m, lines: [line], allocation: AllocationStatus.Draft, previousTeam: OtherTeam, previousDualCredit: false), Tier1);
        Assert.That(outcome.OverlayToRemove, Is.Null, "a person's line");
    }

    [Test]
    public void TheLinesAreNeededOnlyForDualCreditOrARoutingTeamThatLeaves()
    {
        var branchTier = Tier2Large with { Id = Guid.NewGuid(), Name = "Tier 2 any", MinAmount = null };
        var small = Opportunity(SalesMode.PartnerLed, 500_000m, branch: Shanghai, tiers: [branchTier]);
        var smallOutcome = Routed(small, branchTier);
        Assert.Multiple(() =>
        {
            Assert.That(TierRouting.DependsOnLines(small, smallOutcome), Is.False, "no dual credit, no previous routing team");
            Assert.That(TierRouting.DependsOnLines(small, Routed(Opportunity(SalesMode.Direct, 3_000_000m), Tier1)), Is.True, "dual credit for a team");
            Assert.That(TierRouting.DependsOnLines(small with { PreviousPresalesTeamId = SolutionCentre, PreviousDualCredit = true }, smallOutcome), Is.True, "routing's team leaves");
        });
    }

    // ------------------------------------------------------------ tiers keep themselves sound

    [Test]
    public void ASoundTierPasses()
    {
        foreach (var tier in Tiers)
            Assert.That(TierRouting.CheckTier(tier, Tiers).IsOk, Is.True, tier.Name);
    }

    [TestCase("1000000", "1000000", "1,000,000.00")]
    [TestCase("5000000", "1000000", "5,000,000.00")]
    public void MinimumMustBeBelowMaximum(string min, string max, string shown)
    {
        static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        RuleAssert.Refused(TierRouting.CheckTier(Tier1 with { MinAmount = D(min), MaxAmount = D(max) }, Tiers), RefusalCode.TierBandInvalid, "Tier 1 company-led", shown);
    }

    [Test]
    public void OpenEndedBandsAreSound()
    {
        Assert.That(TierRouting.CheckTier(Tier1 with { MinAmount = null, MaxAmount = 10m }, Tiers).IsOk, Is.True);
        Assert.That(TierRouting.CheckTier(Tier1 with { MinAmount = 10m, MaxAmount = null }, Tiers).IsOk, Is.True);
    }

    [TestCase(PresalesModel.SolutionCentre, false)]
    [TestCase(PresalesModel.CallCentre, false)]
    [TestCase(PresalesModel.BranchTechnicalTeam, true)]
    [TestCase(PresalesModel.PartnerSelfService, true)]
    public void SolutionAndCallCentreTiersNameATeam(PresalesModel model, bool soundWithoutTeam)
    {
        var result = TierRouting.CheckTier(Tier1 with { PresalesModel = model, PresalesTeamId = null }, Tiers);
        if (soundWithoutTeam) Assert.That(result.IsOk, Is.True);
        else
        {
            var refusal = RuleAssert.Refused(result, RefusalCode.TierPresalesTeamRequired, "Tier 1 company-led");
            Assert.That(refusal.Message(1033), Does.Contain("uses " + Messages.Label(model).English));
        }
    }

    [Test]
    public void ActiveTiersHaveDistinctEvaluationOrders()
    {
        var clash = Tier1 with { Id = Guid.NewGuid(), Name = "Tier 1 new", EvaluationOrder = 20 };
        RuleAssert.Refused(TierRouting.CheckTier(clash, Tiers), RefusalCode.TierEvaluationOrderTaken, "Tier 1 new", "20", "Tier 2 large");
        Assert.That(TierRouting.CheckTier(clash with { Active = false }, Tiers).IsOk, Is.True, "an inactive tier may share");
        var others = Tiers.Select(t => t.Id == Tier2Large.Id ? t with { Active = false } : t).ToArray();
        Assert.That(TierRouting.CheckTier(clash, others).IsOk, Is.True, "sharing with an inactive tier is fine");
        Assert.That(TierRouting.CheckTier(Tier2Large, Tiers).IsOk, Is.True, "a tier does not clash with itself");
    }

    [Test]
    public void ActiveTiersNeedAnEvaluationOrder()
    {
        RuleAssert.Refused(TierRouting.CheckTier(Tier1 with { EvaluationOrder = null }, Tiers), RefusalCode.TierEvaluationOrderMissing, "Tier 1 company-led");
        Assert.That(TierRouting.CheckTier(Tier1 with { EvaluationOrder = null, Active = false }, Tiers).IsOk, Is.True);
    }

    [Test]
    public void TiersNeedASalesModeAndAPresalesModel()
    {
        RuleAssert.Refused(TierRouting.CheckTier(Tier1 with { SalesMode = null }, Tiers), RefusalCode.TierSalesModeMissing, "Tier 1 company-led");
        RuleAssert.Refused(TierRouting.CheckTier(Tier1 with { PresalesModel = null }, Tiers), RefusalCode.TierPresalesModelMissing, "Tier 1 company-led");
    }
}
