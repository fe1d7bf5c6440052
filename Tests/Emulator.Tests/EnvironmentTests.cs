using System.ServiceModel;
using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.SolutionModel;

namespace Mci.Emulator.Tests;

/// <summary>Users, teams, environment variables, the clock, snapshots, workflow activities and the recorder.</summary>
public class EnvironmentTests
{
    private Dataverse _env = null!;

    [SetUp]
    public void SetUp() => _env = TestEnvironment.Create();

    [Test]
    public void CreateUser_writes_the_user_settings_and_role_rows_plugins_can_query()
    {
        var user = _env.CreateUser("Li Lei", "li.lei@mci.test", new[] { "Test Owner", "Test Reader" }, uiLanguageId: 2052);
        var admin = _env.AdminService;
        var settings = admin.Retrieve("usersettings", user, new ColumnSet("uilanguageid"));
        var q = new QueryExpression("role") { ColumnSet = new ColumnSet("name") };
        q.AddLink("systemuserroles", "roleid", "roleid").LinkCriteria.AddCondition("systemuserid", ConditionOperator.Equal, user);
        var row = admin.Retrieve("systemuser", user, new ColumnSet("fullname", "internalemailaddress", "businessunitid"));
        Assert.Multiple(() =>
        {
            Assert.That(settings["uilanguageid"], Is.EqualTo(2052));
            Assert.That(admin.RetrieveMultiple(q).Entities.Select(e => e["name"]), Is.EquivalentTo(new[] { "Test Owner", "Test Reader" }));
            Assert.That(row["fullname"], Is.EqualTo("Li Lei"));
            Assert.That(row["internalemailaddress"], Is.EqualTo("li.lei@mci.test"));
            Assert.That(row.GetAttributeValue<EntityReference>("businessunitid").Id, Is.EqualTo(_env.RootBusinessUnitId));
        });
    }

    [Test]
    public void CreateTeam_writes_the_administrator_and_memberships()
    {
        var a = _env.CreateUser("A");
        var b = _env.CreateUser("B");
        var team = _env.CreateTeam("Presales", a, new[] { a, b });
        var members = new QueryExpression("teammembership") { ColumnSet = new ColumnSet("systemuserid") };
        members.Criteria.AddCondition("teamid", ConditionOperator.Equal, team);
        Assert.That(_env.AdminService.RetrieveMultiple(members).Entities.Select(e => e["systemuserid"]), Is.EquivalentTo(new object[] { a, b }));
        Assert.That(_env.Peek("team", team)!.GetAttributeValue<EntityReference>("administratorid").Id, Is.EqualTo(a));
    }

    [Test]
    public void Environment_variables_have_their_default_until_a_value_is_set()
    {
        Assert.That(_env.GetEnvironmentVariable("test_Threshold"), Is.EqualTo("10"));
        Assert.That(_env.GetEnvironmentVariable("test_Greeting"), Is.Null);
        _env.SetEnvironmentVariable("test_Threshold", "25");
        _env.SetEnvironmentVariable("test_Threshold", "30");
        Assert.That(_env.GetEnvironmentVariable("test_Threshold"), Is.EqualTo("30"));
        Assert.That(_env.Count("environmentvariablevalue"), Is.EqualTo(1), "one value row per definition");
        _env.AdminService.CreateParent("x");
        Assert.That(Probe.At("Create", "test_parent", 40).Threshold, Is.EqualTo("30"), "plug-ins read the current value");
        Assert.Throws<ArgumentException>(() => _env.SetEnvironmentVariable("test_Unknown", "1"));
        _env.SetEnvironmentVariable("test_Threshold", null);
        Assert.That(_env.GetEnvironmentVariable("test_Threshold"), Is.EqualTo("10"));
    }

