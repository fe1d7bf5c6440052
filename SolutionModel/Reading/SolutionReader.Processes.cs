using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Mci.SolutionModel
{
    // Custom APIs, cloud flows and the connection references the flows connect through: in a folder from customapis/,
    // Workflows/ and Other/Customizations.xml; in a zip from the customapis/ entries and customizations.xml (Workflows,
    // connectionreferences) with each flow's JSON at the entry its JsonFileName names.
    internal static partial class SolutionReader
    {
        private static void ReadProcesses(SolutionFolder layout, SolutionDefinition s)
        {
            s.CustomApis = layout.CustomApis.Select(a =>
            {
                var parameters = a.RequestParameters.Select(f => Read(f, root => { Expect(root, "customapirequestparameter"); return ComponentReader.CustomApiField(root, f); })).ToList();
                var properties = a.ResponseProperties.Select(f => Read(f, root => { Expect(root, "customapiresponseproperty"); return ComponentReader.CustomApiField(root, f); })).ToList();
                return Read(a.CustomApiXml, root =>
                {
                    Expect(root, "customapi");
                    var api = ComponentReader.CustomApi(root, parameters, properties, a.Files.Select(layout.EntryName).ToList(), a.CustomApiXml);
                    if (!string.Equals(api.UniqueName, a.UniqueName, StringComparison.Ordinal))
                        throw new FormatException($"uniquename is {api.UniqueName}, but the folder is customapis/{a.UniqueName}; the folder is named after the unique name.");
                    CheckFieldFolders(api.RequestParameters, "customapirequestparameters");
                    CheckFieldFolders(api.ResponseProperties, "customapiresponseproperties");
                    return api;
                });
            }).ToList();
            s.Workflows = layout.Workflows.Select(w =>
            {
                var json = File.ReadAllBytes(w.Json);
                return Read(w.DataXml, root =>
                {
                    Expect(root, "Workflow");
                    var workflow = Parse(w.Json, () => ComponentReader.Workflow(root, json, w.DataXml));
                    if (!string.Equals(workflow.JsonFileName, "/Workflows/" + w.FileName, StringComparison.Ordinal))
                        throw new FormatException($"<JsonFileName> is {workflow.JsonFileName}, but the definition is Workflows/{w.FileName}; the JsonFileName names the file beside it (/Workflows/{w.FileName}).");
                    return workflow;
                });
            }).ToList();
            var customizations = SolutionXml.Load(layout.CustomizationsXml).Root!;
            s.ConnectionReferences = customizations.Element("connectionreferences")?.Elements("connectionreference")
                .Select(c => Parse(layout.CustomizationsXml, () => ComponentReader.ConnectionReference(c, layout.CustomizationsXml))).ToList()
                ?? new List<ConnectionReferenceDefinition>();
        }

        /// <summary>A parameter's or property's folder is named after its unique name.</summary>
        private static void CheckFieldFolders(IEnumerable<CustomApiField> fields, string folder)
        {
            foreach (var field in fields)
            {
                var named = Path.GetFileName(Path.GetDirectoryName(field.Source));
                if (!string.Equals(named, field.UniqueName, StringComparison.Ordinal))
                    throw new FormatException($"{field.Source}: uniquename is {field.UniqueName}, but the folder is {folder}/{named}; the folder is named after the unique name.");
            }
        }

        private static readonly Regex CustomApiEntry = new("^customapis/(?<api>[^/]+)/customapi\\.xml$", RegexOptions.CultureInvariant);

        private static void ReadZipProcesses(string zip, Dictionary<string, byte[]> entries, XElement customizations, SolutionDefinition s)
        {
            var apis = new List<CustomApiDefinition>();
            foreach (var (entry, bytes) in entries.Where(e => CustomApiEntry.IsMatch(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var folder = entry.Substring(0, entry.Length - "customapi.xml".Length);
                List<CustomApiField> Fields(string sub, string file) => entries.Keys
                    .Where(k => k.StartsWith(folder + sub + "/", StringComparison.Ordinal) && k.EndsWith("/" + file, StringComparison.Ordinal))
                    .OrderBy(k => k, StringComparer.Ordinal)
                    .Select(k => { var root = Xml(zip, k, entries[k]); return Parse(k, () => ComponentReader.CustomApiField(root, k)); }).ToList();
                var parameters = Fields("customapirequestparameters", "customapirequestparameter.xml");
                var properties = Fields("customapiresponseproperties", "customapiresponseproperty.xml");
                var api = Xml(zip, entry, bytes);
                var files = entries.Keys.Where(k => k.StartsWith(folder, StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal).ToList();
                apis.Add(Parse(entry, () => ComponentReader.CustomApi(api, parameters, properties, files, entry)));
            }
            s.CustomApis = apis;
            s.Workflows = (customizations.Element("Workflows")?.Elements("Workflow") ?? Enumerable.Empty<XElement>()).Select(w =>
            {
                var where = $"customizations.xml (Workflow {SolutionXml.Attr(w, "Name")})";
                var jsonFile = SolutionXml.Child(w, "JsonFileName").TrimStart('/');
                byte[]? json = null;
                if (jsonFile.Length > 0 && !entries.TryGetValue(jsonFile, out json))
                    throw new InvalidSolutionException($"{zip}: {where} names {jsonFile}, which is not in the zip.");
                return Parse(where, () => ComponentReader.Workflow(w, json, where));
            }).ToList();
        }
    }
}
