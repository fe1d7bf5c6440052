using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Mci.Solution.Tests.RealZip
{
    /// <summary>
    /// The shape of a solution zip: entry paths, element and attribute names and their order, root component types, encodings.
    /// It keeps names only, never content (no labels, ids, values or code), so a shape taken from someone else's export can
    /// be committed as a fixture. <see cref="Extract"/> takes it from any zip (a real export, or ours); <see cref="Differences"/>
    /// compares two shapes component type by component type.
    /// </summary>
    internal static partial class ZipShape
    {
        private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

        public static JsonObject Extract(string zip)
        {
            using var archive = ZipFile.OpenRead(zip);
            var entries = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            byte[] Bytes(string name)
            {
                using var s = entries.Single(e => e.FullName == name).Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                return m.ToArray();
            }
            XElement Root(string name) => XDocument.Load(new MemoryStream(Bytes(name))).Root!;

            var solution = Root("solution.xml");
            var manifest = solution.Element("SolutionManifest")!;
            var customizations = Root("customizations.xml");
            var contentTypes = Root("[Content_Types].xml");
            var variableEntries = entries.Select(e => e.FullName).Where(n => n.StartsWith("environmentvariabledefinitions/", StringComparison.Ordinal)).ToList();
            var variables = variableEntries.Select(Root).ToList();

            return new JsonObject
            {
                ["entries"] = Array(entries.Select(e => e.FullName)),
                ["encodings"] = new JsonObject(new[] { "customizations.xml", "[Content_Types].xml", "solution.xml" }.Concat(variableEntries.Take(1))
                    .Select(n => KeyValuePair.Create(Placeholder(n), (JsonNode?)Encoding(Bytes(n))))),
                ["contentTypes"] = new JsonObject
                {
                    ["elements"] = Array(contentTypes.Elements().Select(e => e.Name.LocalName).Distinct()),
                    ["defaults"] = Array(contentTypes.Elements().Where(e => e.Name.LocalName == "Default").Select(e => (string)e.Attribute("Extension")!)),
                    ["overrides"] = Array(contentTypes.Elements().Where(e => e.Name.LocalName == "Override").Select(e => (string)e.Attribute("PartName")!)),
                },
                ["solution"] = new JsonObject
                {
                    ["rootAttributes"] = Array(AttributeNames(solution)),
                    ["managed"] = manifest.Element("Managed")!.Value,
                    ["manifest"] = Array(ChildNames(manifest)),
                    ["publisher"] = Array(ChildNames(manifest.Element("Publisher")!)),
                    ["address"] = Array(ChildNames(manifest.Element("Publisher")!.Element("Addresses")!.Elements("Address").First())),
                    ["rootComponents"] = new JsonObject(manifest.Element("RootComponents")!.Elements("RootComponent").GroupBy(r => (string)r.Attribute("type")!)
                        .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonObject
                        {
                            ["attributes"] = Array(g.SelectMany(AttributeNames).Distinct()),
                            ["behaviors"] = Array(g.Select(r => (string)r.Attribute("behavior")!).Distinct().OrderBy(b => b, StringComparer.Ordinal)),
                        }))),
                    ["missingDependencies"] = new JsonObject(manifest.Element("MissingDependencies")!.Elements("MissingDependency")
                        .SelectMany(m => m.Elements()).GroupBy(e => $"{e.Name.LocalName} type {(string)e.Attribute("type")!}")
                        .OrderBy(g => g.Key, StringComparer.Ordinal)
                        .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)Array(g.SelectMany(AttributeNames).Concat(g.SelectMany(ChildNames)).Distinct())))),
                },
                ["customizations"] = new JsonObject
                {
                    ["rootAttributes"] = Array(AttributeNames(customizations)),
                    ["sections"] = Array(ChildNames(customizations)),
                    ["entity"] = Array(Union(customizations.Element("Entities")!.Elements("Entity").Select(ChildNames))),
                    ["entityName"] = Array(customizations.Element("Entities")!.Elements("Entity").SelectMany(e => AttributeNames(e.Element("Name")!)).Distinct()),
                },
                ["userInterface"] = UserInterface(customizations, name => Bytes(name)),
                ["flows"] = Flows(customizations, entries.Select(e => e.FullName).ToList(), name => Bytes(name)),
                ["environmentVariableDefinitions"] = new JsonObject
                {
                    ["entries"] = Array(variableEntries.Select(Placeholder).Distinct()),
                    ["rootAttributes"] = Array(variables.SelectMany(AttributeNames).Distinct()),
                    ["children"] = Array(Union(variables.Select(ChildNames))),
                    ["labelled"] = new JsonObject(variables.SelectMany(v => v.Elements().Where(e => e.Element("label") != null)).GroupBy(e => e.Name.LocalName)
                        .OrderBy(g => g.Key, StringComparer.Ordinal)
                        .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonObject
                        {
                            ["attributes"] = Array(g.SelectMany(AttributeNames).Distinct()),
                            ["label"] = Array(g.SelectMany(e => e.Elements("label")).SelectMany(AttributeNames).Distinct()),
                        }))),
                },
            };
        }

        /// <summary>
        /// What differs between two shapes, one line per difference, in the form "area: what". <paramref name="real"/> is
        /// the reference (a Dataverse export), <paramref name="ours"/> a zip the packer wrote.
        /// </summary>
        public static IReadOnlyList<string> Differences(JsonObject real, JsonObject ours)
        {
            var d = new List<string>();

            // Zip entries: the three files an export starts with, then one folder per component type.
            var realEntries = Strings(real["entries"]);
            var ourEntries = Strings(ours["entries"]);
            if (!realEntries.Take(3).SequenceEqual(ourEntries.Take(3))) d.Add($"entries: the first three are [{string.Join(", ", ourEntries.Take(3))}], the real zip's [{string.Join(", ", realEntries.Take(3))}]");
            var realFolders = Folders(realEntries);
            var ourFolders = Folders(ourEntries);
            Sets(d, "entries: folder", realFolders, ourFolders);
            Order(d, "entries: folder order", realFolders, ourFolders);
            foreach (var (file, facts) in (JsonObject)real["encodings"]!)
            {
                var mine = ((JsonObject)ours["encodings"]!)[file];
                if (mine == null) continue;
                foreach (var (fact, value) in (JsonObject)facts!)
                    if (!JsonNode.DeepEquals(value, mine[fact])) d.Add($"encoding: {file} {fact} is {mine[fact]}, the real zip's {value}");
            }

            // [Content_Types].xml: element kinds and the extensions given a Default (the parts given an Override follow from the entries).
            Sets(d, "[Content_Types].xml: element", Strings(real["contentTypes"]!["elements"]), Strings(ours["contentTypes"]!["elements"]));
            Sets(d, "[Content_Types].xml: Default extension", Strings(real["contentTypes"]!["defaults"]), Strings(ours["contentTypes"]!["defaults"]));
            if (Strings(ours["contentTypes"]!["defaults"]).FirstOrDefault() != Strings(real["contentTypes"]!["defaults"]).FirstOrDefault())
                d.Add("[Content_Types].xml: the first Default is not the real zip's");

            // solution.xml: the manifest, element by element and attribute by attribute.
            var rs = (JsonObject)real["solution"]!;
            var os = (JsonObject)ours["solution"]!;
            foreach (var part in new[] { "rootAttributes", "manifest", "publisher", "address" })
                if (!Strings(rs[part]).SequenceEqual(Strings(os[part]))) d.Add($"solution.xml {part}: [{string.Join(", ", Strings(os[part]))}], the real zip's [{string.Join(", ", Strings(rs[part]))}]");
            if (rs["managed"]!.GetValue<string>() != os["managed"]!.GetValue<string>()) d.Add($"solution.xml Managed: {os["managed"]}, the real zip's {rs["managed"]}");
            var realRoots = (JsonObject)rs["rootComponents"]!;
            var ourRoots = (JsonObject)os["rootComponents"]!;
            Sets(d, "solution.xml: root component type", realRoots.Select(r => r.Key).ToList(), ourRoots.Select(r => r.Key).ToList());
            foreach (var (type, shape) in realRoots.Where(r => ourRoots.ContainsKey(r.Key)))
                foreach (var facet in new[] { "attributes", "behaviors" })
                    if (!Strings(shape![facet]).SequenceEqual(Strings(ourRoots[type]![facet])))
                        d.Add($"solution.xml: root component type {type} {facet} [{string.Join(", ", Strings(ourRoots[type]![facet]))}], the real zip's [{string.Join(", ", Strings(shape[facet]))}]");
            var realDeps = (JsonObject)rs["missingDependencies"]!;
            var ourDeps = (JsonObject)os["missingDependencies"]!;
            Sets(d, "solution.xml: MissingDependency side", realDeps.Select(r => r.Key).ToList(), ourDeps.Select(r => r.Key).ToList());
            foreach (var (side, names) in realDeps.Where(r => ourDeps.ContainsKey(r.Key)))
                if (!Strings(names).SequenceEqual(Strings(ourDeps[side])))
                    d.Add($"solution.xml: MissingDependency {side} [{string.Join(", ", Strings(ourDeps[side]))}], the real zip's [{string.Join(", ", Strings(names))}]");

            // customizations.xml: the sections, their order, and the Entity element they share.
            var rc = (JsonObject)real["customizations"]!;
            var oc = (JsonObject)ours["customizations"]!;
            if (!Strings(rc["rootAttributes"]).SequenceEqual(Strings(oc["rootAttributes"]))) d.Add("customizations.xml: the root's attributes differ");
            Sets(d, "customizations.xml: section", Strings(rc["sections"]), Strings(oc["sections"]));
            Order(d, "customizations.xml: section order", Strings(rc["sections"]), Strings(oc["sections"]));
            Sets(d, "customizations.xml: Entity child", Strings(rc["entity"]), Strings(oc["entity"]));
            Order(d, "customizations.xml: Entity child order", Strings(rc["entity"]), Strings(oc["entity"]));
            Sets(d, "customizations.xml: Entity Name attribute", Strings(rc["entityName"]), Strings(oc["entityName"]));

            UserInterfaceDifferences(d, (JsonObject?)real["userInterface"], (JsonObject?)ours["userInterface"]);
            FlowDifferences(d, (JsonObject?)real["flows"], (JsonObject?)ours["flows"]);

            // Environment variable definitions: where they are and how each is written.
            var rv = (JsonObject)real["environmentVariableDefinitions"]!;
            var ov = (JsonObject)ours["environmentVariableDefinitions"]!;
            if (!Strings(rv["entries"]).SequenceEqual(Strings(ov["entries"]))) d.Add($"environment variables: entries [{string.Join(", ", Strings(ov["entries"]))}], the real zip's [{string.Join(", ", Strings(rv["entries"]))}]");
            if (!Strings(rv["rootAttributes"]).SequenceEqual(Strings(ov["rootAttributes"]))) d.Add("environment variables: the root's attributes differ");
            Sets(d, "environment variables: child", Strings(rv["children"]), Strings(ov["children"]));
            Order(d, "environment variables: child order", Strings(rv["children"]), Strings(ov["children"]));
            foreach (var (element, shape) in (JsonObject)rv["labelled"]!)
            {
                var mine = ((JsonObject)ov["labelled"]!)[element];
                if (mine != null && !JsonNode.DeepEquals(shape, mine)) d.Add($"environment variables: <{element}> is written {mine.ToJsonString()}, the real zip's {shape!.ToJsonString()}");
            }
            return d;
        }

        public static string ToJson(JsonObject shape) => shape.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

        // ---------- helpers ----------

        /// <summary>An entry with the component's own name replaced: environmentvariabledefinitions/{schemaname}/environmentvariabledefinition.xml.</summary>
        private static string Placeholder(string entry)
        {
            var parts = entry.Split('/');
            return parts.Length == 3 && parts[0] == "environmentvariabledefinitions" ? $"{parts[0]}/{{schemaname}}/{parts[2]}" : entry;
        }

        private static JsonObject Encoding(byte[] bytes)
        {
            var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            var text = System.Text.Encoding.UTF8.GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
            return new JsonObject
            {
                ["byteOrderMark"] = bom,
                ["xmlDeclaration"] = text.StartsWith("<?xml", StringComparison.Ordinal),
                ["lines"] = text.Contains('\n') ? (text.Contains("\r\n", StringComparison.Ordinal) ? "CRLF" : "LF") : "one",
            };
        }

        private static IEnumerable<string> ChildNames(XElement e) => e.Elements().Select(c => c.Name.LocalName);

        private static IEnumerable<string> AttributeNames(XElement e) =>
            e.Attributes().Select(a => a.IsNamespaceDeclaration ? "xmlns:" + a.Name.LocalName : a.Name.Namespace == Xsi ? "xsi:" + a.Name.LocalName : a.Name.LocalName);

        /// <summary>The names of several sequences merged in the order they first appear.</summary>
        private static IEnumerable<string> Union(IEnumerable<IEnumerable<string>> sequences)
        {
            var result = new List<string>();
            foreach (var seq in sequences)
            {
                var at = 0;
                foreach (var name in seq)
                {
                    var i = result.IndexOf(name);
                    if (i < 0) result.Insert(at++, name);
                    else at = i + 1;
                }
            }
            return result;
        }

        private static List<string> Folders(IEnumerable<string> entries) =>
            entries.Where(e => e.Contains('/')).Select(e => e.Split('/')[0] + "/").Distinct().ToList();

        private static JsonArray Array(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

        private static List<string> Strings(JsonNode? node) => node is JsonArray a ? a.Select(n => n!.GetValue<string>()).ToList() : new List<string>();

        private static void Sets(List<string> d, string what, IReadOnlyCollection<string> real, IReadOnlyCollection<string> ours)
        {
            foreach (var x in real.Except(ours)) d.Add($"{what} {x} only in the real zip");
            foreach (var x in ours.Except(real)) d.Add($"{what} {x} only in ours");
        }

        /// <summary>The names both have must come in the same relative order.</summary>
        private static void Order(List<string> d, string what, IReadOnlyList<string> real, IReadOnlyList<string> ours)
        {
            var common = real.Intersect(ours).ToList();
            var mine = ours.Where(common.Contains).ToList();
            if (!common.SequenceEqual(mine)) d.Add($"{what}: [{string.Join(", ", mine)}], the real zip's [{string.Join(", ", common)}]");
        }
    }
}
