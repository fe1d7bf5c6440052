using Mci.SolutionModel;
using System.ServiceModel;
using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests;

/// <summary>
/// The merged pipeline of CreateMultiple/UpdateMultiple under both item orders, batch requests refused inside plug-ins,
/// and Win's close activity as a child Create pipeline (docs/emulator-bulk-and-win.md).
/// </summary>
public class BulkAndWinTests
{
    private static EntityCollection Parents(params string[] names) =>
        new(names.Select(n => new Entity("test_parent") { ["test_name"] = n }).ToList()) { EntityName = "test_parent" };

    private static IEnumerable<(string Name, int Stage)> CreateSteps() =>
        Probe.For("Create", "test_parent").Select(r => (r.Target?.GetAttributeValue<string>("test_name") ?? "?", r.Stage));

    [Test]
    public void By_default_every_item_runs_each_stage_before_any_item_runs_the_next()
    {
        var env = TestEnvironment.Create();
        env.AdminService.Execute(new CreateMultipleRequest { Targets = Parents("a", "b") });
        Assert.That(CreateSteps(), Is.EqualTo(new[] { ("a", 10), ("b", 10), ("a", 20), ("b", 20), ("a", 40), ("b", 40) }),
            "PreValidation of every item, PreOperation of every item, one save, PostOperation of every item");
    }

