using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests.Messages;

/// <summary>AssociateHandler: its parameters, the relationship it names, AppendTo on both sides of a many-to-many link.</summary>
public class AssociateTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;
    private Guid _parent;
    private Guid _child;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
        _parent = _admin.CreateParent("P");
        _child = _admin.Create(new Entity("test_child") { ["test_name"] = "C" });
    }

    private EntityReferenceCollection Child => new() { new EntityReference("test_child", _child) };

    [Test]
    public void Target_Relationship_and_RelatedEntities_are_required_and_the_relationship_must_exist()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _admin.Execute(new AssociateRequest { Target = new EntityReference("test_parent", _parent) })).Message, Is.EqualTo("Associate: Target, Relationship and RelatedEntities are required."));
            Assert.That(Refusal.Of(() => _admin.Associate("test_parent", _parent, new Relationship("test_nothing"), Child)).Message, Is.EqualTo("Could not find a relationship named 'test_nothing'."));
            Assert.That(Refusal.Of(() => _admin.Associate("test_parent", _parent, new Relationship("test_parent_child_nn"), new EntityReferenceCollection { new EntityReference("test_parent", _parent) })).Message,
                Is.EqualTo("Relationship test_parent_child_nn does not relate test_parent to test_parent."));
        });
    }

    [Test]
    public void Every_record_must_exist()
    {
        var missing = Guid.NewGuid();
        var fault = Refusal.Leaving(_env, () => _admin.Associate("test_parent", _parent, new Relationship("test_parent_child_nn"), new EntityReferenceCollection { new EntityReference("test_child", _child), new EntityReference("test_child", missing) }));
        Assert.That(fault.Message, Is.EqualTo($"Entity 'test_child' With Id = {missing:D} Does Not Exist"));
    }

    [Test]
    public void The_link_can_be_made_from_either_side_and_steps_see_the_request()
    {
        _admin.Associate("test_child", _child, new Relationship("test_parent_child_nn"), new EntityReferenceCollection { new EntityReference("test_parent", _parent) });
        var link = _env.All("test_parent_child_nn").Single();
        var post = Probe.For("Associate", "test_child").Single();
        Assert.Multiple(() =>
        {
            Assert.That(link["test_parentid"], Is.EqualTo(_parent));
            Assert.That(link["test_childid"], Is.EqualTo(_child));
            Assert.That(post.TargetReference!.Id, Is.EqualTo(_child));
        });
    }

    [Test]
    public void A_many_to_many_link_needs_AppendTo_on_both_records()
    {
        var reader = _env.CreateUser("Reader", roles: new[] { "Test Reader" });
        var fault = Refusal.Leaving(_env, () => _env.Service(reader).Associate("test_parent", _parent, new Relationship("test_parent_child_nn"), Child));
        Assert.That(fault.Message, Does.Contain("prvAppendTotest_parent"));
    }
}
