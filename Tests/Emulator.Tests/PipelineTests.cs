using System.ServiceModel;
using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using Mci.SolutionModel;

namespace Mci.Emulator.Tests;

/// <summary>The event pipeline as Dataverse runs it: stages, Target, images, filters, shared variables, transactions, depth.</summary>
public class PipelineTests
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
    public void Create_runs_PreValidation_PreOperation_PostOperation_in_order_with_the_Target_Dataverse_gives_each()
    {
        var id = _admin.CreateParent("Alpha", 10m);
        var stages = Probe.For("Create", "test_parent");
        Assert.That(stages.Select(s => s.Stage), Is.EqualTo(new[] { 10, 20, 40 }));
        var (pre, op, post) = (stages[0], stages[1], stages[2]);
        Assert.Multiple(() =>
        {
            Assert.That(pre.PrimaryId, Is.EqualTo(id), "PrimaryEntityId is known from PreValidation on");
            Assert.That(pre.Target!.Id, Is.EqualTo(Guid.Empty), "the Target has no id before PreOperation");
            Assert.That(pre.Target.Attributes.Keys, Is.EquivalentTo(new[] { "test_name", "test_amount", "test_flag" }), "caller's columns plus yes/no defaults");
            Assert.That(op.Target!.Id, Is.EqualTo(id), "the Target carries the id from PreOperation on");
            Assert.That(op.Target["test_parentid"], Is.EqualTo(id));
            Assert.That(op.Target.Attributes.Keys, Is.SupersetOf(new[] { "createdon", "createdby", "modifiedon", "modifiedby", "ownerid", "owningbusinessunit", "statecode" }));
            Assert.That(op.Output, Is.Empty, "OutputParameters are filled by the main operation");
            Assert.That(post.Output["id"], Is.EqualTo(id));
            Assert.That(post.Depth, Is.EqualTo(1));
            Assert.That(post.Mode, Is.Zero);
            Assert.That(post.UserId, Is.EqualTo(_env.AdministratorId));
            Assert.That(post.InitiatingUserId, Is.EqualTo(_env.AdministratorId));
            Assert.That(post.OperationCreatedOn, Is.EqualTo(_env.Clock.UtcNow));
            Assert.That(post.Threshold, Is.EqualTo("10"), "IEnvironmentVariableService reads the default");
        });
    }

    [Test]
    public void Outermost_PreValidation_runs_outside_the_transaction()
    {
        _admin.CreateParent("Alpha");
        var stages = Probe.For("Create", "test_parent");
        Assert.That(stages.Select(s => s.InTransaction), Is.EqualTo(new[] { false, true, true }));
    }

    [Test]
    public void Shared_variables_pass_from_PreOperation_to_PostOperation_and_PreValidation_ones_through_ParentContext()
    {
        _admin.CreateParent("Alpha");
        var stages = Probe.For("Create", "test_parent");
        Assert.Multiple(() =>
        {
            Assert.That(stages[0].Shared.Keys, Is.EquivalentTo(new[] { "seen10" }));
            Assert.That(stages[2].Shared.Keys, Is.EquivalentTo(new[] { "seen20", "seen40" }), "PreOperation and PostOperation share their variables");
            Assert.That(stages[2].ParentShared!.Keys, Does.Contain("seen10"), "PreValidation's variables are in the parent context");
            Assert.That(stages[2].ParentStage, Is.EqualTo(10));
        });
    }

    [Test]
    public void Create_images_only_where_Dataverse_provides_them()
    {
        var id = _admin.CreateParent("Alpha", 10m, e => e["test_count"] = 5);
        var stages = Probe.For("Create", "test_parent");
        Assert.Multiple(() =>
        {
            Assert.That(stages[1].PreImages, Is.Empty, "no pre-image on Create, though one is registered");
            Assert.That(stages[2].PreImages, Is.Empty);
            Assert.That(stages[2].PostImages.Keys, Is.EqualTo(new[] { "Post" }));
            Assert.That(stages[2].PostImages["Post"].Attributes.Keys, Is.EquivalentTo(new[] { "test_name", "test_amount" }), "exactly the registered columns");
            Assert.That(stages[2].PostImages["Post"].Id, Is.EqualTo(id));
            Assert.That(stages[2].PostImageCollections.Single()["Post"]["test_name"], Is.EqualTo("Alpha"), "IPluginExecutionContext4 collections hold the same image");
        });
    }

    [Test]
    public void Update_pre_images_in_every_stage_post_images_only_after_the_main_operation()
    {
        var id = _admin.CreateParent("Alpha", 10m);
        Probe.Records.Clear();
        _admin.Update(new Entity("test_parent", id) { ["test_amount"] = new Money(20m) });
        var stages = Probe.For("Update", "test_parent");
        Assert.That(stages.Select(s => s.Stage), Is.EqualTo(new[] { 10, 40 }));
        Assert.Multiple(() =>
        {
            Assert.That(stages[0].PreImages["Pre"].GetAttributeValue<Money>("test_amount").Value, Is.EqualTo(10m));
            Assert.That(stages[0].PostImages, Is.Empty);
            Assert.That(stages[1].PreImages["Both"].GetAttributeValue<Money>("test_amount").Value, Is.EqualTo(10m));
            Assert.That(stages[1].PostImages["Both"].GetAttributeValue<Money>("test_amount").Value, Is.EqualTo(20m));
            Assert.That(stages[1].PostImages["Both"].GetAttributeValue<Money>("test_total").Value, Is.EqualTo(40m), "the post-image holds what PreOperation added");
            Assert.That(stages[1].Target!.Attributes.Keys, Is.SupersetOf(new[] { "test_amount", "test_total", "modifiedon", "modifiedby" }));
        });
    }

    [Test]
    public void Delete_has_pre_images_and_never_post_images()
    {
        var id = _admin.CreateParent("Alpha");
        Probe.Records.Clear();
        _admin.Delete("test_parent", id);
        var stages = Probe.For("Delete", "test_parent");
        Assert.Multiple(() =>
        {
            Assert.That(stages.Select(s => s.Stage), Is.EqualTo(new[] { 10, 40 }));
            Assert.That(stages[0].PreImages["Pre"]["test_name"], Is.EqualTo("Alpha"));
            Assert.That(stages[1].PreImages["Pre"]["test_name"], Is.EqualTo("Alpha"));
            Assert.That(stages[1].PostImages, Is.Empty);
            Assert.That(stages[1].TargetReference, Is.EqualTo(new EntityReference("test_parent", id)));
        });
    }

    [Test]
    public void Filtering_attributes_decide_whether_an_Update_step_runs()
    {
        var id = _admin.CreateParent("Alpha", 10m);
        Probe.Records.Clear();
        _admin.Update(new Entity("test_parent", id) { ["test_name"] = "Renamed" });
        Assert.That(Probe.For("Update", "test_parent").Select(s => s.Stage), Is.EqualTo(new[] { 10 }), "the PostOperation step filters on amount and count");
        Assert.That(_env.Peek("test_parent", id)!.GetAttributeValue<Money>("test_total"), Is.Null, "TotalCalculator (filtered on amount) did not run");
        _admin.Update(new Entity("test_parent", id) { ["test_count"] = 1 });
        Assert.That(Probe.For("Update", "test_parent").Count(s => s.Stage == 40), Is.EqualTo(1));
        _admin.Update(new Entity("test_parent", id) { ["test_amount"] = new Money(10m) });
        Assert.That(_env.Peek("test_parent", id)!.GetAttributeValue<Money>("test_total").Value, Is.EqualTo(20m), "a filtering column present runs the step, even unchanged");
    }

    [Test]
    public void A_change_a_PreOperation_plugin_makes_to_Target_is_saved()
    {
        var id = _admin.CreateParent("Alpha");
        _admin.Update(new Entity("test_parent", id) { ["test_amount"] = new Money(7.5m) });
        Assert.That(_env.Peek("test_parent", id)!.GetAttributeValue<Money>("test_total").Value, Is.EqualTo(15m));
    }

    [Test]
    public void Single_Create_also_reaches_CreateMultiple_steps_with_a_one_item_Targets()
    {
        var id = _admin.Create(new Entity("test_child") { ["test_name"] = "single", ["test_value"] = 3 });
        var multiple = Probe.For("CreateMultiple", "test_child");
        Assert.Multiple(() =>
        {
            Assert.That(multiple.Select(m => m.Stage), Is.EqualTo(new[] { 20, 40 }));
            Assert.That(multiple[0].Targets!.Single()["test_name"], Is.EqualTo("single"));
            Assert.That(multiple[0].Targets!.Single().Id, Is.EqualTo(id));
            Assert.That(multiple[1].Output["Ids"], Is.EqualTo(new[] { id }));
            Assert.That(multiple[1].PostImages, Is.Empty, "images of *Multiple steps come through the collections");
            Assert.That(multiple[1].PostImageCollections.Single()["Post"]["test_value"], Is.EqualTo(3));
        });
    }

    [Test]
    public void CreateMultiple_reaches_Create_steps_once_per_record()
    {
        var parent = _admin.CreateParent("P");
        var targets = new EntityCollection(new[] { "a", "b" }.Select(n => new Entity("test_child") { ["test_name"] = n, ["test_parentid"] = new EntityReference("test_parent", parent) }).ToList()) { EntityName = "test_child" };
        Probe.Records.Clear();
        _admin.Execute(new CreateMultipleRequest { Targets = targets });
        Assert.Multiple(() =>
        {
            Assert.That(Probe.For("CreateMultiple", "test_child").Count(s => s.Stage == 20), Is.EqualTo(1));
            Assert.That(Probe.For("CreateMultiple", "test_child").Single(s => s.Stage == 40).PostImageCollections, Has.Count.EqualTo(2));
            Assert.That(_env.Peek("test_parent", parent)!["test_counter"], Is.EqualTo(2), "ChildRollup (a Create step) ran for each record");
        });
    }

    [Test]
    public void UpdateMultiple_images_come_per_record_through_the_collections()
    {
        var ids = new[] { 1, 2 }.Select(i => _admin.Create(new Entity("test_child") { ["test_name"] = "c" + i, ["test_value"] = i })).ToArray();
        Probe.Records.Clear();
        _admin.Execute(new UpdateMultipleRequest { Targets = new EntityCollection(ids.Select(id => new Entity("test_child", id) { ["test_value"] = 7 }).ToList()) { EntityName = "test_child" } });
        var post = Probe.At("UpdateMultiple", "test_child", 40);
        Assert.Multiple(() =>
        {
            Assert.That(post.PreImageCollections.Select(c => c["Pre"]["test_value"]), Is.EqualTo(new object[] { 1, 2 }));
            Assert.That(post.PostImageCollections.Select(c => c["Post"]["test_value"]), Is.EqualTo(new object[] { 7, 7 }));
            Assert.That(post.Targets, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Steps_of_a_stage_run_by_rank()
    {
        var parent = _admin.CreateParent("P");
        _env.Recorder.Clear();
        _admin.Create(new Entity("test_child") { ["test_name"] = "c", ["test_parentid"] = new EntityReference("test_parent", parent) });
        var post = _env.Recorder.Executions.Where(e => e.Stage == PipelineStage.PostOperation && e.Table == "test_child").Select(e => e.PluginType.Split('.').Last()).ToList();
        Assert.That(post, Is.EqualTo(new[] { "ChildRollup", "ContextProbe", "Refuser" }), "rank 1 (ChildRollup, the CreateMultiple probe; same rank by step name), then rank 2 (Refuser)");
    }

    [Test]
    public void A_refusal_rolls_back_everything_the_operation_and_its_nested_plugin_calls_wrote()
    {
        var parent = _admin.CreateParent("P");
        var before = _env.Snapshot();
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            _admin.Create(new Entity("test_child") { ["test_name"] = "please refuse-post", ["test_parentid"] = new EntityReference("test_parent", parent) }))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Detail.Message, Is.EqualTo("Refused 'please refuse-post': refuse-post. 已拒绝。"), "the plug-in's message, verbatim");
            Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.PluginAborted));
            Assert.That(e.Detail.TraceText, Does.Contain("checking 'please refuse-post'"));
            Assert.That(_env.Recorder.Executions.Any(x => x.PluginType.EndsWith("ChildRollup", StringComparison.Ordinal) && x.Succeeded), Is.True, "the nested write did happen first");
            Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty, "the child and the parent's counter are rolled back");
        });
    }

    [Test]
    public void Writes_of_the_outermost_PreValidation_are_not_rolled_back_with_the_operation()
    {
        var parent = _admin.CreateParent("P");
        Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            _admin.Create(new Entity("test_child") { ["test_name"] = "pv-write refuse-post", ["test_parentid"] = new EntityReference("test_parent", parent) }));
        Assert.That(_env.Peek("test_parent", parent)!["test_counter"], Is.EqualTo(100), "PreValidation's own call committed; ChildRollup's was rolled back");
        Assert.That(_env.Count("test_child"), Is.Zero);
    }

    [Test]
    public void A_PreValidation_refusal_happens_before_anything_is_written()
    {
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Create(new Entity("test_child") { ["test_name"] = "refuse-prevalidation" }))!;
        Assert.That(e.Detail.Message, Does.StartWith("Refused 'refuse-prevalidation'"));
        Assert.That(_env.Recorder.Executions.Where(x => x.Table == "test_child").Select(x => x.Stage), Is.EqualTo(new[] { PipelineStage.PreValidation }));
    }

    [Test]
    public void Another_exception_from_a_plugin_reads_as_an_unexpected_plugin_error()
    {
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Create(new Entity("test_child") { ["test_name"] = "crash" }))!;
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.UnexpectedPluginError));
        Assert.That(e.Detail.Message, Is.EqualTo("Unexpected exception from plug-in (Execute): Mci.Emulator.Tests.Plugins.Refuser: System.InvalidOperationException: boom"));
    }

    [Test]
    public void A_nested_failure_a_plugin_swallows_still_fails_the_transaction()
    {
        var before = _env.Snapshot();
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Create(new Entity("test_blocker") { ["test_name"] = "swallow" }))!;
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.NoActiveTransaction));
        Assert.That(e.Detail.Message, Does.StartWith("There is no active transaction."));
        Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty);
    }

    [Test]
    public void Depth_grows_with_each_plugin_call_and_stops_past_eight()
    {
        var id = _admin.Create(new Entity("test_child") { ["test_name"] = "loop", ["test_value"] = 0, ["test_stop"] = 5 });
        _env.Recorder.Clear();
        _admin.Update(new Entity("test_child", id) { ["test_value"] = 1 });
        Assert.That(_env.Peek("test_child", id)!["test_value"], Is.EqualTo(5));
        Assert.That(_env.Recorder.Calls.Where(c => c.Message == "Update").Select(c => c.Depth), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));

        _admin.Update(new Entity("test_child", id) { ["test_stop"] = 100 });
        var before = _env.Snapshot();
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Update(new Entity("test_child", id) { ["test_value"] = 6 }))!;
        Assert.That(e.Detail.ErrorCode, Is.EqualTo(ErrorCodes.DepthTooHigh));
        Assert.That(e.Detail.Message, Does.Contain("infinite loop"));
        Assert.That(_env.Recorder.Calls.Max(c => c.Depth), Is.EqualTo(9), "the call that would run at depth 9 is refused");
        Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty, "all eight levels are rolled back");
    }

    [Test]
    public void Plugin_instances_are_cached_per_step_with_their_configuration()
    {
        var parent = _admin.CreateParent("P");
        var env2 = TestEnvironment.Create(o => o.SecureConfigurations["Mci.Emulator.Tests.Plugins.ChildRollup: Create of test_child"] = "s3cret");
        foreach (var e in new[] { _env, env2 })
        {
            var p = e == _env ? parent : e.AdminService.CreateParent("P");
            e.AdminService.Create(new Entity("test_child") { ["test_name"] = "1", ["test_parentid"] = new EntityReference("test_parent", p) });
            e.AdminService.Create(new Entity("test_child") { ["test_name"] = "2", ["test_parentid"] = new EntityReference("test_parent", p) });
        }
        var traces = _env.Recorder.Executions.Where(x => x.PluginType.EndsWith("ChildRollup", StringComparison.Ordinal)).Select(x => x.Trace.Trim()).ToList();
        Assert.That(traces, Is.EqualTo(new[] { "run 1, secure configuration '(none)'", "run 2, secure configuration '(none)'" }), "one instance, reused: its field counts");
        Assert.That(env2.Recorder.Executions.First(x => x.PluginType.EndsWith("ChildRollup", StringComparison.Ordinal)).Trace, Does.Contain("'s3cret'"));
    }

    [Test]
    public void Async_steps_run_after_commit_when_drained()
    {
        var id = _admin.CreateParent("Alpha");
        _admin.Update(new Entity("test_parent", id) { ["test_kind"] = new OptionSetValue(100000000) });
        Assert.That(_env.Count("annotation"), Is.Zero, "queued, not run");
        Assert.That(_env.PendingAsyncJobs, Is.EqualTo(1));
        var jobs = _env.DrainAsync();
        Assert.Multiple(() =>
        {
            Assert.That(jobs.Single().Succeeded, Is.True);
            Assert.That(_env.All("annotation").Single()["notetext"], Is.EqualTo("Alpha: 100000000"));
            Assert.That(_env.Recorder.Executions.Last(x => x.PluginType.EndsWith("AsyncNote", StringComparison.Ordinal)).Mode, Is.EqualTo(StepMode.Asynchronous));
        });
    }

    [Test]
    public void Async_steps_of_a_rolled_back_operation_are_never_queued_and_a_failing_one_does_not_fail_the_caller()
    {
        var id = _admin.CreateParent("async-fail");
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Update(new Entity("test_parent", id) { ["test_kind"] = new OptionSetValue(100000000), ["test_count"] = 500 }));
        Assert.That(_env.PendingAsyncJobs, Is.Zero);
        _admin.Update(new Entity("test_parent", id) { ["test_kind"] = new OptionSetValue(100000001) });
        var job = _env.DrainAsync().Single();
        Assert.That(job.Succeeded, Is.False);
        Assert.That(job.Error, Is.EqualTo("The async step failed on purpose."));
        Assert.That(_env.AsyncJobs, Has.Count.EqualTo(1));
    }

    [Test]
    public void PostOperation_can_change_what_Retrieve_returns_and_PreOperation_what_RetrieveMultiple_searches()
    {
        var id = _admin.Create(new Entity("test_blocker") { ["test_name"] = "visible" });
        _admin.Create(new Entity("test_blocker") { ["test_name"] = "hidden one" });
        Assert.That(_admin.Retrieve("test_blocker", id, new ColumnSet("test_name"))["test_name"], Is.EqualTo("visible (seen)"));
        var all = _admin.RetrieveMultiple(new QueryExpression("test_blocker") { ColumnSet = new ColumnSet("test_name") });
        Assert.That(all.Entities.Select(e => e["test_name"]), Is.EqualTo(new[] { "visible" }));
    }

    [Test]
    public void Win_runs_its_pipeline_creates_the_close_activity_and_closes_the_opportunity_through_Update()
    {
        var opportunity = _admin.Create(new Entity("opportunity") { ["name"] = "Big deal", ["estimatedvalue"] = new Money(5000m) });
        Probe.Records.Clear();
        _env.Win(opportunity);
        var row = _env.Peek("opportunity", opportunity)!;
        Assert.Multiple(() =>
        {
            Assert.That(row.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(1));
            Assert.That(row.GetAttributeValue<OptionSetValue>("statuscode").Value, Is.EqualTo(3));
            Assert.That(row.GetAttributeValue<Money>("actualvalue").Value, Is.EqualTo(5000m));
            Assert.That(row["actualclosedate"], Is.EqualTo(_env.Clock.Today));
            Assert.That(_env.All("opportunityclose").Single().GetAttributeValue<EntityReference>("opportunityid").Id, Is.EqualTo(opportunity));
            Assert.That(Probe.At("Win", "opportunity", 40).InputKeys, Is.EquivalentTo(new[] { "OpportunityClose", "Status" }));
            Assert.That(Probe.At("Update", "opportunity", 40).Target!.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(1), "closing runs the opportunity's Update steps");
        });
        var again = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _env.Win(opportunity))!;
        Assert.That(again.Detail.ErrorCode, Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void An_opportunity_is_closed_by_Win_only_never_by_Update_of_its_state_or_status()
    {
        var opportunity = _admin.Create(new Entity("opportunity") { ["name"] = "Shortcut" });
        var before = _env.Snapshot();
        Probe.Records.Clear();
        var won = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Update(new Entity("opportunity", opportunity) { ["statecode"] = new OptionSetValue(1) }))!;
        Assert.That(won.Detail.Message, Is.EqualTo("This message can not be used to set the state of opportunity to Won. In order to set the state of opportunity to Won, use the WinOpportunityRequest message instead."));
        var lostByStatus = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Update(new Entity("opportunity", opportunity) { ["statuscode"] = new OptionSetValue(4) }))!;
        Assert.That(lostByStatus.Detail.Message, Does.Contain("to Lost").And.Contain("LostOpportunityRequest"), "a Lost status implies the Lost state");
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Execute(new UpdateMultipleRequest
        {
            Targets = new EntityCollection(new List<Entity> { new("opportunity", opportunity) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(3) } }) { EntityName = "opportunity" },
        }));
        Assert.Multiple(() =>
        {
            Assert.That(Probe.Records, Is.Empty, "refused before any plug-in runs");
            Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty);
        });
        _admin.Update(new Entity("opportunity", opportunity) { ["statuscode"] = new OptionSetValue(2) });
        Assert.That(_env.Peek("opportunity", opportunity)!.GetAttributeValue<OptionSetValue>("statuscode").Value, Is.EqualTo(2), "an open status reason is an ordinary update");
        _env.Win(opportunity);
        Assert.That(_env.Peek("opportunity", opportunity)!.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(1), "Win still closes it");
    }

    [Test]
    public void Upsert_of_an_existing_opportunity_cannot_close_it_either()
    {
        var opportunity = _admin.Create(new Entity("opportunity") { ["name"] = "Side door" });
        var before = _env.Snapshot();
        var won = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Execute(new UpsertRequest { Target = new Entity("opportunity", opportunity) { ["statecode"] = new OptionSetValue(1) } }))!;
        Assert.That(won.Detail.Message, Is.EqualTo("This message can not be used to set the state of opportunity to Won. In order to set the state of opportunity to Won, use the WinOpportunityRequest message instead."));
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.Execute(new UpsertRequest { Target = new Entity("opportunity", opportunity) { ["statuscode"] = new OptionSetValue(4) } }));
        Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty);
    }

    [Test]
    public void A_refused_Win_leaves_the_opportunity_open_and_no_close_activity()
    {
        var opportunity = _admin.Create(new Entity("opportunity") { ["name"] = "please refuse" });
        var before = _env.Snapshot();
        var e = Assert.Throws<FaultException<OrganizationServiceFault>>(() =>
            _admin.Execute(new OrganizationRequest("WinOpportunity") { ["OpportunityClose"] = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", opportunity) }, ["Status"] = new OptionSetValue(3) }))!;
        Assert.That(e.Detail.Message, Is.EqualTo("The opportunity 'please refuse' cannot be won yet."));
        Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty);
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _env.Win(opportunity, status: 4), "4 (Canceled) is not a Won status");
    }

    [Test]
    public void Calls_inside_a_plugin_see_the_calling_plugin_as_parent_context_and_depth_two()
    {
        var parent = _admin.CreateParent("P");
        Probe.Records.Clear();
        _admin.Create(new Entity("test_child") { ["test_name"] = "c", ["test_parentid"] = new EntityReference("test_parent", parent) });
        var nested = Probe.For("Update", "test_parent").First();
        Assert.Multiple(() =>
        {
            Assert.That(nested.Depth, Is.EqualTo(2));
            Assert.That(nested.InTransaction, Is.True, "a nested PreValidation runs inside the caller's transaction");
            Assert.That(nested.ParentStage, Is.EqualTo(40), "its parent context is the ChildRollup's PostOperation context");
        });
    }
}
