using Microsoft.Xrm.Sdk;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>Escalation (at once on Declined, and by the EvaluateEscalation activity) and the other workflow activities.</summary>
public class EscalationAndActivityTests
{
    private World _w = null!;
    private Guid _deal;

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _w.Env.Clock.UtcNow = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        _deal = _w.Opportunity(_w.Seller, leadTeam: _w.TeamEast);
    }

    private Guid Request(DateTime? neededBy = null, int status = Requested, Guid? deal = null)
    {
        var request = new Entity("mci_resourcerequest")
        {
            ["mci_name"] = "Architect for ERP", ["mci_opportunityid"] = Ref("opportunity", deal ?? _deal), ["mci_role"] = new OptionSetValue(SolutionArchitect),
            ["mci_status"] = new OptionSetValue(status), ["mci_effortdays"] = 5m,
        };
        if (neededBy != null) request["mci_neededby"] = neededBy.Value;
        return _w.As(_w.Seller).Create(request);
    }

    private void SetStatus(Guid user, Guid request, int status) => _w.As(user).Update(new Entity("mci_resourcerequest", request) { ["mci_status"] = new OptionSetValue(status) });

    private IReadOnlyList<Entity> Tasks(Guid request) => _w.Where("task", "regardingobjectid", request);

    private IDictionary<string, object?> Evaluate(Guid request)
        => _w.Env.RunWorkflowActivity("EvaluateEscalation", new Dictionary<string, object?> { ["ResourceRequest"] = Ref("mci_resourcerequest", request) }, _w.Admin);

    // ------------------------------------------------------------------ at once

    [Test]
    public void A_declined_request_escalates_at_once_to_the_lead_teams_administrator_with_one_task()
    {
        var request = Request(new DateTime(2026, 3, 20));
        var calls = _w.PluginCalls(() => SetStatus(_w.Presales, request, Declined));
        var read = _w.Read("mci_resourcerequest", request);
        var task = Tasks(request).Single();
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(read, "mci_status"), Is.EqualTo(Escalated));
            Assert.That(read.GetAttributeValue<int?>("mci_escalationlevel"), Is.EqualTo(1));
            Assert.That(read.GetAttributeValue<EntityReference>("mci_escalatedtoid").Id, Is.EqualTo(_w.EastManager));
            Assert.That(task.GetAttributeValue<EntityReference>("ownerid").Id, Is.EqualTo(_w.EastManager));
            Assert.That(task.GetAttributeValue<string>("subject"), Is.EqualTo("Escalation level 1: resource request “Architect for ERP” · 升级（第 1 级）：资源申请“Architect for ERP”"));
            Assert.That(task.GetAttributeValue<string>("description"), Does.Contain("was declined; it is needed by 2026-03-20").And.Contain("已被拒绝"));
            Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[] { ("RetrieveMultiple", "opportunity"), ("Update", "mci_resourcerequest"), ("Create", "task") }),
                "the lead team's administrator in one query; the escalation and its task written once each");
        });
    }

    [Test]
    public void Each_request_declined_in_one_CreateMultiple_escalates_to_its_own_lead_team_with_its_own_task()
    {
        var other = _w.Opportunity(_w.Seller, name: "CRM upgrade", leadTeam: _w.TeamWest);
        Entity Declined(string name, Guid deal) => new("mci_resourcerequest")
        {
            ["mci_name"] = name, ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_role"] = new OptionSetValue(SolutionArchitect),
            ["mci_status"] = new OptionSetValue(World.Declined), ["mci_neededby"] = new DateTime(2026, 3, 20),
        };
        var batch = new EntityCollection(new List<Entity> { Declined("Architect for ERP", _deal), Declined("Architect for CRM", other) }) { EntityName = "mci_resourcerequest" };
        var ids = ((Microsoft.Xrm.Sdk.Messages.CreateMultipleResponse)_w.As(_w.Admin).Execute(new Microsoft.Xrm.Sdk.Messages.CreateMultipleRequest { Targets = batch })).Ids;
        Assert.Multiple(() =>
        {
            Assert.That(ids.Select(id => _w.Read("mci_resourcerequest", id).GetAttributeValue<EntityReference>("mci_escalatedtoid")?.Id), Is.EqualTo(new Guid?[] { _w.EastManager, _w.WestManager }));
            Assert.That(ids.Select(id => Tasks(id).Single().GetAttributeValue<string>("subject")), Is.EqualTo(new[]
            {
                "Escalation level 1: resource request “Architect for ERP” · 升级（第 1 级）：资源申请“Architect for ERP”",
                "Escalation level 1: resource request “Architect for CRM” · 升级（第 1 级）：资源申请“Architect for CRM”",
            }));
        });
    }

    [Test]
    public void Nobody_silences_an_escalation_by_setting_its_level_or_fakes_one_by_setting_Escalated()
    {
        var request = Request(new DateTime(2026, 3, 20));
        _w.As(_w.Presales).Update(new Entity("mci_resourcerequest", request) { ["mci_escalationlevel"] = 2, ["mci_escalatedtoid"] = Ref("systemuser", _w.Presales) });
        var read = _w.Read("mci_resourcerequest", request);
        Assert.Multiple(() =>
        {
            Assert.That(read.GetAttributeValue<int?>("mci_escalationlevel"), Is.Null.Or.EqualTo(0), "the hand-set level is dropped");
            Assert.That(read.GetAttributeValue<EntityReference>("mci_escalatedtoid"), Is.Null);
            Assert.That(Tasks(request), Is.Empty, "not due yet: asking for an evaluation changes nothing");
        });

        _w.As(_w.Presales).Update(new Entity("mci_resourcerequest", request) { ["mci_status"] = new OptionSetValue(Declined), ["mci_escalationlevel"] = 2 });
        read = _w.Read("mci_resourcerequest", request);
        Assert.Multiple(() =>
        {
            Assert.That(read.GetAttributeValue<int?>("mci_escalationlevel"), Is.EqualTo(1), "declined escalates to level 1 whatever level was sent with it");
            Assert.That(read.GetAttributeValue<EntityReference>("mci_escalatedtoid").Id, Is.EqualTo(_w.EastManager));
            Assert.That(Tasks(request), Has.Count.EqualTo(1));
        });

        var other = Request(new DateTime(2026, 3, 20));
        var message = _w.Refused(() => SetStatus(_w.Seller, other, Escalated));
        Assert.That(message, Is.EqualTo("Resource request “Architect for ERP” on “ERP rollout” cannot be set to Escalated by hand: MCI escalates a request, with its level, the person and a task, when it is declined or runs late. To escalate it now, set it to Declined."));
        Assert.DoesNotThrow(() => _w.As(_w.Presales).Update(new Entity("mci_resourcerequest", request) { ["mci_status"] = new OptionSetValue(Escalated), ["mci_effortdays"] = 4m }), "an escalated request saved as it is");
    }

    [Test]
    public void Declining_again_at_the_same_level_creates_no_second_task()
    {
        var request = Request(new DateTime(2026, 3, 20));
        SetStatus(_w.Presales, request, Declined);
        SetStatus(_w.Presales, request, Declined);
        Assert.That(Tasks(request), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_request_declined_after_its_date_goes_straight_to_the_sales_executive()
    {
        var request = Request(new DateTime(2026, 2, 27));
        SetStatus(_w.Presales, request, Declined);
        var read = _w.Read("mci_resourcerequest", request);
        Assert.Multiple(() =>
        {
            Assert.That(read.GetAttributeValue<int?>("mci_escalationlevel"), Is.EqualTo(2));
            Assert.That(read.GetAttributeValue<EntityReference>("mci_escalatedtoid").Id, Is.EqualTo(_w.Executive));
        });
    }

    [Test]
    public void A_request_declined_on_a_deal_without_a_lead_team_is_saved_and_goes_straight_to_level_2_the_sales_executive()
    {
        var request = Request(new DateTime(2026, 3, 20), deal: _w.Opportunity(_w.Seller, name: "No lead"));
        SetStatus(_w.Presales, request, Declined);
        var read = _w.Read("mci_resourcerequest", request);
        var task = Tasks(request).Single();
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(read, "mci_status"), Is.EqualTo(Escalated));
            Assert.That(read.GetAttributeValue<int?>("mci_escalationlevel"), Is.EqualTo(2), "SPEC Clarifications: no lead team, straight to level 2");
            Assert.That(read.GetAttributeValue<EntityReference>("mci_escalatedtoid").Id, Is.EqualTo(_w.Executive));
            Assert.That(task.GetAttributeValue<EntityReference>("ownerid").Id, Is.EqualTo(_w.Executive));
            Assert.That(task.GetAttributeValue<string>("subject"), Does.StartWith("Escalation level 2: resource request “Architect for ERP”"));
        });
    }

    [Test]
    public void A_request_due_on_a_deal_without_a_lead_team_escalates_to_level_2_when_evaluated_and_not_again()
    {
        var request = Request(new DateTime(2026, 3, 5), deal: _w.Opportunity(_w.Seller, name: "No lead"));
        var first = Evaluate(request);
        var tasks = Tasks(request).Count;
        var second = Evaluate(request);
        Assert.Multiple(() =>
        {
            Assert.That(first["EscalationLevel"], Is.EqualTo(2));
            Assert.That(((EntityReference)first["EscalatedTo"]!).Id, Is.EqualTo(_w.Executive));
            Assert.That(tasks, Is.EqualTo(1));
            Assert.That(second["EscalationLevel"], Is.EqualTo(2));
            Assert.That(Tasks(request), Has.Count.EqualTo(1), "evaluating again at level 2 creates no second task");
        });
    }

    [Test]
    public void With_nobody_to_escalate_to_the_decline_is_refused_and_says_what_to_set()
    {
        _w.Env.SetEnvironmentVariable("mci_SalesExecutiveEmail", null);
        var request = Request(new DateTime(2026, 3, 20), deal: _w.Opportunity(_w.Seller, name: "No lead"));
        var message = _w.Refused(() => SetStatus(_w.Presales, request, Declined));
        Assert.That(message, Does.Contain("Resource request “Architect for ERP” on “No lead” must be escalated (level 2) to the sales executive, but no user has the sales executive email")
            .And.Contain("mci_SalesExecutiveEmail"));
    }

    [Test]
    public void The_scheduled_evaluation_with_nobody_to_escalate_to_stops_with_the_message()
    {
        _w.Env.SetEnvironmentVariable("mci_SalesExecutiveEmail", null);
        var request = Request(new DateTime(2026, 2, 20));
        var message = _w.Refused(() => Evaluate(request));
        Assert.That(message, Does.Contain("must be escalated (level 2) to the sales executive, but no user has the sales executive email"));
    }

    [Test]
    public void A_sales_executive_email_that_matches_no_user_stops_the_evaluation_with_the_message()
    {
        _w.Env.SetEnvironmentVariable("mci_SalesExecutiveEmail", "nobody@mci.test");
        var request = Request(new DateTime(2026, 2, 20));
        Assert.That(_w.Refused(() => Evaluate(request)), Does.Contain("must be escalated (level 2) to the sales executive, but no user has the sales executive email (mci_SalesExecutiveEmail)"));
    }

    [Test]
    public void A_sales_executive_email_that_is_no_email_address_is_refused_naming_the_variable()
    {
        _w.Env.SetEnvironmentVariable("mci_SalesExecutiveEmail", "Grace Hopper");
        var request = Request(new DateTime(2026, 2, 27));
        var message = _w.Refused(() => SetStatus(_w.Presales, request, Declined));
        Assert.That(message, Does.StartWith("The environment variable mci_SalesExecutiveEmail is “Grace Hopper”, which is not an email address"));
    }

    [TestCase("-2")]
    [TestCase("five")]
    public void Lead_days_that_are_no_whole_number_of_0_or_more_stop_the_evaluation_naming_the_variable(string value)
    {
        _w.Env.SetEnvironmentVariable("mci_EscalationLeadDays", value);
        var request = Request(new DateTime(2026, 3, 10));
        var message = _w.Refused(() => Evaluate(request));
        Assert.That(message, Does.StartWith($"The environment variable mci_EscalationLeadDays is “{value}”, which is not a whole number of days of 0 or more"));
    }

    [Test]
    public void A_declined_request_needs_no_lead_days_so_a_bad_value_does_not_stop_it()
    {
        _w.Env.SetEnvironmentVariable("mci_EscalationLeadDays", "soon");
        var request = Request(new DateTime(2026, 3, 20));
        SetStatus(_w.Presales, request, Declined);
        Assert.That(_w.Read("mci_resourcerequest", request).GetAttributeValue<int?>("mci_escalationlevel"), Is.EqualTo(1));
    }

    [Test]
    public void Saving_a_request_that_is_not_declined_reads_nothing()
    {
        var request = Request(new DateTime(2026, 3, 3));
        var calls = _w.PluginCalls(() => SetStatus(_w.Presales, request, Booked));
        Assert.That(calls, Is.Empty);
    }

    // ------------------------------------------------------------------ EvaluateEscalation (scheduled by an administrator)

    [Test]
    public void A_request_still_requested_within_the_lead_days_escalates_to_level_1_once()
    {
        var request = Request(new DateTime(2026, 3, 5));
        var outputs = Evaluate(request);
        Assert.Multiple(() =>
        {
            Assert.That(outputs["EscalationLevel"], Is.EqualTo(1));
            Assert.That(((EntityReference)outputs["EscalatedTo"]!).Id, Is.EqualTo(_w.EastManager));
            Assert.That(Tasks(request), Has.Count.EqualTo(1));
            Assert.That(Tasks(request)[0].GetAttributeValue<string>("description"), Does.Contain("is still Requested and is needed by 2026-03-05, in 3 days"));
        });

        var again = Evaluate(request);
        Assert.Multiple(() =>
        {
            Assert.That(again["EscalationLevel"], Is.EqualTo(1));
            Assert.That(((EntityReference)again["EscalatedTo"]!).Id, Is.EqualTo(_w.EastManager));
            Assert.That(Tasks(request), Has.Count.EqualTo(1), "evaluating again at the same level creates no second task");
        });
    }

    [Test]
    public void EvaluateEscalation_reads_the_recipients_once_in_the_plug_in_it_asks()
    {
        var request = Request(new DateTime(2026, 3, 5));
        var calls = _w.PluginCalls(() => Evaluate(request));
        Assert.That(calls.Select(c => (c.Message, c.Table)), Is.EqualTo(new[]
        {
            ("Retrieve", "mci_resourcerequest"), ("RetrieveMultiple", "environmentvariabledefinition"), ("Update", "mci_resourcerequest"),
            ("RetrieveMultiple", "environmentvariabledefinition"), ("RetrieveMultiple", "opportunity"), ("Update", "mci_resourcerequest"), ("Create", "task"),
            ("Retrieve", "mci_resourcerequest"),
        }), "the activity: the request, the lead days, the save that asks the plug-in, the outcome; the plug-in: the lead days (read by query, each time), the lead team's administrator, the escalation, its task");
    }

    [Test]
    public void On_its_date_an_unbooked_request_escalates_to_level_2_the_sales_executive()
    {
        var request = Request(new DateTime(2026, 3, 5));
        Evaluate(request);
        _w.Env.Clock.UtcNow = new DateTime(2026, 3, 5, 8, 0, 0, DateTimeKind.Utc);
        var outputs = Evaluate(request);
        Assert.Multiple(() =>
        {
            Assert.That(outputs["EscalationLevel"], Is.EqualTo(2));
            Assert.That(((EntityReference)outputs["EscalatedTo"]!).Id, Is.EqualTo(_w.Executive));
            Assert.That(Tasks(request).Select(t => t.GetAttributeValue<EntityReference>("ownerid").Id), Is.EqualTo(new[] { _w.EastManager, _w.Executive }));
        });
    }

    [Test]
    public void A_request_not_due_changes_nothing()
    {
        var request = Request(new DateTime(2026, 4, 30));
        var before = _w.Env.Snapshot();
        var outputs = Evaluate(request);
        Assert.Multiple(() =>
        {
            Assert.That(outputs["EscalationLevel"], Is.EqualTo(0));
            Assert.That(outputs["EscalatedTo"], Is.Null);
            Assert.That(_w.Env.Snapshot().DifferencesFrom(before), Is.Empty);
        });
    }

    [Test]
    public void A_booked_request_never_escalates_even_when_late()
    {
        var request = Request(new DateTime(2026, 2, 1), status: Booked);
        Assert.That(Evaluate(request)["EscalationLevel"], Is.EqualTo(0));
        Assert.That(Tasks(request), Is.Empty);
    }

    [Test]
    public void The_lead_days_come_from_the_environment_variable()
    {
        _w.Env.SetEnvironmentVariable("mci_EscalationLeadDays", "10");
        var request = Request(new DateTime(2026, 3, 10));
        Assert.That(Evaluate(request)["EscalationLevel"], Is.EqualTo(1));
    }

    // ------------------------------------------------------------------ SummarizeSplits, RouteSupportTier

    [Test]
    public void SummarizeSplits_reports_total_teams_confirmation_and_a_bilingual_summary()
    {
        _w.Line(_w.Seller, _deal, _w.TeamSolutionCentre, 100m, Overlay);
        _w.ConfirmedSplit(_deal, out _, out _);
        var outputs = _w.Env.RunWorkflowActivity("SummarizeSplits", new Dictionary<string, object?> { ["Opportunity"] = Ref("opportunity", _deal) }, _w.Admin);
        Assert.Multiple(() =>
        {
            Assert.That(outputs["RevenueTotal"], Is.EqualTo(100m));
            Assert.That(outputs["TeamCount"], Is.EqualTo(2));
            Assert.That(outputs["Confirmed"], Is.EqualTo(true));
            Assert.That(outputs["Summary"], Is.EqualTo(
                "“ERP rollout”: Revenue split 100.00% across 2 team(s) (Team East 60.00%, Team West 40.00%); allocation Confirmed.\n" +
                "“ERP rollout”：收入分配合计 100.00%，涉及 2 个团队（Team East 60.00%、Team West 40.00%）；分配状态：已确认。"));
        });
    }

    [Test]
    public void SummarizeSplits_of_a_deal_without_lines()
    {
        var outputs = _w.Env.RunWorkflowActivity("SummarizeSplits", new Dictionary<string, object?> { ["Opportunity"] = Ref("opportunity", _deal) }, _w.Admin);
        Assert.Multiple(() =>
        {
            Assert.That(outputs["RevenueTotal"], Is.EqualTo(0m));
            Assert.That(outputs["TeamCount"], Is.EqualTo(0));
            Assert.That(outputs["Confirmed"], Is.EqualTo(false));
            Assert.That((string)outputs["Summary"]!, Does.StartWith("“ERP rollout”: Revenue split 0.00% across 0 team(s) ((empty)); allocation Not Required."));
        });
    }

    [Test]
    public void RouteSupportTier_routes_again_after_the_tiers_changed()
    {
        Assert.That(_w.Read("opportunity", _deal).GetAttributeValue<EntityReference>("mci_supporttierid").Id, Is.EqualTo(_w.TierDirect));
        _w.As(_w.TierAdmin).Update(new Entity("mci_supporttier", _w.TierLarge) { ["mci_minamount"] = new Money(500_000m) });
        var outputs = _w.Env.RunWorkflowActivity("RouteSupportTier", new Dictionary<string, object?> { ["Opportunity"] = Ref("opportunity", _deal) }, _w.Admin);
        Assert.Multiple(() =>
        {
            Assert.That(((EntityReference)outputs["SupportTier"]!).Id, Is.EqualTo(_w.TierLarge));
            Assert.That(_w.Lines(_deal).Select(l => OptionOf(l, "mci_splittype")), Is.EqualTo(new int?[] { Overlay }), "the same routing as a seller's save: dual credit adds the overlay");
        });
    }

    [Test]
    public void RouteSupportTier_stops_the_process_with_the_routing_refusal()
    {
        _w.As(_w.TierAdmin).Update(new Entity("mci_supporttier", _w.TierDirect) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        var message = _w.Refused(() => _w.Env.RunWorkflowActivity("RouteSupportTier", new Dictionary<string, object?> { ["Opportunity"] = Ref("opportunity", _deal) }, _w.Admin));
        Assert.That(message, Does.StartWith("No active support tier matches “ERP rollout” (sales mode Direct, estimated value 800,000.00"));
    }

    [Test]
    public void An_activitys_failed_service_call_stops_the_process_with_the_faults_message_traced_as_a_plug_in_traces_it()
    {
        // The same translation as PluginBase (Plugins/Common/Failures.cs): a privilege fault reads as MCI's message naming
        // the privilege and the role to ask for, its code in the trace.
        var nobody = _w.Env.CreateUser("No Roles", "noroles@mci.test");
        var mark = _w.Env.Recorder.Mark();
        var message = _w.Refused(() => _w.Env.RunWorkflowActivity("SummarizeSplits", new Dictionary<string, object?> { ["Opportunity"] = Ref("opportunity", _deal) }, nobody));
        var execution = mark.Executions.Single(e => e.PluginType.EndsWith("SummarizeSplits", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("prvReadOpportunity").And.Contain("MCI Seller"), "the privilege and a role that has it, not the generic message");
            Assert.That(message, Does.Not.Contain("unexpected error"));
            Assert.That(execution.Trace, Does.Contain("Organization service fault 0x80040220"));
        });
    }

    [Test]
    public void Activities_refuse_a_missing_input()
    {
        Assert.Throws<ArgumentException>(() => _w.Env.RunWorkflowActivity("SummarizeSplits", new Dictionary<string, object?>(), _w.Admin));
    }
}
