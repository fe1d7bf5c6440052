using System.Reflection;
using System.Runtime.Loader;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Mci.Cli.Scenarios;
using Mci.Tests;

namespace Mci.Cli.Tests;

/// <summary>
/// `mci check ZIP` and `mci simulate --solution ZIP` on the two zips the build writes, and on copies broken on purpose:
/// what ships is what is checked and what is tested.
/// </summary>
public class CheckTests
{
    private static string Zip(bool managed) =>
        typeof(CheckTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BuiltZips").Value!
            .Split(';', StringSplitOptions.RemoveEmptyEntries).Single(z => z.EndsWith("_managed.zip", StringComparison.Ordinal) == managed);

    private static string Managed => Zip(true);

    /// <summary>The steps Solution/src declares: the count the check reports, whatever steps are added later.</summary>
    private static int DeclaredSteps => Directory.GetFiles(Path.Combine(Mci.RepoRoot, "Solution", "src", "SdkMessageProcessingSteps"), "*.xml").Length;

    [TestCase(true)]
    [TestCase(false)]
    public void Check_of_a_built_zip_exits_0_and_says_what_the_import_would_install(bool managed)
    {
        var run = Mci.Run("check", Zip(managed));
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(run.Out, Does.Contain($"MciDataverse 1.0.0.0, {(managed ? "managed" : "unmanaged")}, publisher mci (prefix mci)"));
            Assert.That(run.Out, Does.Contain("No dangling reference. The import would install:"));
            Assert.That(run.Out, Does.Contain("7 new tables").And.Contain("1 tables extended").And.Contain("5 security roles").And.Contain($"{DeclaredSteps} plug-in steps").And.Contain("3 workflow activities"));
            Assert.That(run.Out, Does.Contain("table opportunity (from msdynce_Sales"), "what the target must already have");
            Assert.That(run.Out, Does.Contain("mci_SalesExecutiveEmail (String, required): no default").And.Contain("mci_DefaultMinimumPartnerMargin (Number): default 10"));
            Assert.That(run.Err, Is.Empty);
        });
    }

    [Test]
    public void Check_json_gives_tools_the_solution_its_variables_and_its_issues()
    {
        using var temp = new TempFolder();
        var json = Path.Combine(temp.Path, "check.json");
        var run = Mci.Run("check", Managed, "--json", json);
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        var doc = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Multiple(() =>
        {
            Assert.That((doc["command"]!.GetValue<string>(), doc["exitCode"]!.GetValue<int>(), doc["canImport"]!.GetValue<bool>()), Is.EqualTo(("check", 0, true)));
            Assert.That((doc["solution"]!["uniqueName"]!.GetValue<string>(), doc["solution"]!["version"]!.GetValue<string>(), doc["solution"]!["managed"]!.GetValue<bool>()),
                Is.EqualTo(("MciDataverse", "1.0.0.0", true)));
            var variables = doc["environmentVariables"]!.AsArray();
            Assert.That(variables.Select(v => v!["schemaName"]!.GetValue<string>()), Is.EquivalentTo(new[] { "mci_DefaultMinimumPartnerMargin", "mci_EscalationLeadDays", "mci_SalesExecutiveEmail" }));
            var margin = variables.Single(v => v!["schemaName"]!.GetValue<string>() == "mci_DefaultMinimumPartnerMargin")!;
            Assert.That((margin["type"]!.GetValue<string>(), margin["typeCode"]!.GetValue<int>(), margin["defaultValue"]!.GetValue<string>(), margin["isRequired"]!.GetValue<bool>()),
                Is.EqualTo(("Number", 100000001, "10", false)));
            Assert.That(doc["connectionReferences"]!.AsArray().Select(r => r!["logicalName"]!.GetValue<string>()), Is.EqualTo(new[] { "mci_DataverseConnection" }), "the flow's connection reference, for the deployment's settings file");
            Assert.That(doc["issues"]!.AsArray(), Is.Empty);
            Assert.That(doc["unverified"]!.AsArray(), Is.Empty);
            Assert.That(doc["components"]!["plug-in steps"]!.GetValue<int>(), Is.EqualTo(DeclaredSteps));
        });
    }

    [Test]
    public void Check_of_a_zip_with_a_dangling_reference_exits_1_naming_the_component_and_the_missing_thing()
    {
        using var copy = new SolutionZipCopy(Managed);
        copy.Customizations(c => c.Element("Roles")!.Elements("Role").Single(r => (string?)r.Attribute("name") == "MCI Seller")
            .Element("RolePrivileges")!.Add(new XElement("RolePrivilege", new XAttribute("name", "prvReadmci_Gone"), new XAttribute("level", "Global"))));
        using var temp = new TempFolder();
        var json = Path.Combine(temp.Path, "check.json");
        var run = Mci.Run("check", copy.Save(), "--json", json);
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Err, Does.Contain("1 dangling reference(s): the import would fail or leave something broken."));
        Assert.That(run.Err.Replace("\n", "", StringComparison.Ordinal), Does.Contain("role 'MCI Seller': grants prvReadmci_Gone on table mci_Gone, which neither the zip nor the platform has."));
        Assert.That(run.Out, Does.Not.Contain("The import would install"));
        var doc = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.That((doc["exitCode"]!.GetValue<int>(), doc["canImport"]!.GetValue<bool>(), doc["issues"]!.AsArray().Count), Is.EqualTo((1, false, 1)));
    }

    [Test]
    public void Check_of_something_that_is_not_a_solution_zip_exits_2_saying_why()
    {
        using var copy = new SolutionZipCopy(Managed);
        var truncated = copy.SaveTruncated(Managed);
        var noCustomizations = copy.Remove("customizations.xml").Save();
        var cases = new (string Path, string Says)[]
        {
            (truncated, "is not a readable zip file"),
            (noCustomizations, "customizations.xml is missing"),
            (Path.Combine(copy.Folder, "nope.zip"), "Solution zip not found"),
            (copy.Folder, "is a folder, not a solution zip"),
        };
        Assert.Multiple(() =>
        {
            foreach (var (path, says) in cases)
            {
                var run = Mci.Run("check", path);
                Assert.That(run.Exit, Is.EqualTo(2), run.ToString());
                // Spectre wraps long lines at the terminal width: compare the text, not the layout.
                Assert.That(run.Err.Replace("\n", "", StringComparison.Ordinal), Does.Contain($"cannot check {path}").And.Contain(says), run.ToString());
            }
        });
        Assert.That(Mci.Run("check").Exit, Is.EqualTo(2), "the zip is required");
    }

    // ---------- simulate --solution ----------

    [Test]
    public void Simulate_solution_runs_the_samples_against_the_managed_zip()
    {
        var samples = Directory.GetFiles(Path.Combine(Mci.RepoRoot, "samples"), "*.json").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var run = Mci.Run(new[] { "simulate", "--solution", Managed }.Concat(samples).ToArray());
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain($"Solution: {Managed} (its metadata and the plug-in assemblies inside it)."));
        Assert.That(run.Out, Does.Contain($"{samples.Length} scenario(s)").And.Contain($"{samples.Length} passed, 0 failed"));
        Assert.That(run.Out, Does.Contain("WinGatePlugin Create/pre"), "the zip's plug-ins ran");
    }

    [Test]
    public void The_plug_ins_a_zip_run_is_simulated_with_are_the_net462_files_inside_it()
    {
        var host = ScenarioHost.ForZip(Managed);
        var env = host.NewEnvironment();
        Assert.That(env.MissingPluginTypes, Is.Empty, "every registered type is in the zip's assemblies");
        Assert.That(host.Metadata.Solution!.IsPacked, Is.True);
        var routing = host.Metadata.Steps.First(s => s.PluginTypeName == "Mci.Plugins.RoutingPlugin");
        var type = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => AssemblyLoadContext.GetLoadContext(a)?.Name?.StartsWith("packed:", StringComparison.Ordinal) == true)
            .Select(a => a.GetType(routing.PluginTypeName)).Single(t => t != null)!;
        Assert.Multiple(() =>
        {
            Assert.That(type.Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName, Is.EqualTo(".NETFramework,Version=v4.6.2"), "the sandbox build the zip carries");
            Assert.That(AssemblyLoadContext.GetLoadContext(type.Assembly)!.Name, Is.EqualTo("packed:" + Path.GetFileName(Managed)));
            Assert.That(host.Activities.Activities.Select(a => a.Type.Assembly).Distinct().Single(), Is.SameAs(
                AssemblyLoadContext.GetLoadContext(type.Assembly)!.Assemblies.Single(a => a.GetName().Name == "MciDataverse.Workflows")), "workflow activities from the zip too");
        });
    }

    [Test]
    public void Simulate_solution_with_a_missing_or_broken_zip_exits_2_and_runs_nothing()
    {
        using var copy = new SolutionZipCopy(Managed);
        var sample = Directory.GetFiles(Path.Combine(Mci.RepoRoot, "samples"), "*.json").First();
        var missing = Mci.Run("simulate", "--solution", Path.Combine(copy.Folder, "nope.zip"), sample);
        Assert.That(missing.Exit, Is.EqualTo(2), missing.ToString());
        Assert.That(missing.Err, Does.Contain("no such file"));
        var broken = Mci.Run("simulate", "--solution", copy.SaveTruncated(Managed), sample);
        Assert.That(broken.Exit, Is.EqualTo(2), broken.ToString());
        Assert.That(broken.Err.Replace("\n", "", StringComparison.Ordinal), Does.Contain("cannot load the solution or its assemblies").And.Contain("is not a readable zip file"));
        Assert.That(broken.Out, Does.Not.Contain("scenario(s)"));
    }
}
