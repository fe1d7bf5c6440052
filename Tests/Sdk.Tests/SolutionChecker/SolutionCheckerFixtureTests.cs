using System.Text.RegularExpressions;
using Mci.SolutionModel;
using Mci.Sdk.Tests.Metadata;

namespace Mci.Sdk.Tests.SolutionChecker;

/// <summary>
/// Shows that every check of <see cref="SolutionCheckerTests"/> can fail: each runs on small assemblies compiled here
/// (or steps made here) that break its rule in the ways the rule names, and on a compliant twin that it must let pass.
/// </summary>
[TestFixture]
public class SolutionCheckerFixtureTests
{
    /// <summary>A plug-in class with the given members and Execute body, in a fixture assembly.</summary>
    private static BuiltAssembly Plugin(string name, string body, string members = "") => FixtureCompiler.Compile("Fixture." + Regex.Replace(name, "[^A-Za-z0-9]+", "_"), $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Crm.Sdk.Messages;
        using Microsoft.Xrm.Sdk;
        using Microsoft.Xrm.Sdk.Messages;
        using Microsoft.Xrm.Sdk.Query;

        namespace Fixture
        {
            public sealed class FixturePlugin : IPlugin
            {
                {{members}}

                public void Execute(IServiceProvider serviceProvider)
                {
                    var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext));
                    var service = (IOrganizationService)serviceProvider.GetService(typeof(IOrganizationService));
                    {{body}}
                }
            }
        }
        """);

    private static TestCaseData Case(string name, string body, string expected, string members = "") =>
        new TestCaseData(name, body, members, expected).SetName(name);

    private static void AssertFlags(IEnumerable<string> violations, string expected)
    {
        var list = violations.ToList();
        Assert.That(list, Has.Some.Contains(expected), "found:\n  " + string.Join("\n  ", list));
    }

    private static void AssertPasses(IEnumerable<string> violations) => Assert.That(violations.ToList(), Is.Empty);

    // ---------------------------------------------------------------- il-avoid-batch-plugin

    private static IEnumerable<TestCaseData> BatchRequests()
    {
        yield return Case("ExecuteMultipleRequest", "service.Execute(new ExecuteMultipleRequest());", "Microsoft.Xrm.Sdk.Messages.ExecuteMultipleRequest");
        yield return Case("ExecuteTransactionRequest", "service.Execute(new ExecuteTransactionRequest());", "Microsoft.Xrm.Sdk.Messages.ExecuteTransactionRequest");
        yield return Case("CreateMultipleRequest", "service.Execute(new CreateMultipleRequest());", "Microsoft.Xrm.Sdk.Messages.CreateMultipleRequest");
        yield return Case("UpdateMultipleRequest", "service.Execute(new UpdateMultipleRequest());", "Microsoft.Xrm.Sdk.Messages.UpdateMultipleRequest");
        yield return Case("UpsertMultipleRequest", "service.Execute(new UpsertMultipleRequest());", "Microsoft.Xrm.Sdk.Messages.UpsertMultipleRequest");
        yield return Case("CreateMultiple by name", "service.Execute(new OrganizationRequest(\"CreateMultiple\"));", "named \"CreateMultiple\"");
        yield return Case("UpdateMultiple by RequestName", "var r = new OrganizationRequest { RequestName = \"UpdateMultiple\" }; r[\"Targets\"] = new EntityCollection(); service.Execute(r);", "named \"UpdateMultiple\"");
        yield return Case("DeleteMultiple by name through a local", "var name = \"DeleteMultiple\"; service.Create(new Entity(\"task\")); service.Execute(new OrganizationRequest(name));", "named \"DeleteMultiple\"");
        yield return Case("ExecuteMultiple in a helper class", "Helper.Send(service);", "Microsoft.Xrm.Sdk.Messages.ExecuteMultipleRequest",
            "private static class Helper { public static void Send(IOrganizationService s) { s.Execute(new ExecuteMultipleRequest()); } }");
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoBatchOrBulkRequests))]
    [TestCaseSource(nameof(BatchRequests))]
    public void BatchOrBulkRequestIsFlagged(string name, string body, string members, string expected) =>
        AssertFlags(AssemblyChecks.BatchAndBulkRequests(Plugin(name, body, members)), expected);

    [Test]
    public void SingleRequestsAndAMessageNameComparisonPass() =>
        AssertPasses(AssemblyChecks.BatchAndBulkRequests(Plugin("SingleRequests", """
            if (context.MessageName == "CreateMultiple" || context.MessageName == "UpdateMultiple") return;
            service.Create(new Entity("account"));
            service.Execute(new UpdateRequest());
            service.Execute(new OrganizationRequest("mci_Recalculate"));
            """)));

    // ---------------------------------------------------------------- il-avoid-specialized-update-ops

    private static IEnumerable<TestCaseData> SpecializedRequests()
    {
        yield return Case("AssignRequest", "service.Execute(new AssignRequest());", "Microsoft.Crm.Sdk.Messages.AssignRequest");
        yield return Case("SetStateRequest", "service.Execute(new SetStateRequest());", "Microsoft.Crm.Sdk.Messages.SetStateRequest");
        yield return Case("SetParentSystemUserRequest", "service.Execute(new SetParentSystemUserRequest());", "Microsoft.Crm.Sdk.Messages.SetParentSystemUserRequest");
        yield return Case("SetBusinessSystemUserRequest", "service.Execute(new SetBusinessSystemUserRequest());", "Microsoft.Crm.Sdk.Messages.SetBusinessSystemUserRequest");
        yield return Case("SetState by name", "service.Execute(new OrganizationRequest(\"SetState\"));", "named \"SetState\"");
        yield return Case("Assign by RequestName", "service.Execute(new OrganizationRequest { RequestName = \"Assign\" });", "named \"Assign\"");
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoSpecializedUpdateRequests))]
    [TestCaseSource(nameof(SpecializedRequests))]
    public void SpecializedUpdateRequestIsFlagged(string name, string body, string members, string expected) =>
        AssertFlags(AssemblyChecks.SpecializedUpdateRequests(Plugin(name, body, members)), expected);

    [Test]
    public void UpdateOfOwnerAndStatePasses() =>
        AssertPasses(AssemblyChecks.SpecializedUpdateRequests(Plugin("UpdateOwner", """
            if (context.MessageName == "Assign" || context.MessageName == "SetState") return;
            service.Execute(new UpdateRequest());
            """)));

    // ---------------------------------------------------------------- il-avoid-parallel-plugin

    private static IEnumerable<TestCaseData> ParallelCode()
    {
        yield return Case("Task.Run", "Task.Run(() => service.Create(new Entity(\"task\"))).Wait();", "System.Threading.Tasks.Task");
        yield return Case("Task.Factory.StartNew", "Task.Factory.StartNew(() => { }).Wait();", "System.Threading.Tasks.TaskFactory");
        yield return Case("Parallel.ForEach", "Parallel.ForEach(new[] { 1, 2 }, i => service.Create(new Entity(\"task\")));", "System.Threading.Tasks.Parallel");
        yield return Case("new Thread", "var t = new Thread(() => { }); t.Start(); t.Join();", "System.Threading.Thread");
        yield return Case("ThreadPool", "ThreadPool.QueueUserWorkItem(_ => { });", "System.Threading.ThreadPool");
        yield return Case("Timer", "using (var t = new Timer(_ => { }, null, 0, 10)) { }", "System.Threading.Timer");
        yield return Case("PLINQ", "var n = new[] { 1, 2 }.AsParallel().Sum();", "System.Linq.ParallelEnumerable");
        yield return Case("BeginInvoke", "Action a = () => { }; a.EndInvoke(a.BeginInvoke(null, null));", "BeginInvoke");
        yield return Case("async method", "Work().GetAwaiter().GetResult();", "AsyncTaskMethodBuilder",
            "private static async Task Work() { await Task.Yield(); }");
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoParallelExecution))]
    [TestCaseSource(nameof(ParallelCode))]
    public void ParallelExecutionIsFlagged(string name, string body, string members, string expected) =>
        AssertFlags(AssemblyChecks.ParallelExecution(Plugin(name, body, members)), expected);

    [Test]
    public void SequentialCodePasses() =>
        AssertPasses(AssemblyChecks.ParallelExecution(Plugin("Sequential", """
            foreach (var name in new[] { "a", "b" }.Where(n => n.Length > 0)) service.Create(new Entity(name));
            """)));

    // ---------------------------------------------------------------- il-avoid-lock-plugin

    private static IEnumerable<TestCaseData> LockingCode()
    {
        yield return Case("lock of a static member", "lock (Gate) { Count++; }", "System.Threading.Monitor",
            "private static readonly object Gate = new object(); private static int Count;");
        yield return Case("SemaphoreSlim", "Gate.Wait(); Gate.Release();", "System.Threading.SemaphoreSlim",
            "private static readonly SemaphoreSlim Gate = new SemaphoreSlim(1);");
        yield return Case("Synchronized method", "Locked();", "is [MethodImpl(MethodImplOptions.Synchronized)]",
            "[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.Synchronized)] private void Locked() { }");
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoLocks))]
    [TestCaseSource(nameof(LockingCode))]
    public void LockIsFlagged(string name, string body, string members, string expected) =>
        AssertFlags(AssemblyChecks.Locks(Plugin(name, body, members)), expected);

    [Test]
    public void CodeWithoutLocksPasses() =>
        AssertPasses(AssemblyChecks.Locks(Plugin("NoLocks", "service.Create(new Entity(\"task\"));")));

    // ---------------------------------------------------------------- il-specify-column

    private static IEnumerable<TestCaseData> AllColumnsCode()
    {
        yield return Case("ColumnSet(true)", "var columns = new ColumnSet(true);", "ColumnSet::.ctor(bool)");
        yield return Case("AllColumns setter", "var columns = new ColumnSet { AllColumns = true };", "ColumnSet::set_AllColumns");
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoAllColumnsQueries))]
    [TestCaseSource(nameof(AllColumnsCode))]
    public void AllColumnsIsFlagged(string name, string body, string members, string expected) =>
        AssertFlags(AssemblyChecks.AllColumns(Plugin(name, body, members)), expected);

    [Test]
    public void NamedColumnsPass() =>
        AssertPasses(AssemblyChecks.AllColumns(Plugin("NamedColumns", "var columns = new ColumnSet(\"name\", \"ownerid\"); var none = new ColumnSet();")));

    // ---------------------------------------------------------------- il-avoid-unpub-metadata

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoUnpublishedMetadataReads))]
    [Test]
    public void RetrieveAsIfPublishedIsFlagged() =>
        AssertFlags(AssemblyChecks.UnpublishedMetadata(Plugin("Unpublished",
            "service.Execute(new RetrieveEntityRequest { LogicalName = \"account\", RetrieveAsIfPublished = true });")),
            "Microsoft.Xrm.Sdk.Messages.RetrieveEntityRequest.RetrieveAsIfPublished");

    [Test]
    public void PublishedMetadataReadPasses() =>
        AssertPasses(AssemblyChecks.UnpublishedMetadata(Plugin("Published", "service.Execute(new RetrieveEntityRequest { LogicalName = \"account\" });")));

    // ---------------------------------------------------------------- il-turn-off-keepalive (no outbound HTTP)

    private static IEnumerable<TestCaseData> HttpCode()
    {
        yield return Case("HttpClient", "using (var http = new System.Net.Http.HttpClient()) { }", "System.Net.Http.HttpClient");
        yield return Case("WebRequest", "var request = System.Net.WebRequest.Create(\"https://example.invalid/\");", "System.Net.WebRequest");
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoOutboundHttp))]
    [TestCaseSource(nameof(HttpCode))]
    public void OutboundHttpIsFlagged(string name, string body, string members, string expected) =>
        AssertFlags(AssemblyChecks.OutboundHttp(Plugin(name, body, members)), expected);

    // ---------------------------------------------------------------- stateless plug-ins and activities

    private static IEnumerable<TestCaseData> StatefulPlugins()
    {
        yield return Case("service kept in a field", "this.service = service;", "instance field service",
            "private IOrganizationService service;");
        yield return Case("context kept in an auto-property", "Context = context;", "instance field <Context>k__BackingField",
            "internal IPluginExecutionContext Context { get; set; }");
        yield return Case("readonly cache", "cache.Add(context.MessageName);", "readonly field cache of mutable type",
            "private readonly List<string> cache = new List<string>();");
        yield return Case("static counter", "calls++;", "static field calls", "private static int calls;");
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.PluginClassesKeepNoState))]
    [TestCaseSource(nameof(StatefulPlugins))]
    public void StatefulPluginIsFlagged(string name, string body, string members, string expected) =>
        AssertFlags(AssemblyChecks.StatefulPluginFields(Plugin(name, body, members)), expected);

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.PluginClassesKeepNoState))]
    [Test]
    public void StateInABaseClassOrAnActivityIsFlagged()
    {
        var assembly = FixtureCompiler.Compile("Fixture.StatefulBases", """
            using System;
            using System.Activities;
            using Microsoft.Xrm.Sdk;
            namespace Fixture
            {
                public abstract class PluginBase : IPlugin
                {
                    protected IOrganizationService Service;
                    public abstract void Execute(IServiceProvider serviceProvider);
                }
                public sealed class DerivedPlugin : PluginBase { public override void Execute(IServiceProvider serviceProvider) { } }
                public sealed class CountingActivity : CodeActivity
                {
                    private int runs;
                    protected override void Execute(CodeActivityContext context) { runs++; }
                }
            }
            """);
        var violations = AssemblyChecks.StatefulPluginFields(assembly).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(violations, Has.Some.Contains("plug-in Fixture.PluginBase has instance field Service"));
            Assert.That(violations, Has.Some.Contains("workflow activity Fixture.CountingActivity has instance field runs"));
        });
    }

    [Test]
    public void ConfigurationConstantsStaticReadonlyAndActivityArgumentsPass()
    {
        var assembly = FixtureCompiler.Compile("Fixture.Stateless", """
            using System;
            using System.Activities;
            using System.Collections.Generic;
            using Microsoft.Xrm.Sdk;
            namespace Fixture
            {
                public enum Mode { Strict, Lenient }
                public sealed class ConfiguredPlugin : IPlugin
                {
                    public const string Message = "Update";
                    private static readonly IReadOnlyList<string> Columns = new[] { "name" };
                    private readonly string unsecure;
                    private readonly Mode mode;
                    private readonly decimal? limit;
                    public ConfiguredPlugin(string unsecure, string secure) { this.unsecure = unsecure; mode = Mode.Strict; limit = 10m; }
                    protected string Secure { get; } = "";
                    public void Execute(IServiceProvider serviceProvider) { }
                }
                public sealed class ArgumentsActivity : CodeActivity
                {
                    public InArgument<string> Name { get; set; }
                    public OutArgument<decimal> Total { get; set; }
                    protected override void Execute(CodeActivityContext context) { }
                }
                public sealed class NotAPlugin { private int counter; public void Add() { counter++; } }
            }
            """);
        AssertPasses(AssemblyChecks.StatefulPluginFields(assembly));
    }

    // ---------------------------------------------------------------- console, environment variable service, reflection

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoConsoleOutput))]
    [Test]
    public void ConsoleOutputIsFlagged() =>
        AssertFlags(AssemblyChecks.ConsoleOutput(Plugin("Console", "Console.WriteLine(context.MessageName);")), "System.Console");

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoEnvironmentVariableService))]
    [Test]
    public void EnvironmentVariableServiceIsFlagged() =>
        AssertFlags(AssemblyChecks.EnvironmentVariableService(Plugin("EnvironmentVariables",
            "var variables = (IEnvironmentVariableService)serviceProvider.GetService(typeof(IEnvironmentVariableService)); variables.RetrieveEnvironmentVariableValue(\"mci_x\");")),
            "Microsoft.Xrm.Sdk.IEnvironmentVariableService");

    private static IEnumerable<TestCaseData> ReflectionCode()
    {
        yield return Case("Type.GetType by name", "var t = Type.GetType(\"Microsoft.Crm.Workflow.SynchronousRuntime.WorkflowContext, Microsoft.Crm.Workflow\");", "System.Type.GetType");
        yield return Case("PropertyInfo.SetValue", "typeof(FixturePlugin).GetProperty(\"X\").SetValue(this, 1, null);", "System.Reflection.PropertyInfo.SetValue", "public int X { get { return 0; } set { } }");
        yield return Case("Activator", "var o = Activator.CreateInstance(typeof(FixturePlugin));", "System.Activator.CreateInstance");
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoLateBoundReflection))]
    [TestCaseSource(nameof(ReflectionCode))]
    public void LateBoundReflectionIsFlagged(string name, string body, string members, string expected) =>
        AssertFlags(AssemblyChecks.Reflection(Plugin(name, body, members)), expected);

    [Test]
    public void NamingTheOwnTypePasses() =>
        AssertPasses(AssemblyChecks.Reflection(Plugin("OwnName", "var name = GetType().FullName + typeof(Entity).Name;")));

    // ---------------------------------------------------------------- registrations (meta-*)

    private static StepDefinition Step(string message, string table, int stage = 40, int mode = 0, string filtering = "", string type = "Fixture.FixturePlugin") =>
        new(Guid.NewGuid(), $"{type}: {message} of {table}")
        {
            Source = $"{{{Guid.NewGuid()}}}.xml", Message = message, PrimaryEntity = table, DeclaredStage = stage, DeclaredMode = mode, DeclaredRank = 1,
            FilteringAttributes = filtering.Split(',', StringSplitOptions.RemoveEmptyEntries), PluginTypeId = Guid.NewGuid(), PluginTypeQualifiedName = type + ", Fixture",
            AssemblyName = "Fixture", EventHandlerTypeCode = 4602,
        };

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoDuplicateStepRegistrations))]
    [Test]
    public void DuplicateRegistrationsAreFlagged()
    {
        Assert.Multiple(() =>
        {
            AssertFlags(RegistrationChecks.DuplicateRegistrations([Step("Update", "account", filtering: "name"), Step("Update", "account", filtering: "telephone1")]),
                "Fixture.FixturePlugin runs 2 times for one Update of account");
            AssertFlags(RegistrationChecks.DuplicateRegistrations([Step("Create", "account"), Step("CreateMultiple", "account")]),
                "runs 2 times for one Create of account");
        });
        AssertPasses(RegistrationChecks.DuplicateRegistrations([Step("Create", "account"), Step("Update", "account", filtering: "name"),
            Step("Create", "account", stage: 20), Step("Create", "contact"), Step("Create", "account", type: "Fixture.Other")]));
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.UpdateStepsHaveFilteringAttributes))]
    [Test]
    public void UpdateStepWithoutFilteringAttributesIsFlagged()
    {
        AssertFlags(RegistrationChecks.UpdateStepsWithoutFilteringAttributes([Step("Update", "account")]), "runs on every update of account");
        AssertFlags(RegistrationChecks.UpdateStepsWithoutFilteringAttributes([Step("UpdateMultiple", "account")]), "runs on every update of account");
        AssertPasses(RegistrationChecks.UpdateStepsWithoutFilteringAttributes([Step("Update", "account", filtering: "name"), Step("Create", "account")]));
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoRetrieveSteps))]
    [Test]
    public void RetrieveStepsAreFlagged()
    {
        AssertFlags(RegistrationChecks.RetrieveSteps([Step("Retrieve", "account")]), "runs on Retrieve of account");
        AssertFlags(RegistrationChecks.RetrieveSteps([Step("RetrieveMultiple", "contact")]), "runs on RetrieveMultiple of contact");
        AssertPasses(RegistrationChecks.RetrieveSteps([Step("Create", "account")]));
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoRetrieveMultipleOfAnnotationSteps))]
    [Test]
    public void RetrieveMultipleOfAnnotationIsFlagged()
    {
        AssertFlags(RegistrationChecks.RetrieveMultipleOfAnnotation([Step("RetrieveMultiple", "annotation", stage: 20)]), "RetrieveMultiple of annotation");
        AssertPasses(RegistrationChecks.RetrieveMultipleOfAnnotation([Step("Create", "annotation"), Step("RetrieveMultiple", "account")]));
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoCrm4StageSteps))]
    [Test]
    public void Crm4StageIsFlagged()
    {
        AssertFlags(RegistrationChecks.Crm4Stage([Step("Update", "account", stage: 50, filtering: "name")]), "stage 50");
        AssertPasses(RegistrationChecks.Crm4Stage([Step("Update", "account", stage: 40, filtering: "name"), Step("Create", "account", stage: 10)]));
    }

    [ProvesCheckCanFail(nameof(SolutionCheckerTests.NoInactiveSteps))]
    [Test]
    public void InactiveStepIsFlagged()
    {
        AssertFlags(RegistrationChecks.InactiveSteps([Step("Create", "account") with { StateCode = 1 }]), "shipped disabled");
        AssertPasses(RegistrationChecks.InactiveSteps([Step("Create", "account")]));
    }
}
