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
    public sealed class OptionMetadata
    {
        public OptionMetadata(int value, IReadOnlyDictionary<int, string> labels, int? state = null, int? defaultStatus = null)
        {
            Value = value;
            Labels = labels;
            State = state;
            DefaultStatus = defaultStatus;
        }

        public int Value { get; }
        /// <summary>Label by language code (1033 English, 2052 Simplified Chinese).</summary>
        public IReadOnlyDictionary<int, string> Labels { get; }
        /// <summary>For a status reason: the state it belongs to.</summary>
        public int? State { get; }
        /// <summary>For a state: its default status reason.</summary>
        public int? DefaultStatus { get; }

        public string Label(int languageCode = 1033) =>
            Labels.TryGetValue(languageCode, out var l) ? l : Labels.TryGetValue(1033, out var en) ? en : Labels.Values.FirstOrDefault() ?? Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public sealed class OptionSetMetadata
    {
        public OptionSetMetadata(string name, bool isGlobal, IReadOnlyList<OptionMetadata> options)
        {
            Name = name;
            IsGlobal = isGlobal;
            Options = options;
        }

        public string Name { get; }
        public bool IsGlobal { get; }
        public IReadOnlyList<OptionMetadata> Options { get; }
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
        public OptionSetMetadata? OptionSet { get; internal set; }
        /// <summary>Name of the global choice this column uses, resolved into OptionSet after loading.</summary>
        public string? OptionSetName { get; init; }
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

    public sealed class RelationshipMetadata
    {
        public RelationshipMetadata(string schemaName, RelationshipType type)
        {
            SchemaName = schemaName;
            Type = type;
        }

        public string SchemaName { get; }
        public RelationshipType Type { get; }
        // One-to-many: the referencing (child, lookup-holding) and referenced (parent) sides.
        public string ReferencingEntity { get; init; } = "";
        public string ReferencingAttribute { get; init; } = "";
        public string ReferencedEntity { get; init; } = "";
        public CascadeType CascadeDelete { get; init; } = CascadeType.RemoveLink;
        public CascadeType CascadeAssign { get; init; } = CascadeType.NoCascade;
        // Many-to-many.
        public string Entity1 { get; init; } = "";
        public string Entity2 { get; init; } = "";
        public string IntersectEntity { get; init; } = "";
        public string Entity1IntersectAttribute { get; init; } = "";
        public string Entity2IntersectAttribute { get; init; } = "";
    }

    public enum PrivilegeDepth { None = 0, Basic = 1, Local = 2, Deep = 4, Global = 8 }

    public enum PrivilegeAccess { Create, Read, Write, Delete, Append, AppendTo, Assign, Share }

    public sealed class SecurityRoleMetadata
    {
        public SecurityRoleMetadata(Guid id, string name, IReadOnlyDictionary<string, PrivilegeDepth> privileges)
        {
            Id = id;
            Name = name;
            Privileges = privileges;
        }

        public Guid Id { get; }
        public string Name { get; }
        /// <summary>Privilege name (prvCreatemci_branch, prvReadAccount, ...) → depth; names compared case-insensitively.</summary>
        public IReadOnlyDictionary<string, PrivilegeDepth> Privileges { get; }
        public bool IsSystemAdministrator { get; init; }
    }

    public sealed class FieldPermissionMetadata
    {
        public FieldPermissionMetadata(string entity, string attribute, bool canRead, bool canCreate, bool canUpdate)
        {
            Entity = entity;
            Attribute = attribute;
            CanRead = canRead;
            CanCreate = canCreate;
            CanUpdate = canUpdate;
        }

        public string Entity { get; }
        public string Attribute { get; }
        public bool CanRead { get; }
        public bool CanCreate { get; }
        public bool CanUpdate { get; }
    }

    public sealed class FieldSecurityProfileMetadata
    {
        public FieldSecurityProfileMetadata(Guid id, string name, IReadOnlyList<FieldPermissionMetadata> permissions)
        {
            Id = id;
            Name = name;
            Permissions = permissions;
        }

        public Guid Id { get; }
        public string Name { get; }
        public IReadOnlyList<FieldPermissionMetadata> Permissions { get; }
    }

    public enum EnvironmentVariableType { String = 100000000, Number = 100000001, Boolean = 100000002, Json = 100000003, DataSource = 100000004, Secret = 100000005 }

    public sealed class EnvironmentVariableMetadata
    {
        public EnvironmentVariableMetadata(string schemaName, EnvironmentVariableType type, string? defaultValue)
        {
            SchemaName = schemaName;
            Type = type;
            DefaultValue = defaultValue;
        }

        public string SchemaName { get; }
        public EnvironmentVariableType Type { get; }
        public string? DefaultValue { get; }
        public IReadOnlyDictionary<int, string> DisplayNames { get; init; } = new Dictionary<int, string>();
    }

    public enum PipelineStage { PreValidation = 10, PreOperation = 20, MainOperation = 30, PostOperation = 40 }

    public enum StepMode { Synchronous = 0, Asynchronous = 1 }

    public enum ImageType { PreImage = 0, PostImage = 1, Both = 2 }

    public sealed class StepImageRegistration
    {
        public StepImageRegistration(string alias, ImageType type, IReadOnlyList<string>? attributes, string messagePropertyName)
        {
            Alias = alias;
            Type = type;
            Attributes = attributes;
            MessagePropertyName = messagePropertyName;
        }

        /// <summary>The key plug-ins use: PreEntityImages[Alias].</summary>
        public string Alias { get; }
        public ImageType Type { get; }
        /// <summary>Null = all columns.</summary>
        public IReadOnlyList<string>? Attributes { get; }
        public string MessagePropertyName { get; }
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

    public sealed class PluginTypeMetadata
    {
        public PluginTypeMetadata(Guid id, string typeName, string assemblyName, bool isWorkflowActivity)
        {
            Id = id;
            TypeName = typeName;
            AssemblyName = assemblyName;
            IsWorkflowActivity = isWorkflowActivity;
        }

        public Guid Id { get; }
        public string TypeName { get; }
        public string AssemblyName { get; }
        public bool IsWorkflowActivity { get; }
    }
}
