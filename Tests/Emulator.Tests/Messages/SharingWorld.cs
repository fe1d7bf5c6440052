using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests.Messages;

/// <summary>
/// People for the sharing tests: an owner who may share (Test Sharer: Basic with Share), a colleague with Basic
/// privileges and no Share (Test Owner, Salesperson-like) in team Collaborators, and a user with no test privileges in
/// the same team. The owner's record P is out of the colleague's Basic reach until it is shared.
/// </summary>
internal sealed class SharingWorld
{
    public SharingWorld()
    {
        Env = TestEnvironment.Create();
        Owner = Env.CreateUser("Olivia Owner", roles: new[] { "Test Sharer" });
        Colleague = Env.CreateUser("Carl Colleague", roles: new[] { "Test Owner" });
        Outsider = Env.CreateUser("Una Unprivileged", roles: new[] { "Basic User" });
        Team = Env.CreateTeam("Collaborators", Env.AdministratorId, new[] { Colleague, Outsider });
        Record = Env.Service(Owner).CreateParent("P");
    }

    public Dataverse Env { get; }
    public Guid Owner { get; }
    public Guid Colleague { get; }
    public Guid Outsider { get; }
    public Guid Team { get; }
    public Guid Record { get; }

    public EntityReference RecordRef => new("test_parent", Record);
    public EntityReference TeamRef => new("team", Team);
    public static EntityReference User(Guid id) => new("systemuser", id);

    public IOrganizationService As(Guid user) => Env.Service(user);

    public void Grant(Guid by, EntityReference principal, AccessRights rights, EntityReference? target = null) =>
        As(by).Execute(new GrantAccessRequest { Target = target ?? RecordRef, PrincipalAccess = new PrincipalAccess { Principal = principal, AccessMask = rights } });

    public void Modify(Guid by, EntityReference principal, AccessRights rights, EntityReference? target = null) =>
        As(by).Execute(new ModifyAccessRequest { Target = target ?? RecordRef, PrincipalAccess = new PrincipalAccess { Principal = principal, AccessMask = rights } });

    public void Revoke(Guid by, EntityReference principal, EntityReference? target = null) =>
        As(by).Execute(new RevokeAccessRequest { Target = target ?? RecordRef, Revokee = principal });

    public AccessRights RightsOf(EntityReference principal, EntityReference? target = null, Guid? asUser = null) =>
        ((RetrievePrincipalAccessResponse)As(asUser ?? Env.AdministratorId).Execute(new RetrievePrincipalAccessRequest { Principal = principal, Target = target ?? RecordRef })).AccessRights;
}
