namespace Mci.Rules.Tests;

public class PartnerRulesTests
{
    private const string Deal = "ERP rollout";
    private static readonly Guid Seller = Guid.NewGuid(), Executive = Guid.NewGuid(), EarlierExecutive = Guid.NewGuid();

    /// <summary>Partner sells at 1,000.00; we sell to the partner at 700.00; partner cost 200.00: margin 10.00%.</summary>
    private static PartnerEngagement Engagement(decimal? ourPrice = 700m, decimal? partnerPrice = 1000m, decimal? partnerCost = 200m,
        decimal? floor = 600m, decimal? minimum = null, ExceptionStatus? status = ExceptionStatus.None, string? reason = null, Guid? approver = null)
        => new()
        {
            Id = Guid.NewGuid(), PartnerName = "Acme", OpportunityName = Deal, OurPrice = ourPrice, PartnerPrice = partnerPrice,
            PartnerCost = partnerCost, FloorPrice = floor, PartnerMinimumMarginPercent = minimum, ExceptionStatus = status,
            ExceptionReason = reason, ExceptionApproverId = approver,
        };

    private static RuleResult<PartnerEngagementOutcome> Save(PartnerEngagement after, PartnerEngagement? before = null, bool approver = false, decimal? defaultMinimum = null)
        => PartnerRules.OnSave(new PartnerEngagementChange
        {
            Before = before, After = after, ActorId = approver ? Executive : Seller, ActorMayApprove = approver, DefaultMinimumMarginPercent = defaultMinimum,
        });

    // ------------------------------------------------------------ margin

