using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace Mci.Packaging.Metadata
{
    /// <summary>
    /// Reads an unpacked solution (the Solution/src layout, as SolutionFolder finds it) into the plain records of Records.cs:
    /// tables, columns, choices, lookups, relationships, roles, field security, environment variables, plug-in assemblies and
    /// steps. The one parser of the solution's XML: the registration checker, the tests and the emulator (and so the CLI) read
    /// the solution here. A file it cannot read is a PackagingException naming the file. It does not cache: the emulator keeps
    /// what it builds per folder.
    /// </summary>
    public sealed class SolutionMetadata
    {
        private readonly Dictionary<string, OptionSetMetadata> _globalOptionSets = new(StringComparer.OrdinalIgnoreCase);

        private SolutionMetadata() { }

        public string Folder { get; private set; } = string.Empty;
        public IReadOnlyDictionary<string, EntityMetadata> Entities { get; private set; } = new Dictionary<string, EntityMetadata>();
        public IReadOnlyList<RelationshipMetadata> Relationships { get; private set; } = Array.Empty<RelationshipMetadata>();
        /// <summary>The global choices of OptionSets/, by name.</summary>
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
            foreach (var set in layout.OptionSets.Select(f => Read(f, root => OptionSet(root, Required(SolutionXml.Attr(root, "Name"), "<optionset> without Name"), isGlobal: true))))
            {
                m._globalOptionSets[set.Name] = set;
            }
            m.GlobalOptionSets = m._globalOptionSets.Values.ToDictionary(o => o.Name, o => o.Options, StringComparer.OrdinalIgnoreCase);
            // Relationships before tables: lookup targets come from them.
            m.Relationships = layout.RelationshipFiles.SelectMany(f => Read(f, root => root.Elements("EntityRelationship").Select(Relationship).ToList())).ToList();
            m.Entities = layout.Entities.Select(e => Read(e.EntityXml, m.Entity)).ToDictionary(e => e.LogicalName, StringComparer.OrdinalIgnoreCase);
            m.Roles = layout.Roles.Select(f => Read(f, Role)).ToList();
            m.FieldSecurityProfiles = layout.FieldSecurityProfiles == null ? Array.Empty<FieldSecurityProfileMetadata>()
                : Read(layout.FieldSecurityProfiles, root => root.Elements("FieldSecurityProfile").Select(FieldSecurityProfile).ToList());
            m.EnvironmentVariables = layout.EnvironmentVariables.Select(f => Read(f, EnvironmentVariable)).ToList();
            m.PluginAssemblies = layout.Assemblies.Select(a => Read(a.DataXml, root => Assembly(a, root))).ToList();
            m.Steps = layout.Steps.Select(f => Read(f, root => Step(f, root))).ToList();
            return m;
        }

        /// <summary>The lookup targets of ENTITY.ATTRIBUTE, from the relationships that name it as referencing attribute.</summary>
        public IReadOnlyList<string> LookupTargets(string entity, string attribute) =>
            Relationships.Where(r => SolutionXml.SameName(r.ReferencingEntity, entity) && SolutionXml.SameName(r.ReferencingAttribute, attribute))
                .Select(r => r.ReferencedEntity).Distinct().ToList();

        /// <summary>Parses one file; what is malformed in it becomes an error that names it.</summary>
        private static T Read<T>(string file, Func<XElement, T> read)
        {
            var root = SolutionXml.Load(file).Root!;
            try
            {
                return read(root);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidOperationException)
            {
                throw new PackagingException($"{file}: {ex.Message}", ex);
            }
        }

        // ---------- tables and choices ----------

        private EntityMetadata Entity(XElement root)
        {
            var info = root.Element("EntityInfo")?.Element("entity") ?? throw new FormatException("Entity.xml without <EntityInfo><entity>.");
            var schema = Required(SolutionXml.Attr(info, "Name") is { Length: > 0 } n ? n : SolutionXml.Child(root, "Name"), "<EntityInfo><entity> without Name");
            var logical = schema.ToLowerInvariant();
            var attributes = info.Element("attributes")?.Elements("attribute").Select(a => Attribute(logical, a)).ToDictionary(a => a.LogicalName, StringComparer.OrdinalIgnoreCase)
                             ?? new Dictionary<string, AttributeMetadata>();
            var isShell = info.Element("LocalizedNames") == null;
            return new EntityMetadata(logical, schema, isShell, info.Element("OwnershipTypeMask")?.Value,
                Label(info.Element("LocalizedNames"), "LocalizedName"), Label(info.Element("LocalizedCollectionNames"), "LocalizedCollectionName"), attributes);
        }

        private AttributeMetadata Attribute(string entity, XElement a)
        {
            var logical = Required(Text(a, "LogicalName") ?? Text(a, "Name") ?? SolutionXml.Attr(a, "PhysicalName"), $"an attribute of {entity} has no LogicalName").ToLowerInvariant();
            var type = Required(SolutionXml.Child(a, "Type"), $"attribute {logical} has no Type");
            var element = a.Element("optionset");
            var optionSetName = Text(a, "OptionSetName") ?? (element == null ? null : SolutionXml.Attr(element, "Name"));
            var own = element != null && SolutionXml.Child(element, "IsGlobal") != "1"
                ? OptionSet(element, SolutionXml.Attr(element, "Name") is { Length: > 0 } n ? n : logical, isGlobal: false) : null;
            var optionSet = own ?? (optionSetName != null && _globalOptionSets.TryGetValue(optionSetName, out var global) ? global : null);
            var defaultValue = Int(a, "AppDefaultValue");
            return new AttributeMetadata(logical, SolutionXml.Attr(a, "PhysicalName"), type, SolutionXml.Child(a, "RequiredLevel"),
                Label(a.Element("displaynames"), "displayname"), Label(a.Element("Descriptions"), "Description"),
                Int(a, "MaxLength"), Dec(a, "MinValue"), Dec(a, "MaxValue"), Int(a, "Accuracy") ?? Int(a, "Precision"), Int(a, "IsSecured") == 1, Int(a, "IsCustomField") == 1,
                SolutionXml.Child(a, "DisplayMask").Split('|').Contains("PrimaryName"), a.Element("Format")?.Value, DateTimeBehavior(a),
                defaultValue == -1 ? null : defaultValue, optionSetName, optionSet,
                type is "lookup" or "owner" ? LookupTargets(entity, logical) : Array.Empty<string>(),
                Int(a, "ValidForCreateApi") != 0, Int(a, "ValidForUpdateApi") != 0, Int(a, "ValidForReadApi") != 0);
        }

        /// <summary>1 user local, 2 date only, 3 time-zone independent; exports write the number, hand-written files the name.</summary>
        private static int? DateTimeBehavior(XElement a) => Int(a, "Behavior") ?? Text(a, "Behavior")?.ToLowerInvariant() switch
        {
            "userlocal" => 1,
            "dateonly" => 2,
            "timezoneindependent" => 3,
            _ => null,
        };

        /// <summary>Options of a choice: options, yes/no (TrueOption, FalseOption), states (with their default status) or statuses (with their state).</summary>
        private static OptionSetMetadata OptionSet(XElement optionSet, string name, bool isGlobal)
        {
            var items = optionSet.Element("options")?.Elements("option") ?? optionSet.Element("states")?.Elements("state") ?? optionSet.Element("statuses")?.Elements("status")
                        ?? optionSet.Elements().Where(e => e.Name.LocalName is "TrueOption" or "FalseOption");
            var options = items.Select(o => new OptionMetadata(int.Parse(SolutionXml.Attr(o, "value"), CultureInfo.InvariantCulture), Label(o.Element("labels"), "label"))
            {
                State = IntAttr(o, "state"),
                DefaultStatus = IntAttr(o, "defaultstatus"),
            }).ToList();
            return new OptionSetMetadata(name, isGlobal, options);
        }

        // ---------- relationships and security ----------

        private static RelationshipMetadata Relationship(XElement r)
        {
            var name = Required(SolutionXml.Attr(r, "Name"), "<EntityRelationship> without Name");
            var relationship = new RelationshipMetadata(name,
                SolutionXml.Child(r, "ReferencedEntityName").ToLowerInvariant(), SolutionXml.Child(r, "ReferencingEntityName").ToLowerInvariant(),
                SolutionXml.Child(r, "ReferencingAttributeName").ToLowerInvariant(), SolutionXml.Child(r, "CascadeAssign"), SolutionXml.Child(r, "CascadeDelete"),
                SolutionXml.Child(r, "CascadeReparent"), SolutionXml.Child(r, "CascadeShare"), SolutionXml.Child(r, "CascadeUnshare"));
            if (!string.Equals(SolutionXml.Child(r, "EntityRelationshipType"), "ManyToMany", StringComparison.OrdinalIgnoreCase)) return relationship;
            // Many-to-many: the intersect table and its two columns default the way Dataverse names them.
            var e1 = (Text(r, "FirstEntityName") ?? Text(r, "Entity1LogicalName") ?? string.Empty).ToLowerInvariant();
            var e2 = (Text(r, "SecondEntityName") ?? Text(r, "Entity2LogicalName") ?? string.Empty).ToLowerInvariant();
            return relationship with
            {
                IsManyToMany = true,
                Entity1 = e1,
                Entity2 = e2,
                IntersectEntity = (Text(r, "IntersectEntityName") ?? name).ToLowerInvariant(),
                Entity1IntersectAttribute = (Text(r, "Entity1IntersectAttribute") ?? e1 + "id").ToLowerInvariant(),
                Entity2IntersectAttribute = (Text(r, "Entity2IntersectAttribute") ?? (e1 == e2 ? e2 + "idtwo" : e2 + "id")).ToLowerInvariant(),
            };
        }

        private static RoleMetadata Role(XElement r) => new(Id(SolutionXml.Attr(r, "id")), Required(SolutionXml.Attr(r, "name"), "<Role> without name"),
            r.Element("RolePrivileges")?.Elements("RolePrivilege")
                .Select(p => new RolePrivilegeMetadata(Required(SolutionXml.Attr(p, "name"), "<RolePrivilege> without name"), SolutionXml.Attr(p, "level"))).ToList()
            ?? new List<RolePrivilegeMetadata>());

        private static FieldSecurityProfileMetadata FieldSecurityProfile(XElement p) => new(
            Id(SolutionXml.Attr(p, "fieldsecurityprofileid")), Required(SolutionXml.Attr(p, "name"), "<FieldSecurityProfile> without name"), SolutionXml.Attr(p, "description"),
            p.Element("FieldPermissions")?.Elements("FieldPermission").Select(fp => new FieldPermissionMetadata(
                SolutionXml.Child(fp, "EntityName").ToLowerInvariant(), SolutionXml.Child(fp, "AttributeName").ToLowerInvariant(),
                Int(fp, "CanRead") ?? 0, Int(fp, "CanUpdate") ?? 0, Int(fp, "CanCreate") ?? 0)).ToList() ?? new List<FieldPermissionMetadata>());

        private static EnvironmentVariableMetadata EnvironmentVariable(XElement v) => new(
            Required(SolutionXml.Attr(v, "schemaname"), "<environmentvariabledefinition> without schemaname"), Int(v, "type") ?? 0, v.Element("defaultvalue")?.Value,
            Int(v, "isrequired") == 1, Label(v.Element("displayname"), "label"), Label(v.Element("description"), "label"));

        // ---------- plug-ins and steps ----------

        private static PluginAssemblyMetadata Assembly(AssemblyFolder folder, XElement a)
        {
            var types = a.Element("PluginTypes")?.Elements("PluginType").Select(t =>
            {
                var aqn = SolutionXml.Attr(t, "AssemblyQualifiedName");
                return new PluginTypeMetadata(Guid.TryParse(SolutionXml.Attr(t, "PluginTypeId"), out var id) ? id : Guid.Empty, aqn.Split(',')[0].Trim(), aqn,
                    SolutionXml.Attr(t, "Name"), SolutionXml.Child(t, "FriendlyName"), t.Element("WorkflowActivityGroupName")?.Value);
            }).ToList() ?? new List<PluginTypeMetadata>();
            return new PluginAssemblyMetadata(Guid.TryParse(SolutionXml.Attr(a, "PluginAssemblyId"), out var aid) ? aid : Guid.Empty, folder.AssemblyName,
                SolutionXml.Attr(a, "FullName"), Int(a, "IsolationMode") ?? 0, Int(a, "SourceType") ?? 0, folder.DataXml, types);
        }

        private static StepMetadata Step(string file, XElement s)
        {
            var name = SolutionXml.Attr(s, "Name");
            var messageId = Guid.TryParse(SolutionXml.Child(s, "SdkMessageId"), out var mid) ? mid : (Guid?)null;
            var images = s.Element("SdkMessageProcessingStepImages")?.Elements("SdkMessageProcessingStepImage").Select(i => new StepImageMetadata(
                SolutionXml.Attr(i, "Name"), SolutionXml.Child(i, "EntityAlias"), Int(i, "ImageType"), SolutionXml.Child(i, "MessagePropertyName"),
                List(SolutionXml.Child(i, "Attributes")))).ToList() ?? new List<StepImageMetadata>();
            return new StepMetadata(Guid.TryParse(SolutionXml.Attr(s, "SdkMessageProcessingStepId"), out var id) ? id : Guid.Empty, name, file,
                messageId, messageId is { } known ? SdkMessages.NameOf(known) : null, SolutionXml.Child(s, "PrimaryEntity").ToLowerInvariant(), SolutionXml.Child(s, "SecondaryEntity").ToLowerInvariant(),
                Int(s, "Stage"), Int(s, "Mode"), Int(s, "Rank"), List(SolutionXml.Child(s, "FilteringAttributes")),
                Guid.TryParse(SolutionXml.Child(s, "PluginTypeId"), out var tid) ? tid : (Guid?)null, SolutionXml.Child(s, "PluginTypeName"),
                s.Element("Configuration")?.Value, Int(s, "AsyncAutoDelete") == 1, Int(s, "SupportedDeployment") ?? 0,
                Int(s, "EventHandlerTypeCode") ?? 0, images)
            {
                Description = Text(s, "Description"),
                StateCode = Int(s, "StateCode") ?? 0,
            };
        }

        // ---------- values ----------

        /// <summary>The texts of a localized container (displaynames/displayname, labels/label, ...); the first per language counts.</summary>
        private static Label Label(XElement? container, string item, string attribute = "description")
        {
            var byLanguage = new Dictionary<int, string>();
            foreach (var e in container?.Elements(item) ?? Enumerable.Empty<XElement>())
            {
                if (IntAttr(e, "languagecode") is { } lcid && e.Attribute(attribute) is { } text) byLanguage.TryAdd(lcid, text.Value);
            }
            return new Label(byLanguage);
        }

        private static string Required(string? value, string error) => string.IsNullOrWhiteSpace(value) ? throw new FormatException(error + ".") : value.Trim();

        /// <summary>Guid.Empty when the file gives no id; an id that is not a GUID is an error.</summary>
        private static Guid Id(string text) => text.Length == 0 ? Guid.Empty : Guid.Parse(text);

        /// <summary>The trimmed text of a child element, or null when it is missing or blank.</summary>
        private static string? Text(XElement e, string child) => SolutionXml.Child(e, child) is { Length: > 0 } text ? text : null;

        private static IReadOnlyList<string> List(string csv) =>
            csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.ToLowerInvariant()).ToList();

        private static int? Int(XElement e, string child) =>
            int.TryParse(e.Element(child)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

        private static int? IntAttr(XElement e, string attribute) =>
            int.TryParse((string?)e.Attribute(attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

        private static decimal? Dec(XElement e, string child) =>
            decimal.TryParse(e.Element(child)?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
