using System.Reflection;
using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests;

/// <summary>A fresh environment on the fixture solution (Fixture/src) with this assembly's test plug-ins.</summary>
public static class TestEnvironment
{
    public static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "Fixture", "src");

    /// <summary>
    /// The messages the fixture's steps use whose ids Microsoft does not publish, with the stand-in ids the fixture gives them
    /// (what an environment's sdkmessages table would answer): the emulator runs steps on them only when told.
    /// </summary>
    public static readonly IReadOnlyDictionary<Guid, string> FixtureMessages = new Dictionary<Guid, string>
    {
        [new("601e7705-f8d4-515f-b503-aaa4ad93bc49")] = "CreateMultiple",
        [new("ea683909-9442-5933-91f1-4bb8b18c44ce")] = "UpdateMultiple",
        [new("38cf68d0-54fa-547a-9b3b-eaf9a3c68d61")] = "Win",
        [new("8d847088-5558-5d14-b2fa-4dafa731d39d")] = "Associate",
        // The message Dataverse makes of the fixture's custom API test_Echo (customapis/test_Echo), which two fixture steps name.
        [new("3c0e6a1e-7d2b-5f4e-9a61-0c5e2d7b4a01")] = "test_Echo",
    };

    /// <summary>True for a message whose id Microsoft publishes (what ships in MCI's own solution).</summary>
    public static bool IsPublished(string message) => Mci.SolutionModel.SdkMessages.IdOf(message) != null;

    public static Dataverse Create(Action<DataverseOptions>? configure = null)
    {
        Probe.Records.Clear();
        var options = new DataverseOptions();
        options.Assemblies.Add(typeof(TestEnvironment).Assembly);
        foreach (var (id, name) in FixtureMessages) options.SdkMessages[id] = name;
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
