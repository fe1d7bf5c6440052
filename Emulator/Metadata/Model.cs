using System;
using System.Collections.Generic;
using System.Linq;

// The emulator's picture of the solution: tables, columns, choices, relationships, roles, field security
// profiles, environment variables and step registrations. Built from Solution/src (SolutionLoader) plus the
// standard tables the solution touches (StandardTables). Immutable once loaded, so one instance is shared by
// every environment of a process.
namespace Mci.Emulator.Metadata
{
    public enum ColumnType
    {
        String, Memo, Integer, BigInt, Decimal, Double, Money, Boolean, DateTime,
        Picklist, MultiSelectPicklist, State, Status,
        Lookup, Customer, Owner, PrimaryKey, UniqueIdentifier, EntityName, Virtual,
    }

    public enum RequiredLevel { None, Recommended, ApplicationRequired, SystemRequired }

    public enum OwnershipType { None, UserOwned, OrganizationOwned, BusinessOwned }

    /// <summary>One choice option (or status reason, with the state it belongs to).</summary>
    /// <param name="Labels">Label by language code (1033 English, 2052 Simplified Chinese).</param>
    /// <param name="State">For a status reason: the state it belongs to.</param>
    /// <param name="DefaultStatus">For a state: its default status reason.</param>
    public sealed record OptionMetadata(int Value, IReadOnlyDictionary<int, string> Labels, int? State = null, int? DefaultStatus = null)
    {
        public string Label(int languageCode = 1033) =>
            Labels.TryGetValue(languageCode, out var l) ? l : Labels.TryGetValue(1033, out var en) ? en : Labels.Values.FirstOrDefault() ?? Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public sealed record OptionSetMetadata(string Name, bool IsGlobal, IReadOnlyList<OptionMetadata> Options)
    {
        public OptionMetadata? Find(int value) => Options.FirstOrDefault(o => o.Value == value);
    }

    public sealed class ColumnMetadata
    {
        public ColumnMetadata(string logicalName, ColumnType type)
        {
            LogicalName = logicalName;
            Type = type;
        }

        public string LogicalName { get; }
        public ColumnType Type { get; }
        public RequiredLevel RequiredLevel { get; init; }
        public int? MaxLength { get; init; }
        /// <summary>Decimal places for decimal, double and money.</summary>
        public int? Precision { get; init; }
        public decimal? MinValue { get; init; }
        public decimal? MaxValue { get; init; }
        /// <summary>The column's own choice, or the global one it uses (one instance shared by every column of that choice).</summary>
        public OptionSetMetadata? OptionSet { get; init; }
        /// <summary>Tables a lookup may point at (resolved from relationships after loading).</summary>
        public IReadOnlyList<string> Targets { get; internal set; } = Array.Empty<string>();
        public bool IsSecured { get; init; }
        public bool ValidForCreate { get; init; } = true;
        public bool ValidForUpdate { get; init; } = true;
        public bool ValidForRead { get; init; } = true;
        /// <summary>Date-only column (time part dropped).</summary>
        public bool DateOnly { get; init; }
        /// <summary>Default for a yes/no column, applied on create as Dataverse does.</summary>
        public bool? DefaultBoolean { get; init; }
        /// <summary>Default of a choice column (its AppDefaultValue; none when -1), applied on create when the Target leaves the column out.</summary>
        public int? DefaultChoice { get; init; }
        public IReadOnlyDictionary<int, string> DisplayNames { get; init; } = new Dictionary<int, string>();
        public bool IsCustom { get; init; }

        public bool IsLookup => Type is ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner;
        public bool IsChoice => Type is ColumnType.Picklist or ColumnType.State or ColumnType.Status;

        public string DisplayName(int languageCode = 1033) =>
            DisplayNames.TryGetValue(languageCode, out var l) ? l : DisplayNames.TryGetValue(1033, out var en) ? en : LogicalName;
    }

    public sealed class TableMetadata
    {
        private readonly Dictionary<string, ColumnMetadata> _columns = new(StringComparer.Ordinal);

        public TableMetadata(string logicalName, string primaryIdAttribute, string? primaryNameAttribute, OwnershipType ownership, int objectTypeCode)
        {
            LogicalName = logicalName;
            PrimaryIdAttribute = primaryIdAttribute;
            PrimaryNameAttribute = primaryNameAttribute;
            Ownership = ownership;
            ObjectTypeCode = objectTypeCode;
        }

        public string LogicalName { get; }
        public string SchemaName { get; internal set; } = "";
        public string PrimaryIdAttribute { get; }
        public string? PrimaryNameAttribute { get; internal set; }
        public OwnershipType Ownership { get; internal set; }
        public int ObjectTypeCode { get; internal set; }
        public bool IsCustom { get; internal set; }
        public bool IsIntersect { get; internal set; }
        /// <summary>True when Solution/src declares (part of) this table.</summary>
        public bool InSolution { get; internal set; }
        public IReadOnlyDictionary<int, string> DisplayNames { get; internal set; } = new Dictionary<int, string>();
        public IReadOnlyDictionary<string, ColumnMetadata> Columns => _columns;
        public bool HasStateCode => _columns.ContainsKey("statecode");

        public ColumnMetadata? Column(string logicalName) => _columns.TryGetValue(logicalName, out var c) ? c : null;

