using System.Text.RegularExpressions;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.PluginTelemetry;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Sdk.Tests;

/// <summary>
/// Enum values travel as numbers (registrations, query XML, faults): each one must be the real SDK's.
/// The listing test covers every value when ../shared is present; the pinned cases run everywhere.
/// </summary>
[TestFixture]
public class EnumValueTests
{
    [TestCase(ConditionOperator.Equal, 0)]
    [TestCase(ConditionOperator.In, 8)]
    [TestCase(ConditionOperator.Null, 12)]
    [TestCase(ConditionOperator.NotNull, 13)]
    [TestCase(ConditionOperator.On, 25)]
    [TestCase(ConditionOperator.OnOrBefore, 26)]
    [TestCase(ConditionOperator.OnOrAfter, 27)]
    [TestCase(ConditionOperator.EqualUserId, 41)]
    [TestCase(ConditionOperator.ContainValues, 87)]
    [TestCase(JoinOperator.LeftOuter, 1)]
    [TestCase(JoinOperator.Exists, 5)]
    [TestCase(LogicalOperator.Or, 1)]
    [TestCase(OrderType.Descending, 1)]
    [TestCase(OperationStatus.Failed, 0)]
    [TestCase(OperationStatus.Succeeded, 4)]
    [TestCase(EntityState.Changed, 2)]
    [TestCase(ConcurrencyBehavior.IfRowVersionMatches, 1)]
    [TestCase(PluginHttpStatusCode.TooManyRequests, 429)]
    [TestCase(LogLevel.None, 6)]
    public void PinnedValue(object value, int expected)
    {
        Assert.That(Convert.ToInt32(value), Is.EqualTo(expected), $"{value.GetType().Name}.{value}");
    }

    [Test]
    public void EveryEnumValueMatchesTheListing()
    {
        var listing = Path.Combine(Repo.SharedDir, "xrm-api", "Microsoft.Xrm.Sdk.api.txt");
        Mci.Tests.SharedMaterial.Require("the enum values are not compared with the real SDK's listing", listing);
        var real = File.ReadLines(listing)
            .Select(l => Regex.Match(l, @"^F:(?<type>[\w.]+)\.(?<name>\w+) = (?<value>-?\d+)$"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["type"].Value + "." + m.Groups["name"].Value, m => long.Parse(m.Groups["value"].Value));

        var enums = typeof(Entity).Assembly.GetExportedTypes().Where(t => t.IsEnum).ToList();
        Assert.That(enums, Has.Count.GreaterThan(5));
        Assert.Multiple(() =>
        {
            foreach (var type in enums)
            {
                var realNames = real.Keys.Where(k => k.StartsWith(type.FullName + ".", StringComparison.Ordinal)).ToList();
                Assert.That(Enum.GetNames(type).Length, Is.EqualTo(realNames.Count), $"{type.FullName}: every real value is declared");
                foreach (var name in Enum.GetNames(type))
                {
                    var key = type.FullName + "." + name;
                    Assert.That(real.TryGetValue(key, out var value) ? value : (long?)null, Is.EqualTo(Convert.ToInt64(Enum.Parse(type, name))), key);
                }
            }
        });
    }
}
