using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>
/// Each MCI security role is enough on its own, on top of the standard Basic User every real user has, for that person's
/// job as SPEC.md describes it, and refuses what the job does not include. Only creating the opportunity itself stays a
/// Dynamics 365 Sales privilege (Salesperson), so the deals here are entered by a seller who has it.
/// </summary>
public class RoleTests
{
    private World _w = null!;
    private Guid _deal;

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _deal = _w.Opportunity(_w.Seller, value: 800_000m, leadTeam: _w.TeamEast);
    }

    /// <summary>A user with Basic User and one MCI role, nothing else (the field security profile is the job's own).</summary>
    private Guid Only(string role, string name, Guid? businessUnit = null, params string[] profiles)
        => _w.Env.CreateUser(name, name.Replace(' ', '.').ToLowerInvariant() + "@mci.test", new[] { "Basic User", role }, businessUnitId: businessUnit, fieldSecurityProfiles: profiles);

    private static Entity Engagement(Guid deal, Guid partner, decimal ours, string? reason = null)
    {
        var e = new Entity("mci_opportunitypartner")
        {
            ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_partnerid"] = Ref("mci_partner", partner),
            ["mci_ourprice"] = new Money(ours), ["mci_partnerprice"] = new Money(1000m), ["mci_partnercost"] = new Money(150m), ["mci_floorprice"] = new Money(600m),
        };
        if (reason != null)
        {
            e["mci_exceptionstatus"] = new OptionSetValue(ExceptionRequested);
            e["mci_exceptionreason"] = reason;
        }
        return e;
    }

    private static Entity Request(Guid deal, string name) => new("mci_resourcerequest")
    {
        ["mci_name"] = name, ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_role"] = new OptionSetValue(SolutionArchitect),
        ["mci_neededby"] = new DateTime(2026, 3, 20), ["mci_effortdays"] = 5m,
    };

    private Guid Partner(string name = "Acme Integration")
        => _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = name, ["mci_minmarginpercent"] = 12m });

    private static void MissingPrivilege(string message, string privilege) => Assert.That(message, Does.Contain("is missing " + privilege + " privilege"));

    // ------------------------------------------------------------------ MCI Administrator

    [Test]
    public void The_administrator_keeps_tiers_branches_partners_and_environment_variables_with_no_other_role()
    {
        var admin = _w.As(Only("MCI Administrator", "Alex Admin"));
        var account = _w.As(_w.Seller).Create(new Entity("account") { ["name"] = "Acme Corp" });
        var branch = admin.Create(new Entity("mci_branch") { ["mci_name"] = "Beijing", ["mci_technicalteamid"] = Ref("team", _w.TeamBranchTech), ["mci_managerid"] = Ref("systemuser", _w.EastManager) });
        var tier = Tier(admin, "Tier 3 Channel small", 60, Channel, CallCentre, max: 50_000m, team: _w.TeamCallCentre);
        admin.Update(new Entity("mci_supporttier", tier) { ["mci_presalesteamid"] = Ref("team", _w.TeamSolutionCentre), ["mci_maxamount"] = new Money(60_000m) });
        admin.Update(new Entity("mci_supporttier", tier) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        var partner = admin.Create(new Entity("mci_partner") { ["mci_name"] = "Acme", ["mci_accountid"] = Ref("account", account), ["mci_minmarginpercent"] = 15m });
        admin.Update(new Entity("mci_partner", partner) { ["mci_minmarginpercent"] = 18m });

        var definition = admin.RetrieveMultiple(new QueryExpression("environmentvariabledefinition")
        {
            ColumnSet = new ColumnSet("schemaname"), Criteria = { Conditions = { new ConditionExpression("schemaname", ConditionOperator.Equal, "mci_DefaultMinimumPartnerMargin") } },
        }).Entities.Single();
        var value = admin.Create(new Entity("environmentvariablevalue")
        {
            ["schemaname"] = "mci_DefaultMinimumPartnerMargin", ["value"] = "15", ["environmentvariabledefinitionid"] = definition.ToEntityReference(),
        });
        Assert.That(_w.Env.GetEnvironmentVariable("mci_DefaultMinimumPartnerMargin"), Is.EqualTo("15"));
        admin.Update(new Entity("environmentvariablevalue", value) { ["value"] = "12.5" });
        Assert.That(_w.Env.GetEnvironmentVariable("mci_DefaultMinimumPartnerMargin"), Is.EqualTo("12.5"));
        admin.Delete("environmentvariablevalue", value);

        Assert.Multiple(() =>
        {
            Assert.That(_w.Env.GetEnvironmentVariable("mci_DefaultMinimumPartnerMargin"), Is.EqualTo("10"), "deleting the value falls back to the default");
            Assert.That(_w.Read("mci_branch", branch).GetAttributeValue<EntityReference>("mci_managerid").Id, Is.EqualTo(_w.EastManager));
            Assert.That(_w.Read("mci_supporttier", tier).GetAttributeValue<EntityReference>("mci_presalesteamid").Id, Is.EqualTo(_w.TeamSolutionCentre));
            Assert.That(OptionOf(_w.Read("mci_supporttier", tier), "statecode"), Is.EqualTo(1));
            Assert.That(_w.Read("mci_partner", partner).GetAttributeValue<EntityReference>("mci_accountid").Id, Is.EqualTo(account));
        });
        admin.Delete("mci_supporttier", tier);
        admin.Delete("mci_branch", branch);
        admin.Delete("mci_partner", partner);
    }

    [Test]
    public void The_administrator_does_not_work_deals()
    {
        var adminId = Only("MCI Administrator", "Alex Admin");
        var admin = _w.As(adminId);
        Assert.Multiple(() =>
        {
            MissingPrivilege(_w.Refused(() => admin.Retrieve("opportunity", _deal, new ColumnSet("name"))), "prvReadOpportunity");
            MissingPrivilege(_w.Refused(() => _w.Line(adminId, _deal, _w.TeamEast, 50m)), "prvCreatemci_opportunitysplit");
            MissingPrivilege(_w.Refused(() => admin.RetrieveMultiple(new QueryExpression("mci_opportunitypartner") { ColumnSet = new ColumnSet("mci_name") })), "prvReadmci_opportunitypartner");
        });
    }

    // ------------------------------------------------------------------ MCI Seller

    [Test]
    public void A_seller_with_only_the_mci_role_works_the_deals_of_the_business_unit()
    {
        var partner = Partner();
        var sellerId = Only("MCI Seller", "Sue Seller", profiles: "MCI Allocation Contributors");
        _w.Env.AddTeamMembers(_w.TeamEast, sellerId);
        var seller = _w.As(sellerId);

        var line = _w.Line(sellerId, _deal, _w.TeamEast, 60m, seller: sellerId);
        seller.Update(new Entity("mci_opportunitysplit", line) { ["mci_percent"] = 70m, ["mci_sellerid"] = Ref("systemuser", _w.Seller) });
        var engagement = seller.Create(new Entity("mci_opportunitypartner")
        {
            ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_partnerid"] = Ref("mci_partner", partner), ["mci_ourprice"] = new Money(700m), ["mci_partnerprice"] = new Money(1000m),
        });
        var request = seller.Create(Request(_deal, "Architect for ERP"));
        seller.Update(new Entity("mci_resourcerequest", request) { ["mci_assigneeid"] = Ref("systemuser", _w.Presales), ["mci_effortdays"] = 3m });
        var spare = seller.Create(Request(_deal, "Demo engineer"));
        seller.Delete("mci_resourcerequest", spare);
        var minutes = _w.Minutes(sellerId, _deal);
        seller.Update(new Entity("mci_allocationminutes", minutes) { ["mci_attendees"] = "East, West, Grace" });
        var mistake = _w.Minutes(sellerId, _deal, "Entered twice");
        seller.Delete("mci_allocationminutes", mistake);

        var tiers = seller.RetrieveMultiple(new QueryExpression("mci_supporttier") { ColumnSet = new ColumnSet("mci_name") }).Entities;
        var branches = seller.RetrieveMultiple(new QueryExpression("mci_branch") { ColumnSet = new ColumnSet("mci_name") }).Entities;
        var partners = seller.RetrieveMultiple(new QueryExpression("mci_partner") { ColumnSet = new ColumnSet("mci_name") }).Entities;
        var deal = seller.Retrieve("opportunity", _deal, new ColumnSet("mci_supporttierid", "mci_presalesmodel", "mci_allocationstatus"));
        Assert.Multiple(() =>
        {
            Assert.That(_w.Read("mci_opportunitysplit", line).GetAttributeValue<decimal>("mci_percent"), Is.EqualTo(70m));
            Assert.That(MoneyOf(_w.Read("mci_opportunitysplit", line), "mci_amount"), Is.EqualTo(560_000m));
            Assert.That(_w.Read("mci_opportunitypartner", engagement).GetAttributeValue<EntityReference>("mci_partnerid").Id, Is.EqualTo(partner));
            Assert.That(_w.Read("mci_resourcerequest", request).GetAttributeValue<EntityReference>("mci_assigneeid").Id, Is.EqualTo(_w.Presales));
            Assert.That(_w.Env.Peek("mci_resourcerequest", spare), Is.Null);
            Assert.That(_w.Env.Peek("mci_allocationminutes", mistake), Is.Null, "a seller deletes their own draft");
            Assert.That(_w.Read("mci_allocationminutes", minutes).GetAttributeValue<string>("mci_attendees"), Is.EqualTo("East, West, Grace"));
            Assert.That(tiers, Has.Count.EqualTo(5));
            Assert.That(branches, Has.Count.EqualTo(1));
            Assert.That(partners, Has.Count.EqualTo(1));
            Assert.That(deal.GetAttributeValue<EntityReference>("mci_supporttierid").Id, Is.EqualTo(_w.TierDirect), "sees the routing outcome");
            Assert.That(OptionOf(deal, "mci_allocationstatus"), Is.EqualTo(Draft));
        });
    }

    [Test]
    public void A_seller_cannot_keep_reference_data_confirm_minutes_or_approve_exceptions()
    {
        var partner = Partner();
        var sellerId = Only("MCI Seller", "Sue Seller", profiles: "MCI Allocation Contributors");
        var seller = _w.As(sellerId);
        _w.Line(_w.Seller, _deal, _w.TeamEast, 100m);
        var minutes = _w.Minutes(sellerId, _deal);
        var engagement = _w.As(_w.PartnerManager).Create(Engagement(_deal, partner, 800m, reason: "Strategic logo"));
        Assert.Multiple(() =>
        {
            Assert.That(seller.Retrieve("mci_opportunitypartner", engagement, new ColumnSet("mci_partnercost", "mci_marginpercent")).Attributes.Keys,
                Has.None.EqualTo("mci_partnercost").And.None.EqualTo("mci_marginpercent"), "partner cost and margin stay with partner managers and executives");
            MissingPrivilege(_w.Refused(() => seller.Update(new Entity("mci_supporttier", _w.TierDirect) { ["mci_evaluationorder"] = 1 })), "prvWritemci_supporttier");
            MissingPrivilege(_w.Refused(() => Tier(seller, "Seller's own tier", 5, Direct, SolutionCentre, team: _w.TeamEast)), "prvCreatemci_supporttier");
            MissingPrivilege(_w.Refused(() => seller.Update(new Entity("mci_branch", _w.Branch) { ["mci_name"] = "Mine" })), "prvWritemci_branch");
            MissingPrivilege(_w.Refused(() => seller.Create(new Entity("mci_partner") { ["mci_name"] = "Friends & Co" })), "prvCreatemci_partner");
            MissingPrivilege(_w.Refused(() => seller.Update(new Entity("mci_partner", partner) { ["mci_minmarginpercent"] = 0m })), "prvWritemci_partner");
            Assert.That(_w.Refused(() => _w.SetStatus(sellerId, minutes, MinutesConfirmed)), Does.StartWith("Only a sales executive or a system administrator can confirm minutes"));
            Assert.That(_w.Refused(() => seller.Update(new Entity("mci_opportunitypartner", engagement) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionApproved) })),
                Does.StartWith("Only a sales executive or a system administrator"));
        });
    }

    [Test]
    public void A_seller_of_another_business_unit_cannot_add_lines_to_this_units_deals()
    {
        var north = _w.Env.CreateBusinessUnit("North");
        var stranger = Only("MCI Seller", "Nora North", north);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.Line(stranger, _deal, _w.TeamEast, 10m)), Does.Contain("does not have AppendToAccess right(s) for record with ID " + _deal.ToString("D")));
            Assert.That(_w.Refused(() => _w.As(stranger).Retrieve("opportunity", _deal, new ColumnSet("name"))), Does.Contain("does not have ReadAccess"));
        });
    }

    // ------------------------------------------------------------------ MCI Presales

    [Test]
    public void Presales_with_only_the_mci_role_book_and_decline_requests_and_read_the_deal()
    {
        var presalesId = Only("MCI Presales", "Paul Presales");
        var presales = _w.As(presalesId);
        var line = _w.Line(_w.Seller, _deal, _w.TeamEast, 100m);
        var booked = _w.As(_w.Seller).Create(Request(_deal, "Architect for ERP"));
        var declined = _w.As(_w.Seller).Create(Request(_deal, "Industry expert"));

        presales.Update(new Entity("mci_resourcerequest", booked) { ["mci_status"] = new OptionSetValue(Booked), ["mci_assigneeid"] = Ref("systemuser", presalesId) });
        presales.Update(new Entity("mci_resourcerequest", declined) { ["mci_status"] = new OptionSetValue(Declined) });
        var deal = presales.Retrieve("opportunity", _deal, new ColumnSet("name", "mci_presalesmodel"));
        var lines = presales.RetrieveMultiple(new QueryExpression("mci_opportunitysplit") { ColumnSet = new ColumnSet("mci_percent") }).Entities;
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(_w.Read("mci_resourcerequest", booked), "mci_status"), Is.EqualTo(Booked));
            Assert.That(_w.Read("mci_resourcerequest", booked).GetAttributeValue<EntityReference>("mci_assigneeid").Id, Is.EqualTo(presalesId));
            Assert.That(OptionOf(_w.Read("mci_resourcerequest", declined), "mci_status"), Is.EqualTo(Escalated), "declining escalates at once (written as SYSTEM)");
            Assert.That(deal.GetAttributeValue<string>("name"), Is.EqualTo("ERP rollout"));
            Assert.That(lines.Select(l => l.Id), Is.EqualTo(new[] { line }));
        });
    }

    [Test]
    public void Presales_cannot_change_the_deal_its_split_or_its_partners()
    {
        var presales = _w.As(Only("MCI Presales", "Paul Presales"));
        var partner = Partner();
        var engagement = _w.As(_w.PartnerManager).Create(Engagement(_deal, partner, 800m, reason: "Strategic logo"));
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => presales.Update(new Entity("mci_opportunitypartner", engagement) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionApproved) })),
                Does.StartWith("Only a sales executive or a system administrator"), "the rule refuses before the platform's privilege check");
            MissingPrivilege(_w.Refused(() => presales.Update(new Entity("mci_opportunitypartner", engagement) { ["mci_exceptionreason"] = "Presales agrees" })), "prvWritemci_opportunitypartner");
            MissingPrivilege(_w.Refused(() => presales.Create(new Entity("mci_opportunitysplit")
            {
                ["mci_name"] = "mine", ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_teamid"] = Ref("team", _w.TeamSolutionCentre), ["mci_splittype"] = new OptionSetValue(Overlay), ["mci_percent"] = 100m,
            })), "prvCreatemci_opportunitysplit");
            MissingPrivilege(_w.Refused(() => presales.Update(new Entity("opportunity", _deal) { ["estimatedvalue"] = new Money(2_000_000m) })), "prvWriteOpportunity");
            MissingPrivilege(_w.Refused(() => presales.Create(Request(_deal, "Myself"))), "prvCreatemci_resourcerequest");
        });
    }

    // ------------------------------------------------------------------ MCI Partner Manager

    [Test]
    public void A_partner_manager_with_only_the_mci_role_keeps_partners_and_engagements_with_their_commercials()
    {
        var managerId = Only("MCI Partner Manager", "Petra Partner", profiles: "MCI Partner Commercials");
        var manager = _w.As(managerId);
        var account = _w.As(_w.Seller).Create(new Entity("account") { ["name"] = "Acme Corp" });
        var partner = manager.Create(new Entity("mci_partner") { ["mci_name"] = "Acme Integration", ["mci_accountid"] = Ref("account", account), ["mci_minmarginpercent"] = 12m });
        manager.Update(new Entity("mci_partner", Partner("Other Reseller")) { ["mci_minmarginpercent"] = 8m });
        var engagement = manager.Create(Engagement(_deal, partner, 700m));
        manager.Update(new Entity("mci_opportunitypartner", engagement) { ["mci_ourprice"] = new Money(800m), ["mci_exceptionstatus"] = new OptionSetValue(ExceptionRequested), ["mci_exceptionreason"] = "Strategic logo" });
        var read = manager.Retrieve("mci_opportunitypartner", engagement, new ColumnSet("mci_partnercost", "mci_floorprice", "mci_marginpercent", "mci_exceptionstatus"));
        Assert.Multiple(() =>
        {
            Assert.That(read.GetAttributeValue<decimal?>("mci_marginpercent"), Is.EqualTo(5.00m), "sees the computed margin");
            Assert.That(MoneyOf(read, "mci_partnercost"), Is.EqualTo(150m));
            Assert.That(OptionOf(read, "mci_exceptionstatus"), Is.EqualTo(ExceptionRequested));
        });
        manager.Delete("mci_opportunitypartner", engagement);
        Assert.That(_w.Env.Peek("mci_opportunitypartner", engagement), Is.Null);
    }

    [Test]
    public void A_partner_manager_cannot_approve_their_own_exception_nor_touch_splits_or_tiers()
    {
        var manager = _w.As(Only("MCI Partner Manager", "Petra Partner", profiles: "MCI Partner Commercials"));
        var engagement = manager.Create(Engagement(_deal, Partner(), 800m, reason: "Strategic logo"));
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => manager.Update(new Entity("mci_opportunitypartner", engagement) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionApproved) })),
                Does.StartWith("Only a sales executive or a system administrator"));
            MissingPrivilege(_w.Refused(() => manager.RetrieveMultiple(new QueryExpression("mci_opportunitysplit") { ColumnSet = new ColumnSet("mci_percent") })), "prvReadmci_opportunitysplit");
            MissingPrivilege(_w.Refused(() => manager.Update(new Entity("mci_supporttier", _w.TierDirect) { ["mci_evaluationorder"] = 1 })), "prvWritemci_supporttier");
        });
    }

    // ------------------------------------------------------------------ MCI Sales Executive

    [Test]
    public void A_sales_executive_with_only_the_mci_role_confirms_reopens_approves_and_wins()
    {
        var executiveId = Only("MCI Sales Executive", "Erin Executive", profiles: new[] { "MCI Allocation Approvers", "MCI Partner Commercials" });
        var executive = _w.As(executiveId);
        _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        _w.Line(_w.SellerZh, _deal, _w.TeamWest, 40m);
        var engagement = _w.As(_w.PartnerManager).Create(Engagement(_deal, Partner(), 800m, reason: "Strategic logo"));

        var first = _w.Minutes(_w.Seller, _deal);
        _w.SetStatus(executiveId, first, MinutesConfirmed);
        Assert.That(_w.Read("mci_allocationminutes", first).GetAttributeValue<EntityReference>("mci_confirmedbyid").Id, Is.EqualTo(executiveId));
        _w.SetStatus(executiveId, first, MinutesSuperseded, "West brings a second product line");
        Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Reopened));
        var second = _w.Minutes(_w.Seller, _deal, "Split meeting 9 March");
        _w.SetStatus(executiveId, second, MinutesConfirmed);
        executive.Update(new Entity("mci_opportunitypartner", engagement) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionApproved) });
        _w.Env.Win(_deal, executiveId);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Read("mci_opportunitypartner", engagement).GetAttributeValue<EntityReference>("mci_exceptionapproverid").Id, Is.EqualTo(executiveId));
            Assert.That(_w.Read("mci_allocationminutes", second).GetAttributeValue<int?>("mci_version"), Is.EqualTo(2));
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "statecode"), Is.EqualTo(1), "won");
        });
    }

    [Test]
    public void A_sales_executive_changes_a_deals_value_and_routing_needs_no_privilege_of_theirs_on_tiers()
    {
        var executiveId = Only("MCI Sales Executive", "Erin Executive");
        _w.As(executiveId).Update(new Entity("opportunity", _deal) { ["estimatedvalue"] = new Money(2_500_000m) });
        var deal = _w.Read("opportunity", _deal);
        Assert.Multiple(() =>
        {
            Assert.That(deal.GetAttributeValue<EntityReference>("mci_supporttierid").Id, Is.EqualTo(_w.TierLarge), "routed again, written as SYSTEM");
            Assert.That(deal.GetAttributeValue<EntityReference>("mci_presalesteamid").Id, Is.EqualTo(_w.TeamSolutionCentre));
            Assert.That(_w.Lines(_deal).Single().GetAttributeValue<EntityReference>("mci_teamid").Id, Is.EqualTo(_w.TeamSolutionCentre), "the dual credit's Overlay line");
        });
    }

    [Test]
    public void A_sales_executive_does_not_enter_splits_or_keep_reference_data()
    {
        var executive = _w.As(Only("MCI Sales Executive", "Erin Executive"));
        var line = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m);
        Assert.Multiple(() =>
        {
            MissingPrivilege(_w.Refused(() => executive.Update(new Entity("mci_opportunitysplit", line) { ["mci_percent"] = 100m })), "prvWritemci_opportunitysplit");
            MissingPrivilege(_w.Refused(() => Tier(executive, "Executive's tier", 5, Direct, SolutionCentre, team: _w.TeamEast)), "prvCreatemci_supporttier");
            MissingPrivilege(_w.Refused(() => executive.Create(new Entity("mci_partner") { ["mci_name"] = "Friends & Co" })), "prvCreatemci_partner");
        });
    }
}
