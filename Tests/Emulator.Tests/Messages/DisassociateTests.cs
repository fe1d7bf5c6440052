using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests.Messages;

/// <summary>DisassociateHandler: removes links, leaves what is not linked alone, runs in its own pipeline.</summary>
public class DisassociateTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;
    private Guid _parent;
    private Guid _other;
    private Guid _child;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
        _parent = _admin.CreateParent("P");
        _other = _admin.CreateParent("Other");
        _child = _admin.Create(new Entity("test_child") { ["test_name"] = "C", ["test_parentid"] = new EntityReference("test_parent", _other) });
    }

    private EntityReferenceCollection Child => new() { new EntityReference("test_child", _child) };

    [Test]
    public void A_one_to_many_child_pointing_at_another_parent_keeps_its_lookup()
    {
        _admin.Disassociate("test_parent", _parent, new Relationship("test_parent_child_parentid"), Child);
        Assert.That(_env.Peek("test_child", _child)!.GetAttributeValue<EntityReference>("test_parentid").Id, Is.EqualTo(_other));
        _admin.Disassociate("test_parent", _other, new Relationship("test_parent_child_parentid"), Child);
        Assert.That(_env.Peek("test_child", _child)!.Contains("test_parentid"), Is.False);
    }

    [Test]
    public void A_many_to_many_pair_not_linked_is_no_error_and_a_linked_one_goes()
    {
        Assert.DoesNotThrow(() => _admin.Disassociate("test_parent", _parent, new Relationship("test_parent_child_nn"), Child));
        _admin.Associate("test_parent", _parent, new Relationship("test_parent_child_nn"), Child);
        var response = _admin.Execute(new DisassociateRequest { Target = new EntityReference("test_parent", _parent), Relationship = new Relationship("test_parent_child_nn"), RelatedEntities = Child });
        Assert.Multiple(() =>
        {
            Assert.That(response, Is.InstanceOf<DisassociateResponse>().With.Property("ResponseName").EqualTo("Disassociate"));
            Assert.That(_env.Count("test_parent_child_nn"), Is.Zero);
        });
    }

    [Test]
    public void Its_parameters_are_required_like_Associates()
    {
        Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("Disassociate"))).Message, Is.EqualTo("Disassociate: Target, Relationship and RelatedEntities are required."));
    }

    [Test]
    public void The_recorder_names_it_and_no_Associate_step_runs()
    {
        Probe.Records.Clear();
        _admin.Disassociate("test_parent", _other, new Relationship("test_parent_child_parentid"), Child);
        Assert.Multiple(() =>
        {
            Assert.That(_env.Recorder.Calls.Where(c => c.Depth == 1).Select(c => c.Message), Does.Contain("Disassociate"));
            Assert.That(Probe.Records.Where(r => r.Message == "Associate"), Is.Empty);
        });
    }
}
