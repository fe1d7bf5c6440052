using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Tests.Messages;

/// <summary>RevokeAccessHandler: removes one principal's share and what its children inherited; other shares stay.</summary>
public class RevokeAccessTests
{
    private SharingWorld _w = null!;

    [SetUp]
    public void SetUp() => _w = new SharingWorld();

    [Test]
    public void Revoking_a_teams_share_leaves_a_members_own_share()
    {
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess | AccessRights.WriteAccess);
        _w.Grant(_w.Owner, SharingWorld.User(_w.Colleague), AccessRights.ReadAccess);
        _w.Revoke(_w.Owner, _w.TeamRef);
        var colleague = _w.As(_w.Colleague);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Env.Shares("test_parent", _w.Record).Select(s => s.Principal.Id), Is.EqualTo(new[] { _w.Colleague }));
            Assert.That(colleague.Retrieve("test_parent", _w.Record, new ColumnSet("test_name")).Id, Is.EqualTo(_w.Record), "the own Read share stays");
            Assert.That(Refusal.Of(() => colleague.Update(new Entity("test_parent", _w.Record) { ["test_count"] = 2 })).ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied), "Write came from the team's share");
        });
    }

    [Test]
    public void Revoking_removes_what_the_children_inherited_but_not_their_own_shares()
    {
        var owner = _w.As(_w.Owner);
        var child = owner.Create(new Entity("test_child") { ["test_name"] = "c", ["test_parentid"] = _w.RecordRef });
        var ownShare = owner.Create(new Entity("test_child") { ["test_name"] = "own share", ["test_parentid"] = _w.RecordRef });
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.WriteAccess, new EntityReference("test_child", ownShare));
        _w.Revoke(_w.Owner, _w.TeamRef);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Env.Shares("test_child", child), Is.Empty);
            var kept = _w.Env.Shares("test_child", ownShare).Single();
            Assert.That((kept.Mask, kept.Inherited), Is.EqualTo((AccessRights.WriteAccess, AccessRights.None)));
        });
    }

    [Test]
    public void Revoking_a_share_that_does_not_exist_changes_nothing()
    {
        var before = _w.Env.Snapshot();
        Assert.DoesNotThrow(() => _w.Revoke(_w.Owner, _w.TeamRef));
        Assert.That(_w.Env.Snapshot().DifferencesFrom(before), Is.Empty);
    }

    [Test]
    public void The_Revokee_is_required_and_revoking_needs_what_sharing_needs()
    {
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _w.As(_w.Owner).Execute(new RevokeAccessRequest { Target = _w.RecordRef })).Message, Is.EqualTo("RevokeAccess: Revokee is required."));
            Assert.That(Refusal.Leaving(_w.Env, () => _w.Revoke(_w.Colleague, _w.TeamRef)).Message, Does.Contain("is missing prvSharetest_parent privilege"));
        });
    }
}
