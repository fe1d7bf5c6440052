using System.ServiceModel;
using System.Text.Json;
using Mci.Emulator.Conversion;
using Mci.Emulator.Metadata;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Tests;

/// <summary>
/// The one value converter (Conversion.ValueConverter), shared by scenario files and workflow activity inputs:
/// loose values become the column's or argument's SDK type, strictly; what cannot be read is refused with a
/// message, never guessed.
/// </summary>
public class ConversionTests
{
    private Dataverse _env = null!;
    private TableDefinition _child = null!;

    [SetUp]
    public void Load()
    {
        _env = TestEnvironment.Create();
        _child = _env.Metadata.Table("test_child")!;
    }

    private ValueTarget Column(string name) => ValueTarget.Column(_child, _child.Column(name)!, _env.Metadata);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>A scenario's aliases, as the reader knows them: "p" is a test_parent record.</summary>
    private sealed class Scope : IAliasScope, IAliasResolver
    {
        public Guid Parent { get; init; }

        public string? Problem(string alias, IReadOnlyList<string> targets, string what) =>
            alias != "p" ? $"unknown alias '{alias}'" : targets.Count > 0 && !targets.Contains("test_parent") ? $"{what} points to {string.Join(" or ", targets)}" : null;

        public EntityReference Reference(string alias) => new("test_parent", Parent);

        public string? AliasOf(Guid id) => id == Parent ? "p" : null;
    }

    [Test]
    public void Json_values_become_the_column_types_and_are_stored()
    {
        var parent = _env.AdminService.CreateParent("P");
        var scope = new Scope { Parent = parent };
        var json = Json("""{"test_name":"c","test_value":7,"test_amount":12.5,"test_category":"Green","test_tags":["Green",100000000],"test_parentid":"@p","test_when":"2026-04-01T10:00:00Z"}""");
        var entity = new Entity("test_child");
        foreach (var p in json.EnumerateObject())
        {
            var converted = ValueConverter.Convert(p.Value, Column(p.Name), scope);
            Assert.That(converted.Problems, Is.Empty, p.Name);
            entity[p.Name] = converted.Value!.ToSdk(scope);
        }
        Assert.Multiple(() =>
        {
            Assert.That(entity["test_value"], Is.EqualTo(7));
            Assert.That(entity["test_amount"], Is.EqualTo(new Money(12.5m)));
            Assert.That(entity["test_category"], Is.EqualTo(new OptionSetValue(100000001)));
            Assert.That(((OptionSetValueCollection)entity["test_tags"]).Select(o => o.Value), Is.EqualTo(new[] { 100000001, 100000000 }));
            Assert.That(entity["test_parentid"], Is.EqualTo(new EntityReference("test_parent", parent)));
            Assert.That(entity["test_when"], Is.EqualTo(new DateTime(2026, 4, 1, 10, 0, 0, DateTimeKind.Utc)));
        });
        var id = _env.AdminService.Create(entity);
        var stored = _env.Peek("test_child", id)!;
        Assert.That(ValueConverter.Convert(Json("12.5"), Column("test_amount")).Value!.Matches(stored["test_amount"], null), Is.True, "a converted value matches what was stored");
        Assert.That(ValueConverter.Convert(Json("\"@p\""), Column("test_parentid"), scope).Value!.Matches(stored["test_parentid"], scope), Is.True);
        Assert.That(ValueConverter.Convert(Json("\"2026-04-01\""), Column("test_when")).Value!.Matches(stored["test_when"], null), Is.True, "a date matches any time of its day");
    }

