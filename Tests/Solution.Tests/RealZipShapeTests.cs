using System.Text.Json.Nodes;
using Mci.Solution.Tests.RealZip;

namespace Mci.Solution.Tests
{
    /// <summary>
    /// The zips the build writes against a real Dataverse export, component type by component type: zip entry layout,
    /// encodings, [Content_Types].xml, solution.xml's manifest and root component types, customizations.xml's sections and
    /// their order, and the shape of environment variable definitions. The real zips cannot be fetched in CI, so their shape
    /// (names and order only, <see cref="ZipShape"/>) is a committed fixture: RealZip/saleswin-shape.json. Every difference
    /// we keep is listed below with the reason; a new difference, or one that went away, fails the test.
    /// </summary>
    public class RealZipShapeTests
    {
        /// <summary>Set to the path of SalesWin_1_0_0_8_managed.zip (the unmanaged SalesWin_1_0_0_8.zip beside it) to regenerate the fixture.</summary>
        public const string RealZipVariable = "MCI_REAL_ZIP";

        private static string FixturePath => Path.Combine(Repo.Root, "Tests", "Solution.Tests", "RealZip", "saleswin-shape.json");

        /// <summary>Where the real zips come from: a public repository, at a fixed commit.</summary>
        private static readonly JsonObject Provenance = new()
        {
            ["repository"] = "https://github.com/thomassandsor/OpportunityWinDialog",
            ["commit"] = "58d5837",
            ["managed"] = "SalesWin_1_0_0_8_managed.zip",
            ["unmanaged"] = "SalesWin_1_0_0_8.zip",
            ["exportedBy"] = "Dataverse 9.2.22073.182 (generatedBy CrmLive)",
            ["extractor"] = "Tests/Solution.Tests/RealZip/ZipShape.cs (ZipShape.Extract); regenerate: " + RealZipVariable + "=<path to SalesWin_1_0_0_8_managed.zip> dotnet test Tests/Solution.Tests --filter RealZipShapeTests",
            ["content"] = "names and order only: entry paths, element and attribute names, root component types, encodings; for cloud flows and connection references also their process codes, trigger and action kinds, connector ids, operations and authentication forms; no labels, ids, other values or code",
        };