    [Test]
    public void The_clock_stamps_records_and_operations()
    {
        _env.Clock.UtcNow = new DateTime(2027, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var id = _env.AdminService.CreateParent("t");
        Assert.That(_env.Peek("test_parent", id)!["createdon"], Is.EqualTo(new DateTime(2027, 1, 2, 3, 4, 5, DateTimeKind.Utc)));
        Assert.That(Probe.At("Create", "test_parent", 40).OperationCreatedOn, Is.EqualTo(_env.Clock.UtcNow));
        _env.Clock.Advance(TimeSpan.FromDays(1));
        Assert.That(_env.Clock.Today, Is.EqualTo(new DateTime(2027, 1, 3)));
    }

    [Test]
    public void Snapshots_show_what_an_operation_changed()
    {
        var before = _env.Snapshot();
        var id = _env.AdminService.CreateParent("s", 1m);
        var diff = _env.Snapshot().DifferencesFrom(before);
        Assert.That(diff, Is.EqualTo(new[] { $"added test_parent({id:D})" }));
        var mid = _env.Snapshot();
        _env.AdminService.Update(new Entity("test_parent", id) { ["test_count"] = 3 });
        Assert.That(_env.Snapshot().DifferencesFrom(mid), Has.Some.EqualTo($"changed test_parent({id:D}).test_count: null -> 3"));
    }

    [Test]
    public void A_workflow_activity_runs_with_its_inputs_context_and_service()
    {
        var parent = _env.AdminService.CreateParent("Parent for workflow");
        var user = _env.CreateUser("Runner", roles: new[] { "Test Reader" });
        var outputs = _env.RunWorkflowActivity("AddDays", new Dictionary<string, object?>
        {
            ["Start"] = new DateTime(2026, 1, 30, 0, 0, 0, DateTimeKind.Utc),
            ["Days"] = 3,
            ["Parent"] = parent,
        }, user, new EntityReference("test_parent", parent));
        Assert.Multiple(() =>
        {
            Assert.That(outputs["Result"], Is.EqualTo(new DateTime(2026, 2, 2, 0, 0, 0, DateTimeKind.Utc)));
            Assert.That(outputs["ParentName"], Is.EqualTo("Parent for workflow"), "the Guid became an EntityReference through [ReferenceTarget]");
            var run = _env.Recorder.Executions.Last();
            Assert.That(run.PluginType, Is.EqualTo("Mci.Emulator.Tests.Plugins.AddDays"));
            Assert.That(run.Trace, Does.Contain($"adding 3 days for {user}"));
            Assert.That(_env.Recorder.Calls.Last().CallerId, Is.EqualTo(user), "a workflow activity's calls run as the workflow user, whatever id it asks for");
        });
    }

    [Test]
    public void A_workflow_activity_refusal_and_bad_inputs()
    {
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _env.RunWorkflowActivity("Mci.Emulator.Tests.Plugins.AddDays", new Dictionary<string, object?> { ["Start"] = DateTime.UtcNow, ["Days"] = -1 }))!;
        Assert.That(e.Detail.Message, Is.EqualTo("Days must not be negative. 天数不能为负数。"));
        Assert.Throws<ArgumentException>(() => _env.RunWorkflowActivity("AddDays", new Dictionary<string, object?> { ["Days"] = 1 }), "Start is a required argument");
        Assert.Throws<ArgumentException>(() => _env.RunWorkflowActivity("AddDays", new Dictionary<string, object?> { ["Start"] = DateTime.UtcNow, ["Weeks"] = 1 }));
        Assert.Throws<ArgumentException>(() => _env.RunWorkflowActivity("NoSuchActivity"));
    }

