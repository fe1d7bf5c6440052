using System;
using System.Collections.Generic;
using System.Linq;

// What SolutionMetadata.Load reads from an unpacked solution: plain records that say what the XML says. A value the XML
// leaves out is null (or empty), so each consumer applies its own rule: the registration checker reports it, the emulator
// takes Dataverse's default.
namespace Mci.Packaging.Metadata
{
    /// <summary>A label in each language it is given in (1033 English, 2052 Simplified Chinese, ...).</summary>
    public sealed record Label(IReadOnlyDictionary<int, string> ByLanguage)
    {
        public string this[int lcid] => ByLanguage.TryGetValue(lcid, out var s) ? s : string.Empty;
        public override string ToString() => this[1033];
    }

    /// <summary>A choice option; for a status reason also the state it belongs to, for a state its default status reason.</summary>
    public sealed record OptionMetadata(int Value, Label Label)
    {
        public int? State { get; init; }
        public int? DefaultStatus { get; init; }
    }

    /// <summary>A choice: a column's own (IsGlobal false) or a global one from OptionSets/.</summary>
    public sealed record OptionSetMetadata(string Name, bool IsGlobal, IReadOnlyList<OptionMetadata> Options);

    /// <summary>A column as Entity.xml declares it. Types are the export's: nvarchar, ntext (multiline), int, decimal, money, bit,
    /// datetime, picklist, lookup, owner, state, status, primarykey. Lookup targets come from the relationships. OptionSet is the
    /// column's own choice, or the global one it names when the solution defines it (OptionSetName names it either way).</summary>
    public sealed record AttributeMetadata(
        string LogicalName, string SchemaName, string Type, string RequiredLevel, Label DisplayName, Label Description,
        int? MaxLength, decimal? MinValue, decimal? MaxValue, int? Precision, bool IsSecured, bool IsCustomField, bool IsPrimaryName,
        string? Format, int? DateTimeBehavior, int? DefaultValue, string? OptionSetName, OptionSetMetadata? OptionSet, IReadOnlyList<string> Targets,
        bool ValidForCreate, bool ValidForUpdate, bool ValidForRead)
    {
        public IReadOnlyList<OptionMetadata> Options => OptionSet?.Options ?? Array.Empty<OptionMetadata>();
    }

    public sealed record EntityMetadata(string LogicalName, string SchemaName, bool IsShell, string? OwnershipType, Label DisplayName, Label CollectionName,
        IReadOnlyDictionary<string, AttributeMetadata> Attributes)
    {
        public string PrimaryIdAttribute => LogicalName + "id";
        public string? PrimaryNameAttribute => Attributes.Values.FirstOrDefault(a => a.IsPrimaryName)?.LogicalName;
    }

    /// <summary>A relationship of Other/Relationships/. One-to-many: the referencing (child) table holds the lookup to the
    /// referenced (parent) table. Many-to-many: Entity1 and Entity2 meet in the intersect table.</summary>
    public sealed record RelationshipMetadata(string Name, string ReferencedEntity, string ReferencingEntity, string ReferencingAttribute,
        string CascadeAssign, string CascadeDelete, string CascadeReparent, string CascadeShare, string CascadeUnshare)
    {
        public bool IsManyToMany { get; init; }
        public string Entity1 { get; init; } = string.Empty;
        public string Entity2 { get; init; } = string.Empty;
        public string IntersectEntity { get; init; } = string.Empty;
        public string Entity1IntersectAttribute { get; init; } = string.Empty;
        public string Entity2IntersectAttribute { get; init; } = string.Empty;
    }

    public sealed record RolePrivilegeMetadata(string Name, string Level);

    /// <summary>Id is Guid.Empty when the file gives none.</summary>
    public sealed record RoleMetadata(Guid Id, string Name, IReadOnlyList<RolePrivilegeMetadata> Privileges);

    /// <summary>4 = allowed, 0 = not allowed (FieldPermission CanRead/CanUpdate/CanCreate).</summary>
    public sealed record FieldPermissionMetadata(string Entity, string Attribute, int CanRead, int CanUpdate, int CanCreate);

    /// <summary>Id is Guid.Empty when the file gives none.</summary>
    public sealed record FieldSecurityProfileMetadata(Guid Id, string Name, string Description, IReadOnlyList<FieldPermissionMetadata> Permissions);

    /// <summary>Type: 100000000 String, 100000001 Number, 100000002 Boolean, 100000003 JSON, 100000004 Data source, 100000005 Secret
    /// (0 when the file gives none).</summary>
    public sealed record EnvironmentVariableMetadata(string SchemaName, int Type, string? DefaultValue, bool IsRequired, Label DisplayName, Label Description);

    public sealed record PluginTypeMetadata(Guid Id, string TypeName, string AssemblyQualifiedName, string Name, string FriendlyName, string? WorkflowActivityGroupName)
    {
        public bool IsWorkflowActivity => WorkflowActivityGroupName != null;
    }

    public sealed record PluginAssemblyMetadata(Guid Id, string Name, string FullName, int IsolationMode, int SourceType, string File, IReadOnlyList<PluginTypeMetadata> Types);

    /// <summary>ImageType: 0 pre-image, 1 post-image, 2 both (null when missing).</summary>
    public sealed record StepImageMetadata(string Name, string EntityAlias, int? ImageType, string MessagePropertyName, IReadOnlyList<string> Attributes);

    /// <summary>A registered step. Stage 10 PreValidation, 20 PreOperation, 40 PostOperation; Mode 0 synchronous, 1 asynchronous
    /// (Stage, Mode and Rank are null when missing). Message is the SDK message name of a published SdkMessageId
    /// (<see cref="SdkMessages"/>), else null: the step name says nothing the import reads. StateCode 1 = disabled.</summary>
    public sealed record StepMetadata(Guid Id, string Name, string File, Guid? MessageId, string? Message, string PrimaryEntity, string SecondaryEntity,
        int? Stage, int? Mode, int? Rank, IReadOnlyList<string> FilteringAttributes, Guid? PluginTypeId, string PluginTypeName, string? Configuration,
        bool AsyncAutoDelete, int SupportedDeployment, int EventHandlerTypeCode, IReadOnlyList<StepImageMetadata> Images)
    {
        public string? Description { get; init; }
        public int StateCode { get; init; }
    }
}
