using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mci.Cli.Tests;

/// <summary>
/// `mci simulate`, run in-process on the real solution, with scenarios that need no MCI rule (the emulator's own
/// checks and the test activities refuse): exit codes, the "fails" check and what a refused step left behind,
/// invalid files, --json.
/// </summary>
public class SimulateTests
{
    private static readonly string LongName = new('x', 161);

    /// <summary>Passes: creates, updates, refusals by the platform, a lookup, a workflow activity, the clock, expect, count, delete.</summary>
    private static readonly string Passing = $$"""
    {
      "name": "Accounts and branches",
      "today": "2026-05-04",
      "users": [
        { "alias": "rep", "fullname": "Zhang Wei", "email": "rep@example.com", "roles": ["Salesperson"] },
        { "alias": "nobody", "fullname": "No Roles" }
      ],
      "teams": [ { "alias": "tech", "name": "North Technical", "administrator": "rep", "members": ["rep"] } ],
      "steps": [
        { "as": "rep", "create": "account", "alias": "acme", "values": { "name": "Acme", "revenue": 1000000 } },
        { "as": "rep", "update": "acme", "values": { "revenue": 1250000.5 } },
        { "as": "rep", "create": "account", "values": { "name": "{{LongName}}" }, "fails": "maximum allowed length" },
        { "as": "nobody", "create": "account", "values": { "name": "Nope" }, "fails": true, "note": "no role, no account" },
        { "create": "mci_branch", "alias": "north", "values": { "mci_name": "North", "mci_technicalteamid": "@tech", "mci_managerid": "@rep" } },
        { "run": "EchoActivity", "inputs": { "Record": "@acme", "Amount": 2.5, "PartnerType": "Distributor", "Label": "hi" }, "alias": "echo" },
        { "clock": "2026-05-10" },
        { "expect": "acme", "values": { "name": "Acme", "revenue": 1250000.5, "ownerid": "@rep", "createdon": "2026-05-04" } },
        { "expect": "north", "values": { "mci_technicalteamid": "@tech", "mci_managerid": "@rep" } },
        { "expect": "echo", "values": { "Doubled": 5, "SameRecord": "@acme", "SameType": "Distributor", "Text": "echo hi", "Flag": true, "Fee": 0.25, "Count": 3, "Today": "2026-05-04" } },
        { "count": "account", "equals": 1 },
        { "count": "account", "where": { "ownerid": "@rep", "name": "Acme" }, "atLeast": 1 },
        { "as": "rep", "delete": "acme" },
        { "expect": "acme", "exists": false },
        { "count": "account", "equals": 0 }
      ]
    }
    """;

