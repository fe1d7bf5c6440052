using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests.Messages;

/// <summary>RetrieveSharedPrincipalsAndAccessHandler: the explicit shares of a record, in the order they were made.</summary>
public class RetrieveSharedPrincipalsAndAccessTests
{
    private SharingWorld _w = null!;

    [SetUp]
    public void SetUp() => _w = new SharingWorld();

    private PrincipalAccess[] Shared(Guid asUser, EntityReference? target = null) =>
        ((RetrieveSharedPrincipalsAndAccessResponse)_w.As(asUser).Execute(new RetrieveSharedPrincipalsAndAccessRequest { Target = target ?? _w.RecordRef })).PrincipalAccesses;

    [Test]
    public void Lists_each_user_and_team_with_its_shares_rights_and_not_the_owner()
    {
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess | AccessRights.WriteAccess);
        _w.Grant(_w.Owner, SharingWorld.User(_w.Colleague), AccessRights.ReadAccess);
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.AppendToAccess);
        var shared = Shared(_w.Owner);
        Assert.Multiple(() =>
        {
            Assert.That(shared.Select(p => (p.Principal.LogicalName, p.Principal.Id)), Is.EqualTo(new[] { ("team", _w.Team), ("systemuser", _w.Colleague) }));
            Assert.That(shared.Select(p => p.AccessMask), Is.EqualTo(new[] { AccessRights.ReadAccess | AccessRights.WriteAccess | AccessRights.AppendToAccess, AccessRights.ReadAccess }));
        });
    }

    [Test]
    public void An_inherited_share_is_listed_with_its_rights()
    {
        var child = _w.As(_w.Owner).Create(new Entity("test_child") { ["test_name"] = "c", ["test_parentid"] = _w.RecordRef });
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        var shared = Shared(_w.Owner, new EntityReference("test_child", child)).Single();
        Assert.That((shared.Principal.Id, shared.AccessMask), Is.EqualTo((_w.Team, AccessRights.ReadAccess)));
    }

    [Test]
    public void A_record_shared_with_nobody_lists_nobody_and_the_caller_must_read_it()
    {
        Assert.That(Shared(_w.Owner), Is.Empty);
        Assert.That(Refusal.Of(() => Shared(_w.Colleague)).ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
    }
}
