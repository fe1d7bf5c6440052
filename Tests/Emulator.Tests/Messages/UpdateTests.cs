using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests.Messages;

/// <summary>UpdateHandler: the Update request, the record it names, and what Dataverse adds and checks.</summary>
public class UpdateTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
    }

    [Test]
    public void A_missing_Target_or_a_Target_without_an_id_is_an_invalid_argument()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("Update"))).Message, Is.EqualTo("Update: the Target entity is required."));
            Assert.That(Refusal.Of(() => _admin.Update(new Entity("test_parent") { ["test_count"] = 1 })).Message, Is.EqualTo("Entity Id must be specified for Update (test_parent)."));
        });
    }

    [Test]
    public void The_primary_key_column_alone_names_the_record()
    {
        var id = _admin.CreateParent("A");
        _admin.Update(new Entity("test_parent") { ["test_parentid"] = id, ["test_count"] = 7 });
        Assert.That(_env.Peek("test_parent", id)!["test_count"], Is.EqualTo(7));
    }

    [Test]
    public void PreOperation_sees_modifiedon_and_modifiedby_added_to_the_Target_PreValidation_does_not()
    {
        var id = _admin.CreateParent("A");
        Probe.Records.Clear();
        _admin.Update(new Entity("test_parent", id) { ["test_count"] = 3 });
        var pre = Probe.At("Update", "test_parent", 10).Target!;
        var post = Probe.At("Update", "test_parent", 40).Target!;
        Assert.Multiple(() =>
        {
            Assert.That(pre.Attributes.Keys, Is.EquivalentTo(new[] { "test_count" }));
            Assert.That(post.GetAttributeValue<EntityReference>("modifiedby").Id, Is.EqualTo(_env.AdministratorId));
            Assert.That(post.GetAttributeValue<DateTime>("modifiedon"), Is.EqualTo(_env.Clock.UtcNow));
        });
    }

    [Test]
    public void Changing_the_owner_needs_the_Assign_privilege()
    {
        var owner = _env.CreateUser("Owner", roles: new[] { "Test Owner" });
        var other = _env.CreateUser("Other", roles: new[] { "Test Owner" });
        var svc = _env.Service(owner);
        var id = svc.CreateParent("mine");
        var fault = Refusal.Leaving(_env, () => svc.Update(new Entity("test_parent", id) { ["ownerid"] = new EntityReference("systemuser", other) }));
        Assert.That(fault.Message, Does.Contain("prvAssigntest_parent"));
        Assert.DoesNotThrow(() => svc.Update(new Entity("test_parent", id) { ["ownerid"] = new EntityReference("systemuser", owner), ["test_count"] = 1 }), "the same owner is no assignment");
    }

    [Test]
    public void The_response_is_an_UpdateResponse()
    {
        var id = _admin.CreateParent("A");
        Assert.That(_admin.Execute(new UpdateRequest { Target = new Entity("test_parent", id) { ["test_count"] = 1 } }), Is.InstanceOf<UpdateResponse>().With.Property("ResponseName").EqualTo("Update"));
    }
}
