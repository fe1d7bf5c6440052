namespace Mci.Cli.Tests;

/// <summary>
/// What mci says for the mistakes people make at the command line: each gets one clear error in mci's words
/// (never the JSON library's or the file system's) and exit code 2.
/// </summary>
public class UserMistakeTests
{
    private static string[] ErrorLines(CliRun run) => run.Err.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal) || l.Contains(": $", StringComparison.Ordinal)).ToArray();

    [TestCase("")]
    [TestCase("   \n\n")]
    public void An_empty_file_is_one_error_naming_it(string content)
    {
        using var temp = new TempFolder();
        var file = temp.File("empty.json", content);
        var run = Mci.Run("simulate", file);
        Assert.That(run.Exit, Is.EqualTo(2), run.ToString());
        Assert.That(run.Err, Does.Contain($"{file}: $: the file is empty: a scenario file is a JSON object"));
        Assert.That(run.Err, Does.Not.Contain("JSON tokens").And.Not.Contain("LineNumber").And.Not.Contain("not valid JSON"));
        Assert.That(ErrorLines(run), Has.Length.EqualTo(1), run.Err);
    }

    [Test]
    public void A_directory_given_as_a_file_is_named_a_directory()
    {
        using var temp = new TempFolder();
        var run = Mci.Run("simulate", temp.Path);
        Assert.That(run.Exit, Is.EqualTo(2), run.ToString());
        Assert.That(run.Err, Does.Contain($"{temp.Path}: $: this is a directory, not a scenario file"));
        Assert.That(run.Err, Does.Not.Contain("Access to the path"));
    }

    [Test]
    public void A_number_out_of_range_names_the_range_of_the_columns_type()
    {
        using var temp = new TempFolder();
        var file = temp.File("big.json", """
        { "name": "Too big", "steps": [ { "create": "opportunity", "values": { "name": "Huge", "estimatedvalue": 1e+30 } } ] }
        """);
        var run = Mci.Run("simulate", file);
        Assert.That(run.Exit, Is.EqualTo(2), run.ToString());
        Assert.That(run.Err, Does.Contain($"{file}: $.steps[0].values.estimatedvalue: 1e+30 is out of range for opportunity.estimatedvalue: a money column takes -922,337,203,685,477 to 922,337,203,685,477"));
        Assert.That(run.Err, Does.Not.Contain("not a JSON number"));
    }

    [TestCase("frobnicate", "unknown command 'frobnicate': the commands are pack, simulate, check, demo, registrations")]
    [TestCase("simulat", "unknown command 'simulat' (did you mean 'simulate'?)")]
    [TestCase("--frobnicate", "unknown option '--frobnicate': mci takes a command first (pack, simulate, check, demo, registrations)")]
    public void An_unknown_command_is_one_error_listing_the_commands(string command, string message)
    {
        var run = Mci.Run(command, "x.json");
        Assert.That(run.Exit, Is.EqualTo(2), run.ToString());
        var errors = ErrorLines(run);
        Assert.That(errors, Has.Length.EqualTo(1), run.Err);
        Assert.That(errors[0], Does.StartWith($"error: {message}"));
        Assert.That(run.Err, Does.Not.Contain("Required command"));
        Assert.That(run.Err, Does.Contain("Run `mci --help`"), "the hint follows the error");
    }
}
