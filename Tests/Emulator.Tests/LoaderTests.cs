using System.Xml.Linq;
using Mci.Emulator.Metadata;
using Mci.SolutionModel;

namespace Mci.Emulator.Tests;

/// <summary>The loader builds the model from what the shared reader (Mci.SolutionModel) reads in the layout `pac solution
/// unpack` writes (the fixture is in that format) and in the real Solution/src.</summary>
public class LoaderTests
{
    private static EnvironmentMetadata Fixture => SolutionLoader.Load(TestEnvironment.FixtureFolder, TestEnvironment.FixtureMessages);

    [Test]
    public void Columns_carry_type_length_precision_range_and_required_level()
    {
        var parent = Fixture.Table("test_parent")!;
        Assert.Multiple(() =>
        {
            Assert.That(parent.PrimaryIdAttribute, Is.EqualTo("test_parentid"));
            Assert.That(parent.PrimaryNameAttribute, Is.EqualTo("test_name"));
            Assert.That(parent.Ownership, Is.EqualTo(TableOwnership.UserOwned));
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
            Assert.That(parent.Column("test_kind")!.Choice!.Options.Select(o => o.Value), Is.EqualTo(new[] { 100000000, 100000001 }));
            Assert.That(parent.Column("test_kind")!.Choice!.Find(100000001)!.Label(2052), Is.EqualTo("甲"));
            Assert.That(child.Column("test_category")!.Choice!.IsGlobal, Is.True);
            Assert.That(child.Column("test_category")!.Choice!.Options, Has.Count.EqualTo(3));
            Assert.That(child.Column("test_tags")!.Type, Is.EqualTo(ColumnType.MultiSelectPicklist));
            Assert.That(parent.Column("statuscode")!.Choice!.Find(100000000)!.State, Is.EqualTo(1));
            Assert.That(parent.Column("statecode")!.Choice!.Find(1)!.DefaultStatus, Is.EqualTo(2));
        });
    }

    [Test]
    public void Columns_of_one_global_choice_share_it_and_a_choice_the_solution_lacks_is_a_warning()
    {
        var child = Fixture.Table("test_child")!;
        Assert.That(child.Column("test_tags")!.Choice, Is.SameAs(child.Column("test_category")!.Choice));
        using var temp = new TempFixture();
        File.Delete(Path.Combine(temp.Src, "OptionSets", "test_category.xml"));
        var m = SolutionLoader.Load(temp.Src, TestEnvironment.FixtureMessages);
        Assert.Multiple(() =>
        {
            Assert.That(m.Table("test_child")!.Column("test_category")!.Choice, Is.Null);
            Assert.That(m.Warnings, Has.Some.EqualTo("Column test_child.test_category uses choice 'test_category', which the solution does not define."));
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
            Assert.That(m.Relationship("test_parent_child_parentid")!.CascadeDelete, Is.EqualTo(CascadeBehavior.Cascade));
            Assert.That(m.Relationship("test_parent_child_linkid")!.CascadeDelete, Is.EqualTo(CascadeBehavior.RemoveLink));
            Assert.That(m.Relationship("test_parent_blocker_parentid")!.CascadeDelete, Is.EqualTo(CascadeBehavior.Restrict));
            Assert.That(m.Relationship("test_parent_child_nn")!.Kind, Is.EqualTo(RelationshipKind.ManyToMany));
            Assert.That(m.Table("test_parent_child_nn")!.IsIntersect, Is.True);
        });
    }

