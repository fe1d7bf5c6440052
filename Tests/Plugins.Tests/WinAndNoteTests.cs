using Microsoft.Xrm.Sdk;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>Winning (the gate) and "everyone hears" (timeline note and in-app notifications).</summary>
public class WinAndNoteTests
{
    private World _w = null!;
    private Guid _deal;

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _deal = _w.Opportunity(_w.Seller, value: 800_000m, leadTeam: _w.TeamEast);
        _w.Env.DrainAsync();
    }

    private IReadOnlyList<Entity> Notes() => _w.Where("annotation", "objectid", _deal);

    private IReadOnlyList<Entity> Notifications() => _w.Env.All("appnotification");

    // ------------------------------------------------------------------ win

    [Test]
    public void Two_revenue_teams_cannot_win_before_the_split_is_confirmed()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        _w.Line(_w.SellerZh, _deal, _w.TeamWest, 40m);
        var message = _w.Refused(() => _w.Env.Win(_deal, _w.Seller));
        Assert.Multiple(() =>
        {
            Assert.That(message, Is.EqualTo("“ERP rollout” cannot be won yet: its Revenue split names 2 teams (Team East, Team West) and the allocation is Draft, not Confirmed; confirm the split in allocation minutes first."));
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "statecode"), Is.EqualTo(0), "still open");
            Assert.That(_w.Env.Count("opportunityclose"), Is.Zero);
        });
    }

    [Test]
    public void A_chinese_seller_reads_why_in_chinese()
    {
        // The gate runs inside the Win, after Dataverse checked that the user may write the deal: the deal is the seller's own.
        var deal = _w.Opportunity(_w.SellerZh, value: 800_000m, leadTeam: _w.TeamWest);
        _w.Line(_w.SellerZh, deal, _w.TeamEast, 60m);
        _w.Line(_w.SellerZh, deal, _w.TeamWest, 40m);
        Assert.That(_w.Refused(() => _w.Env.Win(deal, _w.SellerZh)), Does.StartWith("“ERP rollout”暂不能赢单：收入分配涉及 2 个团队（Team East、Team West）"));
    }

    [Test]
    public void A_confirmed_split_wins_for_one_query()
    {
        _w.ConfirmedSplit(_deal, out _, out _);
        var calls = _w.PluginCalls(() => _w.Env.Win(_deal, _w.Seller));
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "statecode"), Is.EqualTo(1));
            Assert.That(calls.Select(c => c.Message), Is.EqualTo(new[] { "RetrieveMultiple" }), "the deal, its lines and its partner engagements at once");
            Assert.That(_w.Env.Recorder.Executions.Where(e => e.PluginType.EndsWith("WinGatePlugin", StringComparison.Ordinal)).Select(e => (e.Message, e.Table, e.Depth)).Last(),
                Is.EqualTo(("Create", "opportunityclose", 2)), "the gate runs in the Create of the close activity the Win makes, one level down");
        });
    }

    [Test]
    public void The_gate_reads_the_default_margin_only_for_a_partner_without_its_own_and_refuses_a_bad_one()
    {
        var acme = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Acme Integration" });
        _w.As(_w.PartnerManager).Create(new Entity("mci_opportunitypartner")
        {
            ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_partnerid"] = Ref("mci_partner", acme),
            ["mci_ourprice"] = new Money(800m), ["mci_partnerprice"] = new Money(1000m), ["mci_partnercost"] = new Money(50m),
        });
        _w.Line(_w.Seller, _deal, _w.TeamEast, 100m);
        _w.Env.SetEnvironmentVariable("mci_DefaultMinimumPartnerMargin", "120");
        var message = _w.Refused(() => _w.Env.Win(_deal, _w.Seller));
        Assert.That(message, Does.StartWith("The environment variable mci_DefaultMinimumPartnerMargin is “120”, which is not a percent from 0.00 to 100.00"));
        _w.Env.SetEnvironmentVariable("mci_DefaultMinimumPartnerMargin", "15");
        var calls = _w.PluginCalls(() => _w.Env.Win(_deal, _w.Seller));
        Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[] { ("RetrieveMultiple", "opportunity"), ("RetrieveMultiple", "environmentvariabledefinition") }),
            "the deal with its engagements, then the default (15 %: the 15 % margin passes)");
    }

    [Test]
    public void A_close_activity_created_on_its_own_as_Won_is_gated_too()
    {
        // Microsoft documents that creating an Opportunity Close record (say, from Quick Create) closes the opportunity.
        _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        _w.Line(_w.SellerZh, _deal, _w.TeamWest, 40m);
        Entity Close(int state) => new("opportunityclose") { ["opportunityid"] = Ref("opportunity", _deal), ["subject"] = "Closed", ["opportunitystatecode"] = new OptionSetValue(state) };
        Assert.That(_w.Refused(() => _w.As(_w.Seller).Create(Close(1))), Does.Contain("cannot be won yet"));
        Assert.DoesNotThrow(() => _w.As(_w.Seller).Create(Close(2)), "a close as Lost is not the gate's business");
    }

    [Test]
    public void A_plain_create_of_a_close_activity_is_not_gated_nor_told()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        _w.Line(_w.SellerZh, _deal, _w.TeamWest, 40m);
        _w.Env.DrainAsync();
        var notes = Notes().Count;
        var calls = _w.PluginCalls(() => _w.As(_w.Admin).Create(new Entity("opportunityclose") { ["opportunityid"] = Ref("opportunity", _deal), ["subject"] = "Call notes" }));
        _w.Env.DrainAsync();
        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.Empty, "not made by a Win: the gate reads nothing");
            Assert.That(Notes(), Has.Count.EqualTo(notes), "and no win is told");
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "statecode"), Is.EqualTo(0));
        });
    }

    [Test]
    public void A_seller_cannot_open_the_gate_by_setting_the_allocation_to_Confirmed_by_hand()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        _w.Line(_w.SellerZh, _deal, _w.TeamWest, 40m);
        _w.As(_w.Seller).Update(new Entity("opportunity", _deal) { ["mci_allocationstatus"] = new OptionSetValue(Confirmed), ["description"] = "confirmed in the corridor" });
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Draft), "the allocation is MCI's: the hand-set value is dropped");
            Assert.That(_w.Read("opportunity", _deal).GetAttributeValue<string>("description"), Is.EqualTo("confirmed in the corridor"), "the rest of the save goes through");
        });
        Assert.That(_w.Refused(() => _w.Env.Win(_deal, _w.Seller)), Does.Contain("the allocation is Draft, not Confirmed"));
    }

    [Test]
    public void A_new_deal_starts_Not_Required_whatever_the_caller_sends()
    {
        var id = _w.As(_w.Seller).Create(new Entity("opportunity")
        {
            ["name"] = "Imported", ["estimatedvalue"] = new Money(300_000m), ["mci_salesmode"] = new OptionSetValue(Direct),
            ["mci_branchid"] = Ref("mci_branch", _w.Branch), ["mci_allocationstatus"] = new OptionSetValue(Confirmed),
        });
        Assert.That(OptionOf(_w.Read("opportunity", id), "mci_allocationstatus"), Is.EqualTo(NotRequired));
    }

    [Test]
    public void Nobody_wins_alone_and_adds_the_second_team_afterwards()
    {
        var east = _w.Line(_w.Seller, _deal, _w.TeamEast, 100m);
        _w.Env.Win(_deal, _w.Seller);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", east) { ["mci_percent"] = 60m })),
                Is.EqualTo("“ERP rollout” is closed, so its split stays as the deal closed with it: the Revenue split line of “Team East” cannot be added, changed, moved or deleted. Reopen the opportunity first if its split must change."));
            Assert.That(_w.Refused(() => _w.Line(_w.SellerZh, _deal, _w.TeamWest, 40m)), Does.StartWith("“ERP rollout”已结束"));
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Delete("mci_opportunitysplit", east)), Does.Contain("is closed"));
        });
    }

    [Test]
    public void One_team_needs_no_minutes()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 100m);
        Assert.DoesNotThrow(() => _w.Env.Win(_deal, _w.Seller));
    }

    [Test]
    public void An_engagement_below_margin_blocks_the_win_until_its_exception_is_approved()
    {
        var acme = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Acme Integration", ["mci_minmarginpercent"] = 12m });
        var engagement = _w.As(_w.PartnerManager).Create(new Entity("mci_opportunitypartner")
        {
            ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_partnerid"] = Ref("mci_partner", acme),
            ["mci_ourprice"] = new Money(800m), ["mci_partnerprice"] = new Money(1000m), ["mci_partnercost"] = new Money(150m),
            ["mci_exceptionstatus"] = new OptionSetValue(ExceptionRequested), ["mci_exceptionreason"] = "Strategic logo",
        });
        var message = _w.Refused(() => _w.Env.Win(_deal, _w.Seller));
        Assert.That(message, Does.Contain("these partner engagements are below margin or floor without an approved exception: “Acme Integration” (margin 5.00% is below the minimum 12.00%)"),
            "the seller is told the numbers although they cannot read the partner cost");

        _w.As(_w.Executive).Update(new Entity("mci_opportunitypartner", engagement) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionApproved) });
        Assert.DoesNotThrow(() => _w.Env.Win(_deal, _w.Seller));
    }

    // ------------------------------------------------------------------ notes and notifications

    [Test]
    public void A_change_is_told_once_to_everyone_on_the_deal_but_the_one_who_made_it()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        _w.Line(_w.SellerZh, _deal, _w.TeamWest, 40m);
        _w.Env.DrainAsync();
        var notesBefore = ChangeNotes().Count;
        Env().Update(new Entity("opportunity", _deal) { ["estimatedvalue"] = new Money(1_200_000m), ["stepname"] = "Propose" });
        Assert.That(ChangeNotes(), Has.Count.EqualTo(notesBefore), "asynchronous: nothing before the job runs (routing's own note on the new dual credit is synchronous)");

        var mark = _w.Env.Recorder.Mark();
        var told = Notifications().Count;
        _w.Env.DrainAsync();
        var note = Notes().Single(n => n.GetAttributeValue<string>("notetext").Contains("Estimated value"));
        var recipients = Notifications().Skip(told).Select(n => n.GetAttributeValue<EntityReference>("ownerid").Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(note.GetAttributeValue<string>("subject"), Is.EqualTo("“ERP rollout” changed · “ERP rollout”已变更"));
            Assert.That(note.GetAttributeValue<string>("notetext"), Does.Contain("- Stage: (empty) → Propose").And.Contain("- Estimated value: 800,000.00 → 1,200,000.00")
                .And.Contain("Changed by Emma Stone.").And.Contain("- 预计收入：800,000.00 → 1,200,000.00"));
            Assert.That(recipients, Is.EquivalentTo(new[] { _w.EastManager, _w.WestManager, _w.SellerZh, _w.Presales }),
                "lead team East, split team West and the presales team of the routed tier; not Emma, who made the change");
            Assert.That(Notifications().Select(n => OptionOf(n, "icontype")).Distinct(), Is.EqualTo(new int?[] { 100000000 }));
            Assert.That(Count(mark.PluginCalls, "RetrieveMultiple", "systemuser"), Is.EqualTo(1), "the members of every collaborating team in one query");
            Assert.That(Count(mark.PluginCalls, "Create", "appnotification"), Is.EqualTo(4), "one Create per notification (no batch requests inside plug-ins)");
        });

        IOrganizationService Env() => _w.As(_w.Seller);
        List<Entity> ChangeNotes() => Notes().Where(n => n.GetAttributeValue<string>("subject").Contains(" changed")).ToList();
    }

    [Test]
    public void A_change_nobody_watches_queues_no_job()
    {
        var jobs = _w.Env.AsyncJobs.Count;
        _w.As(_w.Seller).Update(new Entity("opportunity", _deal) { ["description"] = "Customer wants a demo" });
        _w.Env.DrainAsync();
        Assert.That(_w.Env.AsyncJobs.Count, Is.EqualTo(jobs));
    }

    [Test]
    public void The_allocation_changing_through_a_split_line_is_told_too()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        _w.Env.DrainAsync();
        Assert.That(Notes().Select(n => n.GetAttributeValue<string>("notetext")), Has.Some.Contains("- Allocation: Not Required → Draft").And.Some.Contains("Changed by Emma Stone."));
    }

    [Test]
    public void A_win_is_told_once_with_the_status_it_came_from()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 100m);
        _w.Env.DrainAsync();
        var notes = Notes().Count;
        _w.Env.Win(_deal, _w.Seller);
        _w.Env.DrainAsync();
        var added = Notes().Skip(notes).ToList();
        Assert.That(added, Has.Count.EqualTo(1), string.Join("\n---\n", added.Select(n => n.GetAttributeValue<string>("notetext"))));
        Assert.That(added[0].GetAttributeValue<string>("notetext"), Does.Contain("- Status: In Progress → Won").And.Contain("- 状态：进行中 → 赢单"));
        Assert.That(_w.Env.AsyncJobs.Where(j => j.Succeeded != true), Is.Empty);
    }

    [Test]
    public void A_member_of_two_collaborating_teams_is_told_once()
    {
        _w.Env.AddTeamMembers(_w.TeamWest, new[] { _w.EastManager });
        _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        _w.Line(_w.Seller, _deal, _w.TeamWest, 40m);
        _w.Env.DrainAsync();
        var told = Notifications().Count;
        _w.As(_w.Seller).Update(new Entity("opportunity", _deal) { ["estimatedclosedate"] = new DateTime(2026, 6, 30) });
        _w.Env.DrainAsync();
        var recipients = Notifications().Skip(told).Select(n => n.GetAttributeValue<EntityReference>("ownerid").Id).ToList();
        Assert.That(recipients, Is.Unique.And.Contains(_w.EastManager).And.Not.Contains(_w.Seller));
    }

    [Test]
    public void Saving_a_watched_value_unchanged_writes_no_note()
    {
        var notes = Notes().Count;
        _w.As(_w.Seller).Update(new Entity("opportunity", _deal) { ["estimatedvalue"] = new Money(800_000m), ["stepname"] = null });
        _w.Env.DrainAsync();
        Assert.That(Notes(), Has.Count.EqualTo(notes));
    }

    [Test]
    public void A_bulk_update_writes_one_note_per_deal_with_every_change()
    {
        var ids = Enumerable.Range(1, 3).Select(i => _w.Opportunity(_w.Seller, name: "Deal " + i, value: 100_000m, leadTeam: _w.TeamEast)).ToList();
        _w.Env.DrainAsync();
        var batch = new EntityCollection(ids.Select(id => new Entity("opportunity", id) { ["estimatedvalue"] = new Money(150_000m), ["estimatedclosedate"] = new DateTime(2026, 9, 30) }).ToList()) { EntityName = "opportunity" };
        _w.As(_w.Seller).Execute(new Microsoft.Xrm.Sdk.Messages.UpdateMultipleRequest { Targets = batch });
        _w.Env.DrainAsync();
        Assert.Multiple(() =>
        {
            foreach (var id in ids)
            {
                var notes = _w.Where("annotation", "objectid", id).Where(n => n.GetAttributeValue<string>("notetext").Contains("100,000.00 → 150,000.00")).ToList();
                Assert.That(notes, Has.Count.EqualTo(1));
                Assert.That(notes.Single().GetAttributeValue<string>("notetext"), Does.Contain("- Estimated close date: (empty) → 2026-09-30"));
            }
            Assert.That(_w.Env.AsyncJobs.Where(j => j.Succeeded != true), Is.Empty);
        });
    }

    [Test]
    public void A_hostile_deal_name_stays_plain_one_line_text_in_refusals_snapshots_and_notes()
    {
        var hostile = "Deal \"quoted\"\n<script>alert('x')</script>\u202E" + new string('长', 250);
        var deal = _w.Opportunity(_w.SellerZh, name: hostile, value: 800_000m, leadTeam: _w.TeamEast);
        _w.Line(_w.SellerZh, deal, _w.TeamEast, 60m);
        _w.Line(_w.SellerZh, deal, _w.TeamWest, 40m);
        var shown = "“Deal \"quoted\" <script>alert('x')</script> " + new string('长', 57) + "…”";
        Assert.That(_w.Refused(() => _w.Env.Win(deal, _w.SellerZh)), Does.StartWith(shown + "暂不能赢单"));
        var minutes = _w.Minutes(_w.SellerZh, deal, new string('m', 200));
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        _w.Env.DrainAsync();
        Assert.Multiple(() =>
        {
            Assert.That(_w.Read("mci_allocationminutes", minutes).GetAttributeValue<string>("mci_snapshot"), Does.Contain("Opportunity · 商机: " + shown + "\n"));
            Assert.That(_w.Env.AsyncJobs.Where(j => j.Succeeded != true).Select(j => j.Error), Is.Empty, "notes and notifications are written whatever the name");
            Assert.That(_w.Where("annotation", "objectid", deal).Select(n => n.GetAttributeValue<string>("subject")), Has.All.EqualTo(shown + " changed · " + shown + "已变更"));
        });
    }
}
