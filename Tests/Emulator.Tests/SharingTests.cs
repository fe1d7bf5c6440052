using Mci.Emulator.Tests.Messages;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Tests;

/// <summary>
/// Every access check honours shares with the user and with the teams they belong to, after the privilege check
/// (Learn, "How access to a record is determined"): a colleague with Basic depth reaches the owner's record only
/// through a share, and only for the rights the share carries and the colleague's roles allow.
/// </summary>
public class SharingTests
{
    private SharingWorld _w = null!;
    private IOrganizationService _colleague = null!;

    [SetUp]
    public void SetUp()
    {
        _w = new SharingWorld();
        _colleague = _w.As(_w.Colleague);
    }

    private List<Guid> ParentsTheColleagueFinds() =>
        _colleague.RetrieveMultiple(new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_name") }).Entities.Select(e => e.Id).ToList();

    [Test]
    public void A_user_reaching_a_record_only_through_a_team_share_reads_and_updates_it_and_loses_it_on_revoke()
    {
        Assert.That(Refusal.Of(() => _colleague.Retrieve("test_parent", _w.Record, new ColumnSet("test_name"))).ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
        Assert.That(ParentsTheColleagueFinds(), Is.Empty);

        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess | AccessRights.WriteAccess);
        _colleague.Update(new Entity("test_parent", _w.Record) { ["test_count"] = 7 });
        Assert.Multiple(() =>
        {
            Assert.That(_colleague.Retrieve("test_parent", _w.Record, new ColumnSet("test_count"))["test_count"], Is.EqualTo(7));
            Assert.That(ParentsTheColleagueFinds(), Is.EqualTo(new[] { _w.Record }));
        });

        _w.Revoke(_w.Owner, _w.TeamRef);
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _colleague.Retrieve("test_parent", _w.Record, new ColumnSet("test_name"))).ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
            Assert.That(Refusal.Of(() => _colleague.Update(new Entity("test_parent", _w.Record) { ["test_count"] = 8 })).ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
            Assert.That(ParentsTheColleagueFinds(), Is.Empty);
        });
    }

    [Test]
    public void A_share_gives_only_its_rights()
    {
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        Assert.Multiple(() =>
        {
            Assert.That(_colleague.Retrieve("test_parent", _w.Record, new ColumnSet("test_name")).Id, Is.EqualTo(_w.Record));
            Assert.That(Refusal.Of(() => _colleague.Update(new Entity("test_parent", _w.Record) { ["test_count"] = 1 })).Message,
                Is.EqualTo($"Principal with ID {_w.Colleague:D} does not have WriteAccess right(s) for record with ID {_w.Record:D} of entity test_parent."));
            Assert.That(Refusal.Of(() => _colleague.Delete("test_parent", _w.Record)).ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
        });
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.DeleteAccess);
        _colleague.Delete("test_parent", _w.Record);
        Assert.That(_w.Env.Peek("test_parent", _w.Record), Is.Null);
    }

    [Test]
    public void A_share_without_the_role_privilege_grants_nothing()
    {
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess | AccessRights.WriteAccess);
        var outsider = _w.As(_w.Outsider);
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => outsider.Retrieve("test_parent", _w.Record, new ColumnSet("test_name"))).ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
            Assert.That(Refusal.Of(() => outsider.RetrieveMultiple(new QueryExpression("test_parent"))).ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
            Assert.That(Refusal.Of(() => outsider.Update(new Entity("test_parent", _w.Record) { ["test_count"] = 1 })).ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
        });
    }

    [Test]
    public void FetchXml_link_entities_and_aggregates_see_shared_rows()
    {
        var child = _colleague.Create(new Entity("test_child") { ["test_name"] = "colleague's", ["test_linkid"] = null });
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess | AccessRights.AppendToAccess);
        _colleague.Update(new Entity("test_child", child) { ["test_linkid"] = _w.RecordRef });
        var fetched = _colleague.RetrieveMultiple(new FetchExpression("<fetch><entity name='test_parent'><attribute name='test_name'/></entity></fetch>")).Entities;
        var joined = _colleague.RetrieveMultiple(new FetchExpression(
            "<fetch><entity name='test_child'><attribute name='test_name'/><link-entity name='test_parent' from='test_parentid' to='test_linkid' alias='p'><attribute name='test_name'/></link-entity></entity></fetch>")).Entities;
        var count = _colleague.RetrieveMultiple(new FetchExpression("<fetch aggregate='true'><entity name='test_parent'><attribute name='test_parentid' alias='n' aggregate='count'/></entity></fetch>")).Entities.Single();
        Assert.Multiple(() =>
        {
            Assert.That(fetched.Select(e => e.Id), Is.EqualTo(new[] { _w.Record }));
            Assert.That(joined.Single().GetAttributeValue<AliasedValue>("p.test_name").Value, Is.EqualTo("P"), "the linked row is readable through the share");
            Assert.That(count.GetAttributeValue<AliasedValue>("n").Value, Is.EqualTo(1));
        });
    }

    [Test]
    public void Pointing_a_lookup_at_a_shared_record_needs_AppendTo_in_the_share()
    {
        var child = _colleague.Create(new Entity("test_child") { ["test_name"] = "colleague's" });
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        Assert.That(Refusal.Of(() => _colleague.Update(new Entity("test_child", child) { ["test_linkid"] = _w.RecordRef })).Message, Does.Contain("AppendToAccess"));
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.AppendToAccess);
        _colleague.Update(new Entity("test_child", child) { ["test_linkid"] = _w.RecordRef });
        _colleague.Associate("test_parent", _w.Record, new Relationship("test_parent_child_nn"), new EntityReferenceCollection { new EntityReference("test_child", child) });
        Assert.That(_w.Env.Count("test_parent_child_nn"), Is.EqualTo(1), "a many-to-many link needs AppendTo on both: the share gives it on P");
    }

    [Test]
    public void A_salesperson_of_another_business_unit_wins_and_assigns_a_deal_shared_with_their_team()
    {
        var otherUnit = _w.Env.CreateBusinessUnit("Other unit");
        var seller = _w.Env.CreateUser("Sam Seller", roles: new[] { "Salesperson" }, businessUnitId: otherUnit);
        var team = _w.Env.CreateTeam("Deal team", _w.Env.AdministratorId, new[] { seller }, businessUnitId: otherUnit);
        var deal = _w.Env.AdminService.Create(new Entity("opportunity") { ["name"] = "Shared deal" });
        var svc = _w.As(seller);
        Assert.That(Refusal.Of(() => _w.Env.Win(deal, seller)).ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
        _w.Grant(_w.Env.AdministratorId, new EntityReference("team", team), AccessRights.ReadAccess | AccessRights.WriteAccess | AccessRights.AppendToAccess | AccessRights.AssignAccess, new EntityReference("opportunity", deal));
        svc.Update(new Entity("opportunity", deal) { ["ownerid"] = new EntityReference("systemuser", seller) });
        _w.Env.Win(deal, seller);
        Assert.That(_w.Env.Peek("opportunity", deal)!.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(1));
    }

    [Test]
    public void Deleting_a_record_or_a_team_removes_their_shares()
    {
        var second = _w.As(_w.Owner).CreateParent("second");
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess);
        _w.Grant(_w.Owner, _w.TeamRef, AccessRights.ReadAccess, new EntityReference("test_parent", second));
        _w.As(_w.Owner).Delete("test_parent", _w.Record);
        Assert.That(_w.Env.Shares("test_parent", _w.Record), Is.Empty);
        Assert.That(_w.Env.Shares("test_parent", second), Has.Count.EqualTo(1));
        _w.Env.SystemService.Delete("team", _w.Team);
        Assert.That(_w.Env.Shares("test_parent", second), Is.Empty);
    }
}
