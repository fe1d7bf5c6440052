using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Tests.Messages;

/// <summary>GrantAccessHandler: who may share, what a share stores, a second grant, the cascade to child records.</summary>
public class GrantAccessTests
{
    private SharingWorld _w = null!;

    [SetUp]
    public void SetUp() => _w = new SharingWorld();

    [Test]
    public void A_share_is_stored_as_a_principalobjectaccess_row_of_the_record()
    {
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess | AccessRights.WriteAccess);
        var share = _w.Env.Shares("test_parent", _w.Record).Single();
        Assert.Multiple(() =>
        {
            Assert.That(share.Principal.LogicalName, Is.EqualTo("team"));
            Assert.That(share.Principal.Id, Is.EqualTo(_w.Team));
            Assert.That(share.Mask, Is.EqualTo(AccessRights.ReadAccess | AccessRights.WriteAccess));
            Assert.That(share.Inherited, Is.EqualTo(AccessRights.None));
        });
    }

    [Test]
    public void Granting_again_adds_rights_to_the_share_it_does_not_replace_them()
    {
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.WriteAccess);
        Assert.That(_w.Env.Shares("test_parent", _w.Record).Single().Mask, Is.EqualTo(AccessRights.ReadAccess | AccessRights.WriteAccess));
    }

    [Test]
    public void Sharing_needs_the_Share_privilege_which_SYSTEM_and_administrators_have()
    {
        var mine = _w.As(_w.Colleague).CreateParent("the colleague's own");
        var noPrivilege = Refusal.Leaving(_w.Env, () => _w.Grant(_w.Colleague, SharingWorld.User(_w.Owner), AccessRights.ReadAccess, new EntityReference("test_parent", mine)));
        Assert.That(noPrivilege.ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
        Assert.That(noPrivilege.Message, Does.Contain("is missing prvSharetest_parent privilege"));
        Assert.DoesNotThrow(() => _w.Grant(_w.Env.SystemUserId, _w.TeamRef, AccessRights.ReadAccess, new EntityReference("test_parent", mine)));
        Assert.DoesNotThrow(() => _w.Grant(_w.Env.AdministratorId, SharingWorld.User(_w.Owner), AccessRights.ReadAccess, new EntityReference("test_parent", mine)));
    }

    [Test]
    public void Sharing_needs_Share_access_to_the_record_a_share_with_ShareAccess_gives_it()
    {
        var other = _w.Env.CreateUser("Second Sharer", roles: new[] { "Test Sharer" });
        var fault = Refusal.Leaving(_w.Env, () => _w.Grant(other, _w.TeamRef, AccessRights.ReadAccess));
        Assert.That(fault.Message, Is.EqualTo($"Principal with ID {other:D} does not have ShareAccess right(s) for record with ID {_w.Record:D} of entity test_parent."));
        _w.Grant(_w.Owner, SharingWorld.User(other), AccessRights.ReadAccess | AccessRights.ShareAccess);
        Assert.DoesNotThrow(() => _w.Grant(other, _w.TeamRef, AccessRights.ReadAccess), "a user the record is shared with ShareAccess may share it on");
    }

    [Test]
    public void The_principal_must_be_an_existing_user_or_team_and_the_record_must_exist()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _w.Grant(_w.Owner, new EntityReference("account", Guid.NewGuid()), AccessRights.ReadAccess)).Message,
                Is.EqualTo("GrantAccess: PrincipalAccess.Principal must be a systemuser or a team, not 'account'."));
            Assert.That(Refusal.Of(() => _w.Grant(_w.Owner, new EntityReference("team", Guid.NewGuid()), AccessRights.ReadAccess)).ErrorCode, Is.EqualTo(ErrorCodes.ObjectDoesNotExist));
            Assert.That(Refusal.Of(() => _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess, new EntityReference("test_parent", Guid.NewGuid()))).ErrorCode, Is.EqualTo(ErrorCodes.ObjectDoesNotExist));
            Assert.That(Refusal.Of(() => _w.As(_w.Owner).Execute(new GrantAccessRequest { Target = _w.RecordRef })).Message, Is.EqualTo("GrantAccess: PrincipalAccess is required."));
            Assert.That(Refusal.Of(() => _w.Grant(_w.Env.AdministratorId, _w.TeamRef, AccessRights.ReadAccess, new EntityReference("businessunit", _w.Env.RootBusinessUnitId))).Message,
                Is.EqualTo("GrantAccess: businessunit is not owned by users or teams, so its records cannot be shared."));
        });
    }

    [Test]
    public void A_share_cascades_to_the_children_of_a_parental_relationship_and_not_further()
    {
        var owner = _w.As(_w.Owner);
        var child = owner.Create(new Entity("test_child") { ["test_name"] = "cascaded", ["test_parentid"] = _w.RecordRef });
        var linked = owner.Create(new Entity("test_child") { ["test_name"] = "only linked", ["test_linkid"] = _w.RecordRef });
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        var colleague = _w.As(_w.Colleague);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Env.Shares("test_child", child).Single().Inherited, Is.EqualTo(AccessRights.ReadAccess), "test_parent_child_parentid: CascadeShare Cascade");
            Assert.That(colleague.Retrieve("test_child", child, new ColumnSet("test_name"))["test_name"], Is.EqualTo("cascaded"));
            Assert.That(_w.Env.Shares("test_child", linked), Is.Empty, "test_parent_child_linkid: CascadeShare NoCascade");
        });
    }

    [Test]
    public void A_share_made_in_a_transaction_that_fails_is_undone_with_it()
    {
        var requests = new OrganizationRequestCollection
        {
            new GrantAccessRequest { Target = _w.RecordRef, PrincipalAccess = new PrincipalAccess { Principal = _w.TeamRef, AccessMask = AccessRights.ReadAccess } },
            new Microsoft.Xrm.Sdk.Messages.UpdateRequest { Target = new Entity("test_parent", _w.Record) { ["test_name"] = new string('x', 101) } },
        };
        Refusal.Leaving(_w.Env, () => _w.As(_w.Owner).Execute(new Microsoft.Xrm.Sdk.Messages.ExecuteTransactionRequest { Requests = requests }));
        Assert.That(_w.Env.Shares("test_parent", _w.Record), Is.Empty);
    }
}
