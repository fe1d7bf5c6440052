using Mci.Emulator;
using Microsoft.Xrm.Sdk;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>Confirming and reopening the split in allocation minutes, as the sales executive and the sellers do it.</summary>
public class MinutesTests
{
    private World _w = null!;
    private Guid _deal;

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _deal = _w.Opportunity(_w.Seller, value: 800_000m);
    }

    private (Guid East, Guid West, Guid Minutes) TwoTeamsAndDraftMinutes(decimal west = 40m)
    {
        var east = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m, seller: _w.Seller);
        var westLine = _w.Line(_w.SellerZh, _deal, _w.TeamWest, west, seller: _w.SellerZh);
        return (east, westLine, _w.Minutes(_w.Seller, _deal));
    }

    [Test]
    public void The_sales_executive_confirms_stamps_the_minutes_locks_every_line_and_confirms_the_allocation()
    {
        var (east, west, minutes) = TwoTeamsAndDraftMinutes();
        _w.Env.Clock.UtcNow = new DateTime(2026, 3, 5, 14, 30, 0, DateTimeKind.Utc);
        var calls = _w.PluginCalls(() => _w.SetStatus(_w.Executive, minutes, MinutesConfirmed));

        var stamped = _w.Read("mci_allocationminutes", minutes);
        Assert.Multiple(() =>
        {
            Assert.That(stamped.GetAttributeValue<int?>("mci_version"), Is.EqualTo(1));
            Assert.That(stamped.GetAttributeValue<EntityReference>("mci_confirmedbyid").Id, Is.EqualTo(_w.Executive));
            Assert.That(stamped.GetAttributeValue<DateTime>("mci_confirmedon"), Is.EqualTo(new DateTime(2026, 3, 5, 14, 30, 0, DateTimeKind.Utc)));
            Assert.That(stamped.GetAttributeValue<string>("mci_snapshot"), Does.Contain("Grace Hopper").And.Contain("Team East").And.Contain("Team West")
                .And.Contain("60.00%").And.Contain("480,000.00").And.Contain("分配确认，第 1 版"));
            foreach (var line in new[] { east, west })
            {
                var read = _w.Read("mci_opportunitysplit", line);
                Assert.That(read.GetAttributeValue<bool>("mci_locked"), Is.True);
                Assert.That(read.GetAttributeValue<EntityReference>("mci_minutesid").Id, Is.EqualTo(minutes));
            }
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Confirmed));
            Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[]
            {
                ("RetrieveMultiple", "systemuser"), ("Update", "opportunity"), ("RetrieveMultiple", "opportunity"),
                ("RetrieveMultiple", "opportunity"), ("Update", "mci_opportunitysplit"), ("Update", "mci_opportunitysplit"),
            }), "before the save: the executive's name and roles, the deal written first (its lock; the allocation Confirmed), the deal with its lines and minutes; "
                + "after it: the deal as saved, each line locked (the allocation is Confirmed already)");
        });
    }

    [Test]
    public void A_system_administrator_may_confirm_too()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        _w.SetStatus(_w.Admin, minutes, MinutesConfirmed);
        Assert.That(OptionOf(_w.Read("mci_allocationminutes", minutes), "mci_status"), Is.EqualTo(MinutesConfirmed));
    }

    [Test]
    public void A_seller_cannot_create_minutes_already_confirmed()
    {
        TwoTeamsAndDraftMinutes();
        var message = _w.Refused(() => _w.Minutes(_w.Seller, _deal, "Our own confirmation", MinutesConfirmed));
        Assert.That(message, Does.Contain("Only a sales executive or a system administrator can confirm minutes “Our own confirmation” of “ERP rollout”"));
    }

    [Test]
    public void A_chinese_seller_is_told_in_chinese_that_only_an_executive_confirms()
    {
        TwoTeamsAndDraftMinutes();
        var message = _w.Refused(() => _w.Minutes(_w.SellerZh, _deal, "纪要", MinutesConfirmed));
        Assert.That(message, Does.StartWith("只有销售高管或系统管理员可以确认会议纪要“纪要”（“ERP rollout”）"));
    }

    [Test]
    public void The_approvers_column_profile_without_the_executive_role_is_not_enough()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        var impostor = _w.Env.CreateUser("Ivan Approver", "ivan@mci.test", new[] { "MCI Seller", "Basic User" }, fieldSecurityProfiles: new[] { "MCI Allocation Approvers" });
        var message = _w.Refused(() => _w.SetStatus(impostor, minutes, MinutesConfirmed));
        Assert.That(message, Does.Contain("Only a sales executive"));
    }

    [Test]
    public void A_seller_can_neither_confirm_nor_supersede_minutes()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        Assert.That(_w.Refused(() => _w.SetStatus(_w.Seller, minutes, MinutesConfirmed)), Does.Contain("Only a sales executive"), "the role check");
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        Assert.That(_w.Refused(() => _w.SetStatus(_w.Seller, minutes, MinutesSuperseded, "I want more")),
            Does.StartWith("Only a sales executive or a system administrator can reopen minutes “Split meeting 2 March” of “ERP rollout”"),
            "reopening is the approvers' too: the rule says so before column security would");
    }

    [Test]
    public void Confirming_needs_the_revenue_lines_to_total_exactly_100()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes(west: 30m);
        var message = _w.Refused(() => _w.SetStatus(_w.Executive, minutes, MinutesConfirmed));
        Assert.That(message, Does.Contain("Minutes “Split meeting 2 March” cannot be confirmed").And.Contain("total 90.00%, not exactly 100.00%"));
    }

    [Test]
    public void Only_one_confirmed_minutes_per_opportunity()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        var second = _w.Minutes(_w.Seller, _deal, "Second meeting");
        var message = _w.Refused(() => _w.SetStatus(_w.Executive, second, MinutesConfirmed));
        Assert.That(message, Does.Contain("already has confirmed minutes “Split meeting 2 March” (version 1)"));
    }

    [Test]
    public void Locked_lines_cannot_be_changed_deleted_or_joined()
    {
        var (east, _, minutes) = TwoTeamsAndDraftMinutes();
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", east) { ["mci_percent"] = 50m })),
                Does.Contain("is locked by confirmed minutes; reopen the minutes"));
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Delete("mci_opportunitysplit", east)), Does.Contain("cannot be deleted"));
            Assert.That(_w.Refused(() => _w.Line(_w.Seller, _deal, _w.TeamSolutionCentre, 100m, Overlay)),
                Does.Contain("The split of “ERP rollout” is confirmed in minutes, so no Overlay split line for “Solution Centre” can be added"));
        });
    }

    [Test]
    public void Reopening_needs_a_reason_then_unlocks_the_lines_and_reopens_the_allocation()
    {
        var (east, west, minutes) = TwoTeamsAndDraftMinutes();
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        Assert.That(_w.Refused(() => _w.SetStatus(_w.Executive, minutes, MinutesSuperseded)), Does.Contain("cannot be reopened without a reason"));

        var calls = _w.PluginCalls(() => _w.SetStatus(_w.Executive, minutes, MinutesSuperseded, "West brings a second product line"));
        Assert.Multiple(() =>
        {
            Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[]
            {
                ("RetrieveMultiple", "systemuser"), ("RetrieveMultiple", "opportunity"), ("RetrieveMultiple", "opportunity"),
                ("Update", "mci_opportunitysplit"), ("Update", "mci_opportunitysplit"), ("Update", "opportunity"),
            }), "the executive's roles, the deal (no lock: reopening cannot race a second reopening, which waits on the minutes' own row); the deal as saved, each line unlocked, the allocation");
            Assert.That(_w.Read("mci_opportunitysplit", east).GetAttributeValue<bool>("mci_locked"), Is.False);
            Assert.That(_w.Read("mci_opportunitysplit", west).GetAttributeValue<bool>("mci_locked"), Is.False);
            Assert.That(_w.Read("mci_opportunitysplit", west).GetAttributeValue<EntityReference>("mci_minutesid").Id, Is.EqualTo(minutes), "the line still names the minutes that last confirmed it");
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Reopened));
        });

        _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", east) { ["mci_percent"] = 50m });
        _w.As(_w.SellerZh).Update(new Entity("mci_opportunitysplit", west) { ["mci_percent"] = 50m });
        var next = _w.Minutes(_w.Seller, _deal, "Split meeting 9 March");
        _w.SetStatus(_w.Executive, next, MinutesConfirmed);
        Assert.That(_w.Read("mci_allocationminutes", next).GetAttributeValue<int?>("mci_version"), Is.EqualTo(2));
    }

    [Test]
    public void Confirmed_minutes_cannot_go_back_to_draft_and_superseded_ones_stay_superseded()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        Assert.That(_w.Refused(() => _w.SetStatus(_w.Executive, minutes, MinutesDraft)), Does.Contain("cannot go back to Draft"));
        _w.SetStatus(_w.Executive, minutes, MinutesSuperseded, "reopened");
        Assert.That(_w.Refused(() => _w.SetStatus(_w.Executive, minutes, MinutesConfirmed)), Does.Contain("are Superseded and cannot become Confirmed again"));
    }

    [Test]
    public void Draft_minutes_cannot_be_superseded()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        Assert.That(_w.Refused(() => _w.SetStatus(_w.Executive, minutes, MinutesSuperseded, "never confirmed")),
            Does.Contain("are not confirmed, so they cannot be Superseded"));
    }

    [Test]
    public void Stamps_sent_with_new_draft_minutes_are_dropped()
    {
        var id = _w.As(_w.Seller).Create(new Entity("mci_allocationminutes")
        {
            ["mci_name"] = "Forged", ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_version"] = 9, ["mci_snapshot"] = "forged", ["mci_confirmedbyid"] = Ref("systemuser", _w.Executive),
        });
        var read = _w.Read("mci_allocationminutes", id);
        Assert.That(new[] { "mci_version", "mci_snapshot", "mci_confirmedbyid" }.Where(read.Contains), Is.Empty);
    }

    [Test]
    public void The_stamps_of_confirmed_minutes_are_not_editable()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        var before = _w.Read("mci_allocationminutes", minutes);
        _w.As(_w.Executive).Update(new Entity("mci_allocationminutes", minutes)
        {
            ["mci_snapshot"] = "100% to me", ["mci_version"] = 7, ["mci_confirmedbyid"] = Ref("systemuser", _w.Seller), ["mci_confirmedon"] = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            ["mci_decision"] = "Decision noted",
        });
        var after = _w.Read("mci_allocationminutes", minutes);
        Assert.Multiple(() =>
        {
            foreach (var stamp in new[] { "mci_snapshot", "mci_version", "mci_confirmedbyid", "mci_confirmedon" })
                Assert.That(after[stamp], Is.EqualTo(before[stamp]), stamp);
            Assert.That(after.GetAttributeValue<string>("mci_decision"), Is.EqualTo("Decision noted"), "the rest of the record is the users'");
        });
    }

    [Test]
    public void Only_draft_minutes_may_be_deleted()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        var draft = _w.Minutes(_w.Seller, _deal, "Scratch");
        _w.As(_w.Admin).Delete("mci_allocationminutes", draft);
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        Assert.That(_w.Refused(() => _w.As(_w.Admin).Delete("mci_allocationminutes", minutes)),
            Does.Contain("Minutes “Split meeting 2 March” of “ERP rollout” are Confirmed and are kept as the record of the split"));
    }

    [Test]
    public void Saving_a_draft_reads_only_its_deals_state()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        var calls = _w.PluginCalls(() => _w.As(_w.Seller).Update(new Entity("mci_allocationminutes", minutes) { ["mci_decision"] = "East leads delivery" }));
        Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[] { ("RetrieveMultiple", "opportunity") }), "a won or lost deal's minutes are read-only; nothing else is read");
    }

    // ------------------------------------------------------------------ who reopens, batches, and what stays with the record

    [Test]
    public void The_approvers_column_profile_without_the_executive_role_cannot_reopen_either()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        var impostor = _w.Env.CreateUser("Ivan Approver", "ivan@mci.test", new[] { "MCI Seller", "Salesperson" }, 2052, fieldSecurityProfiles: new[] { "MCI Allocation Approvers" });
        var message = _w.Refused(() => _w.SetStatus(impostor, minutes, MinutesSuperseded, "I want more"));
        Assert.That(message, Does.StartWith("只有销售高管或系统管理员可以重新开启会议纪要“Split meeting 2 March”（“ERP rollout”）"));
    }

    private static EntityCollection MinutesBatch(params Entity[] minutes) => new(minutes.ToList()) { EntityName = "mci_allocationminutes" };

    private static Entity Status(Guid minutes, int status, string? reason = null)
    {
        var e = new Entity("mci_allocationminutes", minutes) { ["mci_status"] = new OptionSetValue(status) };
        if (reason != null) e["mci_reopenreason"] = reason;
        return e;
    }

    /// <summary>A fresh world with the given item order, the deal and its 60/40 lines with draft minutes.</summary>
    private static (World W, Guid Deal, Guid East, Guid West, Guid Minutes) In(BulkItemOrder order)
    {
        var w = new World(order);
        var deal = w.Opportunity(w.Seller, value: 800_000m);
        var east = w.Line(w.Seller, deal, w.TeamEast, 60m, seller: w.Seller);
        var west = w.Line(w.SellerZh, deal, w.TeamWest, 40m, seller: w.SellerZh);
        return (w, deal, east, west, w.Minutes(w.Seller, deal));
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void Two_drafts_confirmed_in_one_UpdateMultiple_leave_one_confirmed_minutes_at_most(BulkItemOrder order)
    {
        var (w, deal, _, _, first) = In(order);
        var second = w.Minutes(w.Seller, deal, "Second meeting");
        var message = w.Refused(() => w.As(w.Executive).Execute(new Microsoft.Xrm.Sdk.Messages.UpdateMultipleRequest
        {
            Targets = MinutesBatch(Status(first, MinutesConfirmed), Status(second, MinutesConfirmed)),
        }));
        // Which of the two is named first depends on the order the items are judged in; both are named.
        Assert.That(message, Does.Match("^Minutes “(Second meeting|Split meeting 2 March)” cannot be confirmed: “ERP rollout” already has confirmed minutes “(Split meeting 2 March|Second meeting)” \\(version 1\\)"));
        Assert.That(message, Does.Contain("Second meeting").And.Contain("Split meeting 2 March"));
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void Reopening_and_confirming_again_in_one_batch_keeps_versions_and_locks_in_order(BulkItemOrder order)
    {
        var (w, deal, east, west, minutes) = In(order);
        w.SetStatus(w.Executive, minutes, MinutesConfirmed);
        var next = w.Minutes(w.Seller, deal, "Split meeting 9 March");
        w.As(w.Executive).Execute(new Microsoft.Xrm.Sdk.Messages.UpdateMultipleRequest
        {
            Targets = MinutesBatch(Status(minutes, MinutesSuperseded, "Same split, new meeting"), Status(next, MinutesConfirmed)),
        });
        Assert.Multiple(() =>
        {
            Assert.That(w.Read("mci_allocationminutes", next).GetAttributeValue<int?>("mci_version"), Is.EqualTo(2));
            foreach (var line in new[] { east, west })
            {
                Assert.That(w.Read("mci_opportunitysplit", line).GetAttributeValue<bool>("mci_locked"), Is.True, "unlocked by the first, locked again by the second");
                Assert.That(w.Read("mci_opportunitysplit", line).GetAttributeValue<EntityReference>("mci_minutesid").Id, Is.EqualTo(next));
            }
            Assert.That(OptionOf(w.Read("opportunity", deal), "mci_allocationstatus"), Is.EqualTo(Confirmed));
        });
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void Confirming_before_reopening_in_one_batch_never_leaves_a_confirmed_split_unlocked(BulkItemOrder order)
    {
        var (w, deal, east, west, minutes) = In(order);
        w.SetStatus(w.Executive, minutes, MinutesConfirmed);
        var next = w.Minutes(w.Seller, deal, "Split meeting 9 March");
        void ConfirmThenReopen() => w.As(w.Executive).Execute(new Microsoft.Xrm.Sdk.Messages.UpdateMultipleRequest
        {
            Targets = MinutesBatch(Status(next, MinutesConfirmed), Status(minutes, MinutesSuperseded, "Same split, new meeting")),
        });
        if (order == BulkItemOrder.ItemByItem)
        {
            Assert.That(w.Refused(ConfirmThenReopen), Does.Contain("already has confirmed minutes “Split meeting 2 March”"), "the first item confirms while the first minutes still are");
            return;
        }
        ConfirmThenReopen();
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(w.Read("mci_allocationminutes", next), "mci_status"), Is.EqualTo(MinutesConfirmed));
            foreach (var line in new[] { east, west })
                Assert.That(w.Read("mci_opportunitysplit", line).GetAttributeValue<EntityReference>("mci_minutesid").Id, Is.EqualTo(next), "locked to the minutes that are confirmed");
            Assert.That(new[] { east, west }.Select(l => w.Read("mci_opportunitysplit", l).GetAttributeValue<bool>("mci_locked")), Is.All.True);
            Assert.That(OptionOf(w.Read("opportunity", deal), "mci_allocationstatus"), Is.EqualTo(Confirmed), "the reopening does not undo the new confirmation");
        });
    }

    [Test]
    public void Confirmed_minutes_cannot_be_moved_to_another_opportunity()
    {
        var other = _w.Opportunity(_w.Seller, name: "CRM upgrade", value: 100_000m);
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        var message = _w.Refused(() => _w.As(_w.Executive).Update(new Entity("mci_allocationminutes", minutes) { ["mci_opportunityid"] = Ref("opportunity", other) }));
        Assert.That(message, Is.EqualTo("Minutes “Split meeting 2 March” are Confirmed and record the split of “ERP rollout”, so they cannot be moved to another opportunity; create new minutes for the other opportunity."));
        var draft = _w.Minutes(_w.Seller, _deal, "Filed under the wrong deal");
        Assert.DoesNotThrow(() => _w.As(_w.Seller).Update(new Entity("mci_allocationminutes", draft) { ["mci_opportunityid"] = Ref("opportunity", other) }), "a draft may move");
    }

    [Test]
    public void The_reopen_reason_is_kept_and_may_be_typed_before_superseding()
    {
        var (_, _, minutes) = TwoTeamsAndDraftMinutes();
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        _w.As(_w.Executive).Update(new Entity("mci_allocationminutes", minutes) { ["mci_reopenreason"] = "West brings a second product line" });
        _w.SetStatus(_w.Executive, minutes, MinutesSuperseded);
        Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Reopened), "the reason saved earlier counts");
        Assert.That(_w.Refused(() => _w.As(_w.Executive).Update(new Entity("mci_allocationminutes", minutes) { ["mci_reopenreason"] = null })),
            Does.Contain("cannot be reopened without a reason"));
    }

    [Test]
    public void Thirds_confirm_only_at_exactly_100_and_each_reopen_cycle_adds_one_version()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 33.33m);
        _w.Line(_w.Seller, _deal, _w.TeamWest, 33.33m);
        var third = _w.Line(_w.Seller, _deal, _w.TeamCallCentre, 33.33m);
        var minutes = _w.Minutes(_w.Seller, _deal);
        Assert.That(_w.Refused(() => _w.SetStatus(_w.Executive, minutes, MinutesConfirmed)), Does.Contain("total 99.99%, not exactly 100.00%"));
        _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", third) { ["mci_percent"] = 33.34m });
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        for (var version = 2; version <= 3; version++)
        {
            _w.SetStatus(_w.Executive, minutes, MinutesSuperseded, "cycle " + version);
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Reopened));
            minutes = _w.Minutes(_w.Seller, _deal, "Meeting " + version);
            _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
            Assert.That(_w.Read("mci_allocationminutes", minutes).GetAttributeValue<int?>("mci_version"), Is.EqualTo(version));
        }
    }
}
