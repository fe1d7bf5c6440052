using System.Collections.Concurrent;
using Mci.Sdk.Tests.Metadata;
using Microsoft.Xrm.Sdk;

namespace Mci.Sdk.Tests;

/// <summary>
/// Holds the stand-in SDK to a real Microsoft binary: Microsoft.Xrm.Tooling.Connector.dll (NuGet
/// Microsoft.CrmSdk.XrmTooling.CoreAssembly, a PackageDownload of this project) is compiled by Microsoft against the real
/// Microsoft.Xrm.Sdk 9.0.0.0, so its type and member references are the real SDK's declaring types, signatures and
/// class/valuetype kinds. The xrm-api listing (XrmApiCheckTests) says what the SDK declares; this says how it is
/// encoded, which is what the runtime binds a plug-in's references by.
/// </summary>
[TestFixture]
public class RealSdkReferenceTests
{
    private const string MicrosoftToken = "31bf3856ad364e35";

    private static readonly ConcurrentDictionary<string, BuiltAssembly> Read = new();

    private static BuiltAssembly Connector()
    {
        var path = Repo.XrmToolingConnector;
        if (!File.Exists(path))
        {
            Assert.Fail($"Microsoft.Xrm.Tooling.Connector.dll is not at {path}: the PackageDownload of Microsoft.CrmSdk.XrmTooling.CoreAssembly "
                + $"{Repo.XrmToolingVersion} (Tests/Sdk.Tests/Sdk.Tests.csproj) was not restored; run `dotnet restore` where nuget.org is reachable.");
        }
        return Read.GetOrAdd(path, BuiltAssembly.Read);
    }

    private static BuiltAssembly StandIn() => Read.GetOrAdd(typeof(Entity).Assembly.Location, BuiltAssembly.Read);

    private static BuiltAssembly Deployable(string project, string assemblyName)
    {
        var path = Repo.Net462Output(project, assemblyName);
        Assert.That(File.Exists(path), Is.True, $"{path} was not built; Sdk.Tests builds it through a ProjectReference (TargetFramework=net462)");
        return Read.GetOrAdd(path, BuiltAssembly.Read);
    }

    [Test]
    public void TheConnectorIsCompiledAgainstTheRealSdk()
    {
        var sdk = StrongName.Read(Connector().Label).References.SingleOrDefault(r => r.Name == RealSdkComparison.SdkAssembly);
        Assert.That(sdk, Is.Not.Null, "the Connector references no Microsoft.Xrm.Sdk");
        Assert.Multiple(() =>
        {
            Assert.That(sdk!.Version, Is.EqualTo(new Version(9, 0, 0, 0)));
            Assert.That(sdk.PublicKeyToken, Is.EqualTo(MicrosoftToken));
        });
    }

    [Test]
    public void StandInMatchesEveryReferenceTheConnectorMakesThatItDeclares()
    {
        var comparison = new RealSdkComparison(Connector(), StandIn());
        var summary = $"Microsoft.Xrm.Tooling.Connector {Repo.XrmToolingVersion}: {comparison.MemberReferences.Count} member references into Microsoft.Xrm.Sdk, "
            + $"{comparison.MembersDeclared.Count} declared by the stand-in, {comparison.Mismatches.Count} mismatched; "
            + $"{comparison.TypeReferences.Count} type references, {comparison.TypesDeclared.Count} declared by the stand-in";
        TestContext.Error.WriteLine(summary);

        Assert.Multiple(() =>
        {
            Assert.That(comparison.Mismatches, Is.Empty, summary + "\n  " + string.Join("\n  ", comparison.Mismatches));
            // The comparison must have something to compare: a lookup that silently found nothing would pass on nothing.
            Assert.That(comparison.MembersDeclared, Is.Not.Empty, summary);
            Assert.That(comparison.TypesDeclared, Is.Not.Empty, summary);
        });
    }

