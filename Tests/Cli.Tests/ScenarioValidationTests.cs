using System.Text.Json.Nodes;
using Mci.Cli.Scenarios;
using Mci.Emulator.Conversion;

namespace Mci.Cli.Tests;

/// <summary>
/// The scenario contract: a valid file reads without error, and each kind of mistake makes the file invalid with
/// the JSON path of the offending value (never silently ignored).
/// </summary>
public class ScenarioValidationTests
{
    private static ScenarioHost _host = null!;

    /// <summary>A file that uses every kind of step and value; each case below breaks one thing in it.</summary>
    private const string Valid = """
    {
      "name": "Every kind of step",
      "description": "The base of the validation tests",
      "today": "2026-12-01",
      "users": [
        { "alias": "s1", "fullname": "Li Lei", "email": "s1@example.com", "roles": ["MCI Seller", "Salesperson"], "language": "zh" },
        { "alias": "exec", "fullname": "Wang Fang", "email": "exec@example.com", "roles": ["MCI Sales Executive"], "profiles": ["MCI Allocation Approvers"], "language": "en" }
      ],
      "teams": [ { "alias": "east", "name": "East Sales", "administrator": "s1", "members": ["s1", "exec"], "roles": ["Basic User"] } ],
      "environment": { "mci_DefaultMinimumPartnerMargin": 12, "mci_SalesExecutiveEmail": "exec@example.com", "mci_EscalationLeadDays": null },
      "steps": [
        { "as": "s1", "create": "account", "alias": "acme", "values": { "name": "Acme", "revenue": 1000 }, "note": "a customer" },
        { "as": "s1", "create": "opportunity", "alias": "opp", "values": { "name": "ERP rollout", "estimatedvalue": 2000000, "customerid": "@acme", "mci_leadteamid": "@east", "estimatedclosedate": "2026-12-24", "mci_dualcredit": false } },
        { "as": "s1", "update": "opp", "values": { "estimatedvalue": 2500000, "mci_complexity": "Complex", "mci_branchid": null } },
        { "as": "s1", "create": "mci_opportunitysplit", "alias": "l1", "values": { "mci_opportunityid": "@opp", "mci_teamid": "@east", "mci_splittype": "Revenue", "mci_percent": 101 }, "fails": "101" },
        { "delete": "l1", "fails": true },
        { "as": "exec", "win": "opp" },
        { "run": "EchoActivity", "inputs": { "Record": "@acme", "Amount": 5, "PartnerType": "Reseller", "Label": "x" }, "alias": "echo", "record": "acme" },
        { "clock": "2026-12-10T08:30:00Z" },
        { "expect": "opp", "values": { "statecode": "Won", "statuscode": 3, "mci_dualcredit": false, "customerid": "@acme", "estimatedclosedate": "2026-12-24" } },
        { "expect": "echo", "values": { "Doubled": 10, "SameRecord": "@acme", "SameType": "Reseller", "Text": "echo x", "Flag": true, "Fee": 0.5, "Count": 3, "Today": "2026-12-10" } },
        { "expect": "l1", "exists": false },
        { "count": "appnotification", "where": { "ownerid": "@s1" }, "equals": 0 },
        { "count": "annotation", "where": { "objectid": "@opp" }, "atLeast": 0 },
        { "as": "s1", "lose": "opp", "status": "Out-Sold", "fails": "not open" }
      ]
    }
    """;

    [OneTimeSetUp]
    public void LoadSolution()
    {
        var repo = RepoLayout.Find(Mci.RepoRoot)!;
        _host = new ScenarioHost(repo.SolutionSource, repo.EmulatedAssemblies(), new[] { typeof(Mci).Assembly });
    }

    private static ScenarioReadResult Read(string json) => _host.Reader().Parse("test.json", json);

    private static ScenarioReadResult ReadChanged(Action<JsonNode> change)
    {
        var node = JsonNode.Parse(Valid)!;
        change(node);
        return Read(node.ToJsonString());
    }

