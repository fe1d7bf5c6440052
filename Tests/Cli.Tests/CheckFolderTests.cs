using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mci.Cli.Tests;

/// <summary>
/// `mci check FOLDER --json`: what pac-deploy.ps1 asks mci for before it packs (solution name, version, environment variables,
/// connection references, issues) instead of reading Solution/src's XML itself. The Pester tests of the script serve
/// Tests/Deploy/fixture/check.json through their fake dotnet; a test here holds that file to what mci writes.
/// </summary>
public class CheckFolderTests
{
    private static string SolutionSource => Path.Combine(Mci.RepoRoot, "Solution", "src");
    private static string DeployFixture => Path.Combine(Mci.RepoRoot, "Tests", "Deploy", "fixture");
    private const string UnknownMessageId = "0a0a0a0a-0000-4000-8000-000000000001";

    [Test]
    public void Check_of_Solution_src_exits_0_and_leaves_the_built_assemblies_to_the_pack()
    {
        using var temp = new TempFolder();
        var json = Path.Combine(temp.Path, "check.json");
        var run = Mci.Run("check", SolutionSource, "--json", json);
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        var doc = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Multiple(() =>
        {
            Assert.That(run.Out, Does.Contain("No dangling reference."));
            Assert.That(run.Out, Does.Contain("is a build output the pack maps in"), "the assemblies are noted, not refused");
            Assert.That(doc["folder"]!.GetValue<string>(), Is.EqualTo(Path.GetFullPath(SolutionSource)));
            Assert.That(doc["zip"], Is.Null);
            Assert.That((doc["solution"]!["uniqueName"]!.GetValue<string>(), doc["canImport"]!.GetValue<bool>()), Is.EqualTo(("MciDataverse", true)));
            Assert.That(doc["environmentVariables"]!.AsArray().Select(v => v!["schemaName"]!.GetValue<string>()),
                Is.EquivalentTo(Directory.GetDirectories(Path.Combine(SolutionSource, "environmentvariabledefinitions")).Select(Path.GetFileName)));
        });
    }

    [Test]
    public void The_deploy_tests_fixture_json_is_what_mci_check_writes_for_the_fixture_folder()
    {
        using var temp = new TempFolder();
        var json = Path.Combine(temp.Path, "check.json");
        var folder = Path.Combine(DeployFixture, "Solution", "src");
        var run = Mci.Run("check", folder, "--json", json);
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        var actual = JsonNode.Parse(File.ReadAllText(json))!;
        actual["folder"] = "Tests/Deploy/fixture/Solution/src";
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(DeployFixture, "check.json")))!;
        Assert.That(actual.ToJsonString(), Is.EqualTo(expected.ToJsonString()),
            "Tests/Deploy/fixture/check.json is out of date: write it again with `dotnet run --project Cli -- check Tests/Deploy/fixture/Solution/src --json Tests/Deploy/fixture/check.json` (and make \"folder\" relative)");
        var reference = actual["connectionReferences"]!.AsArray().Single()!;
        Assert.That((reference["logicalName"]!.GetValue<string>(), reference["connectorId"]!.GetValue<string>()),
            Is.EqualTo(("mci_DataverseConnection", "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps")));
        Assert.That(run.Out, Does.Contain("mci_DataverseConnection: connector /providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps"));
    }

    /// <summary>A copy of Solution/src with one step moved to a message id without a public source.</summary>
    private static (string Folder, string StepName) BrokenCopy(TempFolder temp)
    {
        var folder = Path.Combine(temp.Path, "src");
        PackTests.CopyFolder(SolutionSource, folder);
        var step = Directory.GetFiles(Path.Combine(folder, "SdkMessageProcessingSteps"), "*.xml").OrderBy(f => f, StringComparer.Ordinal).First();
        var xml = File.ReadAllText(step);
        File.WriteAllText(step, Regex.Replace(xml, "<SdkMessageId>[^<]*</SdkMessageId>", $"<SdkMessageId>{UnknownMessageId}</SdkMessageId>"));
        return (folder, Regex.Match(xml, "Name=\"([^\"]*)\"").Groups[1].Value);
    }

    [Test]
    public void Check_of_a_folder_with_a_step_on_an_unknown_message_exits_1_naming_the_step_and_the_id()
    {
        using var temp = new TempFolder();
        var (folder, stepName) = BrokenCopy(temp);
        var json = Path.Combine(temp.Path, "check.json");
        var run = Mci.Run("check", folder, "--json", json);
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        var issues = JsonNode.Parse(File.ReadAllText(json))!["issues"]!.AsArray();
        Assert.That(issues.Select(i => $"{i!["where"]}: {i["message"]}"), Has.Exactly(1).StartsWith($"step '{stepName}': names SdkMessageId {UnknownMessageId}, which is not a message with a published id"));
    }

    [Test]
    public void Pack_refuses_a_step_on_an_unknown_message_naming_the_step_and_the_id()
    {
        using var temp = new TempFolder();
        var (folder, stepName) = BrokenCopy(temp);
        var map = temp.File("map.xml", "<Mapping />");
        var zip = Path.Combine(temp.Path, "x.zip");
        var run = Mci.Run("pack", "--folder", folder, "--zipfile", zip, "--map", map, "-same");
        Assert.That(run.Exit, Is.Not.EqualTo(0), run.ToString());
        Assert.That(run.Err.Replace("\n", "", StringComparison.Ordinal), Does.Contain($"step '{stepName}' names SdkMessageId '{UnknownMessageId}', which is not a message with a published id"));
        Assert.That(File.Exists(zip), Is.False, "nothing packed");
    }

    [Test]
    public void Check_of_a_folder_that_is_not_a_solution_exits_2_saying_why()
    {
        using var temp = new TempFolder();
        var json = Path.Combine(temp.Path, "check.json");
        var run = Mci.Run("check", temp.Path, "--json", json);
        Assert.That(run.Exit, Is.EqualTo(2), run.ToString());
        Assert.That(run.Err.Replace("\n", "", StringComparison.Ordinal), Does.Contain($"cannot check {temp.Path}"));
        var doc = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.That((doc["exitCode"]!.GetValue<int>(), doc["error"]!.GetValue<string>().Length > 0, doc["solution"]), Is.EqualTo((2, true, (JsonNode?)null)));
    }
}
