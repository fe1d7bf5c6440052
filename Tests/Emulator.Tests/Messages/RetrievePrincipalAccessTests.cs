using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests.Messages;

/// <summary>RetrievePrincipalAccessHandler: the rights by role depth, by shares to the user and to their teams, combined.</summary>
public class RetrievePrincipalAccessTests
{
    private SharingWorld _w = null!;

    private const AccessRights BasicOwnerRights = AccessRights.ReadAccess | AccessRights.WriteAccess | AccessRights.AppendAccess | AccessRights.AppendToAccess
        | AccessRights.CreateAccess | AccessRights.DeleteAccess;

    [SetUp]
    public void SetUp() => _w = new SharingWorld();

    [Test]
    public void The_owner_has_every_right_its_roles_give_on_its_own_record()
    {
        Assert.That(_w.RightsOf(SharingWorld.User(_w.Owner)), Is.EqualTo(BasicOwnerRights | AccessRights.ShareAccess), "Test Sharer has no Assign");
    }

    [Test]
    public void Shares_to_the_user_and_to_a_team_of_theirs_combine()
    {
        Assert.That(_w.RightsOf(SharingWorld.User(_w.Colleague)), Is.EqualTo(AccessRights.None), "Basic depth does not reach another user's record");
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        _w.Grant(_w.Owner, SharingWorld.User(_w.Colleague), AccessRights.WriteAccess);
        Assert.Multiple(() =>
        {
            Assert.That(_w.RightsOf(SharingWorld.User(_w.Colleague)), Is.EqualTo(AccessRights.ReadAccess | AccessRights.WriteAccess));
            Assert.That(_w.RightsOf(_w.TeamRef), Is.EqualTo(AccessRights.None), "the team holds no role: its share gives it no right of its own");
        });
    }

    [Test]
    public void A_share_gives_no_right_the_principals_roles_lack()
    {
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess | AccessRights.WriteAccess | AccessRights.AssignAccess);
        Assert.Multiple(() =>
        {
            Assert.That(_w.RightsOf(SharingWorld.User(_w.Outsider)), Is.EqualTo(AccessRights.None), "no test_parent privilege at all");
            Assert.That(_w.RightsOf(SharingWorld.User(_w.Colleague)), Is.EqualTo(AccessRights.ReadAccess | AccessRights.WriteAccess), "Test Owner has no Assign privilege");
        });
    }

    [Test]
    public void The_principal_must_be_a_user_or_team_and_the_caller_must_read_the_record()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _w.RightsOf(new EntityReference("account", Guid.NewGuid()))).Message, Is.EqualTo("RetrievePrincipalAccess: Principal must be a systemuser or a team, not 'account'."));
            Assert.That(Refusal.Of(() => _w.RightsOf(SharingWorld.User(_w.Owner), asUser: _w.Colleague)).ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
        });
    }
}