    [Test]
    public void The_recorder_counts_calls_by_plugins_per_operation()
    {
        var parent = _env.AdminService.CreateParent("P");
        var mark = _env.Recorder.Mark();
        _env.AdminService.Create(new Entity("test_child") { ["test_name"] = "c", ["test_parentid"] = new EntityReference("test_parent", parent) });
        Assert.Multiple(() =>
        {
            Assert.That(mark.Calls.Count(c => !c.ByPlugin), Is.EqualTo(1), "one round trip from the caller");
            Assert.That(mark.PluginCalls.Select(c => c.Message), Is.EqualTo(new[] { "Retrieve", "Update" }), "ChildRollup's two calls");
            Assert.That(mark.PluginCalls.All(c => c.CalledBy == "Mci.Emulator.Tests.Plugins.ChildRollup" && c.Depth == 2 && c.Table == "test_parent" && c.Id == parent), Is.True);
            Assert.That(mark.PluginCalls.All(c => c.CallerId == _env.AdministratorId), Is.True);
            Assert.That(mark.Executions.Select(x => (x.PluginType.Split('.').Last(), x.Stage)), Does.Contain(("ChildRollup", PipelineStage.PostOperation)));
            Assert.That(mark.Executions.All(x => x.Duration > TimeSpan.Zero), Is.True);
            Assert.That(mark.Executions.Single(x => x.PluginType.EndsWith("ChildRollup", StringComparison.Ordinal)).Trace, Does.StartWith("run 1"));
        });
        Assert.That(mark.Calls.First().Id, Is.EqualTo(_env.All("test_child").Single().Id), "a Create's call carries the id it got");
        var failed = _env.Recorder.Mark();
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _env.AdminService.Create(new Entity("test_child") { ["test_name"] = "refuse-prevalidation" }));
        Assert.That(failed.Calls.Single().Succeeded, Is.False);
        Assert.That(failed.Executions.Single(x => !x.Succeeded).Error, Does.StartWith("Refused"));
    }

    [Test]
    public void Seed_writes_rows_without_the_pipeline_validated_and_active()
    {
        Probe.Records.Clear();
        var mark = _env.Recorder.Mark();
        var ids = _env.Seed(Enumerable.Range(0, 3).Select(i => new Entity("test_parent") { ["test_name"] = "seeded " + i }));
        Assert.Multiple(() =>
        {
            Assert.That(ids.Select(id => _env.Peek("test_parent", id)!.GetAttributeValue<string>("test_name")), Is.EqualTo(new[] { "seeded 0", "seeded 1", "seeded 2" }));
            Assert.That(_env.Peek("test_parent", ids[0])!.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(0), "active, as a create would make it");
            Assert.That(Probe.Records, Is.Empty, "no plug-in ran");
            Assert.That(mark.Calls, Is.Empty, "not recorded");
            Assert.That(_env.AdminService.RetrieveMultiple(new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_name") }).Entities, Has.Count.EqualTo(3));
        });
        Assert.Throws<InvalidOperationException>(() => _env.Seed(new[] { new Entity("test_parent") { ["test_nothing"] = 1 } }), "columns are still checked");
    }

    [Test]
    public void Loading_plugins_from_a_directory_and_reporting_missing_ones()
    {
        var fromDirectory = Dataverse.Load(TestEnvironment.FixtureFolder, Options(AppContext.BaseDirectory));
        Assert.That(fromDirectory.MissingPluginTypes, Is.Empty);
        var withoutPlugins = Dataverse.Load(TestEnvironment.FixtureFolder, Options());
        Assert.That(withoutPlugins.MissingPluginTypes, Is.Not.Empty);
        var e = Assert.Throws<InvalidOperationException>(() => withoutPlugins.AdminService.CreateParent("x"))!;
        Assert.That(e.Message, Does.Contain("is not loaded"));
        Assert.Throws<FileNotFoundException>(() => Dataverse.Load(TestEnvironment.FixtureFolder, Options("/nowhere/Plugins.dll")));

        static DataverseOptions Options(params string[] paths)
        {
            var options = new DataverseOptions();
            foreach (var p in paths) options.AssemblyPaths.Add(p);
            foreach (var (id, name) in TestEnvironment.FixtureMessages) options.SdkMessages[id] = name;
            return options;
        }
    }

    [Test]
    public void The_real_solution_runs_a_seller_scenario()
    {
        var folder = Path.Combine(TestEnvironment.RepoRoot, "Solution", "src");
        if (!Directory.Exists(Path.Combine(folder, "Entities"))) Assert.Ignore("Solution/src has no tables yet.");
        var plugins = System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(TestEnvironment).Assembly).Single(a => a.Key == "PluginAssemblies").Value!.Split(';');
        var env = Dataverse.Load(folder, plugins);
        var seller = env.CreateUser("Seller", "seller@mci.test", new[] { "MCI Seller", "Salesperson" }, uiLanguageId: 2052);
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => env.Service(env.CreateUser("Only MCI", roles: new[] { "MCI Seller" })).Create(new Entity("opportunity") { ["name"] = "x" }), "MCI Seller adds to a standard sales role");
        var svc = env.Service(seller);
        var branch = env.AdminService.Create(new Entity("mci_branch") { ["mci_name"] = "East" });
        var id = svc.Create(new Entity("opportunity") { ["name"] = "Deal", ["estimatedvalue"] = new Money(1000m), ["mci_branchid"] = new EntityReference("mci_branch", branch) });
        var read = svc.Retrieve("opportunity", id, new ColumnSet("mci_branchid", "estimatedvalue"));
        Assert.That(read.GetAttributeValue<EntityReference>("mci_branchid").Name, Is.EqualTo("East"));
        Assert.That(env.GetEnvironmentVariable("mci_DefaultMinimumPartnerMargin"), Is.EqualTo("10"));
    }
}
