using System.ServiceModel;
using Mci.Emulator;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>
/// Collaborating teams can work the deal (issue 11, part 1; SPEC, Clarifications): a team holding a split line, the lead team
/// and the routed presales team get a share of the opportunity (read, write, append, append to), and lose it when they hold
/// no line and are neither lead nor presales team; the owner is never touched. The collaborators here sit in another
/// business unit ("North"), where their roles' Local depth does not reach the deal: whatever they can do with it, the share
/// gives them.
/// </summary>
public class CollaboratorAccessTests
{
    private World _w = null!;
    private Guid _north;
    private Guid _nora;     // MCI Seller + Salesperson in North
    private Guid _teamNorth;
    private Guid _deal;     // owned by the seller (Team East, root unit)

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _north = _w.Env.CreateBusinessUnit("North");
        _nora = _w.Env.CreateUser("Nora North", "nora@mci.test", new[] { "MCI Seller", "Salesperson" }, businessUnitId: _north,
            fieldSecurityProfiles: new[] { "MCI Allocation Contributors" });
        _teamNorth = _w.Env.CreateTeam("Team North", _nora, new[] { _nora }, businessUnitId: _north);
        _deal = _w.Opportunity(_w.Seller, leadTeam: _w.TeamEast);
    }

    private IOrganizationService Nora => _w.As(_nora);

    private IReadOnlyList<Guid> SharedTeams(Guid deal) => _w.Env.Shares("opportunity", deal).Select(s => s.Principal.Id).ToList();

    private AccessRights? RightsOf(Guid deal, Guid team) => _w.Env.Shares("opportunity", deal).FirstOrDefault(s => s.Principal.Id == team)?.Mask;

    private static int Code(Action act) => Assert.Throws<FaultException<OrganizationServiceFault>>(() => act())!.Detail.ErrorCode;

    private bool CanOpen(Guid user, Guid deal)
    {
        try
        {
            _w.As(user).Retrieve("opportunity", deal, new ColumnSet("name"));
            return true;
        }
        catch (FaultException<OrganizationServiceFault> fault) when (fault.Detail.ErrorCode == ErrorCodes.AccessDenied)
        {
            return false;
        }
    }

    [Test]
    public void A_seller_whose_team_does_not_own_the_deal_opens_and_edits_it_once_the_team_holds_a_line_and_loses_it_with_the_last_line()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CanOpen(_nora, _deal), Is.False, "another unit's deal is out of the Local reach of her roles");
            Assert.That(Code(() => Nora.Update(new Entity("opportunity", _deal) { ["description"] = "North joins" })), Is.EqualTo(ErrorCodes.AccessDenied));
        });

        // The owner brings North in with a Revenue line: North's seller can now work the deal.
        var northRevenue = _w.Line(_w.Seller, _deal, _teamNorth, 40m, seller: _nora);
        Assert.That(RightsOf(_deal, _teamNorth), Is.EqualTo(CollaboratorRights));
        Assert.That(CanOpen(_nora, _deal), Is.True);
        Nora.Update(new Entity("opportunity", _deal) { ["description"] = "North brings the Beijing plant", ["estimatedclosedate"] = new DateTime(2026, 9, 30) });
        var ownOverlay = _w.Line(_nora, _deal, _teamNorth, 10m, Overlay, seller: _nora);
        var minutes = _w.Minutes(_nora, _deal, "North's notes of the split meeting");
        var request = Nora.Create(new Entity("mci_resourcerequest")
        {
            ["mci_name"] = "Demo engineer for Beijing", ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_role"] = new OptionSetValue(SolutionArchitect),
            ["mci_neededby"] = new DateTime(2026, 6, 1),
        });
        var deal = _w.Read("opportunity", _deal);
        Assert.Multiple(() =>
        {
            Assert.That(deal.GetAttributeValue<string>("description"), Is.EqualTo("North brings the Beijing plant"));
            Assert.That(deal.GetAttributeValue<DateTime>("estimatedclosedate"), Is.EqualTo(new DateTime(2026, 9, 30)));
            Assert.That(_w.Read("mci_opportunitysplit", ownOverlay).GetAttributeValue<EntityReference>("ownerid").Id, Is.EqualTo(_nora), "her own line");
            Assert.That(_w.Read("mci_allocationminutes", minutes).GetAttributeValue<EntityReference>("mci_opportunityid").Id, Is.EqualTo(_deal));
            Assert.That(_w.Read("mci_resourcerequest", request).GetAttributeValue<EntityReference>("mci_opportunityid").Id, Is.EqualTo(_deal));
            Assert.That(SharedTeams(_deal).Count(t => t == _teamNorth), Is.EqualTo(1), "one share, whatever the number of lines");
        });

        // The Revenue line goes: North still holds its Overlay line and keeps the deal.
        _w.As(_w.Seller).Delete("mci_opportunitysplit", northRevenue);
        Assert.That(CanOpen(_nora, _deal), Is.True, "the team still holds a line");
        // Its last line goes (she deletes it herself): the share goes in the same transaction.
        Nora.Delete("mci_opportunitysplit", ownOverlay);
        Assert.Multiple(() =>
        {
            Assert.That(SharedTeams(_deal), Has.No.Member(_teamNorth));
            Assert.That(CanOpen(_nora, _deal), Is.False, "no line, not lead, not presales: no access");
            Assert.That(SharedTeams(_deal), Does.Contain(_w.TeamEast).And.Contain(_w.TeamBranchTech), "the lead and presales teams keep theirs");
        });
    }

    /// <summary>A partner engagement and East's line on the deal, then North brought in with a line (so the share cascades to
    /// both) and North's own draft minutes.</summary>
    private (Guid Engagement, Guid East, Guid Draft) NorthWorksTheDeal()
    {
        var partner = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Acme Integration", ["mci_minmarginpercent"] = 12m });
        var engagement = _w.As(_w.PartnerManager).Create(new Entity("mci_opportunitypartner")
        {
            ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_partnerid"] = Ref("mci_partner", partner),
            ["mci_ourprice"] = new Money(700m), ["mci_partnerprice"] = new Money(1000m), ["mci_partnercost"] = new Money(150m), ["mci_floorprice"] = new Money(600m),
        });
        var east = _w.Line(_w.Seller, _deal, _w.TeamEast, 60m, seller: _w.Seller);
        _w.Line(_w.Seller, _deal, _teamNorth, 40m, seller: _nora);
        return (engagement, east, _w.Minutes(_nora, _deal, "North's draft"));
    }

    [Test]
    public void A_share_gives_no_way_around_a_locked_line()
    {
        var (_, east, draft) = NorthWorksTheDeal();
        _w.SetStatus(_w.Executive, draft, MinutesConfirmed);
        Assert.That(Nora.Retrieve("mci_opportunitysplit", east, new ColumnSet("mci_percent")).GetAttributeValue<decimal>("mci_percent"), Is.EqualTo(60m),
            "she reaches East's line through the deal's share");
        var message = _w.Refused(() => Nora.Update(new Entity("mci_opportunitysplit", east) { ["mci_percent"] = 50m }));
        Assert.That(message, Does.Contain("is locked by confirmed minutes; reopen the minutes"), "East's line is locked whatever the share allows");
    }

    [Test]
    public void A_share_gives_no_way_around_the_sales_executive_role_to_confirm()
    {
        var (_, _, draft) = NorthWorksTheDeal();
        Assert.That(_w.Refused(() => _w.SetStatus(_nora, draft, MinutesConfirmed)),
            Does.StartWith("Only a sales executive or a system administrator can confirm minutes “North's draft”"));
    }

    [Test]
    public void A_share_gives_no_way_around_the_partner_commercials_profile()
    {
        var (engagement, _, _) = NorthWorksTheDeal();
        var seen = Nora.Retrieve("mci_opportunitypartner", engagement, new ColumnSet("mci_ourprice", "mci_partnercost", "mci_floorprice", "mci_marginpercent"));
        Assert.Multiple(() =>
        {
            Assert.That(seen.GetAttributeValue<Money>("mci_ourprice").Value, Is.EqualTo(700m), "the engagement is readable through the deal's share");
            Assert.That(seen.Attributes.Keys, Has.No.Member("mci_partnercost").And.No.Member("mci_floorprice").And.No.Member("mci_marginpercent"),
                "the commercials stay behind the MCI Partner Commercials profile");
        });
    }

    [Test]
    public void The_presales_team_gets_the_deal_when_routed_and_loses_it_when_routed_away_unless_it_holds_a_line()
    {
        // A branch in North whose technical team (in North) presells small direct deals.
        var pia = _w.Env.CreateUser("Pia Presales", "pia@mci.test", new[] { "MCI Presales", "Basic User" }, businessUnitId: _north);
        var northTech = _w.Env.CreateTeam("North Tech", pia, new[] { pia }, businessUnitId: _north);
        var beijing = _w.As(_w.TierAdmin).Create(new Entity("mci_branch") { ["mci_name"] = "Beijing", ["mci_technicalteamid"] = Ref("team", northTech) });
        Guid Deal(string name)
        {
            var id = _w.Opportunity(_w.Seller, name: name, value: 300_000m, branch: false);
            _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["mci_branchid"] = Ref("mci_branch", beijing) });
            return id;
        }
        var plain = Deal("Beijing plant");
        var withLine = Deal("Beijing office");
        _w.Line(_w.Seller, withLine, northTech, 10m, Overlay);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Read("opportunity", plain).GetAttributeValue<EntityReference>("mci_presalesteamid").Id, Is.EqualTo(northTech));
            Assert.That(CanOpen(pia, plain), Is.True, "routed: the presales team works the deal");
            Assert.That(CanOpen(pia, withLine), Is.True);
        });

        // Both deals grow into the Solution Centre's tier: routed away.
        foreach (var id in new[] { plain, withLine }) _w.As(_w.Seller).Update(new Entity("opportunity", id) { ["estimatedvalue"] = new Money(2_000_000m) });
        Assert.Multiple(() =>
        {
            Assert.That(_w.Read("opportunity", plain).GetAttributeValue<EntityReference>("mci_presalesteamid").Id, Is.EqualTo(_w.TeamSolutionCentre));
            Assert.That(CanOpen(pia, plain), Is.False, "routed away, no line: the share goes");
            Assert.That(CanOpen(pia, withLine), Is.True, "routed away, but the team holds a line: it keeps the deal");
            Assert.That(SharedTeams(plain), Does.Contain(_w.TeamSolutionCentre).And.Not.Contain(northTech));
        });
    }

    [Test]
    public void The_lead_team_is_shared_when_set_and_loses_the_deal_when_replaced_unless_it_holds_a_line()
    {
        var deal = _w.Opportunity(_w.Seller, name: "North-led", leadTeam: _teamNorth);
        Assert.That(CanOpen(_nora, deal), Is.True, "the lead team works the deal from its creation");

        _w.As(_w.Seller).Update(new Entity("opportunity", deal) { ["mci_leadteamid"] = Ref("team", _w.TeamWest) });
        Assert.Multiple(() =>
        {
            Assert.That(CanOpen(_nora, deal), Is.False, "replaced as lead, no line: the share goes");
            Assert.That(RightsOf(deal, _w.TeamWest), Is.EqualTo(CollaboratorRights));
        });

        _w.Line(_w.Seller, deal, _teamNorth, 30m);
        _w.As(_w.Seller).Update(new Entity("opportunity", deal) { ["mci_leadteamid"] = Ref("team", _teamNorth) });
        _w.As(_w.Seller).Update(new Entity("opportunity", deal) { ["mci_leadteamid"] = null });
        Assert.Multiple(() =>
        {
            Assert.That(CanOpen(_nora, deal), Is.True, "no longer lead but holding a line: kept");
            Assert.That(SharedTeams(deal), Has.No.Member(_w.TeamWest), "West left the lead earlier and holds no line");
        });
    }

    [Test]
    public void The_team_that_owns_the_deal_is_never_shared_nor_revoked()
    {
        // A team-owned deal (loaded as data: the emulator's Create sets the owner to the caller).
        var owned = _w.Env.Seed(new[]
        {
            new Entity("opportunity", Guid.NewGuid())
            {
                ["name"] = "North's own deal", ["estimatedvalue"] = new Money(300_000m), ["mci_allocationstatus"] = new OptionSetValue(NotRequired),
                ["ownerid"] = Ref("team", _teamNorth), ["owningteam"] = Ref("team", _teamNorth), ["owningbusinessunit"] = Ref("businessunit", _north),
            },
        }).Single();
        var line = _w.Line(_nora, owned, _teamNorth, 50m);
        Assert.That(SharedTeams(owned), Is.Empty, "ownership gives the team every right: no share");
        _w.Line(_nora, owned, _w.TeamWest, 50m);
        Nora.Delete("mci_opportunitysplit", line);
        Assert.Multiple(() =>
        {
            Assert.That(SharedTeams(owned), Is.EqualTo(new[] { _w.TeamWest }));
            Assert.That(CanOpen(_nora, owned), Is.True, "the owner keeps the deal without a line");
        });
    }

    [Test]
    public void A_share_someone_gave_is_widened_never_narrowed_and_a_broader_one_is_never_revoked()
    {
        var admin = _w.Env.AdminService;
        var target = new EntityReference("opportunity", _deal);
        admin.Execute(new GrantAccessRequest { Target = target, PrincipalAccess = new PrincipalAccess { Principal = Ref("team", _teamNorth), AccessMask = AccessRights.ReadAccess | AccessRights.DeleteAccess } });
        admin.Execute(new GrantAccessRequest { Target = target, PrincipalAccess = new PrincipalAccess { Principal = Ref("team", _w.TeamWest), AccessMask = AccessRights.ReadAccess } });

        var calls = _w.PluginCalls(() =>
        {
            _w.Line(_w.Seller, _deal, _teamNorth, 20m);
            _w.Line(_w.Seller, _deal, _w.TeamWest, 20m);
        });
        Assert.Multiple(() =>
        {
            Assert.That(RightsOf(_deal, _teamNorth), Is.EqualTo(CollaboratorRights | AccessRights.DeleteAccess), "the rights it had and MCI's");
            Assert.That(RightsOf(_deal, _w.TeamWest), Is.EqualTo(CollaboratorRights));
            Assert.That(Count(calls, "ModifyAccess"), Is.EqualTo(2), "an existing share is modified, not granted again");
            Assert.That(Count(calls, "GrantAccess"), Is.Zero);
        });

        foreach (var line in _w.Lines(_deal).Where(l => l.GetAttributeValue<EntityReference>("mci_teamid").Id != _w.TeamBranchTech).ToList())
            _w.As(_w.Seller).Delete("mci_opportunitysplit", line.Id);
        Assert.Multiple(() =>
        {
            Assert.That(RightsOf(_deal, _teamNorth), Is.EqualTo(CollaboratorRights | AccessRights.DeleteAccess), "a share carrying more than MCI gives is someone else's: kept");
            Assert.That(RightsOf(_deal, _w.TeamWest), Is.Null, "a share within MCI's rights goes with the last line");
        });
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void A_CreateMultiple_of_lines_for_several_teams_shares_the_deal_with_each_team_once(BulkItemOrder order)
    {
        var w = new World(order);
        var north = w.Env.CreateTeam("Team North", w.EastManager);
        var deal = w.Opportunity(w.Seller, leadTeam: w.TeamEast);
        Entity New(Guid team, decimal percent, int type) => new("mci_opportunitysplit")
        {
            ["mci_name"] = "line", ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_teamid"] = Ref("team", team),
            ["mci_splittype"] = new OptionSetValue(type), ["mci_percent"] = percent,
        };
        var batch = new EntityCollection(new List<Entity>
        {
            New(w.TeamWest, 39.5m, Revenue), New(north, 10m, Overlay), New(w.TeamEast, 60m, Revenue), New(w.TeamWest, 5m, Overlay), New(north, 0.5m, Revenue),
        }) { EntityName = "mci_opportunitysplit" };
        var calls = w.PluginCalls(() => w.As(w.Seller).Execute(new CreateMultipleRequest { Targets = batch }));
        var shares = w.Env.Shares("opportunity", deal);
        Assert.Multiple(() =>
        {
            Assert.That(shares.Select(s => s.Principal.Id), Is.Unique);
            Assert.That(shares.Select(s => s.Principal.Id), Is.EquivalentTo(new[] { w.TeamEast, w.TeamBranchTech, w.TeamWest, north }),
                "lead, presales and both new teams, each once");
            Assert.That(shares.Select(s => s.Mask), Has.All.EqualTo(CollaboratorRights));
            Assert.That(Count(calls, "GrantAccess"), Is.EqualTo(2), "West and North granted once each, whichever order the items run in");
            Assert.That(Count(calls, "RetrieveSharedPrincipalsAndAccess"), Is.EqualTo(5), "each line reads the deal's shares once");
            Assert.That(Count(calls, "ModifyAccess") + Count(calls, "RevokeAccess"), Is.Zero);
        });
    }

    [Test]
    public void Moving_a_line_to_another_team_shares_the_deal_with_the_new_team_and_revokes_the_old_ones_share()
    {
        var line = _w.Line(_w.Seller, _deal, _w.TeamWest, 30m);
        Assert.That(SharedTeams(_deal), Does.Contain(_w.TeamWest));
        _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", line) { ["mci_teamid"] = Ref("team", _teamNorth) });
        Assert.Multiple(() =>
        {
            Assert.That(SharedTeams(_deal), Does.Contain(_teamNorth).And.Not.Contain(_w.TeamWest));
            Assert.That(CanOpen(_nora, _deal), Is.True);
        });
    }

    [Test]
    public void A_refused_line_shares_nothing()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 80m);
        var message = _w.Refused(() => _w.Line(_w.Seller, _deal, _teamNorth, 30m));
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("would total 110.00%"));
            Assert.That(SharedTeams(_deal), Has.No.Member(_teamNorth));
        });
    }

    [Test]
    public void Deleting_the_deal_takes_its_shares_with_it_without_revoking_them_one_by_one()
    {
        _w.Line(_w.Seller, _deal, _teamNorth, 30m);
        var calls = _w.PluginCalls(() => _w.Env.AdminService.Delete("opportunity", _deal));
        Assert.Multiple(() =>
        {
            Assert.That(_w.Env.Shares("opportunity", _deal), Is.Empty);
            Assert.That(Count(calls, "RevokeAccess") + Count(calls, "RetrieveSharedPrincipalsAndAccess"), Is.Zero);
        });
    }
}
