using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Mci.Emulator;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Benchmarks;

/// <summary>
/// The bulk value change of issue 11: one UpdateMultiple of the estimated value of 1,100 deals with five Revenue lines
/// each (5,500 lines), through the emulator with the solution's plug-ins as registered, under both item orders of the
/// merged pipeline. Each iteration gets a fresh environment (deals and lines loaded with <see cref="Dataverse.Seed"/>, not
/// measured). Besides the time, the summary shows the time per deal and the service calls MCI's plug-ins make per deal
/// (counted by the emulator's recorder on one run of the same scenario in the host process); the per-message counts are
/// printed at the end of each benchmark too.
/// </summary>
[Config(typeof(BulkValueChangeBenchmarks.Columns))]
[InvocationCount(1)]
public class BulkValueChangeBenchmarks
{
    [Params(1100)]
    public int Deals { get; set; }

    /// <summary>How the emulator runs the items of the UpdateMultiple through their Update steps (Dataverse does not document it).</summary>
    [Params(BulkItemOrder.StageByStage, BulkItemOrder.ItemByItem)]
    public BulkItemOrder Order { get; set; }

    private BulkValueScenario _scenario = null!;
    private string _calls = "";

    [IterationSetup]
    public void Setup() => _scenario = BulkValueScenario.Build(Order, Deals);

    [Benchmark(Description = "UpdateMultiple of 1,100 deal values (5,500 lines)")]
    public void UpdateMultipleOfValues() => _scenario.Run();

    [IterationCleanup]
    public void Count()
    {
        _scenario.CheckNoStaleAmount();
        _calls = _scenario.Summary();
    }

    [GlobalCleanup]
    public void Report() => Console.WriteLine($"// Service calls by plug-ins for {Deals} deals ({Order}): {_calls}");

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new PerDealColumn("TimePerDeal", "Time / deal", "Mean divided by the number of deals", (summary, benchmark, deals) =>
                summary[benchmark]?.ResultStatistics is { } stats ? (stats.Mean / deals / 1_000_000.0).ToString("0.00", CultureInfo.InvariantCulture) + " ms" : "?"));
            AddColumn(new PerDealColumn("CallsPerDeal", "Service calls / deal", "MCI's plug-ins' calls by message, per deal, counted by the emulator's recorder", (_, benchmark, deals) =>
                BulkValueScenario.Measure((BulkItemOrder)benchmark.Parameters["Order"], deals)));
        }
    }

    /// <summary>A column computed per benchmark case from its Deals parameter.</summary>
    private sealed class PerDealColumn : IColumn
    {
        private readonly Func<Summary, BenchmarkCase, int, string> _value;

        public PerDealColumn(string id, string name, string legend, Func<Summary, BenchmarkCase, int, string> value)
        {
            Id = id;
            ColumnName = name;
            Legend = legend;
            _value = value;
        }

        public string Id { get; }
        public string ColumnName { get; }
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => false;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend { get; }
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => _value(summary, benchmarkCase, (int)benchmarkCase.Parameters["Deals"]);
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    }
}

/// <summary>An environment with MCI's tiers, a branch, a seller and <c>deals</c> routed deals of 300,000.00 with five 20%
/// Revenue lines; <see cref="Run"/> raises every value to 400,000.00 in one UpdateMultiple (the tier stays).</summary>
public sealed class BulkValueScenario
{
    private const int Direct = 613000000, SolutionCentre = 613000000, BranchTechnicalTeam = 613000001, Revenue = 613000000, Draft = 613000001;
    private static readonly string Folder = Meta("SolutionFolder");
    private static readonly string[] Assemblies = Meta("PluginAssemblies").Split(';', StringSplitOptions.RemoveEmptyEntries);
    private static readonly Dictionary<(BulkItemOrder, int), string> Measured = new();

    private readonly Dataverse _env;
    private readonly IOrganizationService _seller;
    private readonly List<Guid> _deals;
    private readonly int _count;

    private BulkValueScenario(Dataverse env, IOrganizationService seller, List<Guid> deals)
    {
        _env = env;
        _seller = seller;
        _deals = deals;
        _count = deals.Count;
    }

