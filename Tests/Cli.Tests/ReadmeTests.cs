namespace Mci.Cli.Tests;

/// <summary>The README's full scenario example is the contract's documentation: it must stay valid and pass.</summary>
public class ReadmeTests
{
    [Test]
    public void The_README_example_scenario_is_valid_and_passes()
    {
        var readme = File.ReadAllText(Path.Combine(Mci.RepoRoot, "README.md"));
        var section = readme.IndexOf("### Scenario files", StringComparison.Ordinal);
        Assert.That(section, Is.GreaterThan(0), "README has the scenario file section");
        var start = readme.IndexOf("```json", section, StringComparison.Ordinal) + "```json".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        using var temp = new TempFolder();
        var run = Mci.Run(new CliSettings { RepoRoot = Mci.RepoRoot }, "simulate", temp.File("readme.json", readme[start..end]));
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
    }
}
