using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Mci.Solution.Tests.RealZip
{
    // Cloud flows (the <Workflow> elements with a JsonFileName, and their JSON) and the connection references they connect through.
    internal static partial class ZipShape
    {
        /// <summary>The process codes a cloud flow's &lt;Workflow&gt; carries whose values are compared (not ids, names, labels or versions).</summary>
        private static readonly string[] FlowCodes =
        {
            "Type", "Subprocess", "Category", "Mode", "Scope", "OnDemand", "TriggerOnCreate", "TriggerOnDelete", "AsyncAutodelete",
            "SyncWorkflowLogOnFailure", "StateCode", "StatusCode", "RunAs", "IsTransacted", "IsCustomizable", "BusinessProcessType",
            "IsCustomProcessingStepAllowedForOtherPublishers", "PrimaryEntity",
        };

        private static readonly string[] ConnectionReferenceCodes = { "iscustomizable", "statecode", "statuscode" };

        /// <summary>
        /// The cloud flows of customizations.xml and their JSON: element and key names and their order, where the JSON is and how
        /// it is written, the process codes, the trigger and action kinds, the connector fields of OpenApiConnection actions
        /// (apiId and operationId are public connector names) and the authentication they pass. No names, ids, labels or expressions
        /// of the flow itself.
        /// </summary>
        private static JsonObject Flows(XElement customizations, IReadOnlyList<string> entries, Func<string, byte[]> bytes)
        {
            var flows = customizations.Element("Workflows")?.Elements("Workflow").Where(w => w.Element("JsonFileName") != null).ToList() ?? new List<XElement>();
            var references = customizations.Element("connectionreferences")?.Elements("connectionreference").ToList() ?? new List<XElement>();
            var referenceNames = references.Select(r => (string?)r.Attribute("connectionreferencelogicalname")).ToHashSet();
            var jsons = flows.Select(f => f.Element("JsonFileName")!.Value.TrimStart('/')).Where(entries.Contains).ToList();
            var definitions = jsons.Select(j => JsonNode.Parse(bytes(j))!.AsObject()).ToList();
            var properties = definitions.Select(j => j["properties"]?.AsObject() ?? new JsonObject()).ToList();
            var bodies = properties.Select(p => p["definition"]?.AsObject() ?? new JsonObject()).ToList();
            var connections = properties.SelectMany(p => p["connectionReferences"]?.AsObject() ?? new JsonObject()).Select(c => c.Value!.AsObject()).ToList();
            var triggers = bodies.SelectMany(b => b["triggers"]?.AsObject() ?? new JsonObject()).Select(t => t.Value!.AsObject()).ToList();
            var actions = bodies.SelectMany(b => Actions(b["actions"]?.AsObject())).ToList();
            var connectorCalls = actions.Concat(triggers).Where(a => a["inputs"]?["host"] is JsonObject).ToList();
            var perFlow = definitions.Select(j => (Refs: j["properties"]?["connectionReferences"] as JsonObject,
                Calls: Actions(j["properties"]?["definition"]?["actions"] as JsonObject).Concat(Triggers(j)).Where(a => a["inputs"]?["host"] is JsonObject).ToList())).ToList();

            JsonArray Keys(IEnumerable<JsonObject?> objects) => Array(Union(objects.OfType<JsonObject>().Select(o => o.Select(p => p.Key))));
            JsonArray Distinct(IEnumerable<string?> values) => Array(values.OfType<string>().Distinct().OrderBy(v => v, StringComparer.Ordinal));
            // A definition parameter that carries an environment variable is named "<display name> (<schema name>)".
            string Parameter(KeyValuePair<string, JsonNode?> p) => p.Value?["metadata"]?["schemaName"] != null ? "{variable} ({schemaname})" : p.Key;
            string FileNameForm(XElement w) =>
                w.Element("JsonFileName")!.Value == $"/Workflows/{new string(((string)w.Attribute("Name")!).Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray())}-{Guid.Parse((string)w.Attribute("WorkflowId")!).ToString().ToUpperInvariant()}.json"
                    ? "/Workflows/{name without spaces and punctuation}-{ID}.json" : "(another path)";
            string Authentication(JsonNode? a) => a switch
            {
                null => "(none)",
                JsonValue v => v.GetValue<string>(),
                JsonObject o => $"{{type: {o["type"]?.GetValue<string>()}, value: {o["value"]?.GetValue<string>()}}}",
                _ => a.ToJsonString(),
            };
            bool Declared(JsonObject call, JsonObject? refs) => refs?.ContainsKey(call["inputs"]!["host"]!["connectionName"]?.GetValue<string>() ?? string.Empty) == true;

            return new JsonObject
            {
                ["workflowAttributes"] = Array(flows.SelectMany(AttributeNames).Distinct()),
                ["workflow"] = Array(Union(flows.Select(ChildNames))),
                ["localizedName"] = Array(flows.SelectMany(f => f.Element("LocalizedNames")?.Elements() ?? Enumerable.Empty<XElement>()).SelectMany(AttributeNames).Distinct()),
                ["codes"] = new JsonObject(FlowCodes.Select(c => KeyValuePair.Create(c, (JsonNode?)Distinct(flows.Select(f => f.Element(c)?.Value ?? "(none)"))))),
                ["jsonFileName"] = Distinct(flows.Select(FileNameForm)),
                ["jsonInZip"] = Distinct(flows.Select(f => entries.Contains(f.Element("JsonFileName")!.Value.TrimStart('/')) ? "at the entry JsonFileName names" : "(missing)")),
                ["encoding"] = jsons.Count == 0 ? null : Encoding(bytes(jsons[0])),
                ["root"] = Keys(definitions),
                ["properties"] = Keys(properties),
                ["definition"] = Keys(bodies),
                ["schema"] = Distinct(bodies.Select(b => b["$schema"]?.GetValue<string>())),
                ["contentVersion"] = Distinct(bodies.Select(b => b["contentVersion"]?.GetValue<string>())),
                ["parameters"] = Array(Union(bodies.Select(b => (b["parameters"]?.AsObject() ?? new JsonObject()).Select(Parameter)))),
                ["connectionReference"] = Keys(connections),
                ["connectionReferenceConnection"] = Keys(connections.Select(c => c["connection"] as JsonObject)),
                ["connectionReferenceApi"] = Keys(connections.Select(c => c["api"] as JsonObject)),
                ["runtimeSources"] = Distinct(connections.Select(c => c["runtimeSource"]?.GetValue<string>())),
                ["triggers"] = Distinct(triggers.Select(t => t["type"]?.GetValue<string>() + (t["kind"] is { } k ? "/" + k.GetValue<string>() : string.Empty))),
                ["actionTypes"] = Distinct(actions.Select(a => a["type"]?.GetValue<string>())),
                ["connectorCall"] = Keys(connectorCalls),
                ["connectorCallInputs"] = Keys(connectorCalls.Select(c => c["inputs"] as JsonObject)),
                ["host"] = Keys(connectorCalls.Select(c => c["inputs"]!["host"] as JsonObject)),
                ["apiIds"] = Distinct(connectorCalls.Select(c => c["inputs"]!["host"]!["apiId"]?.GetValue<string>())),
                ["operationIds"] = Distinct(connectorCalls.Select(c => c["inputs"]!["host"]!["operationId"]?.GetValue<string>())),
                ["authentication"] = Distinct(connectorCalls.Select(c => Authentication(c["inputs"]!["authentication"]))),
                ["hostConnections"] = Distinct(perFlow.SelectMany(f => f.Calls.Select(c => Declared(c, f.Refs) ? "each connectionName is a key of properties.connectionReferences" : "(undeclared)"))),
                ["referencesInSolution"] = Distinct(connections.Select(c => referenceNames.Contains(c["connection"]?["connectionReferenceLogicalName"]?.GetValue<string>())
                    ? "each connectionReferenceLogicalName is a <connectionreference> of customizations.xml" : "(missing)")),
                ["connectionReferenceElement"] = new JsonObject
                {
                    ["attributes"] = Array(references.SelectMany(AttributeNames).Distinct()),
                    ["children"] = Array(Union(references.Select(ChildNames))),
                    ["connectorIds"] = Distinct(references.Select(r => r.Element("connectorid")?.Value)),
                    ["codes"] = new JsonObject(ConnectionReferenceCodes.Select(c => KeyValuePair.Create(c, (JsonNode?)Distinct(references.Select(r => r.Element(c)?.Value ?? "(none)"))))),
                },
            };
        }

        /// <summary>Every action of a definition, nested ones too (in If, Scope, Foreach, Until, Switch).</summary>
        private static IEnumerable<JsonObject> Actions(JsonObject? actions)
        {
            foreach (var (_, node) in actions ?? new JsonObject())
            {
                if (node is not JsonObject action) continue;
                yield return action;
                var nested = new[] { action["actions"], action["else"]?["actions"], action["default"]?["actions"] }
                    .Concat((action["cases"] as JsonObject ?? new JsonObject()).Select(c => c.Value?["actions"]));
                foreach (var inner in nested.OfType<JsonObject>().SelectMany(Actions)) yield return inner;
            }
        }

        private static IEnumerable<JsonObject> Triggers(JsonObject definition) =>
            (definition["properties"]?["definition"]?["triggers"] as JsonObject ?? new JsonObject()).Select(t => t.Value).OfType<JsonObject>();

        /// <summary>
        /// Names in order (children, keys) are compared as sets and in order; values and kinds (codes, trigger and action kinds,
        /// connectors, operations, authentication forms) as sets, one line per facet.
        /// </summary>
        private static void FlowDifferences(List<string> d, JsonObject? real, JsonObject? ours)
        {
            if (real == null || ours == null)
            {
                if (real != ours) d.Add($"flows: described only in {(real == null ? "ours" : "the real zip")}");
                return;
            }
            var ordered = new[]
            {
                "workflowAttributes", "workflow", "localizedName", "root", "properties", "definition", "parameters", "connectionReference",
                "connectionReferenceConnection", "connectionReferenceApi", "connectorCall", "connectorCallInputs", "host",
            };
            foreach (var key in ordered) Named(d, $"flows: {key}", Strings(real[key]), Strings(ours[key]));
            foreach (var key in new[] { "jsonFileName", "jsonInZip", "schema", "contentVersion", "runtimeSources", "triggers", "actionTypes", "apiIds", "operationIds", "authentication", "hostConnections", "referencesInSolution" })
                Values(d, $"flows: {key}", Strings(real[key]), Strings(ours[key]));
            foreach (var (code, values) in (JsonObject)real["codes"]!)
                if (!Strings(values).SequenceEqual(Strings(ours["codes"]![code]))) d.Add($"flows: <{code}> [{string.Join(", ", Strings(ours["codes"]![code]))}], the real zip's [{string.Join(", ", Strings(values))}]");
            if (real["encoding"] is JsonObject re && ours["encoding"] is JsonObject oe)
                foreach (var (fact, value) in re)
                    if (!JsonNode.DeepEquals(value, oe[fact])) d.Add($"encoding: flow JSON {fact} is {oe[fact]}, the real zip's {value}");

            var rr = (JsonObject)real["connectionReferenceElement"]!;
            var oref = (JsonObject)ours["connectionReferenceElement"]!;
            Named(d, "connection references: attributes", Strings(rr["attributes"]), Strings(oref["attributes"]));
            Named(d, "connection references: children", Strings(rr["children"]), Strings(oref["children"]));
            Values(d, "connection references: connectorIds", Strings(rr["connectorIds"]), Strings(oref["connectorIds"]));
            foreach (var (code, values) in (JsonObject)rr["codes"]!)
                if (!Strings(values).SequenceEqual(Strings(oref["codes"]![code]))) d.Add($"connection references: <{code}> [{string.Join(", ", Strings(oref["codes"]![code]))}], the real zip's [{string.Join(", ", Strings(values))}]");

            static void Named(List<string> d, string what, List<string> r, List<string> o)
            {
                Sets(d, what, r, o);
                Order(d, $"{what} order", r, o);
            }

            static void Values(List<string> d, string what, List<string> r, List<string> o)
            {
                if (r.Except(o).Any()) d.Add($"{what} only in the real zip: [{string.Join(", ", r.Except(o))}]");
                if (o.Except(r).Any()) d.Add($"{what} only in ours: [{string.Join(", ", o.Except(r))}]");
            }
        }
    }
}
