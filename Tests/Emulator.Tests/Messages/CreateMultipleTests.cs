using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests.Messages;

/// <summary>CreateMultipleHandler: Targets of one table, the Ids in their order, one transaction.</summary>
public class CreateMultipleTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
    }

    private static EntityCollection Children(params string[] names) =>
        new(names.Select(n => new Entity("test_child") { ["test_name"] = n }).ToList()) { EntityName = "test_child" };

    [Test]
    public void Empty_or_missing_Targets_and_Targets_of_two_tables_are_refused()
    {
        var mixed = new EntityCollection(new List<Entity> { new("test_child") { ["test_name"] = "c" }, new("test_parent") { ["test_name"] = "p" } });
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("CreateMultiple"))).Message, Is.EqualTo("CreateMultiple: Targets must contain at least one entity."));
            Assert.That(Refusal.Of(() => _admin.Execute(new CreateMultipleRequest { Targets = new EntityCollection { EntityName = "test_child" } })).Message, Does.Contain("at least one entity"));
            Assert.That(Refusal.Leaving(_env, () => _admin.Execute(new CreateMultipleRequest { Targets = mixed })).Message, Is.EqualTo("CreateMultiple: every entity in Targets must be of the same table ('test_child')."));
        });
    }

    [Test]
    public void The_Ids_come_back_in_the_order_of_the_Targets()
    {
        var given = Guid.NewGuid();
        var targets = Children("first", "second", "third");
        targets.Entities[1].Id = given;
        var ids = ((CreateMultipleResponse)_admin.Execute(new CreateMultipleRequest { Targets = targets })).Ids;
        Assert.Multiple(() =>
        {
            Assert.That(ids[1], Is.EqualTo(given), "an id the caller gives is kept");
            Assert.That(ids.Select(id => _env.Peek("test_child", id)!["test_name"]), Is.EqualTo(new[] { "first", "second", "third" }));
        });
    }

    [Test]
    public void CreateMultiple_steps_see_every_Target_and_the_Ids_once()
    {
        var ids = ((CreateMultipleResponse)_admin.Execute(new CreateMultipleRequest { Targets = Children("a", "b") })).Ids;
        var post = Probe.For("CreateMultiple", "test_child").Single(r => r.Stage == 40);
        Assert.Multiple(() =>
        {
            Assert.That(post.Targets!.Select(t => t.Id), Is.EqualTo(ids));
            Assert.That(post.Output["Ids"], Is.EqualTo(ids));
            Assert.That(post.PrimaryId, Is.EqualTo(Guid.Empty), "a step on the Multiple message names no single record");
        });
    }
}