        /// <summary>Every difference between our zips and the real export that we keep, and why.</summary>
        private static readonly Dictionary<string, string> Kept = new()
        {
            // ---- entries: which component folders a zip has follows from the components it carries.
                ["entries: folder customapis/ only in ours"] = "MCI ships a custom API (mci_EscalateDueRequests), carried as customapis/<unique name>/customapi.xml with its parameters' and properties' folders, as Microsoft's \"Create a custom API with solution files\" lays it out; SalesWin has none.",
            ["entries: folder CanvasApps/ only in the real zip"] = "SalesWin ships custom pages (canvas apps); MCI does not.",
            ["entries: folder appactions/ only in the real zip"] = "SalesWin ships a modern command (appaction); MCI does not.",
            ["entries: folder PluginAssemblies/ only in ours"] = "SalesWin has no plug-in assembly; PluginAssemblies/<Name>-<GUID>/<Name>.dll is the path the assembly's <FileName> names, as SolutionPackager and exports write it.",
            // ---- [Content_Types].xml: one Default per extension present, so the list follows the entries.
                ["[Content_Types].xml: Default extension xaml only in the real zip"] = "For SalesWin's classic action; MCI has none.",
            ["[Content_Types].xml: Default extension msapp only in the real zip"] = "For SalesWin's canvas apps; MCI has none.",
            ["[Content_Types].xml: Default extension dll only in ours"] = "For MCI's plug-in assemblies.",
            // ---- solution.xml: root component types follow the components; MissingDependencies follow what each solution needs.
                ["solution.xml: root component type 300 only in the real zip"] = "Canvas apps: MCI has none.",
            ["solution.xml: root component type 1 behaviors [0, 2], the real zip's [2]"] = "Behavior 0 (the whole table) for the seven tables MCI creates, 2 (only what the solution adds) for opportunity, which it extends; SalesWin only extends standard tables.",
            ["solution.xml: root component type 9 only in ours"] = "Global choices (SalesWin defines none).",
            ["solution.xml: root component type 20 only in ours"] = "Security roles (SalesWin ships none).",
            ["solution.xml: root component type 60 only in ours"] = "MCI's main form on opportunity, a table included with behavior 2 (only what the solution adds): the form is listed so it belongs to the solution; SalesWin's business unit form rides with its table instead.",
            ["solution.xml: root component type 70 only in ours"] = "Field security profiles (SalesWin ships none).",
            ["solution.xml: root component type 91 only in ours"] = "Plug-in assemblies (SalesWin ships none).",
            ["solution.xml: root component type 92 only in ours"] = "Plug-in steps (SalesWin ships none).",
            ["solution.xml: root component type 380 only in ours"] = "Environment variable definitions are listed as root components (type 380, by schema name). SalesWin's one variable is carried as its flow's dependency instead; ALM reports say an unlisted definition can be ignored by the import, and listing it makes it part of the solution on its own.",
            ["solution.xml: MissingDependency side Dependent type 29 only in the real zip"] = "SalesWin's action depends on Sales columns; MCI has no process.",
            ["solution.xml: MissingDependency side Dependent type 60 only in ours"] = "MCI's opportunity form shows Sales columns (customerid, estimatedclosedate, ...), each declared as required by the form.",
            // ---- customizations.xml: sections follow the components; their relative order is the export's.
            ["customizations.xml: section CanvasApps only in the real zip"] = "Written when a solution has canvas apps; MCI has none.",
                ["customizations.xml: section SolutionPluginAssemblies only in ours"] = "Plug-in assemblies, in the schema's position (after CustomControls); SalesWin has none.",
            ["customizations.xml: section SdkMessageProcessingSteps only in ours"] = "Plug-in steps, in the schema's position; SalesWin has none.",
            ["customizations.xml: Entity child SavedQueries only in ours"] = "MCI's new tables carry their views; SalesWin adds no view.",
            // ---- user interface: forms, web resources, the app and its site map (element and attribute names and their order).
            ["user interface: formTypes quickCreate only in ours"] = "Each MCI table has a quick-create form (forms type=\"quickCreate\", the designer's name); SalesWin ships only a main form.",
            ["user interface: form footer only in the real zip"] = "SalesWin's form carries the empty footer the form designer writes; MCI's forms have none (optional in FormXml.xsd).",
            ["user interface: form formLibraries only in ours"] = "The MCI opportunity form loads its script (mci_/scripts/opportunity.js); SalesWin's form loads none (its script runs from a command).",
            ["user interface: form events only in ours"] = "The form's onload handler Mci.Opportunity.onLoad, as WebResources/README.md gives it (DEFRA/trade-imports-pims writes the same shape).",
            ["user interface: displayConditionKinds Everyone only in ours"] = "The forms of the tables MCI creates are for everyone who may read the table (<Everyone />, as the CoE kit writes it); only the opportunity form is shown by role, as SalesWin's is.",
            ["user interface: webResource Description only in ours"] = "MCI describes its script for the admin (<Description>, the schema's position after DisplayName); SalesWin's web resources have no description.",
            ["user interface: app appelements only in the real zip"] = "appelements list an app's custom pages (canvas apps); the MCI app has none.",
            ["user interface: app Descriptions only in ours"] = "The MCI app is described in both languages; exports write <Descriptions> after LocalizedNames (microsoft/coe-starter-kit AppModules), SalesWin's app has none.",
            ["user interface: appComponentTypes 26 only in ours"] = "The MCI app lists the public views of its tables (type 26, by id, as the CoE kit's apps do); SalesWin's app lists none.",
            // ---- cloud flows: the same <Workflow> (children, order, codes), JsonFileName form, entry, encoding and JSON skeleton; what
            // the flows do differs. SalesWin's flow is started from a custom page and posts to Teams; MCI's runs daily and calls its
            // custom API through the Dataverse connector. The parts both have (OpenApiConnection host connectionName/operationId/apiId,
            // inputs host/parameters/authentication, connectionReferences runtimeSource/connection/api) are the same.
            ["flows: <StateCode> [0], the real zip's [1]"] = "MCI ships its flow off (Draft: StateCode 0, StatusCode 1): the admin binds mci_DataverseConnection to a connection first, then turns it on (docs/admin-guide.md). SalesWin was exported with its flow on (Activated: 1, 2).",
            ["flows: <StatusCode> [1], the real zip's [2]"] = "Draft's status (1) goes with StateCode 0; Activated's (2) with 1.",
            ["flows: triggers only in the real zip: [Request/PowerApp]"] = "SalesWin's flow is run by its custom page (the Power Apps trigger); MCI's is not run by an app.",
            ["flows: triggers only in ours: [Recurrence]"] = "MCI's flow runs daily (Recurrence, as microsoft/powercat-automation-kit's scheduled flows write it: recurrence frequency/interval/startTime, metadata, type).",
            ["flows: actionTypes only in the real zip: [Http, If, InitializeVariable, ParseJson, Response]"] = "SalesWin's flow answers its page, calls a web API and branches; MCI's flow is one OpenApiConnection action, the type both have.",
            ["flows: operationIds only in the real zip: [AtMentionUser, GetItem, PerformBoundAction, PostCardToConversation]"] = "SalesWin's flow reads a row, runs a bound action and posts to Teams. The Dataverse call both make has the same host (connectionName, operationId, apiId) and inputs (host, parameters, authentication).",
            ["flows: operationIds only in ours: [PerformUnboundAction]"] = "MCI's custom API is unbound (binding 0), so the flow calls the Dataverse connector's Perform an unbound action with actionName and item/<parameter>, as microsoft/powercat-automation-kit's DesktopFlowDefinitionSync calls its custom API.",
            ["flows: apiIds only in the real zip: [/providers/Microsoft.PowerApps/apis/shared_teams]"] = "SalesWin posts to Teams; MCI uses only the Dataverse connector (shared_commondataserviceforapps, which both use).",
            ["flows: runtimeSources only in the real zip: [invoker]"] = "SalesWin's Teams connection runs as the user who starts the flow from the page (invoker); a scheduled flow has no invoker, so MCI's one connection is embedded, as SalesWin's Dataverse connection is.",
            ["flows: authentication only in the real zip: [{type: Raw, value: @json(decodeBase64(triggerOutputs().headers['X-MS-APIM-Tokens']))['$ConnectionKey']}]"] = "The Raw form takes the connection from the Power Apps trigger's request; flows with other triggers pass @parameters('$authentication') (microsoft/powercat-automation-kit: its Recurrence and Dataverse-triggered flows do, its Button and Power Apps (V1) ones write Raw).",
            ["flows: authentication only in ours: [@parameters('$authentication')]"] = "The form for a flow not started from an app (see the Raw form above); the definition declares $authentication as both flows do.",
            ["flows: definition staticResults only in the real zip"] = "SalesWin's flow keeps test outputs from the designer (staticResults, disabled); MCI's has none. Optional in the workflow definition schema.",
            ["flows: connectorCall runtimeConfiguration only in the real zip"] = "SalesWin's actions name those static results (runtimeConfiguration.staticResult, disabled); MCI's actions have none to name.",
            ["flows: parameters {variable} ({schemaname}) only in the real zip"] = "SalesWin's flow reads its environment variable as a definition parameter; MCI's flow reads none (the custom API's plug-in reads the variables itself, by query).",
            ["connection references: connectorIds only in the real zip: [/providers/Microsoft.PowerApps/apis/shared_teams]"] = "SalesWin's Teams connection; MCI's one reference is for the Dataverse connector, with the same attribute, children, order and codes as SalesWin's Dataverse reference.",
            // ---- environment variable definitions: same place, same encoding, same element order.
            ["environment variables: child defaultvalue only in ours"] = "MCI's number variables have defaults (10 %, 5 days), in the alphabetical position Microsoft's CoE kit exports use; SalesWin's only variable has its default in the flow.",
            ["environment variables: child description only in ours"] = "MCI describes each variable in both languages for the admin; SalesWin's has no description. Same position as in the CoE kit exports.",
        };

