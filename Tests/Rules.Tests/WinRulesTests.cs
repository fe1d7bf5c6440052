namespace Mci.Rules.Tests;

public class WinRulesTests
{
    private const string Deal = "ERP rollout";

    private static SplitLine Line(string team, decimal percent, SplitType type = SplitType.Revenue)
        => new() { Id = Guid.NewGuid(), TeamId = TeamId(team), TeamName = team, Type = type, Percent = percent };

    private static readonly Dictionary<string, Guid> Teams = new();
    private static Guid TeamId(string name) => Teams.TryGetValue(name, out var id) ? id : Teams[name] = Guid.NewGuid();

    private static PartnerEngagement Partner(string name, decimal cost, ExceptionStatus status = ExceptionStatus.None, decimal ourPrice = 700m)
        => new() { Id = Guid.NewGuid(), PartnerName = name, OurPrice = ourPrice, PartnerPrice = 1000m, PartnerCost = cost, FloorPrice = 600m, ExceptionStatus = status };

    private static RuleResult Win(AllocationStatus? allocation, SplitLine[]? lines = null, PartnerEngagement[]? partners = null, decimal? defaultMinimum = null)
        => WinRules.CanWin(new WinCheck
        {
            OpportunityName = Deal, Allocation = allocation, Lines = lines ?? [], Partners = partners ?? [], DefaultMinimumMarginPercent = defaultMinimum,
        });

    [Test]
    public void ADealWithoutSplitsOrPartnersCanBeWon() => Assert.That(Win(null).IsOk, Is.True);

    [Test]
    public void OneRevenueTeamNeedsNoMinutes()
        => Assert.That(Win(AllocationStatus.Draft, [Line("Team East", 100m), Line("Solution Centre", 100m, SplitType.Overlay)]).IsOk, Is.True);

    [TestCase(AllocationStatus.Draft)]
    [TestCase(AllocationStatus.Reopened)]
    [TestCase(AllocationStatus.NotRequired)]
    [TestCase(null)]
    public void TwoRevenueTeamsNeedAConfirmedAllocation(AllocationStatus? allocation)
    {
        var refusal = RuleAssert.Refused(Win(allocation, [Line("Team West", 40m), Line("Team East", 60m)]), RefusalCode.WinAllocationNotConfirmed, Deal);
        Assert.That(refusal.Message(1033), Does.Contain("names 2 teams (Team East, Team West)"));
        Assert.That(refusal.Message(2052), Does.Contain("涉及 2 个团队（Team East、Team West）"));
        Assert.That(refusal.Message(1033), Does.Contain("the allocation is " + Messages.Label(allocation ?? AllocationStatus.NotRequired).English));
    }

    [Test]
    public void AConfirmedAllocationLetsTheWinThrough()
        => Assert.That(Win(AllocationStatus.Confirmed, [Line("Team West", 40m), Line("Team East", 60m)]).IsOk, Is.True);

    [TestCase(ExceptionStatus.None)]
    [TestCase(ExceptionStatus.Requested)]
    [TestCase(ExceptionStatus.Rejected)]
    public void APartnerBelowMarginBlocksUnlessApproved(ExceptionStatus status)
    {
        var refusal = RuleAssert.Refused(Win(null, partners: [Partner("Acme", 260m, status)]), RefusalCode.WinPartnerExceptionsMissing, Deal, "Acme", "4.00%", "10.00%");
        Assert.That(refusal.Message(1033), Does.Contain("“Acme” (margin 4.00% is below the minimum 10.00%)"));
        Assert.That(refusal.Message(2052), Does.Contain("“Acme”（利润率 4.00% 低于最低利润率 10.00%）"));
    }

    [Test]
    public void AnApprovedExceptionLetsTheWinThrough()
        => Assert.That(Win(null, partners: [Partner("Acme", 260m, ExceptionStatus.Approved)]).IsOk, Is.True);

    [Test]
    public void APartnerBelowTheFloorBlocks()
        => RuleAssert.Refused(Win(null, partners: [Partner("Acme", 100m, ourPrice: 550m)]), RefusalCode.WinPartnerExceptionsMissing, "550.00", "600.00");

    [Test]
    public void TheMessageListsEveryBlockingPartnerInNameOrder()
    {
        var refusal = RuleAssert.Refused(Win(null, partners:
            [Partner("Zeta", 260m), Partner("Acme", 100m, ourPrice: 550m), Partner("Fine Co", 100m), Partner("Approved Co", 290m, ExceptionStatus.Approved)]),
            RefusalCode.WinPartnerExceptionsMissing);
        var english = refusal.Message(1033);
        Assert.That(english, Does.Contain("“Acme” (our price 550.00 is below the floor 600.00); “Zeta” (margin 4.00% is below the minimum 10.00%)"));
        Assert.That(english, Does.Not.Contain("Fine Co").And.Not.Contain("Approved Co"));
        Assert.That(refusal.Message(2052), Does.Contain("“Acme”（我方价格 550.00 低于底价 600.00）；“Zeta”（利润率 4.00% 低于最低利润率 10.00%）"));
    }

    [Test]
    public void ThePartnersOwnMinimumOrTheEnvironmentDefaultApplies()
    {
        RuleAssert.Refused(Win(null, partners: [Partner("Acme", 200m)], defaultMinimum: 15m), RefusalCode.WinPartnerExceptionsMissing, "10.00%", "15.00%");
        Assert.That(Win(null, partners: [Partner("Acme", 200m) with { PartnerMinimumMarginPercent = 8m }], defaultMinimum: 15m).IsOk, Is.True);
    }

    [Test]
    public void AnUnknownMarginDoesNotBlock()
        => Assert.That(Win(null, partners: [Partner("Acme", 0m) with { PartnerCost = null }]).IsOk, Is.True);

    [Test]
    public void BothReasonsAreReportedTogether()
    {
        var result = Win(AllocationStatus.Draft, [Line("Team West", 40m), Line("Team East", 60m)], [Partner("Acme", 260m)]);
        Assert.That(result.Refusals.Select(r => r.Code), Is.EqualTo(new[] { RefusalCode.WinAllocationNotConfirmed, RefusalCode.WinPartnerExceptionsMissing }));
        foreach (var refusal in result.Refusals) RuleAssert.AssertMessages(refusal, Deal);
        var lines = result.Message(2052).Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[1], Does.Contain("4.00%"));
    }
}