    private static string Changed(Action<JsonNode> change)
    {
        var node = JsonNode.Parse(Passing)!;
        change(node);
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    [Test]
    public void A_scenario_whose_expectations_all_hold_exits_0_with_a_table_of_its_steps()
    {
        using var temp = new TempFolder();
        var run = Mci.Run("simulate", temp.File("accounts.json", Passing));
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(run.Out, Does.Contain("Accounts and branches").And.Contain("passed"));
            Assert.That(run.Out, Does.Contain("rep (Zhang Wei)"));
            Assert.That(run.Out, Does.Contain("refused, as expected").And.Contain("maximum allowed length"));
            Assert.That(run.Out, Does.Contain("prvCreateAccount"));
            Assert.That(run.Out, Does.Contain("EchoActivity"), "the activity that ran is listed");
            Assert.That(run.Out, Does.Contain("no role, no account"), "the step's note is shown");
            Assert.That(run.Out, Does.Contain("1 scenario(s), 15 step(s): 1 passed, 0 failed"));
            Assert.That(run.Out, Does.Not.Contain("\u001b["), "redirected output is plain text");
            Assert.That(run.Err, Is.Empty);
        });
    }

    [Test]
    public void A_wrong_expectation_exits_1_showing_expected_and_actual()
    {
        using var temp = new TempFolder();
        var run = Mci.Run("simulate", temp.File("wrong.json", Changed(n => n["steps"]![7]!["values"]!["revenue"] = 999)));
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Out, Does.Contain("✗ step 8 ($.steps[7])").And.Contain("revenue: expected 999, actual 1250000.5"));
        Assert.That(run.Out, Does.Contain("0 passed, 1 failed"));
    }

    [Test]
    public void Wrong_choice_lookup_count_and_output_expectations_are_each_reported()
    {
        using var temp = new TempFolder();
        var run = Mci.Run("simulate", temp.File("wrong.json", Changed(n =>
        {
            n["steps"]![7]!["values"]!["ownerid"] = "@nobody";
            n["steps"]![9]!["values"]!["SameType"] = "Reseller";
            n["steps"]![10]!["equals"] = 2;
            n["steps"]![13]!["exists"] = true;
            n["steps"]![13]!["values"] = new JsonObject { ["name"] = "Acme" };
        })));
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(run.Out, Does.Contain("ownerid: expected @nobody, actual @rep"));
            Assert.That(run.Out, Does.Contain("SameType: expected Reseller, actual 613000003"));
            Assert.That(run.Out, Does.Contain("rows: expected 2, actual 1"));
            Assert.That(run.Out, Does.Contain("exists: expected the record, actual no such record (deleted)"));
        });
    }

    [Test]
    public void A_step_expected_to_fail_that_succeeds_fails_the_scenario()
    {
        using var temp = new TempFolder();
        var run = Mci.Run("simulate", temp.File("s.json", Changed(n => n["steps"]![1]!["fails"] = true)));
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Out, Does.Contain("done, but a refusal was expected").And.Contain("outcome: expected refused, actual done (not refused)"));
    }

    [Test]
    public void A_refusal_without_the_expected_text_fails_the_scenario()
    {
        using var temp = new TempFolder();
        var run = Mci.Run("simulate", temp.File("s.json", Changed(n => n["steps"]![2]!["fails"] = "too long")));
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Out, Does.Contain("refusal message: expected containing \"too long\", actual \"A validation error occurred."));
    }

    [Test]
    public void An_unexpected_refusal_fails_the_scenario_and_steps_using_its_alias_cannot_run()
    {
        using var temp = new TempFolder();
        var run = Mci.Run("simulate", temp.File("s.json", Changed(n => n["steps"]![0]!["as"] = "nobody")));
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Out, Does.Contain("refused unexpectedly").And.Contain("outcome: expected done, actual refused"));
        Assert.That(run.Out, Does.Contain("could not run: 'acme' names no record: its create step ($.steps[0]) was refused"));
    }

    [Test]
    public void A_refused_step_that_left_something_behind_fails_even_when_the_refusal_was_expected()
    {
        using var temp = new TempFolder();
        var file = temp.File("leak.json", """
        {
          "name": "A refusal that leaves a row",
          "steps": [
            { "run": "LeakyActivity", "inputs": { "Name": "Left behind" }, "fails": "Leaky refused" },
            { "count": "account", "equals": 1, "note": "the row the activity wrote before refusing is still there" }
          ]
        }
        """);
        var run = Mci.Run("simulate", file);
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Out, Does.Contain("left behind: expected nothing changed by the refused step, actual 1 change(s): added account("));
        Assert.That(run.Out, Does.Contain("✗ step 1").And.Not.Contain("✗ step 2"));
    }

    [Test]
    public void A_refused_step_that_left_nothing_behind_passes()
    {
        using var temp = new TempFolder();
        var file = temp.File("clean.json", """
        {
          "name": "A clean refusal",
          "steps": [ { "run": "RefusingActivity", "fails": "nothing was written" }, { "count": "account", "equals": 0 } ]
        }
        """);
        var run = Mci.Run("simulate", file);
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("已拒绝"), "the refusal is shown as the activity wrote it");
    }

    [Test]
    public void An_invalid_file_exits_2_naming_the_file_and_the_path_and_runs_nothing()
    {
        using var temp = new TempFolder();
        var good = temp.File("good.json", Passing);
        var bad = temp.File("bad.json", Changed(n => n["steps"]![3]!["values"]!["nmae"] = "x"));
        var run = Mci.Run("simulate", good, bad);
        Assert.That(run.Exit, Is.EqualTo(2), run.ToString());
        Assert.That(run.Err, Does.Contain($"{bad}: $.steps[3].values.nmae: account has no column 'nmae' (did you mean 'name'?)"));
        Assert.That(run.Err, Does.Contain("1 of 2 file(s) invalid; no scenario was run."));
        Assert.That(run.Out, Does.Not.Contain("Accounts and branches"), "nothing ran");
    }

    [Test]
    public void A_missing_file_exits_2_naming_it()
    {
        var run = Mci.Run("simulate", "/nonexistent/dir/scenario.json");
        Assert.That(run.Exit, Is.EqualTo(2), run.ToString());
        Assert.That(run.Err, Does.Contain("/nonexistent/dir/scenario.json: $: cannot read the file"));
    }

    [Test]
    public void Several_files_run_each_on_a_fresh_environment_and_one_failure_makes_exit_1()
    {
        using var temp = new TempFolder();
        var first = temp.File("a.json", Passing);
        var second = temp.File("b.json", Changed(n => { n["name"] = "Second"; n["steps"]![10]!["equals"] = 5; }));
        var run = Mci.Run("simulate", first, second, first);
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Out, Does.Contain("rows: expected 5, actual 1"), "the second file starts from an empty environment: the first one's account is not there");
        Assert.That(run.Out, Does.Contain("3 scenario(s), 45 step(s): 2 passed, 1 failed"));
    }

    [Test]
    public void Json_results_describe_every_step()
    {
        using var temp = new TempFolder();
        var json = Path.Combine(temp.Path, "out", "results.json");
        var run = Mci.Run("simulate", temp.File("s.json", Changed(n => n["steps"]![7]!["values"]!["revenue"] = 999)), "--json", json);
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("tool").GetString(), Is.EqualTo("mci"));
            Assert.That(root.GetProperty("command").GetString(), Is.EqualTo("simulate"));
            Assert.That(root.GetProperty("exitCode").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("passed").GetBoolean(), Is.False);
            var summary = root.GetProperty("summary");
            Assert.That((summary.GetProperty("files").GetInt32(), summary.GetProperty("invalid").GetInt32(), summary.GetProperty("scenarios").GetInt32(), summary.GetProperty("passed").GetInt32(), summary.GetProperty("failed").GetInt32()), Is.EqualTo((1, 0, 1, 0, 1)));
            var file = root.GetProperty("files")[0];
            Assert.That(file.GetProperty("valid").GetBoolean(), Is.True);
            Assert.That(file.GetProperty("errors").GetArrayLength(), Is.EqualTo(0));
            var scenario = file.GetProperty("scenario");
            Assert.That(scenario.GetProperty("name").GetString(), Is.EqualTo("Accounts and branches"));
            Assert.That(scenario.GetProperty("passed").GetBoolean(), Is.False);
            var steps = scenario.GetProperty("steps");
            Assert.That(steps.GetArrayLength(), Is.EqualTo(15));
            var create = steps[0];
            Assert.That(create.GetProperty("number").GetInt32(), Is.EqualTo(1));
            Assert.That(create.GetProperty("path").GetString(), Is.EqualTo("$.steps[0]"));
            Assert.That(create.GetProperty("kind").GetString(), Is.EqualTo("create"));
            Assert.That(create.GetProperty("user").GetString(), Is.EqualTo("rep (Zhang Wei)"));
            Assert.That(create.GetProperty("outcome").GetString(), Is.EqualTo("done"));
            Assert.That(create.GetProperty("passed").GetBoolean(), Is.True);
            Assert.That(create.GetProperty("serviceCalls")[0].GetProperty("message").GetString(), Is.EqualTo("Create"));
            Assert.That(create.GetProperty("serviceCalls")[0].GetProperty("table").GetString(), Is.EqualTo("account"));
            Assert.That(create.GetProperty("plugins").ValueKind, Is.EqualTo(JsonValueKind.Array));
            var refused = steps[2];
            Assert.That(refused.GetProperty("outcome").GetString(), Is.EqualTo("refused"));
            Assert.That(refused.GetProperty("passed").GetBoolean(), Is.True);
            Assert.That(refused.GetProperty("message").GetString(), Does.Contain("maximum allowed length"));
            var run5 = steps[5];
            Assert.That(run5.GetProperty("plugins")[0].GetProperty("type").GetString(), Is.EqualTo("Mci.Cli.Tests.Activities.EchoActivity"));
            var failed = steps[7];
            Assert.That(failed.GetProperty("outcome").GetString(), Is.EqualTo("does not hold"));
            Assert.That(failed.GetProperty("passed").GetBoolean(), Is.False);
            var failure = failed.GetProperty("failures")[0];
            Assert.That((failure.GetProperty("what").GetString(), failure.GetProperty("expected").GetString(), failure.GetProperty("actual").GetString()), Is.EqualTo(("revenue", "999", "1250000.5")));
            Assert.That(failed.GetProperty("user").ValueKind, Is.EqualTo(JsonValueKind.Null), "checks act as nobody");
        });
    }

    [Test]
    public void Json_results_of_a_file_given_twice_list_both_runs()
    {
        using var temp = new TempFolder();
        var json = Path.Combine(temp.Path, "results.json");
        var file = temp.File("s.json", Passing);
        var second = temp.File("t.json", Changed(n => { n["name"] = "Second"; n["steps"]![10]!["equals"] = 5; }));
        var run = Mci.Run("simulate", file, second, file, "--json", json);
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var files = doc.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.That(files.Select(f => f.GetProperty("file").GetString()), Is.EqualTo(new[] { file, second, file }));
        Assert.That(files.Select(f => f.GetProperty("scenario").GetProperty("name").GetString()), Is.EqualTo(new[] { "Accounts and branches", "Second", "Accounts and branches" }));
        Assert.That(files.Select(f => f.GetProperty("scenario").GetProperty("passed").GetBoolean()), Is.EqualTo(new[] { true, false, true }));
    }

    [Test]
    public void Json_results_of_an_invalid_file_carry_its_errors()
    {
        using var temp = new TempFolder();
        var json = Path.Combine(temp.Path, "results.json");
        var run = Mci.Run("simulate", temp.File("bad.json", Changed(n => n["users"]![0]!["language"] = "de")), "--json", json);
        Assert.That(run.Exit, Is.EqualTo(2), run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var file = doc.RootElement.GetProperty("files")[0];
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("exitCode").GetInt32(), Is.EqualTo(2));
            Assert.That(file.GetProperty("valid").GetBoolean(), Is.False);
            Assert.That(file.GetProperty("errors")[0].GetProperty("path").GetString(), Is.EqualTo("$.users[0].language"));
            Assert.That(file.GetProperty("scenario").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [TestCase(new string[0], 2)]
    [TestCase(new[] { "simulate" }, 2)]
    [TestCase(new[] { "frobnicate" }, 2)]
    [TestCase(new[] { "simulate", "x.json", "--jsn", "y" }, 2)]
    [TestCase(new[] { "--help" }, 0)]
    [TestCase(new[] { "simulate", "--help" }, 0)]
    public void Command_line_mistakes_exit_2(string[] args, int exit)
    {
        var run = Mci.Run(args);
        Assert.That(run.Exit, Is.EqualTo(exit), run.ToString());
        if (exit == 0) Assert.That(run.Out, Does.Contain("Usage:"));
    }

    [Test]
    public void Outside_a_repository_mci_cannot_run_and_says_so()
    {
        using var temp = new TempFolder();
        var run = Mci.Run(new CliSettings { RepoRoot = temp.Path }, "simulate", temp.File("a.json", Passing));
        Assert.That(run.Exit, Is.EqualTo(3), run.ToString());
        Assert.That(run.Err, Does.Contain("no MCI repository here"));
    }
}