        private static JsonObject Fixture() => (JsonObject)JsonNode.Parse(File.ReadAllText(FixturePath))!;

        private static string BuiltZip(bool managed) => Repo.BuiltZips.Single(z => z.EndsWith("_managed.zip", StringComparison.Ordinal) == managed);

        [Test]
        public void The_fixture_is_the_real_zips_shape_with_its_provenance()
        {
            var real = Environment.GetEnvironmentVariable(RealZipVariable);
            if (!string.IsNullOrEmpty(real))
            {
                // Regenerate from the real zips, then hold the committed file to what was extracted.
                var unmanaged = Path.Combine(Path.GetDirectoryName(real)!, Path.GetFileName(real).Replace("_managed.zip", ".zip", StringComparison.Ordinal));
                var shape = new JsonObject
                {
                    ["provenance"] = Provenance.DeepClone(),
                    ["managed"] = ZipShape.Extract(real),
                    ["unmanaged"] = ZipShape.Extract(unmanaged),
                };
                // The real exports pass `mci check` (what mci's model does not cover is only noted).
                Assert.That(Mci.Packaging.Import.ImportCheck.Check(real).Issues, Is.Empty, real);
                Assert.That(Mci.Packaging.Import.ImportCheck.Check(unmanaged).Issues, Is.Empty, unmanaged);
                var json = ZipShape.ToJson(shape);
                if (!File.Exists(FixturePath) || File.ReadAllText(FixturePath) != json)
                {
                    File.WriteAllText(FixturePath, json);
                    TestContext.Out.WriteLine($"Wrote {FixturePath} from {real} and {unmanaged}.");
                }
            }
            var fixture = Fixture();
            Assert.Multiple(() =>
            {
                Assert.That(JsonNode.DeepEquals(fixture["provenance"], Provenance), "the fixture says where it comes from");
                Assert.That(fixture["managed"]!["solution"]!["managed"]!.GetValue<string>(), Is.EqualTo("1"));
                Assert.That(fixture["unmanaged"]!["solution"]!["managed"]!.GetValue<string>(), Is.EqualTo("0"));
                Assert.That(fixture["managed"]!["environmentVariableDefinitions"]!["entries"]!.AsArray().Select(e => e!.GetValue<string>()),
                    Is.EqualTo(new[] { "environmentvariabledefinitions/{schemaname}/environmentvariabledefinition.xml" }), "the real export's definitions are files of their own");
                Assert.That(fixture["managed"]!["customizations"]!["sections"]!.AsArray().Select(e => e!.GetValue<string>()), Does.Not.Contain("environmentvariabledefinitions"),
                    "and customizations.xml has none");
            });
        }

