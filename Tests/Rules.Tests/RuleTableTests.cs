using System.Reflection;
using System.Text.RegularExpressions;

namespace Mci.Rules.Tests;

/// <summary>docs/developer-guide.md, "Rules": the table of rules names entry points that exist and covers every refusal code.</summary>
public class RuleTableTests
{
    private static readonly string RepoRoot = typeof(RuleTableTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>The rows of the table: (entry point cell, refusal code cell).</summary>
    private static List<(string Entry, string Codes)> Rows()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot, "docs", "developer-guide.md"));
        var start = doc.IndexOf("| rule | entry point | refusal codes |", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), "docs/developer-guide.md has the table of rules");
        var end = doc.IndexOf("\n\n", start, StringComparison.Ordinal);
        return Regex.Matches(doc[start..end], @"^\|[^|]*\|(?<entry>[^|]*)\|(?<codes>[^|]*)\|$", RegexOptions.Multiline)
            .Skip(2).Select(m => (m.Groups["entry"].Value, m.Groups["codes"].Value)).ToList();
    }

    private static IEnumerable<string> Ticked(string cell) => Regex.Matches(cell, "`([^`]+)`").Select(m => m.Groups[1].Value);

    [Test]
    public void Every_entry_point_in_the_table_is_a_public_static_method_of_Rules()
    {
        var rows = Rows();
        Assert.That(rows, Is.Not.Empty);
        var rules = typeof(SplitRules).Assembly;
        Assert.Multiple(() =>
        {
            foreach (var (entry, _) in rows)
            {
                Type? type = null;
                foreach (var name in Ticked(entry).SelectMany(t => t.Split('/', StringSplitOptions.TrimEntries)))
                {
                    var method = name;
                    if (name.Contains('.'))
                    {
                        type = rules.GetType("Mci.Rules." + name[..name.IndexOf('.')]);
                        Assert.That(type, Is.Not.Null, $"no class Mci.Rules.{name[..name.IndexOf('.')]}");
                        method = name[(name.IndexOf('.') + 1)..];
                    }
                    Assert.That(type, Is.Not.Null, $"'{name}' follows no Class.Method");
                    Assert.That(type?.GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.Name == method), Is.True, $"{type?.Name}.{method} is not a public static method");
                }
            }
        });
    }

    [Test]
    public void Every_refusal_code_is_in_a_row_and_every_pattern_names_a_code()
    {
        var patterns = Rows().SelectMany(r => Ticked(r.Codes)).ToList();
        static bool Matches(string pattern, string code) => pattern.EndsWith('*') ? code.StartsWith(pattern[..^1], StringComparison.Ordinal) : code == pattern;
        var codes = Enum.GetNames<RefusalCode>();
        Assert.Multiple(() =>
        {
            foreach (var code in codes) Assert.That(patterns.Any(p => Matches(p, code)), Is.True, $"RefusalCode.{code} is in no row");
            foreach (var pattern in patterns) Assert.That(codes.Any(c => Matches(pattern, c)), Is.True, $"'{pattern}' names no refusal code");
        });
    }
}
