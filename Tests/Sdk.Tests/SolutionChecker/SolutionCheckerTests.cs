using System.Collections.Concurrent;
using Mci.SolutionModel;
using Mci.Sdk.Tests.Metadata;

namespace Mci.Sdk.Tests.SolutionChecker;

/// <summary>Names the Power Apps solution checker rule (or, with <see cref="NoRuleId"/>, the Microsoft guidance without one)
/// a test enforces; docs/solution-checker.md lists the same pairs, which SolutionCheckerDocTests holds in step.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SolutionCheckerRuleAttribute(string ruleId) : Attribute
{
    public const string NoRuleId = "—";

    public string RuleId { get; } = ruleId;
}

/// <summary>Marks a test that shows the named check of <see cref="SolutionCheckerTests"/> fails on code that breaks its rule.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ProvesCheckCanFailAttribute(string check) : Attribute
{
    public string Check { get; } = check;
}

/// <summary>
/// The Power Apps solution checker's plug-in rules, applied before Dataverse does: to the net462 assemblies the solution
/// ships (read from disk with System.Reflection.Metadata, as the packer ships them) and to the steps in Solution/src.
/// One test per rule; SolutionCheckerFixtureTests shows each can fail.
/// </summary>
[TestFixture]
public class SolutionCheckerTests
{
    private static readonly ConcurrentDictionary<string, BuiltAssembly> Read = new();

    private static readonly object[] Deployables =
    [
        new object[] { "Plugins", "MciDataverse.Plugins" },
        new object[] { "Workflows", "MciDataverse.Workflows" },
    ];

    private static BuiltAssembly Deployable(string project, string assemblyName)
    {
        var path = Repo.Net462Output(project, assemblyName);
        Assert.That(File.Exists(path), Is.True, $"{path} was not built; Sdk.Tests builds it through a ProjectReference (TargetFramework=net462)");
        return Read.GetOrAdd(path, BuiltAssembly.Read);
    }

    private static IReadOnlyList<StepDefinition> Steps()
    {
        var steps = SolutionDefinition.ReadFolder(Path.Combine(Repo.Root, "Solution", "src")).Steps;
        Assert.That(steps, Is.Not.Empty, "Solution/src has no steps: the registration checks would pass on nothing");
        return steps;
    }

    private static void AssertNone(IEnumerable<string> violations, string rule)
    {
        var list = violations.ToList();
        Assert.That(list, Is.Empty, $"{rule}:\n  " + string.Join("\n  ", list));
    }

    [SolutionCheckerRule("il-avoid-batch-plugin")]
    [TestCaseSource(nameof(Deployables))]
    public void NoBatchOrBulkRequests(string project, string assemblyName) =>
        AssertNone(AssemblyChecks.BatchAndBulkRequests(Deployable(project, assemblyName)), "batch and bulk requests are not supported inside plug-ins and workflow activities");

    [SolutionCheckerRule("il-avoid-specialized-update-ops")]
    [TestCaseSource(nameof(Deployables))]
    public void NoSpecializedUpdateRequests(string project, string assemblyName) =>
        AssertNone(AssemblyChecks.SpecializedUpdateRequests(Deployable(project, assemblyName)), "set owner, state and parents with Update");

    [SolutionCheckerRule("il-avoid-parallel-plugin")]
    [TestCaseSource(nameof(Deployables))]
    public void NoParallelExecution(string project, string assemblyName) =>
        AssertNone(AssemblyChecks.ParallelExecution(Deployable(project, assemblyName)), "plug-ins run in one thread inside one transaction");

    [SolutionCheckerRule("il-avoid-lock-plugin")]
    [TestCaseSource(nameof(Deployables))]
    public void NoLocks(string project, string assemblyName) =>
        AssertNone(AssemblyChecks.Locks(Deployable(project, assemblyName)), "a lock in a plug-in guards shared state, which a plug-in must not have");

    [SolutionCheckerRule("il-specify-column")]
    [TestCaseSource(nameof(Deployables))]
    public void NoAllColumnsQueries(string project, string assemblyName) =>
        AssertNone(AssemblyChecks.AllColumns(Deployable(project, assemblyName)), "never ColumnSet(true)");

