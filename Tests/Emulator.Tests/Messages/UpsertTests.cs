using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests.Messages;

/// <summary>UpsertHandler: its own pipeline, whose main operation runs a Create or an Update at the Upsert's depth.</summary>
public class UpsertTests
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
    public void Without_an_id_it_creates_a_record_with_a_new_id()
    {
        var response = (UpsertResponse)_admin.Execute(new UpsertRequest { Target = new Entity("test_parent") { ["test_name"] = "new" } });
        Assert.Multiple(() =>
        {
            Assert.That(response.RecordCreated, Is.True);
            Assert.That(response.Target.Id, Is.Not.EqualTo(Guid.Empty));
            Assert.That(_env.Peek("test_parent", response.Target.Id)!["test_name"], Is.EqualTo("new"));
        });
    }

    [Test]
    public void The_inner_Create_runs_at_the_Upserts_depth_with_the_Upsert_as_parent()
    {
        _admin.Execute(new UpsertRequest { Target = new Entity("test_parent", Guid.NewGuid()) { ["test_name"] = "n" } });
        var create = Probe.At("Create", "test_parent", 40);
        Assert.Multiple(() =>
        {
            Assert.That(create.Depth, Is.EqualTo(1));
            Assert.That(create.Ancestors, Is.EqualTo("Create@1<Upsert@1<Upsert@1"), "its PreValidation, then the Upsert's main operation and PreValidation");
        });
    }

    [Test]
    public void An_existing_id_updates_only_the_given_columns()
    {
        var id = _admin.CreateParent("old", more: e => e["test_count"] = 5);
        var response = (UpsertResponse)_admin.Execute(new UpsertRequest { Target = new Entity("test_parent", id) { ["test_name"] = "renamed" } });
        var row = _env.Peek("test_parent", id)!;
        Assert.Multiple(() =>
        {
            Assert.That(response.RecordCreated, Is.False);
            Assert.That(row["test_name"], Is.EqualTo("renamed"));
            Assert.That(row["test_count"], Is.EqualTo(5));
        });
    }

    [Test]
    public void A_missing_Target_is_refused_and_alternate_keys_are_not_emulated()
    {
        Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("Upsert"))).Message, Is.EqualTo("Upsert: the Target entity is required."));
        var keyed = new Entity("test_parent", "test_name", "by key");
        Assert.Throws<NotSupportedException>(() => _admin.Execute(new UpsertRequest { Target = keyed }));
    }
}
