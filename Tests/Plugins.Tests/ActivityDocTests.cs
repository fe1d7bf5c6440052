using System.Reflection;
using System.Text.RegularExpressions;

namespace Mci.Plugins.Tests;

/// <summary>docs/developer-guide.md, "Workflow activities": one row per activity the built assembly holds, naming its
/// input and output arguments exactly.</summary>
public class ActivityDocTests
{
    private static string Doc => Path.Combine(typeof(ActivityDocTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!, "docs", "developer-guide.md");

    /// <summary>Rows "| `Name` | inputs | outputs | what it does |" of the section's table: the backticked names of each column.</summary>
    private static Dictionary<string, (string[] Inputs, string[] Outputs)> Rows()
    {
        var doc = File.ReadAllText(Doc);
        var start = doc.IndexOf("\n## Workflow activities\n", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), "docs/developer-guide.md has a section \"## Workflow activities\"");
        var end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = doc[start..(end < 0 ? doc.Length : end)];
        static string[] Names(string cell) => Regex.Matches(cell, @"`(\w+)`").Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        return Regex.Matches(section, @"^\| `(?<name>\w+)` \|(?<in>[^|]*)\|(?<out>[^|]*)\|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups["name"].Value, m => (Names(m.Groups["in"].Value), Names(m.Groups["out"].Value)));
    }

    [Test]
    public void The_table_of_workflow_activities_names_each_activity_and_its_arguments()
    {
        var world = new World();
        var rows = Rows();
        var activities = world.Env.Activities.Activities;
        Assert.That(activities, Is.Not.Empty, "the built Workflows assembly is loaded");
        Assert.That(rows.Keys.OrderBy(k => k, StringComparer.Ordinal), Is.EqualTo(activities.Select(a => a.Name).OrderBy(n => n, StringComparer.Ordinal)),
            "one row per activity");
        Assert.Multiple(() =>
        {
            foreach (var activity in activities)
            {
                var row = rows[activity.Name];
                var inputs = activity.Arguments.Values.Where(a => a.IsInput).Select(a => a.Name).OrderBy(n => n, StringComparer.Ordinal);
                var outputs = activity.Arguments.Values.Where(a => a.IsOutput).Select(a => a.Name).OrderBy(n => n, StringComparer.Ordinal);
                Assert.That(row.Inputs, Is.EqualTo(inputs), $"the inputs of {activity.Name}");
                Assert.That(row.Outputs, Is.EqualTo(outputs), $"the outputs of {activity.Name}");
            }
        });
    }
}
