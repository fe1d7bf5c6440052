using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Mci.Emulator.Metadata
{
    /// <summary>
    /// Reads an unpacked solution in the layout `pac solution unpack` writes (Entities/*/Entity.xml, OptionSets,
    /// Other/Relationships, Roles, Other/FieldSecurityProfiles.xml, environmentvariabledefinitions,
    /// PluginAssemblies/*/*.dll.data.xml, SdkMessageProcessingSteps/*.xml) and merges it with the standard tables.
    /// Parsing happens once per folder and process (cached, invalidated when a file changes).
    /// </summary>
    public static class SolutionLoader
    {
        private static readonly ConcurrentDictionary<string, (string Fingerprint, SolutionMetadata Metadata)> Cache = new(StringComparer.Ordinal);

        /// <summary>Loads (or returns the cached) metadata of a Solution/src folder.</summary>
        public static SolutionMetadata Load(string solutionFolder)
        {
            var folder = Path.GetFullPath(solutionFolder);
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Solution folder not found: {folder}");
            var fingerprint = Fingerprint(folder);
            if (Cache.TryGetValue(folder, out var hit) && hit.Fingerprint == fingerprint) return hit.Metadata;
            var metadata = Build(folder, new Action<Builder>[] { b => b.ReadFolder(folder) });
            Cache[folder] = (fingerprint, metadata);
            return metadata;
        }

        private static string Fingerprint(string folder)
        {
            long ticks = 0, count = 0, size = 0;
            foreach (var f in Directory.EnumerateFiles(folder, "*.xml", SearchOption.AllDirectories))
            {
                var info = new FileInfo(f);
                count++;
                size += info.Length;
                ticks = Math.Max(ticks, info.LastWriteTimeUtc.Ticks);
            }
            return FormattableString.Invariant($"{count}:{size}:{ticks}");
        }

        internal static SolutionMetadata Build(string? folder, IEnumerable<Action<Builder>> readers)
        {
            var b = new Builder();
            foreach (var tb in StandardTables.Create()) b.AddStandard(tb);
            foreach (var r in StandardTables.ManyToMany()) b.Relationships.Add(r);
            foreach (var read in readers) read(b);
            return b.Finish(folder);
        }

        /// <summary>Collects what the readers find, then resolves references between the parts.</summary>
        internal sealed class Builder
        {
            public readonly Dictionary<string, TableMetadata> Tables = new(StringComparer.Ordinal);
            public readonly Dictionary<string, OptionSetMetadata> OptionSets = new(StringComparer.OrdinalIgnoreCase);
            public readonly List<RelationshipMetadata> Relationships = new();
            public readonly List<SecurityRoleMetadata> Roles = new();
            public readonly List<FieldSecurityProfileMetadata> Profiles = new();
            public readonly List<EnvironmentVariableMetadata> EnvironmentVariables = new();
            public readonly List<PluginTypeMetadata> PluginTypes = new();
            public readonly List<StepRegistration> Steps = new();
            public readonly List<string> Warnings = new();
            private readonly List<(string Table, string Column, string Target, CascadeType Cascade)> _standardLookups = new();

            public void AddStandard(TableBuilder tb)
            {
                Tables[tb.Table.LogicalName] = tb.Table;
                foreach (var (column, target, cascade) in tb.LookupTargets) _standardLookups.Add((tb.Table.LogicalName, column, target, cascade));
            }

            public void ReadFolder(string folder)
            {
                foreach (var f in Files(folder, "OptionSets", "*.xml")) Guard(f, () => ReadGlobalOptionSet(XDocument.Load(f).Root!));
                foreach (var f in Files(folder, "Entities", "Entity.xml")) Guard(f, () => ReadEntity(XDocument.Load(f).Root!));
                foreach (var f in Files(folder, Path.Combine("Other", "Relationships"), "*.xml").Append(Path.Combine(folder, "Other", "Relationships.xml")).Where(File.Exists))
                    Guard(f, () => ReadRelationships(XDocument.Load(f).Root!));
                foreach (var f in Files(folder, "Roles", "*.xml")) Guard(f, () => ReadRole(XDocument.Load(f).Root!));
                var fsp = Path.Combine(folder, "Other", "FieldSecurityProfiles.xml");
                if (File.Exists(fsp)) Guard(fsp, () => ReadFieldSecurityProfiles(XDocument.Load(fsp).Root!));
                foreach (var f in Files(folder, "environmentvariabledefinitions", "environmentvariabledefinition.xml")) Guard(f, () => ReadEnvironmentVariable(XDocument.Load(f).Root!));
                foreach (var f in Files(folder, "PluginAssemblies", "*.data.xml")) Guard(f, () => ReadPluginAssembly(XDocument.Load(f).Root!));
                foreach (var f in Files(folder, "SdkMessageProcessingSteps", "*.xml")) Guard(f, () => ReadStep(XDocument.Load(f).Root!, f));
            }

            private static IEnumerable<string> Files(string root, string sub, string pattern)
            {
                var dir = Path.Combine(root, sub);
                return Directory.Exists(dir) ? Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal) : Enumerable.Empty<string>();
            }

            private static void Guard(string file, Action read)
            {
                try { read(); }
                catch (Exception e) when (e is System.Xml.XmlException or FormatException or InvalidOperationException or NullReferenceException)
                {
                    throw new InvalidDataException($"Cannot read {file}: {e.Message}", e);
                }
            }

            // ---------- option sets ----------

            public void ReadGlobalOptionSet(XElement root)
            {
                var os = ParseOptionSet(root, Attr(root, "Name") ?? throw new FormatException("optionset without Name"), isGlobal: true);
                OptionSets[os.Name] = os;
            }

            private static OptionSetMetadata ParseOptionSet(XElement e, string name, bool isGlobal)
            {
                var options = new List<OptionMetadata>();
                foreach (var o in e.Descendants().Where(x => Is(x, "option") || Is(x, "TrueOption") || Is(x, "FalseOption")))
                    options.Add(new OptionMetadata(Int(Attr(o, "value")!), ReadLabels(o)));
                foreach (var s in e.Descendants().Where(x => Is(x, "state")))
                    options.Add(new OptionMetadata(Int(Attr(s, "value")!), ReadLabels(s), defaultStatus: Attr(s, "defaultstatus") is { } ds ? Int(ds) : null));
                foreach (var s in e.Descendants().Where(x => Is(x, "status")))
                    options.Add(new OptionMetadata(Int(Attr(s, "value")!), ReadLabels(s), state: Int(Attr(s, "state")!)));
                return new OptionSetMetadata(name, isGlobal, options.GroupBy(o => o.Value).Select(g => g.First()).ToList());
            }

            // ---------- tables ----------

            public void ReadEntity(XElement root)
            {
                var schemaName = Child(root, "Name")?.Value.Trim() ?? Child(Child(root, "EntityInfo"), "entity")?.Attribute("Name")?.Value ?? throw new FormatException("Entity without Name");
                var logical = schemaName.ToLowerInvariant();
                var info = Child(Child(root, "EntityInfo"), "entity") ?? throw new FormatException($"Entity {schemaName} has no EntityInfo/entity");
                var attributes = Child(info, "attributes")?.Elements().Where(a => Is(a, "attribute")).ToList() ?? new List<XElement>();
                var columns = attributes.Select(ParseColumn).ToList();

                if (!Tables.TryGetValue(logical, out var table))
                {
                    var pk = columns.FirstOrDefault(c => c.Column.Type == ColumnType.PrimaryKey).Column?.LogicalName ?? logical + "id";
                    var ownership = ParseOwnership(Child(info, "OwnershipTypeMask")?.Value);
                    table = new TableMetadata(logical, pk, null, ownership, 0) { IsCustom = true };
                    Tables[logical] = table;
                }
                table.SchemaName = schemaName;
                table.InSolution = true;
                var names = ReadLabels(Child(info, "LocalizedNames"));
                if (names.Count > 0) table.DisplayNames = names;
                foreach (var (column, primaryName) in columns)
                {
                    if (column.Type == ColumnType.PrimaryKey && column.LogicalName != table.PrimaryIdAttribute) continue;
                    table.AddOrReplace(column);
                    if (primaryName) table.PrimaryNameAttribute = column.LogicalName;
                }
            }

            private (ColumnMetadata Column, bool PrimaryName) ParseColumn(XElement a)
            {
                string? Text(string name) => Child(a, name)?.Value.Trim() is { Length: > 0 } v ? v : null;
                var logical = (Text("LogicalName") ?? Text("Name") ?? Attr(a, "PhysicalName") ?? throw new FormatException("attribute without a name")).ToLowerInvariant();
                var typeText = (Text("Type") ?? throw new FormatException($"attribute {logical} has no Type")).ToLowerInvariant();
                var type = typeText switch
                {
                    "nvarchar" or "string" or "text" => ColumnType.String,
                    "ntext" or "memo" => ColumnType.Memo,
                    "int" or "integer" => ColumnType.Integer,
                    "bigint" or "timestamp" => ColumnType.BigInt,
                    "decimal" => ColumnType.Decimal,
                    "float" or "double" => ColumnType.Double,
                    "money" => ColumnType.Money,
                    "bit" or "boolean" => ColumnType.Boolean,
                    "datetime" => ColumnType.DateTime,
                    "picklist" => ColumnType.Picklist,
                    "multiselectpicklist" => ColumnType.MultiSelectPicklist,
                    "state" => ColumnType.State,
                    "status" => ColumnType.Status,
                    "lookup" => ColumnType.Lookup,
                    "customer" => ColumnType.Customer,
                    "owner" => ColumnType.Owner,
                    "primarykey" => ColumnType.PrimaryKey,
                    "uniqueidentifier" => ColumnType.UniqueIdentifier,
                    "entityname" => ColumnType.EntityName,
                    _ => ColumnType.Virtual,
                };
                if (type == ColumnType.Virtual) Warnings.Add($"Column {logical}: type '{typeText}' is not emulated (treated as read-only).");
                var behavior = Text("Behavior");
                var format = Text("Format");
                var optionSetElement = Child(a, "optionset");
                var column = new ColumnMetadata(logical, type)
                {
                    RequiredLevel = ParseRequired(Text("RequiredLevel")),
                    MaxLength = Text("MaxLength") is { } ml ? Int(ml) : null,
                    Precision = Text("Accuracy") is { } acc ? Int(acc) : Text("Precision") is { } p ? Int(p) : type == ColumnType.Money ? 2 : null,
                    MinValue = Text("MinValue") is { } min ? decimal.Parse(min, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
                    MaxValue = Text("MaxValue") is { } max ? decimal.Parse(max, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
                    OptionSetName = Text("OptionSetName"),
                    IsSecured = Bool(Text("IsSecured")),
                    ValidForCreate = type != ColumnType.Virtual && (Text("ValidForCreateApi") is not { } vc || Bool(vc)),
                    ValidForUpdate = type != ColumnType.Virtual && (Text("ValidForUpdateApi") is not { } vu || Bool(vu)),
                    ValidForRead = Text("ValidForReadApi") is not { } vr || Bool(vr),
                    DateOnly = behavior == "2" || string.Equals(behavior, "DateOnly", StringComparison.OrdinalIgnoreCase) || string.Equals(format, "date", StringComparison.OrdinalIgnoreCase) || string.Equals(format, "dateonly", StringComparison.OrdinalIgnoreCase),
                    DefaultBoolean = type == ColumnType.Boolean ? Bool(Text("AppDefaultValue") ?? Text("DefaultValue") ?? "0") : null,
                    DisplayNames = ReadLabels(Child(a, "displaynames")),
                    IsCustom = Bool(Text("IsCustomField")),
                };
                if (optionSetElement != null && Child(optionSetElement, "IsGlobal")?.Value.Trim() != "1")
                    column.OptionSet = ParseOptionSet(optionSetElement, Attr(optionSetElement, "Name") ?? logical, isGlobal: false);
                var primaryName = (Text("DisplayMask") ?? "").Split('|').Contains("PrimaryName");
                return (column, primaryName);
            }

            private static OwnershipType ParseOwnership(string? mask) => (mask ?? "").Trim().ToLowerInvariant() switch
            {
                "userowned" => OwnershipType.UserOwned,
                "orgowned" or "organizationowned" => OwnershipType.OrganizationOwned,
                "businessowned" => OwnershipType.BusinessOwned,
                "none" => OwnershipType.None,
                _ => OwnershipType.UserOwned,
            };

            private static RequiredLevel ParseRequired(string? text) => (text ?? "").ToLowerInvariant() switch
            {
                "systemrequired" => RequiredLevel.SystemRequired,
                "required" or "applicationrequired" => RequiredLevel.ApplicationRequired,
                "recommended" => RequiredLevel.Recommended,
                _ => RequiredLevel.None,
            };

            // ---------- relationships ----------

            public void ReadRelationships(XElement root)
            {
                foreach (var r in root.DescendantsAndSelf().Where(x => Is(x, "EntityRelationship") && Child(x, "EntityRelationshipType") != null))
                {
                    var name = Attr(r, "Name") ?? throw new FormatException("EntityRelationship without Name");
                    string? Text(string n) => Child(r, n)?.Value.Trim() is { Length: > 0 } v ? v : null;
                    var kind = Text("EntityRelationshipType")!;
                    if (string.Equals(kind, "ManyToMany", StringComparison.OrdinalIgnoreCase))
                    {
                        var e1 = (Text("FirstEntityName") ?? Text("Entity1LogicalName") ?? "").ToLowerInvariant();
                        var e2 = (Text("SecondEntityName") ?? Text("Entity2LogicalName") ?? "").ToLowerInvariant();
                        var intersect = (Text("IntersectEntityName") ?? name).ToLowerInvariant();
                        Relationships.Add(new RelationshipMetadata(name, RelationshipType.ManyToMany)
                        {
                            Entity1 = e1, Entity2 = e2, IntersectEntity = intersect,
                            Entity1IntersectAttribute = (Text("Entity1IntersectAttribute") ?? e1 + "id").ToLowerInvariant(),
                            Entity2IntersectAttribute = (Text("Entity2IntersectAttribute") ?? (e1 == e2 ? e2 + "idtwo" : e2 + "id")).ToLowerInvariant(),
                        });
                    }
                    else
                    {
                        Relationships.RemoveAll(x => string.Equals(x.SchemaName, name, StringComparison.OrdinalIgnoreCase));
                        Relationships.Add(new RelationshipMetadata(name, RelationshipType.OneToMany)
                        {
                            ReferencingEntity = (Text("ReferencingEntityName") ?? "").ToLowerInvariant(),
                            ReferencedEntity = (Text("ReferencedEntityName") ?? "").ToLowerInvariant(),
                            ReferencingAttribute = (Text("ReferencingAttributeName") ?? "").ToLowerInvariant(),
                            CascadeDelete = ParseCascade(Text("CascadeDelete"), CascadeType.RemoveLink),
                            CascadeAssign = ParseCascade(Text("CascadeAssign"), CascadeType.NoCascade),
                        });
                    }
                }
            }

            private static CascadeType ParseCascade(string? text, CascadeType fallback) =>
                Enum.TryParse<CascadeType>(text, ignoreCase: true, out var c) ? c : fallback;

            // ---------- security ----------

            public void ReadRole(XElement root)
            {
                foreach (var role in root.DescendantsAndSelf().Where(x => Is(x, "Role")))
                {
                    var name = Attr(role, "name") ?? Child(role, "RoleName")?.Value.Trim() ?? throw new FormatException("Role without name");
                    var id = Attr(role, "id") is { } idText ? Guid.Parse(idText) : DeterministicGuid("role:" + name);
                    var privileges = new Dictionary<string, PrivilegeDepth>(StringComparer.OrdinalIgnoreCase);
                    foreach (var p in role.Descendants().Where(x => Is(x, "RolePrivilege")))
                    {
                        var pname = Attr(p, "name") ?? throw new FormatException($"Role {name}: RolePrivilege without name");
                        privileges[pname] = Enum.TryParse<PrivilegeDepth>(Attr(p, "level"), true, out var d) ? d : PrivilegeDepth.Global;
                    }
                    Roles.RemoveAll(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
                    Roles.Add(new SecurityRoleMetadata(id, name, privileges));
                }
            }

            public void ReadFieldSecurityProfiles(XElement root)
            {
                foreach (var p in root.DescendantsAndSelf().Where(x => Is(x, "FieldSecurityProfile")))
                {
                    var name = Attr(p, "name") ?? throw new FormatException("FieldSecurityProfile without name");
                    var id = Attr(p, "fieldsecurityprofileid") is { } idText ? Guid.Parse(idText) : DeterministicGuid("fsp:" + name);
                    var permissions = p.Descendants().Where(x => Is(x, "FieldPermission")).Select(fp => new FieldPermissionMetadata(
                        Child(fp, "EntityName")!.Value.Trim().ToLowerInvariant(),
                        Child(fp, "AttributeName")!.Value.Trim().ToLowerInvariant(),
                        Child(fp, "CanRead")?.Value.Trim() == "4",
                        Child(fp, "CanCreate")?.Value.Trim() == "4",
                        Child(fp, "CanUpdate")?.Value.Trim() == "4")).ToList();
                    Profiles.Add(new FieldSecurityProfileMetadata(id, name, permissions));
                }
            }

            // ---------- environment variables ----------

            public void ReadEnvironmentVariable(XElement root)
            {
                var schema = Attr(root, "schemaname") ?? throw new FormatException("environmentvariabledefinition without schemaname");
                var type = Child(root, "type")?.Value.Trim() is { } t ? (EnvironmentVariableType)Int(t) : EnvironmentVariableType.String;
                EnvironmentVariables.Add(new EnvironmentVariableMetadata(schema, type, Child(root, "defaultvalue")?.Value)
                {
                    DisplayNames = ReadLabels(Child(root, "displayname")),
                });
            }

            // ---------- plug-ins and steps ----------

            public void ReadPluginAssembly(XElement root)
            {
                var assemblyName = (Attr(root, "FullName") ?? throw new FormatException("PluginAssembly without FullName")).Split(',')[0].Trim();
                foreach (var t in root.Descendants().Where(x => Is(x, "PluginType")))
                {
                    var typeName = Attr(t, "Name") ?? (Attr(t, "AssemblyQualifiedName") ?? "").Split(',')[0].Trim();
                    var id = Attr(t, "PluginTypeId") is { } idText ? Guid.Parse(idText) : DeterministicGuid("type:" + typeName);
                    PluginTypes.Add(new PluginTypeMetadata(id, typeName, assemblyName, Child(t, "WorkflowActivityGroupName") != null));
                }
            }

            public void ReadStep(XElement root, string file)
            {
                string? Text(string n) => Child(root, n)?.Value.Trim() is { Length: > 0 } v ? v : null;
                var name = Attr(root, "Name") ?? Path.GetFileNameWithoutExtension(file);
                var id = Attr(root, "SdkMessageProcessingStepId") is { } idText ? Guid.Parse(idText) : DeterministicGuid("step:" + name);
                var message = (Text("SdkMessageId") is { } mid && Guid.TryParse(mid, out var messageId) ? SdkMessages.NameOf(messageId) : null)
                              ?? SdkMessages.FromStepName(name) ?? SdkMessages.FromStepName(Text("Description"));
                if (message == null)
                {
                    Warnings.Add($"Step '{name}' ({file}): message id {Text("SdkMessageId")} is not a known platform message and the step name does not say which; step skipped.");
                    return;
                }
                var pluginType = Text("PluginTypeName") ?? throw new FormatException($"Step {name} has no PluginTypeName");
                var parts = pluginType.Split(',');
                var typeName = parts[0].Trim();
                var assembly = parts.Length > 1 ? parts[1].Trim() : PluginTypes.FirstOrDefault(p => p.TypeName == typeName)?.AssemblyName ?? "";
                var stage = (PipelineStage)Int(Text("Stage") ?? "40");
                if (stage is not (PipelineStage.PreValidation or PipelineStage.PreOperation or PipelineStage.PostOperation))
                    throw new FormatException($"Step {name}: stage {(int)stage} is not 10, 20 or 40");
                var images = Child(root, "SdkMessageProcessingStepImages")?.Elements().Where(x => Is(x, "SdkMessageProcessingStepImage")).Select(i =>
                {
                    string? IText(string n) => Child(i, n)?.Value.Trim() is { Length: > 0 } v ? v : null;
                    var alias = IText("EntityAlias") ?? Attr(i, "Name") ?? "Image";
                    return new StepImageRegistration(alias, (ImageType)Int(IText("ImageType") ?? "0"), SplitList(IText("Attributes")), IText("MessagePropertyName") ?? "Target")
                    {
                        Name = Attr(i, "Name") ?? alias,
                    };
                }).ToList() ?? new List<StepImageRegistration>();
                Steps.Add(new StepRegistration(id, name, message, Text("PrimaryEntity")?.ToLowerInvariant() is { } pe && pe != "none" ? pe : null, stage,
                    (StepMode)Int(Text("Mode") ?? "0"), Int(Text("Rank") ?? "1"), typeName, assembly)
                {
                    SecondaryEntity = Text("SecondaryEntity")?.ToLowerInvariant() is { } se && se != "none" ? se : null,
                    FilteringAttributes = SplitList(Text("FilteringAttributes")),
                    UnsecureConfiguration = Child(root, "Configuration")?.Value,
                    Images = images,
                    AsyncAutoDelete = Bool(Text("AsyncAutoDelete")),
                    Description = Text("Description"),
                    Enabled = Text("StateCode") is not { } sc || sc == "0",
                });
            }

            private static IReadOnlyList<string>? SplitList(string? text)
            {
                if (string.IsNullOrWhiteSpace(text)) return null;
                return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).Distinct().ToList();
            }

            // ---------- resolution ----------

            public SolutionMetadata Finish(string? folder)
            {
                // Tables the solution declares get the system columns Dataverse gives every table, where the XML left them out.
                foreach (var t in Tables.Values.Where(t => t.IsCustom)) EnsureSystemColumns(t);

                foreach (var t in Tables.Values)
                    foreach (var c in t.Columns.Values.Where(c => c.OptionSetName != null && c.OptionSet == null))
                    {
                        if (OptionSets.TryGetValue(c.OptionSetName!, out var os)) c.OptionSet = os;
                        else Warnings.Add($"Column {t.LogicalName}.{c.LogicalName} uses choice '{c.OptionSetName}', which the solution does not define.");
                    }

                // Lookup targets: from the standard declarations, then from the solution's one-to-many relationships.
                var targets = new Dictionary<(string, string), List<string>>();
                void AddTarget(string table, string column, string target)
                {
                    if (!targets.TryGetValue((table, column), out var list)) targets[(table, column)] = list = new List<string>();
                    if (!list.Contains(target)) list.Add(target);
                }
                var anyTable = Tables.Values.Where(t => !t.IsIntersect && t.Ownership != OwnershipType.None).Select(t => t.LogicalName).OrderBy(n => n, StringComparer.Ordinal).ToList();
                foreach (var (table, column, target, cascade) in _standardLookups)
                    foreach (var tgt in target == TableBuilder.AnyTable ? anyTable : new List<string> { target })
                    {
                        AddTarget(table, column, tgt);
                        if (!Tables[table].IsIntersect)
                            Relationships.Add(new RelationshipMetadata($"{tgt}_{table}_{column}", RelationshipType.OneToMany)
                            { ReferencingEntity = table, ReferencingAttribute = column, ReferencedEntity = tgt, CascadeDelete = cascade });
                    }
                foreach (var r in Relationships.Where(r => r.Type == RelationshipType.OneToMany))
                    AddTarget(r.ReferencingEntity, r.ReferencingAttribute, r.ReferencedEntity);
                foreach (var t in Tables.Values.Where(t => t.IsCustom))
                {
                    // Solution-declared owner/audit lookups without relationship files still point where Dataverse points them.
                    foreach (var c in t.Columns.Values.Where(c => c.IsLookup))
                    {
                        if (targets.ContainsKey((t.LogicalName, c.LogicalName))) continue;
                        var implied = c.LogicalName switch
                        {
                            "ownerid" => new[] { "systemuser", "team" },
                            "owninguser" or "createdby" or "modifiedby" or "createdonbehalfby" or "modifiedonbehalfby" => new[] { "systemuser" },
                            "owningteam" => new[] { "team" },
                            "owningbusinessunit" => new[] { "businessunit" },
                            _ => c.Type == ColumnType.Customer ? new[] { "account", "contact" } : Array.Empty<string>(),
                        };
                        foreach (var i in implied) AddTarget(t.LogicalName, c.LogicalName, i);
                        if (implied.Length == 0) Warnings.Add($"Lookup {t.LogicalName}.{c.LogicalName} has no relationship naming its target table.");
                    }
                }
                foreach (var ((table, column), list) in targets)
                    if (Tables.TryGetValue(table, out var t) && t.Column(column) is { } c) c.Targets = list;
                foreach (var r in Relationships.Where(r => r.Type == RelationshipType.OneToMany))
                    if (!Tables.ContainsKey(r.ReferencedEntity) || !Tables.ContainsKey(r.ReferencingEntity))
                        Warnings.Add($"Relationship {r.SchemaName} names a table the emulator does not know ({r.ReferencingEntity} -> {r.ReferencedEntity}).");

                // Intersect tables of the solution's own N:N relationships.
                foreach (var r in Relationships.Where(r => r.Type == RelationshipType.ManyToMany && !Tables.ContainsKey(r.IntersectEntity)))
                {
                    var it = new TableMetadata(r.IntersectEntity, r.IntersectEntity + "id", null, OwnershipType.None, 0) { IsIntersect = true, IsCustom = true, SchemaName = r.IntersectEntity };
                    it.AddOrReplace(new ColumnMetadata(it.PrimaryIdAttribute, ColumnType.PrimaryKey));
                    it.AddOrReplace(new ColumnMetadata(r.Entity1IntersectAttribute, ColumnType.UniqueIdentifier) { Targets = new[] { r.Entity1 } });
                    it.AddOrReplace(new ColumnMetadata(r.Entity2IntersectAttribute, ColumnType.UniqueIdentifier) { Targets = new[] { r.Entity2 } });
                    Tables[it.LogicalName] = it;
                }

                var nextCode = 10000;
                foreach (var t in Tables.Values.Where(t => t.ObjectTypeCode == 0).OrderBy(t => t.LogicalName, StringComparer.Ordinal)) t.ObjectTypeCode = nextCode++;

                foreach (var s in Steps.Where(s => s.PrimaryEntity != null && !Tables.ContainsKey(s.PrimaryEntity)))
                    Warnings.Add($"Step '{s.Name}' is registered on table '{s.PrimaryEntity}', which the emulator does not know.");
                foreach (var s in Steps.Where(s => s.FilteringAttributes != null && s.PrimaryEntity != null && Tables.ContainsKey(s.PrimaryEntity)))
                    foreach (var a in s.FilteringAttributes!.Where(a => Tables[s.PrimaryEntity!].Column(a) == null))
                        Warnings.Add($"Step '{s.Name}' filters on '{a}', which is not a column of {s.PrimaryEntity}.");

                foreach (var s in Steps)
                    foreach (var image in s.Images)
                    {
                        var single = s.Message.EndsWith("Multiple", StringComparison.Ordinal) ? s.Message[..^"Multiple".Length] : s.Message;
                        if (image.IsPre && single is not ("Update" or "Delete"))
                            Warnings.Add($"Step '{s.Name}' registers pre-image '{image.Alias}', but Dataverse provides pre-images only for Update and Delete ({s.Message}): it will be absent.");
                        if (image.IsPost && (single is not ("Create" or "Update") || s.Stage != PipelineStage.PostOperation))
                            Warnings.Add($"Step '{s.Name}' registers post-image '{image.Alias}', but Dataverse provides post-images only for Create and Update in PostOperation ({s.Message}, stage {(int)s.Stage}): it will be absent.");
                    }

                var roles = Roles.ToList();
                roles.Add(new SecurityRoleMetadata(SolutionMetadata.SystemAdministratorRoleId, "System Administrator", new Dictionary<string, PrivilegeDepth>()) { IsSystemAdministrator = true });
                foreach (var standard in StandardRoles.Create())
                    if (!roles.Any(r => string.Equals(r.Name, standard.Name, StringComparison.OrdinalIgnoreCase))) roles.Add(standard);
                return new SolutionMetadata(folder, Tables, OptionSets, Relationships.ToList(), roles, Profiles.ToList(), EnvironmentVariables.ToList(), PluginTypes.ToList(), Steps.ToList(), Warnings.ToList());
            }

            private static void EnsureSystemColumns(TableMetadata t)
            {
                var template = new TableBuilder(t.LogicalName, t.PrimaryIdAttribute, null, t.Ownership, 0, t.LogicalName, null).SystemColumns();
                if (!t.IsIntersect && t.Ownership is OwnershipType.UserOwned or OwnershipType.OrganizationOwned) template.ActiveInactive();
                foreach (var c in template.Table.Columns.Values.Where(c => t.Column(c.LogicalName) == null)) t.AddOrReplace(c);
                if (t.PrimaryNameAttribute == null && t.Column("mci_name") != null) t.PrimaryNameAttribute = "mci_name";
            }
        }

        // ---------- XML helpers (pac writes fixed casing; hand-written files vary, so names compare case-insensitively) ----------

        private static bool Is(XElement e, string name) => string.Equals(e.Name.LocalName, name, StringComparison.OrdinalIgnoreCase);

        private static XElement? Child(XElement? e, string name) => e?.Elements().FirstOrDefault(x => Is(x, name));

        private static string? Attr(XElement e, string name) =>
            e.Attributes().FirstOrDefault(a => string.Equals(a.Name.LocalName, name, StringComparison.OrdinalIgnoreCase))?.Value;

        private static int Int(string text) => int.Parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);

        private static bool Bool(string? text) => text?.Trim().ToLowerInvariant() is "1" or "true";

        private static IReadOnlyDictionary<int, string> ReadLabels(XElement? e)
        {
            var labels = new Dictionary<int, string>();
            if (e == null) return labels;
            foreach (var l in e.Descendants().Where(x => Attr(x, "languagecode") != null && Attr(x, "description") != null))
                if (!l.Ancestors().Any(a => Is(a, "Descriptions") && a != e)) labels.TryAdd(Int(Attr(l, "languagecode")!), Attr(l, "description")!);
            return labels;
        }

        /// <summary>A stable id for things the XML names but gives no id, so two loads agree.</summary>
        internal static Guid DeterministicGuid(string key)
        {
            var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
            return new Guid(hash.AsSpan(0, 16));
        }
    }
}
