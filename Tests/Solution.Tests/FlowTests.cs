using System.IO.Compression;
using System.Text.Json.Nodes;
using Mci.SolutionModel;

namespace Mci.Solution.Tests
{
    /// <summary>The cloud flow "MCI — escalate due resource requests", its connection reference and the custom API it calls, in the folder and in both zips.</summary>
    public class FlowTests
    {
        private static WorkflowDefinition Flow => Repo.Metadata.Workflows.Single(w => w.Name == "MCI — escalate due resource requests");

        private static JsonNode Definition() => JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Src, Flow.JsonFileName.TrimStart('/'))))!;

        [Test]
        public void The_flow_is_a_cloud_flow_shipped_turned_off()
        {
            Assert.Multiple(() =>
            {
                Assert.That(Flow.Category, Is.EqualTo(WorkflowCategory.ModernFlow), "Category 5");
                Assert.That((Flow.StateCode, Flow.StatusCode, Flow.IsOn), Is.EqualTo((0, 1, false)), "Draft: the admin turns it on after setting the connection");
                Assert.That(Flow.JsonFileName, Does.Match(@"^/Workflows/MCIescalatedueresourcerequests-[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\.json$"));
                Assert.That(Flow.JsonFileName, Does.Contain(Flow.Id.ToString().ToUpperInvariant()), "named with its own id");
            });
        }

        [Test]
        public void The_trigger_is_a_daily_recurrence()
        {
            var triggers = Definition()["properties"]!["definition"]!["triggers"]!.AsObject();
            var trigger = triggers.Single().Value!;
            Assert.Multiple(() =>
            {
                Assert.That(triggers, Has.Count.EqualTo(1));
                Assert.That(trigger["type"]!.GetValue<string>(), Is.EqualTo("Recurrence"));
                Assert.That(trigger["recurrence"]!["frequency"]!.GetValue<string>(), Is.EqualTo("Day"));
                Assert.That(trigger["recurrence"]!["interval"]!.GetValue<int>(), Is.EqualTo(1));
            });
        }

        [Test]
        public void The_action_calls_the_custom_API_through_the_connection_reference()
        {
            var properties = Definition()["properties"]!;
            var actions = properties["definition"]!["actions"]!.AsObject();
            var action = actions.Single().Value!;
            var host = action["inputs"]!["host"]!;
            var connection = host["connectionName"]!.GetValue<string>();
            Assert.Multiple(() =>
            {
                Assert.That(action["type"]!.GetValue<string>(), Is.EqualTo("OpenApiConnection"));
                Assert.That(host["operationId"]!.GetValue<string>(), Is.EqualTo("PerformUnboundAction"));
                Assert.That(host["apiId"]!.GetValue<string>(), Is.EqualTo("/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps"));
                Assert.That(action["inputs"]!["parameters"]!["actionName"]!.GetValue<string>(), Is.EqualTo("mci_EscalateDueRequests"));
                Assert.That(Repo.Metadata.CustomApi("mci_EscalateDueRequests"), Is.Not.Null, "the API it calls ships in the solution");
                Assert.That(properties["connectionReferences"]![connection]!["connection"]!["connectionReferenceLogicalName"]!.GetValue<string>(), Is.EqualTo("mci_DataverseConnection"));
                Assert.That(Flow.ConnectionReferences, Is.EqualTo(new[] { "mci_DataverseConnection" }));
                Assert.That(Repo.Metadata.ConnectionReferences.Select(c => (c.LogicalName, c.ConnectorId)),
                    Is.EqualTo(new[] { ("mci_DataverseConnection", "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps") }), "the reference ships, for the Dataverse connector");
            });
        }

        /// <summary>
        /// AsOf is a DateTime parameter: the Web API types it Edm.DateTimeOffset and the connector's schema "date-time", both
        /// an RFC 3339 date and time with its offset; a bare "2026-12-16" is neither. The expression is worked out here the way
        /// the flow's runtime does for the two forms such a value takes (formatDateTime with a .NET format, startOfDay's
        /// round-trip form), at 01:00 UTC as the trigger runs: the value must be that day's midnight, UTC, with its offset.
        /// </summary>
        [Test]
        public void The_action_passes_AsOf_as_todays_UTC_midnight_with_its_offset()
        {
            var asOf = Definition()["properties"]!["definition"]!["actions"]!.AsObject().Single().Value!["inputs"]!["parameters"]!["item/AsOf"]!.GetValue<string>();
            var now = new DateTime(2026, 12, 16, 1, 0, 0, DateTimeKind.Utc);
            var format = System.Text.RegularExpressions.Regex.Match(asOf, @"^@\{formatDateTime\(utcNow\(\), '([^']*)'\)\}$");
            var value = format.Success ? now.ToString(format.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
                : asOf == "@{startOfDay(utcNow())}" ? now.Date.ToString("o", System.Globalization.CultureInfo.InvariantCulture)
                : throw new AssertionException($"item/AsOf is '{asOf}', not a form this test works out");
            var rfc3339 = System.Text.RegularExpressions.Regex.IsMatch(value, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$");
            Assert.That(rfc3339, Is.True, $"'{value}' is not an RFC 3339 date-time with an offset");
            Assert.That(DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(new DateTimeOffset(2026, 12, 16, 0, 0, 0, TimeSpan.Zero)));
        }

        [Test]
        public void The_custom_API_is_an_unbound_action_run_by_its_plug_in_for_administrators_only()
        {
            var api = Repo.Metadata.CustomApi("mci_EscalateDueRequests")!;
            var type = Repo.Metadata.PluginTypes.Single(t => t.Id == api.PluginTypeId);
            Assert.Multiple(() =>
            {
                Assert.That((api.BindingType, api.IsFunction, api.AllowedCustomProcessingStepType), Is.EqualTo((CustomApiBindingType.Global, false, CustomApiStepType.AsyncOnly)));
                Assert.That(type.TypeName, Is.EqualTo("Mci.Plugins.Escalation.EscalateDueRequestsPlugin"));
                Assert.That(api.RequestParameters.Select(p => (p.UniqueName, p.Type, p.IsOptional)), Is.EqualTo(new[] { ("AsOf", CustomApiFieldType.DateTime, true) }));
                Assert.That(api.ResponseProperties.Select(p => (p.UniqueName, p.Type)), Is.EquivalentTo(new[]
                    { ("Evaluated", CustomApiFieldType.Integer), ("EscalatedToLead", CustomApiFieldType.Integer), ("EscalatedToExecutive", CustomApiFieldType.Integer) }));
                var holders = Repo.Metadata.Roles.Where(r => r.Level(api.ExecutePrivilegeName!) != PrivilegeLevel.None).Select(r => r.Name);
                Assert.That(holders, Is.EqualTo(new[] { "MCI Administrator" }), $"of MCI's roles only the administrator holds {api.ExecutePrivilegeName}");
            });
        }

        [TestCase("plugintypeexportkey", "314454fe-b302-59c7-a662-011b0dfa655f", true)]
        [TestCase("plugintypeid", "314454fe-b302-59c7-a662-011b0dfa655f", true)]
        [TestCase("plugintypeexportkey", "0242A199F7C25F7233801FBB03EB9A97B8A1BD34BB161658AFB239C2D05D221A", false)]
        public void The_main_operation_is_read_from_the_export_key_or_the_id(string element, string value, bool isTypeId)
        {
            // Exports write <plugintypeexportkey> (for a plug-in assembly's type: its PluginTypeId; for a plug-in package's type: a
            // hash, as microsoft/powercat-automation-kit's cat_auditfetchapi has); Microsoft's docs also allow <plugintypeid>.
            using var temp = new TempSolution();
            temp.Edit("customapis/mci_EscalateDueRequests/customapi.xml", d =>
                d.Root!.Element("plugintypeid")!.ReplaceNodes(new System.Xml.Linq.XElement(element, value)));
            var api = SolutionDefinition.ReadFolder(temp.Src).CustomApi("mci_EscalateDueRequests")!;
            Assert.That(api.PluginTypeId, Is.EqualTo(isTypeId ? Guid.Parse(value) : (Guid?)null));
            Assert.That(api.PluginTypeExportKey, Is.EqualTo(element == "plugintypeexportkey" ? value : null));
        }

        [TestCase(true)]
        [TestCase(false)]
        public void Both_zips_carry_the_custom_API_the_flow_and_the_connection_reference(bool managed)
        {
            var zip = Repo.BuiltZips.Single(z => z.EndsWith("_managed.zip", StringComparison.Ordinal) == managed);
            var packed = SolutionDefinition.ReadZip(zip);
            using var archive = ZipFile.OpenRead(zip);
            Assert.Multiple(() =>
            {
                Assert.That(packed.CustomApis.Select(a => (a.UniqueName, a.PluginTypeId, a.RequestParameters.Count, a.ResponseProperties.Count)),
                    Is.EqualTo(new[] { ("mci_EscalateDueRequests", Repo.Metadata.CustomApis[0].PluginTypeId, 1, 3) }));
                Assert.That(packed.Workflows.Select(w => (w.Id, w.Category, w.StateCode, w.JsonFileName)), Is.EqualTo(new[] { (Flow.Id, WorkflowCategory.ModernFlow, 0, Flow.JsonFileName) }));
                Assert.That(packed.Workflows[0].ConnectionReferences, Is.EqualTo(new[] { "mci_DataverseConnection" }), "its JSON is in the zip");
                Assert.That(packed.ConnectionReferences.Select(c => c.LogicalName), Is.EqualTo(new[] { "mci_DataverseConnection" }));
                Assert.That(packed.Manifest.RootComponents.Where(r => r.Type == ComponentTypes.Workflow).Select(r => Guid.Parse(r.Id)), Is.EqualTo(new[] { Flow.Id }));
                Assert.That(archive.Entries.Select(e => e.FullName).Where(n => n.StartsWith("customapis/", StringComparison.Ordinal)), Is.EquivalentTo(Repo.Metadata.CustomApis[0].Files));
            });
        }
    }
}
