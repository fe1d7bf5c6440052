using Mci.Emulator;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>
/// Exact past one page (issue 11, part 3): the plug-ins read every page and put at most 500 ids in an In condition, so
/// with more than 5,000 matching rows no amount goes stale and no collaborator goes unheard. The rows the tests do not
/// exercise are loaded with <see cref="Dataverse.Seed"/> (no pipeline), as a bulk data load would. The 6,000-tier case is
/// RoutingTests.Routing_reads_every_page_of_a_tier_table_larger_than_one_page.
/// </summary>
public class ScaleTests
{
    /// <summary>
    /// <paramref name="deals"/> Direct deals of 300,000.00 owned by the seller, routed to "Tier 1 Direct" (the branch's
    /// technical team), each with five Revenue lines of 20% whose amounts are 60,000.00, as saved by MCI before.
    /// </summary>
    internal static List<Guid> SeedDeals(World w, int deals, int linesPerDeal = 5)
    {
        var owner = Ref("systemuser", w.Seller);
        var unit = Ref("businessunit", w.Env.RootBusinessUnitId);
        var teams = Enumerable.Range(0, linesPerDeal).Select(i => w.Env.CreateTeam("Scale team " + i, w.EastManager)).ToArray();
        var opportunities = Enumerable.Range(0, deals).Select(i => new Entity("opportunity", Guid.NewGuid())
        {
            ["name"] = "Bulk deal " + i.ToString("D4"), ["estimatedvalue"] = new Money(300_000m), ["mci_salesmode"] = new OptionSetValue(Direct),
            ["mci_branchid"] = Ref("mci_branch", w.Branch), ["mci_supporttierid"] = Ref("mci_supporttier", w.TierDirect),
            ["mci_presalesmodel"] = new OptionSetValue(BranchTechnicalTeam), ["mci_presalesteamid"] = Ref("team", w.TeamBranchTech), ["mci_dualcredit"] = false,
            ["mci_allocationstatus"] = new OptionSetValue(Draft), ["ownerid"] = owner, ["owninguser"] = owner, ["owningbusinessunit"] = unit,
        }).ToList();
        w.Env.Seed(opportunities);
        w.Env.Seed(opportunities.SelectMany(o => teams.Select((team, i) => new Entity("mci_opportunitysplit")
        {
            ["mci_name"] = "Line " + i, ["mci_opportunityid"] = Ref("opportunity", o.Id), ["mci_teamid"] = Ref("team", team),
            ["mci_splittype"] = new OptionSetValue(Revenue), ["mci_percent"] = 100m / linesPerDeal, ["mci_amount"] = new Money(300_000m / linesPerDeal),
            ["mci_locked"] = false, ["ownerid"] = owner, ["owninguser"] = owner, ["owningbusinessunit"] = unit,
        })));
        return opportunities.Select(o => o.Id).ToList();
    }

