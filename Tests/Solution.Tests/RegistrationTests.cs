using System.Xml.Linq;
using Mci.Packaging;
using Mci.SolutionModel;
using Mci.Packaging.Registration;

namespace Mci.Solution.Tests
{
    /// <summary>The registration checker on the real solution and built assemblies, and on small fixtures, good and bad.</summary>
    public class RegistrationTests
    {
        private const string Create = "9ebdbb1b-ea3e-db11-86a7-000a3a5473e8", Update = "20bebb1b-ea3e-db11-86a7-000a3a5473e8", Delete = "a1bdbb1b-ea3e-db11-86a7-000a3a5473e8";
        private const string FixtureType = "Mci.Plugins.FixturePlugin";
        private static readonly Guid FixtureTypeId = new("0b5f0d8e-5a0e-4c1e-9a33-6d3f5e0c1a01");

        [Test]
        public void The_solution_registrations_agree_with_the_built_assemblies()
        {
            var issues = RegistrationChecker.Check(Repo.Metadata, Repo.Catalog());
            Assert.That(issues.Select(i => i.ToString()), Is.Empty);
        }

        [Test]
        public void The_catalog_reflects_plugins_and_workflow_activities_by_full_name()
        {
            var catalog = Repo.Catalog();
            var plugins = catalog.TypesOf("MciDataverse.Plugins")!;
            var workflows = catalog.TypesOf("MciDataverse.Workflows")!;
            Assert.That(plugins.Where(t => t.IsPlugin && t.IsPublic && !t.IsAbstract), Is.Not.Empty);
            Assert.That(workflows.Where(t => t.IsWorkflowActivity && t.IsPublic && !t.IsAbstract), Is.Not.Empty);
            Assert.That(plugins.Where(t => t.IsWorkflowActivity), Is.Empty);
            Assert.That(catalog.TypesOf("NoSuchAssembly"), Is.Null);
        }

        [Test]
        public void The_registered_assemblies_are_the_built_ones_sandboxed_and_stored_in_the_database()
        {
            foreach (var a in Repo.Metadata.PluginAssemblies)
            {
                var built = System.Reflection.AssemblyName.GetAssemblyName(Repo.AssemblyMap[a.Name + ".dll"]).FullName;
                Assert.That(a.FullName, Is.EqualTo(built), a.Source);
                Assert.That((a.IsolationMode, a.SourceType), Is.EqualTo((2, 0)), a.Source);
            }
            var workflowTypes = Repo.Metadata.PluginAssemblies.Single(a => a.Name == "MciDataverse.Workflows").Types;
            Assert.That(workflowTypes, Has.All.Matches<PluginTypeDefinition>(t => !string.IsNullOrEmpty(t.WorkflowActivityGroupName)));
        }

        // ------------------------------------------------------------------ fixtures

        private static FixedTypeCatalog FixtureCatalog(bool pluginImplementsIPlugin = true, params CatalogType[] extraPlugins) => new(new Dictionary<string, IReadOnlyList<CatalogType>>
        {
            ["MciDataverse.Plugins"] = Registered("MciDataverse.Plugins").Append(new CatalogType(FixtureType, true, false, pluginImplementsIPlugin, false)).Concat(extraPlugins).ToList(),
            ["MciDataverse.Workflows"] = Registered("MciDataverse.Workflows").ToList(),
        });

        /// <summary>The types the real solution registers, as a built assembly would hold them (plug-ins, or activities in the Workflows assembly).</summary>
        private static IEnumerable<CatalogType> Registered(string assembly) =>
            Repo.Metadata.PluginAssemblies.Single(a => a.Name == assembly).Types.Select(t => new CatalogType(t.TypeName, true, false, !t.IsWorkflowActivity, t.IsWorkflowActivity));

        private static string PluginsDataXml(TempSolution temp) =>
            Directory.GetFiles(temp.PathOf("PluginAssemblies"), "MciDataverse.Plugins.dll.data.xml", SearchOption.AllDirectories).Single();

