namespace Mci.Rules.Tests;

public class MinutesRulesTests
{
    private const string Deal = "ERP rollout";
    private static readonly Guid Minutes = Guid.NewGuid(), Actor = Guid.NewGuid();
    private static readonly DateTime Now = new(2025, 3, 7, 9, 30, 0, DateTimeKind.Utc);

    private static SplitLine Line(string team, decimal percent, SplitType type = SplitType.Revenue, string? seller = null, bool locked = false)
        => new() { Id = Guid.NewGuid(), TeamId = Guid.NewGuid(), TeamName = team, SellerName = seller, Type = type, Percent = percent, Locked = locked };

    private static MinutesChange Change(MinutesStatus? from, MinutesStatus? to, params SplitLine[] lines) => new()
    {
        OpportunityName = Deal, EstimatedValue = 2_000_000m, MinutesId = Minutes, MinutesName = "Split meeting 7 March",
        Before = from, After = to, Lines = lines, ActorId = Actor, ActorName = "Jane Doe", Now = Now, ActorMayConfirm = true,
    };

    private static readonly SplitLine[] Thirds = [Line("Team East", 33.33m), Line("Team West", 33.33m), Line("Team North", 33.34m)];

    // ------------------------------------------------------------ confirm

    private static MinutesInfo Info(string name, MinutesStatus status, int? version = null, Guid? id = null)
        => new() { Id = id ?? Guid.NewGuid(), Name = name, Status = status, Version = version };

    private static MinutesSaved Saved(AllocationStatus allocation, IEnumerable<MinutesInfo> minutes, params SplitLine[] lines)
        => new() { OpportunityName = Deal, Allocation = allocation, MinutesId = Minutes, Minutes = minutes.ToArray(), Lines = lines };

