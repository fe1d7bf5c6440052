using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>
/// The escalation sweep end to end: the custom API mci_EscalateDueRequests (customapis/) run through the emulator's pipeline,
/// its plug-in EscalateDueRequestsPlugin as main operation, EscalationPlugin writing each escalation and its one task.
/// </summary>
public class EscalationSweepTests
{
    private const string Api = "mci_EscalateDueRequests";
    private World _w = null!;
    private Guid _deal;

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _w.Env.Clock.UtcNow = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        _deal = _w.Opportunity(_w.Seller, leadTeam: _w.TeamEast);
    }

    private Guid Request(DateTime neededBy, int status = Requested, string name = "Architect for ERP") =>
        _w.As(_w.Seller).Create(new Entity("mci_resourcerequest")
        {
            ["mci_name"] = name, ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_role"] = new OptionSetValue(SolutionArchitect),
            ["mci_status"] = new OptionSetValue(status), ["mci_effortdays"] = 5m, ["mci_neededby"] = neededBy,
        });

    private (int Evaluated, int ToLead, int ToExecutive) Sweep(Guid? user = null, DateTime? asOf = null)
    {
        var request = new OrganizationRequest(Api);
        if (asOf != null) request["AsOf"] = asOf.Value;
        var response = _w.As(user ?? _w.TierAdmin).Execute(request);
        return ((int)response["Evaluated"], (int)response["EscalatedToLead"], (int)response["EscalatedToExecutive"]);
    }

    private IReadOnlyList<Entity> Tasks(Guid request) => _w.Where("task", "regardingobjectid", request);

    private (int? Level, Guid? To, int? Status) State(Guid request)
    {
        var row = _w.Read("mci_resourcerequest", request);
        return (row.GetAttributeValue<int?>("mci_escalationlevel"), row.GetAttributeValue<EntityReference>("mci_escalatedtoid")?.Id, OptionOf(row, "mci_status"));
    }

    [Test]
    public void A_request_not_yet_due_is_evaluated_and_left_alone()
    {
        var request = Request(new DateTime(2026, 4, 30));
        Assert.That(Sweep(), Is.EqualTo((1, 0, 0)));
        Assert.That(State(request), Is.EqualTo(((int?)null, (Guid?)null, (int?)Requested)));
        Assert.That(Tasks(request), Is.Empty);
    }

    [Test]
    public void A_request_due_within_the_lead_days_goes_to_the_lead_teams_administrator_with_one_task()
    {
        var request = Request(new DateTime(2026, 3, 5));
        Assert.That(Sweep(), Is.EqualTo((1, 1, 0)));
        Assert.That(State(request), Is.EqualTo(((int?)1, (Guid?)_w.EastManager, (int?)Escalated)));
        Assert.That(Tasks(request).Select(t => t.GetAttributeValue<EntityReference>("ownerid").Id), Is.EqualTo(new[] { _w.EastManager }));
    }

    [Test]
    public void A_request_past_its_date_goes_to_the_sales_executive()
    {
        var request = Request(new DateTime(2026, 3, 1));
        Assert.That(Sweep(), Is.EqualTo((1, 0, 1)));
        Assert.That(State(request), Is.EqualTo(((int?)2, (Guid?)_w.Executive, (int?)Escalated)));
        Assert.That(Tasks(request).Select(t => t.GetAttributeValue<EntityReference>("ownerid").Id), Is.EqualTo(new[] { _w.Executive }));
    }

    [Test]
    public void Running_again_creates_no_second_task_and_level_2_follows_level_1_when_the_date_passes()
    {
        var request = Request(new DateTime(2026, 3, 5));
        var booked = Request(new DateTime(2026, 3, 1), Booked, "Booked architect");
        Assert.That(Sweep(), Is.EqualTo((1, 1, 0)), "a booked request is not even read");
        Assert.That(Sweep(), Is.EqualTo((1, 0, 0)), "the same day again: nothing new");
        Assert.That(Tasks(request), Has.Count.EqualTo(1));

        _w.Env.Clock.Today = new DateTime(2026, 3, 6);
        Assert.That(Sweep(), Is.EqualTo((1, 0, 1)));
        Assert.That(Sweep(), Is.EqualTo((0, 0, 0)), "a request at level 2 is done");
        Assert.That(State(request), Is.EqualTo(((int?)2, (Guid?)_w.Executive, (int?)Escalated)));
        Assert.That(Tasks(request).Select(t => t.GetAttributeValue<EntityReference>("ownerid").Id), Is.EquivalentTo(new[] { _w.EastManager, _w.Executive }), "one task per level");
        Assert.That(Tasks(booked), Is.Empty);
    }

    [Test]
    public void AsOf_decides_the_date_and_an_omitted_AsOf_is_today()
    {
        var request = Request(new DateTime(2026, 3, 20));
        Assert.That(Sweep(), Is.EqualTo((1, 0, 0)), "today (2 March) it is 18 days away");
        Assert.That(Sweep(asOf: new DateTime(2026, 3, 21)), Is.EqualTo((1, 0, 1)), "as of 21 March it is overdue: EscalationPlugin decides on AsOf too");
        Assert.That(State(request), Is.EqualTo(((int?)2, (Guid?)_w.Executive, (int?)Escalated)));
    }

    [Test]
    public void Ten_thousand_open_requests_are_read_in_pages_and_only_the_due_ones_escalate()
    {
        var rows = Enumerable.Range(0, 10_000).Select(i => new Entity("mci_resourcerequest")
        {
            ["mci_name"] = "Request " + i.ToString("D5"), ["mci_opportunityid"] = Ref("opportunity", _deal), ["mci_role"] = new OptionSetValue(SolutionArchitect),
            ["mci_status"] = new OptionSetValue(Requested), ["mci_neededby"] = i % 1000 == 0 ? new DateTime(2026, 3, 4) : new DateTime(2026, 6, 1),
        });
        var ids = _w.Env.Seed(rows);
        var mark = _w.Env.Recorder.Mark();
        Assert.That(Sweep(), Is.EqualTo((10_000, 10, 0)));
        Assert.Multiple(() =>
        {
            Assert.That(mark.Calls.Count(c => c.Message == "RetrieveMultiple" && c.Table == "mci_resourcerequest"), Is.EqualTo(2), "5,000 rows a page");
            Assert.That(ids.Where((_, i) => i % 1000 == 0).Select(id => State(id).Level), Is.All.EqualTo(1));
            Assert.That(_w.Env.Count("task"), Is.EqualTo(10), "one task each, for the due ones only");
        });
    }

    [Test]
    public void A_seller_is_refused_by_the_execute_privilege_and_nothing_escalates()
    {
        var request = Request(new DateTime(2026, 3, 1));
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => Sweep(_w.Seller))!;
        Assert.That(fault.Detail.Message, Does.Contain("is missing prvWritemci_SupportTier privilege"));
        Assert.That(State(request).Level, Is.Null);
        Assert.That(Tasks(request), Is.Empty);
    }

    [Test]
    public void The_plug_in_checks_the_role_itself_a_caller_with_the_privilege_but_neither_role_is_refused_with_MCIs_message()
    {
        // SYSTEM holds every privilege, so the platform lets it through; it has neither MCI Administrator nor System Administrator.
        var request = Request(new DateTime(2026, 3, 1));
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _w.Env.SystemService.Execute(new OrganizationRequest(Api)))!;
        Assert.That(fault.Detail.Message, Does.Contain("may not run the escalation sweep (mci_EscalateDueRequests)"));
        Assert.That(State(request).Level, Is.Null, "nothing escalated");
    }

    [Test]
    public void The_System_Administrator_may_run_it()
        => Assert.That(Sweep(_w.Admin), Is.EqualTo((0, 0, 0)));

    [Test]
    public void An_unknown_parameter_and_a_value_of_the_wrong_type_are_refused_before_anything_runs()
    {
        var request = Request(new DateTime(2026, 3, 1));
        var unknown = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _w.As(_w.TierAdmin).Execute(new OrganizationRequest(Api) { ["Since"] = DateTime.Today }))!;
        var wrong = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _w.As(_w.TierAdmin).Execute(new OrganizationRequest(Api) { ["AsOf"] = "2026-03-02" }))!;
        Assert.Multiple(() =>
        {
            Assert.That(unknown.Detail.Message, Is.EqualTo("Unrecognized request parameter: Since"), "Dataverse's wording (CustomApiHandler cites it)");
            Assert.That(unknown.Detail.TraceText, Is.EqualTo("The custom API 'mci_EscalateDueRequests' declares the request parameters: AsOf (DateTime, optional)."));
            Assert.That(wrong.Detail.Message, Is.EqualTo("The parameter 'AsOf' of the custom API 'mci_EscalateDueRequests' is of type DateTime (System.DateTime); the request gives a System.String."));
            Assert.That(unknown.Detail.ErrorCode, Is.EqualTo(-2147220715), "0x80040315, Dataverse's code for an unrecognized request parameter");
            Assert.That(wrong.Detail.ErrorCode, Is.EqualTo(-2147220989), "InvalidArgument");
            Assert.That(State(request).Level, Is.Null);
            Assert.That(_w.Env.Recorder.Executions.Where(e => e.PluginType.EndsWith("EscalateDueRequestsPlugin", StringComparison.Ordinal)), Is.Empty, "the plug-in never ran");
        });
    }

    [Test]
    public void Requests_of_won_or_lost_deals_are_not_swept()
    {
        // A presales need of a deal that is closed is moot: the sweep must not send the sales executive a task for it.
        var won = _w.Opportunity(_w.Seller, "Won deal", leadTeam: _w.TeamEast);
        _w.ConfirmedSplit(won, out _, out _);
        var onWon = _w.As(_w.Seller).Create(new Entity("mci_resourcerequest")
        {
            ["mci_name"] = "Architect for the won deal", ["mci_opportunityid"] = Ref("opportunity", won), ["mci_role"] = new OptionSetValue(SolutionArchitect),
            ["mci_status"] = new OptionSetValue(Requested), ["mci_neededby"] = new DateTime(2026, 3, 1),
        });
        _w.Env.Win(won, _w.Seller);
        var lost = _w.Env.Seed(new[] { new Entity("opportunity") { ["name"] = "Lost deal", ["mci_leadteamid"] = Ref("team", _w.TeamEast), ["statecode"] = new OptionSetValue(2), ["statuscode"] = new OptionSetValue(4) } })[0];
        var onLost = _w.Env.Seed(new[] { new Entity("mci_resourcerequest")
        {
            ["mci_name"] = "Architect for the lost deal", ["mci_opportunityid"] = Ref("opportunity", lost), ["mci_role"] = new OptionSetValue(SolutionArchitect),
            ["mci_status"] = new OptionSetValue(Requested), ["mci_neededby"] = new DateTime(2026, 3, 1),
        } })[0];
        var open = Request(new DateTime(2026, 3, 1));

        Assert.That(Sweep(), Is.EqualTo((1, 0, 1)), "only the open deal's request is read and escalated");
        Assert.Multiple(() =>
        {
            Assert.That(State(onWon).Level, Is.Null);
            Assert.That(State(onLost).Level, Is.Null);
            Assert.That(Tasks(onWon).Concat(Tasks(onLost)), Is.Empty);
            Assert.That(State(open).Level, Is.EqualTo(2));
        });
    }

    [Test]
    public void A_lead_team_whose_administrator_is_disabled_escalates_to_the_sales_executive()
    {
        // A team always has an administrator; one who left the company is disabled and would never see the task.
        _w.Env.AdminService.Update(new Entity("systemuser", _w.EastManager) { ["isdisabled"] = true });
        var request = Request(new DateTime(2026, 3, 5));
        Assert.That(Sweep(), Is.EqualTo((1, 0, 1)));
        Assert.That(State(request), Is.EqualTo(((int?)2, (Guid?)_w.Executive, (int?)Escalated)));
        Assert.That(Tasks(request).Select(t => t.GetAttributeValue<EntityReference>("ownerid").Id), Is.EqualTo(new[] { _w.Executive }));
    }

    [Test]
    public void A_deal_without_a_lead_team_counts_as_escalated_to_the_executive()
    {
        var noLead = _w.Opportunity(_w.Seller, "No lead team deal");
        var request = _w.As(_w.Seller).Create(new Entity("mci_resourcerequest")
        {
            ["mci_name"] = "Architect", ["mci_opportunityid"] = Ref("opportunity", noLead), ["mci_role"] = new OptionSetValue(SolutionArchitect),
            ["mci_status"] = new OptionSetValue(Requested), ["mci_neededby"] = new DateTime(2026, 3, 5),
        });
        Assert.That(Sweep(), Is.EqualTo((1, 0, 1)), "due for level 1, but nobody is there: straight to level 2");
        Assert.That(State(request), Is.EqualTo(((int?)2, (Guid?)_w.Executive, (int?)Escalated)));
    }

    [Test]
    public void Without_a_sales_executive_the_run_is_refused_naming_the_variable_and_nothing_is_half_saved()
    {
        var dueSoon = Request(new DateTime(2026, 3, 5), name: "Due soon");
        var overdue = Request(new DateTime(2026, 3, 1), name: "Overdue");
        _w.Env.SetEnvironmentVariable("mci_SalesExecutiveEmail", "nobody@mci.test");
        var message = _w.Refused(() => Sweep());
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("“Overdue”").And.Contain("mci_SalesExecutiveEmail"));
            Assert.That(State(dueSoon).Level, Is.Null, "the level 1 escalation made earlier in the run is rolled back too");
            Assert.That(Tasks(dueSoon), Is.Empty);
        });
    }

    [Test]
    public void The_main_operation_runs_at_stage_30_in_the_pipeline_of_the_custom_APIs_own_message()
    {
        Request(new DateTime(2026, 3, 5));
        var mark = _w.Env.Recorder.Mark();
        Sweep();
        var main = mark.Executions.Single(e => e.PluginType == "Mci.Plugins.Escalation.EscalateDueRequestsPlugin");
        Assert.Multiple(() =>
        {
            Assert.That((main.Message, main.Table, main.Depth, main.Succeeded), Is.EqualTo((Api, "none", 1, true)));
            Assert.That(mark.Calls.First().Message, Is.EqualTo(Api), "recorded under the custom API's own name");
            Assert.That(mark.Executions.Where(e => e.PluginType == "Mci.Plugins.EscalationPlugin").Min(e => e.Depth), Is.EqualTo(2), "EscalationPlugin runs inside the sweep, on the update it makes");
        });
    }
}
