using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Tests.Messages;

/// <summary>ModifyAccessHandler: replaces a share's rights (and what its children inherited); no share, no modify.</summary>
public class ModifyAccessTests
{
    private SharingWorld _w = null!;

    [SetUp]
    public void SetUp() => _w = new SharingWorld();

    [Test]
    public void Modify_replaces_the_rights_so_a_right_left_out_is_lost()
    {
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess | AccessRights.WriteAccess);
        _w.Modify(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Env.Shares("test_parent", _w.Record).Single().Mask, Is.EqualTo(AccessRights.ReadAccess));
            Assert.That(Refusal.Of(() => _w.As(_w.Colleague).Update(new Entity("test_parent", _w.Record) { ["test_count"] = 1 })).ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
            Assert.That(_w.As(_w.Colleague).Retrieve("test_parent", _w.Record, new ColumnSet("test_name"))["test_name"], Is.EqualTo("P"));
        });
    }

    [Test]
    public void A_principal_without_a_share_cannot_have_it_modified()
    {
        var fault = Refusal.Leaving(_w.Env, () => _w.Modify(_w.Owner, _w.TeamRef, AccessRights.ReadAccess));
        Assert.That(fault.Message, Is.EqualTo($"ModifyAccess: test_parent {_w.Record:D} is not shared with team {_w.Team:D}; give a first share with GrantAccess."));
    }

    [Test]
    public void The_children_inherit_the_new_rights()
    {
        var child = _w.As(_w.Owner).Create(new Entity("test_child") { ["test_name"] = "c", ["test_parentid"] = _w.RecordRef });
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        _w.Modify(_w.Owner, _w.TeamRef, AccessRights.ReadAccess | AccessRights.WriteAccess);
        Assert.That(_w.Env.Shares("test_child", child).Single().Inherited, Is.EqualTo(AccessRights.ReadAccess | AccessRights.WriteAccess));
    }

    [Test]
    public void Modifying_needs_what_sharing_needs()
    {
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess | AccessRights.WriteAccess);
        var fault = Refusal.Leaving(_w.Env, () => _w.Modify(_w.Colleague, _w.TeamRef, AccessRights.ReadAccess));
        Assert.That(fault.Message, Does.Contain("is missing prvSharetest_parent privilege"));
    }
}
