using System.Text.RegularExpressions;

namespace Mci.Rules.Tests;

/// <summary>Checks shared by the rule tests: a refusal has the expected code, fills its template exactly and
/// shows the expected names and numbers in both languages.</summary>
internal static partial class RuleAssert
{
    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    public static ISet<int> Placeholders(string template)
        => Placeholder().Matches(template).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    public static int Arity(RefusalCode code)
    {
        var english = Placeholders(Messages.For(code).English);
        return english.Count == 0 ? 0 : english.Max() + 1;
    }

    public static bool HasChinese(string text) => text.Any(c => c >= '\u4e00' && c <= '\u9fff');

    /// <summary>The result is refused with exactly one refusal of <paramref name="code"/>, whose English and Chinese
    /// messages both contain every fragment (numbers, names).</summary>
    public static Refusal Refused(RuleResult result, RefusalCode code, params string[] fragments)
    {
        Assert.That(result.IsOk, Is.False, "expected a refusal " + code);
        Assert.That(result.Refusals.Select(r => r.Code), Is.EqualTo(new[] { code }));
        var refusal = result.Refusals[0];
        AssertMessages(refusal, fragments);
        return refusal;
    }

    public static void AssertMessages(Refusal refusal, params string[] fragments)
    {
        Assert.That(refusal.Args, Has.Count.EqualTo(Arity(refusal.Code)), "argument count of " + refusal.Code);
        var english = refusal.Message(1033);
        var chinese = refusal.Message(2052);
        Assert.Multiple(() =>
        {
            Assert.That(english, Is.Not.Empty);
            Assert.That(HasChinese(chinese), Is.True, chinese);
            Assert.That(english, Does.Not.Contain("{").And.Not.Contain("}"));
            Assert.That(chinese, Does.Not.Contain("{").And.Not.Contain("}"));
            foreach (var fragment in fragments)
            {
                Assert.That(english, Does.Contain(fragment), "English");
                Assert.That(chinese, Does.Contain(fragment), "Chinese");
            }
        });
    }

    public static T Ok<T>(RuleResult<T> result) where T : class
    {
        Assert.That(result.IsOk, Is.True, () => result.Message(1033));
        return result.Value;
    }
}
