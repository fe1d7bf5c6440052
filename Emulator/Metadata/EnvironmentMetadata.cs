using System;
using System.Collections.Generic;
using System.Linq;
using Mci.SolutionModel;

namespace Mci.Emulator.Metadata
{
    /// <summary>
    /// What an emulated environment knows: the platform's standard tables with the solution's tables, columns, choices,
    /// relationships, roles, field security profiles, environment variables and steps merged in, lookups resolved and system
    /// columns added (<see cref="SolutionLoader"/>). A runtime view built from the records of Mci.SolutionModel, not a model of
    /// its own: every table, column and step here is one of those records. Immutable once built, so one instance is shared by
    /// every environment of a process.
    /// </summary>
    public sealed class EnvironmentMetadata
    {
        /// <summary>Well-known id of the built-in System Administrator role.</summary>
        public static readonly Guid SystemAdministratorRoleId = new("0c0b6b0e-0a3f-4c3e-9a57-5d0c2d7f0001");

        private readonly Dictionary<string, RelationshipDefinition> _relationshipsByName;
        private readonly HashSet<(string, string)> _securedColumns;

        internal EnvironmentMetadata(
            SolutionDefinition? solution,
            IReadOnlyDictionary<string, TableDefinition> tables,
            IReadOnlyDictionary<string, Choice> globalChoices,
            IReadOnlyList<RelationshipDefinition> relationships,
            IReadOnlyList<SecurityRoleDefinition> roles,
            IReadOnlyList<FieldSecurityProfileDefinition> fieldSecurityProfiles,
            IReadOnlyList<EnvironmentVariableDefinition> environmentVariables,
            IReadOnlyList<PluginTypeDefinition> pluginTypes,
            IReadOnlyList<StepDefinition> steps,
            IReadOnlyList<string> warnings)
        {
            Solution = solution;
            Tables = tables;
            GlobalChoices = globalChoices;
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

        /// <summary>The solution it was built from (a folder or a zip); null for the standard tables only.</summary>
        public SolutionDefinition? Solution { get; }
        public IReadOnlyDictionary<string, TableDefinition> Tables { get; }
        public IReadOnlyDictionary<string, Choice> GlobalChoices { get; }
        public IReadOnlyList<RelationshipDefinition> Relationships { get; }
        /// <summary>The solution's roles plus the built-in System Administrator and the standard roles the solution does not replace.</summary>
        public IReadOnlyList<SecurityRoleDefinition> Roles { get; }
        public IReadOnlyList<FieldSecurityProfileDefinition> FieldSecurityProfiles { get; }
        public IReadOnlyList<EnvironmentVariableDefinition> EnvironmentVariables { get; }
        public IReadOnlyList<PluginTypeDefinition> PluginTypes { get; }
        /// <summary>The steps, with the messages the environment knows and the ids Dataverse would give those the XML gives none.</summary>
        public IReadOnlyList<StepDefinition> Steps { get; }
        /// <summary>Things the loader could not use (lookups without a target, columns of an unknown type, ...).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>The solution's custom APIs (customapis/): each is a message the environment answers (CustomApiHandler).</summary>
        public IReadOnlyList<CustomApiDefinition> CustomApis => Solution?.CustomApis ?? Array.Empty<CustomApiDefinition>();

        /// <summary>The custom API of a unique name (compared exactly, as request names are), or null.</summary>
        public CustomApiDefinition? CustomApi(string uniqueName) => CustomApis.FirstOrDefault(a => string.Equals(a.UniqueName, uniqueName, StringComparison.Ordinal));

        public TableDefinition? Table(string logicalName) => Tables.TryGetValue(logicalName, out var t) ? t : null;

        public RelationshipDefinition? Relationship(string schemaName) => _relationshipsByName.TryGetValue(schemaName, out var r) ? r : null;

        public SecurityRoleDefinition? Role(string name) => Roles.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

        public FieldSecurityProfileDefinition? FieldSecurityProfile(string name) => FieldSecurityProfiles.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        public bool IsSecured(string table, string column) => _securedColumns.Contains((table, column));

        /// <summary>One-to-many relationships in which the given table is the parent (referenced side).</summary>
        public IEnumerable<RelationshipDefinition> ChildRelationships(string table) =>
            Relationships.Where(r => r.Kind == RelationshipKind.OneToMany && r.ReferencedEntity == table);

        /// <summary>The tables, columns and roles of the platform only (no solution).</summary>
        public static EnvironmentMetadata StandardOnly() => SolutionLoader.Build(null);
    }
}