    [Test]
    public void Item_by_item_runs_each_items_whole_pipeline_before_the_next()
    {
        var env = TestEnvironment.Create(o => o.BulkItemOrder = BulkItemOrder.ItemByItem);
        env.AdminService.Execute(new CreateMultipleRequest { Targets = Parents("a", "b") });
        Assert.That(CreateSteps(), Is.EqualTo(new[] { ("a", 10), ("a", 20), ("a", 40), ("b", 10), ("b", 20), ("b", 40) }));
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void Each_item_gets_a_Create_or_Update_context_of_its_own(BulkItemOrder order)
    {
        var env = TestEnvironment.Create(o => o.BulkItemOrder = order);
        var admin = env.AdminService;
        var ids = ((CreateMultipleResponse)admin.Execute(new CreateMultipleRequest { Targets = Parents("a", "b") })).Ids;
        var posts = Probe.For("Create", "test_parent").Where(r => r.Stage == 40).ToList();
        Probe.Records.Clear();
        admin.Execute(new UpdateMultipleRequest
        {
            Targets = new EntityCollection(ids.Select((id, i) => new Entity("test_parent", id) { ["test_amount"] = new Money(10m * (i + 1)) }).ToList()) { EntityName = "test_parent" },
        });
        var updates = Probe.For("Update", "test_parent").Where(r => r.Stage == 40).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(posts.Select(p => (p.Message, p.PrimaryId, p.Target!.Id, (Guid)p.Output["id"]!)), Is.EqualTo(ids.Select(id => ("Create", id, id, id))),
                "MessageName Create, the item's Target and id, its own output id");
            Assert.That(posts.Select(p => p.PostImages["Post"].GetAttributeValue<string>("test_name")), Is.EqualTo(new[] { "a", "b" }), "each item's own post-image");
            Assert.That(updates.Select(u => (u.Message, u.PrimaryId)), Is.EqualTo(ids.Select(id => ("Update", id))));
            Assert.That(updates.Select(u => u.PostImages["Both"].GetAttributeValue<Money>("test_amount").Value), Is.EqualTo(new[] { 10m, 20m }));
            Assert.That(updates.Select(u => u.Targets), Is.All.Null, "a single-message step sees Target, never Targets");
        });
    }

    [TestCase(BulkItemOrder.StageByStage)]
    [TestCase(BulkItemOrder.ItemByItem)]
    public void A_refusal_of_any_item_rolls_back_every_item(BulkItemOrder order)
    {
        var env = TestEnvironment.Create(o => o.BulkItemOrder = order);
        var before = env.Snapshot();
        var targets = new EntityCollection(new[] { "fine", "please refuse-post" }.Select(n => new Entity("test_child") { ["test_name"] = n }).ToList()) { EntityName = "test_child" };
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => env.AdminService.Execute(new CreateMultipleRequest { Targets = targets }))!;
        Assert.That(e.Detail.Message, Does.StartWith("Refused 'please refuse-post'"));
        Assert.That(env.Snapshot().DifferencesFrom(before), Is.Empty, order == BulkItemOrder.ItemByItem ? "the first item was saved, then rolled back" : "nothing saved");
    }

    [Test]
    public void Steps_on_the_Multiple_message_itself_still_run_once_per_batch_under_both_orders()
    {
        foreach (var order in new[] { BulkItemOrder.StageByStage, BulkItemOrder.ItemByItem })
        {
            var env = TestEnvironment.Create(o => o.BulkItemOrder = order);
            var targets = new EntityCollection(new[] { "a", "b" }.Select(n => new Entity("test_child") { ["test_name"] = n }).ToList()) { EntityName = "test_child" };
            env.AdminService.Execute(new CreateMultipleRequest { Targets = targets });
            var bulk = Probe.For("CreateMultiple", "test_child");
            Assert.That(bulk.Select(b => (b.Stage, b.Targets!.Count)), Is.EqualTo(new[] { (20, 2), (40, 2) }), order.ToString());
        }
    }

    // ------------------------------------------------------------------ batch requests inside plug-ins

    [TestCase("CreateMultiple")]
    [TestCase("UpdateMultiple")]
    [TestCase("ExecuteMultiple")]
    [TestCase("ExecuteTransaction")]
    [TestCase("UpsertMultiple")]
    public void A_batch_or_bulk_request_from_inside_a_plugin_fails_saying_Dataverse_does_not_support_it(string message)
    {
        var env = TestEnvironment.Create();
        var before = env.Snapshot();
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => env.AdminService.Create(new Entity("test_blocker") { ["test_name"] = "batch:" + message }))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Detail.Message, Does.StartWith(message + " was sent from inside Mci.Emulator.Tests.Plugins.BatchSender")
                .And.Contain("Dataverse does not support batch or bulk requests").And.Contain("in plug-ins and workflow activities"));
            Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.BatchInsidePlugin));
            Assert.That(env.Snapshot().DifferencesFrom(before), Is.Empty);
        });
    }

    [Test]
    public void Clients_may_still_send_batch_and_bulk_requests()
    {
        var env = TestEnvironment.Create();
        var admin = env.AdminService;
        Assert.DoesNotThrow(() => admin.Execute(new CreateMultipleRequest { Targets = Parents("a") }));
        Assert.DoesNotThrow(() => admin.Execute(new ExecuteTransactionRequest { Requests = new OrganizationRequestCollection { new CreateRequest { Target = new Entity("test_parent") { ["test_name"] = "b" } } } }));
    }

    // ------------------------------------------------------------------ Win creates its close activity in a child pipeline

    [Test]
    public void Win_creates_the_opportunityclose_through_a_child_Create_pipeline_whose_parent_is_the_Win()
    {
        var env = TestEnvironment.Create();
        var opportunity = env.AdminService.Create(new Entity("opportunity") { ["name"] = "Big deal" });
        Probe.Records.Clear();
        env.Win(opportunity);
        var close = Probe.At("Create", "opportunityclose", 20);
        var win = Probe.At("Win", "opportunity", 40);
        Assert.Multiple(() =>
        {
            Assert.That(close.Depth, Is.EqualTo(win.Depth + 1), "a child pipeline: depth + 1");
            Assert.That(close.Ancestors, Does.StartWith($"Create@{win.Depth + 1}<Win@{win.Depth}"),
                "PreOperation's parent is the operation's PreValidation context, whose parent is the Win's context");
            Assert.That(close.InTransaction, Is.True, "inside the Win's transaction");
            Assert.That(close.Target!.GetAttributeValue<EntityReference>("opportunityid").Id, Is.EqualTo(opportunity));
            Assert.That(Probe.At("Update", "opportunity", 40).Depth, Is.EqualTo(win.Depth), "the status update is the Win's own operation, at its depth");
        });
    }

    [Test]
    public void A_refusal_in_the_close_activitys_pipeline_cancels_the_win_with_nothing_saved()
    {
        var env = TestEnvironment.Create();
        var opportunity = env.AdminService.Create(new Entity("opportunity") { ["name"] = "please deny-close" });
        var before = env.Snapshot();
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => env.Win(opportunity))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Detail.Message, Is.EqualTo("The close of 'please deny-close' is refused."));
            Assert.That(env.Snapshot().DifferencesFrom(before), Is.Empty, "still open, no close activity");
        });
        Assert.DoesNotThrow(() => env.AdminService.Create(new Entity("opportunityclose")
        {
            ["opportunityid"] = new EntityReference("opportunity", opportunity), ["subject"] = "note only",
        }), "a plain Create of opportunityclose (no Win around it) is not the guard's business");
    }

    // ------------------------------------------------------------------ if Win ran no Create steps; steps registered by hand

    [Test]
    public void With_the_switch_off_Win_saves_its_close_activity_without_running_Create_steps()
    {
        var env = TestEnvironment.Create(o => o.WinRunsCloseActivityCreateSteps = false);
        var opportunity = env.AdminService.Create(new Entity("opportunity") { ["name"] = "please deny-close" });
        Probe.Records.Clear();
        env.Win(opportunity);
        Assert.Multiple(() =>
        {
            Assert.That(Probe.For("Create", "opportunityclose"), Is.Empty, "no step on Create of opportunityclose runs");
            Assert.That(env.All("opportunityclose").Single().GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(1), "the close activity is saved, completed");
            Assert.That(env.Peek("opportunity", opportunity)!.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(1), "the guard on the close activity's Create did not hold");
            Assert.That(Probe.At("Win", "opportunity", 40).Depth, Is.EqualTo(1), "the Win's own steps still run");
        });
    }

    private static StepDefinition ByHand(string name, Guid messageId, string type, int stage, int mode = 0) => new(Guid.NewGuid(), name)
    {
        MessageId = messageId,
        PrimaryEntity = "opportunity",
        DeclaredStage = stage,
        DeclaredMode = mode,
        PluginTypeQualifiedName = $"Mci.Emulator.Tests.Plugins.{type}, MciDataverse.Emulator.Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null",
    };

    private static readonly Guid WinId = TestEnvironment.FixtureMessages.Single(m => m.Value == "Win").Key;

    [Test]
    public void A_step_registered_by_hand_runs_like_the_solutions_steps()
    {
        var env = TestEnvironment.Create(o => o.StepsRegisteredByHand.Add(ByHand("Probe: Win of opportunity (by hand)", WinId, "ContextProbe", 10)));
        var opportunity = env.AdminService.Create(new Entity("opportunity") { ["name"] = "Big deal" });
        Probe.Records.Clear();
        env.Win(opportunity);
        Assert.That(Probe.For("Win", "opportunity").Select(r => r.Stage), Is.EqualTo(new[] { 10, 40 }), "the by-hand PreValidation step, then the solution's PostOperation step");
    }

    [Test]
    public void A_step_registered_by_hand_must_name_a_known_message_and_a_valid_stage_and_mode()
    {
        var unknown = Guid.NewGuid();
        Assert.Multiple(() =>
        {
            var e = Assert.Throws<ArgumentException>(() => TestEnvironment.Create(o => o.StepsRegisteredByHand.Add(ByHand("Lost", unknown, "ContextProbe", 20))))!;
            Assert.That(e.Message, Does.Contain("Step 'Lost' registered by hand names SdkMessageId " + unknown).And.Contain("DataverseOptions.SdkMessages"));
            e = Assert.Throws<ArgumentException>(() => TestEnvironment.Create(o => o.StepsRegisteredByHand.Add(ByHand("Early async", WinId, "ContextProbe", 20, mode: 1))))!;
            Assert.That(e.Message, Does.Contain("only a PostOperation step may run asynchronously"));
            e = Assert.Throws<ArgumentException>(() => TestEnvironment.Create(o => o.StepsRegisteredByHand.Add(ByHand("Main", WinId, "ContextProbe", 30))))!;
            Assert.That(e.Message, Does.Contain("stage 30 is not 10, 20 or 40"));
        });
    }
}