    internal static UpdateMultipleRequest NewValues(IEnumerable<Guid> deals, decimal value) => new()
    {
        Targets = new EntityCollection(deals.Select(id => new Entity("opportunity", id) { ["estimatedvalue"] = new Money(value) }).ToList()) { EntityName = "opportunity" },
    };

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void An_UpdateMultiple_of_1100_deal_values_leaves_none_of_their_5500_amounts_stale(BulkItemOrder order)
    {
        var w = new World(order);
        var deals = SeedDeals(w, 1100);
        var calls = w.PluginCalls(() => w.As(w.Seller).Execute(NewValues(deals, 400_000m)));

        var ids = deals.ToHashSet();
        var lines = w.Env.All("mci_opportunitysplit").Where(l => ids.Contains(l.GetAttributeValue<EntityReference>("mci_opportunityid").Id)).ToList();
        var stale = lines.Where(l => MoneyOf(l, "mci_amount") != 80_000m).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Count.EqualTo(5500));
            Assert.That(stale, Is.Empty, $"{stale.Count} of 5,500 lines keep a stale amount");
            Assert.That(w.Env.All("opportunity").Where(o => ids.Contains(o.Id)).Select(o => MoneyOf(o, "estimatedvalue")).Distinct(), Is.EqualTo(new decimal?[] { 400_000m }));
            Assert.That(Count(calls, "Update", "mci_opportunitysplit"), Is.EqualTo(5500), "one Update per amount that changed");
            Assert.That(Count(calls, "RetrieveMultiple", "mci_opportunitysplit"), Is.EqualTo(1100), "each deal's lines read once");
            Assert.That(Count(calls, "RetrieveMultiple", "mci_supporttier"), Is.EqualTo(1100), "routed again deal by deal (the value is a routing input)");
            Assert.That(Count(calls, "Update", "opportunity"), Is.Zero, "the tier did not change: routing writes nothing");
        });
    }

    [Test]
    public void An_UpdateMultiple_that_one_deal_refuses_leaves_every_amount_as_it_was()
    {
        var w = new World();
        var deals = SeedDeals(w, 1100);
        // A Partner Led deal of 250,000 matches no tier: the whole batch is refused, all 5,500 amounts keep their value.
        var odd = deals[777];
        w.Env.AdminService.Update(new Entity("opportunity", odd) { ["mci_salesmode"] = new OptionSetValue(PartnerLed), ["mci_complexity"] = new OptionSetValue(Complex) });
        var request = NewValues(deals, 400_000m);
        request.Targets.Entities[777]["mci_complexity"] = null;
        var message = w.Refused(() => w.As(w.Seller).Execute(request));
        Assert.That(message, Does.StartWith("No active support tier matches “Bulk deal 0777”"));
    }

    /// <summary>
    /// A deal with 60 collaborators whose team memberships make the members' query longer than one page: 60 users, each a
    /// member of 90 teams that each hold an Overlay line on the deal (5,400 membership rows of collaborators), plus the
    /// lead and presales teams. The change note reaches each collaborator once.
    /// </summary>
    [Test]
    public void Every_one_of_60_collaborators_hears_of_a_change_when_their_rows_fill_more_than_a_page()
    {
        var w = new World();
        var deal = w.Opportunity(w.Seller, leadTeam: w.TeamEast); // presales team: the branch's technical team
        var unit = Ref("businessunit", w.Env.RootBusinessUnitId);
        var users = w.Env.Seed(Enumerable.Range(0, 60).Select(i => new Entity("systemuser")
        {
            ["fullname"] = "Collaborator " + i.ToString("D2"), ["internalemailaddress"] = $"c{i}@scale.test", ["businessunitid"] = unit, ["isdisabled"] = false,
        })).ToList();
        var bystanders = w.Env.Seed(Enumerable.Range(0, 200).Select(i => new Entity("systemuser") { ["fullname"] = "Bystander " + i, ["businessunitid"] = unit, ["isdisabled"] = false })).ToList();
        var teams = w.Env.Seed(Enumerable.Range(0, 90).Select(i => new Entity("team")
        {
            ["name"] = "Overlay team " + i.ToString("D2"), ["businessunitid"] = unit, ["administratorid"] = Ref("systemuser", users[0]), ["teamtype"] = new OptionSetValue(0),
        })).ToList();
        w.Env.Seed(teams.SelectMany(team => users.Select(user => new Entity("teammembership") { ["teamid"] = team, ["systemuserid"] = user })));
        var unrelated = w.Env.Seed(new[] { new Entity("team") { ["name"] = "Unrelated team", ["businessunitid"] = unit, ["administratorid"] = Ref("systemuser", bystanders[0]), ["teamtype"] = new OptionSetValue(0) } }).Single();
        w.Env.Seed(bystanders.Select(user => new Entity("teammembership") { ["teamid"] = unrelated, ["systemuserid"] = user }));
        w.Env.Seed(teams.Select(team => new Entity("mci_opportunitysplit")
        {
            ["mci_name"] = "Overlay", ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_teamid"] = Ref("team", team),
            ["mci_splittype"] = new OptionSetValue(Overlay), ["mci_percent"] = 10m, ["mci_amount"] = new Money(80_000m), ["mci_locked"] = false,
        }));
        w.Env.DrainAsync();

        w.As(w.Seller).Update(new Entity("opportunity", deal) { ["stepname"] = "Propose" });
        var mark = w.Env.Recorder.Mark();
        w.Env.DrainAsync();
        var told = w.Env.All("appnotification").Select(n => n.GetAttributeValue<EntityReference>("ownerid").Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(told, Is.Unique, "each collaborator is told once");
            Assert.That(told, Is.SupersetOf(users), "every one of the 60 collaborators");
            Assert.That(told, Is.EquivalentTo(users.Append(w.EastManager).Append(w.TechLead)), "and the lead and presales teams' members; not the seller who changed it, no bystander");
            Assert.That(Count(mark.PluginCalls, "RetrieveMultiple", "systemuser"), Is.EqualTo(2), "5,400 rows and more: two pages of the one members' query");
            Assert.That(Count(mark.PluginCalls, "Create", "appnotification"), Is.EqualTo(62));
        });
    }

    /// <summary>
    /// Many collaborating teams: 90 teams of another business unit each get an Overlay line on one deal in one CreateMultiple,
    /// and 60 sellers of that unit are members of every one of them (5,400 membership rows, more than a page for the
    /// members' query). Each team is shared once, each seller can open and find the deal through the teams' shares, hears
    /// of its changes, and loses it when the lines go.
    /// </summary>
    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void Ninety_collaborating_teams_are_each_shared_once_and_their_60_sellers_work_the_deal_until_the_lines_go(BulkItemOrder order)
    {
        var w = new World(order);
        var north = w.Env.CreateBusinessUnit("North");
        var unit = Ref("businessunit", north);
        var sellers = Enumerable.Range(0, 60).Select(i => w.Env.CreateUser("North seller " + i.ToString("D2"), $"n{i}@scale.test", new[] { "MCI Seller", "Salesperson" }, businessUnitId: north)).ToList();
        var teams = w.Env.Seed(Enumerable.Range(0, 90).Select(i => new Entity("team")
        {
            ["name"] = "North team " + i.ToString("D2"), ["businessunitid"] = unit, ["administratorid"] = Ref("systemuser", sellers[0]), ["teamtype"] = new OptionSetValue(0),
        })).ToList();
        w.Env.Seed(teams.SelectMany(team => sellers.Select(user => new Entity("teammembership") { ["teamid"] = team, ["systemuserid"] = user })));
        var deal = w.Opportunity(w.Seller, leadTeam: w.TeamEast);
        bool Opens(Guid user) => w.As(user).RetrieveMultiple(new QueryExpression("opportunity") { ColumnSet = new ColumnSet("name") }).Entities.Any(e => e.Id == deal);
        Assert.That(sellers.Count(Opens), Is.Zero, "another unit's deal");

        var lines = new EntityCollection(teams.Select(team => new Entity("mci_opportunitysplit")
        {
            ["mci_name"] = "Overlay", ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_teamid"] = Ref("team", team),
            ["mci_splittype"] = new OptionSetValue(Overlay), ["mci_percent"] = 10m,
        }).ToList()) { EntityName = "mci_opportunitysplit" };
        var calls = w.PluginCalls(() => w.As(w.Seller).Execute(new CreateMultipleRequest { Targets = lines }));
        var shared = w.Env.Shares("opportunity", deal).Select(s => s.Principal.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(shared, Is.Unique);
            Assert.That(shared, Is.SupersetOf(teams), "every one of the 90 teams");
            Assert.That(Count(calls, "GrantAccess"), Is.EqualTo(90), "each team granted once");
            Assert.That(sellers.Count(Opens), Is.EqualTo(60), "each seller finds the deal through their teams' shares");
        });

        w.Env.DrainAsync();
        var earlier = w.Env.All("appnotification").Select(n => n.Id).ToHashSet();
        w.As(w.Seller).Update(new Entity("opportunity", deal) { ["stepname"] = "Propose" });
        var mark = w.Env.Recorder.Mark();
        w.Env.DrainAsync();
        Assert.Multiple(() =>
        {
            Assert.That(w.Env.All("appnotification").Where(n => !earlier.Contains(n.Id)).Select(n => n.GetAttributeValue<EntityReference>("ownerid").Id),
                Is.SupersetOf(sellers).And.Unique, "each of the 60 hears of the change once");
            Assert.That(Count(mark.PluginCalls, "RetrieveMultiple", "systemuser"), Is.EqualTo(2), "5,400 rows and more: two pages of the members' query");
        });

        foreach (var line in w.Lines(deal).Where(l => teams.Contains(l.GetAttributeValue<EntityReference>("mci_teamid").Id)).Select(l => l.Id).ToList())
            w.As(w.Seller).Delete("mci_opportunitysplit", line);
        Assert.Multiple(() =>
        {
            Assert.That(w.Env.Shares("opportunity", deal).Select(s => s.Principal.Id), Is.EquivalentTo(new[] { w.TeamEast, w.TeamBranchTech }), "only lead and presales teams keep theirs");
            Assert.That(sellers.Count(Opens), Is.Zero);
        });
    }
}