        [TestCase(true)]
        [TestCase(false)]
        public void Our_zip_differs_from_the_real_export_only_where_we_keep_a_difference_for_a_reason(bool managed)
        {
            var real = (JsonObject)Fixture()[managed ? "managed" : "unmanaged"]!;
            var ours = ZipShape.Extract(BuiltZip(managed));
            var differences = ZipShape.Differences(real, ours);
            Assert.Multiple(() =>
            {
                Assert.That(differences.Where(d => !Kept.ContainsKey(d)), Is.Empty, "a difference from the real export nobody has explained: fix the packer, or add it to Kept with the reason");
                Assert.That(Kept.Keys.Where(k => !differences.Contains(k)), Is.Empty, "a kept difference that no longer exists: remove it from Kept");
            });
        }

        [Test]
        public void The_comparison_sees_a_difference_when_there_is_one()
        {
            var real = (JsonObject)Fixture()["managed"]!;
            var ours = ZipShape.Extract(BuiltZip(true));
            ours["customizations"]!["sections"]!.AsArray().Insert(0, JsonValue.Create("environmentvariabledefinitions"));
            var sections = ours["customizations"]!["sections"]!.AsArray();
            var roles = sections.Select(s => s!.GetValue<string>()).ToList().IndexOf("Roles");
            sections.RemoveAt(roles);
            sections.Add(JsonValue.Create("Roles"));
            ours["environmentVariableDefinitions"]!["entries"] = new JsonArray();
            var differences = ZipShape.Differences(real, ours);
            Assert.That(differences, Has.Some.StartsWith("customizations.xml: section environmentvariabledefinitions only in ours"));
            Assert.That(differences, Has.Some.StartsWith("customizations.xml: section order"));
            Assert.That(differences, Has.Some.StartsWith("environment variables: entries []"));
        }