        private static string FullName(TempSolution temp) => (string)XDocument.Load(PluginsDataXml(temp)).Root!.Attribute("FullName")!;

        /// <summary>Registers the fixture plug-in type, as the plug-in developer does for each new class.</summary>
        private static void AddFixtureType(TempSolution temp)
        {
            var path = PluginsDataXml(temp);
            var doc = XDocument.Load(path);
            doc.Root!.Element("PluginTypes")!.Add(new XElement("PluginType",
                new XAttribute("AssemblyQualifiedName", $"{FixtureType}, {doc.Root.Attribute("FullName")!.Value}"),
                new XAttribute("PluginTypeId", FixtureTypeId), new XAttribute("Name", FixtureType),
                new XElement("FriendlyName", "Split line rules")));
            doc.Save(path);
        }

        private sealed record Image(string Alias, int Type, string Property, string Attributes);

        private static void WriteStep(TempSolution temp, Guid id, string message, string messageId, string table, int stage, int mode, string filtering, Image[] images,
            Guid? typeId = null, string? typeName = null, string? fileId = null)
        {
            var imageXml = images.Select((i, n) => new XElement("SdkMessageProcessingStepImage", new XAttribute("Name", i.Alias),
                new XElement("SdkMessageProcessingStepImageId", Guid.NewGuid().ToString("B")), new XElement("Attributes", i.Attributes), new XElement("EntityAlias", i.Alias),
                new XElement("ImageType", i.Type), new XElement("MessagePropertyName", i.Property), new XElement("IsCustomizable", 1)));
            var step = new XElement("SdkMessageProcessingStep", new XAttribute("Name", $"{FixtureType}: {message} of {table}"), new XAttribute("SdkMessageProcessingStepId", id.ToString("B")),
                new XElement("SdkMessageId", messageId),
                new XElement("PluginTypeName", typeName ?? $"{FixtureType}, {FullName(temp)}"),
                new XElement("PluginTypeId", (typeId ?? FixtureTypeId).ToString()),
                new XElement("PrimaryEntity", table), new XElement("AsyncAutoDelete", 0), new XElement("Description", $"{message} of {table}"),
                new XElement("FilteringAttributes", filtering), new XElement("InvocationSource", 0), new XElement("Mode", mode), new XElement("Rank", 1),
                new XElement("EventHandlerTypeCode", 4602), new XElement("Stage", stage), new XElement("IsCustomizable", 1), new XElement("IsHidden", 0),
                new XElement("SupportedDeployment", 0), new XElement("IntroducedVersion", "1.0.0.0"), new XElement("SdkMessageProcessingStepImages", imageXml));
            temp.Write($"SdkMessageProcessingSteps/{{{fileId ?? id.ToString()}}}.xml", new XDocument(step).ToString());
            temp.Edit("Other/Solution.xml", d => d.Descendants("RootComponents").Single().Add(
                new XElement("RootComponent", new XAttribute("type", 92), new XAttribute("id", id.ToString("B")), new XAttribute("behavior", 0))));
        }

        private static readonly Guid GoodUpdate = new("6f1c2f1e-5c55-4c1b-8d1e-0c3f9b0e2a11"), GoodCreate = new("6f1c2f1e-5c55-4c1b-8d1e-0c3f9b0e2a12"), GoodDelete = new("6f1c2f1e-5c55-4c1b-8d1e-0c3f9b0e2a13");

        internal static void AddGoodSteps(TempSolution temp)
        {
            AddFixtureType(temp);
            WriteStep(temp, GoodUpdate, "Update", Update, "mci_opportunitysplit", 20, 0, "mci_percent,mci_teamid,mci_splittype",
                new[] { new Image("PreImage", 0, "Target", "mci_percent,mci_opportunityid,mci_locked") });
            WriteStep(temp, GoodCreate, "Create", Create, "opportunity", 40, 1, "", new[] { new Image("PostImage", 1, "Id", "estimatedvalue,mci_salesmode,mci_branchid") });
            WriteStep(temp, GoodDelete, "Delete", Delete, "mci_opportunitysplit", 20, 0, "", new[] { new Image("PreImage", 0, "Target", "mci_locked") });
        }

