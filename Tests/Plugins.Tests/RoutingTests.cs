using Mci.Emulator;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>Tier routing with dual crediting, single and in bulk, and support tiers keeping themselves sound.</summary>
public class RoutingTests
{
    private World _w = null!;

    [SetUp]
    public void SetUp() => _w = new World();

    private Entity Deal(Guid id) => _w.Read("opportunity", id);

    private static Guid? RefId(Entity e, string column) => e.GetAttributeValue<EntityReference>(column)?.Id;

    [Test]
    public void A_large_direct_deal_goes_to_the_solution_centre_with_dual_credit_and_an_overlay_line()
    {
        Guid id = Guid.Empty;
        var calls = _w.PluginCalls(() => id = _w.Opportunity(_w.Seller, value: 2_000_000m));
        var deal = Deal(id);
        var overlay = _w.Lines(id).Single();
        Assert.Multiple(() =>
        {
            Assert.That(RefId(deal, "mci_supporttierid"), Is.EqualTo(_w.TierLarge));
            Assert.That(OptionOf(deal, "mci_presalesmodel"), Is.EqualTo(SolutionCentre));
            Assert.That(RefId(deal, "mci_presalesteamid"), Is.EqualTo(_w.TeamSolutionCentre));
            Assert.That(deal.GetAttributeValue<bool>("mci_dualcredit"), Is.True);
            Assert.That(OptionOf(deal, "mci_allocationstatus"), Is.EqualTo(Draft), "the overlay is the split's first line");
            Assert.That(RefId(overlay, "mci_teamid"), Is.EqualTo(_w.TeamSolutionCentre));
            Assert.That(OptionOf(overlay, "mci_splittype"), Is.EqualTo(Overlay));
            Assert.That(overlay.GetAttributeValue<decimal>("mci_percent"), Is.EqualTo(100m));
            Assert.That(MoneyOf(overlay, "mci_amount"), Is.EqualTo(2_000_000m));
            Assert.That(overlay.GetAttributeValue<string>("mci_name"), Is.EqualTo("Solution Centre · Overlay · 叠加"));
            Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[]
            {
                ("RetrieveMultiple", "mci_supporttier"), ("Update", "opportunity"), ("RetrieveSharedPrincipalsAndAccess", "opportunity"), ("GrantAccess", "opportunity"),
                ("Create", "mci_opportunitysplit"),
            }), "one tier query; the tier and presales team written as SYSTEM (no AppendTo of the seller needed), which shares the deal with the presales team "
                + "(its shares read, the team's granted; the owner is known from the image); one Create of the overlay line; "
                + "the line's own rules, its access and routing are not run again for MCI's own writes");
            Assert.That(_w.Env.Shares("opportunity", id).Select(sh => (sh.Principal.Id, sh.Mask)), Is.EqualTo(new[] { (_w.TeamSolutionCentre, CollaboratorRights) }));
            Assert.That(calls.Where(c => c.Message != "RetrieveMultiple").Select(c => c.CallerId).Distinct(), Is.EqualTo(new[] { _w.Env.SystemUserId }), "written as SYSTEM");
        });
    }

    [Test]
    public void A_small_direct_deal_gets_its_branchs_technical_team()
    {
        var deal = Deal(_w.Opportunity(_w.Seller, value: 300_000m));
        Assert.Multiple(() =>
        {
            Assert.That(RefId(deal, "mci_supporttierid"), Is.EqualTo(_w.TierDirect));
            Assert.That(OptionOf(deal, "mci_presalesmodel"), Is.EqualTo(BranchTechnicalTeam));
            Assert.That(RefId(deal, "mci_presalesteamid"), Is.EqualTo(_w.TeamBranchTech));
            Assert.That(deal.GetAttributeValue<bool>("mci_dualcredit"), Is.False);
            Assert.That(OptionOf(deal, "mci_allocationstatus"), Is.EqualTo(NotRequired));
        });
    }

    [Test]
    public void Partner_led_deals_split_by_complexity_and_channel_deals_go_to_the_call_centre()
    {
        var complex = Deal(_w.Opportunity(_w.Seller, mode: PartnerLed, complexity: Complex));
        var standard = Deal(_w.Opportunity(_w.Seller, mode: PartnerLed, complexity: Standard));
        var channel = Deal(_w.Opportunity(_w.Seller, mode: Channel, value: 5_000m));
        Assert.Multiple(() =>
        {
            Assert.That(RefId(complex, "mci_presalesteamid"), Is.EqualTo(_w.TeamBranchTech));
            Assert.That(OptionOf(standard, "mci_presalesmodel"), Is.EqualTo(PartnerSelfService));
            Assert.That(RefId(standard, "mci_presalesteamid"), Is.Null);
            Assert.That(RefId(channel, "mci_presalesteamid"), Is.EqualTo(_w.TeamCallCentre));
        });
    }

    [Test]
    public void No_matching_tier_is_refused_naming_sales_mode_amount_and_complexity()
    {
        var message = _w.Refused(() => _w.Opportunity(_w.Seller, name: "Unrouted deal", mode: PartnerLed, value: 250_000m));
        Assert.That(message, Is.EqualTo("No active support tier matches “Unrouted deal” (sales mode Partner Led, estimated value 250,000.00, complexity (empty)); change the sales mode, estimated value or complexity, or ask an administrator to add a support tier that covers it."));
    }

    [Test]
    public void The_chinese_seller_reads_the_routing_refusal_in_chinese()
    {
        var message = _w.Refused(() => _w.Opportunity(_w.SellerZh, name: "无层级商机", mode: PartnerLed, value: 250_000m));
        Assert.That(message, Does.StartWith("没有启用的支持层级匹配“无层级商机”（销售模式：合作伙伴主导，预计收入：250,000.00，复杂度：（空））"));
    }

    [Test]
    public void A_branch_technical_team_tier_on_a_deal_without_a_branch_routes_it_with_an_empty_presales_team()
    {
        var id = _w.Opportunity(_w.Seller, name: "No branch", value: 300_000m, branch: false);
        var deal = Deal(id);
        Assert.Multiple(() =>
        {
            Assert.That(RefId(deal, "mci_supporttierid"), Is.EqualTo(_w.TierDirect), "routed, not refused");
            Assert.That(OptionOf(deal, "mci_presalesmodel"), Is.EqualTo(BranchTechnicalTeam));
            Assert.That(RefId(deal, "mci_presalesteamid"), Is.Null, "the form asks the seller to set the branch");
        });
        _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["mci_branchid"] = Ref("mci_branch", _w.Branch) });
        Assert.That(RefId(Deal(id), "mci_presalesteamid"), Is.EqualTo(_w.TeamBranchTech), "setting the branch brings its technical team");
    }

    [Test]
    public void A_branch_without_a_technical_team_routes_the_deal_with_an_empty_presales_team()
    {
        var bare = _w.As(_w.TierAdmin).Create(new Entity("mci_branch") { ["mci_name"] = "Xi'an" });
        var id = _w.As(_w.Seller).Create(new Entity("opportunity")
        {
            ["name"] = "Bare branch", ["estimatedvalue"] = new Money(300_000m), ["mci_salesmode"] = new OptionSetValue(Direct), ["mci_branchid"] = Ref("mci_branch", bare),
        });
        var deal = Deal(id);
        Assert.Multiple(() =>
        {
            Assert.That(RefId(deal, "mci_supporttierid"), Is.EqualTo(_w.TierDirect));
            Assert.That(RefId(deal, "mci_presalesteamid"), Is.Null);
            Assert.That(_w.Lines(id), Is.Empty);
        });
        // The admin gives the branch its team; routing again (e.g. a value change) brings it.
        _w.As(_w.TierAdmin).Update(new Entity("mci_branch", bare) { ["mci_technicalteamid"] = Ref("team", _w.TeamBranchTech) });
        _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["estimatedvalue"] = new Money(310_000m) });
        Assert.That(RefId(Deal(id), "mci_presalesteamid"), Is.EqualTo(_w.TeamBranchTech));
    }

    [Test]
    public void A_dual_credit_branch_tier_without_a_branch_adds_no_overlay_and_leaving_the_branch_takes_routings_overlay()
    {
        var admin = _w.As(_w.TierAdmin);
        admin.Update(new Entity("mci_supporttier", _w.TierPartnerComplex) { ["mci_dualcredit"] = true });
        var withBranch = _w.Opportunity(_w.Seller, name: "Complex with branch", mode: PartnerLed, complexity: Complex);
        Assert.That(_w.Lines(withBranch).Select(l => RefId(l, "mci_teamid")), Is.EqualTo(new Guid?[] { _w.TeamBranchTech }), "the branch team's dual credit");
        _w.As(_w.Seller).Update(new Entity("opportunity", withBranch) { ["mci_branchid"] = null });
        var deal = Deal(withBranch);
        Assert.Multiple(() =>
        {
            Assert.That(RefId(deal, "mci_presalesteamid"), Is.Null);
            Assert.That(_w.Lines(withBranch), Is.Empty, "routing's Overlay line left with the branch's team");
            Assert.That(OptionOf(deal, "mci_allocationstatus"), Is.EqualTo(NotRequired), "no line left");
            Assert.That(_w.Where("annotation", "objectid", withBranch).Single().GetAttributeValue<string>("notetext"),
                Does.Contain("- Removed: the Overlay split line of “Shanghai Tech” (100.00%), the presales team routing credited until now."));
        });
        var noBranch = _w.Opportunity(_w.Seller, name: "Complex without branch", mode: PartnerLed, complexity: Complex, branch: false);
        Assert.That(_w.Lines(noBranch), Is.Empty);
    }

    [Test]
    public void A_deal_without_sales_mode_is_not_routed_and_costs_no_query()
    {
        Guid id = Guid.Empty;
        var calls = _w.PluginCalls(() => id = _w.Opportunity(_w.Seller, mode: null));
        Assert.Multiple(() =>
        {
            Assert.That(RefId(Deal(id), "mci_supporttierid"), Is.Null);
            Assert.That(calls, Is.Empty);
        });
    }

    [Test]
    public void Growing_a_deal_routes_it_again_and_keeps_one_overlay_line()
    {
        var id = _w.Opportunity(_w.Seller, value: 300_000m);
        _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["estimatedvalue"] = new Money(1_500_000m) });
        _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["estimatedvalue"] = new Money(1_600_000m) });
        var overlays = _w.Lines(id).Where(l => OptionOf(l, "mci_splittype") == Overlay).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(RefId(Deal(id), "mci_supporttierid"), Is.EqualTo(_w.TierLarge));
            Assert.That(overlays, Has.Count.EqualTo(1));
            Assert.That(MoneyOf(overlays[0], "mci_amount"), Is.EqualTo(1_600_000m), "the amount followed the value");
        });
    }

    [Test]
    public void The_dual_credit_overlay_stays_at_100_and_is_kept()
    {
        var id = _w.Opportunity(_w.Seller, value: 2_000_000m);
        var overlay = _w.Lines(id).Single().Id;
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", overlay) { ["mci_percent"] = 50m })),
                Is.EqualTo("The Overlay split line of “Solution Centre” on “ERP rollout” is the dual credit the deal's support tier gives its presales team: it stays at 100.00% and cannot be changed, moved or deleted by hand. To end it, change what routes the deal (sales mode, estimated value, complexity or branch)."));
            Assert.That(_w.Refused(() => _w.As(_w.SellerZh).Delete("mci_opportunitysplit", overlay)), Does.StartWith("“ERP rollout”中“Solution Centre”的叠加分配行是支持层级给予售前团队的双算额度"));
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", overlay) { ["mci_teamid"] = Ref("team", _w.TeamEast) })), Does.Contain("is the dual credit"));
        });
    }

    [Test]
    public void An_earlier_overlay_below_100_is_set_back_when_routing_makes_it_the_dual_credit()
    {
        var id = _w.Opportunity(_w.Seller, value: 300_000m);
        var early = _w.Line(_w.Seller, id, _w.TeamSolutionCentre, 50m, Overlay);
        _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["estimatedvalue"] = new Money(2_000_000m) });
        Assert.Multiple(() =>
        {
            Assert.That(_w.Lines(id).Select(l => l.Id), Is.EqualTo(new[] { early }), "the existing Overlay line of the presales team is the dual credit: no second one");
            Assert.That(_w.Read("mci_opportunitysplit", early).GetAttributeValue<decimal>("mci_percent"), Is.EqualTo(100m));
        });
    }

    [Test]
    public void Dual_credit_keeps_exactly_one_overlay_through_repeated_bulk_updates_and_RouteSupportTier()
    {
        var ids = new[] { _w.Opportunity(_w.Seller, name: "A", value: 2_000_000m), _w.Opportunity(_w.Seller, name: "B", value: 2_000_000m) };
        for (var i = 0; i < 2; i++)
        {
            var batch = new EntityCollection(ids.Select(id => new Entity("opportunity", id) { ["estimatedvalue"] = new Money(2_500_000m + i), ["mci_complexity"] = new OptionSetValue(Complex) }).ToList()) { EntityName = "opportunity" };
            _w.As(_w.Seller).Execute(new UpdateMultipleRequest { Targets = batch });
        }
        _w.Env.RunWorkflowActivity("RouteSupportTier", new Dictionary<string, object?> { ["Opportunity"] = Ref("opportunity", ids[0]) }, _w.Seller);
        Assert.Multiple(() =>
        {
            foreach (var id in ids)
            {
                var overlay = _w.Lines(id).Single();
                Assert.That(overlay.GetAttributeValue<decimal>("mci_percent"), Is.EqualTo(100m));
                Assert.That(MoneyOf(overlay, "mci_amount"), Is.EqualTo(2_500_001m), "the amount followed the last value");
            }
        });
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void When_the_third_deal_of_an_UpdateMultiple_cannot_be_routed_none_of_the_batch_is_saved(BulkItemOrder order)
    {
        var w = new World(order);
        var ids = Enumerable.Range(1, 3).Select(i => w.Opportunity(w.Seller, name: "Deal " + i, value: 100_000m)).ToList();
        var batch = new EntityCollection(ids.Select((id, i) => new Entity("opportunity", id)
        {
            ["estimatedvalue"] = new Money(200_000m), ["mci_salesmode"] = new OptionSetValue(i == 2 ? PartnerLed : Direct),
        }).ToList()) { EntityName = "opportunity" };
        var message = w.Refused(() => w.As(w.Seller).Execute(new UpdateMultipleRequest { Targets = batch }));
        Assert.That(message, Does.StartWith("No active support tier matches “Deal 3” (sales mode Partner Led, estimated value 200,000.00, complexity (empty))"));
    }

    [Test]
    public void Changing_the_branch_routes_the_deal_to_the_new_branchs_technical_team()
    {
        var id = _w.Opportunity(_w.Seller, value: 300_000m);
        var beijingTech = _w.Env.CreateTeam("Beijing Tech", _w.TechLead, new[] { _w.TechLead });
        var beijing = _w.As(_w.TierAdmin).Create(new Entity("mci_branch") { ["mci_name"] = "Beijing", ["mci_technicalteamid"] = Ref("team", beijingTech) });
        _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["mci_branchid"] = Ref("mci_branch", beijing) });
        Assert.That(RefId(Deal(id), "mci_presalesteamid"), Is.EqualTo(beijingTech));
    }

    [Test]
    public void Changing_the_complexity_routes_a_partner_led_deal_again()
    {
        var id = _w.Opportunity(_w.Seller, mode: PartnerLed, complexity: Standard);
        Assert.That(OptionOf(Deal(id), "mci_presalesmodel"), Is.EqualTo(PartnerSelfService));
        _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["mci_complexity"] = new OptionSetValue(Complex) });
        Assert.Multiple(() =>
        {
            Assert.That(RefId(Deal(id), "mci_supporttierid"), Is.EqualTo(_w.TierPartnerComplex));
            Assert.That(RefId(Deal(id), "mci_presalesteamid"), Is.EqualTo(_w.TeamBranchTech));
        });
        Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["mci_complexity"] = null })),
            Does.Contain("(sales mode Partner Led, estimated value 800,000.00, complexity (empty))"), "no partner-led tier takes an unknown complexity");
    }

    [Test]
    public void Routing_fields_set_by_hand_are_routed_over()
    {
        var id = _w.Opportunity(_w.Seller, value: 300_000m);
        _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["mci_supporttierid"] = Ref("mci_supporttier", _w.TierChannel), ["mci_dualcredit"] = true });
        var deal = Deal(id);
        Assert.Multiple(() =>
        {
            Assert.That(RefId(deal, "mci_supporttierid"), Is.EqualTo(_w.TierDirect));
            Assert.That(deal.GetAttributeValue<bool>("mci_dualcredit"), Is.False);
        });
    }

    [Test]
    public void A_new_dual_credit_joins_a_confirmed_split_as_routings_unlocked_overlay_line_noted_on_the_timeline()
    {
        var id = _w.Opportunity(_w.Seller, value: 300_000m);
        _w.ConfirmedSplit(id, out var east, out var west);
        _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["estimatedvalue"] = new Money(3_000_000m) });
        var overlay = _w.Lines(id).Single(l => OptionOf(l, "mci_splittype") == Overlay);
        Assert.Multiple(() =>
        {
            Assert.That(RefId(overlay, "mci_teamid"), Is.EqualTo(_w.TeamSolutionCentre));
            Assert.That(overlay.GetAttributeValue<bool>("mci_locked"), Is.False, "routing's line is not the minutes'");
            Assert.That(_w.Read("mci_opportunitysplit", east).GetAttributeValue<bool>("mci_locked"), Is.True, "the agreed Revenue lines stay locked");
            Assert.That(OptionOf(Deal(id), "mci_allocationstatus"), Is.EqualTo(Confirmed));
            Assert.That(_w.Where("annotation", "objectid", id).Select(n => n.GetAttributeValue<string>("notetext")),
                Has.One.Contains("- Added: an Overlay split line of “Solution Centre” at 100.00%, the presales team support tier “Tier 1 Direct large” credits."));
        });
        Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", overlay.Id) { ["mci_percent"] = 50m })), Does.Contain("Overlay split line of “Solution Centre”"),
            "a person still cannot change routing's line");
    }

    [Test]
    public void Routings_overlay_line_follows_a_presales_team_change_on_a_confirmed_split()
    {
        var admin = _w.As(_w.TierAdmin);
        var otherCentre = _w.Env.CreateTeam("Solution Centre North", _w.Presales, new[] { _w.Presales });
        var id = _w.Opportunity(_w.Seller, value: 2_000_000m, leadTeam: _w.TeamEast);
        var east = _w.Line(_w.Seller, id, _w.TeamEast, 60m, seller: _w.Seller);
        var west = _w.Line(_w.SellerZh, id, _w.TeamWest, 40m, seller: _w.SellerZh);
        var personsOverlay = _w.Line(_w.Seller, id, _w.TeamCallCentre, 20m, type: Overlay);
        var minutes = _w.Minutes(_w.Seller, id);
        _w.SetStatus(_w.Executive, minutes, MinutesConfirmed);
        var routingsOld = _w.Lines(id).Single(l => RefId(l, "mci_teamid") == _w.TeamSolutionCentre);
        Assert.Multiple(() =>
        {
            Assert.That(routingsOld.GetAttributeValue<bool>("mci_locked"), Is.False, "confirming left routing's line unlocked");
            Assert.That(_w.Read("mci_opportunitysplit", personsOverlay).GetAttributeValue<bool>("mci_locked"), Is.True, "an Overlay line a person added is locked");
        });

        // The administrator moves large direct deals to another centre; the deal is routed again.
        Tier(admin, "Tier 1 Direct large north", 5, Direct, SolutionCentre, min: 1_500_000m, team: otherCentre, dualCredit: true);
        _w.Env.DrainAsync();
        var calls = _w.PluginCalls(() => _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["estimatedvalue"] = new Money(2_100_000m) }));
        var lines = _w.Lines(id);
        var deal = Deal(id);
        var note = _w.Where("annotation", "objectid", id).Single(n => n.GetAttributeValue<string>("subject").Contains("routing moved the dual credit"));
        Assert.Multiple(() =>
        {
            Assert.That(RefId(deal, "mci_presalesteamid"), Is.EqualTo(otherCentre));
            Assert.That(_w.Env.Peek("mci_opportunitysplit", routingsOld.Id), Is.Null, "the previous team's routing Overlay line goes");
            Assert.That(lines.Where(l => OptionOf(l, "mci_splittype") == Overlay).Select(l => RefId(l, "mci_teamid")), Is.EquivalentTo(new Guid?[] { otherCentre, _w.TeamCallCentre }),
                "the new team's comes; the person's Overlay line stays");
            Assert.That(lines.Single(l => RefId(l, "mci_teamid") == otherCentre).GetAttributeValue<decimal>("mci_percent"), Is.EqualTo(100m));
            Assert.That(new[] { east, west, personsOverlay }.Select(l => _w.Read("mci_opportunitysplit", l).GetAttributeValue<bool>("mci_locked")), Is.All.True, "the minutes' lines stay locked");
            Assert.That(OptionOf(deal, "mci_allocationstatus"), Is.EqualTo(Confirmed), "the split stays confirmed");
            Assert.That(OptionOf(_w.Read("mci_allocationminutes", minutes), "mci_status"), Is.EqualTo(MinutesConfirmed));
            Assert.That(note.GetAttributeValue<string>("notetext"), Does.Contain("- Removed: the Overlay split line of “Solution Centre” (100.00%)")
                .And.Contain("- Added: an Overlay split line of “Solution Centre North” at 100.00%, the presales team support tier “Tier 1 Direct large north” credits.")
                .And.Contain("已移除：此前路由计入的售前团队“Solution Centre”的叠加分配行"));
            Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[]
            {
                ("RetrieveMultiple", "mci_supporttier"), ("RetrieveMultiple", "mci_opportunitysplit"), ("Delete", "mci_opportunitysplit"), ("Update", "opportunity"),
                ("RetrieveSharedPrincipalsAndAccess", "opportunity"), ("GrantAccess", "opportunity"), ("RetrieveMultiple", "opportunity"), ("RevokeAccess", "opportunity"),
                ("Create", "mci_opportunitysplit"), ("Create", "annotation"), ("RetrieveMultiple", "mci_opportunitysplit"), ("Update", "mci_opportunitysplit"),
                ("Update", "mci_opportunitysplit"), ("Update", "mci_opportunitysplit"),
            }), "routing: tiers, lines, the old line out, the lookups (the deal's shares read, the new centre's granted, the old centre's standing read and its share revoked), "
                + "the new line in (its amount already at the new value), the note; then the other three amounts follow the value");
            Assert.That(_w.Env.Shares("opportunity", id).Select(sh => sh.Principal.Id), Does.Contain(otherCentre).And.Not.Contain(_w.TeamSolutionCentre),
                "the new presales team works the deal; the previous one, holding no line now, does not");
        });
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void A_bulk_import_of_50_deals_routes_each_deal_as_a_single_create_would(BulkItemOrder order)
    {
        var w = new World(order);
        var batch = new EntityCollection(Enumerable.Range(1, 50).Select(i => new Entity("opportunity")
        {
            ["name"] = "Import " + i, ["estimatedvalue"] = new Money(i % 2 == 0 ? 2_000_000m : 400_000m),
            ["mci_salesmode"] = new OptionSetValue(Direct), ["mci_branchid"] = Ref("mci_branch", w.Branch),
        }).ToList()) { EntityName = "opportunity" };
        var calls = w.PluginCalls(() => w.As(w.Seller).Execute(new CreateMultipleRequest { Targets = batch }));
        var imported = w.Env.All("opportunity").Where(o => o.GetAttributeValue<string>("name").StartsWith("Import ")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(imported, Has.Count.EqualTo(50));
            Assert.That(imported.Count(o => RefId(o, "mci_supporttierid") == w.TierLarge), Is.EqualTo(25));
            Assert.That(imported.Count(o => RefId(o, "mci_presalesteamid") == w.TeamBranchTech), Is.EqualTo(25));
            Assert.That(imported.Count(o => OptionOf(o, "mci_allocationstatus") == Draft), Is.EqualTo(25), "the overlay line is each large deal's first line");
            Assert.That(w.Env.All("mci_opportunitysplit").Count(l => OptionOf(l, "mci_splittype") == Overlay), Is.EqualTo(25));
            Assert.That(Count(calls, "RetrieveMultiple", "mci_supporttier"), Is.EqualTo(50), "one tier query per deal, as 50 single Creates");
            Assert.That(Count(calls, "RetrieveMultiple", "mci_branch"), Is.EqualTo(25), "the branch only for the deals its technical team serves");
            Assert.That(Count(calls, "Create", "mci_opportunitysplit"), Is.EqualTo(25), "one Create per overlay line");
            Assert.That(Count(calls, "Update", "opportunity"), Is.EqualTo(50), "one Update per deal: its routed tier and presales team, as SYSTEM");
            Assert.That(Count(calls, "RetrieveSharedPrincipalsAndAccess", "opportunity"), Is.EqualTo(50), "each deal's shares read once, when its presales team is written");
            Assert.That(Count(calls, "GrantAccess", "opportunity"), Is.EqualTo(50), "each deal shared once with its presales team");
            Assert.That(imported.Select(o => w.Env.Shares("opportunity", o.Id).Single().Principal.Id), Is.EquivalentTo(imported.Select(o => RefId(o, "mci_presalesteamid"))));
            Assert.That(calls, Has.Count.EqualTo(250), string.Join("\n", calls));
        });
    }

    [Test]
    public void The_same_deals_created_one_by_one_pay_a_tier_query_each()
    {
        var calls = _w.PluginCalls(() =>
        {
            for (var i = 1; i <= 10; i++) _w.Opportunity(_w.Seller, name: "Single " + i, value: 400_000m);
        });
        Assert.That(Count(calls, "RetrieveMultiple", "mci_supporttier"), Is.EqualTo(10));
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void A_bulk_update_of_values_routes_and_restates_amounts_deal_by_deal(BulkItemOrder order)
    {
        var w = new World(order);
        var ids = Enumerable.Range(1, 20).Select(i => w.Opportunity(w.Seller, name: "Deal " + i, value: 400_000m)).ToList();
        foreach (var id in ids) w.Line(w.Seller, id, w.TeamEast, 100m);
        var batch = new EntityCollection(ids.Select(id => new Entity("opportunity", id) { ["estimatedvalue"] = new Money(500_000m) }).ToList()) { EntityName = "opportunity" };
        var calls = w.PluginCalls(() => w.As(w.Seller).Execute(new UpdateMultipleRequest { Targets = batch }));
        Assert.Multiple(() =>
        {
            Assert.That(ids.Select(id => MoneyOf(w.Lines(id).Single(), "mci_amount")), Is.All.EqualTo(500_000m));
            Assert.That(Count(calls, "RetrieveMultiple", "mci_supporttier"), Is.EqualTo(20));
            Assert.That(Count(calls, "RetrieveMultiple", "mci_opportunitysplit"), Is.EqualTo(20), "each deal's lines");
            Assert.That(Count(calls, "Update", "mci_opportunitysplit"), Is.EqualTo(20), "each amount its own Update");
        });
    }

    [Test]
    public void Routing_reads_every_page_of_a_tier_table_larger_than_one_page()
    {
        var admin = _w.As(_w.TierAdmin);
        // 6,000 active Channel tiers that match nothing (bands below 1.00), then the one that matches: on the second page.
        var many = Enumerable.Range(0, 6000).Select(i => new Entity("mci_supporttier")
        {
            ["mci_name"] = "Filler " + i, ["mci_evaluationorder"] = 1000 + i, ["mci_salesmode"] = new OptionSetValue(Channel), ["mci_presalesmodel"] = new OptionSetValue(PartnerSelfService),
            ["mci_minamount"] = new Money(0m), ["mci_maxamount"] = new Money(1m), ["mci_level"] = new OptionSetValue(613000002),
        }).ToList();
        _w.Env.Seed(many);
        admin.Update(new Entity("mci_supporttier", _w.TierChannel) { ["mci_evaluationorder"] = 99_999 });
        Guid id = Guid.Empty;
        var calls = _w.PluginCalls(() => id = _w.Opportunity(_w.Seller, mode: Channel, value: 5_000m));
        Assert.Multiple(() =>
        {
            Assert.That(RefId(Deal(id), "mci_supporttierid"), Is.EqualTo(_w.TierChannel), "the matching tier comes last, past the first 5,000 rows");
            Assert.That(Count(calls, "RetrieveMultiple", "mci_supporttier"), Is.EqualTo(2), "two pages of at most 5,000 tiers");
        });
    }

    // ------------------------------------------------------------------ tiers keep themselves sound (the MCI administrator)

    [Test]
    public void A_tier_band_must_have_its_minimum_below_its_maximum()
    {
        var message = _w.Refused(() => Tier(_w.As(_w.TierAdmin), "Broken band", 90, Direct, PartnerSelfService, min: 5_000_000m, max: 1_000_000m));
        Assert.That(message, Does.Contain("Support tier “Broken band” has minimum amount 5,000,000.00 and maximum amount 1,000,000.00"));
    }

    [Test]
    public void Solution_centre_and_call_centre_tiers_name_their_team()
    {
        var message = _w.Refused(() => Tier(_w.As(_w.TierAdmin), "No team", 90, Channel, CallCentre));
        Assert.That(message, Does.Contain("Support tier “No team” uses Call Centre and must name its presales team"));
    }

    [Test]
    public void Active_tiers_have_their_own_evaluation_order_also_when_one_is_activated()
    {
        var admin = _w.As(_w.TierAdmin);
        Assert.That(_w.Refused(() => Tier(admin, "Copycat", 30, Channel, PartnerSelfService)),
            Does.Contain("Active support tier “Copycat” has evaluation order 30, which active tier “Tier 2 Partner complex” already uses"));

        var spare = Tier(admin, "Spare", 60, Channel, PartnerSelfService);
        admin.Update(new Entity("mci_supporttier", spare) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        admin.Update(new Entity("mci_supporttier", spare) { ["mci_evaluationorder"] = 50 });
        Assert.That(_w.Refused(() => admin.Update(new Entity("mci_supporttier", spare) { ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(1) })),
            Does.Contain("which active tier “Tier 3 Channel” already uses"));
    }

    private static Entity T(string name, int order) => new("mci_supporttier")
    {
        ["mci_name"] = name, ["mci_evaluationorder"] = order, ["mci_salesmode"] = new OptionSetValue(Channel),
        ["mci_presalesmodel"] = new OptionSetValue(PartnerSelfService), ["mci_level"] = new OptionSetValue(613000002),
    };

    private static EntityCollection Tiers(params Entity[] tiers) => new(tiers.ToList()) { EntityName = "mci_supporttier" };

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void Two_tiers_with_one_evaluation_order_in_one_import_are_refused_and_neither_is_saved(BulkItemOrder order)
    {
        var w = new World(order);
        var admin = w.As(w.TierAdmin);
        var message = w.Refused(() => admin.Execute(new CreateMultipleRequest { Targets = Tiers(T("Channel A", 77), T("Channel B", 77)) }));
        Assert.That(message, Does.Contain("has evaluation order 77, which active tier “Channel"));
        var calls = w.PluginCalls(() => admin.Execute(new CreateMultipleRequest { Targets = Tiers(T("Channel A", 77), T("Channel B", 78)) }));
        Assert.That(Count(calls, "RetrieveMultiple", "mci_supporttier"), Is.EqualTo(2), "one query per tier, after the save");
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void Two_tiers_may_swap_their_orders_in_one_batch_when_Dataverse_saves_it_at_once(BulkItemOrder order)
    {
        var w = new World(order);
        var admin = w.As(w.TierAdmin);
        var ids = ((CreateMultipleResponse)admin.Execute(new CreateMultipleRequest { Targets = Tiers(T("Channel A", 77), T("Channel B", 78)) })).Ids;
        void Swap() => admin.Execute(new UpdateMultipleRequest { Targets = Tiers(new Entity("mci_supporttier", ids[0]) { ["mci_evaluationorder"] = 78 }, new Entity("mci_supporttier", ids[1]) { ["mci_evaluationorder"] = 77 }) });
        if (order == BulkItemOrder.StageByStage)
        {
            Assert.DoesNotThrow(Swap, "judged on what the batch leaves");
            Assert.That(w.Read("mci_supporttier", ids[0]).GetAttributeValue<int>("mci_evaluationorder"), Is.EqualTo(78));
        }
        else Assert.That(w.Refused(Swap), Does.Contain("has evaluation order 78, which active tier “Channel B” already uses"), "after the first item two active tiers have 78");
    }

    [Test]
    public void A_tier_names_its_sales_mode_presales_model_and_evaluation_order()
    {
        var admin = _w.As(_w.TierAdmin);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => admin.Create(new Entity("mci_supporttier") { ["mci_name"] = "Modeless", ["mci_presalesmodel"] = new OptionSetValue(PartnerSelfService), ["mci_evaluationorder"] = 70 })),
                Does.Contain("Support tier “Modeless” has no sales mode"));
            Assert.That(_w.Refused(() => admin.Create(new Entity("mci_supporttier") { ["mci_name"] = "No model", ["mci_salesmode"] = new OptionSetValue(Channel), ["mci_evaluationorder"] = 70 })),
                Does.Contain("Support tier “No model” has no presales model"));
            Assert.That(_w.Refused(() => admin.Create(new Entity("mci_supporttier") { ["mci_name"] = "Unordered", ["mci_salesmode"] = new OptionSetValue(Channel), ["mci_presalesmodel"] = new OptionSetValue(PartnerSelfService) })),
                Does.Contain("Active support tier “Unordered” has no evaluation order"));
        });
    }

    [Test]
    public void Deactivated_tiers_are_not_routed_to()
    {
        var admin = _w.As(_w.TierAdmin);
        admin.Update(new Entity("mci_supporttier", _w.TierChannel) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        Assert.That(_w.Refused(() => _w.Opportunity(_w.Seller, mode: Channel)), Does.StartWith("No active support tier matches"));
    }
}
