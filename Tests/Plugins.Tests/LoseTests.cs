using Mci.Emulator.Recording;
using Microsoft.Xrm.Sdk;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>
/// Losing a deal (LoseOpportunity) is plain Sales work MCI never gets in the way of: the win gate does not judge a Lose
/// (an unconfirmed split and a pending partner exception do not matter), the loss is told once like any status change
/// (by the change note's Update step: the close activity's step tells wins only), and afterwards the deal's split lines
/// and partner engagements are frozen as for any closed deal.
/// </summary>
public class LoseTests
{
    private const int Canceled = 4, OutSold = 5;

    private World _w = null!;
    private Guid _deal;
    private Guid _acme;

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _deal = _w.Opportunity(_w.Seller, value: 800_000m, leadTeam: _w.TeamEast);
        _acme = _w.As(_w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Acme Integration", ["mci_minmarginpercent"] = 12m });
    }

    /// <summary>What the win gate would refuse: two Revenue teams with the allocation Draft, and a partner below margin
    /// whose exception is only Requested. Returns the engagement.</summary>
    private Guid UnwinnableDeal(Guid deal, out Guid east, out Guid west)
    {
        east = _w.Line(_w.Seller, deal, _w.TeamEast, 60m);
        west = _w.Line(_w.SellerZh, deal, _w.TeamWest, 40m);
        var engagement = _w.As(_w.PartnerManager).Create(new Entity("mci_opportunitypartner")
        {
            ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_partnerid"] = Ref("mci_partner", _acme),
            ["mci_ourprice"] = new Money(800m), ["mci_partnerprice"] = new Money(1000m), ["mci_partnercost"] = new Money(150m),
            ["mci_exceptionstatus"] = new OptionSetValue(ExceptionRequested), ["mci_exceptionreason"] = "Strategic logo",
        });
        _w.Env.DrainAsync();
        Assert.That(_w.Refused(() => _w.Env.Win(deal, _w.Seller)), Does.Contain("the allocation is Draft, not Confirmed").And.Contain("“Acme Integration” (margin 5.00% is below the minimum 12.00%)"),
            "the win gate would refuse this deal");
        return engagement;
    }

    private IReadOnlyList<Entity> Notes(Guid deal) => _w.Where("annotation", "objectid", deal);

    private IEnumerable<PluginExecution> Gates(IEnumerable<PluginExecution> executions)
        => executions.Where(e => e.PluginType.EndsWith("WinGatePlugin", StringComparison.Ordinal));

    [TestCase(Canceled)]
    [TestCase(OutSold)]
    public void A_seller_loses_a_deal_the_win_gate_would_refuse_and_the_gate_reads_nothing(int status)
    {
        UnwinnableDeal(_deal, out _, out _);
        var mark = _w.Env.Recorder.Mark();
        _w.Env.Lose(_deal, _w.Seller, status);
        var deal = _w.Read("opportunity", _deal);
        Assert.Multiple(() =>
        {
            Assert.That((OptionOf(deal, "statecode"), OptionOf(deal, "statuscode")), Is.EqualTo(((int?)2, (int?)status)), "closed as Lost");
            Assert.That(OptionOf(deal, "mci_allocationstatus"), Is.EqualTo(Draft), "the allocation stays as it was");
            Assert.That(mark.PluginCalls, Is.Empty, "no MCI plug-in reads or writes anything inside the Lose");
            var gate = Gates(mark.Executions).Single();
            Assert.That((gate.Message, gate.Table, gate.Depth, gate.Succeeded), Is.EqualTo(("Create", "opportunityclose", 2, true)), "the gate's step runs on the close activity and passes");
            Assert.That(gate.Trace, Does.Contain("nothing to gate"));
        });
    }

