using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests.Messages;

/// <summary>CreateHandler: the Create request, its response, and what Dataverse adds to the Target on the way.</summary>
public class CreateTests
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
    public void A_missing_or_mistyped_Target_is_an_invalid_argument()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("Create"))).Message, Is.EqualTo("Create: the Target entity is required."));
            var reference = Refusal.Of(() => _admin.Execute(new OrganizationRequest("Create") { ["Target"] = new EntityReference("test_parent", Guid.NewGuid()) }));
            Assert.That(reference.ErrorCode, Is.EqualTo(ErrorCodes.InvalidArgument), "a Create's Target is an entity, not a reference");
        });
    }

    [Test]
    public void The_response_carries_the_new_id_which_PostOperation_steps_see_as_their_output()
    {
        var response = (CreateResponse)_admin.Execute(new CreateRequest { Target = new Entity("test_parent") { ["test_name"] = "A" } });
        var post = Probe.At("Create", "test_parent", 40);
        Assert.Multiple(() =>
        {
            Assert.That(response.ResponseName, Is.EqualTo("Create"));
            Assert.That(_env.Peek("test_parent", response.id), Is.Not.Null);
            Assert.That(post.Output["id"], Is.EqualTo(response.id));
            Assert.That(post.PrimaryId, Is.EqualTo(response.id));
        });
    }

    [Test]
    public void The_primary_key_column_gives_the_id_and_a_different_Entity_Id_is_refused()
    {
        var id = Guid.NewGuid();
        var created = _admin.Create(new Entity("test_parent") { ["test_parentid"] = id, ["test_name"] = "keyed" });
        Assert.That(created, Is.EqualTo(id));
        var clash = Refusal.Leaving(_env, () => _admin.Create(new Entity("test_parent", Guid.NewGuid()) { ["test_parentid"] = Guid.NewGuid(), ["test_name"] = "clash" }));
        Assert.That(clash.Message, Does.Contain("and test_parentid").And.Contain("differ"));
    }

    [Test]
    public void PreValidation_sees_the_callers_columns_and_yes_no_defaults_PreOperation_also_the_platforms()
    {
        _admin.Create(new Entity("test_parent") { ["test_name"] = "A" });
        var pre = Probe.At("Create", "test_parent", 10).Target!;
        var op = Probe.At("Create", "test_parent", 20).Target!;
        Assert.Multiple(() =>
        {
            Assert.That(pre.Attributes.Keys, Is.EquivalentTo(new[] { "test_name", "test_flag" }), "the caller's column and the yes/no default");
            Assert.That(op.GetAttributeValue<EntityReference>("ownerid").Id, Is.EqualTo(_env.AdministratorId));
            Assert.That(op.GetAttributeValue<EntityReference>("createdby").Id, Is.EqualTo(_env.AdministratorId));
            Assert.That(op.GetAttributeValue<OptionSetValue>("statecode").Value, Is.Zero);
        });
    }

    [Test]
    public void A_user_without_the_Create_privilege_is_refused_before_anything_is_saved()
    {
        var reader = _env.CreateUser("Reader", roles: new[] { "Test Reader" });
        var fault = Refusal.Leaving(_env, () => _env.Service(reader).Create(new Entity("test_parent") { ["test_name"] = "no" }));
        Assert.That(fault.ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
    }
}