    [Test]
    public void ConfirmingStampsTheMinutes()
    {
        var overlay = Line("Solution Centre", 100m, SplitType.Overlay);
        var lines = Thirds.Append(overlay).ToArray();
        var outcome = RuleAssert.Ok(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Confirmed, lines)));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Action, Is.EqualTo(MinutesAction.Confirm));
            Assert.That(outcome.Version, Is.EqualTo(1));
            Assert.That(outcome.ConfirmedById, Is.EqualTo(Actor));
            Assert.That(outcome.ConfirmedOn, Is.EqualTo(Now));
            Assert.That(outcome.Snapshot, Does.Contain("Solution Centre"));
        });
    }

    [Test]
    public void OnceSavedConfirmedMinutesLockEveryLineAndConfirmTheAllocation()
    {
        var overlay = Line("Solution Centre", 100m, SplitType.Overlay);
        var lines = Thirds.Append(overlay).ToArray();
        var settled = RuleAssert.Ok(MinutesRules.Settle(Saved(AllocationStatus.Draft, new[] { Info("Split meeting 7 March", MinutesStatus.Confirmed, 1, Minutes) }, lines)));
        Assert.Multiple(() =>
        {
            Assert.That(settled.ConfirmedMinutesId, Is.EqualTo(Minutes));
            Assert.That(settled.LinesToLock, Is.EquivalentTo(lines.Select(l => l.Id)), "every line, Overlay included");
            Assert.That(settled.LinesToUnlock, Is.Empty);
            Assert.That(settled.NewAllocation, Is.EqualTo(AllocationStatus.Confirmed));
        });
        var alreadyLocked = lines.Select(l => l with { Locked = true, MinutesId = Minutes }).ToArray();
        var again = RuleAssert.Ok(MinutesRules.Settle(Saved(AllocationStatus.Confirmed, new[] { Info("Split meeting 7 March", MinutesStatus.Confirmed, 1, Minutes) }, alreadyLocked)));
        Assert.That((again.LinesToLock.Count, again.NewAllocation), Is.EqualTo((0, (AllocationStatus?)null)), "settling twice writes nothing");
    }

    [Test]
    public void TheMinutesLockTheAgreedLinesAndAPersonsOverlayButNotRoutingsOverlay()
    {
        var routing = Line("Solution Centre", 100m, SplitType.Overlay);
        var persons = Line("Industry Team", 50m, SplitType.Overlay);
        var lines = Thirds.Append(routing).Append(persons).ToArray();
        var settled = RuleAssert.Ok(MinutesRules.Settle(Saved(AllocationStatus.Draft, new[] { Info("Split meeting 7 March", MinutesStatus.Confirmed, 1, Minutes) }, lines)
            with { DualCreditTeamId = routing.TeamId }));
        Assert.That(settled.LinesToLock, Is.EquivalentTo(Thirds.Select(l => l.Id).Append(persons.Id)), "routing's line follows routing, unlocked");
        Assert.That(settled.NewAllocation, Is.EqualTo(AllocationStatus.Confirmed));
    }

    [Test]
    public void ARevenueLineOfTheDualCreditTeamIsStillLocked()
    {
        var revenue = Line("Solution Centre", 100m);
        var settled = RuleAssert.Ok(MinutesRules.Settle(Saved(AllocationStatus.Draft, new[] { Info("Split meeting 7 March", MinutesStatus.Confirmed, 1, Minutes) }, revenue)
            with { DualCreditTeamId = revenue.TeamId }));
        Assert.That(settled.LinesToLock, Is.EqualTo(new[] { revenue.Id }));
    }

    [Test]
    public void OnlyAnApproverConfirms()
    {
        var change = Change(MinutesStatus.Draft, MinutesStatus.Confirmed, Thirds) with { ActorMayConfirm = false };
        RuleAssert.Refused(MinutesRules.OnStatusChange(change), RefusalCode.MinutesConfirmNotAllowed, "Split meeting 7 March", Deal);
        Assert.That(RuleAssert.Ok(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Draft, Thirds) with { ActorMayConfirm = false })).Action,
            Is.EqualTo(MinutesAction.None), "saving a draft needs no approver");
    }

    [Test]
    public void CreatingMinutesAlreadyConfirmedConfirms()
        => Assert.That(RuleAssert.Ok(MinutesRules.OnStatusChange(Change(null, MinutesStatus.Confirmed, Thirds))).Action, Is.EqualTo(MinutesAction.Confirm));

    [Test]
    public void VersionIsTheHighestPreviousVersionPlusOne()
    {
        var change = Change(MinutesStatus.Draft, MinutesStatus.Confirmed, Thirds) with
        {
            OtherMinutes =
            [
                new MinutesInfo { Id = Guid.NewGuid(), Name = "v1", Status = MinutesStatus.Superseded, Version = 1 },
                new MinutesInfo { Id = Guid.NewGuid(), Name = "v2", Status = MinutesStatus.Superseded, Version = 2 },
                new MinutesInfo { Id = Guid.NewGuid(), Name = "another draft", Status = MinutesStatus.Draft },
                new MinutesInfo { Id = Minutes, Name = "this one", Status = MinutesStatus.Draft },
            ],
        };
        Assert.That(RuleAssert.Ok(MinutesRules.OnStatusChange(change)).Version, Is.EqualTo(3));
    }

    [TestCase("99.99", "99.99")]
    [TestCase("100.01", "100.01")]
    [TestCase("99.999", "99.999")]
    public void ConfirmingNeedsRevenueOfExactlyHundred(string second, string shown)
    {
        var lines = new[] { Line("Team East", 50m), Line("Team West", decimal.Parse(second, System.Globalization.CultureInfo.InvariantCulture) - 50m) };
        var refusal = RuleAssert.Refused(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Confirmed, lines)),
            RefusalCode.MinutesRevenueNotHundred, shown + "%", Deal, "Split meeting 7 March");
        Assert.That(refusal.Message(2052), Does.Contain("收入分配合计为 " + shown + "%，不等于 100.00%"));
    }

    [Test]
    public void NoLinesOrOnlyOverlayLinesCannotBeConfirmed()
    {
        RuleAssert.Refused(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Confirmed)), RefusalCode.MinutesRevenueNotHundred, "0.00%");
        RuleAssert.Refused(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Confirmed, Line("SC", 100m, SplitType.Overlay))),
            RefusalCode.MinutesRevenueNotHundred, "0.00%");
    }

    [Test]
    public void OnlyOneConfirmedMinutesPerOpportunityOnceSaved()
    {
        var other = Info("Split meeting 1 March", MinutesStatus.Confirmed, 3);
        var change = Change(MinutesStatus.Draft, MinutesStatus.Confirmed, Thirds) with { OtherMinutes = [other] };
        Assert.That(RuleAssert.Ok(MinutesRules.OnStatusChange(change)).Version, Is.EqualTo(4), "before the save: a batch may supersede the other first");
        var refusal = RuleAssert.Refused(MinutesRules.Settle(Saved(AllocationStatus.Confirmed, new[] { other, Info("Split meeting 7 March", MinutesStatus.Confirmed, 4, Minutes) }, Thirds)),
            RefusalCode.MinutesAnotherConfirmed, "Split meeting 1 March", "Split meeting 7 March", Deal);
        Assert.That(refusal.Message(1033), Does.Contain("(version 3)"));
        Assert.That(refusal.Message(2052), Does.Contain("（第 3 版）"));
    }

    [Test]
    public void ConfirmedMinutesMustStillTotalHundredOnceSaved()
        => RuleAssert.Refused(MinutesRules.Settle(Saved(AllocationStatus.Draft, new[] { Info("Split meeting 7 March", MinutesStatus.Confirmed, 1, Minutes) }, Line("Team East", 90m))),
            RefusalCode.MinutesRevenueNotHundred, "90.00%");

    // ------------------------------------------------------------ reopen

    [Test]
    public void ReopeningUnlocksTheLockedLinesAndReopensTheAllocation()
    {
        var locked = Line("Team East", 60m, locked: true);
        var lateLine = Line("Team West", 40m);
        var change = Change(MinutesStatus.Confirmed, MinutesStatus.Superseded, locked, lateLine) with { ReopenReason = "Customer split the order" };
        var outcome = RuleAssert.Ok(MinutesRules.OnStatusChange(change));
        Assert.That(outcome.Action, Is.EqualTo(MinutesAction.Reopen));
        Assert.That(outcome.Version, Is.Null);
        Assert.That(outcome.Snapshot, Is.Null);
        var settled = RuleAssert.Ok(MinutesRules.Settle(Saved(AllocationStatus.Confirmed, new[] { Info("Split meeting 7 March", MinutesStatus.Superseded, 1, Minutes) }, locked, lateLine)));
        Assert.That(settled.LinesToUnlock, Is.EqualTo(new[] { locked.Id }));
        Assert.That(settled.NewAllocation, Is.EqualTo(AllocationStatus.Reopened));
    }

    [Test]
    public void ReopeningBesideNewlyConfirmedMinutesKeepsTheLinesLockedToThem()
    {
        // One batch superseded these minutes and confirmed others: the lines belong to the confirmed ones, whatever ran first.
        var next = Info("Split meeting 9 March", MinutesStatus.Confirmed, 2);
        var lines = new[] { Line("Team East", 60m, locked: true) with { MinutesId = next.Id }, Line("Team West", 40m, locked: true) with { MinutesId = next.Id } };
        var settled = RuleAssert.Ok(MinutesRules.Settle(Saved(AllocationStatus.Confirmed, new[] { Info("Split meeting 7 March", MinutesStatus.Superseded, 1, Minutes), next }, lines)));
        Assert.That((settled.LinesToUnlock.Count, settled.LinesToLock.Count, settled.NewAllocation), Is.EqualTo((0, 0, (AllocationStatus?)null)));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  \r\n ")]
    public void ReopeningNeedsAReason(string? reason)
        => RuleAssert.Refused(MinutesRules.OnStatusChange(Change(MinutesStatus.Confirmed, MinutesStatus.Superseded, Thirds) with { ReopenReason = reason }),
            RefusalCode.MinutesReopenReasonMissing, "Split meeting 7 March", Deal);

    // ------------------------------------------------------------ illegal transitions

    [Test]
    public void ConfirmedMinutesDoNotGoBackToDraft()
        => RuleAssert.Refused(MinutesRules.OnStatusChange(Change(MinutesStatus.Confirmed, MinutesStatus.Draft, Thirds)), RefusalCode.MinutesReopenBySuperseding, Deal);

    [TestCase(MinutesStatus.Confirmed)]
    [TestCase(MinutesStatus.Draft)]
    public void SupersededIsFinal(MinutesStatus to)
    {
        var refusal = RuleAssert.Refused(MinutesRules.OnStatusChange(Change(MinutesStatus.Superseded, to, Thirds)), RefusalCode.MinutesSupersededIsFinal, Deal);
        Assert.That(refusal.Message(1033), Does.Contain("cannot become " + Messages.Label(to).English));
        Assert.That(refusal.Message(2052), Does.Contain("不能再改为“" + Messages.Label(to).Chinese + "”"));
    }

    [TestCase(MinutesStatus.Draft)]
    [TestCase(null)]
    public void OnlyConfirmedMinutesCanBeSuperseded(MinutesStatus? from)
        => RuleAssert.Refused(MinutesRules.OnStatusChange(Change(from, MinutesStatus.Superseded, Thirds) with { ReopenReason = "why" }),
            RefusalCode.MinutesOnlyConfirmedCanBeSuperseded, Deal);

    [TestCase(null, null)]
    [TestCase(null, MinutesStatus.Draft)]
    [TestCase(MinutesStatus.Draft, MinutesStatus.Draft)]
    [TestCase(MinutesStatus.Draft, null)]
    [TestCase(MinutesStatus.Confirmed, MinutesStatus.Confirmed)]
    [TestCase(MinutesStatus.Superseded, MinutesStatus.Superseded)]
    public void NoTransitionDerivesNothing(MinutesStatus? from, MinutesStatus? to)
    {
        // Superseded minutes always carry their reopen reason.
        var outcome = RuleAssert.Ok(MinutesRules.OnStatusChange(Change(from, to) with { ReopenReason = "West joined the deal" }));
        Assert.That(outcome.Action, Is.EqualTo(MinutesAction.None));
        Assert.That(outcome.Version, Is.Null);
    }

    [TestCase(MinutesStatus.Draft, true)]
    [TestCase(null, true)]
    [TestCase(MinutesStatus.Confirmed, false)]
    [TestCase(MinutesStatus.Superseded, false)]
    public void OnlyDraftMinutesMayBeDeleted(MinutesStatus? status, bool allowed)
    {
        var result = MinutesRules.OnDelete("Split meeting 7 March", Deal, status, OpportunityState.Open);
        if (allowed) Assert.That(result.IsOk, Is.True);
        else RuleAssert.Refused(result, RefusalCode.MinutesDeleteNotAllowed, "Split meeting 7 March", Deal);
    }

    // ------------------------------------------------------------ snapshot

    [Test]
    public void SnapshotIsAReadableBilingualRecordOfTheLines()
    {
        var lines = new[]
        {
            Line("Team West", 40m, seller: "王伟"),
            Line("Solution Centre", 100m, SplitType.Overlay),
            Line("Team East", 60m, seller: "Alice Chen"),
        };
        var outcome = RuleAssert.Ok(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Confirmed, lines)));
        Assert.That(outcome.Snapshot, Is.EqualTo(string.Join("\n",
            "Split allocation, version 1 · 分配确认，第 1 版",
            "Opportunity · 商机: “ERP rollout”",
            "Confirmed by · 确认人: Jane Doe, 2025-03-07 09:30 UTC",
            "Estimated value · 预计收入: 2,000,000.00",
            "Type · 类型 | Team · 团队 | Seller · 销售 | Percent · 比例 | Amount · 金额",
            "Revenue · 收入 | Team East | Alice Chen | 60.00% | 1,200,000.00",
            "Revenue · 收入 | Team West | 王伟 | 40.00% | 800,000.00",
            "Overlay · 叠加 | Solution Centre | — | 100.00% | 2,000,000.00",
            "Revenue total · 收入合计: 100.00%")));
    }

    [Test]
    public void SnapshotDoesNotDependOnTheOrderLinesArriveIn()
    {
        string Snap(IEnumerable<SplitLine> lines) => RuleAssert.Ok(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Confirmed, lines.ToArray()))).Snapshot!;
        var lines = Thirds.Append(Line("Team East", 100m, SplitType.Overlay)).ToArray();
        Assert.That(Snap(lines.Reverse()), Is.EqualTo(Snap(lines)));
        Assert.That(Snap(lines.OrderBy(l => l.Id)), Is.EqualTo(Snap(lines)));
    }

    [Test]
    public void SnapshotWithoutAnEstimatedValueShowsDashesForAmounts()
    {
        var outcome = RuleAssert.Ok(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Confirmed, Line("Team East", 100m)) with { EstimatedValue = null }));
        Assert.That(outcome.Snapshot, Does.Contain("Estimated value · 预计收入: —"));
        Assert.That(outcome.Snapshot, Does.Contain("Revenue · 收入 | Team East | — | 100.00% | —"));
    }

    [Test]
    public void HostileNamesKeepOneLinePerSplitLine()
    {
        var lines = new[] { Line("Team\r\nEast <script>", 50m, seller: "A\nB"), Line(new string('W', 500), 50m) };
        var snapshot = RuleAssert.Ok(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Confirmed, lines))).Snapshot!;
        Assert.That(snapshot.Split('\n'), Has.Length.EqualTo(5 + lines.Length + 1));
        Assert.That(snapshot, Does.Contain("| Team East <script> | A B | 50.00% |"));
        Assert.That(snapshot, Does.Contain(new string('W', Texts.MaxNameLength - 1) + "…"));
    }

    // ------------------------------------------------------------ who reopens, and what stays with the record

    [Test]
    public void OnlyAnApproverReopens()
    {
        var locked = Line("Team East", 100m, locked: true);
        var change = Change(MinutesStatus.Confirmed, MinutesStatus.Superseded, locked) with { ReopenReason = "we want more", ActorMayConfirm = false };
        RuleAssert.Refused(MinutesRules.OnStatusChange(change), RefusalCode.MinutesReopenNotAllowed, "Split meeting 7 March", Deal);
        Assert.That(RuleAssert.Ok(MinutesRules.OnStatusChange(change with { ActorMayConfirm = true })).Action, Is.EqualTo(MinutesAction.Reopen));
    }

    [Test]
    public void TheReopenReasonOfSupersededMinutesCannotBeBlanked()
    {
        RuleAssert.Refused(MinutesRules.OnStatusChange(Change(MinutesStatus.Superseded, MinutesStatus.Superseded) with { ReopenReason = "  " }),
            RefusalCode.MinutesReopenReasonMissing, "Split meeting 7 March", Deal);
        Assert.That(RuleAssert.Ok(MinutesRules.OnStatusChange(Change(MinutesStatus.Superseded, MinutesStatus.Superseded) with { ReopenReason = "West joined" })).Action,
            Is.EqualTo(MinutesAction.None));
    }

    [TestCase(MinutesStatus.Confirmed)]
    [TestCase(MinutesStatus.Superseded)]
    public void ConfirmedOrSupersededMinutesStayWithTheirOpportunity(MinutesStatus status)
    {
        var change = Change(status, status) with { OpportunityChanged = true, ReopenReason = "r" };
        var refusal = RuleAssert.Refused(MinutesRules.OnStatusChange(change), RefusalCode.MinutesOpportunityFixed, "Split meeting 7 March", Deal);
        Assert.That(refusal.Message(1033), Does.Contain("create new minutes for the other opportunity"));
        Assert.That(RuleAssert.Ok(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Draft) with { OpportunityChanged = true })).Action,
            Is.EqualTo(MinutesAction.None), "a draft may still be filed under the right deal");
    }

    // ------------------------------------------------------------ a won or lost deal's minutes are read-only

    [TestCase(OpportunityState.Won, "“ERP rollout” is closed as Won", "“ERP rollout”已结束（赢单）")]
    [TestCase(OpportunityState.Lost, "“ERP rollout” is closed as Lost", "“ERP rollout”已结束（丢单）")]
    public void AClosedDealsMinutesCannotBeConfirmedReopenedCreatedChangedOrDeleted(OpportunityState state, string english, string chinese)
    {
        var lines = new[] { Line("Team East", 60m), Line("Team West", 40m) };
        var confirm = RuleAssert.Refused(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Confirmed, lines) with { DealState = state }),
            RefusalCode.MinutesOpportunityClosed, "Split meeting 7 March", Deal);
        Assert.Multiple(() =>
        {
            Assert.That(confirm.Message(1033), Does.StartWith(english).And.Contain("minutes “Split meeting 7 March” cannot be added, changed, confirmed, reopened, moved or deleted")
                .And.EndWith("Reopen the opportunity first if its split must change."));
            Assert.That(confirm.Message(2052), Does.StartWith(chinese).And.Contain("请先重新打开该商机"));
        });
        RuleAssert.Refused(MinutesRules.OnStatusChange(Change(null, MinutesStatus.Confirmed, lines) with { DealState = state }), RefusalCode.MinutesOpportunityClosed, Deal);
        RuleAssert.Refused(MinutesRules.OnStatusChange(Change(MinutesStatus.Confirmed, MinutesStatus.Superseded, lines) with { DealState = state, ReopenReason = "West joined" }),
            RefusalCode.MinutesOpportunityClosed, Deal);
        RuleAssert.Refused(MinutesRules.OnStatusChange(Change(MinutesStatus.Superseded, MinutesStatus.Superseded) with { DealState = state, ReopenReason = "Typo fixed" }),
            RefusalCode.MinutesOpportunityClosed, Deal);
        RuleAssert.Refused(MinutesRules.OnDelete("Split meeting 7 March", Deal, MinutesStatus.Draft, state), RefusalCode.MinutesOpportunityClosed, "Split meeting 7 March", Deal);
        RuleAssert.Refused(MinutesRules.OnDelete("Split meeting 7 March", Deal, MinutesStatus.Confirmed, state), RefusalCode.MinutesOpportunityClosed, Deal);
        RuleAssert.Refused(MinutesRules.CheckDealOpen("Split meeting 7 March", Deal, state), RefusalCode.MinutesOpportunityClosed, "Split meeting 7 March", Deal);
    }

    [Test]
    public void MinutesNeitherLeaveNorJoinAClosedDeal()
    {
        var leave = Change(MinutesStatus.Draft, MinutesStatus.Draft) with
        {
            OpportunityChanged = true, OpportunityName = "Open deal", DealState = OpportunityState.Open, PreviousOpportunityName = Deal, PreviousDealState = OpportunityState.Won,
        };
        RuleAssert.Refused(MinutesRules.OnStatusChange(leave), RefusalCode.MinutesOpportunityClosed, "Split meeting 7 March", Deal);
        var join = Change(MinutesStatus.Draft, MinutesStatus.Draft) with
        {
            OpportunityChanged = true, DealState = OpportunityState.Lost, PreviousOpportunityName = "Open deal", PreviousDealState = OpportunityState.Open,
        };
        RuleAssert.Refused(MinutesRules.OnStatusChange(join), RefusalCode.MinutesOpportunityClosed, "Split meeting 7 March", Deal);
        var confirmedLeavingWon = Change(MinutesStatus.Confirmed, MinutesStatus.Confirmed) with { OpportunityChanged = true, PreviousOpportunityName = Deal, PreviousDealState = OpportunityState.Won };
        RuleAssert.Refused(MinutesRules.OnStatusChange(confirmedLeavingWon), RefusalCode.MinutesOpportunityClosed, Deal);
    }

    [Test]
    public void AnOpenDealsMinutesFollowTheStatusRules()
    {
        var lines = new[] { Line("Team East", 60m), Line("Team West", 40m) };
        Assert.Multiple(() =>
        {
            Assert.That(RuleAssert.Ok(MinutesRules.OnStatusChange(Change(MinutesStatus.Draft, MinutesStatus.Confirmed, lines) with { DealState = OpportunityState.Open })).Action,
                Is.EqualTo(MinutesAction.Confirm));
            Assert.That(RuleAssert.Ok(MinutesRules.OnStatusChange(Change(MinutesStatus.Confirmed, MinutesStatus.Superseded, lines) with { DealState = OpportunityState.Open, ReopenReason = "r" })).Action,
                Is.EqualTo(MinutesAction.Reopen));
            Assert.That(MinutesRules.CheckDealOpen("Split meeting 7 March", Deal, OpportunityState.Open).IsOk, Is.True);
            Assert.That(MinutesRules.CheckDealOpen("Split meeting 7 March", null, null).IsOk, Is.True, "minutes without a deal");
            Assert.That(MinutesRules.OnDelete("Split meeting 7 March", null, MinutesStatus.Draft, null).IsOk, Is.True);
        });
        RuleAssert.Refused(MinutesRules.OnDelete("Split meeting 7 March", Deal, MinutesStatus.Confirmed, OpportunityState.Open), RefusalCode.MinutesDeleteNotAllowed, Deal);
    }
}
