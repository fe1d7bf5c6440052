using System.Text.RegularExpressions;

namespace Mci.Emulator.Tests.Messages;

/// <summary>docs/emulator.md lists the messages the registry holds, each with its handler and its own tests.</summary>
public class EmulatorDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "docs", "emulator.md"));

    /// <summary>The rows of the table under "## The messages": (message, handler).</summary>
    private static List<(string Message, string Handler)> MessageTable()
    {
        var start = Doc.IndexOf("## The messages", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), "docs/emulator.md has a section \"The messages\"");
        var end = Doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return Regex.Matches(Doc[start..end], @"^\| `(?<message>\w+)` \| `(?<handler>\w+)` \|", RegexOptions.Multiline)
            .Select(m => (m.Groups["message"].Value, m.Groups["handler"].Value)).ToList();
    }

    [Test]
    public void The_documented_messages_are_the_registered_ones_each_with_its_handler()
    {
        var table = MessageTable();
        Assert.Multiple(() =>
        {
            Assert.That(table.Select(r => r.Message), Is.EqualTo(TestEnvironment.Create().Messages), "one row per registered message, in order");
            Assert.That(table.Where(r => r.Handler != r.Message + "Handler"), Is.Empty, "each handler is named after its message");
            foreach (var (_, handler) in table)
                Assert.That(File.Exists(Path.Combine(TestEnvironment.RepoRoot, "Emulator", "Messages", handler + ".cs")), Is.True, $"Emulator/Messages/{handler}.cs");
        });
    }

    [Test]
    public void Every_message_has_a_test_file_of_its_own()
    {
        foreach (var (message, _) in MessageTable())
            Assert.That(File.Exists(Path.Combine(TestEnvironment.RepoRoot, "Tests", "Emulator.Tests", "Messages", message + "Tests.cs")), Is.True, $"Tests/Emulator.Tests/Messages/{message}Tests.cs");
    }
}
