namespace Mci.Rules.Tests;

public class CollaboratorAccessTests
{
    private const ShareRights Mci = CollaboratorAccess.Rights;

    private static readonly TeamStanding Line = new() { HoldsLine = true };
    private static readonly TeamStanding Lead = new() { IsLead = true };
    private static readonly TeamStanding Presales = new() { IsPresales = true };
    private static readonly TeamStanding Gone = new();

    [Test]
    public void A_collaborator_gets_read_write_append_and_append_to()
        => Assert.That(Mci, Is.EqualTo(ShareRights.Read | ShareRights.Write | ShareRights.Append | ShareRights.AppendTo));

    [Test]
    public void The_rights_have_the_values_of_dataverses_access_rights()
    {
        // Microsoft.Crm.Sdk.Messages.AccessRights, as Learn lists them: the plug-ins convert by value.
        Assert.Multiple(() =>
        {
            Assert.That((int)ShareRights.Read, Is.EqualTo(1));
            Assert.That((int)ShareRights.Write, Is.EqualTo(2));
            Assert.That((int)ShareRights.Append, Is.EqualTo(4));
            Assert.That((int)ShareRights.AppendTo, Is.EqualTo(16));
            Assert.That((int)ShareRights.Create, Is.EqualTo(32));
            Assert.That((int)ShareRights.Delete, Is.EqualTo(65536));
            Assert.That((int)ShareRights.Share, Is.EqualTo(262144));
            Assert.That((int)ShareRights.Assign, Is.EqualTo(524288));
        });
    }

    [Test]
    public void Each_way_of_working_the_deal_counts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Line.Collaborates && Lead.Collaborates && Presales.Collaborates, Is.True);
            Assert.That(Gone.Collaborates, Is.False);
            Assert.That(new TeamStanding { IsOwner = true }.Collaborates, Is.False, "owning is not collaborating; the owner is left alone anyway");
        });
    }

    [Test]
    public void A_collaborator_without_a_share_is_granted_one()
        => Assert.That(CollaboratorAccess.Decide(Line, null), Is.EqualTo(new ShareChange(ShareAction.Grant, Mci)));

    [TestCase(ShareRights.Read)]
    [TestCase(ShareRights.Read | ShareRights.Write | ShareRights.Append)]
    [TestCase(ShareRights.Delete)]
    [TestCase(ShareRights.None)]
    public void A_share_lacking_rights_is_modified_to_what_it_had_and_mcis(ShareRights had)
        => Assert.That(CollaboratorAccess.Decide(Presales, had), Is.EqualTo(new ShareChange(ShareAction.Modify, had | Mci)));

    [TestCase(Mci)]
    [TestCase(Mci | ShareRights.Delete | ShareRights.Share)]
    public void A_share_with_every_right_is_left_as_it_is(ShareRights had)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CollaboratorAccess.Decide(Lead, had), Is.EqualTo(ShareChange.Nothing));
            Assert.That(CollaboratorAccess.Sufficient(had), Is.True);
        });
    }

    [Test]
    public void Sufficient_needs_every_one_of_the_four()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CollaboratorAccess.Sufficient(null), Is.False);
            Assert.That(CollaboratorAccess.Sufficient(ShareRights.Read | ShareRights.Write | ShareRights.Append | ShareRights.Delete), Is.False);
        });
    }

    [TestCase(Mci)]
    [TestCase(ShareRights.Read)]
    [TestCase(ShareRights.None)]
    public void A_team_that_stopped_working_the_deal_loses_a_share_within_mcis_rights(ShareRights had)
        => Assert.That(CollaboratorAccess.Decide(Gone, had), Is.EqualTo(new ShareChange(ShareAction.Revoke, ShareRights.None)));

    [TestCase(ShareRights.Delete)]
    [TestCase(Mci | ShareRights.Assign)]
    [TestCase(ShareRights.Read | ShareRights.Share)]
    public void A_share_carrying_more_than_mci_gives_is_someone_elses_and_stays(ShareRights had)
        => Assert.That(CollaboratorAccess.Decide(Gone, had), Is.EqualTo(ShareChange.Nothing));

    [Test]
    public void A_team_without_a_share_and_without_a_role_needs_nothing()
        => Assert.That(CollaboratorAccess.Decide(Gone, null), Is.EqualTo(ShareChange.Nothing));

    [TestCase(null)]
    [TestCase(Mci)]
    [TestCase(ShareRights.Read)]
    public void The_owner_is_never_shared_nor_revoked(ShareRights? had)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CollaboratorAccess.Decide(Line with { IsOwner = true }, had), Is.EqualTo(ShareChange.Nothing));
            Assert.That(CollaboratorAccess.Decide(Gone with { IsOwner = true }, had), Is.EqualTo(ShareChange.Nothing));
        });
    }

    [Test]
    public void A_missing_standing_is_a_programming_error()
        => Assert.Throws<ArgumentNullException>(() => CollaboratorAccess.Decide(null!, null));

    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();

    [Test]
    public void The_teams_concerned_by_an_opportunity_change_are_those_whose_role_changed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CollaboratorAccess.TeamsConcerned(A, B, C, B), Is.EqualTo(new[] { A, C }), "a new lead team; the presales team unchanged");
            Assert.That(CollaboratorAccess.TeamsConcerned(A, B, A, C), Is.EqualTo(new[] { B, C }), "routed to another presales team");
            Assert.That(CollaboratorAccess.TeamsConcerned(A, B, A, B), Is.Empty, "nothing moved");
            Assert.That(CollaboratorAccess.TeamsConcerned(null, null, A, A), Is.EqualTo(new[] { A }), "one team both lead and presales, once");
            Assert.That(CollaboratorAccess.TeamsConcerned(A, A, null, A), Is.EqualTo(new[] { A }), "no longer lead, still presales: concerned (it keeps its share)");
            Assert.That(CollaboratorAccess.TeamsConcerned(A, B, B, A), Is.EqualTo(new[] { A, B }), "roles swapped: both concerned, both still collaborate");
            Assert.That(CollaboratorAccess.TeamsConcerned(Guid.Empty, null, null, Guid.Empty), Is.Empty, "empty lookups are no team");
        });
    }
}
