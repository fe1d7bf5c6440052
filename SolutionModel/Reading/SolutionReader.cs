using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Mci.SolutionModel
{
    /// <summary>
    /// Where a solution's component elements come from: the files of an unpacked folder (<see cref="SolutionFolder"/>), or a
    /// packed zip's solution.xml, customizations.xml and the files beside them, as an import reads them. Each element goes to
    /// <see cref="ComponentReader"/>. A file or element that cannot be read is an <see cref="InvalidSolutionException"/> that
    /// names it. Nothing is cached here (the emulator keeps what it builds per folder).
    /// </summary>
    internal static partial class SolutionReader
    {
        // ---------- an unpacked folder ----------

        public static SolutionDefinition ReadFolder(string path)
        {
            var layout = SolutionFolder.Open(path);
            var s = new SolutionDefinition(layout.Root, isPacked: false, relative =>
            {
                var file = Path.Combine(layout.Root, relative.Replace('/', Path.DirectorySeparatorChar));
                return File.Exists(file) ? File.ReadAllBytes(file) : null;
            });
            var reader = new ComponentReader();
            s.Manifest = Read(layout.SolutionXml, root => ComponentReader.Manifest(root.Element("SolutionManifest") ?? throw new FormatException("<ImportExportXml><SolutionManifest> is missing."), layout.SolutionXml));
            s.GlobalChoices = layout.OptionSets.Select(f => Read(f, root => ComponentReader.GlobalChoice(root, f))).ToList();
            reader.UseGlobalChoices(s.GlobalChoices);
            s.Relationships = layout.RelationshipFiles.SelectMany(f => Read(f, root => root.Elements("EntityRelationship").Select(r => ComponentReader.Relationship(r, f)).ToList())).ToList();
            reader.UseRelationships(s.Relationships);
            s.Tables = layout.Entities.Select(e => Read(e.EntityXml, root => reader.Table(root, e.EntityXml))).ToList();
            var forms = new List<FormDefinition>();
            var views = new List<ViewDefinition>();
            foreach (var (entity, table) in layout.Entities.Zip(s.Tables))
            {
                foreach (var form in entity.Forms)
                {
                    var file = form.UnmanagedPath ?? form.ManagedPath!;
                    forms.AddRange(Read(file, root => root.Elements("systemform").Select(f => ComponentReader.Form(table.LogicalName, form.FormType, f, file)).ToList()));
                }
                foreach (var file in entity.SavedQueries)
                    views.AddRange(Read(file, root => root.Elements("savedquery").Select(q => ComponentReader.View(table.LogicalName, q, file)).ToList()));
            }
            s.Forms = forms;
            s.Views = views;
            s.Roles = layout.Roles.Select(f => Read(f, root => ComponentReader.Role(root, f))).ToList();
            s.FieldSecurityProfiles = layout.FieldSecurityProfiles is { } fsp
                ? Read(fsp, root => root.Elements("FieldSecurityProfile").Select(p => ComponentReader.FieldSecurityProfile(p, fsp)).ToList())
                : Array.Empty<FieldSecurityProfileDefinition>();
            s.EnvironmentVariables = layout.EnvironmentVariables.Select(f => Read(f, root => ComponentReader.EnvironmentVariable(root, f))).ToList();
            // Connection references live in Other/Customizations.xml's <connectionreferences>, as in a zip's customizations.xml.
            s.ConnectionReferences = File.Exists(layout.CustomizationsXml)
                ? Read(layout.CustomizationsXml, root => (root.Element("connectionreferences")?.Elements("connectionreference") ?? Enumerable.Empty<XElement>())
                    .Select(c => ComponentReader.ConnectionReference(c, layout.CustomizationsXml)).ToList())
                : Array.Empty<ConnectionReferenceDefinition>();
            s.PluginAssemblies = layout.Assemblies.Select(a => Read(a.DataXml, root => ComponentReader.Assembly(root, a.AssemblyName, a.DataXml))).ToList();
            var types = s.PluginTypes.ToList();
            s.Steps = layout.Steps.Select(f => Read(f, root => ComponentReader.Step(root, types, Path.GetFileNameWithoutExtension(f), f))).ToList();
            ReadUserInterface(layout, s);
            ReadProcesses(layout, s);
            return s;
        }

        /// <summary>Parses one file; what is malformed in it becomes an error that names it.</summary>
        private static T Read<T>(string file, Func<XElement, T> read)
        {
            var root = SolutionXml.Load(file).Root!;
            return Parse(file, () => read(root));
        }

        private static T Parse<T>(string where, Func<T> read)
        {
            try
            {
                return read();
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
            {
                throw new InvalidSolutionException($"{where}: {ex.Message}", ex);
            }
        }

        // ---------- a packed zip ----------

        /// <summary>environmentvariabledefinitions/&lt;schema name&gt;/environmentvariabledefinition.xml, as Dataverse exports carry them.</summary>
        private static readonly Regex EnvironmentVariableEntry = new("^environmentvariabledefinitions/(?<name>[^/]+)/environmentvariabledefinition\\.xml$", RegexOptions.CultureInvariant);

        public static SolutionDefinition ReadZip(string path)
        {
            var zip = Path.GetFullPath(path);
            if (Directory.Exists(zip)) throw new InvalidSolutionException($"{zip} is a folder, not a solution zip.");
            if (!File.Exists(zip)) throw new InvalidSolutionException($"Solution zip not found: {zip}");
            var entries = ZipEntries(zip);
            var s = new SolutionDefinition(zip, isPacked: true, name => entries.TryGetValue(name, out var bytes) ? bytes : null)
            {
                Entries = entries.Keys.ToList(),
            };
            XElement Document(string entry)
            {
                if (!entries.TryGetValue(entry, out var bytes))
                    throw new InvalidSolutionException($"{zip}: {entry} is missing; a solution zip carries solution.xml and customizations.xml at its root (is this a solution exported from Dataverse or packed by `mci pack`?).");
                return Xml(zip, entry, bytes);
            }
            var solution = Document("solution.xml");
            var customizations = Document("customizations.xml");
            if (solution.Name.LocalName != "ImportExportXml" || customizations.Name.LocalName != "ImportExportXml")
                throw new InvalidSolutionException($"{zip}: solution.xml and customizations.xml have the root element <ImportExportXml>.");
            string Where(string entry, string component) => $"{entry} ({component})";

            var manifest = solution.Element("SolutionManifest") ?? throw new InvalidSolutionException($"{zip}: solution.xml has no <SolutionManifest>.");
            s.Manifest = Parse(Where("solution.xml", "SolutionManifest"), () => ComponentReader.Manifest(manifest, "solution.xml"));

            IEnumerable<XElement> Section(string section, string item) => customizations.Element(section)?.Elements(item) ?? Enumerable.Empty<XElement>();
            var reader = new ComponentReader();
            s.GlobalChoices = Section("optionsets", "optionset").Select(o =>
            {
                var where = Where("customizations.xml", $"optionset {SolutionXml.Attr(o, "Name")}");
                return Parse(where, () => ComponentReader.GlobalChoice(o, where));
            }).ToList();
            reader.UseGlobalChoices(s.GlobalChoices);
            s.Relationships = Section("EntityRelationships", "EntityRelationship").Select(r =>
            {
                var where = Where("customizations.xml", $"EntityRelationship {SolutionXml.Attr(r, "Name")}");
                return Parse(where, () => ComponentReader.Relationship(r, where));
            }).ToList();
            reader.UseRelationships(s.Relationships);

            var tables = new List<TableDefinition>();
            var forms = new List<FormDefinition>();
            var views = new List<ViewDefinition>();
            foreach (var entity in Section("Entities", "Entity"))
            {
                var where = Where("customizations.xml", $"Entity {SolutionXml.Child(entity, "Name")}");
                var table = Parse(where, () => reader.Table(entity, where));
                tables.Add(table);
                foreach (var group in entity.Element("FormXml")?.Elements("forms") ?? Enumerable.Empty<XElement>())
                    foreach (var form in group.Elements("systemform"))
                    {
                        var formWhere = Where("customizations.xml", $"form {SolutionXml.Child(form, "formid")} of {table.LogicalName}");
                        forms.Add(Parse(formWhere, () => ComponentReader.Form(table.LogicalName, SolutionXml.Attr(group, "type"), form, formWhere)));
                    }
                foreach (var query in entity.Element("SavedQueries")?.Element("savedqueries")?.Elements("savedquery") ?? Enumerable.Empty<XElement>())
                {
                    var viewWhere = Where("customizations.xml", $"view {SolutionXml.Child(query, "savedqueryid")} of {table.LogicalName}");
                    views.Add(Parse(viewWhere, () => ComponentReader.View(table.LogicalName, query, viewWhere)));
                }
            }
            s.Tables = tables;
            s.Forms = forms;
            s.Views = views;
            s.Roles = Section("Roles", "Role").Select(r =>
            {
                var where = Where("customizations.xml", $"Role {SolutionXml.Attr(r, "name")}");
                return Parse(where, () => ComponentReader.Role(r, where));
            }).ToList();
            s.FieldSecurityProfiles = Section("FieldSecurityProfiles", "FieldSecurityProfile").Select(p =>
            {
                var where = Where("customizations.xml", $"FieldSecurityProfile {SolutionXml.Attr(p, "name")}");
                return Parse(where, () => ComponentReader.FieldSecurityProfile(p, where));
            }).ToList();

            // Environment variables travel as files beside customizations.xml; older packs folded them into it.
            var variables = new List<EnvironmentVariableDefinition>();
            foreach (var (entry, bytes) in entries.Where(e => EnvironmentVariableEntry.IsMatch(e.Key)))
            {
                var root = Xml(zip, entry, bytes);
                variables.Add(Parse(entry, () => ComponentReader.EnvironmentVariable(root, entry)));
            }
            foreach (var v in Section("environmentvariabledefinitions", "environmentvariabledefinition"))
            {
                var where = Where("customizations.xml", $"environmentvariabledefinition {SolutionXml.Attr(v, "schemaname")}");
                variables.Add(Parse(where, () => ComponentReader.EnvironmentVariable(v, where)));
            }
            s.EnvironmentVariables = variables;
            s.ConnectionReferences = Section("connectionreferences", "connectionreference").Select(c =>
            {
                var where = Where("customizations.xml", $"connectionreference {SolutionXml.Attr(c, "connectionreferencelogicalname")}");
                return Parse(where, () => ComponentReader.ConnectionReference(c, where));
            }).ToList();

            s.PluginAssemblies = Section("SolutionPluginAssemblies", "PluginAssembly").Select(a =>
            {
                var where = Where("customizations.xml", $"PluginAssembly {SolutionXml.Attr(a, "FullName").Split(',')[0]}");
                return Parse(where, () => ComponentReader.Assembly(a, null, where));
            }).ToList();
            var types = s.PluginTypes.ToList();
            s.Steps = Section("SdkMessageProcessingSteps", "SdkMessageProcessingStep").Select(step =>
            {
                var id = SolutionXml.Attr(step, "SdkMessageProcessingStepId");
                var where = Where("customizations.xml", $"SdkMessageProcessingStep {id}");
                return Parse(where, () => ComponentReader.Step(step, types, id, where));
            }).ToList();

            s.WebResources = Section("WebResources", "WebResource").Select(w =>
            {
                var where = Where("customizations.xml", $"WebResource {SolutionXml.Child(w, "Name")}");
                return Parse(where, () => ComponentReader.WebResource(w, where));
            }).ToList();
            s.SiteMaps = Section("AppModuleSiteMaps", "AppModuleSiteMap").Select(m =>
            {
                var where = Where("customizations.xml", $"AppModuleSiteMap {SolutionXml.Child(m, "SiteMapUniqueName")}");
                return Parse(where, () => ComponentReader.SiteMap(m, where));
            }).ToList();
            s.Apps = Section("AppModules", "AppModule").Select(a =>
            {
                var where = Where("customizations.xml", $"AppModule {SolutionXml.Child(a, "UniqueName")}");
                return Parse(where, () => ComponentReader.App(a, where));
            }).ToList();
            ReadZipProcesses(zip, entries, customizations, s);
            return s;
        }

        /// <summary>The zip's entries by path (forward slashes, no leading slash); a file that is not a zip is an error that says so.</summary>
        private static Dictionary<string, byte[]> ZipEntries(string zip)
        {
            try
            {
                using var archive = ZipFile.OpenRead(zip);
                var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var e in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
                {
                    using var stream = e.Open();
                    using var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    entries[e.FullName.Replace('\\', '/').TrimStart('/')] = copy.ToArray();
                }
                return entries;
            }
            catch (InvalidDataException e)
            {
                throw new InvalidSolutionException($"{zip} is not a readable zip file ({e.Message}); export or pack the solution again.", e);
            }
        }

        private static XElement Xml(string zip, string entry, byte[] bytes)
        {
            try
            {
                using var stream = new MemoryStream(bytes);
                return XDocument.Load(stream).Root ?? throw new InvalidSolutionException($"{zip}: {entry} is empty.");
            }
            catch (XmlException e)
            {
                throw new InvalidSolutionException($"{zip}: {entry} is not well-formed XML: {e.Message}", e);
            }
        }
    }
}
