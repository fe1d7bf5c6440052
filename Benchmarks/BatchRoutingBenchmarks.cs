using System.Reflection;
using BenchmarkDotNet.Attributes;
using Mci.Emulator;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Benchmarks;

/// <summary>
/// Routing N new opportunities through the emulator with the solution's plug-ins as registered: one CreateMultiple
/// against N single Creates. MCI's steps are on Create, which Dataverse also runs for each item of a CreateMultiple,
/// so routing runs once per record either way (under both item orders of the merged pipeline); the CreateMultiple
/// saves the rows in one main operation. Each iteration gets a fresh environment. The service calls the plug-ins made,
/// in all and per record, are printed at the end of each benchmark.
/// </summary>
public class BatchRoutingBenchmarks
{
    private const int Direct = 613000000, SolutionCentre = 613000000, BranchTechnicalTeam = 613000001;
    private static readonly string Folder = Meta("SolutionFolder");
    private static readonly string[] Assemblies = Meta("PluginAssemblies").Split(';', StringSplitOptions.RemoveEmptyEntries);

    private Dataverse _env = null!;
    private IOrganizationService _service = null!;
    private Guid _branch;
    private string _calls = "";

    [Params(10, 50)]
    public int Opportunities { get; set; }

    /// <summary>How the emulator runs the items of the CreateMultiple through their Create steps (Dataverse does not document it).</summary>
    [Params(BulkItemOrder.StageByStage, BulkItemOrder.ItemByItem)]
    public BulkItemOrder Order { get; set; }

    [IterationSetup]
    public void Setup()
    {
        var options = new DataverseOptions { BulkItemOrder = Order };
        foreach (var assembly in Assemblies) options.AssemblyPaths.Add(assembly);
        _env = Dataverse.Load(Folder, options);
        _service = _env.AdminService;
        var centre = _env.CreateTeam("Solution Centre", _env.AdministratorId);
        var tech = _env.CreateTeam("Shanghai Tech", _env.AdministratorId);
        _branch = _service.Create(new Entity("mci_branch") { ["mci_name"] = "Shanghai", ["mci_technicalteamid"] = new EntityReference("team", tech) });
        _service.Create(Tier("Tier 1 Direct large", 10, SolutionCentre, min: 1_000_000m, team: centre, dualCredit: true));
        _service.Create(Tier("Tier 1 Direct", 20, BranchTechnicalTeam, max: 1_000_000m));
        _env.Recorder.Clear();
    }

    [Benchmark(Baseline = true, Description = "N single Creates")]
    public void SingleCreates()
    {
        foreach (var opportunity in Batch()) _service.Create(opportunity);
    }

    [Benchmark(Description = "one CreateMultiple")]
    public void CreateMultiple()
        => _service.Execute(new CreateMultipleRequest { Targets = new EntityCollection(Batch()) { EntityName = "opportunity" } });

    [IterationCleanup]
    public void Count()
    {
        var byPlugins = _env.Recorder.Calls.Where(c => c.ByPlugin).ToList();
        var calls = byPlugins.GroupBy(c => c.Message + " " + c.Table).OrderBy(g => g.Key).Select(g => g.Key + " x" + g.Count());
        _calls = string.Join(", ", calls) + string.Format(System.Globalization.CultureInfo.InvariantCulture, "; {0} in all, {1:0.##} per record", byPlugins.Count, (double)byPlugins.Count / Opportunities);
    }

    [GlobalCleanup]
    public void Report() => Console.WriteLine($"// Service calls by plug-ins for {Opportunities} opportunities ({Order}): {_calls}");

    /// <summary>Half large (Solution Centre, dual credit: an overlay line each), half small (the branch's team).</summary>
    private List<Entity> Batch() => Enumerable.Range(0, Opportunities).Select(i => new Entity("opportunity")
    {
        ["name"] = "Import " + i, ["estimatedvalue"] = new Money(i % 2 == 0 ? 2_000_000m : 400_000m),
        ["mci_salesmode"] = new OptionSetValue(Direct), ["mci_branchid"] = new EntityReference("mci_branch", _branch),
    }).ToList();

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

    private static string Meta(string key) => typeof(BatchRoutingBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
