using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Mci.SolutionModel
{
    /// <summary>One form file of an entity: FormXml/&lt;type&gt;/{id}.xml and, when the folder was unpacked as Both, {id}_managed.xml.</summary>
    public sealed record FormFile(string FormType, string Id, string? UnmanagedPath, string? ManagedPath);

    /// <summary>Entities/&lt;SchemaName&gt;/ of the unpacked layout.</summary>
    public sealed record EntityFolder(string SchemaName, string EntityXml, IReadOnlyList<FormFile> Forms, IReadOnlyList<string> SavedQueries, string? RibbonDiff);

    /// <summary>PluginAssemblies/&lt;Name&gt;-&lt;GUID&gt;/: the registration data and, when committed, the assembly itself.</summary>
    public sealed record AssemblyFolder(string FolderName, string AssemblyName, string DataXml, string? Dll)
    {
        /// <summary>Path of the assembly inside the zip and inside the folder, with forward slashes.</summary>
        public string ZipPath => $"PluginAssemblies/{FolderName}/{AssemblyName}.dll";
    }

    /// <summary>
    /// The standard layout `pac solution unpack` (SolutionPackager) writes. Opening a folder checks that every entry is one
    /// this packer folds back; anything else is an error naming it, never silently left out of the zip.
    /// </summary>
    public sealed partial class SolutionFolder
    {
        // Form types SolutionPackager writes under FormXml/, in the order exports list them.
        public static readonly IReadOnlyList<string> FormTypes = new[] { "main", "quickCreate", "quick", "card", "mobile", "appointmentBook", "dashboard", "dialog", "task" };

        private static readonly string[] SupportedTopLevel = { "Other", "Entities", "OptionSets", "Roles", "PluginAssemblies", "SdkMessageProcessingSteps", "environmentvariabledefinitions", "WebResources", "AppModules", "AppModuleSiteMaps", "customapis", "Workflows" };
        private static readonly string[] SupportedOther = { "Solution.xml", "Customizations.xml", "Relationships.xml", "FieldSecurityProfiles.xml", "Relationships" };

        private SolutionFolder(string root)
        {
            Root = root;
        }

        public string Root { get; }

        /// <summary>A file's path below <see cref="Root"/> with '/' separators: its entry in a packed zip (e.g. customapis/NAME/customapi.xml).</summary>
        public string EntryName(string file) => Path.GetRelativePath(Root, file).Replace('\\', '/');

        public string SolutionXml => Path.Combine(Root, "Other", "Solution.xml");
        public string CustomizationsXml => Path.Combine(Root, "Other", "Customizations.xml");
        public string? RelationshipsIndex { get; private set; }
        public string? FieldSecurityProfiles { get; private set; }
        public IReadOnlyList<string> RelationshipFiles { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<EntityFolder> Entities { get; private set; } = Array.Empty<EntityFolder>();
        public IReadOnlyList<string> OptionSets { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<string> Roles { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<AssemblyFolder> Assemblies { get; private set; } = Array.Empty<AssemblyFolder>();
        public IReadOnlyList<string> Steps { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<string> EnvironmentVariables { get; private set; } = Array.Empty<string>();

        public static SolutionFolder Open(string root)
        {
            if (!Directory.Exists(root))
            {
                throw new InvalidSolutionException($"Solution folder not found: {root}");
            }
            var folder = new SolutionFolder(Path.GetFullPath(root));
            folder.Scan();
            return folder;
        }

        private void Scan()
        {
            foreach (var entry in Entries(Root))
            {
                var name = Path.GetFileName(entry);
                if (!SupportedTopLevel.Contains(name, StringComparer.Ordinal) || !Directory.Exists(entry))
                {
                    throw Unsupported(entry, "component folder");
                }
            }
            if (!File.Exists(SolutionXml) || !File.Exists(CustomizationsXml))
            {
                throw new InvalidSolutionException($"{Root}: Other/Solution.xml and Other/Customizations.xml are required.");
            }
            ScanOther();
            Entities = SubFolders("Entities").Select(ScanEntity).ToList();
            OptionSets = XmlFilesIn("OptionSets");
            Roles = XmlFilesIn("Roles");
            Steps = XmlFilesIn("SdkMessageProcessingSteps");
            Assemblies = SubFolders("PluginAssemblies").Select(ScanAssembly).ToList();
            EnvironmentVariables = SubFolders("environmentvariabledefinitions").Select(ScanEnvironmentVariable).ToList();
            ScanUserInterface();
            ScanProcesses();
        }

        private void ScanOther()
        {
            var other = Path.Combine(Root, "Other");
            foreach (var entry in Entries(other))
            {
                if (!SupportedOther.Contains(Path.GetFileName(entry), StringComparer.Ordinal))
                {
                    throw Unsupported(entry, "file in Other/");
                }
            }
            RelationshipsIndex = ExistingFile(Path.Combine(other, "Relationships.xml"));
            FieldSecurityProfiles = ExistingFile(Path.Combine(other, "FieldSecurityProfiles.xml"));
            var relationships = Path.Combine(other, "Relationships");
            RelationshipFiles = Directory.Exists(relationships) ? XmlFiles(relationships) : Array.Empty<string>();
        }

        private EntityFolder ScanEntity(string dir)
        {
            var forms = new List<FormFile>();
            var views = new List<string>();
            string? ribbon = null;
            foreach (var entry in Entries(dir))
            {
                var name = Path.GetFileName(entry);
                if (name == "Entity.xml" && File.Exists(entry)) continue;
                if (name == "RibbonDiff.xml" && File.Exists(entry)) { ribbon = entry; continue; }
                if (name == "SavedQueries" && Directory.Exists(entry)) { views.AddRange(XmlFiles(entry)); continue; }
                if (name == "FormXml" && Directory.Exists(entry)) { forms.AddRange(ScanForms(entry)); continue; }
                throw Unsupported(entry, "entity component");
            }
            var entityXml = Path.Combine(dir, "Entity.xml");
            if (!File.Exists(entityXml))
            {
                throw new InvalidSolutionException($"{dir}: Entity.xml is missing.");
            }
            return new EntityFolder(Path.GetFileName(dir), entityXml, forms, views, ribbon);
        }

        private static IEnumerable<FormFile> ScanForms(string formXml)
        {
            foreach (var typeDir in Entries(formXml))
            {
                var type = Path.GetFileName(typeDir);
                if (!Directory.Exists(typeDir) || !FormTypes.Contains(type, StringComparer.Ordinal))
                {
                    throw Unsupported(typeDir, "form type");
                }
                var byId = new SortedDictionary<string, (string? Unmanaged, string? Managed)>(StringComparer.OrdinalIgnoreCase);
                foreach (var file in Entries(typeDir))
                {
                    var name = Path.GetFileNameWithoutExtension(file);
                    if (!file.EndsWith(".xml", StringComparison.Ordinal) || !File.Exists(file))
                    {
                        throw Unsupported(file, "form file");
                    }
                    var managed = name.EndsWith("_managed", StringComparison.Ordinal);
                    var id = managed ? name.Substring(0, name.Length - "_managed".Length) : name;
                    byId.TryGetValue(id, out var pair);
                    byId[id] = managed ? (pair.Unmanaged, file) : (file, pair.Managed);
                }
                foreach (var kv in byId)
                {
                    yield return new FormFile(type, kv.Key, kv.Value.Unmanaged, kv.Value.Managed);
                }
            }
        }

        private static AssemblyFolder ScanAssembly(string dir)
        {
            var folderName = Path.GetFileName(dir);
            // <Name>-<GUID>: the GUID has 36 characters, so the name ends 37 characters before the end.
            if (folderName.Length < 38 || folderName[folderName.Length - 37] != '-' || !Guid.TryParse(folderName.Substring(folderName.Length - 36), out _))
            {
                throw new InvalidSolutionException($"{dir}: a plug-in assembly folder is named <AssemblyName>-<GUID>.");
            }
            var assemblyName = folderName.Substring(0, folderName.Length - 37);
            var dataXml = Path.Combine(dir, assemblyName + ".dll.data.xml");
            var dll = Path.Combine(dir, assemblyName + ".dll");
            foreach (var entry in Entries(dir))
            {
                if (entry != dataXml && entry != dll)
                {
                    throw Unsupported(entry, "file in a plug-in assembly folder");
                }
            }
            if (!File.Exists(dataXml))
            {
                throw new InvalidSolutionException($"{dir}: {assemblyName}.dll.data.xml is missing.");
            }
            return new AssemblyFolder(folderName, assemblyName, dataXml, File.Exists(dll) ? dll : null);
        }

        private static string ScanEnvironmentVariable(string dir)
        {
            var file = Path.Combine(dir, "environmentvariabledefinition.xml");
            foreach (var entry in Entries(dir))
            {
                if (entry != file)
                {
                    throw Unsupported(entry, "environment variable file");
                }
            }
            if (!File.Exists(file))
            {
                throw new InvalidSolutionException($"{dir}: environmentvariabledefinition.xml is missing.");
            }
            return file;
        }

        private IReadOnlyList<string> SubFolders(string name)
        {
            var dir = Path.Combine(Root, name);
            if (!Directory.Exists(dir)) return Array.Empty<string>();
            var entries = Entries(dir).ToList();
            var file = entries.FirstOrDefault(File.Exists);
            if (file != null) throw Unsupported(file, $"file directly in {name}/");
            return entries;
        }

        private IReadOnlyList<string> XmlFilesIn(string name)
        {
            var dir = Path.Combine(Root, name);
            return Directory.Exists(dir) ? XmlFiles(dir) : Array.Empty<string>();
        }

        private static IReadOnlyList<string> XmlFiles(string dir)
        {
            var entries = Entries(dir).ToList();
            var bad = entries.FirstOrDefault(e => !File.Exists(e) || !e.EndsWith(".xml", StringComparison.Ordinal));
            if (bad != null) throw Unsupported(bad, "entry (only .xml files belong here)");
            return entries;
        }

        // Sorted ordinally so every run folds components in the same order; dot-files (.gitkeep) are not components.
        private static IEnumerable<string> Entries(string dir) =>
            Directory.EnumerateFileSystemEntries(dir)
                .Where(e => !Path.GetFileName(e).StartsWith(".", StringComparison.Ordinal))
                .OrderBy(e => e, StringComparer.Ordinal);

        private static string? ExistingFile(string path) => File.Exists(path) ? path : null;

        private static InvalidSolutionException Unsupported(string path, string what) =>
            new InvalidSolutionException($"Unsupported {what}: {path}. This packer folds only the components it knows (see docs/developer-guide.md, section The packer); it does not drop anything silently.");
    }
}