    [Test]
    public void A_salesperson_of_plain_Sales_loses_a_deal_MCI_routed_and_split()
    {
        var sally = _w.Env.CreateUser("Sally Sales", "sally@plain.test", new[] { "Salesperson" });
        var deal = _w.As(sally).Create(new Entity("opportunity")
        {
            ["name"] = "Sally's deal", ["estimatedvalue"] = new Money(300_000m), ["mci_salesmode"] = new OptionSetValue(Direct), ["mci_leadteamid"] = Ref("team", _w.TeamEast),
        });
        UnwinnableDeal(deal, out _, out _);
        var notes = Notes(deal).Count;
        _w.Env.Lose(deal, sally, OutSold);
        _w.Env.DrainAsync();
        var added = Notes(deal).Skip(notes).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(_w.Read("opportunity", deal), "statecode"), Is.EqualTo(2));
            Assert.That(added, Has.Count.EqualTo(1));
            Assert.That(added.Single().GetAttributeValue<string>("notetext"), Does.Contain("- Status: In Progress → Out-Sold").And.Contain("Changed by Sally Sales."),
                "written as SYSTEM: Sally needs no privilege on MCI's tables");
            Assert.That(_w.Env.AsyncJobs.Where(j => j.Succeeded != true), Is.Empty);
        });
    }

    [Test]
    public void A_loss_is_told_once_by_the_status_change_to_everyone_on_the_deal_but_the_seller()
    {
        UnwinnableDeal(_deal, out _, out _);
        var notes = Notes(_deal).Count;
        var told = _w.Env.All("appnotification").Count;
        var jobs = _w.Env.AsyncJobs.Count;
        _w.Env.Lose(_deal, _w.Seller, Canceled);
        _w.Env.DrainAsync();
        var added = Notes(_deal).Skip(notes).ToList();
        var recipients = _w.Env.All("appnotification").Skip(told).Select(n => n.GetAttributeValue<EntityReference>("ownerid").Id).ToList();
        var ran = _w.Env.AsyncJobs.Skip(jobs).Select(j => (j.Message, j.Table)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(added, Has.Count.EqualTo(1), string.Join("\n---\n", added.Select(n => n.GetAttributeValue<string>("notetext"))));
            Assert.That(added[0].GetAttributeValue<string>("subject"), Is.EqualTo("“ERP rollout” changed · “ERP rollout”已变更"));
            Assert.That(added[0].GetAttributeValue<string>("notetext"), Does.Contain("- Status: In Progress → Canceled").And.Contain("- 状态：进行中 → 已取消")
                .And.Contain("Changed by Emma Stone."));
            Assert.That(recipients, Is.EquivalentTo(new[] { _w.EastManager, _w.WestManager, _w.SellerZh, _w.TechLead }),
                "lead team East, split team West, the routed presales team; not Emma, who lost the deal");
            Assert.That(ran, Is.EquivalentTo(new[] { ("Update", "opportunity"), ("Create", "opportunityclose") }),
                "the change note's Update step (it tells) and its close activity step (a Lose: it tells nothing)");
            Assert.That(_w.Env.AsyncJobs.Where(j => j.Succeeded != true), Is.Empty);
        });
    }

    [Test]
    public void After_the_loss_the_split_lines_are_frozen()
    {
        UnwinnableDeal(_deal, out var east, out var west);
        _w.Env.Lose(_deal, _w.Seller, OutSold);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_opportunitysplit", east) { ["mci_percent"] = 70m })),
                Is.EqualTo("“ERP rollout” is closed, so its split stays as the deal closed with it: the Revenue split line of “Team East” cannot be added, changed, moved or deleted. Reopen the opportunity first if its split must change."));
            Assert.That(_w.Refused(() => _w.As(_w.SellerZh).Delete("mci_opportunitysplit", west)), Does.StartWith("“ERP rollout”已结束"), "in Chinese for a Chinese seller");
            Assert.That(_w.Refused(() => _w.Line(_w.Seller, _deal, _w.TeamCallCentre, 10m, type: Overlay)), Does.StartWith("“ERP rollout” is closed").And.Contain("“Call Centre” cannot be added"));
            Assert.That(_w.Lines(_deal).Select(l => l.GetAttributeValue<decimal>("mci_percent")), Is.EquivalentTo(new[] { 60m, 40m }), "the split the deal was lost with");
        });
    }

    [Test]
    public void After_the_loss_the_partner_engagements_are_read_only_and_the_pending_exception_stays_pending()
    {
        var engagement = UnwinnableDeal(_deal, out _, out _);
        _w.Env.Lose(_deal, _w.Seller, Canceled);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.As(_w.Executive).Update(new Entity("mci_opportunitypartner", engagement) { ["mci_exceptionstatus"] = new OptionSetValue(ExceptionApproved) })),
                Is.EqualTo("“ERP rollout” is closed as Lost, so its partner engagements are read-only: the engagement of partner “Acme Integration” cannot be added, changed, moved or deleted. Reopen the opportunity first if its partners must change."));
            Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Update(new Entity("mci_opportunitypartner", engagement) { ["mci_ourprice"] = new Money(850m) })), Does.StartWith("“ERP rollout” is closed as Lost"));
            Assert.That(_w.Refused(() => _w.As(_w.PartnerManager).Delete("mci_opportunitypartner", engagement)), Does.StartWith("“ERP rollout” is closed as Lost"));
            Assert.That(OptionOf(_w.Read("mci_opportunitypartner", engagement), "mci_exceptionstatus"), Is.EqualTo(ExceptionRequested));
        });
    }

    [Test]
    public void A_lost_deal_cannot_be_won_afterwards()
    {
        _w.Line(_w.Seller, _deal, _w.TeamEast, 100m);
        _w.Env.Lose(_deal, _w.Seller);
        Assert.That(_w.Refused(() => _w.Env.Win(_deal, _w.Seller)), Is.EqualTo($"The opportunity {_deal:D} cannot be won because it is not open."));
    }
}
