using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Emulator.Metadata
{
    /// <summary>Everything the emulator knows about the solution, loaded once per folder and shared (read-only).</summary>
    public sealed class SolutionMetadata
    {
        /// <summary>Well-known id of the built-in System Administrator role.</summary>
        public static readonly Guid SystemAdministratorRoleId = new("0c0b6b0e-0a3f-4c3e-9a57-5d0c2d7f0001");

        internal SolutionMetadata(
            string? sourceFolder,
            IReadOnlyDictionary<string, TableMetadata> tables,
            IReadOnlyDictionary<string, OptionSetMetadata> globalOptionSets,
            IReadOnlyList<RelationshipMetadata> relationships,
            IReadOnlyList<SecurityRoleMetadata> roles,
            IReadOnlyList<FieldSecurityProfileMetadata> fieldSecurityProfiles,
            IReadOnlyList<EnvironmentVariableMetadata> environmentVariables,
            IReadOnlyList<PluginTypeMetadata> pluginTypes,
            IReadOnlyList<StepRegistration> steps,
            IReadOnlyList<string> warnings)
        {
            SourceFolder = sourceFolder;
            Tables = tables;
            GlobalOptionSets = globalOptionSets;
            Relationships = relationships;
            Roles = roles;
            FieldSecurityProfiles = fieldSecurityProfiles;
            EnvironmentVariables = environmentVariables;
            PluginTypes = pluginTypes;
            Steps = steps;
            Warnings = warnings;
            _relationshipsByName = relationships.GroupBy(r => r.SchemaName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            _securedColumns = tables.Values.SelectMany(t => t.Columns.Values.Where(c => c.IsSecured).Select(c => (t.LogicalName, c.LogicalName))).ToHashSet();
        }

        private readonly Dictionary<string, RelationshipMetadata> _relationshipsByName;
        private readonly HashSet<(string, string)> _securedColumns;

        /// <summary>Solution/src folder it came from; null for the standard tables only.</summary>
        public string? SourceFolder { get; }
        public IReadOnlyDictionary<string, TableMetadata> Tables { get; }
        public IReadOnlyDictionary<string, OptionSetMetadata> GlobalOptionSets { get; }
        public IReadOnlyList<RelationshipMetadata> Relationships { get; }
        /// <summary>The solution's roles plus the built-in System Administrator.</summary>
        public IReadOnlyList<SecurityRoleMetadata> Roles { get; }
        public IReadOnlyList<FieldSecurityProfileMetadata> FieldSecurityProfiles { get; }
        public IReadOnlyList<EnvironmentVariableMetadata> EnvironmentVariables { get; }
        public IReadOnlyList<PluginTypeMetadata> PluginTypes { get; }
        public IReadOnlyList<StepRegistration> Steps { get; }
        /// <summary>Things the loader could not use (unknown message ids, lookups without a target, ...).</summary>
        public IReadOnlyList<string> Warnings { get; }

        public TableMetadata? Table(string logicalName) => Tables.TryGetValue(logicalName, out var t) ? t : null;

        public RelationshipMetadata? Relationship(string schemaName) => _relationshipsByName.TryGetValue(schemaName, out var r) ? r : null;

        public SecurityRoleMetadata? Role(string name) => Roles.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

        public FieldSecurityProfileMetadata? FieldSecurityProfile(string name) => FieldSecurityProfiles.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        public bool IsSecured(string table, string column) => _securedColumns.Contains((table, column));

        /// <summary>One-to-many relationships in which the given table is the parent (referenced side).</summary>
        public IEnumerable<RelationshipMetadata> ChildRelationships(string table) =>
            Relationships.Where(r => r.Type == RelationshipType.OneToMany && r.ReferencedEntity == table);

        /// <summary>The tables, columns and steps of the built-in standard tables only (no solution).</summary>
        public static SolutionMetadata StandardOnly() => SolutionLoader.Build(null, null);
    }
}
