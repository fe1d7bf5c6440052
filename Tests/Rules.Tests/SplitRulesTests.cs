namespace Mci.Rules.Tests;

public class SplitRulesTests
{
    private const string Deal = "ERP rollout";
    private static readonly Guid East = Guid.NewGuid(), West = Guid.NewGuid(), North = Guid.NewGuid();

    private static SplitLine Line(Guid team, decimal? percent, SplitType? type = SplitType.Revenue, bool locked = false, Guid? id = null, decimal? amount = null)
        => new()
        {
            Id = id ?? Guid.NewGuid(), TeamId = team, TeamName = team == East ? "Team East" : team == West ? "Team West" : "Team North",
            Type = type, Percent = percent, Locked = locked, Amount = amount,
        };

    private static SplitContext Context(decimal? estimated = 1_000_000m, AllocationStatus? allocation = AllocationStatus.Draft, params SplitLine[] lines)
        => new() { OpportunityName = Deal, EstimatedValue = estimated, Allocation = allocation, Lines = lines };

    /// <summary>After the save: <paramref name="line"/> saved beside the stored lines (replacing its own former self).</summary>
    private static RuleResult<SplitSaved> Saved(SplitContext stored, SplitLine line)
        => SplitRules.AfterSave(stored with { Lines = stored.Lines.Where(l => l.Id != line.Id).Append(line).ToArray() }, line);

    // ------------------------------------------------------------ percent

