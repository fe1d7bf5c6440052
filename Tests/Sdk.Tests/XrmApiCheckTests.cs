using System.Diagnostics;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Workflow;

namespace Mci.Sdk.Tests;

/// <summary>
/// The stand-in SDK declares only what the real SDK declares (same declaring type, return type, static-ness,
/// base class, enum values): checked by ../shared/tools/xrm-api-check.cs against the real SDK's listings.
/// ../shared/xrm-api has none for Microsoft.Crm.Sdk.Proxy: that stand-in is checked against Listings/, transcribed from
/// the Learn .NET API reference in the same format.
/// </summary>
[TestFixture]
public class XrmApiCheckTests
{
    [TestCase("Microsoft.Xrm.Sdk.api.txt", typeof(Entity))]
    [TestCase("Microsoft.Xrm.Sdk.Workflow.api.txt", typeof(IWorkflowContext))]
    public void StandInDeclaresOnlyWhatTheRealSdkDeclares(string listing, Type typeInStandIn)
    {
        var checker = Path.Combine(Repo.SharedDir, "tools", "xrm-api-check.cs");
        var listingPath = Path.Combine(Repo.SharedDir, "xrm-api", listing);
        Mci.Tests.SharedMaterial.Require($"the stand-in SDK is not held to the real SDK's {listing}", checker, listingPath);
        var assembly = typeInStandIn.Assembly.Location;

        var (exitCode, output) = Run("dotnet", ["run", checker, "--", listingPath, assembly], Repo.Root);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Match(@"[1-9]\d* declarations checked, 0 not matching the SDK"), output);
    }

    [Test]
    public void ProxyStandInDeclaresOnlyWhatTheLearnReferenceDeclares()
    {
        var checker = Path.Combine(Repo.SharedDir, "tools", "xrm-api-check.cs");
        Mci.Tests.SharedMaterial.Require("the Microsoft.Crm.Sdk.Proxy stand-in is not held to its Learn listing", checker);
        var listingPath = Path.Combine(Repo.Root, "Tests", "Sdk.Tests", "Listings", "Microsoft.Crm.Sdk.Proxy.learn.txt");

        var (exitCode, output) = Run("dotnet", ["run", checker, "--", listingPath, typeof(GrantAccessRequest).Assembly.Location], Repo.Root);

        Assert.That(exitCode, Is.EqualTo(0), output);
        // As many declarations as listed lines, none outside the listing: the stand-in carries exactly the listing.
        var listed = File.ReadAllLines(listingPath).Count(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.That(output, Does.Contain($"{listed} declarations checked, 0 not matching the SDK"), output);
    }

    private static (int ExitCode, string Output) Run(string file, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host's MSBuild variables would point the nested dotnet at the wrong SDK pieces.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBUILD", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("xrm-api-check did not finish within 5 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
