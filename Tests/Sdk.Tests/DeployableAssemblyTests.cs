using System.Reflection.PortableExecutable;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Sdk.Tests;

/// <summary>
/// What Dataverse's sandbox demands of the net462 assemblies the solution registers: a real strong-name signature
/// with our key, references only to what the sandbox resolves (.NET Framework, the SDK 9.0.0.0: Microsoft.Xrm.Sdk,
/// Microsoft.Crm.Sdk.Proxy, Microsoft.Xrm.Sdk.Workflow), and a size under the 16 MB limit. The assemblies are read from
/// disk, as the packager ships them.
/// </summary>
[TestFixture]
public class DeployableAssemblyTests
{
    private const string MicrosoftToken = "31bf3856ad364e35";
    private const long SixteenMegabytes = 16L * 1024 * 1024;

    // .NET Framework's own keys: ECMA (mscorlib, System), Microsoft (System.Drawing...), and the one of System.Activities/ServiceModel.Web.
    private static readonly string[] FrameworkTokens = ["b77a5c561934e089", "b03f5f7f11d50a3a", MicrosoftToken];

    // The SDK assemblies each may reference. Microsoft.Crm.Sdk.Proxy (GrantAccessRequest, PrincipalAccess...) is in the
    // sandbox beside Microsoft.Xrm.Sdk; the compiler records it only in an assembly that uses one of its types.
    private static readonly object[] Deployables =
    [
        new object[] { "Plugins", "MciDataverse.Plugins", new[] { "Microsoft.Xrm.Sdk", "Microsoft.Crm.Sdk.Proxy" } },
        new object[] { "Workflows", "MciDataverse.Workflows", new[] { "Microsoft.Xrm.Sdk", "Microsoft.Crm.Sdk.Proxy", "Microsoft.Xrm.Sdk.Workflow" } },
    ];

    private static StrongName ReadDeployable(string project, string assemblyName)
    {
        var path = Repo.Net462Output(project, assemblyName);
        Assert.That(File.Exists(path), Is.True, $"{path} was not built; Sdk.Tests builds it through a ProjectReference (TargetFramework=net462)");
        return StrongName.Read(path);
    }

    [TestCaseSource(nameof(Deployables))]
    public void IsStrongNameSignedWithOurKeyNotMicrosofts(string project, string assemblyName, string[] _)
    {
        var assembly = ReadDeployable(project, assemblyName);
        var ourKey = StrongName.RsaPublicPartOfSnk(File.ReadAllBytes(Path.Combine(Repo.Root, "MciDataverse.snk")));
        var theirKey = StrongName.RsaPublicPartOfSnk(File.ReadAllBytes(Path.Combine(Repo.Root, "Sdk", "MicrosoftPublicKey.snk")));

        Assert.Multiple(() =>
        {
            Assert.That(assembly.Flags.HasFlag(CorFlags.StrongNameSigned), Is.True, "CorFlags.StrongNameSigned");
            Assert.That(assembly.RsaPublicPartOfAssemblyKey().Modulus, Is.EqualTo(ourKey.Modulus), "public key = MciDataverse.snk");
            Assert.That(assembly.RsaPublicPartOfAssemblyKey().Modulus, Is.Not.EqualTo(theirKey.Modulus), "not Microsoft's key");
            Assert.That(assembly.PublicKeyToken, Is.Not.EqualTo(MicrosoftToken));
            Assert.That(assembly.SignatureValid, Is.True, "the signature verifies: fully signed, not merely public-signed");
        });
    }

    [TestCaseSource(nameof(Deployables))]
    public void ReferencesOnlyTheFrameworkAndTheSdk(string project, string assemblyName, string[] sdkAssemblies)
    {
        var assembly = ReadDeployable(project, assemblyName);
        var allowedMicrosoft = sdkAssemblies.ToDictionary(n => n, _ => new Version(9, 0, 0, 0));
        if (project == "Workflows") allowedMicrosoft["System.Activities"] = new Version(4, 0, 0, 0);

        Assert.That(assembly.References, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var reference in assembly.References)
            {
                if (allowedMicrosoft.TryGetValue(reference.Name, out var version))
                {
                    Assert.That(reference.Version, Is.EqualTo(version), reference.Name);
                    Assert.That(reference.PublicKeyToken, Is.EqualTo(MicrosoftToken), reference.Name);
                }
                else
                {
                    var framework = reference.Name == "mscorlib" || reference.Name == "System" || reference.Name.StartsWith("System.", StringComparison.Ordinal);
                    Assert.That(framework, Is.True, $"{reference.Name} is neither .NET Framework nor the Dataverse SDK: the sandbox cannot load it");
                    Assert.That(FrameworkTokens, Does.Contain(reference.PublicKeyToken), $"{reference.Name} {reference.Version} ({reference.PublicKeyToken}) is not a .NET Framework assembly");
                    Assert.That(reference.Version.Major, Is.EqualTo(4), $"{reference.Name} {reference.Version} is not a .NET Framework 4 assembly");
                }
            }
        });
    }

    [TestCaseSource(nameof(Deployables))]
    public void IsUnderTheSandboxSizeLimit(string project, string assemblyName, string[] _)
    {
        Assert.That(new FileInfo(ReadDeployable(project, assemblyName).Path).Length, Is.LessThan(SixteenMegabytes));
    }

    [TestCase(typeof(Entity))]
    [TestCase(typeof(GrantAccessRequest))]
    public void VerifierRejectsAPublicSignedAssembly(Type typeInStandIn)
    {
        // The stand-in SDK carries Microsoft's public key and the StrongNameSigned flag, but no real signature.
        var standIn = StrongName.Read(typeInStandIn.Assembly.Location);
        Assert.Multiple(() =>
        {
            Assert.That(standIn.PublicKeyToken, Is.EqualTo(MicrosoftToken));
            Assert.That(standIn.SignatureValid, Is.False);
        });
    }

    [Test]
    public void VerifierRejectsATamperedAssembly()
    {
        var path = Repo.Net462Output("Plugins", "MciDataverse.Plugins");
        Assert.That(StrongName.Read(path).SignatureValid, Is.True);
        var image = File.ReadAllBytes(path);
        image[image.Length / 2] ^= 0xFF;
        Assert.That(StrongName.Read(image, "tampered").SignatureValid, Is.False);
    }

    [Test]
    public void StandInsCarryTheRealSdkIdentity()
    {
        var standIns = new[]
        {
            (typeof(Entity), "Microsoft.Xrm.Sdk", "9.0.0.0"),
            (typeof(GrantAccessRequest), "Microsoft.Crm.Sdk.Proxy", "9.0.0.0"),
            (typeof(Microsoft.Xrm.Sdk.Workflow.IWorkflowContext), "Microsoft.Xrm.Sdk.Workflow", "9.0.0.0"),
            (typeof(System.Activities.CodeActivity), "System.Activities", "4.0.0.0"),
        };
        foreach (var (type, assemblyName, version) in standIns)
        {
            var name = type.Assembly.GetName();
            Assert.That(name.Name, Is.EqualTo(assemblyName));
            Assert.That(name.CultureName, Is.Empty, name.Name);
            Assert.That(name.Version, Is.EqualTo(new Version(version)), name.Name);
            Assert.That(Convert.ToHexString(name.GetPublicKeyToken()!).ToLowerInvariant(), Is.EqualTo(MicrosoftToken), name.Name);
        }
    }
}
