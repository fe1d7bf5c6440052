using System.Reflection;
using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests;

/// <summary>A fresh environment on the fixture solution (Fixture/src) with this assembly's test plug-ins.</summary>
public static class TestEnvironment
{
    public static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "Fixture", "src");

    public static Dataverse Create(Action<DataverseOptions>? configure = null)
    {
        Probe.Records.Clear();
        var options = new DataverseOptions();
        options.Assemblies.Add(typeof(TestEnvironment).Assembly);
        configure?.Invoke(options);
        return Dataverse.Load(FixtureFolder, options);
    }

    /// <summary>The repository root (from the RepoRoot assembly metadata), to reach Solution/src.</summary>
    public static string RepoRoot => typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    public static Guid CreateParent(this IOrganizationService service, string name, decimal? amount = null, Action<Entity>? more = null)
    {
        var e = new Entity("test_parent") { ["test_name"] = name };
        if (amount != null) e["test_amount"] = new Money(amount.Value);
        more?.Invoke(e);
        return service.Create(e);
    }
}