        internal void AddOrReplace(ColumnMetadata column) => _columns[column.LogicalName] = column;

        public string DisplayName(int languageCode = 1033) =>
            DisplayNames.TryGetValue(languageCode, out var l) ? l : DisplayNames.TryGetValue(1033, out var en) ? en : LogicalName;
    }

    public enum CascadeType { NoCascade, Cascade, Active, UserOwned, RemoveLink, Restrict }

    public enum RelationshipType { OneToMany, ManyToMany }

    public sealed record RelationshipMetadata(string SchemaName, RelationshipType Type)
    {
        // One-to-many: the referencing (child, lookup-holding) and referenced (parent) sides.
        public string ReferencingEntity { get; init; } = "";
        public string ReferencingAttribute { get; init; } = "";
        public string ReferencedEntity { get; init; } = "";
        public CascadeType CascadeDelete { get; init; } = CascadeType.RemoveLink;
        public CascadeType CascadeAssign { get; init; } = CascadeType.NoCascade;
        public CascadeType CascadeShare { get; init; } = CascadeType.NoCascade;
        public CascadeType CascadeUnshare { get; init; } = CascadeType.NoCascade;
        // Many-to-many.
        public string Entity1 { get; init; } = "";
        public string Entity2 { get; init; } = "";
        public string IntersectEntity { get; init; } = "";
        public string Entity1IntersectAttribute { get; init; } = "";
        public string Entity2IntersectAttribute { get; init; } = "";
    }

    public enum PrivilegeDepth { None = 0, Basic = 1, Local = 2, Deep = 4, Global = 8 }

    public enum PrivilegeAccess { Create, Read, Write, Delete, Append, AppendTo, Assign, Share }

    /// <param name="Privileges">Privilege name (prvCreatemci_branch, prvReadAccount, ...) → depth; names compared case-insensitively.</param>
    public sealed record SecurityRoleMetadata(Guid Id, string Name, IReadOnlyDictionary<string, PrivilegeDepth> Privileges)
    {
        public bool IsSystemAdministrator { get; init; }
    }

    public sealed record FieldPermissionMetadata(string Entity, string Attribute, bool CanRead, bool CanCreate, bool CanUpdate);

    public sealed record FieldSecurityProfileMetadata(Guid Id, string Name, IReadOnlyList<FieldPermissionMetadata> Permissions);

    public enum EnvironmentVariableType { String = 100000000, Number = 100000001, Boolean = 100000002, Json = 100000003, DataSource = 100000004, Secret = 100000005 }

    public sealed record EnvironmentVariableMetadata(string SchemaName, EnvironmentVariableType Type, string? DefaultValue)
    {
        public IReadOnlyDictionary<int, string> DisplayNames { get; init; } = new Dictionary<int, string>();
    }

    public enum PipelineStage { PreValidation = 10, PreOperation = 20, MainOperation = 30, PostOperation = 40 }

    public enum StepMode { Synchronous = 0, Asynchronous = 1 }

    public enum ImageType { PreImage = 0, PostImage = 1, Both = 2 }

    /// <param name="Alias">The key plug-ins use: PreEntityImages[Alias].</param>
    /// <param name="Attributes">Null = all columns.</param>
    public sealed record StepImageRegistration(string Alias, ImageType Type, IReadOnlyList<string>? Attributes, string MessagePropertyName)
    {
        public string Name { get; init; } = "";
        public bool IsPre => Type is ImageType.PreImage or ImageType.Both;
        public bool IsPost => Type is ImageType.PostImage or ImageType.Both;
    }

    public sealed class StepRegistration
    {
        public StepRegistration(Guid id, string name, string message, string? primaryEntity, PipelineStage stage, StepMode mode, int rank, string pluginTypeName, string assemblyName)
        {
            Id = id;
            Name = name;
            Message = message;
            PrimaryEntity = primaryEntity;
            Stage = stage;
            Mode = mode;
            Rank = rank;
            PluginTypeName = pluginTypeName;
            AssemblyName = assemblyName;
        }

        public Guid Id { get; }
        public string Name { get; }
        /// <summary>SDK message: Create, Update, Delete, CreateMultiple, UpdateMultiple, Win, ...</summary>
        public string Message { get; }
        /// <summary>Null for a step on any table.</summary>
        public string? PrimaryEntity { get; }
        public string? SecondaryEntity { get; init; }
        public PipelineStage Stage { get; }
        public StepMode Mode { get; }
        public int Rank { get; }
        /// <summary>Full name of the plug-in class (namespace.class).</summary>
        public string PluginTypeName { get; }
        /// <summary>Short name of the registered assembly (e.g. MciDataverse.Plugins).</summary>
        public string AssemblyName { get; }
        /// <summary>Null = all columns (no filter).</summary>
        public IReadOnlyList<string>? FilteringAttributes { get; init; }
        public string? UnsecureConfiguration { get; init; }
        public IReadOnlyList<StepImageRegistration> Images { get; init; } = Array.Empty<StepImageRegistration>();
        public bool AsyncAutoDelete { get; init; }
        public bool Enabled { get; init; } = true;
        public string? Description { get; init; }

        public override string ToString() => Name;
    }

    public sealed record PluginTypeMetadata(Guid Id, string TypeName, string AssemblyName, bool IsWorkflowActivity);
}
