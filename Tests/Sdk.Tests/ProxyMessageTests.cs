using System.Reflection;
using System.Runtime.Serialization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Sdk.Tests;

/// <summary>
/// The Microsoft.Crm.Sdk.Proxy stand-in: sharing requests, WinOpportunity and LoseOpportunity are views over Parameters/Results under
/// the real message and parameter names (what the pipeline and plug-ins' InputParameters see), and PrincipalAccess /
/// AccessRights are the data contracts the Learn reference documents (the sandbox serializes parameters by contract).
/// </summary>
[TestFixture]
public class ProxyMessageTests
{
    private const string CrmContracts = "http://schemas.microsoft.com/crm/2011/Contracts";

    private static readonly EntityReference Deal = new("opportunity", Guid.NewGuid());
    private static readonly EntityReference Team = new("team", Guid.NewGuid());

    [Test]
    public void RequestsWriteTheirParametersUnderTheRealNames()
    {
        var access = new PrincipalAccess { Principal = Team, AccessMask = AccessRights.ReadAccess | AccessRights.WriteAccess };
        var close = new Entity("opportunityclose") { ["opportunityid"] = Deal };
        var won = new OptionSetValue(3);
        var canceled = new OptionSetValue(4);

        var cases = new (OrganizationRequest Request, string Name, (string Key, object Value)[] Parameters)[]
        {
            (new GrantAccessRequest { Target = Deal, PrincipalAccess = access }, "GrantAccess", [("Target", Deal), ("PrincipalAccess", access)]),
            (new ModifyAccessRequest { Target = Deal, PrincipalAccess = access }, "ModifyAccess", [("Target", Deal), ("PrincipalAccess", access)]),
            (new RevokeAccessRequest { Target = Deal, Revokee = Team }, "RevokeAccess", [("Target", Deal), ("Revokee", Team)]),
            (new RetrievePrincipalAccessRequest { Target = Deal, Principal = Team }, "RetrievePrincipalAccess", [("Target", Deal), ("Principal", Team)]),
            (new RetrieveSharedPrincipalsAndAccessRequest { Target = Deal }, "RetrieveSharedPrincipalsAndAccess", [("Target", Deal)]),
            (new WinOpportunityRequest { OpportunityClose = close, Status = won }, "WinOpportunity", [("OpportunityClose", close), ("Status", won)]),
            (new LoseOpportunityRequest { OpportunityClose = close, Status = canceled }, "LoseOpportunity", [("OpportunityClose", close), ("Status", canceled)]),
        };

        Assert.Multiple(() =>
        {
            foreach (var (request, name, parameters) in cases)
            {
                Assert.That(request.RequestName, Is.EqualTo(name));
                Assert.That(request.Parameters.Keys, Is.EquivalentTo(parameters.Select(p => p.Key)), name);
                foreach (var (key, value) in parameters) Assert.That(request[key], Is.SameAs(value), $"{name}.{key}");
            }
        });
    }

    [Test]
    public void TypedPropertiesReadBackWhatTheGenericBagHolds()
    {
        // What a host hands back after routing by RequestName: the same bag, read through the typed view.
        var access = new PrincipalAccess { Principal = Team, AccessMask = AccessRights.AppendToAccess };
        var grant = new GrantAccessRequest();
        grant.Parameters["Target"] = Deal;
        grant.Parameters["PrincipalAccess"] = access;
        var revoke = new RevokeAccessRequest { ["Revokee"] = Team };
        var retrieve = new RetrievePrincipalAccessRequest { ["Principal"] = Team };
        var win = new WinOpportunityRequest { ["Status"] = new OptionSetValue(3) };
        var lose = new LoseOpportunityRequest { ["Status"] = new OptionSetValue(5) };

        Assert.Multiple(() =>
        {
            Assert.That(grant.Target, Is.SameAs(Deal));
            Assert.That(grant.PrincipalAccess, Is.SameAs(access));
            Assert.That(revoke.Revokee, Is.SameAs(Team));
            Assert.That(retrieve.Principal, Is.SameAs(Team));
            Assert.That(win.Status, Is.EqualTo(new OptionSetValue(3)));
            Assert.That(lose.Status, Is.EqualTo(new OptionSetValue(5)));
        });
    }

