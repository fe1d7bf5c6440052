using Microsoft.Xrm.Sdk;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>Partner engagements (margin, floor, exceptions) and partners, as partner managers, sellers and the sales executive work them.</summary>
public class PartnerTests
{
    private World _w = null!;
    private Guid _deal;
    private Guid _acme;

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _deal = _w.Opportunity(_w.Seller, value: 800_000m);
        _acme = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Acme Integration", ["mci_minmarginpercent"] = 12m });
    }

    private Entity Engagement(decimal? ours = 700m, decimal? partnerPrice = 1000m, decimal? cost = 150m, decimal? floor = 600m, int? status = null, string? reason = null, Guid? partner = null)
    {
        var e = new Entity("mci_opportunitypartner") { ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_partnerid"] = Ref("mci_partner", partner ?? _acme) };
        if (ours != null) e["mci_ourprice"] = new Money(ours.Value);
        if (partnerPrice != null) e["mci_partnerprice"] = new Money(partnerPrice.Value);
        if (cost != null) e["mci_partnercost"] = new Money(cost.Value);
        if (floor != null) e["mci_floorprice"] = new Money(floor.Value);
        if (status != null) e["mci_exceptionstatus"] = new OptionSetValue(status.Value);
        if (reason != null) e["mci_exceptionreason"] = reason;
        return e;
    }

    private decimal? Margin(Guid engagement) => _w.Read("mci_opportunitypartner", engagement).GetAttributeValue<decimal?>("mci_marginpercent");

    [Test]
    public void The_partner_manager_records_an_engagement_and_its_margin_is_computed_for_two_reads()
    {
        Guid id = Guid.Empty;
        var calls = _w.PluginCalls(() => id = _w.As(_w.PartnerManager).Create(Engagement()));
        Assert.Multiple(() =>
        {
            Assert.That(Margin(id), Is.EqualTo(15.00m), "(1000 - 700 - 150) / 1000");
            Assert.That(OptionOf(_w.Read("mci_opportunitypartner", id), "mci_exceptionstatus"), Is.Not.EqualTo(ExceptionRequested));
            Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[] { ("Retrieve", "mci_partner"), ("RetrieveMultiple", "opportunity"), ("Update", "mci_opportunitypartner") }),
                "the partner's minimum margin; the deal's state (a closed deal's engagements are read-only); the margin, written as SYSTEM (a secured column)");
        });
    }

    [Test]
    public void A_partner_without_a_minimum_takes_the_environment_default_read_by_one_query()
    {
        var plain = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Plain Partner" });
        _w.Env.SetEnvironmentVariable("mci_DefaultMinimumPartnerMargin", "16");
        var calls = _w.PluginCalls(() => _w.Refused(() => _w.As(_w.PartnerManager).Create(Engagement(partner: plain))));
        Assert.That(calls.Select(c => (c.Message, c.Table)), Has.Some.EqualTo(("RetrieveMultiple", "environmentvariabledefinition")),
            "15.00% margin below the environment's 16");
        _w.Env.SetEnvironmentVariable("mci_DefaultMinimumPartnerMargin", null);
        Assert.DoesNotThrow(() => _w.As(_w.PartnerManager).Create(Engagement(partner: plain)), "cleared: the definition's default 10 applies");
    }

    [TestCase("110")]
    [TestCase("-5")]
    [TestCase("ten percent")]
    public void A_default_margin_outside_0_to_100_is_refused_naming_the_variable_and_the_value(string value)
    {
        var plain = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Plain Partner" });
        _w.Env.SetEnvironmentVariable("mci_DefaultMinimumPartnerMargin", value);
        var message = _w.Refused(() => _w.As(_w.PartnerManager).Create(Engagement(partner: plain)));
        Assert.That(message, Is.EqualTo($"The environment variable mci_DefaultMinimumPartnerMargin is “{value}”, which is not a percent from 0.00 to 100.00, so MCI cannot check partner margins; ask an administrator to set it (Solutions, MCI for Dataverse, Environment variables), or to clear it for the default 10."));
        Assert.DoesNotThrow(() => _w.As(_w.PartnerManager).Create(Engagement()), "a partner with its own minimum needs no default");
    }

    [Test]
    public void Below_the_partners_minimum_without_an_exception_is_refused_with_the_numbers()
    {
        var message = _w.Refused(() => _w.As(_w.PartnerManager).Create(Engagement(ours: 800m)));
        Assert.That(message, Does.Contain("Partner “Acme Integration” on “ERP rollout” is out of bounds (margin 5.00% is below the minimum 12.00%)")
            .And.Contain("request an exception"));
    }

    [Test]
    public void Below_our_floor_is_refused_too_and_in_chinese_for_a_chinese_user()
    {
        var zhManager = _w.Env.CreateUser("张 伟", "zhang@mci.test", new[] { "MCI Partner Manager", "Basic User" }, 2052, fieldSecurityProfiles: new[] { "MCI Partner Commercials" });
        var message = _w.Refused(() => _w.As(zhManager).Create(Engagement(ours: 550m, cost: 100m)));
        Assert.That(message, Does.Contain("合作伙伴“Acme Integration”在“ERP rollout”中超出范围（我方价格 550.00 低于底价 600.00）"));
    }

    [Test]
    public void A_seller_changing_our_price_costs_one_read_and_one_write_of_the_margin()
    {
        var id = _w.As(_w.PartnerManager).Create(Engagement());
        var calls = _w.PluginCalls(() => _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_ourprice"] = new Money(650m) }));
        Assert.Multiple(() =>
        {
            Assert.That(Margin(id), Is.EqualTo(20.00m), "(1000 - 650 - 150) / 1000");
            Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[] { ("RetrieveMultiple", "mci_opportunitypartner"), ("Update", "mci_opportunitypartner") }),
                "the engagement joined to its partner's minimum and its deal's state; the margin written as SYSTEM");
        });
    }

    [Test]
    public void Our_price_at_the_floor_is_within_bounds_and_one_cent_below_is_not()
    {
        Assert.DoesNotThrow(() => _w.As(_w.PartnerManager).Create(Engagement(ours: 600m, cost: 100m)));
        Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Create(Engagement(ours: 599.99m, cost: 100m))), Does.Contain("our price 599.99 is below the floor 600.00"));
    }

    [Test]
    public void A_requested_exception_needs_a_reason_and_then_saves()
    {
        Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Create(Engagement(ours: 800m, status: ExceptionRequested))), Does.Contain("has no reason"));
        var id = _w.As(_w.PartnerManager).Create(Engagement(ours: 800m, status: ExceptionRequested, reason: "Strategic logo"));
        Assert.Multiple(() =>
        {
            Assert.That(Margin(id), Is.EqualTo(5.00m));
            Assert.That(OptionOf(_w.Read("mci_opportunitypartner", id), "mci_exceptionstatus"), Is.EqualTo(ExceptionRequested));
        });
    }

    [Test]
    public void Only_the_sales_executive_approves_and_is_stamped_as_approver()
    {
        var id = _w.As(_w.PartnerManager).Create(Engagement(ours: 800m, status: ExceptionRequested, reason: "Strategic logo"));
        var approve = new Entity("mci_opportunitypartner", id) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionApproved) };
        Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Update(approve)),
            Does.Contain("Only a sales executive or a system administrator can set the exception of partner “Acme Integration” on “ERP rollout” to Approved"));

        var calls = _w.PluginCalls(() => _w.As(_w.Executive).Update(approve));
        var read = _w.Read("mci_opportunitypartner", id);
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(read, "mci_exceptionstatus"), Is.EqualTo(ExceptionApproved));
            Assert.That(read.GetAttributeValue<EntityReference>("mci_exceptionapproverid").Id, Is.EqualTo(_w.Executive));
            Assert.That(Count(calls, "RetrieveMultiple", "systemuser"), Is.EqualTo(1), "the role is read only because a decision is made");
        });
    }

    [Test]
    public void An_approval_covers_its_figures_a_worse_price_asks_again()
    {
        var id = _w.As(_w.PartnerManager).Create(Engagement(ours: 800m, status: ExceptionRequested, reason: "Strategic logo"));
        _w.As(_w.Executive).Update(new Entity("mci_opportunitypartner", id) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionApproved) });
        _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_ourprice"] = new Money(820m) });
        var read = _w.Read("mci_opportunitypartner", id);
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(read, "mci_exceptionstatus"), Is.EqualTo(ExceptionRequested));
            Assert.That(read.GetAttributeValue<EntityReference>("mci_exceptionapproverid"), Is.Null);
            Assert.That(Margin(id), Is.EqualTo(3.00m));
        });
    }

    [Test]
    public void An_approval_covers_its_partner_switching_partners_asks_again()
    {
        var plain = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Plain Reseller" });
        _w.Env.SetEnvironmentVariable("mci_DefaultMinimumPartnerMargin", "12");
        var id = _w.As(_w.PartnerManager).Create(Engagement(ours: 800m, status: ExceptionRequested, reason: "Strategic logo"));
        _w.As(_w.Executive).Update(new Entity("mci_opportunitypartner", id) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionApproved) });
        _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_partnerid"] = Ref("mci_partner", plain) });
        var read = _w.Read("mci_opportunitypartner", id);
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(read, "mci_exceptionstatus"), Is.EqualTo(ExceptionRequested), "same figures, same minimum, another partner: the executive decides again");
            Assert.That(read.GetAttributeValue<EntityReference>("mci_exceptionapproverid"), Is.Null);
        });
        Assert.That(_w.Refused(() => _w.Env.Win(_deal, _w.Seller)), Does.Contain("“Plain Reseller” (margin 5.00% is below the minimum 12.00%)"));
    }

    [Test]
    public void An_approval_covers_its_deal_moving_the_engagement_asks_again()
    {
        var big = _w.Opportunity(_w.Seller, name: "Big deal", value: 900_000m);
        var id = _w.As(_w.PartnerManager).Create(Engagement(ours: 800m, status: ExceptionRequested, reason: "Small pilot, strategic logo"));
        _w.As(_w.Executive).Update(new Entity("mci_opportunitypartner", id) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionApproved) });
        _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_opportunityid"] = Ref("opportunity", big) });
        Assert.That(OptionOf(_w.Read("mci_opportunitypartner", id), "mci_exceptionstatus"), Is.EqualTo(ExceptionRequested));
        Assert.That(_w.Refused(() => _w.Env.Win(big, _w.Seller)), Does.Contain("“Acme Integration” (margin 5.00% is below the minimum 12.00%)"));
    }

    [Test]
    public void The_environment_default_is_read_on_every_save_never_cached()
    {
        var plain = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Plain Reseller" });
        var id = _w.As(_w.PartnerManager).Create(Engagement(partner: plain));
        _w.Env.SetEnvironmentVariable("mci_DefaultMinimumPartnerMargin", "20");
        Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_ourprice"] = new Money(701m) })),
            Does.Contain("margin 14.90% is below the minimum 20.00%"));
        Assert.That(_w.Refused(() => _w.Env.Win(_deal, _w.Seller)), Does.Contain("margin 15.00% is below the minimum 20.00%"), "the win gate reads it too");
        _w.Env.SetEnvironmentVariable("mci_DefaultMinimumPartnerMargin", "15");
        Assert.DoesNotThrow(() => _w.Env.Win(_deal, _w.Seller), "15.00% meets a minimum of exactly 15.00%");
    }

    [Test]
    public void A_rejected_exception_is_saved_and_later_saves_must_fix_the_figures()
    {
        var id = _w.As(_w.PartnerManager).Create(Engagement(ours: 800m, status: ExceptionRequested, reason: "Strategic logo"));
        _w.As(_w.Executive).Update(new Entity("mci_opportunitypartner", id) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionRejected) });
        Assert.That(OptionOf(_w.Read("mci_opportunitypartner", id), "mci_exceptionstatus"), Is.EqualTo(ExceptionRejected));
        Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_exceptionreason"] = "Please" })),
            Does.Contain("and its exception is Rejected"));
        _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_ourprice"] = new Money(700m) });
        Assert.That(Margin(id), Is.EqualTo(15.00m));
    }

    [Test]
    public void Back_within_bounds_a_pending_request_is_withdrawn()
    {
        var id = _w.As(_w.PartnerManager).Create(Engagement(ours: 800m, status: ExceptionRequested, reason: "Strategic logo"));
        _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_ourprice"] = new Money(700m) });
        Assert.That(OptionOf(_w.Read("mci_opportunitypartner", id), "mci_exceptionstatus"), Is.EqualTo(ExceptionNone));
    }

    [Test]
    public void A_partner_price_of_zero_is_refused()
        => Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Create(Engagement(partnerPrice: 0m))), Does.Contain("partner price of partner “Acme Integration” on “ERP rollout” is 0.00"));

    [Test]
    public void A_user_cannot_name_themselves_approver()
    {
        var id = _w.As(_w.PartnerManager).Create(Engagement(ours: 800m, status: ExceptionRequested, reason: "Strategic logo"));
        _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_exceptionapproverid"] = Ref("systemuser", _w.PartnerManager) });
        Assert.That(_w.Read("mci_opportunitypartner", id).GetAttributeValue<EntityReference>("mci_exceptionapproverid"), Is.Null);
    }

    [Test]
    public void A_seller_who_cannot_see_the_cost_still_changes_our_price_and_the_margin_follows()
    {
        var id = _w.As(_w.PartnerManager).Create(Engagement());
        _w.As(_w.Seller).Update(new Entity("mci_opportunitypartner", id) { ["mci_ourprice"] = new Money(650m) });
        Assert.Multiple(() =>
        {
            Assert.That(Margin(id), Is.EqualTo(20.00m));
            Assert.That(_w.Retrieve(_w.Seller, "mci_opportunitypartner", id, "mci_marginpercent", "mci_partnercost").Attributes.Keys,
                Has.No.Member("mci_marginpercent").And.No.Member("mci_partnercost"), "the seller still sees neither");
        });
    }

    [Test]
    public void A_margin_typed_by_hand_is_replaced_by_the_computed_one()
    {
        var id = _w.As(_w.PartnerManager).Create(Engagement());
        _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_marginpercent"] = 99m });
        Assert.That(Margin(id), Is.EqualTo(15.00m));
    }

    [Test]
    public void A_partner_without_its_own_minimum_takes_the_environment_default()
    {
        var plain = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Plain Reseller" });
        _w.Env.SetEnvironmentVariable("mci_DefaultMinimumPartnerMargin", "20");
        var message = _w.Refused(() => _w.As(_w.PartnerManager).Create(Engagement(partner: plain)));
        Assert.That(message, Does.Contain("margin 15.00% is below the minimum 20.00%"));
    }

    [Test]
    public void Negative_figures_are_refused()
    {
        Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Create(Engagement(cost: -5m))), Does.Contain("partner cost").And.Contain("-5.00"));
    }

    [TestCase(-0.01)]
    [TestCase(100.001)]
    [TestCase(100.5)]
    [TestCase(12.345)]
    public void A_partners_minimum_margin_lies_in_0_to_100_with_two_decimals(decimal minimum)
    {
        var message = _w.Refused(() => _w.As(_w.PartnerManager).Update(new Entity("mci_partner", _acme) { ["mci_minmarginpercent"] = minimum }));
        Assert.That(message, Does.Contain("The minimum margin of partner “Acme Integration”"));
    }

    [TestCase(0)]
    [TestCase(100)]
    public void The_bounds_of_the_minimum_margin_are_allowed(decimal minimum)
        => Assert.DoesNotThrow(() => _w.As(_w.PartnerManager).Update(new Entity("mci_partner", _acme) { ["mci_minmarginpercent"] = minimum }));

    [Test]
    public void Each_engagement_of_one_CreateMultiple_gets_its_own_margin()
    {
        var batch = new EntityCollection(new List<Entity> { Engagement(ours: 700m), Engagement(ours: 620m), Engagement(ours: 650m) }) { EntityName = "mci_opportunitypartner" };
        var ids = ((Microsoft.Xrm.Sdk.Messages.CreateMultipleResponse)_w.As(_w.PartnerManager).Execute(new Microsoft.Xrm.Sdk.Messages.CreateMultipleRequest { Targets = batch })).Ids;
        Assert.That(ids.Select(Margin), Is.EqualTo(new decimal?[] { 15.00m, 23.00m, 20.00m }), "the batch's engagements share its shared variables: each margin is kept under its own record");
    }

    // ------------------------------------------------------------------ a won or lost deal's engagements are read-only

    private Guid WonDealWithEngagement(out Guid engagement)
    {
        engagement = _w.As(_w.PartnerManager).Create(Engagement());
        _w.Env.Win(_deal, _w.Seller);
        return _deal;
    }

    [Test]
    public void The_engagements_of_a_won_deal_cannot_be_changed_added_or_deleted()
    {
        WonDealWithEngagement(out var engagement);
        var other = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Beta Reseller", ["mci_minmarginpercent"] = 5m });
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", engagement) { ["mci_ourprice"] = new Money(650m) })),
                Is.EqualTo("“ERP rollout” is closed as Won, so its partner engagements are read-only: the engagement of partner “Acme Integration” cannot be added, changed, moved or deleted. Reopen the opportunity first if its partners must change."));
            Assert.That(_w.Refused(() => _w.As(_w.Executive).Update(new Entity("mci_opportunitypartner", engagement) { ["mci_solutionminutes"] = "Agreed afterwards" })),
                Does.StartWith("“ERP rollout” is closed as Won"), "any column, by anyone");
            Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Create(Engagement(partner: other))), Does.Contain("partner “Beta Reseller” cannot be added"));
            Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Delete("mci_opportunitypartner", engagement)), Does.StartWith("“ERP rollout” is closed as Won"));
            Assert.That(_w.Refused(() => _w.Env.AdminService.Update(new Entity("mci_opportunitypartner", engagement) { ["mci_partnercost"] = new Money(10m) })),
                Does.StartWith("“ERP rollout” is closed as Won"), "a system administrator too");
        });
    }

    [Test]
    public void An_engagement_cannot_leave_a_won_deal_for_an_open_one()
    {
        WonDealWithEngagement(out var engagement);
        var open = _w.Opportunity(_w.Seller, name: "Open deal");
        Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", engagement) { ["mci_opportunityid"] = Ref("opportunity", open) })),
            Does.StartWith("“ERP rollout” is closed as Won"));
    }

    [Test]
    public void A_chinese_partner_manager_reads_the_refusal_in_chinese_and_a_lost_deal_is_read_only_too()
    {
        var zhManager = _w.Env.CreateUser("张 伟", "zhang@mci.test", new[] { "MCI Partner Manager", "Basic User" }, 2052, fieldSecurityProfiles: new[] { "MCI Partner Commercials" });
        var lost = _w.Opportunity(_w.Seller, name: "Lost deal");
        var engagement = _w.As(_w.PartnerManager).Create(new Entity("mci_opportunitypartner")
        {
            ["mci_opportunityid"] = Ref("opportunity", lost), ["mci_partnerid"] = Ref("mci_partner", _acme), ["mci_ourprice"] = new Money(700m),
        });
        _w.Env.Lose(lost, _w.Seller, status: 5);
        Assert.That(_w.Refused(() => _w.As(zhManager).Update(new Entity("mci_opportunitypartner", engagement) { ["mci_ourprice"] = new Money(720m) })),
            Is.EqualTo("“Lost deal”已结束（丢单），其合作伙伴参与记录为只读：不能添加、修改、移动或删除合作伙伴“Acme Integration”的参与记录。如需修改，请先重新打开该商机。"));
    }

    [Test]
    public void Deleting_a_closed_deal_takes_its_engagements_with_it()
    {
        WonDealWithEngagement(out var engagement);
        _w.Env.AdminService.Delete("opportunity", _deal);
        Assert.That(_w.Env.Peek("mci_opportunitypartner", engagement), Is.Null, "the cascade of the deal's delete is not refused");
    }

    [Test]
    public void Any_change_of_an_open_deals_engagement_reads_its_deals_state_once()
    {
        var id = _w.As(_w.PartnerManager).Create(Engagement());
        var calls = _w.PluginCalls(() => _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", id) { ["mci_solutionminutes"] = "Route agreed with Acme's leadership" }));
        Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[] { ("RetrieveMultiple", "mci_opportunitypartner") }), "one query; no margin to write");
        var delete = _w.PluginCalls(() => _w.As(_w.PartnerManager).Delete("mci_opportunitypartner", id));
        Assert.That(delete.Select(c => (c.Message, c.Table)), Is.EqualTo(new[] { ("Retrieve", "opportunity") }));
    }

    [Test]
    public void The_read_only_check_runs_on_every_column_a_user_may_change_but_the_owner()
    {
        var step = _w.Env.Metadata.Steps.Single(s => s.PluginTypeName.EndsWith("PartnerEngagementPlugin") && s.Message == "Update" && s.Stage == Mci.SolutionModel.PipelineStage.PreOperation);
        string[] notAChange = { "ownerid", "owninguser", "owningteam", "owningbusinessunit", "createdon", "createdby", "modifiedon", "modifiedby", "createdonbehalfby",
            "modifiedonbehalfby", "versionnumber", "exchangerate", "overriddencreatedon", "importsequencenumber", "timezoneruleversionnumber", "utcconversiontimezonecode" };
        var table = _w.Env.Metadata.Table("mci_opportunitypartner")!;
        var changeable = table.Columns.Values.Where(c => c.ValidForUpdate && c.LogicalName != table.PrimaryIdAttribute && !c.LogicalName.EndsWith("_base") && !notAChange.Contains(c.LogicalName))
            .Select(c => c.LogicalName).ToList();
        Assert.That(changeable, Has.Count.GreaterThan(10));
        Assert.That(step.FilteringAttributes, Is.SupersetOf(changeable));
    }
}
