using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Tests;

public class CrudTests
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
    public void Retrieve_returns_only_the_requested_columns_and_the_id()
    {
        var id = _admin.CreateParent("Alpha", 10m, e => e["test_count"] = 3);
        var e = _admin.Retrieve("test_parent", id, new ColumnSet("test_name"));
        Assert.Multiple(() =>
        {
            Assert.That(e.Id, Is.EqualTo(id));
            Assert.That(e.Attributes.Keys, Is.EquivalentTo(new[] { "test_name", "test_parentid" }));
            Assert.That(e["test_parentid"], Is.EqualTo(id));
        });
    }

    [Test]
    public void All_columns_returns_every_column_with_a_value_and_omits_nulls()
    {
        var id = _admin.CreateParent("Alpha", 10m);
        var e = _admin.Retrieve("test_parent", id, new ColumnSet(true));
        Assert.Multiple(() =>
        {
            Assert.That(e.GetAttributeValue<Money>("test_amount").Value, Is.EqualTo(10m));
            Assert.That(e.Contains("test_count"), Is.False, "a null column is not returned");
            Assert.That(e.GetAttributeValue<bool>("test_flag"), Is.False, "yes/no columns get their default");
            Assert.That(e.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(0));
            Assert.That(e.GetAttributeValue<OptionSetValue>("statuscode").Value, Is.EqualTo(1));
            Assert.That(e.GetAttributeValue<EntityReference>("ownerid").Id, Is.EqualTo(_env.AdministratorId));
            Assert.That(e.GetAttributeValue<EntityReference>("owningbusinessunit").Id, Is.EqualTo(_env.RootBusinessUnitId));
            Assert.That(e.GetAttributeValue<EntityReference>("createdby").Id, Is.EqualTo(_env.AdministratorId));
            Assert.That(e.GetAttributeValue<DateTime>("createdon"), Is.EqualTo(_env.Clock.UtcNow));
            Assert.That(e.GetAttributeValue<Money>("test_amount_base").Value, Is.EqualTo(10m), "money base column follows the value");
        });
    }

    [Test]
    public void Entities_crossing_the_service_are_copies()
    {
        var input = new Entity("test_parent") { ["test_name"] = "Alpha", ["test_amount"] = new Money(5m) };
        var id = _admin.Create(input);
        ((Money)input["test_amount"]).Value = 99m;
        input["test_name"] = "changed after create";
        var first = _admin.Retrieve("test_parent", id, new ColumnSet("test_name", "test_amount"));
        first["test_name"] = "changed after retrieve";
        first.GetAttributeValue<Money>("test_amount").Value = 77m;
        var second = _admin.Retrieve("test_parent", id, new ColumnSet("test_name", "test_amount"));
        Assert.Multiple(() =>
        {
            Assert.That(input.Id, Is.EqualTo(Guid.Empty), "the caller's entity is not touched by Create");
            Assert.That(input.Contains("test_parentid"), Is.False);
            Assert.That(second["test_name"], Is.EqualTo("Alpha"));
            Assert.That(second.GetAttributeValue<Money>("test_amount").Value, Is.EqualTo(5m));
        });
    }

    [Test]
    public void Lookups_come_back_with_the_primary_name_and_formatted_values_follow_the_user_language()
    {
        var chinese = _env.CreateUser("Han Meimei", "han@mci.test", new[] { "System Administrator" }, uiLanguageId: 2052);
        var svc = _env.Service(chinese);
        var parent = svc.CreateParent("Parent P", more: e => { e["test_kind"] = new OptionSetValue(100000001); e["test_flag"] = true; });
        var child = svc.Create(new Entity("test_child") { ["test_name"] = "C", ["test_parentid"] = new EntityReference("test_parent", parent) });
        var c = svc.Retrieve("test_child", child, new ColumnSet("test_parentid"));
        var p = svc.Retrieve("test_parent", parent, new ColumnSet("test_kind", "test_flag"));
        var english = _admin.Retrieve("test_parent", parent, new ColumnSet("test_kind"));
        Assert.Multiple(() =>
        {
            Assert.That(c.GetAttributeValue<EntityReference>("test_parentid").Name, Is.EqualTo("Parent P"));
            Assert.That(c.FormattedValues["test_parentid"], Is.EqualTo("Parent P"));
            Assert.That(p.FormattedValues["test_kind"], Is.EqualTo("甲"));
            Assert.That(p.FormattedValues["test_flag"], Is.EqualTo("是"));
            Assert.That(english.FormattedValues["test_kind"], Is.EqualTo("Alpha"));
        });
    }

    [Test]
    public void Update_changes_only_the_given_columns_and_maintains_modified_columns_and_version()
    {
        var id = _admin.CreateParent("Alpha", 10m, e => e["test_count"] = 1);
        var before = _env.Peek("test_parent", id)!;
        _env.Clock.Advance(TimeSpan.FromHours(2));
        var editor = _env.CreateUser("Editor", roles: new[] { "System Administrator" });
        _env.Service(editor).Update(new Entity("test_parent", id) { ["test_count"] = 2 });
        var after = _env.Peek("test_parent", id)!;
        Assert.Multiple(() =>
        {
            Assert.That(after["test_count"], Is.EqualTo(2));
            Assert.That(after["test_name"], Is.EqualTo("Alpha"));
            Assert.That(after.GetAttributeValue<Money>("test_amount").Value, Is.EqualTo(10m));
            Assert.That(after["modifiedon"], Is.EqualTo(_env.Clock.UtcNow));
            Assert.That(after.GetAttributeValue<EntityReference>("modifiedby").Id, Is.EqualTo(editor));
            Assert.That(after["createdon"], Is.EqualTo(before["createdon"]));
            Assert.That((long)after["versionnumber"], Is.GreaterThan((long)before["versionnumber"]));
        });
    }

    [Test]
    public void Update_and_delete_of_a_missing_record_say_it_does_not_exist()
    {
        var id = Guid.NewGuid();
        var update = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Update(new Entity("test_parent", id) { ["test_count"] = 1 }))!;
        var delete = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Delete("test_parent", id))!;
        var retrieve = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Retrieve("test_parent", id, new ColumnSet("test_name")))!;
        Assert.Multiple(() =>
        {
            Assert.That(update.Detail.Message, Is.EqualTo($"Entity 'test_parent' With Id = {id:D} Does Not Exist"));
            Assert.That(update.Detail.ErrorCode, Is.EqualTo(ErrorCodes.ObjectDoesNotExist));
            Assert.That(delete.Detail.ErrorCode, Is.EqualTo(ErrorCodes.ObjectDoesNotExist));
            Assert.That(retrieve.Detail.ErrorCode, Is.EqualTo(ErrorCodes.ObjectDoesNotExist));
        });
    }

    [Test]
    public void Create_keeps_a_given_id_and_refuses_a_duplicate()
    {
        var id = Guid.NewGuid();
        Assert.That(_admin.Create(new Entity("test_parent", id) { ["test_name"] = "A" }), Is.EqualTo(id));
        var viaKey = Guid.NewGuid();
        Assert.That(_admin.Create(new Entity("test_parent") { ["test_name"] = "B", ["test_parentid"] = viaKey }), Is.EqualTo(viaKey));
        var duplicate = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Create(new Entity("test_parent", id) { ["test_name"] = "C" }))!;
        Assert.That(duplicate.Detail.ErrorCode, Is.EqualTo(ErrorCodes.DuplicateRecord));
        Assert.That(duplicate.Detail.Message, Is.EqualTo("Cannot insert duplicate key."));
        Assert.That(_env.Peek("test_parent", id)!["test_name"], Is.EqualTo("A"));
    }

    [Test]
    public void Statuscode_implies_its_state_and_a_mismatched_pair_is_refused()
    {
        var id = _admin.CreateParent("A");
        _admin.Update(new Entity("test_parent", id) { ["statuscode"] = new OptionSetValue(100000000) });
        Assert.That(_env.Peek("test_parent", id)!.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(1));
        _admin.Update(new Entity("test_parent", id) { ["statecode"] = new OptionSetValue(0) });
        Assert.That(_env.Peek("test_parent", id)!.GetAttributeValue<OptionSetValue>("statuscode").Value, Is.EqualTo(1), "a state alone takes its default status");
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Update(new Entity("test_parent", id) { ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(2) }))!;
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void Delete_cascades_restricts_and_removes_links_per_relationship()
    {
        var parent = _admin.CreateParent("P");
        var other = _admin.CreateParent("Other");
        var cascaded = _admin.Create(new Entity("test_child") { ["test_name"] = "cascade", ["test_parentid"] = new EntityReference("test_parent", parent) });
        var linked = _admin.Create(new Entity("test_child") { ["test_name"] = "link", ["test_parentid"] = new EntityReference("test_parent", other), ["test_linkid"] = new EntityReference("test_parent", parent) });
        var blocker = _admin.Create(new Entity("test_blocker") { ["test_name"] = "b", ["test_parentid"] = new EntityReference("test_parent", parent) });

        var restricted = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Delete("test_parent", parent))!;
        Assert.That(restricted.Detail.ErrorCode, Is.EqualTo(ErrorCodes.DeleteRestricted));
        Assert.That(_env.Peek("test_child", cascaded), Is.Not.Null, "nothing of a refused delete happened");

        _admin.Delete("test_blocker", blocker);
        _admin.Delete("test_parent", parent);
        Assert.Multiple(() =>
        {
            Assert.That(_env.Peek("test_parent", parent), Is.Null);
            Assert.That(_env.Peek("test_child", cascaded), Is.Null, "Cascade deletes the child");
            Assert.That(_env.Peek("test_child", linked)!.Contains("test_linkid"), Is.False, "RemoveLink clears the lookup");
            Assert.That(_env.Peek("test_child", linked)!.GetAttributeValue<EntityReference>("test_parentid").Id, Is.EqualTo(other));
            Assert.That(Plugins.Probe.For("Delete", "test_child").Select(r => r.PrimaryId), Is.EqualTo(new[] { cascaded }), "the cascaded delete ran the child's Delete steps");
        });
    }

    [Test]
    public void Upsert_creates_then_updates()
    {
        var id = Guid.NewGuid();
        var first = (UpsertResponse)_admin.Execute(new UpsertRequest { Target = new Entity("test_parent", id) { ["test_name"] = "U1" } });
        var second = (UpsertResponse)_admin.Execute(new UpsertRequest { Target = new Entity("test_parent", id) { ["test_name"] = "U2" } });
        Assert.Multiple(() =>
        {
            Assert.That(first.RecordCreated, Is.True);
            Assert.That(second.RecordCreated, Is.False);
            Assert.That(second.Target.Id, Is.EqualTo(id));
            Assert.That(_env.Peek("test_parent", id)!["test_name"], Is.EqualTo("U2"));
        });
    }

    [Test]
    public void Associate_and_disassociate_many_to_many()
    {
        var parent = _admin.CreateParent("P");
        var child = _admin.Create(new Entity("test_child") { ["test_name"] = "C" });
        var related = new EntityReferenceCollection { new EntityReference("test_child", child) };
        _admin.Associate("test_parent", parent, new Relationship("test_parent_child_nn"), related);
        Assert.That(_env.Count("test_parent_child_nn"), Is.EqualTo(1));
        var duplicate = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Associate("test_parent", parent, new Relationship("test_parent_child_nn"), related))!;
        Assert.That(duplicate.Detail.ErrorCode, Is.EqualTo(ErrorCodes.DuplicateRecord));
        var associate = Plugins.Probe.For("Associate", "test_parent").Last();
        Assert.That(associate.InputKeys, Is.EquivalentTo(new[] { "Target", "Relationship", "RelatedEntities" }));
        _admin.Disassociate("test_parent", parent, new Relationship("test_parent_child_nn"), related);
        Assert.That(_env.Count("test_parent_child_nn"), Is.Zero);
    }

    [Test]
    public void Associate_over_one_to_many_sets_the_lookup()
    {
        var parent = _admin.CreateParent("P");
        var child = _admin.Create(new Entity("test_child") { ["test_name"] = "C" });
        _admin.Associate("test_parent", parent, new Relationship("test_parent_child_parentid"), new EntityReferenceCollection { new EntityReference("test_child", child) });
        Assert.That(_env.Peek("test_child", child)!.GetAttributeValue<EntityReference>("test_parentid").Id, Is.EqualTo(parent));
        _admin.Disassociate("test_parent", parent, new Relationship("test_parent_child_parentid"), new EntityReferenceCollection { new EntityReference("test_child", child) });
        Assert.That(_env.Peek("test_child", child)!.Contains("test_parentid"), Is.False);
    }

    [Test]
    public void Execute_runs_typed_and_generic_requests()
    {
        var created = (CreateResponse)_admin.Execute(new OrganizationRequest("Create") { ["Target"] = new Entity("test_parent") { ["test_name"] = "G" } });
        var retrieved = (RetrieveResponse)_admin.Execute(new RetrieveRequest { Target = new EntityReference("test_parent", created.id), ColumnSet = new ColumnSet("test_name") });
        _admin.Execute(new UpdateRequest { Target = new Entity("test_parent", created.id) { ["test_count"] = 4 } });
        var many = (RetrieveMultipleResponse)_admin.Execute(new RetrieveMultipleRequest { Query = new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_count") } });
        _admin.Execute(new DeleteRequest { Target = new EntityReference("test_parent", created.id) });
        Assert.Multiple(() =>
        {
            Assert.That(retrieved.Entity["test_name"], Is.EqualTo("G"));
            Assert.That(many.EntityCollection.Entities.Single()["test_count"], Is.EqualTo(4));
            Assert.That(_env.Count("test_parent"), Is.Zero);
        });
        Assert.Throws<NotSupportedException>(() => _admin.Execute(new OrganizationRequest("SetState")));
    }

    [Test]
    public void CreateMultiple_and_UpdateMultiple_write_every_target_or_none()
    {
        var targets = new EntityCollection(new[] { 1, 2, 3 }.Select(i => new Entity("test_child") { ["test_name"] = "m" + i, ["test_value"] = i }).ToList()) { EntityName = "test_child" };
        var ids = ((CreateMultipleResponse)_admin.Execute(new CreateMultipleRequest { Targets = targets })).Ids;
        Assert.That(ids, Has.Length.EqualTo(3));
        _admin.Execute(new UpdateMultipleRequest { Targets = new EntityCollection(ids.Select(id => new Entity("test_child", id) { ["test_value"] = 10 }).ToList()) { EntityName = "test_child" } });
        Assert.That(_env.All("test_child").Select(c => c["test_value"]), Is.All.EqualTo(10));
        var before = _env.Snapshot();
        var bad = new EntityCollection(new List<Entity> { new("test_child") { ["test_name"] = "ok" }, new("test_child") { ["test_name"] = "bad", ["test_value"] = 5000 } }) { EntityName = "test_child" };
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Execute(new CreateMultipleRequest { Targets = bad }));
        Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty);
    }

    [Test]
    public void ExecuteMultiple_continues_or_stops_on_error_and_ExecuteTransaction_rolls_back_all()
    {
        var requests = new OrganizationRequestCollection
        {
            new CreateRequest { Target = new Entity("test_parent") { ["test_name"] = "one" } },
            new CreateRequest { Target = new Entity("test_parent") { ["test_name"] = new string('x', 101) } },
            new CreateRequest { Target = new Entity("test_parent") { ["test_name"] = "three" } },
        };
        var cont = (ExecuteMultipleResponse)_admin.Execute(new ExecuteMultipleRequest { Requests = requests, Settings = new ExecuteMultipleSettings { ContinueOnError = true, ReturnResponses = true } });
        Assert.Multiple(() =>
        {
            Assert.That(cont.IsFaulted, Is.True);
            Assert.That(cont.Responses.Single(r => r.Fault != null).RequestIndex, Is.EqualTo(1));
            Assert.That(_env.Count("test_parent"), Is.EqualTo(2));
        });
        var stop = (ExecuteMultipleResponse)_admin.Execute(new ExecuteMultipleRequest { Requests = requests, Settings = new ExecuteMultipleSettings { ContinueOnError = false } });
        Assert.That(_env.Count("test_parent"), Is.EqualTo(3), "stops after the failing request");
        Assert.That(stop.Responses.Single().Fault, Is.Not.Null);

        var before = _env.Snapshot();
        var tx = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Execute(new ExecuteTransactionRequest { Requests = requests }))!;
        Assert.That(((ExecuteTransactionFault)tx.Detail).FaultedRequestIndex, Is.EqualTo(1));
        Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty, "the first request of the failed transaction is rolled back");
        var ok = new OrganizationRequestCollection { new CreateRequest { Target = new Entity("test_parent") { ["test_name"] = "a" } }, new CreateRequest { Target = new Entity("test_parent") { ["test_name"] = "b" } } };
        var done = (ExecuteTransactionResponse)_admin.Execute(new ExecuteTransactionRequest { Requests = ok, ReturnResponses = true });
        Assert.That(done.Responses, Has.Count.EqualTo(2));
        Assert.That(_env.Count("test_parent"), Is.EqualTo(5));
    }

    [Test]
    public void Optimistic_concurrency_with_RowVersion()
    {
        var id = _admin.CreateParent("v");
        var read = _admin.Retrieve("test_parent", id, new ColumnSet("test_name"));
        Assert.That(read.RowVersion, Is.Not.Null.And.Not.Empty);
        _admin.Execute(new UpdateRequest { Target = new Entity("test_parent", id) { ["test_count"] = 1, RowVersion = read.RowVersion }, ConcurrencyBehavior = ConcurrencyBehavior.IfRowVersionMatches });
        var stale = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            _admin.Execute(new UpdateRequest { Target = new Entity("test_parent", id) { ["test_count"] = 2, RowVersion = read.RowVersion }, ConcurrencyBehavior = ConcurrencyBehavior.IfRowVersionMatches }))!;
        Assert.That(stale.Detail.ErrorCode, Is.EqualTo(ErrorCodes.ConcurrencyVersionMismatch));
        Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            _admin.Execute(new DeleteRequest { Target = new EntityReference("test_parent", id) { RowVersion = read.RowVersion }, ConcurrencyBehavior = ConcurrencyBehavior.IfRowVersionMatches }));
        Assert.That(_env.Peek("test_parent", id)!["test_count"], Is.EqualTo(1));
    }
}
