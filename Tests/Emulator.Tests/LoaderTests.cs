using Mci.Emulator.Metadata;

namespace Mci.Emulator.Tests;

/// <summary>The loader reads the layout `pac solution unpack` writes (the fixture is in that format) and the real Solution/src.</summary>
public class LoaderTests
{
    private static SolutionMetadata Fixture => SolutionLoader.Load(TestEnvironment.FixtureFolder);

    [Test]
    public void Columns_carry_type_length_precision_range_and_required_level()
    {
        var parent = Fixture.Table("test_parent")!;
        Assert.Multiple(() =>
        {
            Assert.That(parent.PrimaryIdAttribute, Is.EqualTo("test_parentid"));
            Assert.That(parent.PrimaryNameAttribute, Is.EqualTo("test_name"));
            Assert.That(parent.Ownership, Is.EqualTo(OwnershipType.UserOwned));
            Assert.That(parent.Column("test_name")!.MaxLength, Is.EqualTo(100));
            Assert.That(parent.Column("test_name")!.RequiredLevel, Is.EqualTo(RequiredLevel.ApplicationRequired));
            Assert.That(parent.Column("test_amount")!.Type, Is.EqualTo(ColumnType.Money));
            Assert.That(parent.Column("test_amount")!.MaxValue, Is.EqualTo(1000000m));
            Assert.That(parent.Column("test_rate")!.Precision, Is.EqualTo(2));
            Assert.That(parent.Column("test_count")!.MinValue, Is.EqualTo(0m));
            Assert.That(parent.Column("test_count")!.MaxValue, Is.EqualTo(100m));
            Assert.That(parent.Column("test_due")!.DateOnly, Is.True);
            Assert.That(parent.Column("test_flag")!.DefaultBoolean, Is.False);
            Assert.That(parent.Column("test_secret")!.IsSecured, Is.True);
            Assert.That(parent.Column("test_log")!.Type, Is.EqualTo(ColumnType.Memo));
            Assert.That(parent.Column("test_amount_base")!.ValidForCreate, Is.False);
            // System columns Dataverse gives every table are there although the XML left most out.
            Assert.That(parent.Column("createdon"), Is.Not.Null);
            Assert.That(parent.Column("owningbusinessunit"), Is.Not.Null);
        });
    }

    [Test]
    public void Choices_local_global_state_and_status_are_resolved()
    {
        var parent = Fixture.Table("test_parent")!;
        var child = Fixture.Table("test_child")!;
        Assert.Multiple(() =>
        {
            Assert.That(parent.Column("test_kind")!.OptionSet!.Options.Select(o => o.Value), Is.EqualTo(new[] { 100000000, 100000001 }));
            Assert.That(parent.Column("test_kind")!.OptionSet!.Find(100000001)!.Label(2052), Is.EqualTo("甲"));
            Assert.That(child.Column("test_category")!.OptionSet!.IsGlobal, Is.True);
            Assert.That(child.Column("test_category")!.OptionSet!.Options, Has.Count.EqualTo(3));
            Assert.That(child.Column("test_tags")!.Type, Is.EqualTo(ColumnType.MultiSelectPicklist));
            Assert.That(parent.Column("statuscode")!.OptionSet!.Find(100000000)!.State, Is.EqualTo(1));
            Assert.That(parent.Column("statecode")!.OptionSet!.Find(1)!.DefaultStatus, Is.EqualTo(2));
        });
    }

    [Test]
    public void Lookups_take_their_targets_and_cascades_from_the_relationship_files()
    {
        var m = Fixture;
        Assert.Multiple(() =>
        {
            Assert.That(m.Table("test_child")!.Column("test_parentid")!.Targets, Is.EqualTo(new[] { "test_parent" }));
            Assert.That(m.Table("test_parent")!.Column("test_accountid")!.Targets, Is.EqualTo(new[] { "account" }));
            Assert.That(m.Table("test_parent")!.Column("ownerid")!.Targets, Is.EquivalentTo(new[] { "systemuser", "team" }));
            Assert.That(m.Relationship("test_parent_child_parentid")!.CascadeDelete, Is.EqualTo(CascadeType.Cascade));
            Assert.That(m.Relationship("test_parent_child_linkid")!.CascadeDelete, Is.EqualTo(CascadeType.RemoveLink));
            Assert.That(m.Relationship("test_parent_blocker_parentid")!.CascadeDelete, Is.EqualTo(CascadeType.Restrict));
            Assert.That(m.Relationship("test_parent_child_nn")!.Type, Is.EqualTo(RelationshipType.ManyToMany));
            Assert.That(m.Table("test_parent_child_nn")!.IsIntersect, Is.True);
        });
    }

    [Test]
    public void Roles_profiles_and_environment_variables_are_read()
    {
        var m = Fixture;
        Assert.Multiple(() =>
        {
            Assert.That(m.Role("Test Owner")!.Privileges["prvCreatetest_parent"], Is.EqualTo(PrivilegeDepth.Basic));
            Assert.That(m.Role("test owner")!.Privileges["PRVREADUSER"], Is.EqualTo(PrivilegeDepth.Global), "role and privilege names compare case-insensitively");
            Assert.That(m.Role("System Administrator")!.IsSystemAdministrator, Is.True);
            Assert.That(m.FieldSecurityProfile("Test Secret Readers")!.Permissions.Single().CanUpdate, Is.False);
            Assert.That(m.FieldSecurityProfile("Test Secret Editors")!.Permissions.Single().CanUpdate, Is.True);
            Assert.That(m.EnvironmentVariables.Single(v => v.SchemaName == "test_Threshold").DefaultValue, Is.EqualTo("10"));
            Assert.That(m.EnvironmentVariables.Single(v => v.SchemaName == "test_Threshold").Type, Is.EqualTo(EnvironmentVariableType.Number));
        });
    }

