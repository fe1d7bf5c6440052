using System.Xml.Linq;
using Mci.Packaging;
using Mci.Packaging.Metadata;
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
                Assert.That(a.FullName, Is.EqualTo(built), a.File);
                Assert.That((a.IsolationMode, a.SourceType), Is.EqualTo((2, 0)), a.File);
            }
            var workflowTypes = Repo.Metadata.PluginAssemblies.Single(a => a.Name == "MciDataverse.Workflows").Types;
            Assert.That(workflowTypes, Has.All.Matches<PluginTypeMetadata>(t => !string.IsNullOrEmpty(t.WorkflowActivityGroupName)));
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

        private static readonly Guid GoodUpdate = new("6f1c2f1e-5c55-4c1b-8d1e-0c3f9b0e2a11"), GoodCreate = new("6f1c2f1e-5c55-4c1b-8d1e-0c3f9b0e2a12"), GoodWin = new("6f1c2f1e-5c55-4c1b-8d1e-0c3f9b0e2a13");

        internal static void AddGoodSteps(TempSolution temp)
        {
            AddFixtureType(temp);
            WriteStep(temp, GoodUpdate, "Update", Update, "mci_opportunitysplit", 20, 0, "mci_percent,mci_teamid,mci_splittype",
                new[] { new Image("PreImage", 0, "Target", "mci_percent,mci_opportunityid,mci_locked") });
            WriteStep(temp, GoodCreate, "Create", Create, "opportunity", 40, 1, "", new[] { new Image("PostImage", 1, "Id", "estimatedvalue,mci_salesmode,mci_branchid") });
            WriteStep(temp, GoodWin, "Win", "9c1ad1e2-0000-4000-8000-00000000a001", "opportunity", 20, 0, "", Array.Empty<Image>());
        }

        [Test]
        public void Good_fixture_steps_pass_and_pack()
        {
            using var temp = new TempSolution();
            AddGoodSteps(temp);
            var metadata = SolutionMetadata.Load(temp.Src);
            Assert.That(RegistrationChecker.Check(metadata, FixtureCatalog()).Select(i => i.ToString()), Is.Empty);
            var steps = metadata.Steps.ToDictionary(s => s.Id);
            Assert.That(steps[GoodUpdate].Message, Is.EqualTo("Update"));
            Assert.That(steps[GoodWin].Message, Is.EqualTo("Win"), "an id that is not well known: the message comes from the step name");
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
            yield return Case("Image on a message without images", "Win steps cannot have images",
                t => WriteStep(t, Guid.NewGuid(), "Win", "9c1ad1e2-0000-4000-8000-00000000a001", "opportunity", 20, 0, "", new[] { new Image("Pre", 0, "Target", "name") }));
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
            yield return Case("Step id and message name disagree", "the step name says Create but SdkMessageId is Update",
                t => WriteStep(t, Guid.NewGuid(), "Create", Update, "opportunity", 20, 0, "", none));
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
            var issues = RegistrationChecker.Check(SolutionMetadata.Load(temp.Src), FixtureCatalog()).Select(i => i.ToString()).ToList();
            Assert.That(issues, Has.Some.Contains(expected), string.Join("\n", issues));
        }

        [Test]
        public void A_step_that_leaves_out_stage_mode_rank_and_image_type_is_reported_as_missing()
        {
            using var temp = new TempSolution();
            AddGoodSteps(temp);
            temp.Edit($"SdkMessageProcessingSteps/{{{GoodUpdate}}}.xml", d => d.Descendants().Where(e => e.Name.LocalName is "Stage" or "Mode" or "Rank" or "ImageType").Remove());
            var metadata = SolutionMetadata.Load(temp.Src);
            var step = metadata.Steps.Single(s => s.Id == GoodUpdate);
            Assert.That((step.Stage, step.Mode, step.Rank, step.Images.Single().ImageType), Is.EqualTo(((int?)null, (int?)null, (int?)null, (int?)null)));
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
            Assert.That(RegistrationChecker.Check(SolutionMetadata.Load(temp.Src), catalog).Select(i => i.Message), Has.Some.Contains($"type {FixtureType} does not exist"));
        }

        [Test]
        public void A_registered_type_that_is_not_a_plugin_is_reported()
        {
            using var temp = new TempSolution();
            AddFixtureType(temp);
            Assert.That(RegistrationChecker.Check(SolutionMetadata.Load(temp.Src), FixtureCatalog(pluginImplementsIPlugin: false)).Select(i => i.Message),
                Has.Some.Contains("does not implement Microsoft.Xrm.Sdk.IPlugin"));
        }

        [Test]
        public void A_public_plugin_without_a_registration_is_reported_but_abstract_and_internal_ones_are_not()
        {
            using var temp = new TempSolution();
            AddFixtureType(temp);
            var catalog = FixtureCatalog(true, new CatalogType("Mci.Plugins.Forgotten", true, false, true, false),
                new CatalogType("Mci.Plugins.PluginBase", true, true, true, false), new CatalogType("Mci.Plugins.Hidden", false, false, true, false));
            var issues = RegistrationChecker.Check(SolutionMetadata.Load(temp.Src), catalog).Select(i => i.Message).ToList();
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
            Assert.That(RegistrationChecker.Check(SolutionMetadata.Load(temp.Src), FixtureCatalog()).Select(i => i.Message), Has.Some.Contains("give its PluginType a <WorkflowActivityGroupName>"));
        }

        [Test]
        public void A_non_sandboxed_assembly_is_reported()
        {
            using var temp = new TempSolution();
            var data = PluginsDataXml(temp);
            File.WriteAllText(data, File.ReadAllText(data).Replace("<IsolationMode>2</IsolationMode>", "<IsolationMode>1</IsolationMode>"));
            Assert.That(RegistrationChecker.Check(SolutionMetadata.Load(temp.Src), FixtureCatalog()).Select(i => i.Message), Has.Some.Contains("sandboxed"));
        }

        // Message ids that could not be confirmed here (README, solution section, "Before the first import"). Once an
        // environment's sdkmessages query gives the real id, put it in the step files and in SdkMessages' well-known table,
        // and remove the placeholder from here and from the README.
        private static readonly Dictionary<string, Guid> PlaceholderMessageIds = new()
        {
            ["Win"] = new("e9cca73f-3cdb-5f4b-b259-5f89f8258d35"),
            ["CreateMultiple"] = new("dc76cfd6-b038-583c-a4c9-661ac880358f"),
            ["UpdateMultiple"] = new("cd0d6959-9709-5cf3-aa66-86b0e0d9d86b"),
        };

        [Test]
        public void Every_step_names_its_message_by_a_platform_id_or_a_placeholder_the_readme_tells_admins_to_replace()
        {
            var steps = Repo.Metadata.Steps.Select(s => (Message: SdkMessages.Resolve(s.MessageId, s.Name), s.MessageId, File: Path.GetFileName(s.File))).ToList();
            var unknown = steps.Where(s => s.MessageId is not { } id || SdkMessages.NameOf(id) == null).ToList();
            var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
            var section = readme[readme.IndexOf("<!-- section: solution -->", StringComparison.Ordinal)..readme.IndexOf("<!-- section: rules -->", StringComparison.Ordinal)];
            Assert.Multiple(() =>
            {
                foreach (var (message, id, file) in unknown)
                {
                    Assert.That(message != null && PlaceholderMessageIds.TryGetValue(message, out var placeholder) && placeholder == id, Is.True,
                        $"{file}: {message} is named by {id}, neither a platform id of SdkMessages nor a documented placeholder. A real id belongs in SdkMessages' well-known table; a placeholder here and in the README.");
                    Assert.That(section, Does.Contain(file).And.Contain(id.ToString()!), $"README \"Before the first import\" lists {file} and its placeholder");
                }
                Assert.That(PlaceholderMessageIds.Keys, Is.SubsetOf(unknown.Select(s => s.Message)), "a placeholder no step uses any more: remove it here and from the README");
                foreach (var message in PlaceholderMessageIds.Keys)
                    Assert.That(section, Does.Contain($"sdkmessages?$select=sdkmessageid,name&$filter=name eq '{message}'"), "the query an admin runs");
            });
        }

        [Test]
        public void Messages_resolve_from_well_known_ids_or_the_step_name()
        {
            Assert.That(SdkMessages.Resolve(new Guid(Update), "anything"), Is.EqualTo("Update"));
            Assert.That(SdkMessages.Resolve(Guid.NewGuid(), "Mci.Plugins.X: Win of opportunity"), Is.EqualTo("Win"));
            Assert.That(SdkMessages.Resolve(null, "no pattern here"), Is.Null);
            Assert.That(SdkMessages.IdOf("create"), Is.EqualTo(new Guid(Create)));
        }
    }
}
