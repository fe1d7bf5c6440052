using System.Text.Json;

namespace Mci.Cli.Tests;

/// <summary>`mci demo`: the main job README.md gives, on the real solution and the built plug-ins.</summary>
public class DemoTests
{
    private static JsonElement _results;
    private static CliRun _run = null!;

    [OneTimeSetUp]
    public void RunTheDemo()
    {
        using var temp = new TempFolder();
        var json = Path.Combine(temp.Path, "demo.json");
        _run = Mci.Run(new CliSettings { RepoRoot = Mci.RepoRoot }, "demo", "--json", json);
        _results = JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
    }

    [Test]
    public void The_demo_passes_every_bundled_scenario()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.ToString());
        var samples = Directory.GetFiles(Path.Combine(Mci.RepoRoot, "samples"), "*.json");
        Assert.That(samples, Has.Length.GreaterThanOrEqualTo(4));
        Assert.That(_results.GetProperty("summary").GetProperty("passed").GetInt32(), Is.EqualTo(samples.Length));
        Assert.That(_run.Out, Does.Contain($"{samples.Length} scenario(s)").And.Contain($"{samples.Length} passed, 0 failed"));
    }

    [Test]
    public void The_demo_prints_one_short_line_per_scenario_and_the_total()
    {
        var lines = _run.Out.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var samples = Directory.GetFiles(Path.Combine(Mci.RepoRoot, "samples"), "*.json");
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Count.LessThan(40), _run.Out);
            Assert.That(lines.Select(l => l.Length), Has.All.LessThan(100), _run.Out);
            Assert.That(lines.Count(l => l.StartsWith("  passed  ", StringComparison.Ordinal)), Is.EqualTo(samples.Length), "one line per scenario");
            Assert.That(lines.Where(l => l.StartsWith("  passed  ", StringComparison.Ordinal)), Has.All.Match(@" \d+ steps$"), "each with its step count");
            Assert.That(_run.Out, Does.Not.Contain("Plug-ins that ran"), "no tables by default");
            Assert.That(_run.Out, Does.Contain("demo --verbose"), "it says how to see every step");
        });
    }

    [Test]
    public void With_verbose_the_demo_prints_each_scenarios_steps()
    {
        var run = Mci.Run(new CliSettings { RepoRoot = Mci.RepoRoot }, "demo", "--verbose");
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Plug-ins that ran").And.Contain("refused, as expected").And.Contain("RoutingPlugin"));
        Assert.That(run.Out.Split('\n'), Has.Length.GreaterThan(100));
    }

    [TestCase("Solution Centre, with dual credit")]
    [TestCase("Two teams split 60/40")]
    [TestCase("below the partner's margin")]
    [TestCase("declined resource request is escalated")]
    [TestCase("The split holds")]
    public void The_demo_tells_the_story(string scenario) => Assert.That(_run.Out, Does.Contain(scenario));

    private static IEnumerable<JsonElement> Steps(string scenarioName) =>
        _results.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("scenario")).Single(s => s.GetProperty("name").GetString()!.Contains(scenarioName, StringComparison.Ordinal))
            .GetProperty("steps").EnumerateArray();

    [Test]
    public void Asynchronous_work_is_drained_within_the_step_that_queued_it()
    {
        var steps = Steps("Solution Centre").ToList();
        var win = steps.Single(s => s.GetProperty("kind").GetString() == "win");
        var async = win.GetProperty("plugins").EnumerateArray().Where(p => p.GetProperty("mode").GetString() == "Asynchronous").ToList();
        Assert.That(async.Select(p => p.GetProperty("type").GetString()), Has.Some.EqualTo("Mci.Plugins.ChangeNotePlugin"));
        Assert.That(async.All(p => p.GetProperty("succeeded").GetBoolean()), Is.True);
        var next = steps[steps.IndexOf(win) + 2];
        Assert.That(next.GetProperty("description").GetString(), Does.StartWith("count annotation"));
        Assert.That(next.GetProperty("passed").GetBoolean(), Is.True, "the note written by the async step is there for the next check");
    }

    [Test]
    public void Each_refusal_of_the_demo_left_nothing_behind()
    {
        var refusals = _results.GetProperty("files").EnumerateArray().SelectMany(f => f.GetProperty("scenario").GetProperty("steps").EnumerateArray())
            .Where(s => s.GetProperty("outcome").GetString() == "refused").ToList();
        Assert.That(refusals, Has.Count.GreaterThanOrEqualTo(8));
        Assert.That(refusals.All(s => s.GetProperty("passed").GetBoolean()), Is.True, "each was expected, its message held, and the left-behind check passed");
    }
}