    [Test]
    public void Steps_are_read_with_message_stage_mode_rank_filter_images_and_configuration()
    {
        var steps = Fixture.Steps;
        var total = steps.Single(s => s.PluginTypeName.EndsWith(".TotalCalculator", StringComparison.Ordinal));
        var asyncNote = steps.Single(s => s.PluginTypeName.EndsWith(".AsyncNote", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(total.Message, Is.EqualTo("Update"), "message from the well-known sdkmessageid");
            Assert.That(total.PrimaryEntity, Is.EqualTo("test_parent"));
            Assert.That(total.Stage, Is.EqualTo(PipelineStage.PreOperation));
            Assert.That(total.FilteringAttributes, Is.EqualTo(new[] { "test_amount" }));
            Assert.That(total.UnsecureConfiguration, Is.EqualTo("factor=2"));
            Assert.That(total.AssemblyName, Is.EqualTo("MciDataverse.Emulator.Tests"));
            Assert.That(total.Images.Select(i => (i.Alias, i.Type)), Is.EqualTo(new[] { ("Pre", ImageType.PreImage), ("Post", ImageType.PostImage) }));
            Assert.That(total.Images[0].Attributes, Is.EqualTo(new[] { "test_amount", "test_name" }));
            Assert.That(asyncNote.Mode, Is.EqualTo(StepMode.Asynchronous));
            Assert.That(steps.Single(s => s.Name.Contains("WinGuard", StringComparison.Ordinal)).Message, Is.EqualTo("Win"), "message from the step name when the id is not a platform one");
            Assert.That(steps.Single(s => s.Name.Contains("Associate", StringComparison.Ordinal)).PrimaryEntity, Is.Null);
            Assert.That(steps.Where(s => s.PluginTypeName.EndsWith(".Refuser", StringComparison.Ordinal)).Select(s => s.Rank), Is.EquivalentTo(new[] { 1, 2 }));
        });
    }

    [Test]
    public void Plugin_types_and_workflow_activities_are_read()
    {
        var types = Fixture.PluginTypes;
        Assert.That(types.Single(t => t.TypeName == "Mci.Emulator.Tests.Plugins.AddDays").IsWorkflowActivity, Is.True);
        Assert.That(types.Single(t => t.TypeName == "Mci.Emulator.Tests.Plugins.ContextProbe").IsWorkflowActivity, Is.False);
    }

    [Test]
    public void Images_Dataverse_never_provides_are_reported()
    {
        Assert.That(Fixture.Warnings, Has.Some.Contains("pre-image").And.Contains("Create"));
        Assert.That(Fixture.Warnings, Has.Some.Contains("post-image").And.Contains("Delete"));
    }

    [Test]
    public void Loading_is_cached_per_folder()
    {
        var first = SolutionLoader.Load(TestEnvironment.FixtureFolder);
        var second = SolutionLoader.Load(TestEnvironment.FixtureFolder);
        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void A_missing_folder_is_refused()
    {
        Assert.Throws<DirectoryNotFoundException>(() => SolutionLoader.Load(Path.Combine(TestEnvironment.FixtureFolder, "nope")));
    }

    [Test]
    public void The_real_solution_loads_with_every_MCI_table_and_role()
    {
        var folder = Path.Combine(TestEnvironment.RepoRoot, "Solution", "src");
        if (!Directory.Exists(Path.Combine(folder, "Entities"))) Assert.Ignore("Solution/src has no tables yet.");
        var m = SolutionLoader.Load(folder);
        var tables = new[] { "mci_branch", "mci_supporttier", "mci_partner", "mci_opportunitypartner", "mci_opportunitysplit", "mci_allocationminutes", "mci_resourcerequest" };
        Assert.Multiple(() =>
        {
            foreach (var t in tables) Assert.That(m.Table(t), Is.Not.Null, t);
            Assert.That(m.Table("opportunity")!.Column("mci_salesmode")!.OptionSet!.Options, Has.Count.EqualTo(3));
            Assert.That(m.Table("opportunity")!.Column("mci_branchid")!.Targets, Is.EqualTo(new[] { "mci_branch" }));
            Assert.That(m.Table("mci_opportunitypartner")!.Column("mci_partnercost")!.IsSecured, Is.True);
            foreach (var r in new[] { "MCI Seller", "MCI Presales", "MCI Partner Manager", "MCI Sales Executive", "MCI Administrator" }) Assert.That(m.Role(r), Is.Not.Null, r);
            Assert.That(m.FieldSecurityProfile("MCI Partner Commercials"), Is.Not.Null);
            Assert.That(m.EnvironmentVariables.Select(v => v.SchemaName), Is.SupersetOf(new[] { "mci_DefaultMinimumPartnerMargin", "mci_SalesExecutiveEmail", "mci_EscalationLeadDays" }));
            Assert.That(m.Warnings.Where(w => w.Contains("does not know", StringComparison.Ordinal)), Is.Empty);
        });
    }
}
