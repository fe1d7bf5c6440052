using System.Text.RegularExpressions;
using Mci.Cli.Scenarios;

namespace Mci.Cli.Tests;

/// <summary>
/// docs/scenarios.md documents the contract: its example must pass and its table of steps must be the registered step
/// kinds (Cli/Scenarios/Steps, <see cref="StepKinds"/>): a new step kind fails here until it has its row.
/// </summary>
public class ScenarioDocTests
{
    private static string Section(string heading)
    {
        var doc = File.ReadAllText(Path.Combine(Mci.RepoRoot, "docs", "scenarios.md"));
        var section = doc.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        Assert.That(section, Is.GreaterThan(0), $"docs/scenarios.md has a section \"## {heading}\"");
        var end = doc.IndexOf("\n## ", section + 1, StringComparison.Ordinal);
        return doc[section..(end < 0 ? doc.Length : end)];
    }

    [Test]
    public void The_documented_example_scenario_is_valid_and_passes()
    {
        var section = Section("An example");
        var start = section.IndexOf("```json", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the example is a ```json block");
        start += "```json".Length;
        var end = section.IndexOf("```", start, StringComparison.Ordinal);
        using var temp = new TempFolder();
        var run = Mci.Run(new CliSettings { RepoRoot = Mci.RepoRoot }, "simulate", temp.File("example.json", section[start..end]));
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
    }

    [Test]
    public void The_documented_table_of_steps_lists_each_step_kind_with_its_keys()
    {
        // Rows such as: | `"create": "TABLE"` | `values`, `alias`, `as`, `fails` | creates a record ... |
        var rows = Regex.Matches(Section("Steps"), @"^\| `""(?<kind>\w+)"": ""[A-Z]+""` \|(?<keys>[^|]*)\|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups["kind"].Value, m => Regex.Matches(m.Groups["keys"].Value, "`(\\w+)`").Select(k => k.Groups[1].Value).OrderBy(k => k, StringComparer.Ordinal).ToList());
        Assert.That(rows.Keys, Is.EqualTo(StepKinds.All.Select(k => k.Key)), "one row per step kind, in the registry's order");
        foreach (var kind in StepKinds.All)
        {
            var keys = kind.Keys.Concat(kind.Acts ? new[] { "as", "fails" } : Array.Empty<string>()).OrderBy(k => k, StringComparer.Ordinal);
            Assert.That(rows[kind.Key], Is.EqualTo(keys), $"the keys of a {kind.Key} step");
        }
    }
}
