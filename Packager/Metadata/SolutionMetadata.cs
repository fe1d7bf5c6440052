using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace Mci.Packaging.Metadata
{
    /// <summary>A label in each language it is given in (1033 English, 2052 Simplified Chinese, ...).</summary>
    public sealed record Label(IReadOnlyDictionary<int, string> ByLanguage)
    {
        public string this[int lcid] => ByLanguage.TryGetValue(lcid, out var s) ? s : string.Empty;
        public override string ToString() => this[1033];

        internal static Label From(XElement? container, string item, string attribute = "description") =>
            new(container?.Elements(item).ToDictionary(e => int.Parse(SolutionXml.Attr(e, "languagecode"), CultureInfo.InvariantCulture), e => SolutionXml.Attr(e, attribute))
                ?? new Dictionary<int, string>());
    }

    public sealed record OptionMetadata(int Value, Label Label);

    /// <summary>A column as Entity.xml declares it. Types are the export's: nvarchar, ntext (multiline), int, decimal, money, bit,
    /// datetime, picklist, lookup, owner, state, status, primarykey. Lookup targets come from the relationships.</summary>
    public sealed record AttributeMetadata(
        string LogicalName, string SchemaName, string Type, string RequiredLevel, Label DisplayName, Label Description,
        int? MaxLength, decimal? MinValue, decimal? MaxValue, int? Precision, bool IsSecured, bool IsCustomField, bool IsPrimaryName,
        string? Format, int? DateTimeBehavior, int? DefaultValue, string? OptionSetName, IReadOnlyList<OptionMetadata> Options, IReadOnlyList<string> Targets,
        bool ValidForCreate, bool ValidForUpdate);

    public sealed record EntityMetadata(string LogicalName, string SchemaName, bool IsShell, string? OwnershipType, Label DisplayName, Label CollectionName,
        IReadOnlyDictionary<string, AttributeMetadata> Attributes)
    {
        public string PrimaryIdAttribute => LogicalName + "id";
        public string? PrimaryNameAttribute => Attributes.Values.FirstOrDefault(a => a.IsPrimaryName)?.LogicalName;
    }

    public sealed record RelationshipMetadata(string Name, string ReferencedEntity, string ReferencingEntity, string ReferencingAttribute,
        string CascadeAssign, string CascadeDelete, string CascadeReparent, string CascadeShare, string CascadeUnshare);

    public sealed record RolePrivilegeMetadata(string Name, string Level);
    public sealed record RoleMetadata(Guid Id, string Name, IReadOnlyList<RolePrivilegeMetadata> Privileges);

    /// <summary>4 = allowed, 0 = not allowed (FieldPermission CanRead/CanUpdate/CanCreate).</summary>
    public sealed record FieldPermissionMetadata(string Entity, string Attribute, int CanRead, int CanUpdate, int CanCreate);
    public sealed record FieldSecurityProfileMetadata(Guid Id, string Name, string Description, IReadOnlyList<FieldPermissionMetadata> Permissions);

    /// <summary>Type: 100000000 String, 100000001 Number, 100000002 Boolean, 100000003 JSON, 100000004 Data source, 100000005 Secret.</summary>
    public sealed record EnvironmentVariableMetadata(string SchemaName, int Type, string? DefaultValue, bool IsRequired, Label DisplayName, Label Description);

    public sealed record PluginTypeMetadata(Guid Id, string TypeName, string AssemblyQualifiedName, string Name, string FriendlyName, string? WorkflowActivityGroupName)
    {
        public bool IsWorkflowActivity => WorkflowActivityGroupName != null;
    }

    public sealed record PluginAssemblyMetadata(Guid Id, string Name, string FullName, int IsolationMode, int SourceType, string File, IReadOnlyList<PluginTypeMetadata> Types);

    /// <summary>ImageType: 0 pre-image, 1 post-image, 2 both.</summary>
    public sealed record StepImageMetadata(string Name, string EntityAlias, int ImageType, string MessagePropertyName, IReadOnlyList<string> Attributes);

    /// <summary>A registered step. Stage 10 PreValidation, 20 PreOperation, 40 PostOperation; Mode 0 synchronous, 1 asynchronous.
    /// Message is the SDK message name (from the well-known SdkMessageId, else from the step name "type: Message of table").</summary>
    public sealed record StepMetadata(Guid Id, string Name, string File, Guid? MessageId, string? Message, string PrimaryEntity, string SecondaryEntity,
        int Stage, int Mode, int Rank, IReadOnlyList<string> FilteringAttributes, Guid? PluginTypeId, string PluginTypeName, string Configuration,
        bool AsyncAutoDelete, int SupportedDeployment, int EventHandlerTypeCode, IReadOnlyList<StepImageMetadata> Images);

    /// <summary>
    /// Reads an unpacked solution (the Solution/src layout) into plain records: tables, columns, choices, lookups, relationships,
    /// roles, field security, environment variables, plug-in assemblies and steps. Used by the registration checker, the tests,
    /// the emulator and the CLI, so there is one parser of the solution's metadata.
    /// </summary>
    public sealed class SolutionMetadata
    {
        private SolutionMetadata() { }

        public string Folder { get; private set; } = string.Empty;
        public IReadOnlyDictionary<string, EntityMetadata> Entities { get; private set; } = new Dictionary<string, EntityMetadata>();
        public IReadOnlyList<RelationshipMetadata> Relationships { get; private set; } = Array.Empty<RelationshipMetadata>();
        public IReadOnlyDictionary<string, IReadOnlyList<OptionMetadata>> GlobalOptionSets { get; private set; } = new Dictionary<string, IReadOnlyList<OptionMetadata>>();
        public IReadOnlyList<RoleMetadata> Roles { get; private set; } = Array.Empty<RoleMetadata>();
        public IReadOnlyList<FieldSecurityProfileMetadata> FieldSecurityProfiles { get; private set; } = Array.Empty<FieldSecurityProfileMetadata>();
        public IReadOnlyList<EnvironmentVariableMetadata> EnvironmentVariables { get; private set; } = Array.Empty<EnvironmentVariableMetadata>();
        public IReadOnlyList<PluginAssemblyMetadata> PluginAssemblies { get; private set; } = Array.Empty<PluginAssemblyMetadata>();
        public IReadOnlyList<StepMetadata> Steps { get; private set; } = Array.Empty<StepMetadata>();

        public static SolutionMetadata Load(string folder)
        {
            var layout = SolutionFolder.Open(folder);
            var m = new SolutionMetadata { Folder = layout.Root };
            m.GlobalOptionSets = layout.OptionSets.Select(f => SolutionXml.Load(f).Root!)
                .ToDictionary(o => SolutionXml.Attr(o, "Name"), o => (IReadOnlyList<OptionMetadata>)Options(o), StringComparer.OrdinalIgnoreCase);
            m.Relationships = layout.RelationshipFiles.SelectMany(f => SolutionXml.Load(f).Root!.Elements("EntityRelationship")).Select(Relationship).ToList();
            m.Entities = layout.Entities.Select(e => m.Entity(SolutionXml.Load(e.EntityXml).Root!))
                .ToDictionary(e => e.LogicalName, StringComparer.OrdinalIgnoreCase);
            m.Roles = layout.Roles.Select(f => SolutionXml.Load(f).Root!).Select(r => new RoleMetadata(Guid.Parse(SolutionXml.Attr(r, "id")), SolutionXml.Attr(r, "name"),
                r.Element("RolePrivileges")?.Elements("RolePrivilege").Select(p => new RolePrivilegeMetadata(SolutionXml.Attr(p, "name"), SolutionXml.Attr(p, "level"))).ToList()
                ?? new List<RolePrivilegeMetadata>())).ToList();
            m.FieldSecurityProfiles = layout.FieldSecurityProfiles == null ? Array.Empty<FieldSecurityProfileMetadata>() :
                SolutionXml.Load(layout.FieldSecurityProfiles).Root!.Elements("FieldSecurityProfile").Select(p => new FieldSecurityProfileMetadata(
                    Guid.Parse(SolutionXml.Attr(p, "fieldsecurityprofileid")), SolutionXml.Attr(p, "name"), SolutionXml.Attr(p, "description"),
                    p.Element("FieldPermissions")?.Elements("FieldPermission").Select(fp => new FieldPermissionMetadata(
                        SolutionXml.Child(fp, "EntityName").ToLowerInvariant(), SolutionXml.Child(fp, "AttributeName").ToLowerInvariant(),
                        Int(fp, "CanRead") ?? 0, Int(fp, "CanUpdate") ?? 0, Int(fp, "CanCreate") ?? 0)).ToList() ?? new List<FieldPermissionMetadata>())).ToList();
            m.EnvironmentVariables = layout.EnvironmentVariables.Select(f => SolutionXml.Load(f).Root!).Select(v => new EnvironmentVariableMetadata(
                SolutionXml.Attr(v, "schemaname"), Int(v, "type") ?? 0, v.Element("defaultvalue")?.Value, Int(v, "isrequired") == 1,
                Label.From(v.Element("displayname"), "label"), Label.From(v.Element("description"), "label"))).ToList();
            m.PluginAssemblies = layout.Assemblies.Select(Assembly).ToList();
            m.Steps = layout.Steps.Select(Step).ToList();
            return m;
        }

        /// <summary>The lookup targets of ENTITY.ATTRIBUTE, from the relationships that name it as referencing attribute.</summary>
        public IReadOnlyList<string> LookupTargets(string entity, string attribute) =>
            Relationships.Where(r => SolutionXml.SameName(r.ReferencingEntity, entity) && SolutionXml.SameName(r.ReferencingAttribute, attribute))
                .Select(r => r.ReferencedEntity).Distinct().ToList();

        private EntityMetadata Entity(XElement root)
        {
            var info = root.Element("EntityInfo")?.Element("entity") ?? throw new PackagingException("Entity.xml without <EntityInfo><entity>.");
            var schema = SolutionXml.Attr(info, "Name");
            var logical = schema.ToLowerInvariant();
            var attributes = info.Element("attributes")?.Elements("attribute").Select(a => Attribute(logical, a)).ToDictionary(a => a.LogicalName, StringComparer.OrdinalIgnoreCase)
                             ?? new Dictionary<string, AttributeMetadata>();
            var isShell = info.Element("LocalizedNames") == null;
            return new EntityMetadata(logical, schema, isShell, info.Element("OwnershipTypeMask")?.Value,
                Label.From(info.Element("LocalizedNames"), "LocalizedName"), Label.From(info.Element("LocalizedCollectionNames"), "LocalizedCollectionName"), attributes);
        }

        private AttributeMetadata Attribute(string entity, XElement a)
        {
            var logical = SolutionXml.Child(a, "LogicalName").ToLowerInvariant();
            var type = SolutionXml.Child(a, "Type");
            var optionSet = a.Element("optionset");
            var optionSetName = a.Element("OptionSetName")?.Value ?? (optionSet == null ? null : SolutionXml.Attr(optionSet, "Name"));
            IReadOnlyList<OptionMetadata> options = optionSet != null ? Options(optionSet)
                : optionSetName != null && GlobalOptionSets.TryGetValue(optionSetName, out var global) ? global : Array.Empty<OptionMetadata>();
            var defaultValue = Int(a, "AppDefaultValue");
            return new AttributeMetadata(logical, SolutionXml.Attr(a, "PhysicalName"), type, SolutionXml.Child(a, "RequiredLevel"),
                Label.From(a.Element("displaynames"), "displayname"), Label.From(a.Element("Descriptions"), "Description"),
                Int(a, "MaxLength"), Dec(a, "MinValue"), Dec(a, "MaxValue"), Int(a, "Accuracy"), Int(a, "IsSecured") == 1, Int(a, "IsCustomField") == 1,
                SolutionXml.Child(a, "DisplayMask").Split('|').Contains("PrimaryName"), a.Element("Format")?.Value, Int(a, "Behavior"),
                defaultValue == -1 ? null : defaultValue, optionSetName, options,
                type is "lookup" or "owner" ? LookupTargets(entity, logical) : Array.Empty<string>(),
                Int(a, "ValidForCreateApi") != 0, Int(a, "ValidForUpdateApi") != 0);
        }

        private static List<OptionMetadata> Options(XElement optionSet)
        {
            var options = optionSet.Element("options")?.Elements("option") ?? optionSet.Element("states")?.Elements("state") ?? optionSet.Element("statuses")?.Elements("status") ?? Enumerable.Empty<XElement>();
            return options.Select(o => new OptionMetadata(int.Parse(SolutionXml.Attr(o, "value"), CultureInfo.InvariantCulture), Label.From(o.Element("labels"), "label"))).ToList();
        }

        private static RelationshipMetadata Relationship(XElement r) => new(SolutionXml.Attr(r, "Name"),
            SolutionXml.Child(r, "ReferencedEntityName").ToLowerInvariant(), SolutionXml.Child(r, "ReferencingEntityName").ToLowerInvariant(),
            SolutionXml.Child(r, "ReferencingAttributeName").ToLowerInvariant(), SolutionXml.Child(r, "CascadeAssign"), SolutionXml.Child(r, "CascadeDelete"),
            SolutionXml.Child(r, "CascadeReparent"), SolutionXml.Child(r, "CascadeShare"), SolutionXml.Child(r, "CascadeUnshare"));

        private static PluginAssemblyMetadata Assembly(AssemblyFolder folder)
        {
            var a = SolutionXml.Load(folder.DataXml).Root!;
            var types = a.Element("PluginTypes")?.Elements("PluginType").Select(t =>
            {
                var aqn = SolutionXml.Attr(t, "AssemblyQualifiedName");
                return new PluginTypeMetadata(Guid.TryParse(SolutionXml.Attr(t, "PluginTypeId"), out var id) ? id : Guid.Empty, aqn.Split(',')[0].Trim(), aqn,
                    SolutionXml.Attr(t, "Name"), SolutionXml.Child(t, "FriendlyName"), t.Element("WorkflowActivityGroupName")?.Value);
            }).ToList() ?? new List<PluginTypeMetadata>();
            return new PluginAssemblyMetadata(Guid.TryParse(SolutionXml.Attr(a, "PluginAssemblyId"), out var aid) ? aid : Guid.Empty, folder.AssemblyName,
                SolutionXml.Attr(a, "FullName"), Int(a, "IsolationMode") ?? 0, Int(a, "SourceType") ?? 0, folder.DataXml, types);
        }

        private static StepMetadata Step(string file)
        {
            var s = SolutionXml.Load(file).Root!;
            var name = SolutionXml.Attr(s, "Name");
            var messageId = Guid.TryParse(SolutionXml.Child(s, "SdkMessageId"), out var mid) ? mid : (Guid?)null;
            var images = s.Element("SdkMessageProcessingStepImages")?.Elements("SdkMessageProcessingStepImage").Select(i => new StepImageMetadata(
                SolutionXml.Attr(i, "Name"), SolutionXml.Child(i, "EntityAlias"), Int(i, "ImageType") ?? -1, SolutionXml.Child(i, "MessagePropertyName"),
                List(SolutionXml.Child(i, "Attributes")))).ToList() ?? new List<StepImageMetadata>();
            return new StepMetadata(Guid.TryParse(SolutionXml.Attr(s, "SdkMessageProcessingStepId"), out var id) ? id : Guid.Empty, name, file,
                messageId, SdkMessages.Resolve(messageId, name), SolutionXml.Child(s, "PrimaryEntity").ToLowerInvariant(), SolutionXml.Child(s, "SecondaryEntity").ToLowerInvariant(),
                Int(s, "Stage") ?? 0, Int(s, "Mode") ?? 0, Int(s, "Rank") ?? 0, List(SolutionXml.Child(s, "FilteringAttributes")),
                Guid.TryParse(SolutionXml.Child(s, "PluginTypeId"), out var tid) ? tid : (Guid?)null, SolutionXml.Child(s, "PluginTypeName"),
                s.Element("Configuration")?.Value ?? string.Empty, Int(s, "AsyncAutoDelete") == 1, Int(s, "SupportedDeployment") ?? 0,
                Int(s, "EventHandlerTypeCode") ?? 0, images);
        }

        private static IReadOnlyList<string> List(string csv) =>
            csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.ToLowerInvariant()).ToList();

        private static int? Int(XElement e, string child) =>
            int.TryParse(e.Element(child)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

        private static decimal? Dec(XElement e, string child) =>
            decimal.TryParse(e.Element(child)?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