        [Test]
        public void The_comparison_sees_a_flow_or_connection_reference_written_another_way()
        {
            var real = (JsonObject)Fixture()["managed"]!;
            var ours = ZipShape.Extract(BuiltZip(true));
            var flows = ours["flows"]!.AsObject();
            static JsonArray Strings(JsonNode? node, Func<List<string>, IEnumerable<string>> change) =>
                new(change(node!.AsArray().Select(n => n!.GetValue<string>()).ToList()).Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());
            // A copy of ours broken on purpose: StateCode after LocalizedNames, the JSON with LF, the host's keys reversed, a
            // connection no connectionReferences entry declares, a classic workflow's Category, a reference without its connector.
            flows["workflow"] = Strings(flows["workflow"], l => l.Where(x => x != "StateCode").Append("StateCode"));
            flows["encoding"]!["lines"] = "LF";
            flows["host"] = Strings(flows["host"], l => Enumerable.Reverse(l));
            flows["hostConnections"] = Strings(flows["hostConnections"], _ => new[] { "(undeclared)" });
            flows["codes"]!["Category"] = Strings(flows["codes"]!["Category"], _ => new[] { "0" });
            var reference = flows["connectionReferenceElement"]!.AsObject();
            reference["children"] = Strings(reference["children"], l => l.Where(x => x != "connectorid"));
            var differences = ZipShape.Differences(real, ours);
            Assert.That(differences, Has.Some.StartsWith("flows: workflow order"));
            Assert.That(differences, Has.Some.EqualTo("encoding: flow JSON lines is LF, the real zip's CRLF"));
            Assert.That(differences, Has.Some.StartsWith("flows: host order"));
            Assert.That(differences, Has.Some.StartsWith("flows: hostConnections only in ours: [(undeclared)]"));
            Assert.That(differences, Has.Some.EqualTo("flows: <Category> [0], the real zip's [5]"));
            Assert.That(differences, Has.Some.EqualTo("connection references: children connectorid only in the real zip"));
            Assert.That(differences.Where(d => !Kept.ContainsKey(d)).ToList(), Has.Count.EqualTo(7), string.Join("\n", differences.Where(d => !Kept.ContainsKey(d))));
        }

        [Test]
        public void Environment_variables_travel_as_files_written_as_the_export_writes_them()
        {
            var shape = ZipShape.Extract(BuiltZip(true));
            var real = (JsonObject)Fixture()["managed"]!;
            const string entry = "environmentvariabledefinitions/{schemaname}/environmentvariabledefinition.xml";
            Assert.Multiple(() =>
            {
                Assert.That(JsonNode.DeepEquals(shape["encodings"]![entry], real["encodings"]![entry]), Is.True,
                    $"no XML declaration, no byte order mark, CRLF: {shape["encodings"]![entry]!.ToJsonString()}");
                Assert.That(shape["entries"]!.AsArray().Select(e => e!.GetValue<string>()).Where(e => e.StartsWith("environmentvariabledefinitions/", StringComparison.Ordinal)),
                    Is.EquivalentTo(Repo.Metadata.EnvironmentVariables.Select(v => $"environmentvariabledefinitions/{v.SchemaName}/environmentvariabledefinition.xml")));
                Assert.That(shape["customizations"]!["sections"]!.AsArray().Select(e => e!.GetValue<string>()), Does.Not.Contain("environmentvariabledefinitions"));
            });
        }

        [Test]
        public void Content_types_name_each_extension_once_xml_first_and_each_extensionless_part()
        {
            using var archive = System.IO.Compression.ZipFile.OpenRead(BuiltZip(true));
            var names = archive.Entries.Select(e => e.FullName).ToList();
            var shape = ZipShape.Extract(BuiltZip(true));
            var expected = new[] { "xml" }.Concat(names.Select(n => Path.GetExtension(n).TrimStart('.').ToLowerInvariant()).Where(x => x.Length > 0)).Distinct();
            Assert.That(shape["contentTypes"]!["defaults"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(expected));
            Assert.That(shape["contentTypes"]!["overrides"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(names.Where(n => Path.GetExtension(n).Length == 0).Select(n => "/" + n)));
            Assert.That(shape["encodings"]!["[Content_Types].xml"]!["lines"]!.GetValue<string>(), Is.EqualTo("one"), "one line, as exports write it");
        }
    }
}