    [Test]
    public void ATypedWinIsTheGenericWinTheEmulatorAlreadyTakes()
    {
        var close = new Entity("opportunityclose");
        var generic = new OrganizationRequest("WinOpportunity") { ["OpportunityClose"] = close, ["Status"] = new OptionSetValue(3) };
        var typed = new WinOpportunityRequest { OpportunityClose = close, Status = new OptionSetValue(3) };

        Assert.That((typed.RequestName, typed.Parameters.Keys.Order().ToList()), Is.EqualTo((generic.RequestName, generic.Parameters.Keys.Order().ToList())));
        Assert.That(typed["Status"], Is.EqualTo(generic["Status"]));
    }

    [Test]
    public void RequiredParametersArePresentAsNullOnANewRequest()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new GrantAccessRequest().Parameters.Keys, Is.EquivalentTo(new[] { "Target", "PrincipalAccess" }));
            Assert.That(new ModifyAccessRequest().Parameters.Keys, Is.EquivalentTo(new[] { "Target", "PrincipalAccess" }));
            Assert.That(new RevokeAccessRequest().Parameters.Keys, Is.EquivalentTo(new[] { "Target", "Revokee" }));
            Assert.That(new RetrievePrincipalAccessRequest().Parameters.Keys, Is.EquivalentTo(new[] { "Target", "Principal" }));
            Assert.That(new RetrieveSharedPrincipalsAndAccessRequest().Parameters.Keys, Is.EquivalentTo(new[] { "Target" }));
            Assert.That(new WinOpportunityRequest().Parameters.Keys, Is.EquivalentTo(new[] { "OpportunityClose", "Status" }));
            Assert.That(new LoseOpportunityRequest().Parameters.Keys, Is.EquivalentTo(new[] { "OpportunityClose", "Status" }));
            Assert.That(new GrantAccessRequest().Parameters.Values, Is.All.Null);
            Assert.That(new GrantAccessRequest().PrincipalAccess, Is.Null);
            Assert.That(new RevokeAccessRequest().Revokee, Is.Null);
            Assert.That(new WinOpportunityRequest().Status, Is.Null);
            Assert.That(new LoseOpportunityRequest().OpportunityClose, Is.Null);
        });
    }

    [Test]
    public void AValueOfTheWrongTypeIsRefusedWhenRead()
    {
        // As the real SDK's cast: a bag holding something else is an error, not a silent null.
        var grant = new GrantAccessRequest { ["Target"] = "opportunity" };
        var modify = new ModifyAccessRequest { ["PrincipalAccess"] = Team };
        var win = new WinOpportunityRequest { ["Status"] = 3 };
        var lose = new LoseOpportunityRequest { ["OpportunityClose"] = Deal };
        var rights = new RetrievePrincipalAccessResponse { Results = { ["AccessRights"] = "ReadAccess" } };

        Assert.Multiple(() =>
        {
            Assert.Throws<InvalidCastException>(() => _ = grant.Target);
            Assert.Throws<InvalidCastException>(() => _ = modify.PrincipalAccess);
            Assert.Throws<InvalidCastException>(() => _ = win.Status);
            Assert.Throws<InvalidCastException>(() => _ = lose.OpportunityClose);
            Assert.Throws<InvalidCastException>(() => _ = rights.AccessRights);
        });
    }

    [Test]
    public void ResponsesReadTheirResultsUnderTheRealNames()
    {
        var shares = new[]
        {
            new PrincipalAccess { Principal = Team, AccessMask = AccessRights.ReadAccess | AccessRights.WriteAccess },
            new PrincipalAccess { Principal = new EntityReference("systemuser", Guid.NewGuid()), AccessMask = AccessRights.ReadAccess },
        };
        var rights = new RetrievePrincipalAccessResponse { Results = { ["AccessRights"] = AccessRights.ReadAccess | AccessRights.ShareAccess } };
        var shared = new RetrieveSharedPrincipalsAndAccessResponse { Results = { ["PrincipalAccesses"] = shares } };

        Assert.Multiple(() =>
        {
            Assert.That(rights.AccessRights, Is.EqualTo(AccessRights.ReadAccess | AccessRights.ShareAccess));
            Assert.That(shared.PrincipalAccesses, Is.SameAs(shares));
            Assert.That(shared.PrincipalAccesses.Select(p => p.Principal), Is.EqualTo(shares.Select(p => p.Principal)));
        });
    }

    [Test]
    public void EmptyResponsesReadDefaults()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new RetrievePrincipalAccessResponse().AccessRights, Is.EqualTo(AccessRights.None));
            Assert.That(new RetrievePrincipalAccessResponse { Results = { ["AccessRights"] = null } }.AccessRights, Is.EqualTo(AccessRights.None));
            Assert.That(new RetrieveSharedPrincipalsAndAccessResponse().PrincipalAccesses, Is.Null);
            foreach (var response in new OrganizationResponse[] { new GrantAccessResponse(), new ModifyAccessResponse(), new RevokeAccessResponse(), new WinOpportunityResponse(), new LoseOpportunityResponse() })
            {
                Assert.That(response.Results, Is.Empty, response.GetType().Name);
            }
            Assert.Throws<KeyNotFoundException>(() => _ = new RetrievePrincipalAccessResponse()["AccessRights"]);
        });
    }

    [Test]
    public void AccessRightsAreTheDocumentedFlags()
    {
        // https://learn.microsoft.com/dotnet/api/microsoft.crm.sdk.messages.accessrights
        var documented = new Dictionary<string, int>
        {
            ["None"] = 0, ["ReadAccess"] = 1, ["WriteAccess"] = 2, ["AppendAccess"] = 4, ["AppendToAccess"] = 16,
            ["CreateAccess"] = 32, ["DeleteAccess"] = 65536, ["ShareAccess"] = 262144, ["AssignAccess"] = 524288,
        };

        Assert.Multiple(() =>
        {
            Assert.That(Enum.GetNames<AccessRights>().ToDictionary(n => n, n => (int)Enum.Parse<AccessRights>(n)), Is.EquivalentTo(documented));
            Assert.That(typeof(AccessRights).IsDefined(typeof(FlagsAttribute)), Is.True);
            // The four rights MCI's share of a deal gives a collaborating team combine into one mask.
            var collaborator = AccessRights.ReadAccess | AccessRights.WriteAccess | AccessRights.AppendAccess | AccessRights.AppendToAccess;
            Assert.That((int)collaborator, Is.EqualTo(23));
            Assert.That(collaborator.ToString(), Is.EqualTo("ReadAccess, WriteAccess, AppendAccess, AppendToAccess"));
            Assert.That(collaborator.HasFlag(AccessRights.DeleteAccess), Is.False);
        });
    }

    [Test]
    public void PrincipalAccessSerializesAsTheCrmDataContract()
    {
        var access = new PrincipalAccess { Principal = Team, AccessMask = AccessRights.ReadAccess | AccessRights.AppendToAccess };
        var serializer = new DataContractSerializer(typeof(PrincipalAccess));
        using var buffer = new MemoryStream();
        serializer.WriteObject(buffer, access);

        buffer.Position = 0;
        var xml = XDocument.Load(buffer);
        buffer.Position = 0;
        using var reader = XmlDictionaryReader.CreateTextReader(buffer, XmlDictionaryReaderQuotas.Max);
        var back = (PrincipalAccess)serializer.ReadObject(reader)!;

        XNamespace contracts = CrmContracts;
        Assert.Multiple(() =>
        {
            Assert.That(xml.Root!.Name, Is.EqualTo(contracts + "PrincipalAccess"));
            Assert.That(xml.Root.Element(contracts + "AccessMask")?.Value, Is.EqualTo("ReadAccess AppendToAccess"), "a [Flags] data contract enum: its [EnumMember] names");
            Assert.That(xml.Root.Element(contracts + "Principal"), Is.Not.Null);
            Assert.That(back.AccessMask, Is.EqualTo(access.AccessMask));
            Assert.That(back.Principal, Is.EqualTo(Team));
        });
    }

    [Test]
    public void EveryTypeIsADataContractInTheCrmNamespace()
    {
        var types = typeof(PrincipalAccess).Assembly.GetExportedTypes();
        Assert.That(types, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var type in types)
            {
                var contract = type.GetCustomAttribute<DataContractAttribute>();
                Assert.That(contract, Is.Not.Null, type.Name);
                Assert.That(contract?.Namespace, Is.EqualTo(CrmContracts), type.Name);
                Assert.That(type.Namespace, Is.EqualTo("Microsoft.Crm.Sdk.Messages"), type.Name);
            }
            Assert.That(typeof(PrincipalAccess).GetInterfaces(), Does.Contain(typeof(IExtensibleDataObject)));
            Assert.That(typeof(PrincipalAccess).GetProperty(nameof(PrincipalAccess.AccessMask))!.IsDefined(typeof(DataMemberAttribute)), Is.True);
            Assert.That(typeof(PrincipalAccess).GetProperty(nameof(PrincipalAccess.Principal))!.IsDefined(typeof(DataMemberAttribute)), Is.True);
        });
    }
}
