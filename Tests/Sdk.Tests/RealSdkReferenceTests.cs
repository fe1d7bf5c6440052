using System.Collections.Concurrent;
using Mci.Sdk.Tests.Metadata;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Sdk.Tests;

/// <summary>
/// Holds the stand-in SDK to a real Microsoft binary: Microsoft.Xrm.Tooling.Connector.dll (NuGet
/// Microsoft.CrmSdk.XrmTooling.CoreAssembly, a PackageDownload of this project) is compiled by Microsoft against the real
/// Microsoft.Xrm.Sdk 9.0.0.0, so its type and member references are the real SDK's declaring types, signatures and
/// class/valuetype kinds. The xrm-api listing (XrmApiCheckTests) says what the SDK declares; this says how it is
/// encoded, which is what the runtime binds a plug-in's references by. The Connector is compiled against the real
/// Microsoft.Crm.Sdk.Proxy 9.0.0.0 too, so its references into Microsoft.Crm.Sdk.Messages hold that stand-in the same way;
/// of what the stand-in carries it references WinOpportunityRequest/Response only (none of the sharing messages), which
/// is why Microsoft.Crm.Sdk.Proxy is also held to a listing transcribed from the Learn reference (XrmApiCheckTests).
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

    private static readonly string[] SdkAssemblies = [RealSdkComparison.SdkAssembly, RealSdkComparison.ProxyAssembly];

    private static BuiltAssembly StandIn(string assembly) => Read.GetOrAdd(StandInType(assembly).Assembly.Location, BuiltAssembly.Read);

    private static Type StandInType(string assembly) => assembly switch
    {
        RealSdkComparison.SdkAssembly => typeof(Entity),
        RealSdkComparison.ProxyAssembly => typeof(GrantAccessRequest),
        _ => throw new ArgumentOutOfRangeException(nameof(assembly), assembly, "no stand-in of that name"),
    };

    private static BuiltAssembly Deployable(string project, string assemblyName)
    {
        var path = Repo.Net462Output(project, assemblyName);
        Assert.That(File.Exists(path), Is.True, $"{path} was not built; Sdk.Tests builds it through a ProjectReference (TargetFramework=net462)");
        return Read.GetOrAdd(path, BuiltAssembly.Read);
    }

    [TestCase(RealSdkComparison.SdkAssembly)]
    [TestCase(RealSdkComparison.ProxyAssembly)]
    public void TheConnectorIsCompiledAgainstTheRealSdk(string assembly)
    {
        var sdk = StrongName.Read(Connector().Label).References.SingleOrDefault(r => r.Name == assembly);
        Assert.That(sdk, Is.Not.Null, $"the Connector references no {assembly}");
        Assert.Multiple(() =>
        {
            Assert.That(sdk!.Version, Is.EqualTo(new Version(9, 0, 0, 0)));
            Assert.That(sdk.PublicKeyToken, Is.EqualTo(MicrosoftToken));
        });
    }

    [TestCase(RealSdkComparison.SdkAssembly)]
    [TestCase(RealSdkComparison.ProxyAssembly)]
    public void StandInMatchesEveryReferenceTheConnectorMakesThatItDeclares(string assembly)
    {
        var comparison = new RealSdkComparison(Connector(), StandIn(assembly), assembly);
        var summary = $"Microsoft.Xrm.Tooling.Connector {Repo.XrmToolingVersion}: {comparison.MemberReferences.Count} member references into {assembly}, "
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

    [Test]
    public void ComparisonCatchesAProxyStandInThatDiffersFromTheRealOne()
    {
        // Mistakes on Microsoft.Crm.Sdk.Messages types the Connector references (fake Microsoft.Xrm.Sdk types alongside:
        // signatures name types without their assembly).
        var wrong = FixtureCompiler.CompileAlone("Microsoft.Crm.Sdk.Proxy", """
            namespace Microsoft.Xrm.Sdk
            {
                public class Entity { }
                public class OptionSetValue { }
                public class OrganizationRequest { }
            }
            namespace Microsoft.Crm.Sdk.Messages
            {
                public abstract class CloseOpportunityRequest : Microsoft.Xrm.Sdk.OrganizationRequest
                {
                    public Microsoft.Xrm.Sdk.Entity OpportunityClose { get; set; }   // real: declared on WinOpportunityRequest
                }
                public sealed class WinOpportunityRequest : CloseOpportunityRequest
                {
                    public Microsoft.Xrm.Sdk.OptionSetValue Status { get; init; }   // real: a plain setter
                }
                public struct WhoAmIRequest { }                                    // real: a class
                public sealed class RollupType { }                                 // real: an enum
            }
            """);
        var mismatches = new RealSdkComparison(Connector(), wrong, RealSdkComparison.ProxyAssembly).Mismatches;
        Assert.Multiple(() =>
        {
            Assert.That(mismatches, Has.Some.Contains("set_OpportunityClose(class Microsoft.Xrm.Sdk.Entity): the stand-in declares it on Microsoft.Crm.Sdk.Messages.CloseOpportunityRequest, the real SDK on Microsoft.Crm.Sdk.Messages.WinOpportunityRequest"));
            Assert.That(mismatches, Has.Some.Contains("set_Status(class Microsoft.Xrm.Sdk.OptionSetValue): the stand-in declares instance void modreq(System.Runtime.CompilerServices.IsExternalInit)"));
            Assert.That(mismatches, Has.Some.Contains("Microsoft.Crm.Sdk.Messages.WhoAmIRequest: the real SDK's class, the stand-in's valuetype"));
            Assert.That(mismatches, Has.Some.Contains("Microsoft.Crm.Sdk.Messages.RollupType: the real SDK's valuetype, the stand-in's class"));
        });
        TestContext.Out.WriteLine(string.Join("\n", mismatches));
    }

    [TestCase("Plugins", "MciDataverse.Plugins")]
    [TestCase("Workflows", "MciDataverse.Workflows")]
    public void ReportsHowManyOfTheDeployableReferencesTheRealBinaryConfirms(string project, string assemblyName)
    {
        var connector = Connector();
        var ours = Deployable(project, assemblyName);
        var contradicted = new List<string>();
        var kindConflicts = new List<string>();
        var notReferenced = new List<string>();
        var xrmMembers = 0;
        foreach (var assembly in SdkAssemblies)
        {
            var realMembers = connector.MemberReferences.Where(m => m.Assembly == assembly).ToHashSet();
            var realTypes = connector.TypeReferences.Where(t => t.Assembly == assembly).Select(t => t.FullName).ToHashSet();
            var members = ours.MemberReferences.Where(m => m.Assembly == assembly).Distinct().ToList();
            var types = ours.TypeReferences.Where(t => t.Assembly == assembly).Select(t => t.FullName).Distinct().ToList();
            var confirmedMembers = members.Where(realMembers.Contains).ToList();
            var confirmedTypes = types.Where(realTypes.Contains).ToList();
            if (assembly == RealSdkComparison.SdkAssembly) xrmMembers = members.Count;

            // Contradicted: the Connector references the same member (type, name, arity, parameters) with another signature.
            var realByIdentity = realMembers.ToLookup(m => (m.Type, RealSdkComparison.Identity(m)));
            contradicted.AddRange(members.Except(confirmedMembers)
                .SelectMany(m => realByIdentity[(m.Type, RealSdkComparison.Identity(m))].Select(real => $"{m}: the real SDK's is {real.Signature}")));

            // Kinds: every SDK type both binaries mention must have the same kind in both.
            kindConflicts.AddRange(ours.Kinds.Where(k => realTypes.Contains(k.Key) && connector.Kinds.TryGetValue(k.Key, out var real) && !k.Value.SetEquals(real))
                .Select(k => $"{k.Key}: ours {string.Join("/", k.Value)}, real {string.Join("/", connector.Kinds[k.Key])}"));

            TestContext.Error.WriteLine($"{assemblyName}: {confirmedMembers.Count} of {members.Count} {assembly} member references and "
                + $"{confirmedTypes.Count} of {types.Count} type references confirmed by Microsoft.Xrm.Tooling.Connector {Repo.XrmToolingVersion}");
            notReferenced.AddRange(members.Except(confirmedMembers).Select(m => m.ToString()));
        }
        TestContext.Out.WriteLine("Not referenced by the Connector (neither confirmed nor contradicted):\n  " + string.Join("\n  ", notReferenced.Order()));

        Assert.Multiple(() =>
        {
            Assert.That(xrmMembers, Is.Positive, $"{assemblyName} references no Microsoft.Xrm.Sdk member: nothing to confirm");
            Assert.That(contradicted, Is.Empty);
            Assert.That(kindConflicts, Is.Empty);
        });
    }
}
