using System.Text.Json.Nodes;
using System.Xml.Linq;
using Mci.SolutionModel;

namespace Mci.Solution.Tests.RealZip
{
    // What users see: forms, web resources, the app and its site map, element by element and attribute by attribute.
    internal static partial class ZipShape
    {
        /// <summary>The names (never the values) of the form, web resource, app and site map elements of customizations.xml.</summary>
        private static JsonObject UserInterface(XElement customizations, Func<string, byte[]> bytes)
        {
            var forms = customizations.Element("Entities")!.Elements("Entity").SelectMany(e => e.Element("FormXml")?.Elements("forms") ?? Enumerable.Empty<XElement>()).ToList();
            var systemforms = forms.SelectMany(f => f.Elements("systemform")).ToList();
            var bodies = systemforms.Select(f => f.Element("form")).OfType<XElement>().ToList();
            var display = bodies.Select(b => b.Element("DisplayConditions")).OfType<XElement>().ToList();
            var webResources = customizations.Element("WebResources")?.Elements("WebResource").ToList() ?? new List<XElement>();
            var siteMaps = customizations.Element("AppModuleSiteMaps")?.Elements("AppModuleSiteMap").ToList() ?? new List<XElement>();
            var apps = customizations.Element("AppModules")?.Elements("AppModule").ToList() ?? new List<XElement>();
            var components = apps.SelectMany(a => a.Element("AppModuleComponents")?.Elements("AppModuleComponent") ?? Enumerable.Empty<XElement>()).ToList();
            JsonArray Attributes(IEnumerable<XElement> elements) => Array(elements.SelectMany(AttributeNames).Distinct());
            JsonArray Children(IEnumerable<XElement> elements) => Array(Union(elements.Select(ChildNames)));
            // A web resource's zip entry: the export's rule (its name without punctuation, then its id), or its own path.
            string FileNameShape(XElement w) =>
                w.Element("FileName")?.Value == WebResourceDefinition.ExportFileName(w.Element("Name")!.Value, Guid.Parse(w.Element("WebResourceId")!.Value))
                    ? "/WebResources/{name without punctuation, at most 50}{ID}" : "(another path)";
            return new JsonObject
            {
                ["formTypes"] = Array(forms.Select(f => (string)f.Attribute("type")!).Distinct()),
                ["systemform"] = Children(systemforms),
                ["form"] = Children(bodies),
                ["formAttributes"] = Attributes(bodies),
                ["header"] = Attributes(bodies.Select(b => b.Element("header")).OfType<XElement>()),
                ["displayConditions"] = Attributes(display),
                ["displayConditionKinds"] = Array(display.SelectMany(ChildNames).Distinct()),
                ["displayConditionRole"] = Attributes(display.SelectMany(x => x.Elements("Role"))),
                ["webResource"] = Children(webResources),
                ["webResourceFileName"] = Array(webResources.Select(FileNameShape).Distinct()),
                ["webResourceScriptByteOrderMark"] = Array(webResources.Where(w => w.Element("WebResourceType")?.Value == "3")
                    .Select(w => bytes(w.Element("FileName")!.Value.TrimStart('/'))).Select(b => b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? "yes" : "no").Distinct()),
                ["siteMap"] = Children(siteMaps),
                ["siteMapSiteMap"] = Attributes(siteMaps.Select(m => m.Element("SiteMap")).OfType<XElement>()),
                ["siteMapArea"] = Attributes(siteMaps.SelectMany(m => m.Descendants("Area"))),
                ["siteMapGroup"] = Attributes(siteMaps.SelectMany(m => m.Descendants("Group"))),
                ["siteMapSubArea"] = Attributes(siteMaps.SelectMany(m => m.Descendants("SubArea"))),
                ["siteMapTitle"] = Attributes(siteMaps.SelectMany(m => m.Descendants("Title"))),
                ["app"] = Children(apps),
                ["appComponentTypes"] = Array(components.Select(c => (string)c.Attribute("type")!).Distinct()),
                ["appComponent"] = new JsonObject(components.GroupBy(c => (string)c.Attribute("type")!)
                    .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)Attributes(g)))),
                ["appRole"] = Attributes(apps.SelectMany(a => a.Element("AppModuleRoleMaps")?.Elements("Role") ?? Enumerable.Empty<XElement>())),
                ["appName"] = Attributes(apps.SelectMany(a => a.Element("LocalizedNames")?.Elements() ?? Enumerable.Empty<XElement>())),
            };
        }

        /// <summary>
        /// Each name list both zips have is compared as a set and in order; a list only one of them has (a kind of component the
        /// other does not carry) is one difference. Component types of apps are compared per type both use.
        /// </summary>
        private static void UserInterfaceDifferences(List<string> d, JsonObject? real, JsonObject? ours)
        {
            if (real == null || ours == null)
            {
                if (real != ours) d.Add($"user interface: described only in {(real == null ? "ours" : "the real zip")}");
                return;
            }
            foreach (var (key, node) in real)
            {
                if (node is JsonObject byType)
                {
                    var mine = ours[key] as JsonObject ?? new JsonObject();
                    foreach (var (type, names) in byType.Where(t => mine.ContainsKey(t.Key)))
                        Compare($"{key} type {type}", Strings(names), Strings(mine[type]));
                    continue;
                }
                Compare(key, Strings(node), Strings(ours[key]));
            }

            void Compare(string what, List<string> r, List<string> o)
            {
                if (r.Count == 0 || o.Count == 0)
                {
                    if (r.Count != o.Count) d.Add($"user interface: {what} only in {(r.Count == 0 ? "ours" : "the real zip")}");
                    return;
                }
                Sets(d, $"user interface: {what}", r, o);
                Order(d, $"user interface: {what} order", r, o);
            }
        }
    }
}