    [Test]
    public void The_base_file_is_valid_with_every_kind_of_step()
    {
        var result = Read(Valid);
        Assert.That(result.Errors, Is.Empty);
        var steps = result.Scenario!.Steps;
        Assert.Multiple(() =>
        {
            Assert.That(steps.Select(s => s.Kind), Is.EqualTo(new[] { "create", "create", "update", "create", "delete", "win", "run", "clock", "expect", "expect", "expect", "count", "count", "lose" }));
            Assert.That(result.Scenario.Users[0].LanguageCode, Is.EqualTo(2052));
            Assert.That(result.Scenario.Users[1].LanguageCode, Is.EqualTo(1033));
            Assert.That(((CreateStep)steps[3]).Fails!.Text, Is.EqualTo("101"));
            Assert.That(((DeleteStep)steps[4]).Fails!.Text, Is.Null);
            Assert.That(result.Scenario.Environment.Single(e => e.SchemaName == "mci_DefaultMinimumPartnerMargin").Value, Is.EqualTo("12"));
            Assert.That(result.Scenario.Environment.Single(e => e.SchemaName == "mci_EscalationLeadDays").Value, Is.Null);
            Assert.That(((ClockStep)steps[7]).Value, Is.EqualTo(new DateTime(2026, 12, 10, 8, 30, 0, DateTimeKind.Utc)));
            Assert.That(((LoseStep)steps[13]).Status, Is.EqualTo(5), "Out-Sold");
            Assert.That(((LoseStep)steps[13]).Fails!.Text, Is.EqualTo("not open"));
        });
    }

    [Test]
    public void Values_are_typed_by_their_column()
    {
        var steps = Read(Valid).Scenario!.Steps;
        var create = (CreateStep)steps[1];
        Assert.Multiple(() =>
        {
            Assert.That(create.Values.Single(v => v.Column == "estimatedvalue").Value, Is.EqualTo(new NumberValue(2000000m, NumberKind.Money)));
            Assert.That(create.Values.Single(v => v.Column == "customerid").Value, Is.EqualTo(new ReferenceValue("acme")));
            Assert.That(create.Values.Single(v => v.Column == "estimatedclosedate").Value, Is.EqualTo(new DateValue(new DateTime(2026, 12, 24), true)));
            Assert.That(((UpdateStep)steps[2]).Values.Single(v => v.Column == "mci_complexity").Value, Is.EqualTo(new ChoiceValue(613000001, "Complex")));
            Assert.That(((UpdateStep)steps[2]).Values.Single(v => v.Column == "mci_branchid").Value, Is.EqualTo(new NullValue()));
            Assert.That(((ExpectStep)steps[8]).Values.Single(v => v.Column == "statecode").Value, Is.EqualTo(new ChoiceValue(1, "Won")));
        });
    }