    [SolutionCheckerRule("il-avoid-unpub-metadata")]
    [TestCaseSource(nameof(Deployables))]
    public void NoUnpublishedMetadataReads(string project, string assemblyName) =>
        AssertNone(AssemblyChecks.UnpublishedMetadata(Deployable(project, assemblyName)), "read published metadata only");

    [SolutionCheckerRule("il-turn-off-keepalive")]
    [TestCaseSource(nameof(Deployables))]
    public void NoOutboundHttp(string project, string assemblyName) =>
        AssertNone(AssemblyChecks.OutboundHttp(Deployable(project, assemblyName)), "MCI's plug-ins call no external host");

    [SolutionCheckerRule(SolutionCheckerRuleAttribute.NoRuleId)]
    [TestCaseSource(nameof(Deployables))]
    public void PluginClassesKeepNoState(string project, string assemblyName)
    {
        var assembly = Deployable(project, assemblyName);
        Assert.That(AssemblyChecks.PluginAndActivityClasses(assembly).ToList(), Is.Not.Empty, "no plug-in or activity class found: the check would pass on nothing");
        AssertNone(AssemblyChecks.StatefulPluginFields(assembly), "develop IPlugin implementations as stateless");
    }

    [SolutionCheckerRule(SolutionCheckerRuleAttribute.NoRuleId)]
    [TestCaseSource(nameof(Deployables))]
    public void NoConsoleOutput(string project, string assemblyName) =>
        AssertNone(AssemblyChecks.ConsoleOutput(Deployable(project, assemblyName)), "trace with ITracingService, not the console");

    [SolutionCheckerRule(SolutionCheckerRuleAttribute.NoRuleId)]
    [TestCaseSource(nameof(Deployables))]
    public void NoEnvironmentVariableService(string project, string assemblyName) =>
        AssertNone(AssemblyChecks.EnvironmentVariableService(Deployable(project, assemblyName)), "IEnvironmentVariableService is internal: read environmentvariabledefinition/value by query");

    [SolutionCheckerRule(SolutionCheckerRuleAttribute.NoRuleId)]
    [TestCaseSource(nameof(Deployables))]
    public void NoLateBoundReflection(string project, string assemblyName) =>
        AssertNone(AssemblyChecks.Reflection(Deployable(project, assemblyName)), "no reflection in plug-ins and workflow activities");

    [SolutionCheckerRule("meta-remove-dup-reg")]
    [Test]
    public void NoDuplicateStepRegistrations() =>
        AssertNone(RegistrationChecks.DuplicateRegistrations(Steps()), "a plug-in registered twice for one event runs twice");

    [SolutionCheckerRule("meta-avoid-reg-no-attribute")]
    [Test]
    public void UpdateStepsHaveFilteringAttributes() =>
        AssertNone(RegistrationChecks.UpdateStepsWithoutFilteringAttributes(Steps()), "include filtering attributes with Update steps");

    [SolutionCheckerRule("meta-avoid-reg-retrieve")]
    [Test]
    public void NoRetrieveSteps() =>
        AssertNone(RegistrationChecks.RetrieveSteps(Steps()), "no plug-in on Retrieve or RetrieveMultiple");

    [SolutionCheckerRule("meta-avoid-retrievemultiple-annotation")]
    [Test]
    public void NoRetrieveMultipleOfAnnotationSteps() =>
        AssertNone(RegistrationChecks.RetrieveMultipleOfAnnotation(Steps()), "no plug-in on RetrieveMultiple of annotation");

    [SolutionCheckerRule("meta-avoid-crm4-event")]
    [Test]
    public void NoCrm4StageSteps() =>
        AssertNone(RegistrationChecks.Crm4Stage(Steps()), "no CRM 4.0 registration stage");

    [SolutionCheckerRule("meta-remove-inactive")]
    [Test]
    public void NoInactiveSteps() =>
        AssertNone(RegistrationChecks.InactiveSteps(Steps()), "ship no disabled step");
}