    [TestCase(1000, 700, 200, "10.00")]
    [TestCase(3, 1, 1, "33.33")]        // 33.333…
    [TestCase(3, 1, 0, "66.67")]        // 66.666…
    [TestCase(800, 799, 0, "0.13")]     // 0.125: half away from zero (banker's would give 0.12)
    [TestCase(100, 120, 0, "-20.00")]   // we charge the partner more than the customer pays
    [TestCase(100, 0, 0, "100.00")]
    public void MarginIsPartnerPriceLessOurPriceAndCostOverPartnerPrice(decimal partnerPrice, decimal ourPrice, decimal cost, string expected)
        => Assert.That(PartnerRules.MarginPercent(partnerPrice, ourPrice, cost),
            Is.EqualTo(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [Test]
    public void MarginOfLargeAmountsStaysExact()
        => Assert.That(PartnerRules.MarginPercent(99_999_999_999.99m, 80_000_000_000m, 9_999_999_999.99m), Is.EqualTo(10.00m));

    [Test]
    public void MarginIsEmptyUntilEveryFigureIsKnown()
    {
        Assert.That(PartnerRules.MarginPercent(null, 700m, 200m), Is.Null);
        Assert.That(PartnerRules.MarginPercent(0m, 700m, 200m), Is.Null);
        Assert.That(PartnerRules.MarginPercent(1000m, null, 200m), Is.Null);
        Assert.That(PartnerRules.MarginPercent(1000m, 700m, null), Is.Null);
    }

    [Test]
    public void MinimumIsThePartnersElseTheEnvironmentsElseTen()
    {
        Assert.That(PartnerRules.Assess(Engagement(minimum: 12m), 15m).MinimumMarginPercent, Is.EqualTo(12m));
        Assert.That(PartnerRules.Assess(Engagement(), 15m).MinimumMarginPercent, Is.EqualTo(15m));
        Assert.That(PartnerRules.Assess(Engagement(), null).MinimumMarginPercent, Is.EqualTo(10m));
        Assert.That(PartnerRules.Assess(Engagement(minimum: 0m), 15m).MinimumMarginPercent, Is.EqualTo(0m));
    }

    [Test]
    public void TheRoundedMarginIsWhatIsCompared()
    {
        // (1000 - 700 - 200.05) / 1000 = 9.995% → 10.00%, not below a 10.00 minimum
        var assessment = PartnerRules.Assess(Engagement(partnerCost: 200.05m), null);
        Assert.That(assessment.MarginPercent, Is.EqualTo(10.00m));
        Assert.That(assessment.BelowMinimum, Is.False);
        Assert.That(PartnerRules.Assess(Engagement(partnerCost: 200.06m), null).BelowMinimum, Is.True);
    }

    [Test]
    public void OurPriceEqualToTheFloorIsWithinBounds()
    {
        Assert.That(PartnerRules.Assess(Engagement(floor: 700m), null).BelowFloor, Is.False);
        Assert.That(PartnerRules.Assess(Engagement(floor: 700.01m), null).BelowFloor, Is.True);
        Assert.That(PartnerRules.Assess(Engagement(floor: null), null).BelowFloor, Is.False);
        Assert.That(PartnerRules.Assess(Engagement(ourPrice: null), null).BelowFloor, Is.False);
    }

    // ------------------------------------------------------------ saving

    [Test]
    public void WithinBoundsSavesAndWritesTheMargin()
    {
        var outcome = RuleAssert.Ok(Save(Engagement()));
        Assert.That(outcome.MarginPercent, Is.EqualTo(10.00m));
        Assert.That(outcome.ExceptionStatus, Is.EqualTo(ExceptionStatus.None));
        Assert.That(outcome.ExceptionStatusChanged, Is.False);
        Assert.That(outcome.ExceptionApproverChanged, Is.False);
    }

    [Test]
    public void AnEngagementWithoutPricesYetSaves()
    {
        var outcome = RuleAssert.Ok(Save(Engagement(ourPrice: null, partnerPrice: null, partnerCost: null, floor: null, status: null)));
        Assert.That(outcome.MarginPercent, Is.Null);
        Assert.That(outcome.Assessment.OutOfBounds, Is.False);
    }

    [Test]
    public void BelowMinimumMarginIsRefusedWithoutAnException()
    {
        var refusal = RuleAssert.Refused(Save(Engagement(partnerCost: 260m)), RefusalCode.PartnerOutOfBounds, "Acme", Deal, "4.00%", "10.00%");
        Assert.That(refusal.Message(1033), Is.EqualTo(
            "Partner “Acme” on “ERP rollout” is out of bounds (margin 4.00% is below the minimum 10.00%) and its exception is None; bring the prices within bounds, or request an exception (status Requested, with a reason) for a sales executive to approve."));
        Assert.That(refusal.Message(2052), Is.EqualTo(
            "合作伙伴“Acme”在“ERP rollout”中超出范围（利润率 4.00% 低于最低利润率 10.00%），例外状态为“无”；请将价格调整到范围内，或申请例外（状态设为“已申请”并填写原因）交由销售高管审批。"));
    }

    [Test]
    public void TheEnvironmentDefaultApplies()
        => RuleAssert.Refused(Save(Engagement(), defaultMinimum: 12.5m), RefusalCode.PartnerOutOfBounds, "10.00%", "12.50%");

    [Test]
    public void BelowTheFloorIsRefusedWithoutAnException()
        => RuleAssert.Refused(Save(Engagement(ourPrice: 500m, partnerCost: 100m)), RefusalCode.PartnerOutOfBounds, "500.00", "600.00");

    [Test]
    public void BothProblemsAreNamed()
    {
        var refusal = RuleAssert.Refused(Save(Engagement(ourPrice: 590m, partnerCost: 350m)), RefusalCode.PartnerOutOfBounds, "6.00%", "10.00%", "590.00", "600.00");
        Assert.That(refusal.Message(1033), Does.Contain("margin 6.00% is below the minimum 10.00% and our price 590.00 is below the floor 600.00"));
    }

    [Test]
    public void ARequestedExceptionWithAReasonLetsItSave()
    {
        var outcome = RuleAssert.Ok(Save(Engagement(partnerCost: 260m, status: ExceptionStatus.Requested, reason: "Strategic logo")));
        Assert.That(outcome.ExceptionStatus, Is.EqualTo(ExceptionStatus.Requested));
        Assert.That(outcome.MarginPercent, Is.EqualTo(4.00m));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void ARequestedExceptionNeedsAReason(string? reason)
        => RuleAssert.Refused(Save(Engagement(partnerCost: 260m, status: ExceptionStatus.Requested, reason: reason)),
            RefusalCode.PartnerExceptionReasonMissing, "Acme", Deal, "4.00%");

    [Test]
    public void ARejectedExceptionDoesNotCoverTheEngagement()
    {
        var rejected = Engagement(partnerCost: 260m, status: ExceptionStatus.Rejected, reason: "x", approver: EarlierExecutive);
        var refusal = RuleAssert.Refused(Save(rejected with { OurPrice = 690m }, rejected), RefusalCode.PartnerOutOfBounds, "Acme");
        Assert.That(refusal.Message(2052), Does.Contain("例外状态为“已拒绝”"));
    }

    [TestCase(ExceptionStatus.Approved)]
    [TestCase(ExceptionStatus.Rejected)]
    public void OnlyApproversDecideExceptions(ExceptionStatus decision)
    {
        var requested = Engagement(partnerCost: 260m, status: ExceptionStatus.Requested, reason: "Strategic logo");
        var refusal = RuleAssert.Refused(Save(requested with { ExceptionStatus = decision }, requested), RefusalCode.PartnerExceptionDecisionNotAllowed, "Acme", Deal);
        Assert.That(refusal.Message(1033), Does.Contain("to " + decision));
        Assert.That(refusal.Message(2052), Does.Contain("设为“" + Messages.Label(decision).Chinese + "”"));
        RuleAssert.Refused(Save(Engagement(status: decision)), RefusalCode.PartnerExceptionDecisionNotAllowed); // on create too
    }

    [TestCase(ExceptionStatus.Approved)]
    [TestCase(ExceptionStatus.Rejected)]
    public void AnApproversDecisionIsStampedWithTheApprover(ExceptionStatus decision)
    {
        var requested = Engagement(partnerCost: 260m, status: ExceptionStatus.Requested, reason: "Strategic logo");
        var outcome = RuleAssert.Ok(Save(requested with { ExceptionStatus = decision }, requested, approver: true));
        Assert.That(outcome.ExceptionStatus, Is.EqualTo(decision));
        Assert.That(outcome.ExceptionApproverId, Is.EqualTo(Executive));
        Assert.That(outcome.ExceptionApproverChanged, Is.True);
        Assert.That(outcome.ExceptionStatusChanged, Is.False);
    }

    [Test]
    public void AnApprovalCoversTheFiguresItWasGivenFor()
    {
        var approved = Engagement(partnerCost: 260m, status: ExceptionStatus.Approved, reason: "Strategic logo", approver: EarlierExecutive);
        // the seller lowers the margin further: back to Requested, approver cleared
        var outcome = RuleAssert.Ok(Save(approved with { PartnerCost = 290m }, approved));
        Assert.That(outcome.ExceptionStatus, Is.EqualTo(ExceptionStatus.Requested));
        Assert.That(outcome.ExceptionStatusChanged, Is.True);
        Assert.That(outcome.ExceptionApproverId, Is.Null);
        Assert.That(outcome.ExceptionApproverChanged, Is.True);
        // without a reason that new request is refused
        var noReason = approved with { ExceptionReason = null };
        RuleAssert.Refused(Save(noReason with { OurPrice = 690m }, noReason), RefusalCode.PartnerExceptionReasonMissing, "Acme");
    }

    [Test]
    public void AnApprovalCoversThePartnerAndTheDealItWasGivenFor()
    {
        var approved = Engagement(partnerCost: 260m, status: ExceptionStatus.Approved, reason: "Strategic logo", approver: EarlierExecutive) with { PartnerId = Guid.NewGuid() };
        // another partner, the same figures and the same (default) minimum: still a new question for the executive
        var outcome = RuleAssert.Ok(Save(approved with { PartnerId = Guid.NewGuid(), PartnerName = "Beta Systems" }, approved));
        Assert.That((outcome.ExceptionStatus, outcome.ExceptionApproverId), Is.EqualTo((ExceptionStatus.Requested, (Guid?)null)));
        // the same engagement moved to another deal: the exception was argued for the first one
        var moved = RuleAssert.Ok(Save(approved with { OpportunityId = Guid.NewGuid(), OpportunityName = "Big deal" }, approved));
        Assert.That(moved.ExceptionStatus, Is.EqualTo(ExceptionStatus.Requested));
    }

    [Test]
    public void AnApprovalStaysWhenOnlyTextChangesOrAnApproverChangesFigures()
    {
        var approved = Engagement(partnerCost: 260m, status: ExceptionStatus.Approved, reason: "Strategic logo", approver: EarlierExecutive);
        var text = RuleAssert.Ok(Save(approved with { ExceptionReason = "Strategic logo, phase 2" }, approved));
        Assert.That(text.ExceptionStatus, Is.EqualTo(ExceptionStatus.Approved));
        Assert.That(text.ExceptionApproverId, Is.EqualTo(EarlierExecutive));
        Assert.That(text.ExceptionApproverChanged, Is.False);
        var byExecutive = RuleAssert.Ok(Save(approved with { PartnerCost = 290m }, approved, approver: true));
        Assert.That(byExecutive.ExceptionStatus, Is.EqualTo(ExceptionStatus.Approved));
        Assert.That(byExecutive.ExceptionApproverId, Is.EqualTo(EarlierExecutive));
    }

    [Test]
    public void BackWithinBoundsAPendingRequestIsWithdrawnButDecisionsStay()
    {
        var requested = Engagement(partnerCost: 260m, status: ExceptionStatus.Requested, reason: "Strategic logo");
        var withdrawn = RuleAssert.Ok(Save(requested with { PartnerCost = 100m }, requested));
        Assert.That(withdrawn.ExceptionStatus, Is.EqualTo(ExceptionStatus.None));
        Assert.That(withdrawn.ExceptionStatusChanged, Is.True);

        var approved = Engagement(partnerCost: 260m, status: ExceptionStatus.Approved, approver: EarlierExecutive);
        var kept = RuleAssert.Ok(Save(approved with { PartnerCost = 100m }, approved));
        Assert.That(kept.ExceptionStatus, Is.EqualTo(ExceptionStatus.Approved));
        Assert.That(kept.ExceptionStatusChanged, Is.False);

        var rejected = Engagement(partnerCost: 260m, status: ExceptionStatus.Rejected, approver: EarlierExecutive);
        Assert.That(RuleAssert.Ok(Save(rejected with { PartnerCost = 100m }, rejected)).ExceptionStatus, Is.EqualTo(ExceptionStatus.Rejected));
    }

    [Test]
    public void WithdrawingAnExceptionClearsTheApprover()
    {
        var approved = Engagement(status: ExceptionStatus.Approved, approver: EarlierExecutive);
        var outcome = RuleAssert.Ok(Save(approved with { ExceptionStatus = ExceptionStatus.None }, approved));
        Assert.That(outcome.ExceptionApproverId, Is.Null);
        Assert.That(outcome.ExceptionApproverChanged, Is.True);
    }

    [TestCase(PartnerFigure.OurPrice, "our price", "我方价格")]
    [TestCase(PartnerFigure.PartnerPrice, "partner price", "合作伙伴报价")]
    [TestCase(PartnerFigure.PartnerCost, "partner cost", "合作伙伴成本")]
    [TestCase(PartnerFigure.FloorPrice, "floor price", "底价")]
    public void NegativeFiguresAreRefused(PartnerFigure figure, string english, string chinese)
    {
        var e = Engagement();
        e = figure switch
        {
            PartnerFigure.OurPrice => e with { OurPrice = -0.01m },
            PartnerFigure.PartnerPrice => e with { PartnerPrice = -0.01m },
            PartnerFigure.PartnerCost => e with { PartnerCost = -0.01m },
            _ => e with { FloorPrice = -0.01m },
        };
        var refusal = RuleAssert.Refused(Save(e), RefusalCode.PartnerFigureNegative, "Acme", Deal, "-0.01");
        Assert.That(refusal.Message(1033), Does.Contain("The " + english + " of partner"));
        Assert.That(refusal.Message(2052), Does.Contain("中的" + chinese + "为 -0.01"));
    }

    [Test]
    public void AZeroPartnerPriceIsRefusedBecauseNoMarginExists()
        => RuleAssert.Refused(Save(Engagement(partnerPrice: 0m)), RefusalCode.PartnerPriceZero, "Acme", Deal, "0.00");

    // ------------------------------------------------------------ partner record

    [TestCase(null)]
    [TestCase("0")]
    [TestCase("10.5")]
    [TestCase("100")]
    public void AMinimumMarginFromZeroToHundredIsSound(string? minimum)
        => Assert.That(PartnerRules.CheckPartner("Acme", minimum == null ? null : decimal.Parse(minimum, System.Globalization.CultureInfo.InvariantCulture)).IsOk, Is.True);

    [TestCase("-0.01", "-0.01")]
    [TestCase("100.01", "100.01")]
    [TestCase("12.345", "12.345")]
    public void OtherMinimumMarginsAreRefused(string minimum, string shown)
        => RuleAssert.Refused(PartnerRules.CheckPartner("Acme", decimal.Parse(minimum, System.Globalization.CultureInfo.InvariantCulture)),
            RefusalCode.PartnerMinimumMarginInvalid, "Acme", shown + "%", "100.00");

    // ------------------------------------------------------------ a won or lost deal's engagements are read-only

    [TestCase(OpportunityState.Won, "“ERP rollout” is closed as Won", "“ERP rollout”已结束（赢单）")]
    [TestCase(OpportunityState.Lost, "“ERP rollout” is closed as Lost", "“ERP rollout”已结束（丢单）")]
    public void AClosedDealsEngagementsAreReadOnly(OpportunityState state, string english, string chinese)
    {
        var result = PartnerRules.OnSave(new PartnerEngagementChange { Before = Engagement(), After = Engagement(ourPrice: 650m), ActorId = Executive, ActorMayApprove = true, DealState = state });
        var refusal = RuleAssert.Refused(result, RefusalCode.PartnerOpportunityClosed, "Acme", Deal);
        Assert.That(refusal.Message(1033), Does.StartWith(english).And.Contain("partner “Acme” cannot be added, changed, moved or deleted"));
        Assert.That(refusal.Message(2052), Does.StartWith(chinese));
        RuleAssert.Refused(PartnerRules.CheckDealOpen("Acme", Deal, state), RefusalCode.PartnerOpportunityClosed, "Acme", Deal);
    }

    [Test]
    public void AnOpenDealsEngagementsFollowTheMarginRules()
    {
        Assert.That(PartnerRules.CheckDealOpen("Acme", Deal, OpportunityState.Open).IsOk, Is.True);
        Assert.That(PartnerRules.CheckDealOpen("Acme", Deal, null).IsOk, Is.True, "an engagement without a deal");
        Assert.That(PartnerRules.OnSave(new PartnerEngagementChange { After = Engagement(), ActorId = Seller, DealState = OpportunityState.Open }).IsOk, Is.True);
    }

    [Test]
    public void AnEngagementCannotLeaveAClosedDealNorJoinOne()
    {
        var before = Engagement() with { OpportunityId = Guid.NewGuid(), OpportunityName = "Won deal" };
        var after = Engagement() with { OpportunityId = Guid.NewGuid(), OpportunityName = "Open deal" };
        RuleAssert.Refused(PartnerRules.OnSave(new PartnerEngagementChange { Before = before, After = after, ActorId = Seller, PreviousDealState = OpportunityState.Won, DealState = OpportunityState.Open }),
            RefusalCode.PartnerOpportunityClosed, "Won deal");
        RuleAssert.Refused(PartnerRules.OnSave(new PartnerEngagementChange { Before = after, After = before, ActorId = Seller, PreviousDealState = OpportunityState.Open, DealState = OpportunityState.Lost }),
            RefusalCode.PartnerOpportunityClosed, "Won deal");
    }

    [Test]
    public void EvenAnApproverCannotApproveOnAClosedDeal()
        => RuleAssert.Refused(PartnerRules.OnSave(new PartnerEngagementChange
        {
            Before = Engagement(ourPrice: 800m, status: ExceptionStatus.Requested, reason: "Logo"), After = Engagement(ourPrice: 800m, status: ExceptionStatus.Approved, reason: "Logo"),
            ActorId = Executive, ActorMayApprove = true, DealState = OpportunityState.Won,
        }), RefusalCode.PartnerOpportunityClosed);
}
