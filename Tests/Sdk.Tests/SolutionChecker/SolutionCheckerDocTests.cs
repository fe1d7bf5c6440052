using System.Reflection;
using System.Text.RegularExpressions;

namespace Mci.Sdk.Tests.SolutionChecker;

/// <summary>
/// Keeps docs/solution-checker.md's rule table and the tests in step: every row marked checked names a test of
/// <see cref="SolutionCheckerTests"/> that enforces that rule, every such test is in the table, one test per rule, and
/// every checked rule has a fixture test showing its check can fail.
/// </summary>
[TestFixture]
public class SolutionCheckerDocTests
{
    private sealed record Row(string Rule, bool Checked, string? Test, string Flags);

    private static readonly string DocPath = Path.Combine(Repo.Root, "docs", "solution-checker.md");

    private static List<Row> Table()
    {
        Assert.That(File.Exists(DocPath), Is.True, $"{DocPath} is missing");
        var lines = File.ReadAllLines(DocPath);
        var header = Array.FindIndex(lines, l => l.StartsWith("| Rule | What Microsoft says | Checked | Test |", StringComparison.Ordinal));
        Assert.That(header, Is.GreaterThanOrEqualTo(0), "no rule table (header '| Rule | What Microsoft says | Checked | Test | ...')");
        var rows = new List<Row>();
        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            Assert.That(cells, Has.Length.EqualTo(5), $"a row needs five cells: {line}");
            var checkedCell = cells[2];
            Assert.That(checkedCell, Does.Match("^(yes|yes \\(stricter\\)|no)$"), $"Checked is 'yes', 'yes (stricter)' or 'no': {line}");
            var test = Regex.Match(cells[3], "^`SolutionCheckerTests\\.(\\w+)`$");
            rows.Add(new Row(cells[0].Trim('`'), checkedCell.StartsWith("yes", StringComparison.Ordinal), test.Success ? test.Groups[1].Value : null, cells[4]));
            if (!test.Success) Assert.That(cells[3], Is.EqualTo("—"), $"Test is `SolutionCheckerTests.Name` or —: {line}");
        }
        Assert.That(rows, Is.Not.Empty);
        return rows;
    }

    private static Dictionary<string, string> RuleTests() =>
        typeof(SolutionCheckerTests).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => (m.Name, Rule: m.GetCustomAttribute<SolutionCheckerRuleAttribute>()))
            .Where(m => m.Rule != null)
            .ToDictionary(m => m.Name, m => m.Rule!.RuleId);

    [Test]
    public void EveryCheckedRowNamesATestThatEnforcesItsRule()
    {
        var tests = RuleTests();
        Assert.Multiple(() =>
        {
            foreach (var row in Table())
            {
                if (!row.Checked)
                {
                    Assert.That(row.Test, Is.Null, $"{row.Rule} is not checked but names a test");
                    Assert.That(row.Flags, Is.Not.Empty.And.Not.EqualTo("—"), $"{row.Rule} is not checked: say why");
                    continue;
                }
                Assert.That(row.Test, Is.Not.Null, $"{row.Rule} is checked but names no test");
                if (row.Test == null) continue;
                Assert.That(tests.ContainsKey(row.Test), Is.True, $"{row.Rule}: SolutionCheckerTests.{row.Test} does not exist or carries no [SolutionCheckerRule]");
                if (tests.TryGetValue(row.Test, out var rule)) Assert.That(rule, Is.EqualTo(row.Rule), $"SolutionCheckerTests.{row.Test} enforces another rule");
            }
        });
    }

    [Test]
    public void EveryRuleTestIsInTheTableOncePerRule()
    {
        var rows = Table();
        var named = rows.Where(r => r.Test != null).Select(r => r.Test!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(named, Is.Unique, "a test is named by two rows");
            Assert.That(rows.Where(r => r.Rule != SolutionCheckerRuleAttribute.NoRuleId).Select(r => r.Rule), Is.Unique, "a rule has two rows");
            foreach (var test in RuleTests().Keys) Assert.That(named, Does.Contain(test), $"SolutionCheckerTests.{test} is not in docs/solution-checker.md");
        });
    }

    [Test]
    public void EveryCheckedRuleHasAFixtureShowingItsCheckCanFail()
    {
        var proven = typeof(SolutionCheckerFixtureTests).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(m => m.GetCustomAttributes<ProvesCheckCanFailAttribute>().Select(a => a.Check))
            .ToHashSet();
        Assert.Multiple(() =>
        {
            foreach (var test in RuleTests().Keys) Assert.That(proven, Does.Contain(test), $"no fixture test shows SolutionCheckerTests.{test} can fail");
            foreach (var check in proven) Assert.That(RuleTests().Keys, Does.Contain(check), $"[ProvesCheckCanFail] names no rule test: {check}");
        });
    }

    [Test]
    public void TheReadmeLinksTheTable() =>
        Assert.That(File.ReadAllText(Path.Combine(Repo.Root, "README.md")), Does.Contain("(docs/solution-checker.md)"));
}
