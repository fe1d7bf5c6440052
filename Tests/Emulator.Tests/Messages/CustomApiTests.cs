using Mci.Emulator.Tests.Plugins;
using Mci.SolutionModel;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests.Messages;

/// <summary>
/// CustomApiHandler on the fixture's own custom APIs (Fixture/src/customapis): <c>test_Echo</c>, an unbound action with the
/// execute privilege prvWritetest_parent, request parameters Text (String, required), Count (Integer), When (DateTime),
/// Parent (EntityReference), Save (Boolean), response properties Echo, Doubled, Created, Never, main operation
/// <see cref="EchoApi"/>, and a PreOperation and a PostOperation <see cref="ContextProbe"/> step on its message; and
/// <c>test_CountParents</c>, an unbound function without parameters or privilege, main operation <see cref="CountParentsApi"/>.
/// </summary>
public class CustomApiTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
    }

    private static OrganizationRequest Echo(string? text = "hello", Action<OrganizationRequest>? more = null)
    {
        var request = new OrganizationRequest("test_Echo");
        if (text != null) request["Text"] = text;
        more?.Invoke(request);
        return request;
    }

    // ---------- the registry ----------

    [Test]
    public void The_registry_answers_each_custom_API_by_its_unique_name_as_CustomApi()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_env.Messages, Does.Contain("CustomApi"));
            Assert.That(_env.RequestNames["test_Echo"], Is.EqualTo("CustomApi"));
            Assert.That(_env.RequestNames["test_CountParents"], Is.EqualTo("CustomApi"));
            Assert.That(_env.RequestNames.ContainsKey("CustomApi"), Is.False, "CustomApi is the handler's name, no request's");
            Assert.That(_env.RequestNames.ContainsKey("test_echo"), Is.False, "the unique name as declared: no other casing");
        });
        var e = Assert.Throws<NotSupportedException>(() => _admin.Execute(new OrganizationRequest("test_echo")))!;
        Assert.That(e.Message, Does.Contain("test_Echo (CustomApi)").And.Contain("test_CountParents (CustomApi)"));
    }

    [Test]
    public void An_environment_without_custom_APIs_has_no_CustomApi_message()
    {
        var standard = Dataverse.Standard();
        Assert.That(standard.Messages, Does.Not.Contain("CustomApi"));
        Assert.Throws<NotSupportedException>(() => standard.AdminService.Execute(Echo()));
    }

    // ---------- request parameters ----------

    [Test]
    public void Required_and_optional_parameters_reach_the_main_operation_typed_and_the_response_carries_the_declared_properties_typed()
    {
        var parent = _admin.CreateParent("Existing");
        var when = new DateTime(2026, 12, 16, 0, 0, 0, DateTimeKind.Utc);
        var response = _admin.Execute(Echo("hello", r => { r["Count"] = 21; r["When"] = when; r["Parent"] = new EntityReference("test_parent", parent); r["Save"] = true; }));
        var main = Probe.Records.Single(r => r.Stage == 30);
        Assert.Multiple(() =>
        {
            Assert.That(response.ResponseName, Is.EqualTo("test_Echo"));
            Assert.That(main.InputKeys, Is.EquivalentTo(new[] { "Text", "Count", "When", "Parent", "Save" }));
            Assert.That(response["Echo"], Is.TypeOf<string>().And.EqualTo("hello"));
            Assert.That(response["Doubled"], Is.TypeOf<int>().And.EqualTo(42));
            var created = (EntityReference)response["Created"];
            Assert.That(created.LogicalName, Is.EqualTo("test_parent"));
            Assert.That(_env.Peek("test_parent", created.Id)!.GetAttributeValue<string>("test_name"), Is.EqualTo("hello"), "the main operation's write is saved");
            Assert.That(response.Results.Keys, Is.EquivalentTo(new[] { "Echo", "Doubled", "Created" }),
                "only declared response properties, and only those the plug-in set (Never is not; Undeclared is no property of test_Echo)");
        });
    }

    [Test]
    public void Optional_parameters_may_be_left_out_or_sent_as_null_and_then_the_plugin_does_not_see_them()
    {
        var response = _admin.Execute(Echo("only text", r => { r["Count"] = null; r["Parent"] = null; }));
        Assert.Multiple(() =>
        {
            Assert.That(Probe.Records.Single(r => r.Stage == 30).InputKeys, Is.EqualTo(new[] { "Text" }));
            Assert.That(response["Echo"], Is.EqualTo("only text"));
            Assert.That(response.Results.ContainsKey("Doubled"), Is.False);
        });
    }

    [Test]
    public void An_undeclared_parameter_is_refused_in_Dataverses_words_before_anything_runs()
    {
        var fault = Refusal.Leaving(_env, () => _admin.Execute(Echo(more: r => r["Since"] = DateTime.UtcNow)));
        Assert.Multiple(() =>
        {
            Assert.That(fault.Message, Is.EqualTo("Unrecognized request parameter: Since"));
            Assert.That(fault.ErrorCode, Is.EqualTo(ErrorCodes.UnrecognizedRequestParameter));
            Assert.That(fault.TraceText, Is.EqualTo("The custom API 'test_Echo' declares the request parameters: Count (Integer, optional), Parent (EntityReference, optional), " +
                                                   "Save (Boolean, optional), Text (String), When (DateTime, optional)."));
            Assert.That(Probe.Records, Is.Empty, "no step and no main operation ran");
        });
        var wrongCase = Refusal.Of(() => _admin.Execute(Echo(text: null, more: r => r["text"] = "hello")));
        Assert.That(wrongCase.Message, Is.EqualTo("Unrecognized request parameter: text"), "names are matched as declared");
        Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("test_CountParents") { ["Text"] = "x" })).TraceText,
            Is.EqualTo("The custom API 'test_CountParents' declares the request parameters: none."));
    }

    [Test]
    public void A_required_parameter_left_out_or_null_is_refused_in_Dataverses_words()
    {
        foreach (var request in new[] { Echo(text: null), Echo(text: null, more: r => r["Text"] = null), Echo(text: null, more: r => r["Count"] = 2) })
        {
            var fault = Refusal.Leaving(_env, () => _admin.Execute(request));
            Assert.Multiple(() =>
            {
                Assert.That(fault.Message, Is.EqualTo("Required field 'Text' is missing"));
                Assert.That(fault.ErrorCode, Is.EqualTo(ErrorCodes.InvalidArgument));
                Assert.That(fault.TraceText, Does.StartWith("The custom API 'test_Echo' requires the parameter 'Text' (String); it declares: Count (Integer, optional), "));
            });
        }
        Assert.That(Probe.Records, Is.Empty);
    }

    [Test]
    public void A_value_of_another_type_than_the_declared_one_is_refused_naming_both()
    {
        Assert.Multiple(() =>
        {
            // The emulator's wording: no public source gives Dataverse's message for this case.
            Assert.That(Refusal.Leaving(_env, () => _admin.Execute(Echo(more: r => r["Count"] = "21"))).Message,
                Is.EqualTo("The parameter 'Count' of the custom API 'test_Echo' is of type Integer (System.Int32); the request gives a System.String."));
            Assert.That(Refusal.Of(() => _admin.Execute(Echo(more: r => r["Count"] = 21L))).Message, Does.EndWith("the request gives a System.Int64."), "no widening or narrowing");
            Assert.That(Refusal.Of(() => _admin.Execute(Echo(more: r => r["When"] = "2026-12-16"))).Message, Does.Contain("is of type DateTime (System.DateTime)"));
            Assert.That(Refusal.Of(() => _admin.Execute(Echo(more: r => r["Parent"] = new Entity("test_parent", Guid.NewGuid())))).Message,
                Does.Contain("is of type EntityReference (Microsoft.Xrm.Sdk.EntityReference); the request gives a Microsoft.Xrm.Sdk.Entity."));
            Assert.That(Refusal.Of(() => _admin.Execute(Echo(more: r => r["Save"] = "true"))).ErrorCode, Is.EqualTo(ErrorCodes.InvalidArgument));
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("test_Echo") { ["Text"] = 5 })).Message, Does.Contain("'Text' of the custom API 'test_Echo' is of type String"));
            Assert.That(Probe.Records, Is.Empty);
        });
    }

    [Test]
    public void Empty_and_hostile_strings_pass_through_unchanged()
    {
        // Dataverse documents no rule against an empty or odd string in a String parameter: the emulator passes it on as given.
        foreach (var text in new[] { "", " ", "'; DROP TABLE test_parent; --", "<script>alert(1)</script>", "line\nbreak\t\0nul", "中文 🚀 \u202Eright-to-left", new string('x', 100_000) })
        {
            Probe.Records.Clear();
            var response = _admin.Execute(Echo(text));
            Assert.That(response["Echo"], Is.EqualTo(text), text.Length > 40 ? text[..40] + "…" : text);
        }
        var unknown = Refusal.Of(() => _admin.Execute(Echo(more: r => r["Text'; --"] = "x")));
        Assert.That(unknown.Message, Is.EqualTo("Unrecognized request parameter: Text'; --"), "a hostile parameter name is named, not interpreted");
    }

    // ---------- the pipeline ----------

    [Test]
    public void The_main_operation_runs_at_stage_30_between_the_steps_on_the_APIs_message_with_the_context_Dataverse_gives()
    {
        var caller = _env.CreateUser("Owner", roles: new[] { "Test Owner" });
        var response = _env.Service(caller).Execute(Echo("hello", r => r["Count"] = 2));
        var stages = Probe.Records.Select(r => (r.Message, r.Stage, r.Depth, r.Entity)).ToList();
        var pre = Probe.Records.Single(r => r.Stage == 20);
        var main = Probe.Records.Single(r => r.Stage == 30);
        var post = Probe.Records.Single(r => r.Stage == 40);
        Assert.Multiple(() =>
        {
            Assert.That(stages, Is.EqualTo(new[] { ("test_Echo", 20, 1, "none"), ("test_Echo", 30, 1, "none"), ("test_Echo", 40, 1, "none") }),
                "message = the unique name; PreOperation, main operation, PostOperation; depth 1; PrimaryEntityName none (unbound)");
            Assert.That(Probe.Records.Select(r => (r.UserId, r.InitiatingUserId, r.InTransaction, r.Mode)), Is.All.EqualTo((caller, caller, true, 0)));
            Assert.That(Probe.Records.Select(r => r.PrimaryId), Is.All.EqualTo(Guid.Empty));
            Assert.That(main.Step, Does.Contain("EchoApi").And.Contain("test_Echo (main operation)"));
            Assert.That(pre.InputKeys, Is.EquivalentTo(new[] { "Text", "Count" }));
            Assert.That(pre.Output, Is.Empty);
            Assert.That(post.Output["Echo"], Is.EqualTo("hello"), "PostOperation sees the OutputParameters the main operation set");
            Assert.That(post.Output["Doubled"], Is.EqualTo(4));
            Assert.That(post.Shared.Keys, Is.SupersetOf(new[] { "seen20", "seen30", "seen40" }), "one operation: the shared variables go through every stage");
            Assert.That(response["Doubled"], Is.EqualTo(4));
        });
        var call = _env.Recorder.Calls.Single(c => c.Message == "test_Echo");
        Assert.That((call.Depth, call.Table, call.Id, call.Succeeded), Is.EqualTo((1, (string?)null, (Guid?)null, true)), "recorded under the API's name, on no record");
    }

    [Test]
    public void What_the_main_operation_writes_runs_one_level_deeper_as_the_caller()
    {
        var caller = _env.CreateUser("Owner", roles: new[] { "Test Owner" });
        var response = _env.Service(caller).Execute(Echo("saved", r => r["Save"] = true));
        var create = _env.Recorder.Calls.Single(c => c.Message == "Create" && c.Table == "test_parent");
        Assert.Multiple(() =>
        {
            Assert.That((create.Depth, create.CallerId, create.CalledBy), Is.EqualTo((2, caller, typeof(EchoApi).FullName)));
            Assert.That(_env.Peek("test_parent", ((EntityReference)response["Created"]).Id)!.GetAttributeValue<EntityReference>("ownerid").Id, Is.EqualTo(caller));
        });
    }

    [Test]
    public void A_refusal_of_the_main_operation_rolls_back_everything_it_wrote()
    {
        var fault = Refusal.Leaving(_env, () => _admin.Execute(Echo("refuse this", r => r["Save"] = true)));
        Assert.Multiple(() =>
        {
            Assert.That(fault.Message, Is.EqualTo("Refused 'refuse this'. 已拒绝。"));
            Assert.That(fault.ErrorCode, Is.EqualTo(ErrorCodes.PluginAborted));
            Assert.That(_env.All("test_parent"), Is.Empty, "the parent the main operation created is gone with the transaction");
            Assert.That(Probe.Records.Where(r => r.Message == "test_Echo").Select(r => r.Stage), Is.EqualTo(new[] { 20, 30 }), "PostOperation does not run");
            Assert.That(_env.Recorder.Calls.Single(c => c.Message == "test_Echo").Succeeded, Is.False);
        });
    }

    // ---------- steps on a custom API's message ----------

    private static readonly Guid EchoMessage = TestEnvironment.FixtureMessages.Single(m => m.Value == "test_Echo").Key;
    private static readonly Guid CountParentsMessage = new("3c0e6a1e-7d2b-5f4e-9a61-0c5e2d7b4a02");

    private static StepDefinition ByHand(Guid messageId, int stage, int mode) => new(Guid.NewGuid(), $"Probe by hand ({stage}, mode {mode})")
    {
        MessageId = messageId,
        DeclaredStage = stage,
        DeclaredMode = mode,
        PluginTypeQualifiedName = "Mci.Emulator.Tests.Plugins.ContextProbe, MciDataverse.Emulator.Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null",
    };

    [Test]
    public void An_asynchronous_PostOperation_step_on_the_APIs_message_runs_after_the_call_with_its_outputs()
    {
        var env = TestEnvironment.Create(o => o.StepsRegisteredByHand.Add(ByHand(EchoMessage, 40, 1)));
        env.AdminService.Execute(Echo("later"));
        Assert.That(Probe.Records.Select(r => (r.Stage, r.Mode)), Is.EqualTo(new[] { (20, 0), (30, 0), (40, 0) }), "the asynchronous step waits");
        env.DrainAsync();
        var late = Probe.Records.Single(r => r.Mode == 1);
        Assert.That((late.Message, late.Stage, late.Entity, late.Output["Echo"]), Is.EqualTo(("test_Echo", 40, "none", (object?)"later")));
    }

    [Test]
    public void A_step_the_APIs_allowedcustomprocessingsteptype_does_not_allow_is_refused_when_the_environment_loads()
    {
        // test_CountParents allows none (0); with 1 only asynchronous steps. The wording is the emulator's.
        var none = Assert.Throws<ArgumentException>(() => TestEnvironment.Create(o =>
        {
            o.SdkMessages[CountParentsMessage] = "test_CountParents";
            o.StepsRegisteredByHand.Add(ByHand(CountParentsMessage, 40, 1));
        }))!;
        Assert.That(none.Message, Does.StartWith("step 'Probe by hand (40, mode 1)' is on the custom API test_CountParents, which allows no processing steps (allowedcustomprocessingsteptype 0)."));

        using var copy = new LoaderTests.TempFixture();
        var api = Path.Combine(copy.Src, "customapis", "test_Echo", "customapi.xml");
        File.WriteAllText(api, File.ReadAllText(api).Replace("<allowedcustomprocessingsteptype>2<", "<allowedcustomprocessingsteptype>1<", StringComparison.Ordinal));
        var asyncOnly = Assert.Throws<InvalidDataException>(() => Mci.Emulator.Metadata.SolutionLoader.Load(copy.Src, TestEnvironment.FixtureMessages))!;
        Assert.That(asyncOnly.Message, Does.Contain("runs synchronously on the custom API test_Echo, which allows asynchronous steps only (allowedcustomprocessingsteptype 1)."));
    }

    [Test]
    public void An_API_whose_plugin_type_is_a_plugin_package_hash_is_refused_as_not_emulated()
    {
        using var copy = new LoaderTests.TempFixture();
        var api = Path.Combine(copy.Src, "customapis", "test_CountParents", "customapi.xml");
        var xml = File.ReadAllText(api);
        var hashed = System.Text.RegularExpressions.Regex.Replace(xml, "<plugintypeexportkey>[^<]*</plugintypeexportkey>", "<plugintypeexportkey>test_package.EchoType.3f9c</plugintypeexportkey>");
        Assert.That(hashed, Is.Not.EqualTo(xml), "the fixture names its plug-in type by export key, as exports do");
        File.WriteAllText(api, hashed);
        var options = new DataverseOptions();
        options.Assemblies.Add(typeof(TestEnvironment).Assembly);
        foreach (var (id, name) in TestEnvironment.FixtureMessages) options.SdkMessages[id] = name;
        var env = Dataverse.Load(copy.Src, options);
        var e = Assert.Throws<NotSupportedException>(() => env.AdminService.Execute(new OrganizationRequest("test_CountParents")))!;
        Assert.That(e.Message, Does.Contain("plug-in package"));
    }

    // ---------- the execute privilege ----------

    [Test]
    public void A_caller_without_the_execute_privilege_is_refused_before_anything_runs()
    {
        var reader = _env.CreateUser("Reader", roles: new[] { "Test Reader" });
        var fault = Refusal.Leaving(_env, () => _env.Service(reader).Execute(Echo("hello", r => r["Save"] = true)));
        Assert.Multiple(() =>
        {
            Assert.That(fault.ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
            Assert.That(fault.Message, Does.StartWith($"Principal user (Id={reader:D}, type=8, roleCount=1, privilegeCount=3, accessMode=0), is missing prvWritetest_parent privilege")
                .And.EndWith("context.Method=test_Echo."));
            Assert.That(Probe.Records, Is.Empty);
        });
    }

    [Test]
    public void The_execute_privilege_at_any_depth_or_System_Administrator_is_enough()
    {
        var owner = _env.CreateUser("Owner", roles: new[] { "Test Owner" });   // prvWritetest_parent at Basic depth
        var admin = _env.CreateUser("Admin", roles: new[] { "System Administrator" });
        Assert.Multiple(() =>
        {
            Assert.That(_env.Service(owner).Execute(Echo("owner"))["Echo"], Is.EqualTo("owner"));
            Assert.That(_env.Service(admin).Execute(Echo("admin"))["Echo"], Is.EqualTo("admin"));
            Assert.That(_env.SystemService.Execute(Echo("system"))["Echo"], Is.EqualTo("system"));
        });
    }

    [Test]
    public void A_custom_API_without_an_execute_privilege_is_open_to_every_user_and_its_plugin_reads_as_the_caller()
    {
        var reader = _env.CreateUser("Reader", roles: new[] { "Test Reader" });   // no prvWritetest_parent: test_Echo refuses them
        var nobody = _env.CreateUser("No roles");
        _admin.CreateParent("one");
        Assert.Multiple(() =>
        {
            Assert.That(_env.Service(reader).Execute(new OrganizationRequest("test_CountParents"))["Parents"], Is.EqualTo(1));
            var noRead = Refusal.Of(() => _env.Service(nobody).Execute(new OrganizationRequest("test_CountParents")));
            Assert.That(noRead.Message, Does.Contain("is missing prvReadtest_parent privilege").And.Contain("context.Method=RetrieveMultiple"),
                "the API itself is open; what its plug-in reads is still the caller's to read");
        });
    }

    // ---------- function and action ----------

    [Test]
    public void A_function_runs_through_Execute_like_an_action()
    {
        // isfunction only decides how the Web API calls it (GET with the parameters in the URL, rather than POST): through the SDK's
        // Execute both are an OrganizationRequest named after the API, so the handler makes no difference between them.
        var functions = _env.Metadata.CustomApis.ToDictionary(a => a.UniqueName, a => a.IsFunction);
        Assert.That(functions, Is.EqualTo(new Dictionary<string, bool> { ["test_CountParents"] = true, ["test_Echo"] = false }));
        var response = _admin.Execute(new OrganizationRequest("test_CountParents"));
        Assert.That((response.ResponseName, response["Parents"]), Is.EqualTo(("test_CountParents", (object)0)));
    }
}