    // (column, loose JSON value, a fragment of the one problem reported)
    [TestCase("test_value", "\"7\"", "test_child.test_value is a whole number (32-bit), not the text \"7\"")]
    [TestCase("test_value", "7.5", "test_child.test_value is a whole number (32-bit), not the number 7.5")]
    [TestCase("test_value", "7.0", "is a whole number (32-bit), not the number 7.0")]
    [TestCase("test_value", "3000000000", "3000000000 is out of range for test_child.test_value: a whole number column takes -2,147,483,648 to 2,147,483,647")]
    [TestCase("test_value", "1e400", "1e400 is out of range for test_child.test_value")]
    [TestCase("test_amount", "\"12.5\"", "test_child.test_amount is a money amount: write a JSON number, not the text \"12.5\"")]
    [TestCase("test_amount", "1e+30", "1e+30 is out of range for test_child.test_amount: a money column takes -922,337,203,685,477 to 922,337,203,685,477")]
    [TestCase("test_amount", "-922337203685478", "is out of range for test_child.test_amount")]
    [TestCase("test_category", "\"green\"", "unknown label 'green' for test_child.test_category (did you mean 'Green'?)")]
    [TestCase("test_category", "1.5", "test_child.test_category takes an option value (a whole number) or its English label, not 1.5")]
    [TestCase("test_category", "true", "is a choice: write its English label or its number, not true")]
    [TestCase("test_tags", "\"Green\"", "test_child.test_tags is a multi-select choice: write an array of labels")]
    [TestCase("test_when", "\"01/04/2026\"", "'01/04/2026' is not a date: test_child.test_when takes yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ")]
    [TestCase("test_when", "\"2026-02-30\"", "is not a date")]
    [TestCase("test_name", "5", "test_child.test_name is text: a JSON string, not the number 5")]
    [TestCase("test_parentid", "\"@p\"", "test_child.test_parentid takes a record: \"@p\" names one only in a scenario file")]
    [TestCase("test_parentid", "\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"", "test_child.test_parentid is a lookup: pass an EntityReference (or the id of a test_parent, a Guid)")]
    [TestCase("test_childid", "\"not-a-guid\"", "'not-a-guid' is not a GUID")]
    public void A_value_that_is_not_of_the_columns_type_is_refused_not_guessed(string column, string json, string fragment)
    {
        var converted = ValueConverter.Convert(Json(json), Column(column));
        Assert.That(converted.Succeeded, Is.False);
        Assert.That(converted.Value, Is.Null);
        Assert.That(converted.Problems.Single().Message, Does.Contain(fragment));
    }

    [Test]
    public void A_problem_inside_an_array_is_reported_at_its_item()
    {
        var converted = ValueConverter.Convert(Json("""["Green","Purple"]"""), Column("test_tags"));
        Assert.That(converted.Problems.Single().Path, Is.EqualTo("[1]"));
        Assert.That(converted.Problems.Single().Message, Does.StartWith("unknown label 'Purple' for test_child.test_tags"));
    }

    [Test]
    public void A_number_at_the_edge_of_its_types_range_is_taken()
    {
        Assert.That(ValueConverter.Convert(Json("2147483647"), Column("test_value")).Value, Is.EqualTo(new NumberValue(int.MaxValue, NumberKind.Whole)));
        Assert.That(ValueConverter.Convert(Json("922337203685477"), Column("test_amount")).Value, Is.EqualTo(new NumberValue(922337203685477m, NumberKind.Money)));
    }

    [Test]
    public void Cs_values_of_the_sdk_type_are_taken_as_given_and_numbers_strictly()
    {
        var when = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        Assert.Multiple(() =>
        {
            Assert.That(ValueConverter.ToSdk(new Money(3m), Column("test_amount")), Is.EqualTo(new Money(3m)));
            Assert.That(ValueConverter.ToSdk(when, Column("test_when")), Is.EqualTo(when));
            Assert.That(ValueConverter.ToSdk(new OptionSetValue(100000001), Column("test_category")), Is.EqualTo(new OptionSetValue(100000001)));
            Assert.That(ValueConverter.ToSdk(7L, Column("test_value")), Is.EqualTo(7), "a long that fits is an int");
            Assert.That(ValueConverter.ToSdk(2.5, Column("test_amount")), Is.EqualTo(new Money(2.5m)), "any number is an amount");
            Assert.That(() => ValueConverter.ToSdk(7m, Column("test_value")), Throws.ArgumentException.With.Message.Contains("is a whole number (32-bit), not the number 7"), "a decimal is no whole number, even when it has no fraction");
            Assert.That(() => ValueConverter.ToSdk(double.NaN, Column("test_amount")), Throws.ArgumentException.With.Message.Contains("not the number NaN"));
            Assert.That(() => ValueConverter.ToSdk(1e300, Column("test_amount")), Throws.ArgumentException.With.Message.Contains("is out of range"));
            Assert.That(() => ValueConverter.ToSdk("Green", Column("test_value")), Throws.ArgumentException.With.Message.Contains("not the text \"Green\""));
        });
    }

    [Test]
    public void A_guid_is_a_lookup_only_when_the_target_names_one_table()
    {
        var id = Guid.NewGuid();
        Assert.That(ValueConverter.ToSdk(id, Column("test_parentid")), Is.EqualTo(new EntityReference("test_parent", id)), "one table: the id says which record");
        Assert.That(() => ValueConverter.ToSdk(id, Column("ownerid")), Throws.ArgumentException.With.Message.Contains("a Guid alone does not say which table"));
        Assert.That(ValueConverter.ToSdk(id, Column("test_childid")), Is.EqualTo(id));
    }

    [Test]
    public void A_typed_argument_names_its_dotnet_type_and_range()
    {
        var target = ValueTarget.Typed("argument Days", typeof(int));
        Assert.That(ValueConverter.Convert(Json("\"3\""), target).Problems.Single().Message, Is.EqualTo("argument Days is a whole number (32-bit), not the text \"3\""));
        Assert.That(ValueConverter.Convert(Json("5000000000"), target).Problems.Single().Message, Is.EqualTo("5000000000 is out of range for argument Days: an Int32 takes -2,147,483,648 to 2,147,483,647"));
        Assert.That(ValueConverter.Convert(Json("true"), ValueTarget.Typed("argument Flag", typeof(bool))).Value, Is.EqualTo(new BoolValue(true)));
        Assert.That(ValueConverter.Convert(Json("1"), ValueTarget.Typed("argument Flag", typeof(bool))).Problems.Single().Message, Is.EqualTo("argument Flag is a Boolean: write true or false, not the number 1"));
        Assert.That(ValueConverter.Convert(Json("{}"), ValueTarget.Typed("argument Rows", typeof(EntityCollection))).Problems.Single().Message, Is.EqualTo("argument Rows is of type EntityCollection, which scenario files cannot express"));
    }

    [Test]
    public void The_scalar_of_an_sdk_value_is_what_queries_and_checks_compare()
    {
        var id = Guid.NewGuid();
        Assert.Multiple(() =>
        {
            Assert.That(SdkValues.Scalar(new Money(2.5m)), Is.EqualTo(2.5m));
            Assert.That(SdkValues.Scalar(new OptionSetValue(3)), Is.EqualTo(3));
            Assert.That(SdkValues.Scalar(new EntityReference("account", id)), Is.EqualTo(id));
            Assert.That(SdkValues.Scalar(new AliasedValue("a", "b", new Money(1m))), Is.EqualTo(1m));
            Assert.That(SdkValues.Number(new Money(2.5m)), Is.EqualTo(2.5m));
            Assert.That(SdkValues.Number(7L), Is.EqualTo(7m));
            Assert.That(SdkValues.Number(double.NaN), Is.Null);
            Assert.That(SdkValues.Number("7"), Is.Null, "text is no number");
        });
    }

    // ---------- workflow activity inputs go through the same converter ----------

    [Test]
    public void Workflow_inputs_are_converted_strictly()
    {
        var parent = _env.AdminService.CreateParent("Parent");
        var outputs = _env.RunWorkflowActivity("AddDays", new Dictionary<string, object?> { ["Start"] = "2026-01-30", ["Days"] = 3L, ["Parent"] = parent });
        Assert.That(outputs["Result"], Is.EqualTo(new DateTime(2026, 2, 2, 0, 0, 0, DateTimeKind.Utc)), "an ISO date and a long that fits are taken");
        Assert.That(outputs["ParentName"], Is.EqualTo("Parent"), "a Guid for an argument with [ReferenceTarget] is that table's record");
    }

    [TestCase("Days", "3", "argument Days is a whole number (32-bit), not the text \"3\"")]
    [TestCase("Days", 1.5, "argument Days is a whole number (32-bit), not the number 1.5")]
    [TestCase("Start", "30/01/2026", "'30/01/2026' is not a date: argument Start takes yyyy-MM-dd")]
    [TestCase("Parent", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "argument Parent is a lookup: pass an EntityReference (or the id of a test_parent, a Guid)")]
    [TestCase("Result", "2026-01-30", "has no input argument 'Result'")]
    public void A_workflow_input_that_is_not_of_its_arguments_type_is_refused(string argument, object value, string fragment)
    {
        var inputs = new Dictionary<string, object?> { ["Start"] = new DateTime(2026, 1, 30, 0, 0, 0, DateTimeKind.Utc), [argument] = value };
        Assert.That(() => _env.RunWorkflowActivity("AddDays", inputs), Throws.ArgumentException.With.Message.Contains(fragment));
        Assert.That(_env.Recorder.Executions, Is.Empty, "the activity did not run");
    }
}