    [Test]
    public void ComparisonCatchesAStandInThatDiffersFromTheRealSdk()
    {
        // A stand-in with the mistakes a hand-written one can make, each on a member or type the Connector references.
        var wrong = FixtureCompiler.CompileAlone("Microsoft.Xrm.Sdk", """
            using System;
            namespace Microsoft.Xrm.Sdk
            {
                public class Entity
                {
                    public Guid? Id { get; set; }                 // real: Guid
                    public string LogicalName { get; init; }      // real: a plain setter (init adds modreq(IsExternalInit))
                }
                public struct EntityReference                     // real: a class
                {
                    public EntityReference(string logicalName, Guid id) { }
                    public string LogicalName { get { return null; } }
                }
                public abstract class ValueBase { public int Value { get { return 0; } } }
                public sealed class OptionSetValue : ValueBase    // real: Value declared on OptionSetValue itself
                {
                    public OptionSetValue(int value) { }
                }
            }
            namespace Microsoft.Xrm.Sdk.Query
            {
                public sealed class OrderType { }                 // real: an enum
                public sealed class OrderExpression { public OrderType OrderType { get; set; } }
                public sealed class QueryExpression { public static bool NoLock { get; set; } }  // real: instance
            }
            """);
        var mismatches = new RealSdkComparison(Connector(), wrong).Mismatches;
        Assert.Multiple(() =>
        {
            Assert.That(mismatches, Has.Some.Contains("Entity::instance valuetype System.Guid get_Id(): the stand-in declares instance valuetype System.Nullable`1<valuetype System.Guid> get_Id()"));
            Assert.That(mismatches, Has.Some.Contains("set_LogicalName(System.String): the stand-in declares instance void modreq(System.Runtime.CompilerServices.IsExternalInit)"));
            Assert.That(mismatches, Has.Some.Contains("Microsoft.Xrm.Sdk.EntityReference: the real SDK's class, the stand-in's valuetype"));
            Assert.That(mismatches, Has.Some.Contains("get_Value(): the stand-in declares it on Microsoft.Xrm.Sdk.ValueBase, the real SDK on Microsoft.Xrm.Sdk.OptionSetValue"));
            Assert.That(mismatches, Has.Some.Contains("Microsoft.Xrm.Sdk.Query.OrderType: the real SDK's valuetype, the stand-in's class"));
            Assert.That(mismatches, Has.Some.Contains("QueryExpression::instance void set_NoLock(System.Boolean): the stand-in declares static void set_NoLock(System.Boolean)"));
        });
        TestContext.Out.WriteLine(string.Join("\n", mismatches));
    }

    [TestCase("Plugins", "MciDataverse.Plugins")]
    [TestCase("Workflows", "MciDataverse.Workflows")]
    public void ReportsHowManyOfTheDeployableReferencesTheRealBinaryConfirms(string project, string assemblyName)
    {
        var connector = Connector();
        var realMembers = connector.MemberReferences.Where(m => m.Assembly == RealSdkComparison.SdkAssembly).ToHashSet();
        var realTypes = connector.TypeReferences.Where(t => t.Assembly == RealSdkComparison.SdkAssembly).Select(t => t.FullName).ToHashSet();
        var ours = Deployable(project, assemblyName);
        var members = ours.MemberReferences.Where(m => m.Assembly == RealSdkComparison.SdkAssembly).Distinct().ToList();
        var types = ours.TypeReferences.Where(t => t.Assembly == RealSdkComparison.SdkAssembly).Select(t => t.FullName).Distinct().ToList();
        var confirmedMembers = members.Where(realMembers.Contains).ToList();
        var confirmedTypes = types.Where(realTypes.Contains).ToList();

        // Contradicted: the Connector references the same member (type, name, arity, parameters) with another signature.
        var realByIdentity = realMembers.ToLookup(m => (m.Type, RealSdkComparison.Identity(m)));
        var contradicted = members.Except(confirmedMembers)
            .SelectMany(m => realByIdentity[(m.Type, RealSdkComparison.Identity(m))].Select(real => $"{m}: the real SDK's is {real.Signature}")).ToList();

        // Kinds: every SDK type both binaries mention must have the same kind in both.
        var kindConflicts = ours.Kinds.Where(k => realTypes.Contains(k.Key) && connector.Kinds.TryGetValue(k.Key, out var real) && !k.Value.SetEquals(real))
            .Select(k => $"{k.Key}: ours {string.Join("/", k.Value)}, real {string.Join("/", connector.Kinds[k.Key])}").ToList();

        TestContext.Error.WriteLine($"{assemblyName}: {confirmedMembers.Count} of {members.Count} Microsoft.Xrm.Sdk member references and "
            + $"{confirmedTypes.Count} of {types.Count} type references confirmed by Microsoft.Xrm.Tooling.Connector {Repo.XrmToolingVersion}");
        TestContext.Out.WriteLine("Not referenced by the Connector (neither confirmed nor contradicted):\n  "
            + string.Join("\n  ", members.Except(confirmedMembers).Select(m => m.ToString()).Order()));

        Assert.Multiple(() =>
        {
            Assert.That(members, Is.Not.Empty, $"{assemblyName} references no Microsoft.Xrm.Sdk member: nothing to confirm");
            Assert.That(contradicted, Is.Empty);
            Assert.That(kindConflicts, Is.Empty);
        });
    }
}
