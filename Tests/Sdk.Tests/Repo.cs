using System.Reflection;

namespace Mci.Sdk.Tests;

/// <summary>Where the checkout, the shared material and the built deployable assemblies are.</summary>
internal static class Repo
{
    private static string Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"AssemblyMetadata {key} is empty");

    public static string Root => Metadata("RepoRoot");

    public static string Configuration => Metadata("Configuration");

    /// <summary>../shared beside the checkout; absent when the project is cloned alone.</summary>
    public static string SharedDir => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>Microsoft.Xrm.Tooling.Connector.dll of the Microsoft.CrmSdk.XrmTooling.CoreAssembly package (a PackageDownload of this project).</summary>
    public static string XrmToolingConnector => Metadata("XrmToolingConnector");

    public static string XrmToolingVersion => Metadata("XrmToolingVersion");

    /// <summary>The net462 build of a deployable project (built by this project's ProjectReferences).</summary>
    public static string Net462Output(string project, string assemblyName) =>
        Path.Combine(Root, project, "bin", Configuration, "net462", assemblyName + ".dll");
}
