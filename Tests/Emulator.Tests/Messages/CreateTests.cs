using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.SolutionModel;

namespace Mci.Emulator.Tests.Messages;

/// <summary>CreateHandler: the Create request, its response, and what Dataverse adds to the Target on the way.</summary>
public class CreateTests
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
    public void A_missing_or_mistyped_Target_is_an_invalid_argument()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("Create"))).Message, Is.EqualTo("Create: the Target entity is required."));
            var reference = Refusal.Of(() => _admin.Execute(new OrganizationRequest("Create") { ["Target"] = new EntityReference("test_parent", Guid.NewGuid()) }));
            Assert.That(reference.ErrorCode, Is.EqualTo(ErrorCodes.InvalidArgument), "a Create's Target is an entity, not a reference");
        });
    }

    [Test]
    public void The_response_carries_the_new_id_which_PostOperation_steps_see_as_their_output()
    {
        var response = (CreateResponse)_admin.Execute(new CreateRequest { Target = new Entity("test_parent") { ["test_name"] = "A" } });
        var post = Probe.At("Create", "test_parent", 40);
        Assert.Multiple(() =>
        {
            Assert.That(response.ResponseName, Is.EqualTo("Create"));
            Assert.That(_env.Peek("test_parent", response.id), Is.Not.Null);
            Assert.That(post.Output["id"], Is.EqualTo(response.id));
            Assert.That(post.PrimaryId, Is.EqualTo(response.id));
        });
    }

    [Test]
    public void The_primary_key_column_gives_the_id_and_a_different_Entity_Id_is_refused()
    {
        var id = Guid.NewGuid();
        var created = _admin.Create(new Entity("test_parent") { ["test_parentid"] = id, ["test_name"] = "keyed" });
        Assert.That(created, Is.EqualTo(id));
        var clash = Refusal.Leaving(_env, () => _admin.Create(new Entity("test_parent", Guid.NewGuid()) { ["test_parentid"] = Guid.NewGuid(), ["test_name"] = "clash" }));
        Assert.That(clash.Message, Does.Contain("and test_parentid").And.Contain("differ"));
    }

    [Test]
    public void PreValidation_sees_the_callers_columns_and_yes_no_defaults_PreOperation_also_the_platforms()
    {
        _admin.Create(new Entity("test_parent") { ["test_name"] = "A" });
        var pre = Probe.At("Create", "test_parent", 10).Target!;
        var op = Probe.At("Create", "test_parent", 20).Target!;
        Assert.Multiple(() =>
        {
            Assert.That(pre.Attributes.Keys, Is.EquivalentTo(new[] { "test_name", "test_flag" }), "the caller's column and the yes/no default");
            Assert.That(op.GetAttributeValue<EntityReference>("ownerid").Id, Is.EqualTo(_env.AdministratorId));
            Assert.That(op.GetAttributeValue<EntityReference>("createdby").Id, Is.EqualTo(_env.AdministratorId));
            Assert.That(op.GetAttributeValue<OptionSetValue>("statecode").Value, Is.Zero);
        });
    }

    [Test]
    public void A_user_without_the_Create_privilege_is_refused_before_anything_is_saved()
    {
        var reader = _env.CreateUser("Reader", roles: new[] { "Test Reader" });
        var fault = Refusal.Leaving(_env, () => _env.Service(reader).Create(new Entity("test_parent") { ["test_name"] = "no" }));
        Assert.That(fault.ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
    }

    [Test]
    public void A_choice_left_out_is_stored_with_its_default_and_an_explicit_null_stays_empty()
    {
        var defaulted = _admin.Create(new Entity("test_child") { ["test_name"] = "left out" });
        var emptied = _admin.Create(new Entity("test_child") { ["test_name"] = "null", ["test_category"] = null });
        var chosen = _admin.Create(new Entity("test_child") { ["test_name"] = "chosen", ["test_category"] = new OptionSetValue(100000002) });
        Assert.Multiple(() =>
        {
            Assert.That(_env.Peek("test_child", defaulted)!.GetAttributeValue<OptionSetValue>("test_category").Value, Is.EqualTo(100000000), "AppDefaultValue of test_category");
            Assert.That(_env.Peek("test_child", emptied)!.Contains("test_category"), Is.False);
            Assert.That(_env.Peek("test_child", chosen)!.GetAttributeValue<OptionSetValue>("test_category").Value, Is.EqualTo(100000002));
            Assert.That(_env.Peek("test_parent", _admin.CreateParent("no default"))!.Contains("test_kind"), Is.False, "a choice without a default stays empty");
        });
    }

    [Test]
    public void MCIs_required_choices_declare_the_defaults_SPEC_names()
    {
        var metadata = Metadata.SolutionLoader.Load(Path.Combine(TestEnvironment.RepoRoot, "Solution", "src"));
        string? DefaultLabel(string table, string column)
        {
            var c = metadata.Table(table)!.Column(column)!;
            return c.DefaultChoice is { } value ? c.Choice!.Find(value)!.Label(1033) : null;
        }
        Assert.Multiple(() =>
        {
            Assert.That(DefaultLabel("mci_opportunitysplit", "mci_splittype"), Is.EqualTo("Revenue"));
            Assert.That(DefaultLabel("mci_allocationminutes", "mci_status"), Is.EqualTo("Draft"));
            Assert.That(DefaultLabel("mci_resourcerequest", "mci_status"), Is.EqualTo("Requested"));
            Assert.That(DefaultLabel("mci_opportunitypartner", "mci_exceptionstatus"), Is.EqualTo("None"));
        });
    }

    [Test]
    public void A_team_created_by_name_alone_gets_the_callers_business_unit_the_caller_as_administrator_and_is_an_owner_team()
    {
        var unit = _env.CreateBusinessUnit("Sales");
        var admin = _env.CreateUser("Unit Admin", roles: new[] { "System Administrator" }, businessUnitId: unit);
        var id = _env.Service(admin).Create(new Entity("team") { ["name"] = "X" });
        var team = _env.Peek("team", id)!;
        Assert.Multiple(() =>
        {
            Assert.That(team.GetAttributeValue<EntityReference>("businessunitid").Id, Is.EqualTo(unit));
            Assert.That(team.GetAttributeValue<EntityReference>("administratorid").Id, Is.EqualTo(admin));
            Assert.That(team.GetAttributeValue<OptionSetValue>("teamtype").Value, Is.Zero);
            Assert.That(team.GetAttributeValue<bool>("isdefault"), Is.False);
        });
    }

    [Test]
    public void A_teams_given_values_are_kept_and_isdefault_stays_read_only()
    {
        var other = _env.CreateUser("Other");
        var id = _admin.Create(new Entity("team") { ["name"] = "Y", ["administratorid"] = new EntityReference("systemuser", other), ["teamtype"] = new OptionSetValue(1) });
        var team = _env.Peek("team", id)!;
        Assert.Multiple(() =>
        {
            Assert.That(team.GetAttributeValue<EntityReference>("administratorid").Id, Is.EqualTo(other));
            Assert.That(team.GetAttributeValue<OptionSetValue>("teamtype").Value, Is.EqualTo(1));
            Assert.That(team.GetAttributeValue<EntityReference>("businessunitid").Id, Is.EqualTo(_env.RootBusinessUnitId));
        });
        Assert.That(Refusal.Of(() => _admin.Create(new Entity("team") { ["name"] = "Z", ["isdefault"] = true })).Message, Is.EqualTo("Attribute 'isdefault' of entity 'team' cannot be set on Create."));
    }
}
