using Mci.Emulator.Concurrency;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>
/// Two sales executives confirm two Draft minutes of one deal in separate transactions at the same time (issue 11, part 4).
/// Confirming first writes the opportunity (MinutesPlugin.LockDeal, Learn's "pre-lock"), so the row's write lock orders
/// them: the second waits on that write, then reads what the first committed and is refused. The emulator interleaves the
/// two deterministically (Dataverse.Interleave, row write locks held until the transaction ends).
/// </summary>
public class ConcurrentConfirmationTests
{
    private World _w = null!;
    private Guid _deal, _east, _west, _first, _second;

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _deal = _w.Opportunity(_w.Seller, leadTeam: _w.TeamEast);
        _east = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m, seller: _w.Seller);
        _west = _w.Line(_w.SellerZh, _deal, _w.TeamWest, 40m, seller: _w.SellerZh);
        _first = _w.Minutes(_w.Seller, _deal, "Split meeting 2 March");
        _second = _w.Minutes(_w.SellerZh, _deal, "West's notes 2 March");
        _w.Env.DrainAsync();
    }

    private Guid SecondExecutive(int language) => _w.Env.CreateUser(language == 2052 ? "周 总" : "Ken Thompson", "ken@mci.test", new[] { "MCI Sales Executive", "Basic User" }, language,
        fieldSecurityProfiles: new[] { "MCI Allocation Approvers", "MCI Partner Commercials" });

    private UpdateRequest Confirm(Guid minutes) => new() { Target = new Entity("mci_allocationminutes", minutes) { ["mci_status"] = new OptionSetValue(MinutesConfirmed) } };

    private int? Status(Guid minutes) => OptionOf(_w.Read("mci_allocationminutes", minutes), "mci_status");

    [TestCase(1033, "Minutes “West's notes 2 March” cannot be confirmed: “ERP rollout” already has confirmed minutes “Split meeting 2 March” (version 1); reopen those (set them to Superseded with a reason) first.")]
    [TestCase(2052, "会议纪要“West's notes 2 March”无法确认：“ERP rollout”已有已确认的会议纪要“Split meeting 2 March”（第 1 版）；请先将其重新开启（设为“已被取代”并填写原因）。")]
    public void The_second_confirmation_waits_for_the_first_then_sees_it_and_is_refused_with_nothing_saved(int language, string refusal)
    {
        var other = SecondExecutive(language);
        using var run = _w.Env.Interleave();
        var a = run.Start("first executive", () => _w.As(_w.Executive).Execute(Confirm(_first)), PausePoint.BeforeCommit);
        Assert.That(a.State, Is.EqualTo(CallState.Paused), a.Error?.ToString());
        // B pauses right after it has written the deal, i.e. once it holds the lock A held: what A committed is then all there is.
        var b = run.Start("second executive", () => _w.As(other).Execute(Confirm(_second)), PausePoint.AfterWriting("opportunity", _deal));
        Assert.Multiple(() =>
        {
            Assert.That(b.State, Is.EqualTo(CallState.Waiting), "B's first write of the deal waits for A's transaction");
            Assert.That(b.WaitingFor, Is.EqualTo($"opportunity {_deal:D}, locked by 'first executive'"));
            Assert.That(Status(_first), Is.EqualTo(MinutesDraft), "nothing of A is committed yet");
        });

        a.Resume();
        Assert.Multiple(() =>
        {
            Assert.That(a.State, Is.EqualTo(CallState.Succeeded), a.Error?.ToString());
            Assert.That(b.State, Is.EqualTo(CallState.Paused), "A committed: B got the lock and went on to its pause point");
            Assert.That(Status(_first), Is.EqualTo(MinutesConfirmed));
        });
        var afterFirst = _w.Env.Snapshot();
        var queued = _w.Env.PendingAsyncJobs;

        b.Resume();
        Assert.Multiple(() =>
        {
            Assert.That(b.State, Is.EqualTo(CallState.Failed));
            Assert.That(b.Fault?.Message, Is.EqualTo(refusal), "B read A's Confirmed minutes once it had the lock");
            Assert.That(_w.Env.Snapshot().DifferencesFrom(afterFirst), Is.Empty, "nothing of B is saved: its lock write, stamps and locks rolled back");
            Assert.That(_w.Env.PendingAsyncJobs, Is.EqualTo(queued), "and nothing of B queued");
            Assert.That(Status(_second), Is.EqualTo(MinutesDraft));
            Assert.That(_w.Read("mci_allocationminutes", _second).Contains("mci_confirmedbyid"), Is.False);
            Assert.That(new[] { _east, _west }.Select(l => _w.Read("mci_opportunitysplit", l).GetAttributeValue<EntityReference>("mci_minutesid")?.Id), Is.All.EqualTo(_first),
                "the lines stay locked to A's minutes");
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Confirmed));
        });
    }

    [Test]
    public void When_the_first_confirmation_rolls_back_the_waiting_one_goes_through()
    {
        var other = SecondExecutive(1033);
        using var run = _w.Env.Interleave();
        // A confirms and, in the same transaction, adds a line to the split it has just confirmed: the line is refused, so
        // A's whole transaction rolls back (its lock with it).
        var a = run.Start("first executive", () => _w.As(_w.Executive).Execute(new ExecuteTransactionRequest
        {
            Requests = new OrganizationRequestCollection
            {
                Confirm(_first),
                new CreateRequest { Target = new Entity("mci_opportunitysplit")
                {
                    ["mci_name"] = "late", ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_teamid"] = Ref("team", _w.TeamCallCentre),
                    ["mci_splittype"] = new OptionSetValue(Overlay), ["mci_percent"] = 10m,
                } },
            },
        }), PausePoint.AfterWriting("opportunity", _deal));
        var b = run.Start("second executive", () => _w.As(other).Execute(Confirm(_second)));
        Assert.Multiple(() =>
        {
            Assert.That(a.State, Is.EqualTo(CallState.Paused), a.Error?.ToString());
            Assert.That(b.State, Is.EqualTo(CallState.Waiting));
        });

        a.Resume();
        Assert.Multiple(() =>
        {
            Assert.That(a.State, Is.EqualTo(CallState.Failed));
            Assert.That(a.Fault?.Message, Does.Contain("is confirmed in minutes, so no Overlay split line"));
            Assert.That(b.State, Is.EqualTo(CallState.Succeeded), b.Error?.ToString());
            Assert.That(Status(_first), Is.EqualTo(MinutesDraft), "A rolled back");
            Assert.That(Status(_second), Is.EqualTo(MinutesConfirmed));
            Assert.That(_w.Read("mci_allocationminutes", _second).GetAttributeValue<int?>("mci_version"), Is.EqualTo(1), "B saw no confirmed minutes before its own");
            Assert.That(new[] { _east, _west }.Select(l => _w.Read("mci_opportunitysplit", l).GetAttributeValue<EntityReference>("mci_minutesid")?.Id), Is.All.EqualTo(_second));
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Confirmed));
        });
    }

    [Test]
    public void Confirmations_of_two_different_deals_do_not_wait_for_each_other()
    {
        var other = SecondExecutive(1033);
        var deal2 = _w.Opportunity(_w.Seller, name: "CRM upgrade", leadTeam: _w.TeamEast);
        _w.Line(_w.Seller, deal2, _w.TeamEast, 100m);
        var minutes2 = _w.Minutes(_w.Seller, deal2, "CRM split");
        using var run = _w.Env.Interleave();
        var a = run.Start("first executive", () => _w.As(_w.Executive).Execute(Confirm(_first)), PausePoint.BeforeCommit);
        var b = run.Start("second executive", () => _w.As(other).Execute(Confirm(minutes2)));
        Assert.Multiple(() =>
        {
            Assert.That(a.State, Is.EqualTo(CallState.Paused));
            Assert.That(b.State, Is.EqualTo(CallState.Succeeded), "the lock is the deal's row, not a table's");
        });
        a.Resume();
        Assert.That(a.State, Is.EqualTo(CallState.Succeeded));
    }

    [Test]
    public void The_lock_write_is_the_allocation_MCI_sets_anyway_and_runs_no_step_of_MCI_again()
    {
        var mark = _w.Env.Recorder.Mark();
        _w.SetStatus(_w.Executive, _first, MinutesConfirmed);
        var calls = mark.PluginCalls.ToList();
        var lockWrite = calls.First(c => c.Message == "Update" && c.Table == "opportunity");
        var inside = mark.Executions.Where(e => e.Depth > 1 && e.Table == "opportunity").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(calls.IndexOf(lockWrite), Is.LessThan(calls.FindIndex(c => c.Message == "RetrieveMultiple" && c.Table == "opportunity")),
                "the deal is written before anything of it is read");
            Assert.That(lockWrite.CallerId, Is.EqualTo(_w.Env.SystemUserId), "as SYSTEM");
            Assert.That(calls.Count(c => c.Message == "Update" && c.Table == "opportunity"), Is.EqualTo(1), "one Update of the deal in all: Settle finds the allocation written");
            Assert.That(inside.Where(e => e.Mode.ToString() != "Asynchronous").Select(e => e.PluginType).Distinct(), Is.EqualTo(new[] { "Mci.Plugins.RoutingPlugin" }),
                "only routing's steps see the write (they filter on the allocation) and let MCI's own change through");
            Assert.That(inside.Where(e => e.PluginType == "Mci.Plugins.RoutingPlugin").SelectMany(e => new[] { e.Trace }), Has.None.Contains("Dropped mci_allocationstatus"));
        });
    }
}
