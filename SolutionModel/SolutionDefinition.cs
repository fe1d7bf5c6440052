using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Mci.SolutionModel
{
    /// <summary>
    /// Everything one solution declares, read in one place (<see cref="SolutionReader"/>) from an unpacked folder (Solution/src,
    /// the layout `pac solution unpack` writes) or from a packed zip as an import reads it. The packer, the registration
    /// checker, `mci check`, the emulator and the CLI all read a solution through this. Lists keep every component in the
    /// order read, duplicates included (the root-component check reports those); the lookups return the first.
    /// </summary>
    public sealed class SolutionDefinition
    {
        private readonly Func<string, byte[]?> _readFile;

        internal SolutionDefinition(string source, bool isPacked, Func<string, byte[]?> readFile)
        {
            Source = source;
            IsPacked = isPacked;
            _readFile = readFile;
        }

        /// <summary>The folder or zip it was read from (full path).</summary>
        public string Source { get; }
        /// <summary>Read from a packed zip (true) or an unpacked folder.</summary>
        public bool IsPacked { get; }

        public SolutionManifest Manifest { get; internal set; } = null!;
        public IReadOnlyList<TableDefinition> Tables { get; internal set; } = Array.Empty<TableDefinition>();
        /// <summary>The global choices (OptionSets/).</summary>
        public IReadOnlyList<Choice> GlobalChoices { get; internal set; } = Array.Empty<Choice>();
        public IReadOnlyList<RelationshipDefinition> Relationships { get; internal set; } = Array.Empty<RelationshipDefinition>();
        public IReadOnlyList<FormDefinition> Forms { get; internal set; } = Array.Empty<FormDefinition>();
        public IReadOnlyList<ViewDefinition> Views { get; internal set; } = Array.Empty<ViewDefinition>();
        public IReadOnlyList<SecurityRoleDefinition> Roles { get; internal set; } = Array.Empty<SecurityRoleDefinition>();
        public IReadOnlyList<FieldSecurityProfileDefinition> FieldSecurityProfiles { get; internal set; } = Array.Empty<FieldSecurityProfileDefinition>();
        public IReadOnlyList<EnvironmentVariableDefinition> EnvironmentVariables { get; internal set; } = Array.Empty<EnvironmentVariableDefinition>();
        public IReadOnlyList<ConnectionReferenceDefinition> ConnectionReferences { get; internal set; } = Array.Empty<ConnectionReferenceDefinition>();
        public IReadOnlyList<PluginAssemblyDefinition> PluginAssemblies { get; internal set; } = Array.Empty<PluginAssemblyDefinition>();
        public IReadOnlyList<StepDefinition> Steps { get; internal set; } = Array.Empty<StepDefinition>();
        public IReadOnlyList<WebResourceDefinition> WebResources { get; internal set; } = Array.Empty<WebResourceDefinition>();
        public IReadOnlyList<SiteMapDefinition> SiteMaps { get; internal set; } = Array.Empty<SiteMapDefinition>();
        public IReadOnlyList<AppDefinition> Apps { get; internal set; } = Array.Empty<AppDefinition>();
        /// <summary>The custom APIs (customapis/).</summary>
        public IReadOnlyList<CustomApiDefinition> CustomApis { get; internal set; } = Array.Empty<CustomApiDefinition>();
        /// <summary>The processes (Workflows/): MCI's are cloud flows.</summary>
        public IReadOnlyList<WorkflowDefinition> Workflows { get; internal set; } = Array.Empty<WorkflowDefinition>();
        /// <summary>The zip's entries (empty for a folder).</summary>
        public IReadOnlyList<string> Entries { get; internal set; } = Array.Empty<string>();

        public IEnumerable<PluginTypeDefinition> PluginTypes => PluginAssemblies.SelectMany(a => a.Types);

        public TableDefinition? Table(string logicalName) => Tables.FirstOrDefault(t => string.Equals(t.LogicalName, logicalName, StringComparison.OrdinalIgnoreCase));

        public CustomApiDefinition? CustomApi(string uniqueName) => CustomApis.FirstOrDefault(a => string.Equals(a.UniqueName, uniqueName, StringComparison.OrdinalIgnoreCase));

        public Choice? GlobalChoice(string name) => GlobalChoices.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

        public RelationshipDefinition? Relationship(string schemaName) => Relationships.FirstOrDefault(r => string.Equals(r.SchemaName, schemaName, StringComparison.OrdinalIgnoreCase));

        /// <summary>The lookup targets of TABLE.COLUMN, from the relationships that name it as referencing attribute.</summary>
        public IReadOnlyList<string> LookupTargets(string table, string column) =>
            Relationships.Where(r => r.Kind == RelationshipKind.OneToMany && SolutionXml.SameName(r.ReferencingEntity, table) && SolutionXml.SameName(r.ReferencingAttribute, column))
                .Select(r => r.ReferencedEntity).Distinct().ToList();

        /// <summary>The bytes of a file of the solution: a zip entry (a path such as /PluginAssemblies/Name-GUID/Name.dll), or a
        /// file under the folder; null when there is none.</summary>
        public byte[]? ReadFile(string path) => _readFile(path.Replace('\\', '/').TrimStart('/'));

        /// <summary>Reads a folder (unpacked layout) or a zip, by what <paramref name="path"/> is.</summary>
        public static SolutionDefinition Read(string path) => Directory.Exists(path) ? ReadFolder(path) : ReadZip(path);

        /// <summary>Reads an unpacked solution folder (the layout `pac solution unpack` writes).</summary>
        public static SolutionDefinition ReadFolder(string folder) => SolutionReader.ReadFolder(folder);

        /// <summary>Reads a packed solution zip as an import reads it: solution.xml, customizations.xml, the environment variable
        /// files and the plug-in assemblies inside it.</summary>
        public static SolutionDefinition ReadZip(string zip) => SolutionReader.ReadZip(zip);
    }
}
