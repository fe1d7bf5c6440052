using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests.Messages;

/// <summary>DeleteHandler: the record named by a reference, its Delete privilege, its links.</summary>
public class DeleteTests
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
    public void A_missing_Target_or_record_is_refused()
    {
        var missing = Guid.NewGuid();
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("Delete"))).Message, Is.EqualTo("Delete: the Target entity reference is required."));
            var gone = Refusal.Of(() => _admin.Delete("test_parent", missing));
            Assert.That((gone.ErrorCode, gone.Message), Is.EqualTo((ErrorCodes.ObjectDoesNotExist, $"Entity 'test_parent' With Id = {missing:D} Does Not Exist")));
        });
    }

    [Test]
    public void Steps_see_the_reference_and_the_record_is_gone_with_its_many_to_many_links()
    {
        var parent = _admin.CreateParent("P");
        var child = _admin.Create(new Entity("test_child") { ["test_name"] = "C" });
        _admin.Associate("test_parent", parent, new Relationship("test_parent_child_nn"), new EntityReferenceCollection { new EntityReference("test_child", child) });
        var response = _admin.Execute(new DeleteRequest { Target = new EntityReference("test_parent", parent) });
        var post = Probe.At("Delete", "test_parent", 40);
        Assert.Multiple(() =>
        {
            Assert.That(response, Is.InstanceOf<DeleteResponse>());
            Assert.That(post.TargetReference!.Id, Is.EqualTo(parent));
            Assert.That(_env.Peek("test_parent", parent), Is.Null);
            Assert.That(_env.Count("test_parent_child_nn"), Is.Zero);
            Assert.That(_env.Peek("test_child", child), Is.Not.Null, "the other side of a many-to-many link stays");
        });
    }

    [Test]
    public void A_user_without_the_Delete_privilege_is_refused()
    {
        var reader = _env.CreateUser("Reader", roles: new[] { "Test Reader" });
        var id = _admin.CreateParent("keep");
        var fault = Refusal.Leaving(_env, () => _env.Service(reader).Delete("test_parent", id));
        Assert.That(fault.Message, Does.Contain("prvDeletetest_parent"));
    }
}
