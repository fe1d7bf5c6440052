using BenchmarkDotNet.Attributes;
using Mci.Rules;

namespace Mci.Benchmarks;

/// <summary>The rules' hot paths: what every split line save and every routed opportunity pays in pure computation.</summary>
[MemoryDiagnoser]
public class RulesBenchmarks
{
    private SplitContext _split = null!;
    private SplitLine _line = null!;
    private RoutingInput _routing = null!;

    /// <summary>Lines on the opportunity (a busy deal has a handful; 20 is generous).</summary>
    [Params(20)]
    public int Lines { get; set; }

    /// <summary>Support tiers an organisation keeps; the matching one is the last, so routing walks them all.</summary>
    [Params(50)]
    public int Tiers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var lines = Enumerable.Range(0, Lines).Select(i => new SplitLine
        {
            Id = Guid.NewGuid(), TeamId = Guid.NewGuid(), TeamName = "Team " + i, Type = i % 4 == 0 ? SplitType.Overlay : SplitType.Revenue, Percent = 4.5m,
        }).ToList();
        _split = new SplitContext { OpportunityName = "ERP rollout", EstimatedValue = 2_000_000m, Allocation = AllocationStatus.Draft, Lines = lines };
        _line = lines[1] with { Percent = 5m };
        var tiers = Enumerable.Range(0, Tiers).Select(i => new SupportTier
        {
            Id = Guid.NewGuid(), Name = "Tier " + i, EvaluationOrder = i, SalesMode = i == Tiers - 1 ? SalesMode.PartnerLed : SalesMode.Direct,
            PresalesModel = PresalesModel.PartnerSelfService, MinAmount = 0m, MaxAmount = 10_000_000m,
        }).ToList();
        _routing = new RoutingInput { OpportunityName = "ERP rollout", SalesMode = SalesMode.PartnerLed, EstimatedValue = 2_000_000m, Tiers = tiers };
    }

    [Benchmark(Description = "split revenue total")]
    public decimal SplitRevenueTotal() => SplitRules.RevenueTotal(_split.Lines);

    [Benchmark(Description = "split line update rule")]
    public bool SplitLineUpdate() => SplitRules.OnUpdate(_split, _split.Lines[1], _line).IsOk;

    [Benchmark(Description = "tier routing")]
    public bool RouteOverTiers() => TierRouting.Route(_routing).IsOk;
}