    [TestCase("0.01")]
    [TestCase("50")]
    [TestCase("33.33")]
    [TestCase("33.330")] // same value as 33.33: not "more than two decimals"
    [TestCase("100")]
    public void AcceptsPercentsAboveZeroUpToHundredWithTwoDecimals(string percent)
    {
        var p = decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture);
        var outcome = RuleAssert.Ok(SplitRules.OnCreate(Context(), Line(East, p)));
        Assert.That(outcome.Amount, Is.EqualTo(1_000_000m * p / 100m));
    }

    [TestCase("0", "0.00")]
    [TestCase("-5", "-5.00")]
    [TestCase("-0.01", "-0.01")]
    [TestCase("100.01", "100.01")]
    [TestCase("100.001", "100.001")]
    [TestCase("250", "250.00")]
    public void RefusesPercentsOutsideTheRange(string percent, string shown)
    {
        var p = decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture);
        RuleAssert.Refused(SplitRules.OnCreate(Context(), Line(East, p)), RefusalCode.SplitPercentOutOfRange, Deal, "Team East", shown + "%");
    }

    [TestCase("33.333")]
    [TestCase("99.999")]
    [TestCase("0.001")]
    [TestCase("12.3456789")]
    public void RefusesMoreThanTwoDecimalsInsteadOfRounding(string percent)
    {
        var p = decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture);
        RuleAssert.Refused(SplitRules.OnCreate(Context(), Line(East, p)), RefusalCode.SplitPercentTooPrecise, percent + "%", "33.33");
    }

    [Test]
    public void RefusesAMissingPercentOrTeam()
    {
        RuleAssert.Refused(SplitRules.OnCreate(Context(), Line(East, null)), RefusalCode.SplitPercentMissing, "Team East", Deal);
        RuleAssert.Refused(SplitRules.OnCreate(Context(), Line(East, 10m) with { TeamId = null }), RefusalCode.SplitTeamMissing, Deal);
        RuleAssert.Refused(SplitRules.OnCreate(Context(), Line(East, 10m) with { TeamId = Guid.Empty }), RefusalCode.SplitTeamMissing, Deal);
    }

    // ------------------------------------------------------------ totals: judged after the save, on the split as saved

    [Test]
    public void BeforeTheSaveALineIsJudgedOnItsOwnNotOnTheOtherLines()
    {
        // A batch may lower another line in the same operation: the total is judged after the save (AfterSave).
        var outcome = RuleAssert.Ok(SplitRules.OnCreate(Context(1_000_000m, AllocationStatus.Draft, Line(East, 60m)), Line(West, 45m)));
        Assert.That(outcome.Amount, Is.EqualTo(450_000m));
        RuleAssert.Ok(SplitRules.OnCreate(Context(1_000_000m, AllocationStatus.Draft, Line(East, 10m)), Line(East, 20m)));
    }

    [Test]
    public void ThirdsOf33Point33And33Point34TotalExactlyHundred()
    {
        var a = Line(East, 33.33m);
        var b = Line(West, 33.33m);
        var outcome = RuleAssert.Ok(Saved(Context(1_000_000m, AllocationStatus.Draft, a, b), Line(North, 33.34m)));
        Assert.That(outcome.RevenueTotal, Is.EqualTo(100.00m));
        Assert.That(outcome.MinutesRequired, Is.True);
        Assert.That(RuleAssert.Ok(SplitRules.OnCreate(Context(1_000_000m, AllocationStatus.Draft, a, b), Line(North, 33.34m))).Amount, Is.EqualTo(333_400.00m));
    }

    [Test]
    public void RefusesRevenueAboveHundredNamingTheTotal()
    {
        var refusal = RuleAssert.Refused(Saved(Context(1_000_000m, AllocationStatus.Draft, Line(East, 60m)), Line(West, 45m)),
            RefusalCode.SplitRevenueOverHundred, Deal, "105.00%");
        Assert.That(refusal.Message(2052), Is.EqualTo("“ERP rollout”的收入分配合计将为 105.00%，超过 100.00%；请调低本行或其他收入分配行，使合计不超过 100.00%。"));
    }

    [Test]
    public void OneHundredthOverIsRefused()
        => RuleAssert.Refused(Saved(Context(1_000_000m, AllocationStatus.Draft, Line(East, 33.33m), Line(West, 33.33m)), Line(North, 33.35m)),
            RefusalCode.SplitRevenueOverHundred, "100.01%");

    [Test]
    public void ALegacyLineWithThreeDecimalsCountsExactly()
    {
        // stored before the rules existed: 66.665 + 33.34 = 100.005, above 100 by half a hundredth
        var legacy = Line(East, 66.665m);
        RuleAssert.Refused(Saved(Context(1_000_000m, AllocationStatus.Draft, legacy), Line(West, 33.34m)),
            RefusalCode.SplitRevenueOverHundred, "100.005%");
    }

    [Test]
    public void RevenueMayTotalLessThanHundredWhileDraft()
        => Assert.That(RuleAssert.Ok(Saved(Context(), Line(East, 40m))).RevenueTotal, Is.EqualTo(40m));

    [Test]
    public void OverlayLinesDoNotCountTowardHundred()
    {
        var revenue = Line(East, 100m);
        var outcome = RuleAssert.Ok(Saved(Context(1_000_000m, AllocationStatus.Draft, revenue), Line(West, 100m, SplitType.Overlay)));
        Assert.That(outcome.RevenueTotal, Is.EqualTo(100m));
        Assert.That(outcome.MinutesRequired, Is.False, "an Overlay team does not make a multi-team revenue split");
    }

    [Test]
    public void AnEmptyTypeCountsAsRevenue()
        => RuleAssert.Refused(Saved(Context(1_000_000m, AllocationStatus.Draft, Line(East, 60m, type: null)), Line(West, 45m)),
            RefusalCode.SplitRevenueOverHundred, "105.00%");

    [Test]
    public void UpdatingALineReplacesItsOwnPercentInTheTotal()
    {
        var east = Line(East, 50m);
        var west = Line(West, 40m);
        var stored = Context(1_000_000m, AllocationStatus.Draft, east, west);
        Assert.That(RuleAssert.Ok(SplitRules.OnUpdate(stored, east, east with { Percent = 60m })).Amount, Is.EqualTo(600_000m));
        Assert.That(RuleAssert.Ok(Saved(stored, east with { Percent = 60m })).RevenueTotal, Is.EqualTo(100m));
        RuleAssert.Refused(Saved(stored, east with { Percent = 60.01m }), RefusalCode.SplitRevenueOverHundred, "100.01%");
    }

    [Test]
    public void ABatchIsJudgedOnWhatItLeaves()
    {
        // 50/50 becomes 70/30: each line saved, then each judged on the saved split.
        var east = Line(East, 70m);
        var west = Line(West, 30m);
        var saved = Context(1_000_000m, AllocationStatus.Draft, east, west);
        RuleAssert.Ok(SplitRules.AfterSave(saved, east));
        RuleAssert.Ok(SplitRules.AfterSave(saved, west));
        RuleAssert.Refused(SplitRules.AfterSave(Context(1_000_000m, AllocationStatus.Draft, east, Line(West, 50m)), east), RefusalCode.SplitRevenueOverHundred, "120.00%");
    }

    // ------------------------------------------------------------ one line per team and type

    [Test]
    public void RefusesASecondLineOfTheSameTeamAndType()
    {
        var refusal = RuleAssert.Refused(Saved(Context(1_000_000m, AllocationStatus.Draft, Line(East, 10m)), Line(East, 20m)),
            RefusalCode.SplitDuplicateLine, "Team East", Deal);
        Assert.That(refusal.Message(1033), Does.Contain("a Revenue split line for “Team East”"));
        Assert.That(refusal.Message(2052), Does.Contain("“Team East”的收入分配行"));
    }

    [Test]
    public void TheSameTeamMayHaveOneLineOfEachType()
        => RuleAssert.Ok(Saved(Context(1_000_000m, AllocationStatus.Draft, Line(East, 10m)), Line(East, 100m, SplitType.Overlay)));

    [Test]
    public void MovingALineOntoAnotherTeamsSlotIsADuplicate()
    {
        var east = Line(East, 10m);
        var west = Line(West, 20m);
        var refusal = RuleAssert.Refused(Saved(Context(1_000_000m, AllocationStatus.Draft, east, west), west with { TeamId = East, TeamName = "Team East" }),
            RefusalCode.SplitDuplicateLine, "Team East");
        Assert.That(refusal.Message(2052), Does.Contain("已有“Team East”的收入分配行"));
    }

    [Test]
    public void WhatChangesTheSplitIsJudgedAgainAfterTheSave()
    {
        var east = Line(East, 10m);
        Assert.Multiple(() =>
        {
            Assert.That(SplitRules.ChangesSplit(east, east with { Percent = 20m }, moved: false), Is.True);
            Assert.That(SplitRules.ChangesSplit(east, east with { TeamId = West }, moved: false), Is.True);
            Assert.That(SplitRules.ChangesSplit(east, east with { Type = SplitType.Overlay }, moved: false), Is.True);
            Assert.That(SplitRules.ChangesSplit(east, east with { Active = false }, moved: false), Is.True);
            Assert.That(SplitRules.ChangesSplit(east, east, moved: true), Is.True);
            Assert.That(SplitRules.ChangesSplit(east, east with { SellerId = Guid.NewGuid(), Amount = 5m }, moved: false), Is.False, "seller and amount leave the split as it is");
        });
    }

    // ------------------------------------------------------------ amounts

    [Test]
    public void AmountIsEmptyWhenTheEstimatedValueIsEmpty()
        => Assert.That(RuleAssert.Ok(SplitRules.OnCreate(Context(estimated: null), Line(East, 50m))).Amount, Is.Null);

    [Test]
    public void AmountIsZeroWhenTheEstimatedValueIsZero()
        => Assert.That(RuleAssert.Ok(SplitRules.OnCreate(Context(estimated: 0m), Line(East, 50m))).Amount, Is.EqualTo(0m));

    [TestCase("99999999999.99", "100", "99999999999.99")]
    [TestCase("99999999999.99", "33.33", "33330000000.00")] // 33,329,999,999.9966667
    [TestCase("0.5", "25", "0.13")]                          // 0.125: half away from zero, not banker's 0.12
    [TestCase("-0.5", "25", "-0.13")]
    [TestCase("1000.01", "33.34", "333.40")]
    [TestCase("0.01", "50", "0.01")]                          // 0.005 rounds up
    public void AmountIsValueTimesPercentRoundedHalfAwayFromZero(string value, string percent, string expected)
    {
        static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(SplitRules.Amount(D(value), D(percent)), Is.EqualTo(D(expected)));
    }

    [Test]
    public void EachAmountIsRoundedOnItsOwnSoTheirSumMayDifferByCents()
    {
        var sum = new[] { 33.33m, 33.33m, 33.34m }.Sum(p => SplitRules.Amount(1000.01m, p)!.Value);
        Assert.That(sum, Is.EqualTo(1000.00m)); // 333.30 + 333.30 + 333.40; documented, not redistributed
    }

    [Test]
    public void AmountsToUpdateListsOnlyLinesWhoseAmountChanges()
    {
        var east = Line(East, 60m, amount: 600_000m);
        var west = Line(West, 40m, amount: 400_000m, locked: true);
        var changed = SplitRules.AmountsToUpdate(2_000_000m, new[] { east, west });
        Assert.That(changed.Select(c => (c.LineId, c.Amount)), Is.EqualTo(new[] { (east.Id, (decimal?)1_200_000m), (west.Id, (decimal?)800_000m) }));
        Assert.That(SplitRules.AmountsToUpdate(1_000_000m, new[] { east, west }), Is.Empty);
        Assert.That(SplitRules.AmountsToUpdate(null, new[] { east }).Single().Amount, Is.Null);
    }

    // ------------------------------------------------------------ allocation status

    [TestCase(null)]
    [TestCase(AllocationStatus.NotRequired)]
    public void TheFirstLineMakesTheAllocationDraft(AllocationStatus? current)
        => Assert.That(RuleAssert.Ok(Saved(Context(allocation: current), Line(East, 100m))).NewAllocation, Is.EqualTo(AllocationStatus.Draft));

    [TestCase(AllocationStatus.Draft)]
    [TestCase(AllocationStatus.Reopened)]
    public void LaterLinesLeaveTheAllocationAlone(AllocationStatus current)
        => Assert.That(RuleAssert.Ok(Saved(Context(1_000_000m, current, Line(East, 50m)), Line(West, 50m))).NewAllocation, Is.Null);

    [Test]
    public void OneTeamNeedsNoMinutesTwoTeamsDo()
    {
        Assert.That(RuleAssert.Ok(Saved(Context(), Line(East, 100m))).MinutesRequired, Is.False);
        Assert.That(RuleAssert.Ok(Saved(Context(1_000_000m, AllocationStatus.Draft, Line(East, 50m)), Line(West, 50m))).MinutesRequired, Is.True);
    }

    [Test]
    public void DeletingTheLastLineMakesTheAllocationNotRequired()
    {
        var east = Line(East, 50m);
        var west = Line(West, 50m);
        Assert.That(RuleAssert.Ok(SplitRules.OnDelete(Context(1_000_000m, AllocationStatus.Draft, east), east)).NewAllocation, Is.EqualTo(AllocationStatus.NotRequired));
        Assert.That(RuleAssert.Ok(SplitRules.OnDelete(Context(1_000_000m, AllocationStatus.Reopened, east), east)).NewAllocation, Is.EqualTo(AllocationStatus.NotRequired));
        Assert.That(RuleAssert.Ok(SplitRules.OnDelete(Context(1_000_000m, AllocationStatus.Draft, east, west), east)).NewAllocation, Is.Null);
    }

    [TestCase(null, 1, AllocationStatus.Draft)]
    [TestCase(AllocationStatus.NotRequired, 2, AllocationStatus.Draft)]
    [TestCase(AllocationStatus.Draft, 1, null)]
    [TestCase(AllocationStatus.Confirmed, 2, null)]
    [TestCase(AllocationStatus.Reopened, 1, null)]
    [TestCase(AllocationStatus.Draft, 0, AllocationStatus.NotRequired)]
    [TestCase(AllocationStatus.Reopened, 0, AllocationStatus.NotRequired)]
    [TestCase(AllocationStatus.NotRequired, 0, null)]
    [TestCase(null, 0, null)]
    public void TheAllocationFollowsTheNumberOfLines(AllocationStatus? current, int lines, AllocationStatus? expected)
        => Assert.That(SplitRules.AllocationAfter(current, lines), Is.EqualTo(expected));

    // ------------------------------------------------------------ locks

    [Test]
    public void ALockedLineCannotBeChanged()
    {
        var east = Line(East, 50m, locked: true);
        RuleAssert.Refused(SplitRules.OnUpdate(Context(1_000_000m, AllocationStatus.Confirmed, east), east, east with { Percent = 40m }),
            RefusalCode.SplitLineLocked, "Team East", Deal);
        RuleAssert.Refused(SplitRules.OnUpdate(Context(1_000_000m, AllocationStatus.Reopened, east), east, east with { SellerId = Guid.NewGuid() }),
            RefusalCode.SplitLineLocked, "Team East");
    }

    [Test]
    public void ALineOfAConfirmedAllocationIsLockedEvenIfItsFlagWasMissed()
    {
        var east = Line(East, 50m);
        RuleAssert.Refused(SplitRules.OnUpdate(Context(1_000_000m, AllocationStatus.Confirmed, east), east, east with { Percent = 40m }), RefusalCode.SplitLineLocked);
        RuleAssert.Refused(SplitRules.OnDelete(Context(1_000_000m, AllocationStatus.Confirmed, east), east), RefusalCode.SplitLineLockedDelete);
    }

    [Test]
    public void ALockedLineCannotBeDeleted()
    {
        var east = Line(East, 50m, locked: true);
        var refusal = RuleAssert.Refused(SplitRules.OnDelete(Context(1_000_000m, AllocationStatus.Reopened, east), east), RefusalCode.SplitLineLockedDelete, "Team East", Deal);
        Assert.That(refusal.Message(1033), Does.Contain("Superseded"));
        Assert.That(refusal.Message(2052), Does.Contain("已被取代"));
    }

    [Test]
    public void NoNewLineJoinsAConfirmedSplit()
    {
        RuleAssert.Refused(SplitRules.OnCreate(Context(1_000_000m, AllocationStatus.Draft, Line(East, 50m, locked: true)), Line(West, 10m)),
            RefusalCode.SplitAllocationLocked, Deal, "Team West");
        RuleAssert.Refused(Saved(Context(1_000_000m, AllocationStatus.Confirmed, Line(East, 50m, locked: true)), Line(West, 10m)),
            RefusalCode.SplitAllocationLocked, Deal, "Team West");
        var overlay = RuleAssert.Refused(SplitRules.OnCreate(Context(1_000_000m, AllocationStatus.Confirmed), Line(West, 10m, SplitType.Overlay)),
            RefusalCode.SplitAllocationLocked, "Team West");
        Assert.That(overlay.Message(1033), Does.Contain("no Overlay split line"));
        Assert.That(overlay.Message(2052), Does.Contain("添加叠加分配行"));
    }

    [Test]
    public void OnlyMinutesSetTheLock()
    {
        var east = Line(East, 50m);
        RuleAssert.Refused(SplitRules.OnUpdate(Context(1_000_000m, AllocationStatus.Draft, east), east, east with { Locked = true }), RefusalCode.SplitLockSetByMinutes, "Team East");
        var locked = east with { Locked = true };
        RuleAssert.Refused(SplitRules.OnUpdate(Context(1_000_000m, AllocationStatus.Confirmed, locked), locked, east), RefusalCode.SplitLockSetByMinutes);
        RuleAssert.Refused(SplitRules.OnCreate(Context(), Line(East, 50m, locked: true)), RefusalCode.SplitLockSetByMinutes);
        RuleAssert.Refused(SplitRules.OnCreate(Context(), Line(East, 50m) with { MinutesId = Guid.NewGuid() }), RefusalCode.SplitLockSetByMinutes);
    }

    [Test]
    public void MinutesMayLockAndUnlockLinesAndAmountsFollowTheValue()
    {
        var east = Line(East, 50m, amount: 500_000m);
        var minutes = Guid.NewGuid();
        var system = Context(1_000_000m, AllocationStatus.Confirmed, east) with { SystemChange = true };
        RuleAssert.Ok(SplitRules.OnUpdate(system, east, east with { Locked = true, MinutesId = minutes }));
        var locked = east with { Locked = true, MinutesId = minutes };
        RuleAssert.Ok(SplitRules.OnUpdate(system with { Allocation = AllocationStatus.Reopened }, locked, locked with { Locked = false }));
        var recalculated = RuleAssert.Ok(SplitRules.OnUpdate(system with { EstimatedValue = 3_000_000m }, locked, locked with { Amount = 1_500_000m }));
        Assert.That(recalculated.Amount, Is.EqualTo(1_500_000m));
    }

    [Test]
    public void ASystemChangeStillCannotAlterALockedLinesPercent()
    {
        var locked = Line(East, 50m, locked: true);
        var system = Context(1_000_000m, AllocationStatus.Confirmed, locked) with { SystemChange = true };
        RuleAssert.Refused(SplitRules.OnUpdate(system, locked, locked with { Percent = 60m }), RefusalCode.SplitLineLocked);
    }

    // ------------------------------------------------------------ moving a line to another opportunity

    private static SplitContext Other(AllocationStatus? allocation = AllocationStatus.Draft, params SplitLine[] lines)
        => new() { OpportunityName = "CRM upgrade", EstimatedValue = 200_000m, Allocation = allocation, Lines = lines };

    [Test]
    public void AMovedLineJoinsItsNewDealAsANewLineAndItsOldDealLosesIt()
    {
        var east = Line(East, 60m);
        var outcome = RuleAssert.Ok(SplitRules.OnMove(Context(1_000_000m, AllocationStatus.Draft, east), Other(AllocationStatus.NotRequired), east, east));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Amount, Is.EqualTo(120_000m), "the amount follows the new deal's value");
            Assert.That(RuleAssert.Ok(Saved(Other(AllocationStatus.NotRequired), east)).NewAllocation, Is.EqualTo(AllocationStatus.Draft), "the new deal's first line");
            Assert.That(SplitRules.AllocationAfter(AllocationStatus.Draft, 0), Is.EqualTo(AllocationStatus.NotRequired), "the old deal's last line left");
        });
    }

    [Test]
    public void AMovedLineIsCheckedAgainstTheLinesOfItsNewDeal()
    {
        var east = Line(East, 60m);
        RuleAssert.Refused(Saved(Other(AllocationStatus.Draft, Line(West, 50m)), east), RefusalCode.SplitRevenueOverHundred, "CRM upgrade", "110.00%");
        RuleAssert.Refused(Saved(Other(AllocationStatus.Draft, Line(East, 10m)), east), RefusalCode.SplitDuplicateLine, "CRM upgrade", "Team East");
        RuleAssert.Refused(SplitRules.OnMove(Context(1_000_000m, AllocationStatus.Draft, east), Other(AllocationStatus.Confirmed, Line(West, 100m, locked: true)), east, east),
            RefusalCode.SplitAllocationLocked, "CRM upgrade");
    }

    [Test]
    public void ALockedLineCannotLeaveItsConfirmedSplit()
    {
        var locked = Line(East, 60m, locked: true);
        RuleAssert.Refused(SplitRules.OnMove(Context(1_000_000m, AllocationStatus.Confirmed, locked), Other(), locked, locked), RefusalCode.SplitLineLocked, Deal, "Team East");
        var flagMissed = Line(East, 60m);
        RuleAssert.Refused(SplitRules.OnMove(Context(1_000_000m, AllocationStatus.Confirmed, flagMissed), Other(), flagMissed, flagMissed), RefusalCode.SplitLineLocked);
    }

    [Test]
    public void ALineWithoutADealIsStillALineWhenItGetsOne()
    {
        var orphan = Line(East, 100m);
        var none = new SplitContext();
        RuleAssert.Ok(SplitRules.OnMove(none, Other(AllocationStatus.Draft, Line(West, 50m)), orphan, orphan));
        RuleAssert.Refused(Saved(Other(AllocationStatus.Draft, Line(West, 50m)), orphan), RefusalCode.SplitRevenueOverHundred, "150.00%");
        RuleAssert.Refused(SplitRules.OnCreate(none, Line(East, 250m)), RefusalCode.SplitPercentOutOfRange, "250.00%");
    }

    // ------------------------------------------------------------ lines are deleted, not deactivated

    [Test]
    public void ALineCannotBeDeactivatedOrCreatedInactive()
    {
        var east = Line(East, 60m);
        RuleAssert.Refused(SplitRules.OnUpdate(Context(1_000_000m, AllocationStatus.Draft, east), east, east with { Active = false }),
            RefusalCode.SplitLineInactive, Deal, "Team East");
        var locked = Line(East, 60m, locked: true);
        var refusal = RuleAssert.Refused(SplitRules.OnUpdate(Context(1_000_000m, AllocationStatus.Confirmed, locked), locked, locked with { Active = false }), RefusalCode.SplitLineInactive);
        Assert.That(refusal.Message(1033), Does.Contain("delete it"));
        RuleAssert.Refused(SplitRules.OnCreate(Context(), Line(East, 10m) with { Active = false }), RefusalCode.SplitLineInactive);
        var inactive = east with { Active = false };
        RuleAssert.Ok(SplitRules.OnUpdate(Context(1_000_000m, AllocationStatus.Draft, inactive), inactive, east));
    }

    // ------------------------------------------------------------ the dual credit's Overlay line is kept at 100%

    [Test]
    public void TheDualCreditOverlayStaysAtHundredAndIsKept()
    {
        var overlay = Line(North, 100m, SplitType.Overlay);
        var dual = Context(1_000_000m, AllocationStatus.Draft, overlay) with { DualCreditTeamId = North };
        RuleAssert.Refused(SplitRules.OnUpdate(dual, overlay, overlay with { Percent = 10m }), RefusalCode.SplitDualCreditKept, Deal, "Team North", "100.00%");
        RuleAssert.Refused(SplitRules.OnUpdate(dual, overlay, overlay with { TeamId = West }), RefusalCode.SplitDualCreditKept);
        RuleAssert.Refused(SplitRules.OnUpdate(dual, overlay, overlay with { Type = SplitType.Revenue }), RefusalCode.SplitDualCreditKept);
        RuleAssert.Refused(SplitRules.OnDelete(dual, overlay), RefusalCode.SplitDualCreditKept);
        RuleAssert.Refused(SplitRules.OnMove(dual, Other(), overlay, overlay), RefusalCode.SplitDualCreditKept);
        RuleAssert.Refused(SplitRules.OnCreate(Context() with { DualCreditTeamId = North }, Line(North, 50m, SplitType.Overlay)), RefusalCode.SplitDualCreditKept);
        RuleAssert.Ok(SplitRules.OnUpdate(dual, overlay, overlay with { SellerId = Guid.NewGuid() }));
        RuleAssert.Ok(SplitRules.OnUpdate(dual with { SystemChange = true }, overlay with { Percent = 50m }, overlay));
        Assert.Multiple(() =>
        {
            Assert.That(SplitRules.OnDelete(dual with { DualCreditTeamId = null }, overlay).IsOk, Is.True, "once the tier gives no dual credit the line is an ordinary Overlay line");
            Assert.That(SplitRules.OnUpdate(dual, Line(North, 50m), Line(North, 40m)).IsOk, Is.True, "the presales team's Revenue line is not the dual credit");
        });
    }

    // ------------------------------------------------------------ a closed deal's split stays as it closed

    [Test]
    public void TheSplitOfAClosedDealNoLongerChanges()
    {
        var east = Line(East, 100m);
        var won = Context(1_000_000m, AllocationStatus.Draft, east) with { OpportunityClosed = true };
        RuleAssert.Refused(SplitRules.OnCreate(won, Line(West, 40m)), RefusalCode.SplitOpportunityClosed, Deal, "Team West");
        RuleAssert.Refused(SplitRules.OnUpdate(won, east, east with { Percent = 60m }), RefusalCode.SplitOpportunityClosed, "Team East");
        RuleAssert.Refused(SplitRules.OnDelete(won, east), RefusalCode.SplitOpportunityClosed);
        RuleAssert.Refused(SplitRules.OnMove(won, Other(), east, east), RefusalCode.SplitOpportunityClosed);
        RuleAssert.Refused(SplitRules.OnMove(Other(), won, Line(West, 10m), Line(West, 10m)), RefusalCode.SplitOpportunityClosed);
        var system = won with { SystemChange = true };
        RuleAssert.Ok(SplitRules.OnUpdate(system, east, east with { Locked = true, MinutesId = Guid.NewGuid() }));
        RuleAssert.Ok(SplitRules.OnUpdate(won, east, east with { Amount = 1m }));
    }
}
