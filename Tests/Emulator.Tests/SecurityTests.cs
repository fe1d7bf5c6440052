using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Tests;

/// <summary>Roles from Solution/src (the fixture's), depths, append rights, field security, SYSTEM and impersonation.</summary>
public class SecurityTests
{
    private Dataverse _env = null!;

    [SetUp]
    public void SetUp() => _env = TestEnvironment.Create();

    private static FaultException<OrganizationServiceFault> Refused(Action action) => Assert.Throws<FaultException<OrganizationServiceFault>>(() => action())!;

    [Test]
    public void A_user_without_the_privilege_is_refused_in_Dataverse_words()
    {
        var reader = _env.CreateUser("Reader", roles: new[] { "Test Reader" });
        var e = Refused(() => _env.Service(reader).CreateParent("x"));
        Assert.Multiple(() =>
        {
            Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
            Assert.That(e.Detail.Message, Does.StartWith($"Principal user (Id={reader:D}, type=8, roleCount=1, privilegeCount=3, accessMode=0), is missing prvCreatetest_parent privilege"));
            Assert.That(e.Detail.Message, Does.Contain("for entity 'test_parent'"));
            Assert.That(_env.Count("test_parent"), Is.Zero);
        });
        var nobody = _env.CreateUser("No roles");
        Assert.That(Refused(() => _env.Service(nobody).RetrieveMultiple(new QueryExpression("test_parent"))).Detail.ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
    }

    [Test]
    public void Basic_depth_reaches_own_records_only()
    {
        var alice = _env.CreateUser("Alice", roles: new[] { "Test Owner" });
        var bob = _env.CreateUser("Bob", roles: new[] { "Test Owner" });
        var mine = _env.Service(alice).CreateParent("Alice's");
        var theirs = _env.Service(bob).CreateParent("Bob's");
        var svc = _env.Service(alice);
        Assert.Multiple(() =>
        {
            Assert.That(svc.RetrieveMultiple(new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_name") }).Entities.Select(e => e.Id), Is.EqualTo(new[] { mine }), "queries return only reachable rows");
            var read = Refused(() => svc.Retrieve("test_parent", theirs, new ColumnSet("test_name")));
            Assert.That(read.Detail.ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
            Assert.That(read.Detail.Message, Is.EqualTo($"Principal with ID {alice:D} does not have ReadAccess right(s) for record with ID {theirs:D} of entity test_parent."));
            Assert.That(Refused(() => svc.Update(new Entity("test_parent", theirs) { ["test_count"] = 1 })).Detail.ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
            Assert.That(Refused(() => svc.Delete("test_parent", theirs)).Detail.ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied));
            Assert.That(Refused(() => svc.Create(new Entity("test_parent") { ["test_name"] = "for Bob", ["ownerid"] = new EntityReference("systemuser", bob) })).Detail.ErrorCode, Is.EqualTo(ErrorCodes.AccessDenied), "Basic create cannot give the record to someone else");
        });
        Assert.DoesNotThrow(() => svc.Update(new Entity("test_parent", mine) { ["test_count"] = 1 }));
    }

    [Test]
    public void Local_and_Deep_depths_follow_the_business_unit_tree()
    {
        var sales = _env.CreateBusinessUnit("Sales");
        var east = _env.CreateBusinessUnit("Sales East", sales);
        var local = _env.CreateUser("Local", roles: new[] { "Test Unit" }, businessUnitId: sales);
        var deep = _env.CreateUser("Deep", roles: new[] { "Test Deep" }, businessUnitId: sales);
        var inEast = _env.CreateUser("East", roles: new[] { "Test Owner" }, businessUnitId: east);
        var colleague = _env.CreateUser("Colleague", roles: new[] { "Test Owner" }, businessUnitId: sales);
        var eastRecord = _env.Service(inEast).CreateParent("east");
        var salesRecord = _env.Service(colleague).CreateParent("sales");
        var rootRecord = _env.AdminService.CreateParent("root");
        List<Guid> Visible(Guid user) => _env.Service(user).RetrieveMultiple(new QueryExpression("test_parent")).Entities.Select(e => e.Id).ToList();
        Assert.That(Visible(local), Is.EquivalentTo(new[] { salesRecord }));
        Assert.That(Visible(deep), Is.EquivalentTo(new[] { salesRecord, eastRecord }));
        Assert.That(Visible(_env.AdministratorId), Is.EquivalentTo(new[] { salesRecord, eastRecord, rootRecord }));
    }

    [Test]
    public void Team_members_reach_team_owned_records_and_team_roles_count()
    {
        var member = _env.CreateUser("Member", roles: new[] { "Test Owner" });
        var outsider = _env.CreateUser("Outsider", roles: new[] { "Test Owner" });
        var team = _env.CreateTeam("Team A", _env.AdministratorId, new[] { member });
        var owned = _env.AdminService.CreateParent("team's", more: e => e["ownerid"] = new EntityReference("team", team));
        Assert.That(_env.Peek("test_parent", owned)!.GetAttributeValue<EntityReference>("owningteam").Id, Is.EqualTo(team));
        Assert.DoesNotThrow(() => _env.Service(member).Retrieve("test_parent", owned, new ColumnSet("test_name")));
        Refused(() => _env.Service(outsider).Retrieve("test_parent", owned, new ColumnSet("test_name")));

        var roleless = _env.CreateUser("Roleless");
        var readers = _env.CreateTeam("Readers", _env.AdministratorId, new[] { roleless }, roles: new[] { "Test Reader" });
        Assert.That(readers, Is.Not.EqualTo(Guid.Empty));
        Assert.DoesNotThrow(() => _env.Service(roleless).Retrieve("test_parent", owned, new ColumnSet("test_name")), "the team's Global read role applies to its members");
    }

    [Test]
    public void Setting_a_lookup_needs_Append_and_AppendTo()
    {
        var parent = _env.AdminService.CreateParent("P");
        var creator = _env.CreateUser("Creator", roles: new[] { "Test Creator No Append" });
        var svc = _env.Service(creator);
        Assert.DoesNotThrow(() => svc.Create(new Entity("test_child") { ["test_name"] = "no lookup" }));
        var e = Refused(() => svc.Create(new Entity("test_child") { ["test_name"] = "with lookup", ["test_parentid"] = new EntityReference("test_parent", parent) }));
        Assert.That(e.Detail.Message, Does.Contain("prvAppendtest_child"));
    }

    [Test]
    public void Secured_columns_are_hidden_from_readers_without_the_profile()
    {
        var id = _env.AdminService.CreateParent("P", more: e => e["test_secret"] = "s3cret");
        var plain = _env.CreateUser("Plain", roles: new[] { "Test Reader" });
        var reader = _env.CreateUser("Reader", roles: new[] { "Test Reader" }, fieldSecurityProfiles: new[] { "Test Secret Readers" });
        Assert.That(_env.Service(plain).Retrieve("test_parent", id, new ColumnSet("test_secret", "test_name")).Contains("test_secret"), Is.False);
        Assert.That(_env.Service(plain).Retrieve("test_parent", id, new ColumnSet(true)).Contains("test_secret"), Is.False);
        Assert.That(_env.Service(reader).Retrieve("test_parent", id, new ColumnSet("test_secret"))["test_secret"], Is.EqualTo("s3cret"));
        var filter = new QueryExpression("test_parent");
        filter.Criteria.AddCondition("test_secret", ConditionOperator.Equal, "s3cret");
        Assert.That(_env.Service(plain).RetrieveMultiple(filter).Entities, Is.Empty, "a column you cannot read does not match a filter");
        Assert.That(_env.Service(reader).RetrieveMultiple(filter).Entities, Has.Count.EqualTo(1));
    }

    [Test]
    public void Writing_a_secured_column_needs_create_or_update_permission()
    {
        var owner = _env.CreateUser("Owner", roles: new[] { "Test Owner" }, fieldSecurityProfiles: new[] { "Test Secret Readers" });
        var editor = _env.CreateUser("Editor", roles: new[] { "Test Owner" }, fieldSecurityProfiles: new[] { "Test Secret Editors" });
        var before = _env.Snapshot();
        var create = Refused(() => _env.Service(owner).CreateParent("x", more: e => e["test_secret"] = "mine"));
        Assert.That(create.Detail.Message, Does.StartWith("The user does not have create permissions to a secured field."));
        Assert.That(create.Detail.ErrorCode, Is.EqualTo(ErrorCodes.FieldSecurity));
        Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty);
        var id = _env.Service(owner).CreateParent("x");
        var update = Refused(() => _env.Service(owner).Update(new Entity("test_parent", id) { ["test_secret"] = "mine" }));
        Assert.That(update.Detail.Message, Does.StartWith("The user doesn't have update permissions to a secured field."));
        Assert.DoesNotThrow(() => _env.Service(editor).CreateParent("y", more: e => e["test_secret"] = "ok"));
    }

    [Test]
    public void Inside_a_plugin_null_is_SYSTEM_and_Guid_Empty_is_the_calling_user()
    {
        var owner = _env.CreateUser("Owner", roles: new[] { "Test Owner" });
        var svc = _env.Service(owner);
        var system = svc.CreateParent("stamp-system");
        Assert.That(_env.Peek("test_parent", system)!["test_secret"], Is.EqualTo("stamped"), "SYSTEM passes field security");
        Assert.That(_env.Peek("test_parent", system)!.GetAttributeValue<EntityReference>("modifiedby").Id, Is.EqualTo(_env.SystemUserId));
        var e = Refused(() => svc.CreateParent("stamp-user"));
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.FieldSecurity), "Guid.Empty acts as the calling user, who has no profile");
        Assert.That(_env.All("test_parent").Select(p => p["test_name"]), Is.EqualTo(new[] { "stamp-system" }));
    }

    [Test]
    public void The_administrator_passes_everything()
    {
        var admin = _env.AdminService;
        var id = admin.CreateParent("secret", more: e => e["test_secret"] = "x");
        Assert.That(admin.Retrieve("test_parent", id, new ColumnSet("test_secret"))["test_secret"], Is.EqualTo("x"));
        Assert.That(_env.Metadata.Role("System Administrator")!.IsSystemAdministrator, Is.True);
    }

    [Test]
    public void Unknown_roles_profiles_and_users_are_setup_errors()
    {
        Assert.Throws<ArgumentException>(() => _env.CreateUser("X", roles: new[] { "No Such Role" }));
        Assert.Throws<ArgumentException>(() => _env.CreateUser("Y", fieldSecurityProfiles: new[] { "No Such Profile" }));
        Assert.Throws<ArgumentException>(() => _env.Service(Guid.NewGuid()));
        Assert.Throws<ArgumentException>(() => _env.CreateTeam("T", Guid.NewGuid()));
    }
}
