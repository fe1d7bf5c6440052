using System.Text.RegularExpressions;
using Mci.Cli.Scenarios;

namespace Mci.Cli.Tests;

/// <summary>The README's scenario section documents the contract: its example must pass and its table of steps must be the registered step kinds.</summary>
public class ReadmeTests
{
    private static string ScenarioSection()
    {
        var readme = File.ReadAllText(Path.Combine(Mci.RepoRoot, "README.md"));
        var section = readme.IndexOf("### Scenario files", StringComparison.Ordinal);
        Assert.That(section, Is.GreaterThan(0), "README has the scenario file section");
        var end = readme.IndexOf("\n### ", section + 1, StringComparison.Ordinal);
        return readme[section..(end < 0 ? readme.Length : end)];
    }

    [Test]
    public void The_README_example_scenario_is_valid_and_passes()
    {
        var section = ScenarioSection();
        var start = section.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var end = section.IndexOf("```", start, StringComparison.Ordinal);
        using var temp = new TempFolder();
        var run = Mci.Run(new CliSettings { RepoRoot = Mci.RepoRoot }, "simulate", temp.File("readme.json", section[start..end]));
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
    }

    [Test]
    public void The_README_table_of_steps_lists_each_step_kind_with_its_keys()
    {
        // Rows such as: | `"create": "TABLE"` | `values`, `alias`, `as`, `fails` | creates a record ... |
        var rows = Regex.Matches(ScenarioSection(), @"^\| `""(?<kind>\w+)"": ""[A-Z]+""` \|(?<keys>[^|]*)\|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups["kind"].Value, m => Regex.Matches(m.Groups["keys"].Value, "`(\\w+)`").Select(k => k.Groups[1].Value).OrderBy(k => k, StringComparer.Ordinal).ToList());
        Assert.That(rows.Keys, Is.EqualTo(StepKinds.All.Select(k => k.Key)), "one row per step kind, in the registry's order");
        foreach (var kind in StepKinds.All)
        {
            var keys = kind.Keys.Concat(kind.Acts ? new[] { "as", "fails" } : Array.Empty<string>()).OrderBy(k => k, StringComparer.Ordinal);
            Assert.That(rows[kind.Key], Is.EqualTo(keys), $"the keys of a {kind.Key} step");
        }
    }
}
