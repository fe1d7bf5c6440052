using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests;

/// <summary>Every kind of bad input is refused with Dataverse's wording, and nothing is stored.</summary>
public class ValidationTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;
    private Guid _parent;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
        _parent = _admin.CreateParent("Existing", 1m);
    }

    private FaultException<OrganizationServiceFault> Refused(Action action)
    {
        var before = _env.Snapshot();
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => action())!;
        Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty, "a refused operation leaves nothing behind");
        return e;
    }

    private FaultException<OrganizationServiceFault> RefusedCreate(string column, object? value) =>
        Refused(() => _admin.Create(new Entity("test_parent") { ["test_name"] = "N", [column] = value }));

    [Test]
    public void Wrong_value_type()
    {
        var e = RefusedCreate("test_count", "3");
        Assert.That(e.Detail.Message, Does.StartWith("Incorrect attribute value type System.String"));
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.InvalidArgument));
        Assert.That(RefusedCreate("test_kind", 100000000).Detail.Message, Does.StartWith("Incorrect attribute value type System.Int32"));
        Assert.That(RefusedCreate("test_amount", 5m).Detail.Message, Does.StartWith("Incorrect attribute value type System.Decimal"));
        Assert.That(RefusedCreate("test_accountid", Guid.NewGuid()).Detail.Message, Does.StartWith("Incorrect attribute value type System.Guid"));
    }

    [Test]
    public void Unknown_column_and_unknown_table()
    {
        var e = RefusedCreate("test_nope", 1);
        Assert.That(e.Detail.Message, Is.EqualTo("'test_parent' entity doesn't contain attribute with Name = 'test_nope' and NameMapping = 'Logical'."));
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.UnknownAttribute));
        var t = Refused(() => _admin.Create(new Entity("test_nope") { ["test_name"] = "x" }));
        Assert.That(t.Detail.ErrorCode, Is.EqualTo(ErrorCodes.UnknownEntity));
        var u = Refused(() => _admin.Update(new Entity("test_parent", _parent) { ["Test_Name"] = "case matters" }));
        Assert.That(u.Detail.ErrorCode, Is.EqualTo(ErrorCodes.UnknownAttribute), "logical names are lower case");
    }

    [TestCase("test_count", 101)]
    [TestCase("test_count", -1)]
    [TestCase("test_rate", 100.01)]
    public void Number_out_of_range(string column, double value)
    {
        object boxed = column == "test_count" ? (object)(int)value : (decimal)value;
        var e = RefusedCreate(column, boxed);
        Assert.That(e.Detail.Message, Does.StartWith($"A validation error occurred. The value {boxed} of '{column}' on record of type 'test_parent' is outside the valid range."));
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.ValidationError));
    }

    [Test]
    public void Money_out_of_range_and_on_update()
    {
        Assert.That(RefusedCreate("test_amount", new Money(-0.01m)).Detail.ErrorCode, Is.EqualTo(ErrorCodes.ValidationError));
        Assert.That(RefusedCreate("test_amount", new Money(1000000.01m)).Detail.ErrorCode, Is.EqualTo(ErrorCodes.ValidationError));
        Assert.That(Refused(() => _admin.Update(new Entity("test_parent", _parent) { ["test_amount"] = new Money(-5m) })).Detail.ErrorCode, Is.EqualTo(ErrorCodes.ValidationError));
    }

    [Test]
    public void Decimals_are_rounded_to_the_column_precision_as_Dataverse_stores_them()
    {
        _admin.Update(new Entity("test_parent", _parent) { ["test_rate"] = 12.345m, ["test_amount"] = new Money(2.005m) });
        var row = _env.Peek("test_parent", _parent)!;
        Assert.That(row["test_rate"], Is.EqualTo(12.35m));
        Assert.That(row.GetAttributeValue<Money>("test_amount").Value, Is.EqualTo(2.01m));
    }

    [Test]
    public void String_too_long()
    {
        var e = Refused(() => _admin.Create(new Entity("test_parent") { ["test_name"] = new string('名', 101) }));
        Assert.That(e.Detail.Message, Is.EqualTo("A validation error occurred. The length of the 'test_name' attribute of the 'test_parent' entity exceeded the maximum allowed length of '100'."));
        Assert.That(RefusedCreate("test_log", new string('x', 2001)).Detail.ErrorCode, Is.EqualTo(ErrorCodes.ValidationError));
        Assert.DoesNotThrow(() => _admin.Create(new Entity("test_parent") { ["test_name"] = new string('名', 100) }), "exactly the maximum is fine");
    }

    [Test]
    public void Invalid_choice()
    {
        var e = RefusedCreate("test_kind", new OptionSetValue(7));
        Assert.That(e.Detail.Message, Is.EqualTo("A validation error occurred. The value 7 of 'test_kind' on record of type 'test_parent' is outside the valid range. Accepted Values: 100000000,100000001."));
        var multi = Refused(() => _admin.Create(new Entity("test_child") { ["test_name"] = "c", ["test_tags"] = new OptionSetValueCollection { new(100000000), new(5) } }));
        Assert.That(multi.Detail.ErrorCode, Is.EqualTo(ErrorCodes.ValidationError));
        Assert.That(RefusedCreate("statuscode", new OptionSetValue(3)).Detail.ErrorCode, Is.EqualTo(ErrorCodes.ValidationError));
    }

    [Test]
    public void Dangling_or_mistargeted_lookup()
    {
        var missing = Guid.NewGuid();
        var e = Refused(() => _admin.Create(new Entity("test_child") { ["test_name"] = "c", ["test_parentid"] = new EntityReference("test_parent", missing) }));
        Assert.That(e.Detail.Message, Is.EqualTo($"Entity 'test_parent' With Id = {missing:D} Does Not Exist"));
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.ObjectDoesNotExist));
        var account = _admin.Create(new Entity("account") { ["name"] = "A" });
        var wrongTable = Refused(() => _admin.Create(new Entity("test_child") { ["test_name"] = "c", ["test_parentid"] = new EntityReference("account", account) }));
        Assert.That(wrongTable.Detail.Message, Does.Contain("cannot point to a 'account' record"));
        Assert.That(Refused(() => _admin.Create(new Entity("test_child") { ["test_name"] = "c", ["test_parentid"] = new EntityReference("test_parent", Guid.Empty) })).Detail.ErrorCode, Is.EqualTo(ErrorCodes.InvalidArgument));
    }

    [Test]
    public void System_required_column_cannot_be_emptied()
    {
        var e = Refused(() => _admin.Update(new Entity("test_parent", _parent) { ["ownerid"] = null }));
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.InvalidArgument));
    }

    [Test]
    public void Business_required_is_a_form_rule_unless_asked_for()
    {
        Assert.DoesNotThrow(() => _admin.Create(new Entity("test_parent")), "the API does not enforce business-required columns");
        var strict = TestEnvironment.Create(o => o.EnforceBusinessRequired = true);
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => strict.AdminService.Create(new Entity("test_parent")))!;
        Assert.That(e.Detail.Message, Does.Contain("test_name"));
    }

    [Test]
    public void Dates_before_1753_and_hostile_strings()
    {
        Assert.That(RefusedCreate("test_due", new DateTime(1700, 1, 1)).Detail.ErrorCode, Is.EqualTo(ErrorCodes.ValidationError));
        const string hostile = "'; DROP TABLE test_parent; -- <script>alert(1)</script> \u0000 名字";
        var id = _admin.Create(new Entity("test_parent") { ["test_name"] = hostile });
        Assert.That(_env.Peek("test_parent", id)!["test_name"], Is.EqualTo(hostile), "stored verbatim, nothing interpreted");
    }

    [Test]
    public void Date_only_columns_drop_the_time()
    {
        _admin.Update(new Entity("test_parent", _parent) { ["test_due"] = new DateTime(2026, 5, 6, 17, 30, 0, DateTimeKind.Utc) });
        Assert.That(_env.Peek("test_parent", _parent)!["test_due"], Is.EqualTo(new DateTime(2026, 5, 6, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Test]
    public void Platform_columns_sent_by_the_caller_are_replaced()
    {
        var id = _admin.Create(new Entity("test_parent") { ["test_name"] = "x", ["createdon"] = new DateTime(2000, 1, 1), ["owningbusinessunit"] = new EntityReference("businessunit", Guid.NewGuid()) });
        var row = _env.Peek("test_parent", id)!;
        Assert.That(row["createdon"], Is.EqualTo(_env.Clock.UtcNow));
        Assert.That(row.GetAttributeValue<EntityReference>("owningbusinessunit").Id, Is.EqualTo(_env.RootBusinessUnitId));
    }

    [Test]
    public void Primary_key_that_disagrees_with_the_id_is_refused()
    {
        var e = Refused(() => _admin.Update(new Entity("test_parent", _parent) { ["test_parentid"] = Guid.NewGuid() }));
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.InvalidArgument));
    }

    [Test]
    public void A_note_or_an_activity_needs_a_table_with_notes_or_activities_enabled()
    {
        // test_parent has <HasRelatedNotes>True</HasRelatedNotes> and no HasRelatedActivities; test_child neither.
        var child = _admin.Create(new Entity("test_child") { ["test_name"] = "c", ["test_parentid"] = new EntityReference("test_parent", _parent) });
        Assert.DoesNotThrow(() => _admin.Create(new Entity("annotation") { ["objectid"] = new EntityReference("test_parent", _parent), ["subject"] = "ok" }));
        Assert.Multiple(() =>
        {
            Assert.That(Refused(() => _admin.Create(new Entity("annotation") { ["objectid"] = new EntityReference("test_child", child), ["subject"] = "no" })).Detail.Message,
                Is.EqualTo("The lookup attribute 'objectid' of entity 'annotation' cannot point to a 'test_child' record: the table 'test_child' does not have notes enabled (Entity.xml <HasRelatedNotes>True</HasRelatedNotes>)."));
            Assert.That(Refused(() => _admin.Create(new Entity("task") { ["regardingobjectid"] = new EntityReference("test_parent", _parent), ["subject"] = "no" })).Detail.Message,
                Is.EqualTo("The lookup attribute 'regardingobjectid' of entity 'task' cannot point to a 'test_parent' record: the table 'test_parent' does not have activities enabled (Entity.xml <HasRelatedActivities>True</HasRelatedActivities>)."));
            Assert.That(_env.Metadata.Table("task")!.Column("regardingobjectid")!.Targets, Does.Contain("opportunity").And.Contain("account").And.Not.Contain("test_parent"),
                "the standard tables with activities");
        });
    }
}