    // (what is broken, the change, the JSON path reported, a fragment of the message)
    private static IEnumerable<TestCaseData> Mistakes()
    {
        TestCaseData Case(string name, Action<JsonNode> change, string path, string fragment) => new TestCaseData(change, path, fragment).SetName("Invalid: " + name);

        // the file
        yield return Case("unknown top-level key", n => n["nmae"] = "x", "$.nmae", "did you mean 'name'");
        yield return Case("missing name", n => n.AsObject().Remove("name"), "$", "'name' is required");
        yield return Case("empty name", n => n["name"] = "  ", "$.name", "empty");
        yield return Case("name not text", n => n["name"] = 5, "$.name", "not the number 5");
        yield return Case("missing steps", n => n.AsObject().Remove("steps"), "$", "'steps' is required");
        yield return Case("no steps", n => n["steps"] = new JsonArray(), "$.steps", "at least one step");
        yield return Case("steps not an array", n => n["steps"] = new JsonObject(), "$.steps", "must be an array");
        yield return Case("today not a date", n => n["today"] = "2026-13-01", "$.today", "not a date");
        yield return Case("today with a time", n => n["today"] = "2026-12-01T10:00:00Z", "$.today", "not a date");
        // users
        yield return Case("unknown user key", n => n["users"]![0]!["mail"] = "x@y", "$.users[0].mail", "unknown key 'mail'");
        yield return Case("unknown role", n => n["users"]![0]!["roles"]![0] = "MCI Sellers", "$.users[0].roles[0]", "did you mean 'MCI Seller'");
        yield return Case("role in the wrong case", n => n["users"]![0]!["roles"]![0] = "mci seller", "$.users[0].roles[0]", "did you mean 'MCI Seller'");
        yield return Case("role listed twice", n => n["users"]![0]!["roles"]![1] = "MCI Seller", "$.users[0].roles[1]", "listed twice");
        yield return Case("unknown field security profile", n => n["users"]![1]!["profiles"]![0] = "Approvers", "$.users[1].profiles[0]", "unknown field security profile");
        yield return Case("language other than en or zh", n => n["users"]![0]!["language"] = "fr", "$.users[0].language", "\"en\" (English) or \"zh\"");
        yield return Case("language as an LCID", n => n["users"]![0]!["language"] = 2052, "$.users[0].language", "not the number 2052");
        yield return Case("email without @", n => n["users"]![0]!["email"] = "s1.example.com", "$.users[0].email", "not an email address");
        yield return Case("missing fullname", n => n["users"]![0]!.AsObject().Remove("fullname"), "$.users[0]", "'fullname' is required");
        yield return Case("fullname too long", n => n["users"]![0]!["fullname"] = new string('x', 201), "$.users[0].fullname", "at most 200");
        yield return Case("duplicate alias", n => n["users"]![1]!["alias"] = "s1", "$.users[1].alias", "already defined at $.users[0]");
        yield return Case("alias with a space", n => n["users"]![0]!["alias"] = "s 1", "$.users[0].alias", "not an alias");
        yield return Case("alias starting with @", n => n["users"]![0]!["alias"] = "@s1", "$.users[0].alias", "not an alias");
        yield return Case("user not an object", n => n["users"]![0] = "s1", "$.users[0]", "must be a JSON object");
        // teams
        yield return Case("unknown administrator", n => n["teams"]![0]!["administrator"] = "boss", "$.teams[0].administrator", "unknown alias 'boss'");
        yield return Case("administrator written with @", n => n["teams"]![0]!["administrator"] = "@s1", "$.teams[0].administrator", "without '@'");
        yield return Case("team member that is a team", n => n["teams"]![0]!["members"]![1] = "east", "$.teams[0].members[1]", "must be a user alias; 'east' is a team");
        yield return Case("member listed twice", n => n["teams"]![0]!["members"]![1] = "s1", "$.teams[0].members[1]", "listed twice");
        yield return Case("missing administrator", n => n["teams"]![0]!.AsObject().Remove("administrator"), "$.teams[0]", "'administrator' is required");
        // environment
        yield return Case("unknown environment variable", n => n["environment"]!["mci_DefaultMinimumMargin"] = 5, "$.environment.mci_DefaultMinimumMargin", "unknown environment variable");
        yield return Case("environment variable in the wrong case", n => n["environment"]!["mci_salesexecutiveemail"] = "x@y", "$.environment.mci_salesexecutiveemail", "did you mean 'mci_SalesExecutiveEmail'");
        yield return Case("text for a number variable", n => n["environment"]!["mci_DefaultMinimumPartnerMargin"] = "12", "$.environment.mci_DefaultMinimumPartnerMargin", "must be a number");
        yield return Case("number for a text variable", n => n["environment"]!["mci_SalesExecutiveEmail"] = 5, "$.environment.mci_SalesExecutiveEmail", "must be a string");
        // step shape
        yield return Case("step without an action", n => n["steps"]![0] = new JsonObject { ["as"] = "s1" }, "$.steps[0]", "a step needs one of create, update");
        yield return Case("step with two actions", n => n["steps"]![2]!["delete"] = "opp", "$.steps[2]", "this one has update and delete");
        yield return Case("unknown step key", n => n["steps"]![0]!["value"] = new JsonObject(), "$.steps[0].value", "did you mean 'values'");
        yield return Case("fails on an expect", n => n["steps"]![8]!["fails"] = true, "$.steps[8].fails", "'fails' belongs to steps that act");
        yield return Case("fails on a count", n => n["steps"]![11]!["fails"] = "x", "$.steps[11].fails", "'fails' belongs to steps that act");
        yield return Case("fails on a clock", n => n["steps"]![7]!["fails"] = true, "$.steps[7].fails", "'fails' belongs to steps that act");
        yield return Case("as on an expect", n => n["steps"]![8]!["as"] = "s1", "$.steps[8].as", "'as' belongs to steps that act");
        yield return Case("fails false", n => n["steps"]![3]!["fails"] = false, "$.steps[3].fails", "leave it out");
        yield return Case("fails empty text", n => n["steps"]![3]!["fails"] = "", "$.steps[3].fails", "non-empty text");
        yield return Case("fails a number", n => n["steps"]![3]!["fails"] = 101, "$.steps[3].fails", "not the number 101");
        yield return Case("alias on an update", n => n["steps"]![2]!["alias"] = "x", "$.steps[2].alias", "an update step defines no alias (only create, run and execute do)");
        yield return Case("values on a delete", n => n["steps"]![4]!["values"] = new JsonObject(), "$.steps[4].values", "unknown key 'values' in a delete step");
        // actions
        yield return Case("unknown table", n => n["steps"]![0]!["create"] = "acount", "$.steps[0].create", "did you mean 'account'");
        yield return Case("intersect table", n => n["steps"]![0]!["create"] = "teammembership", "$.steps[0].create", "unknown table");
        yield return Case("unknown column", n => n["steps"]![1]!["values"]!["estimatedvalu"] = 1, "$.steps[1].values.estimatedvalu", "did you mean 'estimatedvalue'");
        yield return Case("column in the wrong case", n => n["steps"]![1]!["values"]!["EstimatedValue"] = 1, "$.steps[1].values.EstimatedValue", "did you mean 'estimatedvalue'");
        yield return Case("unknown choice label", n => n["steps"]![2]!["values"]!["mci_complexity"] = "Very complex", "$.steps[2].values.mci_complexity", "unknown label 'Very complex'");
        yield return Case("choice label in the wrong case", n => n["steps"]![2]!["values"]!["mci_complexity"] = "complex", "$.steps[2].values.mci_complexity", "did you mean 'Complex'");
        yield return Case("Chinese choice label", n => n["steps"]![2]!["values"]!["mci_complexity"] = "复杂", "$.steps[2].values.mci_complexity", "unknown label");
        yield return Case("choice as a fraction", n => n["steps"]![2]!["values"]!["mci_complexity"] = 1.5, "$.steps[2].values.mci_complexity", "a whole number");
        yield return Case("text for money", n => n["steps"]![1]!["values"]!["estimatedvalue"] = "2,000,000", "$.steps[1].values.estimatedvalue", "money amount");
        yield return Case("text for a yes/no", n => n["steps"]![1]!["values"]!["mci_dualcredit"] = "true", "$.steps[1].values.mci_dualcredit", "write true or false");
        yield return Case("number for text", n => n["steps"]![1]!["values"]!["name"] = 5, "$.steps[1].values.name", "is text");
        yield return Case("values checked against the created table", n => n["steps"]![0]!["create"] = "mci_supporttier", "$.steps[0].values.name", "mci_supporttier has no column 'name'");
        yield return Case("fraction for a whole number", n => n["steps"]![12] = new JsonObject { ["count"] = "mci_supporttier", ["where"] = new JsonObject { ["mci_evaluationorder"] = 1.5 }, ["equals"] = 0 }, "$.steps[12].where.mci_evaluationorder", "a whole number");
        // numbers beyond what the column's (or argument's) type holds: the range is named
        yield return Case("whole number out of range", n => n["steps"]![12] = new JsonObject { ["count"] = "mci_supporttier", ["where"] = new JsonObject { ["mci_evaluationorder"] = 3000000000 }, ["equals"] = 0 }, "$.steps[12].where.mci_evaluationorder", "3000000000 is out of range for mci_supporttier.mci_evaluationorder: a whole number column takes -2,147,483,648 to 2,147,483,647");
        yield return Case("whole number far out of range", n => n["steps"]![12] = new JsonObject { ["count"] = "mci_supporttier", ["where"] = new JsonObject { ["mci_evaluationorder"] = JsonNode.Parse("-1e+30") }, ["equals"] = 0 }, "$.steps[12].where.mci_evaluationorder", "-1e+30 is out of range for mci_supporttier.mci_evaluationorder: a whole number column takes");
        yield return Case("decimal out of range", n => n["steps"]![3]!["values"]!["mci_percent"] = JsonNode.Parse("1e+30"), "$.steps[3].values.mci_percent", "1e+30 is out of range for mci_opportunitysplit.mci_percent: a decimal column takes -100,000,000,000 to 100,000,000,000");
        yield return Case("decimal just out of range", n => n["steps"]![3]!["values"]!["mci_percent"] = 100000000000.01m, "$.steps[3].values.mci_percent", "a decimal column takes -100,000,000,000 to 100,000,000,000");
        yield return Case("money out of range", n => n["steps"]![1]!["values"]!["estimatedvalue"] = JsonNode.Parse("1e+30"), "$.steps[1].values.estimatedvalue", "1e+30 is out of range for opportunity.estimatedvalue: a money column takes -922,337,203,685,477 to 922,337,203,685,477");
        yield return Case("money out of range in an expect", n => n["steps"]![8]!["values"]!["estimatedvalue"] = 1e15, "$.steps[8].values.estimatedvalue", "is out of range for opportunity.estimatedvalue: a money column takes");
        yield return Case("input argument out of range", n => n["steps"]![6]!["inputs"]!["Amount"] = JsonNode.Parse("1e+30"), "$.steps[6].inputs.Amount", "1e+30 is out of range for argument Amount: a Decimal takes -79,228,162,514,264,337,593,543,950,335 to 79,228,162,514,264,337,593,543,950,335");
        yield return Case("output argument out of range", n => n["steps"]![9]!["values"]!["Count"] = 3000000000, "$.steps[9].values.Count", "3000000000 is out of range for argument Count: an Int32 takes -2,147,483,648 to 2,147,483,647");
        yield return Case("environment number out of range", n => n["environment"]!["mci_DefaultMinimumPartnerMargin"] = JsonNode.Parse("1e+30"), "$.environment.mci_DefaultMinimumPartnerMargin", "1e+30 is out of range for environment variable mci_DefaultMinimumPartnerMargin");
        yield return Case("bad date", n => n["steps"]![1]!["values"]!["estimatedclosedate"] = "24/12/2026", "$.steps[1].values.estimatedclosedate", "not a date");
        yield return Case("impossible date", n => n["steps"]![1]!["values"]!["estimatedclosedate"] = "2026-02-30", "$.steps[1].values.estimatedclosedate", "not a date");
        yield return Case("lookup without @", n => n["steps"]![1]!["values"]!["customerid"] = "acme", "$.steps[1].values.customerid", "write \"@alias\"");
        yield return Case("lookup to an unknown alias", n => n["steps"]![1]!["values"]!["customerid"] = "@acne", "$.steps[1].values.customerid", "did you mean 'acme'");
        yield return Case("lookup to a later alias", n => n["steps"]![0]!["values"]!["primarycontactid"] = "@opp", "$.steps[0].values.primarycontactid", "unknown alias 'opp'");
        yield return Case("lookup to the wrong table", n => n["steps"]![1]!["values"]!["mci_leadteamid"] = "@s1", "$.steps[1].values.mci_leadteamid", "points to team; '@s1' is a user");
        yield return Case("lookup to a run's outputs", n => n["steps"]![11]!["where"]!["ownerid"] = "@echo", "$.steps[11].where.ownerid", "outputs of a run step");
        yield return Case("record pointing at itself", n => n["steps"]![0]!["values"]!["parentaccountid"] = "@acme", "$.steps[0].values.parentaccountid", "unknown alias 'acme'");
        yield return Case("update of an unknown alias", n => n["steps"]![2]!["update"] = "op", "$.steps[2].update", "did you mean 'opp'");
        yield return Case("update target with @", n => n["steps"]![2]!["update"] = "@opp", "$.steps[2].update", "without '@'");
        yield return Case("update without values", n => n["steps"]![2]!.AsObject().Remove("values"), "$.steps[2]", "'values' is required");
        yield return Case("update with empty values", n => n["steps"]![2]!["values"] = new JsonObject(), "$.steps[2].values", "names no column");
        yield return Case("update of a run's outputs", n => n["steps"]![9] = new JsonObject { ["update"] = "echo", ["values"] = new JsonObject() }, "$.steps[9].update", "outputs of a run step");
        yield return Case("win of an account", n => n["steps"]![5]!["win"] = "acme", "$.steps[5].win", "only an opportunity can be won");
        yield return Case("status on a win", n => n["steps"]![5]!["status"] = "Won", "$.steps[5].status", "unknown key 'status' in a win step");
        // lose
        yield return Case("lose of an account", n => n["steps"]![13]!["lose"] = "acme", "$.steps[13].lose", "only an opportunity can be lost; 'acme' is a account");
        yield return Case("lose of an unknown alias", n => n["steps"]![13]!["lose"] = "op", "$.steps[13].lose", "did you mean 'opp'");
        yield return Case("lose target with @", n => n["steps"]![13]!["lose"] = "@opp", "$.steps[13].lose", "without '@'");
        yield return Case("lose of a run's outputs", n => n["steps"]![13]!["lose"] = "echo", "$.steps[13].lose", "outputs of a run step");
        yield return Case("lose status that is not a Lost status reason", n => n["steps"]![13]!["status"] = "Won", "$.steps[13].status", "'Won' is not a Lost status reason of opportunity: write \"Canceled\" or \"Out-Sold\"");
        yield return Case("lose status in the wrong case", n => n["steps"]![13]!["status"] = "out-sold", "$.steps[13].status", "did you mean 'Out-Sold'");
        yield return Case("lose status as a number", n => n["steps"]![13]!["status"] = 5, "$.steps[13].status", "not the number 5");
        yield return Case("lose status null", n => n["steps"]![13]!["status"] = null, "$.steps[13].status", "'status' is a Lost status reason's label");
        yield return Case("lose with values", n => n["steps"]![13]!["values"] = new JsonObject(), "$.steps[13].values", "unknown key 'values' in a lose step");
        yield return Case("lose with an alias", n => n["steps"]![13]!["alias"] = "x", "$.steps[13].alias", "a lose step defines no alias");
        yield return Case("lose as a team", n => n["steps"]![13]!["as"] = "east", "$.steps[13].as", "must be a user alias");
        yield return Case("lose fails false", n => n["steps"]![13]!["fails"] = false, "$.steps[13].fails", "leave it out");
        yield return Case("as a team", n => n["steps"]![5]!["as"] = "east", "$.steps[5].as", "must be a user alias");
        yield return Case("as an unknown user", n => n["steps"]![5]!["as"] = "boss", "$.steps[5].as", "unknown alias 'boss'");
        yield return Case("create alias taken", n => n["steps"]![1]!["alias"] = "acme", "$.steps[1].alias", "already defined");
        yield return Case("clock not a date", n => n["steps"]![7]!["clock"] = "next week", "$.steps[7].clock", "not a date or date-time");
        // run
        yield return Case("unknown activity", n => n["steps"]![6]!["run"] = "EchoActivty", "$.steps[6].run", "no workflow activity named 'EchoActivty'");
        yield return Case("unknown input", n => n["steps"]![6]!["inputs"]!["Amout"] = 1, "$.steps[6].inputs.Amout", "did you mean 'Amount'");
        yield return Case("output given as input", n => n["steps"]![6]!["inputs"]!["Doubled"] = 1, "$.steps[6].inputs.Doubled", "unknown input argument 'Doubled'");
        yield return Case("missing required input", n => n["steps"]![6]!["inputs"]!.AsObject().Remove("Record"), "$.steps[6].inputs", "needs the input 'Record'");
        yield return Case("input of the wrong type", n => n["steps"]![6]!["inputs"]!["Amount"] = "five", "$.steps[6].inputs.Amount", "write a JSON number");
        yield return Case("input reference to the wrong table", n => n["steps"]![6]!["inputs"]!["Record"] = "@opp", "$.steps[6].inputs.Record", "points to account");
        yield return Case("input choice label unknown", n => n["steps"]![6]!["inputs"]!["PartnerType"] = "Retailer", "$.steps[6].inputs.PartnerType", "unknown label 'Retailer'");
        yield return Case("run on a run's outputs", n => n["steps"]![6]!["record"] = "echo", "$.steps[6].record", "unknown alias 'echo'");
        // expect
        yield return Case("expect of the wrong type", n => n["steps"]![8]!["values"]!["mci_dualcredit"] = "no", "$.steps[8].values.mci_dualcredit", "write true or false");
        yield return Case("expect money as text", n => n["steps"]![8]!["values"]!["estimatedvalue"] = "2500000", "$.steps[8].values.estimatedvalue", "money amount");
        yield return Case("expect an unknown column", n => n["steps"]![8]!["values"]!["stage"] = "Won", "$.steps[8].values.stage", "opportunity has no column 'stage'");
        yield return Case("expect an unknown statecode label", n => n["steps"]![8]!["values"]!["statecode"] = "Closed", "$.steps[8].values.statecode", "unknown label 'Closed'");
        yield return Case("expect without values", n => n["steps"]![8]!.AsObject().Remove("values"), "$.steps[8]", "'values' is required");
        yield return Case("expect gone with values", n => n["steps"]![10]!["values"] = new JsonObject { ["mci_percent"] = 1 }, "$.steps[10].values", "no values to check");
        yield return Case("exists not a boolean", n => n["steps"]![10]!["exists"] = "no", "$.steps[10].exists", "true or false");
        yield return Case("expect an unknown output", n => n["steps"]![9]!["values"]!["Tripled"] = 1, "$.steps[9].values.Tripled", "unknown output argument 'Tripled'");
        yield return Case("expect an input as output", n => n["steps"]![9]!["values"]!["Amount"] = 1, "$.steps[9].values.Amount", "unknown output argument 'Amount'");
        yield return Case("expect output of the wrong type", n => n["steps"]![9]!["values"]!["Count"] = 1.5, "$.steps[9].values.Count", "whole number");
        yield return Case("expect output date that is not a date", n => n["steps"]![9]!["values"]!["Today"] = "12/10/2026", "$.steps[9].values.Today", "'12/10/2026' is not a date: argument Today takes yyyy-MM-dd");
        yield return Case("expect output reference without @", n => n["steps"]![9]!["values"]!["SameRecord"] = "acme", "$.steps[9].values.SameRecord", "write \"@alias\"");
        yield return Case("exists on a run", n => n["steps"]![9]!["exists"] = true, "$.steps[9].exists", "outputs of a run step");
        yield return Case("expect an unknown alias", n => n["steps"]![8]!["expect"] = "oppp", "$.steps[8].expect", "did you mean 'opp'");
        // count
        yield return Case("count without a number", n => n["steps"]![11]!.AsObject().Remove("equals"), "$.steps[11]", "needs 'equals' or 'atLeast'");
        yield return Case("count with both numbers", n => n["steps"]![11]!["atLeast"] = 1, "$.steps[11]", "not both");
        yield return Case("count negative", n => n["steps"]![11]!["equals"] = -1, "$.steps[11].equals", "0 or more");
        yield return Case("count fraction", n => n["steps"]![12]!["atLeast"] = 0.5, "$.steps[12].atLeast", "whole number");
        yield return Case("count of an unknown table", n => n["steps"]![11]!["count"] = "notification", "$.steps[11].count", "unknown table 'notification'");
        yield return Case("count where unknown column", n => n["steps"]![11]!["where"]!["owner"] = "@s1", "$.steps[11].where.owner", "appnotification has no column 'owner'");
        yield return Case("count where not an object", n => n["steps"]![11]!["where"] = new JsonArray(), "$.steps[11].where", "must be a JSON object");
        yield return Case("odd key is quoted in the path", n => n["steps"]![1]!["values"]!["my column"] = 1, "$.steps[1].values['my column']", "opportunity has no column 'my column'");
    }