    public static BulkValueScenario Build(BulkItemOrder order, int deals)
    {
        var options = new DataverseOptions { BulkItemOrder = order };
        foreach (var assembly in Assemblies) options.AssemblyPaths.Add(assembly);
        var env = Dataverse.Load(Folder, options);
        var admin = env.AdminService;
        var sellerId = env.CreateUser("Emma Stone", "emma@bench.test", new[] { "MCI Seller", "Salesperson" });
        var centre = env.CreateTeam("Solution Centre", env.AdministratorId);
        var tech = env.CreateTeam("Shanghai Tech", env.AdministratorId);
        var branch = admin.Create(new Entity("mci_branch") { ["mci_name"] = "Shanghai", ["mci_technicalteamid"] = new EntityReference("team", tech) });
        admin.Create(Tier("Tier 1 Direct large", 10, SolutionCentre, min: 1_000_000m, team: centre, dualCredit: true));
        var tier = admin.Create(Tier("Tier 1 Direct", 20, BranchTechnicalTeam, max: 1_000_000m));
        var teams = Enumerable.Range(0, 5).Select(i => env.CreateTeam("Team " + i, sellerId)).ToArray();

        var owner = new EntityReference("systemuser", sellerId);
        var unit = new EntityReference("businessunit", env.RootBusinessUnitId);
        var opportunities = Enumerable.Range(0, deals).Select(i => new Entity("opportunity", Guid.NewGuid())
        {
            ["name"] = "Bulk deal " + i, ["estimatedvalue"] = new Money(300_000m), ["mci_salesmode"] = new OptionSetValue(Direct),
            ["mci_branchid"] = new EntityReference("mci_branch", branch), ["mci_supporttierid"] = new EntityReference("mci_supporttier", tier),
            ["mci_presalesmodel"] = new OptionSetValue(BranchTechnicalTeam), ["mci_presalesteamid"] = new EntityReference("team", tech),
            ["mci_dualcredit"] = false, ["mci_allocationstatus"] = new OptionSetValue(Draft), ["ownerid"] = owner, ["owninguser"] = owner, ["owningbusinessunit"] = unit,
        }).ToList();
        env.Seed(opportunities);
        env.Seed(opportunities.SelectMany(o => teams.Select(team => new Entity("mci_opportunitysplit")
        {
            ["mci_name"] = "Line", ["mci_opportunityid"] = new EntityReference("opportunity", o.Id), ["mci_teamid"] = new EntityReference("team", team),
            ["mci_splittype"] = new OptionSetValue(Revenue), ["mci_percent"] = 20m, ["mci_amount"] = new Money(60_000m), ["mci_locked"] = false,
            ["ownerid"] = owner, ["owninguser"] = owner, ["owningbusinessunit"] = unit,
        })));
        env.Recorder.Clear();
        return new BulkValueScenario(env, env.Service(sellerId), opportunities.Select(o => o.Id).ToList());
    }

    public void Run() => _seller.Execute(new UpdateMultipleRequest
    {
        Targets = new EntityCollection(_deals.Select(id => new Entity("opportunity", id) { ["estimatedvalue"] = new Money(400_000m) }).ToList()) { EntityName = "opportunity" },
    });

    /// <summary>Throws when any line kept a stale amount (a benchmark of a wrong result would be worthless).</summary>
    public void CheckNoStaleAmount()
    {
        var stale = _env.All("mci_opportunitysplit").Count(l => l.GetAttributeValue<Money>("mci_amount")?.Value != 80_000m);
        if (stale > 0) throw new InvalidOperationException(stale + " split line(s) kept a stale amount.");
    }

    /// <summary>"3 RetrieveMultiple + 5 Update = 8.00 per deal (8,800 in all)" for the calls since <see cref="Build"/>.</summary>
    public string Summary()
    {
        var calls = _env.Recorder.Calls.Where(c => c.ByPlugin).ToList();
        var parts = calls.GroupBy(c => c.Message).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Format(CultureInfo.InvariantCulture, "{0:0.##} {1}", (double)g.Count() / _count, g.Key));
        return string.Format(CultureInfo.InvariantCulture, "{0} = {1:0.00} per deal ({2:N0} in all)", string.Join(" + ", parts), (double)calls.Count / _count, calls.Count);
    }

    /// <summary>The calls per deal of one run (built and run once per order and size, in this process).</summary>
    public static string Measure(BulkItemOrder order, int deals)
    {
        lock (Measured)
        {
            if (Measured.TryGetValue((order, deals), out var known)) return known;
            var scenario = Build(order, deals);
            scenario.Run();
            scenario.CheckNoStaleAmount();
            return Measured[(order, deals)] = scenario.Summary();
        }
    }

    private static Entity Tier(string name, int order, int model, decimal? min = null, decimal? max = null, Guid? team = null, bool dualCredit = false)
    {
        var tier = new Entity("mci_supporttier")
        {
            ["mci_name"] = name, ["mci_evaluationorder"] = order, ["mci_salesmode"] = new OptionSetValue(Direct), ["mci_presalesmodel"] = new OptionSetValue(model), ["mci_dualcredit"] = dualCredit,
        };
        if (min != null) tier["mci_minamount"] = new Money(min.Value);
        if (max != null) tier["mci_maxamount"] = new Money(max.Value);
        if (team != null) tier["mci_presalesteamid"] = new EntityReference("team", team.Value);
        return tier;
    }

    private static string Meta(string key) => typeof(BulkValueScenario).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