        [Test]
        public void Good_fixture_steps_pass_and_pack()
        {
            using var temp = new TempSolution();
            AddGoodSteps(temp);
            var metadata = SolutionDefinition.ReadFolder(temp.Src);
            Assert.That(RegistrationChecker.Check(metadata, FixtureCatalog()).Select(i => i.ToString()), Is.Empty);
            var steps = metadata.Steps.ToDictionary(s => s.Id);
            Assert.That(steps[GoodUpdate].Message, Is.EqualTo("Update"));
            Assert.That(steps[GoodDelete].Message, Is.EqualTo("Delete"));
            Assert.That(steps[GoodUpdate].FilteringAttributes, Is.EqualTo(new[] { "mci_percent", "mci_teamid", "mci_splittype" }));
            Assert.That(steps[GoodUpdate].Images.Single().Attributes, Has.Count.EqualTo(3));
            var package = Package.Read(temp.Pack().ZipFile);
            Assert.That(package.Customizations.Root!.Element("SdkMessageProcessingSteps")!.Elements().Count(), Is.EqualTo(Repo.Metadata.Steps.Count + 3), "the solution's own steps and the three fixture steps");
        }

        private static IEnumerable<TestCaseData> BadSteps()
        {
            TestCaseData Case(string name, string expected, Action<TempSolution> arrange) => new TestCaseData(arrange, expected).SetName(name);
            Image[] none = Array.Empty<Image>();
            yield return Case("Async step before PostOperation", "asynchronous steps are allowed only in PostOperation",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "mci_opportunitysplit", 20, 1, "mci_percent", none));
            yield return Case("Post-image before PostOperation", "a post-image exists only in PostOperation",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "mci_opportunitysplit", 20, 0, "mci_percent", new[] { new Image("Post", 1, "Target", "mci_percent") }));
            yield return Case("Pre-image on Create", "Create has no pre-image",
                t => WriteStep(t, Guid.NewGuid(), "Create", Create, "mci_opportunitysplit", 40, 0, "", new[] { new Image("Pre", 0, "Id", "mci_percent") }));
            yield return Case("Post-image on Delete", "Delete has no post-image",
                t => WriteStep(t, Guid.NewGuid(), "Delete", Delete, "mci_opportunitysplit", 40, 0, "", new[] { new Image("Post", 1, "Target", "mci_percent") }));
            yield return Case("Image on a message without images", "RetrieveMultiple steps cannot have images",
                t => WriteStep(t, Guid.NewGuid(), "RetrieveMultiple", "03bebb1b-ea3e-db11-86a7-000a3a5473e8", "opportunity", 20, 0, "", new[] { new Image("Pre", 0, "Target", "name") }));
            yield return Case("Step on a message without a published id", "SdkMessageId 9c1ad1e2-0000-4000-8000-00000000a001 is not a message with a published id",
                t => WriteStep(t, Guid.NewGuid(), "Win", "9c1ad1e2-0000-4000-8000-00000000a001", "opportunity", 20, 0, "", none));
            yield return Case("Filtering attributes on Create", "FilteringAttributes apply only to Update",
                t => WriteStep(t, Guid.NewGuid(), "Create", Create, "mci_opportunitysplit", 20, 0, "mci_percent", none));
            yield return Case("Filtering attribute that is no column", "filtering attribute mci_percentage is not a column",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "mci_opportunitysplit", 20, 0, "mci_percentage", none));
            yield return Case("Image column that is no column", "column mci_nothing is not a column of opportunity",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "opportunity", 40, 0, "estimatedvalue", new[] { new Image("Pre", 0, "Target", "estimatedvalue,mci_nothing") }));
            yield return Case("Image with all columns", "list only the columns needed",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "opportunity", 40, 0, "estimatedvalue", new[] { new Image("Pre", 0, "Target", "") }));
            yield return Case("Wrong image message property", "MessagePropertyName for Update is Target",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "opportunity", 40, 0, "estimatedvalue", new[] { new Image("Pre", 0, "Id", "estimatedvalue") }));
            yield return Case("Two images with one alias", "every image needs its own EntityAlias",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "opportunity", 40, 0, "name", new[] { new Image("Img", 0, "Target", "name"), new Image("Img", 1, "Target", "name") }));
            yield return Case("Stage 30 is not registrable", "Stage 30 is not",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "opportunity", 30, 0, "name", none));
            yield return Case("Unknown table", "PrimaryEntity mci_nowhere is not a table",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "mci_nowhere", 20, 0, "", none));
            yield return Case("Step naming no registered plug-in type", "names no <PluginType>",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "opportunity", 20, 0, "name", none, typeId: Guid.NewGuid()));
            yield return Case("PluginTypeName differs from the registration", "differs from the registered type",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "opportunity", 20, 0, "name", none, typeName: "Mci.Plugins.Other, MciDataverse.Plugins"));
            yield return Case("Step on a workflow activity", "steps run plug-ins only",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "opportunity", 20, 0, "name", none,
                    typeId: Repo.Metadata.PluginAssemblies.Single(a => a.Name == "MciDataverse.Workflows").Types[0].Id,
                    typeName: Repo.Metadata.PluginAssemblies.Single(a => a.Name == "MciDataverse.Workflows").Types[0].AssemblyQualifiedName));
            yield return Case("File name is not the step id", "the file name must be the step id",
                t => WriteStep(t, Guid.NewGuid(), "Update", Update, "opportunity", 20, 0, "name", none, fileId: Guid.NewGuid().ToString()));
        }

        [TestCaseSource(nameof(BadSteps))]
        public void A_bad_step_is_reported(Action<TempSolution> arrange, string expected)
        {
            using var temp = new TempSolution();
            AddFixtureType(temp);
            arrange(temp);
            var issues = RegistrationChecker.Check(SolutionDefinition.ReadFolder(temp.Src), FixtureCatalog()).Select(i => i.ToString()).ToList();
            Assert.That(issues, Has.Some.Contains(expected), string.Join("\n", issues));
        }

        [Test]
        public void A_step_that_leaves_out_stage_mode_rank_and_image_type_is_reported_as_missing()
        {
            using var temp = new TempSolution();
            AddGoodSteps(temp);
            temp.Edit($"SdkMessageProcessingSteps/{{{GoodUpdate}}}.xml", d => d.Descendants().Where(e => e.Name.LocalName is "Stage" or "Mode" or "Rank" or "ImageType").Remove());
            var metadata = SolutionDefinition.ReadFolder(temp.Src);
            var step = metadata.Steps.Single(s => s.Id == GoodUpdate);
            Assert.That((step.DeclaredStage, step.DeclaredMode, step.DeclaredRank, step.Images.Single().DeclaredImageType), Is.EqualTo(((int?)null, (int?)null, (int?)null, (int?)null)));
            var issues = RegistrationChecker.Check(metadata, FixtureCatalog()).Select(i => i.Message).ToList();
            Assert.That(issues, Has.Some.Contains("Stage (missing) is not 10").And.Some.Contains("Mode (missing) is not 0").And.Some.Contains("Rank (missing) must be 1 or more")
                .And.Some.Contains("ImageType (missing) is not 0"), string.Join("\n", issues));
        }

        [Test]
        public void A_registered_type_missing_from_the_assembly_is_reported()
        {
            using var temp = new TempSolution();
            AddFixtureType(temp);
            var catalog = new FixedTypeCatalog(new Dictionary<string, IReadOnlyList<CatalogType>>
            {
                ["MciDataverse.Plugins"] = Registered("MciDataverse.Plugins").ToList(),
                ["MciDataverse.Workflows"] = Registered("MciDataverse.Workflows").ToList(),
            });
            Assert.That(RegistrationChecker.Check(SolutionDefinition.ReadFolder(temp.Src), catalog).Select(i => i.Message), Has.Some.Contains($"type {FixtureType} does not exist"));
        }

        [Test]
        public void A_registered_type_that_is_not_a_plugin_is_reported()
        {
            using var temp = new TempSolution();
            AddFixtureType(temp);
            Assert.That(RegistrationChecker.Check(SolutionDefinition.ReadFolder(temp.Src), FixtureCatalog(pluginImplementsIPlugin: false)).Select(i => i.Message),
                Has.Some.Contains("does not implement Microsoft.Xrm.Sdk.IPlugin"));
        }

        [Test]
        public void A_public_plugin_without_a_registration_is_reported_but_abstract_and_internal_ones_are_not()
        {
            using var temp = new TempSolution();
            AddFixtureType(temp);
            var catalog = FixtureCatalog(true, new CatalogType("Mci.Plugins.Forgotten", true, false, true, false),
                new CatalogType("Mci.Plugins.PluginBase", true, true, true, false), new CatalogType("Mci.Plugins.Hidden", false, false, true, false));
            var issues = RegistrationChecker.Check(SolutionDefinition.ReadFolder(temp.Src), catalog).Select(i => i.Message).ToList();
            Assert.That(issues, Has.Exactly(1).Contains("has no <PluginType>").And.Contains("Mci.Plugins.Forgotten"));
        }

        [Test]
        public void A_workflow_activity_without_its_group_name_is_reported()
        {
            using var temp = new TempSolution();
            var data = Directory.GetFiles(temp.PathOf("PluginAssemblies"), "MciDataverse.Workflows.dll.data.xml", SearchOption.AllDirectories).Single();
            var doc = XDocument.Load(data);
            doc.Descendants("WorkflowActivityGroupName").Remove();
            doc.Save(data);
            Assert.That(RegistrationChecker.Check(SolutionDefinition.ReadFolder(temp.Src), FixtureCatalog()).Select(i => i.Message), Has.Some.Contains("give its PluginType a <WorkflowActivityGroupName>"));
        }

        [Test]
        public void A_non_sandboxed_assembly_is_reported()
        {
            using var temp = new TempSolution();
            var data = PluginsDataXml(temp);
            File.WriteAllText(data, File.ReadAllText(data).Replace("<IsolationMode>2</IsolationMode>", "<IsolationMode>1</IsolationMode>"));
            Assert.That(RegistrationChecker.Check(SolutionDefinition.ReadFolder(temp.Src), FixtureCatalog()).Select(i => i.Message), Has.Some.Contains("sandboxed"));
        }

        // ------------------------------------------------------------------ messages: only ids with a public source

        [Test]
        public void Every_step_names_its_message_by_one_of_the_published_ids()
        {
            var published = SdkMessages.All;
            Assert.Multiple(() =>
            {
                Assert.That(published, Has.Count.EqualTo(14), "Microsoft Learn publishes 14 (see SdkMessages)");
                Assert.That(published.Keys.Select(id => id.ToString()), Has.All.EndsWith("-ea3e-db11-86a7-000a3a5473e8"));
                foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Src, "SdkMessageProcessingSteps"), "*.xml"))
                {
                    var id = XDocument.Load(file).Root!.Element("SdkMessageId")?.Value;
                    Assert.That(Guid.TryParse(id, out var guid) && published.ContainsKey(guid), Is.True, $"{Path.GetFileName(file)} names SdkMessageId {id}");
                }
                Assert.That(Repo.Metadata.Steps.Select(s => s.Message), Has.None.EndsWith("Multiple").And.None.Null);
            });
        }

        [Test]
        public void No_plugin_type_has_a_step_on_a_message_and_its_Multiple_form()
        {
            // A Create/Update step also runs for each item of CreateMultiple/UpdateMultiple: a step on both would run twice.
            var byType = Declared.Value.GroupBy(s => (s.PluginType, s.Table));
            Assert.Multiple(() =>
            {
                foreach (var group in byType)
                {
                    var messages = group.Select(s => s.Message).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    foreach (var single in new[] { "Create", "Update" })
                        Assert.That(messages.Contains(single) && messages.Contains(single + "Multiple"), Is.False, $"{group.Key.PluginType} on {group.Key.Table}: {single} and {single}Multiple");
                }
                Assert.That(Declared.Value.Where(s => !s.RegisteredByHand).Select(s => s.Message), Is.All.AnyOf("Create", "Update", "Delete"), "what ships");
            });
        }

        [Test]
        public void The_packer_refuses_a_step_whose_message_id_is_not_published_naming_the_file_and_the_id()
        {
            using var temp = new TempSolution();
            AddFixtureType(temp);
            var id = Guid.NewGuid();
            WriteStep(temp, id, "Win", "9c1ad1e2-0000-4000-8000-00000000a001", "opportunity", 20, 0, "", Array.Empty<Image>());
            var e = Assert.Throws<InvalidSolutionException>(() => temp.Pack())!;
            Assert.That(e.Message, Does.Contain($"{{{id}}}.xml").And.Contain("9c1ad1e2-0000-4000-8000-00000000a001").And.Contain("is not a message with a published id"));
        }

        // ------------------------------------------------------------------ registrations declared in code

        private static readonly Lazy<IReadOnlyList<DeclaredStep>> Declared = new(() => DeclaredSteps.Read(Repo.Net10("MciDataverse.Plugins")));
        private static readonly Lazy<IReadOnlyList<(string PluginType, string CustomApi)>> MainOperations = new(() => DeclaredSteps.ReadMainOperations(Repo.Net10("MciDataverse.Plugins")));

        [Test]
        public void The_step_files_their_root_components_and_the_registration_table_are_generated_from_the_declarations()
        {
            var generated = RegistrationGenerator.Generate(Repo.Root, Declared.Value, MainOperations.Value);
            var differences = RegistrationGenerator.Differences(Repo.Root, generated);
            Assert.That(differences, Is.Empty,
                $"The registrations differ from the steps the plug-in classes declare: run `{RegistrationGenerator.Command}` and commit what it writes.\n" + string.Join("\n", differences));
        }

        [Test]
        public void Every_plugin_declares_its_steps_and_every_declared_step_is_registered_as_declared()
        {
            var plugins = Repo.Metadata.PluginAssemblies.Single(a => a.Name == "MciDataverse.Plugins").Types.Select(t => t.TypeName).ToList();
            Assert.Multiple(() =>
            {
                var mainOperations = DeclaredSteps.ReadMainOperations(Repo.Net10("MciDataverse.Plugins"));
                Assert.That(Declared.Value.Where(s => !s.RegisteredByHand).Select(s => s.PluginType).Concat(mainOperations.Select(m => m.PluginType)).Distinct(), Is.EquivalentTo(plugins),
                    "every registered plug-in type declares steps, or is a custom API's main operation");
                foreach (var api in Repo.Metadata.CustomApis)
                {
                    var type = Repo.Metadata.PluginTypes.SingleOrDefault(t => t.Id == api.PluginTypeId);
                    Assert.That(type, Is.Not.Null, $"{api.UniqueName} names a plug-in type the assembly registers");
                    Assert.That(mainOperations, Does.Contain((type?.TypeName ?? "", api.UniqueName)), $"{type?.TypeName} declares the main operation of {api.UniqueName}");
                }
                foreach (var step in Declared.Value.Where(s => !s.RegisteredByHand))
                {
                    var file = Repo.Metadata.Steps.SingleOrDefault(s => s.Id == RegistrationGenerator.StepId(step));
                    Assert.That(file, Is.Not.Null, step.Name);
                    if (file == null) continue;
                    Assert.That((file.Message, file.PrimaryEntity, file.DeclaredStage, file.DeclaredMode, file.DeclaredRank), Is.EqualTo((step.Message, step.Table, (int?)step.Stage, (int?)step.Mode, (int?)step.Rank)), step.Name);
                    Assert.That(file.FilteringAttributes, Is.EqualTo(step.FilteringAttributes), step.Name);
                    Assert.That(file.Images.Select(i => (i.EntityAlias, i.DeclaredImageType, string.Join(",", i.Attributes))),
                        Is.EqualTo(step.Images.Select(i => (i.Alias, (int?)(i.IsPost ? 1 : 0), string.Join(",", i.Columns)))), step.Name);
                }
            });
        }

        [Test]
        public void The_registration_document_lists_each_custom_API_with_the_plugin_its_class_declares_and_the_API_names()
        {
            var document = File.ReadAllText(Path.Combine(Repo.Root, RegistrationGenerator.Document));
            var start = document.IndexOf("## Custom APIs and the plug-in that runs each", StringComparison.Ordinal);
            Assert.That(start, Is.GreaterThan(0), "docs/registrations.md has the custom API section");
            var end = document.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            var section = document[start..(end < 0 ? document.Length : end)];
            Assert.Multiple(() =>
            {
                Assert.That(MainOperations.Value, Is.EqualTo(new[] { ("Mci.Plugins.Escalation.EscalateDueRequestsPlugin", "mci_EscalateDueRequests") }));
                Assert.That(section, Does.Contain("| `mci_EscalateDueRequests` | `EscalateDueRequestsPlugin` | unbound (global) action | `prvWritemci_SupportTier` | asynchronous only |"));
                Assert.That(section.Split('\n').Count(l => l.StartsWith("| `", StringComparison.Ordinal)), Is.EqualTo(Repo.Metadata.CustomApis.Count), "one row per custom API");
            });
        }

        [Test]
        public void The_generator_refuses_a_main_operation_of_a_custom_API_the_solution_does_not_have_or_that_names_another_type()
        {
            var missing = Assert.Throws<InvalidSolutionException>(() => RegistrationGenerator.Generate(Repo.Root, Declared.Value, new[] { ("Mci.Plugins.Escalation.EscalateDueRequestsPlugin", "mci_Nope") }))!;
            Assert.That(missing.Message, Is.EqualTo("Mci.Plugins.Escalation.EscalateDueRequestsPlugin declares the main operation of the custom API mci_Nope, which Solution/src/customapis does not have."));
            var other = Assert.Throws<InvalidSolutionException>(() => RegistrationGenerator.Generate(Repo.Root, Declared.Value, new[] { ("Mci.Plugins.EscalationPlugin", "mci_EscalateDueRequests") }))!;
            Assert.That(other.Message, Does.Contain("mci_EscalateDueRequests names plug-in type 314454fe-b302-59c7-a662-011b0dfa655f, but Mci.Plugins.EscalationPlugin"));
            var twice = Assert.Throws<InvalidSolutionException>(() => RegistrationGenerator.Generate(Repo.Root, Declared.Value, MainOperations.Value.Concat(MainOperations.Value).ToList()))!;
            Assert.That(twice.Message, Does.Contain("the same custom API"));
        }

        [Test]
        public void Steps_registered_by_hand_do_not_ship_and_the_registration_document_gives_an_admin_every_value()
        {
            var byHand = Declared.Value.Where(s => s.RegisteredByHand).ToList();
            var document = File.ReadAllText(Path.Combine(Repo.Root, RegistrationGenerator.Document));
            var section = document[document.IndexOf("## Register by hand only if", StringComparison.Ordinal)..];
            Assert.Multiple(() =>
            {
                Assert.That(byHand.Select(s => (s.PluginType, s.Message, s.Table, s.Stage, s.Mode)), Is.EquivalentTo(new[]
                {
                    ("Mci.Plugins.WinGatePlugin", "Win", "opportunity", 20, 0), ("Mci.Plugins.ChangeNotePlugin", "Win", "opportunity", 40, 1),
                }), "the win's fallback");
                foreach (var step in byHand)
                {
                    Assert.That(Repo.Metadata.Steps.Any(s => s.Id == RegistrationGenerator.StepId(step) || s.Name == step.Name), Is.False, step.Name + " is not in Solution/src");
                    Assert.That(document.IndexOf(step.Name, StringComparison.Ordinal), Is.GreaterThan(document.IndexOf("## Register by hand only if", StringComparison.Ordinal)), step.Name + " is listed in the by-hand section only");
                    Assert.That(section, Does.Contain($"| Plug-in type | `{step.PluginType}` |").And.Contain("| Message | `Win` |").And.Contain("| Primary Entity | `opportunity` |")
                        .And.Contain("| Run in User's Context | Calling User |").And.Contain("| Images | none |").And.Contain("| Assembly | `MciDataverse.Plugins` |"));
                }
                Assert.That(section, Does.Contain("| Event Pipeline Stage of Execution | PreOperation |").And.Contain("| Execution Mode | Synchronous |")
                    .And.Contain("| Event Pipeline Stage of Execution | PostOperation |").And.Contain("| Execution Mode | Asynchronous |"));
            });
        }

        [Test]
        public void The_generator_reports_each_difference_and_writes_them_away()
        {
            using var temp = new TempSolution(copySource: false);
            var root = Path.Combine(temp.Dir, "repo");
            TempSolution.Copy(Repo.Src, Path.Combine(root, "Solution", "src"));
            Directory.CreateDirectory(Path.Combine(root, "docs"));
            File.Copy(Path.Combine(Repo.Root, RegistrationGenerator.Document), Path.Combine(root, RegistrationGenerator.Document));
            var steps = Path.Combine(root, RegistrationGenerator.StepsFolder);
            var first = Directory.GetFiles(steps).OrderBy(f => f, StringComparer.Ordinal).First(f => File.ReadAllText(f).Contains("<Rank>1</Rank>"));
            File.WriteAllText(first, File.ReadAllText(first).Replace("<Rank>1</Rank>", "<Rank>7</Rank>"));
            var stray = Path.Combine(steps, "{00000000-0000-4000-8000-000000000001}.xml");
            File.Copy(first, stray);
            File.Delete(Path.Combine(root, RegistrationGenerator.Document));

            var generated = RegistrationGenerator.Generate(root, Declared.Value, MainOperations.Value);
            var differences = RegistrationGenerator.Differences(root, generated);
            Assert.That(differences, Has.Some.Contains(Path.GetFileName(first) + " differs").And.Some.Contains("{00000000-0000-4000-8000-000000000001}.xml is declared by no plug-in")
                .And.Some.Contains("docs/registrations.md is missing"));
            RegistrationGenerator.Write(root, generated);
            Assert.That(RegistrationGenerator.Differences(root, RegistrationGenerator.Generate(root, Declared.Value, MainOperations.Value)), Is.Empty);
            Assert.That(File.Exists(stray), Is.False);
        }

        [Test]
        public void Step_and_image_ids_are_name_based_and_stable()
        {
            var step = Declared.Value.First();
            Assert.Multiple(() =>
            {
                Assert.That(RegistrationGenerator.StepId(step), Is.EqualTo(RegistrationGenerator.StepId(step with { Description = "changed" })), "the description is not part of the id");
                Assert.That(RegistrationGenerator.StepId(step), Is.Not.EqualTo(RegistrationGenerator.StepId(step with { Stage = step.Stage == 20 ? 40 : 20 })));
                Assert.That(RegistrationGenerator.NameGuid("x").ToString()[14], Is.EqualTo('5'), "RFC 4122 version 5");
                Assert.That(RegistrationGenerator.NameGuid("x").ToString()[19], Is.AnyOf('8', '9', 'a', 'b'), "RFC 4122 variant");
            });
        }
    }
}