    [Test]
    public void Roles_profiles_and_environment_variables_are_read()
    {
        var m = Fixture;
        Assert.Multiple(() =>
        {
            Assert.That(m.Role("Test Owner")!.Level("prvCreatetest_parent"), Is.EqualTo(PrivilegeLevel.Basic));
            Assert.That(m.Role("test owner")!.Level("PRVREADUSER"), Is.EqualTo(PrivilegeLevel.Global), "role and privilege names compare case-insensitively");
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
            Assert.That(steps.Single(s => s.Name.Contains("WinGuard", StringComparison.Ordinal)).Message, Is.EqualTo("Win"), "an id the environment was told about (DataverseOptions.SdkMessages)");
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
    public void Many_to_many_relationships_name_their_intersect_table_and_columns_the_way_Dataverse_does()
    {
        var nn = SolutionDefinition.ReadFolder(TestEnvironment.FixtureFolder).Relationships.Single(r => r.SchemaName == "test_parent_child_nn");
        var intersect = Fixture.Table("test_parent_child_nn")!;
        Assert.Multiple(() =>
        {
            Assert.That((nn.Kind, nn.Entity1, nn.Entity2, nn.IntersectEntity), Is.EqualTo((RelationshipKind.ManyToMany, "test_parent", "test_child", "test_parent_child_nn")));
            Assert.That((nn.Entity1IntersectAttribute, nn.Entity2IntersectAttribute), Is.EqualTo(("test_parentid", "test_childid")), "defaults when the XML names none");
            Assert.That(intersect.Column("test_parentid")!.Targets, Is.EqualTo(new[] { "test_parent" }));
            Assert.That(intersect.Column("test_childid")!.Targets, Is.EqualTo(new[] { "test_child" }));
        });
    }

    [Test]
    public void Where_a_step_file_is_silent_the_emulator_takes_Dataverse_defaults()
    {
        using var temp = new TempFixture();
        temp.Edit("{75fa0236-ad4a-52bf-a554-99ceb15d11ae}", d =>
        {
            d.Descendants().Where(e => e.Name.LocalName is "Stage" or "Mode" or "Rank" or "Configuration" or "FilteringAttributes" or "ImageType" or "MessagePropertyName" or "EntityAlias").Remove();
        });
        var step = SolutionLoader.Load(temp.Src, TestEnvironment.FixtureMessages).Steps.Single(s => s.PluginTypeName.EndsWith(".TotalCalculator", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That((step.Stage, step.Mode, step.Rank), Is.EqualTo((PipelineStage.PostOperation, StepMode.Synchronous, 1)));
            Assert.That(step.UnsecureConfiguration, Is.Null);
            Assert.That(step.FilteringAttributes, Is.Empty, "no filter: every update");
            Assert.That(step.Images.Select(i => (i.Alias, i.Type, i.MessagePropertyName)), Is.EqualTo(new[] { ("Pre", ImageType.PreImage, "Target"), ("Post", ImageType.PreImage, "Target") }),
                "the alias falls back to the image name");
        });
    }

    [Test]
    public void A_step_on_a_message_the_environment_does_not_know_is_an_error_naming_the_file_and_the_id()
    {
        using var temp = new TempFixture();
        const string unknownId = "0a0a0a0a-0000-4000-8000-000000000001";
        temp.Edit("{106f06fa-9206-5fee-bfa2-ce0725a420ef}", d =>
        {
            d.Root!.SetAttributeValue("Name", "Mci.Emulator.Tests.Plugins.Looper: Update of test_child");
            d.Root.Element("SdkMessageId")!.Value = unknownId;
        });
        var file = Path.Combine(temp.Src, "SdkMessageProcessingSteps", "{106f06fa-9206-5fee-bfa2-ce0725a420ef}.xml");
        var ex = Assert.Throws<InvalidDataException>(() => SolutionLoader.Load(temp.Src, TestEnvironment.FixtureMessages))!;
        Assert.That(ex.Message, Does.Contain(file).And.Contain(unknownId).And.Contain("not a message this environment knows"),
            "the step name says Update, but an import reads only the id");
        var known = new Dictionary<Guid, string>(TestEnvironment.FixtureMessages) { [new Guid(unknownId)] = "Update" };
        Assert.That(SolutionLoader.Load(temp.Src, known).Steps.Single(s => s.Name.Contains("Looper", StringComparison.Ordinal)).Message, Is.EqualTo("Update"),
            "an id the environment is told about resolves");
    }

    [Test]
    public void The_fixture_without_its_environment_messages_does_not_load()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SolutionLoader.Load(TestEnvironment.FixtureFolder))!;
        Assert.That(ex.Message, Does.Contain("SdkMessageProcessingSteps").And.Contain("not a message this environment knows"));
    }

    [TestCase("Stage", "30", "stage 30 is not 10, 20 or 40")]
    [TestCase("PluginTypeName", "", "has no PluginTypeName")]
    [TestCase("SdkMessageId", "<broken", "not well-formed")]
    public void A_step_file_the_emulator_cannot_use_is_an_error_that_names_it(string element, string value, string expected)
    {
        using var temp = new TempFixture();
        const string step = "{75fa0236-ad4a-52bf-a554-99ceb15d11ae}";
        temp.Edit(step, d => d.Root!.Element(element)!.Value = "@@");
        var file = Path.Combine(temp.Src, "SdkMessageProcessingSteps", step + ".xml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("@@", value));
        var ex = Assert.Throws<InvalidDataException>(() => SolutionLoader.Load(temp.Src, TestEnvironment.FixtureMessages))!;
        Assert.That(ex.Message, Does.Contain(file).And.Contain(expected));
    }

    [Test]
    public void The_model_holds_what_the_shared_reader_read_for_the_registration_checker()
    {
        var folder = Path.Combine(TestEnvironment.RepoRoot, "Solution", "src");
        var records = SolutionDefinition.ReadFolder(folder);
        var m = SolutionLoader.Load(folder);
        Assert.Multiple(() =>
        {
            Assert.That(m.Steps.Select(s => (s.Id, s.Message, s.Stage, s.Mode, s.Rank, s.PrimaryEntity)),
                Is.EquivalentTo(records.Steps.Select(s => (s.Id, s.Message, s.Stage, s.Mode, s.Rank, s.PrimaryEntity))));
            foreach (var entity in records.Tables)
                foreach (var a in entity.Columns.Values)
                {
                    var column = m.Table(entity.LogicalName)?.Column(a.LogicalName);
                    Assert.That(column, Is.Not.Null, $"{entity.LogicalName}.{a.LogicalName}");
                    Assert.That(column?.Choice?.Options.Select(o => o.Value) ?? Enumerable.Empty<int>(), Is.EqualTo(a.Options.Select(o => o.Value)), $"{entity.LogicalName}.{a.LogicalName}");
                    if (a.TypeName is "lookup" or "owner" && a.Targets.Count > 0) Assert.That(column?.Targets, Is.EqualTo(a.Targets), $"{entity.LogicalName}.{a.LogicalName}");
                }
            Assert.That(m.Roles.Select(r => r.Name), Is.SupersetOf(records.Roles.Select(r => r.Name)));
            Assert.That(m.FieldSecurityProfiles.Select(p => p.Id), Is.EqualTo(records.FieldSecurityProfiles.Select(p => p.Id)));
        });
    }

    [Test]
    public void The_fixture_is_a_solution_folder_the_packer_packs_once_its_steps_on_unpublished_messages_are_gone()
    {
        var zip = Path.Combine(Path.GetTempPath(), "mci-emulator-tests", Guid.NewGuid().ToString("N") + ".zip");
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        var assembly = typeof(TestEnvironment).Assembly.Location;
        var map = new Dictionary<string, string> { [Path.GetFileName(assembly)] = assembly };
        try
        {
            // The fixture stands for a solution exported from an environment whose CreateMultiple, UpdateMultiple, Win and
            // Associate ids we were told: the packer, like an import elsewhere, refuses those steps, naming them.
            var refused = Assert.Throws<Mci.SolutionModel.InvalidSolutionException>(() => Mci.Packaging.SolutionPacker.Pack(TestEnvironment.FixtureFolder, zip, Mci.Packaging.PackageType.Unmanaged, map))!;
            Assert.That(refused.Message, Does.Contain("SdkMessageProcessingSteps").And.Contain("is not a message with a published id"));

            using var temp = new TempFixture();
            var unpublished = Fixture.Steps.Where(s => !TestEnvironment.IsPublished(s.Message)).Select(s => s.Id).ToList();
            foreach (var id in unpublished) File.Delete(Path.Combine(temp.Src, "SdkMessageProcessingSteps", $"{{{id}}}.xml"));
            var solutionXml = Path.Combine(temp.Src, "Other", "Solution.xml");
            var doc = XDocument.Load(solutionXml);
            doc.Descendants("RootComponent").Where(r => (string?)r.Attribute("type") == "92" && unpublished.Contains(Guid.Parse((string)r.Attribute("id")!))).Remove();
            doc.Save(solutionXml);
            var result = Mci.Packaging.SolutionPacker.Pack(temp.Src, zip, Mci.Packaging.PackageType.Unmanaged, map);
            Assert.That((result.Components["Entity"], result.Components["SdkMessageProcessingStep"], result.Components["Role"]),
                Is.EqualTo((3, Fixture.Steps.Count - unpublished.Count, 6)), "every other component of the fixture, each listed in its Solution.xml");
        }
        finally
        {
            File.Delete(zip);
        }
    }

    /// <summary>A throw-away copy of the fixture solution to change on purpose (also CustomApiTests).</summary>
    internal sealed class TempFixture : IDisposable
    {
        public TempFixture()
        {
            Src = Path.Combine(Path.GetTempPath(), "mci-emulator-tests", Guid.NewGuid().ToString("N"), "src");
            foreach (var file in Directory.EnumerateFiles(TestEnvironment.FixtureFolder, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(Src, Path.GetRelativePath(TestEnvironment.FixtureFolder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        public string Src { get; }

        /// <summary>Changes the step file SdkMessageProcessingSteps/{id}.xml.</summary>
        public void Edit(string stepFile, Action<XDocument> change)
        {
            var path = Path.Combine(Src, "SdkMessageProcessingSteps", stepFile + ".xml");
            var doc = XDocument.Load(path);
            change(doc);
            doc.Save(path);
        }

        public void Dispose()
        {
            try { Directory.Delete(Path.GetDirectoryName(Src)!, recursive: true); } catch (IOException) { }
        }
    }

    [Test]
    public void Loading_is_cached_per_folder()
    {
        var first = SolutionLoader.Load(TestEnvironment.FixtureFolder, TestEnvironment.FixtureMessages);
        var second = SolutionLoader.Load(TestEnvironment.FixtureFolder, TestEnvironment.FixtureMessages);
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
            Assert.That(m.Table("opportunity")!.Column("mci_salesmode")!.Choice!.Options, Has.Count.EqualTo(3));
            Assert.That(m.Table("opportunity")!.Column("mci_branchid")!.Targets, Is.EqualTo(new[] { "mci_branch" }));
            Assert.That(m.Table("mci_opportunitypartner")!.Column("mci_partnercost")!.IsSecured, Is.True);
            foreach (var r in new[] { "MCI Seller", "MCI Presales", "MCI Partner Manager", "MCI Sales Executive", "MCI Administrator" }) Assert.That(m.Role(r), Is.Not.Null, r);
            Assert.That(m.FieldSecurityProfile("MCI Partner Commercials"), Is.Not.Null);
            Assert.That(m.EnvironmentVariables.Select(v => v.SchemaName), Is.SupersetOf(new[] { "mci_DefaultMinimumPartnerMargin", "mci_SalesExecutiveEmail", "mci_EscalationLeadDays" }));
            Assert.That(m.Warnings.Where(w => w.Contains("does not know", StringComparison.Ordinal)), Is.Empty);
            // The folder's web resources, app and site map load with it (the emulator runs no script; the model keeps them).
            Assert.That(m.Solution!.Apps.Select(a => a.UniqueName), Is.EqualTo(new[] { "mci_MCI" }));
            Assert.That(m.Solution.SiteMaps.Select(a => a.UniqueName), Is.EqualTo(new[] { "mci_MCI" }));
            Assert.That(m.Solution.WebResources.Select(w => w.Name), Is.EqualTo(new[] { "mci_/scripts/opportunity.js" }));
        });
    }
}