    [TestCaseSource(nameof(Mistakes))]
    public void A_mistake_makes_the_file_invalid_and_is_reported_at_its_path(Action<JsonNode> change, string path, string fragment)
    {
        var result = ReadChanged(change);
        Assert.That(result.IsValid, Is.False, "the file must be invalid");
        Assert.That(result.Errors.Select(e => $"{e.Path}: {e.Message}"), Has.Some.StartsWith(path + ": ").And.Contains(fragment));
        Assert.That(result.Errors.All(e => e.File == "test.json"), Is.True);
    }

    [Test]
    public void A_key_written_twice_is_reported()
    {
        var result = Read("""{ "name": "a", "name": "b", "steps": [ { "clock": "2026-01-01" } ] }""");
        Assert.That(result.Errors.Select(e => $"{e.Path}: {e.Message}"), Has.Some.EqualTo("$.name: 'name' appears twice in the scenario"));
    }

    [TestCase("{ \"name\": \"a\", }", "not valid JSON (line 1")]
    [TestCase("{ \"name\": \"a\" /* comment */ }", "not valid JSON")]
    [TestCase("", "the file is empty: a scenario file is a JSON object")]
    [TestCase(" \n\t ", "the file is empty: a scenario file is a JSON object")]
    [TestCase("[]", "the scenario must be a JSON object")]
    [TestCase("{ \"name\": 'a' }", "not valid JSON")]
    public void Text_that_is_not_one_JSON_object_is_invalid(string json, string fragment)
    {
        var result = Read(json);
        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Single().Message, Does.Contain(fragment));
    }

    [Test]
    public void Every_mistake_of_a_file_is_reported_not_only_the_first()
    {
        var result = ReadChanged(n =>
        {
            n["users"]![0]!["language"] = "fr";
            n["steps"]![1]!["values"]!["estimatedvalu"] = 1;
            n["steps"]![8]!["fails"] = true;
        });
        Assert.That(result.Errors.Select(e => e.Path), Is.SupersetOf(new[] { "$.users[0].language", "$.steps[1].values.estimatedvalu", "$.steps[8].fails" }));
    }

    [Test]
    public void A_choice_may_be_given_by_its_number_which_the_platform_then_checks()
    {
        var result = ReadChanged(n => n["steps"]![2]!["values"]!["mci_complexity"] = 5);
        Assert.That(result.Errors, Is.Empty);
        Assert.That(((UpdateStep)result.Scenario!.Steps[2]).Values.Single(v => v.Column == "mci_complexity").Value, Is.EqualTo(new ChoiceValue(5, "5")));
    }

    [Test]
    public void A_number_within_its_type_but_beyond_the_columns_own_range_is_the_platforms_to_refuse()
    {
        // mci_percent takes 0 to 100; 100,000,000,000 is the most a decimal column holds: a step outcome, not a file error.
        var result = ReadChanged(n => n["steps"]![3]!["values"]!["mci_percent"] = 100000000000m);
        Assert.That(result.Errors, Is.Empty);
        Assert.That(((CreateStep)result.Scenario!.Steps[3]).Values.Single(v => v.Column == "mci_percent").Value, Is.EqualTo(new NumberValue(100000000000m, NumberKind.Decimal)));
    }

    [Test]
    public void An_out_of_range_number_is_not_called_something_other_than_a_number()
    {
        var result = ReadChanged(n => n["steps"]![1]!["values"]!["estimatedvalue"] = JsonNode.Parse("1e+30"));
        Assert.That(result.Errors.Select(e => e.Message), Has.None.Contains("not a JSON number").And.None.Contains("not the number"));
    }

    [Test]
    public void A_missing_file_is_invalid_naming_it()
    {
        var result = _host.Reader().ReadFile("/nonexistent/scenario.json");
        Assert.That(result.Errors.Single().ToString(), Does.StartWith("/nonexistent/scenario.json: $: cannot read the file"));
    }

    [Test]
    public void A_directory_is_invalid_as_a_directory_not_as_access_denied()
    {
        using var temp = new TempFolder();
        var result = _host.Reader().ReadFile(temp.Path);
        Assert.That(result.Errors.Single().ToString(), Is.EqualTo($"{temp.Path}: $: this is a directory, not a scenario file: name the scenario files in it, e.g. {Path.Combine(temp.Path, "*.json")}"));
    }

    [Test]
    public void The_messages_that_list_step_kinds_come_from_the_registry()
    {
        var kinds = StepKinds.All.Select(k => k.Key).ToList();
        Assert.That(kinds, Is.Unique);
        Assert.That(kinds, Is.EqualTo(new[] { "create", "update", "delete", "win", "lose", "run", "execute", "clock", "expect", "count" }), "the order messages list them: those that act first");
        Assert.That(StepKinds.All.TakeWhile(k => k.Acts).Count(), Is.EqualTo(StepKinds.All.Count(k => k.Acts)), "the kinds that act come first");
        var result = ReadChanged(n => n["steps"]![12] = new JsonObject { ["note"] = "nothing" });
        Assert.That(result.Errors.Single().Message, Is.EqualTo($"a step needs one of {string.Join(", ", kinds)}; it has note"));
    }
}
