using Mci.Emulator;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>Split lines as sellers enter them: the rules, the amount, the allocation status, and what each costs.</summary>
public class SplitLineTests
{
    private World _w = null!;
    private Guid _deal;

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _deal = _w.Opportunity(_w.Seller, value: 800_000m);
    }

    [Test]
    public void The_first_line_gets_its_amount_makes_the_allocation_Draft_and_shares_the_deal_with_its_team()
    {
        Guid line = Guid.Empty;
        var calls = _w.PluginCalls(() => line = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m));
        Assert.Multiple(() =>
        {
            Assert.That(MoneyOf(_w.Read("mci_opportunitysplit", line), "mci_amount"), Is.EqualTo(480_000m));
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Draft));
            Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[]
            {
                ("RetrieveMultiple", "opportunity"), ("RetrieveMultiple", "opportunity"), ("Update", "opportunity"),
                ("RetrieveSharedPrincipalsAndAccess", "opportunity"), ("Retrieve", "opportunity"), ("GrantAccess", "opportunity"),
            }), "before the save: the deal and its lines as stored; after it: the deal and its lines as saved, then the allocation; "
                + "then the deal's shares, its owner (the team is not shared yet: is it the owner?) and the team's share");
            Assert.That(_w.Env.Shares("opportunity", _deal).Select(sh => (sh.Principal.Id, sh.Mask)),
                Is.EqualTo(new[] { (_w.TeamBranchTech, CollaboratorRights), (_w.TeamEast, CollaboratorRights) }), "the routed presales team's share, then the line's team's");
        });
    }

    [Test]
    public void Changing_a_lines_percent_costs_two_queries_and_keeps_its_amount()
    {
        var line = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        var calls = _w.PluginCalls(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", line) { ["mci_percent"] = 55.5m }));
        Assert.Multiple(() =>
        {
            Assert.That(MoneyOf(_w.Read("mci_opportunitysplit", line), "mci_amount"), Is.EqualTo(444_000m));
            Assert.That(calls.Select(c => c.Message), Is.EqualTo(new[] { "RetrieveMultiple", "RetrieveMultiple" }),
                "the line before the save, the split after it; no write: the amount goes on the Target, the allocation stays Draft");
        });
    }

    [Test]
    public void Changing_only_the_seller_reads_the_deal_once_and_judges_no_split()
    {
        var line = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        var calls = _w.PluginCalls(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", line) { ["mci_sellerid"] = Ref("systemuser", _w.EastManager) }));
        Assert.That(calls.Select(c => c.Message), Is.EqualTo(new[] { "RetrieveMultiple" }), "the seller does not change what the split is made of");
    }

    [Test]
    public void A_seller_cannot_take_the_revenue_split_over_100_and_nothing_is_saved()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        var message = _w.Refused(() => _w.Line(_w.Seller, _deal, _w.TeamWest, 45m));
        Assert.That(message, Does.Contain("“ERP rollout”").And.Contain("105.00%").And.Contain("at most 100.00%"));
    }

    [Test]
    public void A_chinese_seller_reads_the_refusal_in_chinese()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        var message = _w.Refused(() => _w.Line(_w.SellerZh, _deal, _w.TeamWest, 45m));
        Assert.That(message, Is.EqualTo("“ERP rollout”的收入分配合计将为 105.00%，超过 100.00%；请调低本行或其他收入分配行，使合计不超过 100.00%。"));
    }

    [TestCase(0, "has 0.00%")]
    [TestCase(-5, "has -5.00%")]
    [TestCase(100.01, "has 100.01%")]
    [TestCase(33.333, "33.333%, which has more than two decimals")]
    public void Percents_out_of_range_or_too_precise_are_refused_with_the_number(decimal percent, string expected)
    {
        var message = _w.Refused(() => _w.Line(_w.Seller, _deal, _w.TeamEast, percent));
        Assert.That(message, Does.Contain(expected).And.Contain("“Team East”").And.Contain("“ERP rollout”"));
    }

    [Test]
    public void One_line_per_team_and_type()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 30m);
        var message = _w.Refused(() => _w.Line(_w.Seller, _deal, _w.TeamEast, 20m));
        Assert.That(message, Does.Contain("already has a Revenue split line for “Team East”"));
        Assert.DoesNotThrow(() => _w.Line(_w.Seller, _deal, _w.TeamEast, 100m, Overlay), "an Overlay line for the same team is another line");
    }

    [Test]
    public void Overlay_lines_do_not_count_toward_100()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 100m);
        Assert.DoesNotThrow(() => _w.Line(_w.Seller, _deal, _w.TeamSolutionCentre, 100m, Overlay));
        Assert.That(_w.Lines(_deal), Has.Count.EqualTo(2));
    }

    [Test]
    public void A_line_without_a_team_is_refused()
    {
        var line = new Entity("mci_opportunitysplit") { ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_percent"] = 10m, ["mci_splittype"] = new OptionSetValue(Revenue) };
        var message = _w.Refused(() => _w.As(_w.Seller).Create(line));
        Assert.That(message, Does.Contain("names no team"));
    }

    [Test]
    public void A_line_without_a_percent_is_refused()
    {
        var line = new Entity("mci_opportunitysplit") { ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_teamid"] = Ref("team", _w.TeamEast), ["mci_splittype"] = new OptionSetValue(Revenue) };
        Assert.That(_w.Refused(() => _w.As(_w.Seller).Create(line)), Does.Contain("The Revenue split line of “Team East” on “ERP rollout” has no percent"));
    }

    [Test]
    public void A_percent_of_the_wrong_type_is_refused_and_nothing_is_saved()
    {
        var line = new Entity("mci_opportunitysplit")
        {
            ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_teamid"] = Ref("team", _w.TeamEast), ["mci_splittype"] = new OptionSetValue(Revenue), ["mci_percent"] = "fifty",
        };
        Assert.That(_w.Refused(() => _w.As(_w.Seller).Create(line)), Does.Contain("has no percent"), "the rules see no number, and say so");
    }

    [Test]
    public void A_seller_cannot_lock_a_line_or_point_it_at_minutes()
    {
        var line = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        var message = _w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", line) { ["mci_locked"] = true }));
        Assert.That(message, Does.Contain("set only by confirming or reopening minutes"));
    }

    [Test]
    public void An_amount_typed_by_hand_is_put_back_to_value_times_percent()
    {
        var line = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", line) { ["mci_amount"] = new Money(1m) });
        Assert.That(MoneyOf(_w.Read("mci_opportunitysplit", line), "mci_amount"), Is.EqualTo(480_000m));
    }

    [Test]
    public void Deleting_the_last_line_makes_the_allocation_Not_Required_again()
    {
        var line = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        var calls = _w.PluginCalls(() => _w.As(_w.Seller).Delete("mci_opportunitysplit", line));
        Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(NotRequired));
        Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[]
        {
            ("RetrieveMultiple", "opportunity"), ("Update", "opportunity"),
            ("RetrieveMultiple", "opportunity"), ("RetrieveSharedPrincipalsAndAccess", "opportunity"), ("RevokeAccess", "opportunity"),
        }), "the deal before the delete, the allocation; then the team's standing (no line left), the shares, the revoke");
        Assert.That(_w.Env.Shares("opportunity", _deal).Select(sh => sh.Principal.Id), Is.EqualTo(new[] { _w.TeamBranchTech }),
            "the team holds no line now and is neither lead nor presales team; the presales team keeps its share");
    }

    [Test]
    public void Amounts_follow_the_estimated_value_with_one_query_and_one_write_per_line()
    {
        var east = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        var west = _w.Line(_w.SellerZh, _deal, _w.TeamWest, 40m);
        var calls = _w.PluginCalls(() => _w.As(_w.Seller).Update(new Entity("opportunity", _deal) { ["estimatedvalue"] = new Money(900_000m) }));
        Assert.Multiple(() =>
        {
            Assert.That(MoneyOf(_w.Read("mci_opportunitysplit", east), "mci_amount"), Is.EqualTo(540_000m));
            Assert.That(MoneyOf(_w.Read("mci_opportunitysplit", west), "mci_amount"), Is.EqualTo(360_000m));
            Assert.That(Count(calls, "RetrieveMultiple", "mci_opportunitysplit"), Is.EqualTo(1));
            Assert.That(Count(calls, "Update", "mci_opportunitysplit"), Is.EqualTo(2), "each line its own Update (no batch requests inside plug-ins)");
            Assert.That(Count(calls, "RetrieveMultiple", "mci_supporttier"), Is.EqualTo(1), "the value is a routing input too");
        });
    }

    [Test]
    public void A_hostile_opportunity_name_shows_as_plain_one_line_text_in_the_refusal()
    {
        var deal = _w.Opportunity(_w.Seller, name: "Deal\n<script>alert(1)</script>\u202Eevil");
        _w.Line(_w.Seller, deal, _w.TeamEast, 90m);
        var message = _w.Refused(() => _w.Line(_w.Seller, deal, _w.TeamWest, 20m));
        Assert.That(message, Does.Contain("“Deal <script>alert(1)</script> evil”").And.Contain("110.00%"));
        Assert.That(message.IndexOfAny(new[] { '\u202E', '\n' }), Is.EqualTo(-1), "no bidi override, no line break");
    }

    [Test]
    public void Deleting_an_opportunity_takes_its_confirmed_split_and_minutes_with_it()
    {
        var minutes = _w.ConfirmedSplit(_deal, out _, out _);
        _w.As(_w.Admin).Delete("opportunity", _deal);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Lines(_deal), Is.Empty);
            Assert.That(_w.Env.Peek("mci_allocationminutes", minutes), Is.Null);
        });
    }

    // ------------------------------------------------------------------ batches: judged on what they leave, whatever order Dataverse runs their items in

    private static Entity NewLine(Guid deal, Guid team, decimal percent, int type = Revenue) => new("mci_opportunitysplit")
    {
        ["mci_name"] = "line", ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_teamid"] = Ref("team", team),
        ["mci_splittype"] = new OptionSetValue(type), ["mci_percent"] = percent,
    };

    private static EntityCollection Batch(params Entity[] lines) => new(lines.ToList()) { EntityName = "mci_opportunitysplit" };

    /// <summary>A fresh world whose CreateMultiple/UpdateMultiple run their items in <paramref name="order"/>, with the deal.</summary>
    private (World World, Guid Deal) In(BulkItemOrder order)
    {
        var w = new World(order);
        return (w, w.Opportunity(w.Seller, value: 800_000m));
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void Two_lines_for_the_same_team_in_one_CreateMultiple_are_refused_and_neither_is_saved(BulkItemOrder order)
    {
        var (w, deal) = In(order);
        var message = w.Refused(() => w.As(w.Seller).Execute(new CreateMultipleRequest { Targets = Batch(NewLine(deal, w.TeamEast, 30m), NewLine(deal, w.TeamEast, 20m)) }));
        Assert.That(message, Is.EqualTo("“ERP rollout” already has a Revenue split line for “Team East”; change that line instead of adding another."));
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void A_CreateMultiple_that_takes_the_revenue_over_100_is_refused_with_the_batch_total(BulkItemOrder order)
    {
        var (w, deal) = In(order);
        w.Line(w.Seller, deal, w.TeamCallCentre, 10m);
        var message = w.Refused(() => w.As(w.SellerZh).Execute(new CreateMultipleRequest { Targets = Batch(NewLine(deal, w.TeamEast, 50m), NewLine(deal, w.TeamWest, 50m)) }));
        Assert.That(message, Does.StartWith("“ERP rollout”的收入分配合计将为 110.00%"));
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void Sixty_and_sixty_in_one_batch_is_refused_though_each_fits_the_split_as_stored(BulkItemOrder order)
    {
        var (w, deal) = In(order);
        var message = w.Refused(() => w.As(w.Seller).Execute(new CreateMultipleRequest { Targets = Batch(NewLine(deal, w.TeamEast, 60m), NewLine(deal, w.TeamWest, 60m)) }));
        Assert.That(message, Does.Contain("would total 120.00%"));
    }

    [Test]
    public void An_UpdateMultiple_is_judged_on_the_split_it_leaves_when_Dataverse_saves_the_batch_at_once()
    {
        var (w, deal) = In(BulkItemOrder.StageByStage);
        var east = w.Line(w.Seller, deal, w.TeamEast, 50m);
        var west = w.Line(w.Seller, deal, w.TeamWest, 50m);
        w.As(w.Seller).Execute(new UpdateMultipleRequest { Targets = Batch(new Entity("mci_opportunitysplit", east) { ["mci_percent"] = 70m }, new Entity("mci_opportunitysplit", west) { ["mci_percent"] = 30m }) });
        Assert.Multiple(() =>
        {
            Assert.That(MoneyOf(w.Read("mci_opportunitysplit", east), "mci_amount"), Is.EqualTo(560_000m), "70/30 totals 100: East may go up when West goes down in the same batch");
            Assert.That(MoneyOf(w.Read("mci_opportunitysplit", west), "mci_amount"), Is.EqualTo(240_000m));
        });
    }

    [Test]
    public void Item_by_item_the_same_UpdateMultiple_is_judged_line_after_line()
    {
        var (w, deal) = In(BulkItemOrder.ItemByItem);
        var east = w.Line(w.Seller, deal, w.TeamEast, 50m);
        var west = w.Line(w.Seller, deal, w.TeamWest, 50m);
        var raiseFirst = w.Refused(() => w.As(w.Seller).Execute(new UpdateMultipleRequest
        {
            Targets = Batch(new Entity("mci_opportunitysplit", east) { ["mci_percent"] = 70m }, new Entity("mci_opportunitysplit", west) { ["mci_percent"] = 30m }),
        }));
        Assert.That(raiseFirst, Does.Contain("would total 120.00%"), "East at 70 beside West still at 50");
        w.As(w.Seller).Execute(new UpdateMultipleRequest { Targets = Batch(new Entity("mci_opportunitysplit", west) { ["mci_percent"] = 30m }, new Entity("mci_opportunitysplit", east) { ["mci_percent"] = 70m }) });
        Assert.That(MoneyOf(w.Read("mci_opportunitysplit", east), "mci_amount"), Is.EqualTo(560_000m), "lowering first leaves room");
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void When_the_third_line_of_an_UpdateMultiple_is_refused_none_of_them_is_saved(BulkItemOrder order)
    {
        var (w, deal) = In(order);
        var a = w.Line(w.Seller, deal, w.TeamEast, 20m);
        var b = w.Line(w.Seller, deal, w.TeamWest, 20m);
        var c = w.Line(w.Seller, deal, w.TeamCallCentre, 20m);
        var message = w.Refused(() => w.As(w.Seller).Execute(new UpdateMultipleRequest
        {
            Targets = Batch(new Entity("mci_opportunitysplit", a) { ["mci_percent"] = 30m }, new Entity("mci_opportunitysplit", b) { ["mci_percent"] = 30m },
                new Entity("mci_opportunitysplit", c) { ["mci_percent"] = 45m }),
        }));
        Assert.That(message, Does.Contain("would total 105.00%"));
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void Two_lines_swapping_their_teams_in_one_batch_leave_one_line_per_team_or_are_refused(BulkItemOrder order)
    {
        var (w, deal) = In(order);
        var east = w.Line(w.Seller, deal, w.TeamEast, 60m);
        var west = w.Line(w.Seller, deal, w.TeamWest, 40m);
        void Swap() => w.As(w.Seller).Execute(new UpdateMultipleRequest
        {
            Targets = Batch(new Entity("mci_opportunitysplit", east) { ["mci_teamid"] = Ref("team", w.TeamWest) }, new Entity("mci_opportunitysplit", west) { ["mci_teamid"] = Ref("team", w.TeamEast) }),
        });
        if (order == BulkItemOrder.StageByStage)
        {
            Swap();
            Assert.That(w.Lines(deal).Select(l => l.GetAttributeValue<EntityReference>("mci_teamid").Id), Is.EquivalentTo(new[] { w.TeamEast, w.TeamWest }), "the swap leaves one line per team");
        }
        else Assert.That(w.Refused(Swap), Does.Contain("already has a Revenue split line for “Team West”"), "after the first item two lines name West");
    }

    [Test]
    public void Changing_a_lines_team_onto_another_lines_team_is_refused()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 30m);
        var west = _w.Line(_w.Seller, _deal, _w.TeamWest, 30m);
        var message = _w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", west) { ["mci_teamid"] = Ref("team", _w.TeamEast) }));
        Assert.That(message, Does.Contain("already has a Revenue split line for “Team East”"));
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void One_batch_across_two_deals_reads_each_deal_before_and_after_and_writes_each_allocation_once(BulkItemOrder order)
    {
        var (w, deal) = In(order);
        var other = w.Opportunity(w.Seller, name: "CRM upgrade", value: 200_000m);
        var calls = w.PluginCalls(() => w.As(w.Seller).Execute(new CreateMultipleRequest { Targets = Batch(NewLine(deal, w.TeamEast, 60m), NewLine(other, w.TeamEast, 100m)) }));
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(w.Read("opportunity", deal), "mci_allocationstatus"), Is.EqualTo(Draft));
            Assert.That(OptionOf(w.Read("opportunity", other), "mci_allocationstatus"), Is.EqualTo(Draft));
            Assert.That(Count(calls, "RetrieveMultiple", "opportunity"), Is.EqualTo(4), "per line: its deal before the save and after it");
            Assert.That(Count(calls, "Update", "opportunity"), Is.EqualTo(2), "each allocation once");
            Assert.That(Count(calls, "RetrieveSharedPrincipalsAndAccess", "opportunity") + Count(calls, "Retrieve", "opportunity") + Count(calls, "GrantAccess", "opportunity"), Is.EqualTo(6),
                "per deal: its shares, its owner, the team's share");
            Assert.That(calls, Has.Count.EqualTo(12), string.Join("\n", calls));
        });
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void A_new_line_cannot_join_a_confirmed_split_in_a_batch_either(BulkItemOrder order)
    {
        var (w, deal) = In(order);
        w.ConfirmedSplit(deal, out _, out _);
        var message = w.Refused(() => w.As(w.Seller).Execute(new CreateMultipleRequest { Targets = Batch(NewLine(deal, w.TeamCallCentre, 10m, Overlay), NewLine(deal, w.TeamSolutionCentre, 100m, Overlay)) }));
        Assert.That(message, Does.Contain("is confirmed in minutes, so no Overlay split line for"));
    }

    // ------------------------------------------------------------------ moving a line to another opportunity

    [Test]
    public void Moving_the_last_line_to_another_deal_makes_the_old_one_Not_Required_and_the_new_one_Draft()
    {
        var other = _w.Opportunity(_w.Seller, name: "CRM upgrade", value: 200_000m);
        var east = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        var calls = _w.PluginCalls(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", east) { ["mci_opportunityid"] = Ref("opportunity", other) }));
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(NotRequired));
            Assert.That(OptionOf(_w.Read("opportunity", other), "mci_allocationstatus"), Is.EqualTo(Draft));
            Assert.That(MoneyOf(_w.Read("mci_opportunitysplit", east), "mci_amount"), Is.EqualTo(120_000m), "the amount follows the new deal's value");
            Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[]
            {
                ("RetrieveMultiple", "opportunity"), ("RetrieveMultiple", "opportunity"), ("Update", "opportunity"), ("Update", "opportunity"),
                ("RetrieveSharedPrincipalsAndAccess", "opportunity"), ("Retrieve", "opportunity"), ("GrantAccess", "opportunity"),
                ("RetrieveMultiple", "opportunity"), ("RetrieveSharedPrincipalsAndAccess", "opportunity"), ("RevokeAccess", "opportunity"),
            }), "both deals read in one query before the save and in one after it; each allocation its own Update; "
                + "the new deal shared with the team (shares, owner, grant), the old one's share revoked (the team's standing there, shares, revoke)");
            Assert.That(_w.Env.Shares("opportunity", other).Select(sh => sh.Principal.Id), Is.EqualTo(new[] { _w.TeamBranchTech, _w.TeamEast }));
            Assert.That(_w.Env.Shares("opportunity", _deal).Select(sh => sh.Principal.Id), Is.EqualTo(new[] { _w.TeamBranchTech }));
        });
    }

    [Test]
    public void A_line_moved_onto_a_deal_is_checked_against_that_deals_lines()
    {
        var other = _w.Opportunity(_w.Seller, name: "CRM upgrade", value: 200_000m);
        _w.Line(_w.Seller, other, _w.TeamWest, 100m);
        var east = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        var message = _w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", east) { ["mci_opportunityid"] = Ref("opportunity", other) }));
        Assert.That(message, Does.Contain("Revenue splits for “CRM upgrade” would total 160.00%"));
    }

    [Test]
    public void A_locked_line_cannot_be_moved_out_of_its_confirmed_split_nor_a_line_into_one()
    {
        var other = _w.Opportunity(_w.Seller, name: "CRM upgrade", value: 200_000m);
        _w.ConfirmedSplit(_deal, out var east, out _);
        Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", east) { ["mci_opportunityid"] = Ref("opportunity", other) })),
            Does.Contain("The Revenue split line of “Team East” on “ERP rollout” is locked by confirmed minutes"));
        var stray = _w.Line(_w.Seller, other, _w.TeamCallCentre, 10m);
        Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", stray) { ["mci_opportunityid"] = Ref("opportunity", _deal) })),
            Does.Contain("The split of “ERP rollout” is confirmed in minutes, so no Revenue split line for “Call Centre” can be added"));
    }

    [Test]
    public void A_line_without_an_opportunity_is_still_checked_and_again_when_it_gets_one()
    {
        var orphan = new Entity("mci_opportunitysplit") { ["mci_teamid"] = Ref("team", _w.TeamEast), ["mci_splittype"] = new OptionSetValue(Revenue), ["mci_percent"] = 100m };
        var id = _w.As(_w.Seller).Create(orphan);
        _w.Line(_w.Seller, _deal, _w.TeamWest, 50m);
        Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", id) { ["mci_opportunityid"] = Ref("opportunity", _deal) })),
            Does.Contain("would total 150.00%"));
        orphan["mci_percent"] = 0m;
        Assert.That(_w.Refused(() => _w.As(_w.Seller).Create(orphan)), Does.Contain("has 0.00%"));
    }

    [Test]
    public void Split_lines_are_deleted_not_deactivated()
    {
        var east = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        var message = _w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", east) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) }));
        Assert.That(message, Does.StartWith("Split lines are not deactivated: the Revenue split line of “Team East” on “ERP rollout” would still count"));
    }

    // ------------------------------------------------------------------ more lines than one page

    /// <summary>Seeds 5,100 Overlay lines on the deal (no plug-in runs for seeded rows), then one Revenue line of West at 50 %.</summary>
    private void ManyLines()
    {
        _w.Env.Seed(Enumerable.Range(0, 5100).Select(i => new Entity("mci_opportunitysplit")
        {
            ["mci_name"] = "overlay " + i, ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_teamid"] = Ref("team", _w.TeamCallCentre),
            ["mci_splittype"] = new OptionSetValue(Overlay), ["mci_percent"] = 1m,
        }));
        _w.Env.Seed(new[]
        {
            new Entity("mci_opportunitysplit")
            {
                ["mci_name"] = "west", ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_teamid"] = Ref("team", _w.TeamWest),
                ["mci_splittype"] = new OptionSetValue(Revenue), ["mci_percent"] = 50m,
            },
        });
    }

    [Test]
    public void A_deal_with_more_lines_than_one_page_is_judged_on_all_of_them()
    {
        ManyLines();
        string message = "";
        var calls = _w.PluginCalls(() => message = _w.Refused(() => _w.Line(_w.Seller, _deal, _w.TeamEast, 60m)));
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("would total 110.00%"), "West's 50 % counts, wherever its row falls");
            Assert.That(Count(calls, "RetrieveMultiple", "opportunity"), Is.EqualTo(4), "the deal with its 5,102 lines before and after the save: two pages each");
        });
    }

    [Test]
    public void Amounts_follow_the_value_on_every_line_past_the_first_page()
    {
        ManyLines();
        var calls = _w.PluginCalls(() => _w.As(_w.Admin).Update(new Entity("opportunity", _deal) { ["estimatedvalue"] = new Money(900_000m) }));
        var lines = _w.Lines(_deal);
        Assert.Multiple(() =>
        {
            Assert.That(lines.Where(l => OptionOf(l, "mci_splittype") == Overlay).Select(l => MoneyOf(l, "mci_amount")), Is.All.EqualTo(9_000m));
            Assert.That(lines.Single(l => OptionOf(l, "mci_splittype") == Revenue).GetAttributeValue<Money>("mci_amount").Value, Is.EqualTo(450_000m));
            Assert.That(Count(calls, "RetrieveMultiple", "mci_opportunitysplit"), Is.EqualTo(2), "5,101 lines: two pages");
            Assert.That(Count(calls, "Update", "mci_opportunitysplit"), Is.EqualTo(5101));
        });
    }

    [Test]
    public void Clearing_the_estimated_value_clears_the_amounts()
    {
        var east = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        _w.As(_w.Seller).Update(new Entity("opportunity", _deal) { ["estimatedvalue"] = null });
        Assert.That(MoneyOf(_w.Read("mci_opportunitysplit", east), "mci_amount"), Is.Null);
    }
}
