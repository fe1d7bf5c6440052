using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Source = Mci.Packaging.Metadata;

namespace Mci.Emulator.Metadata
{
    /// <summary>
    /// Builds the emulator's model of a solution: the records the repository's one reader of Solution/src returns
    /// (Mci.Packaging.Metadata.SolutionMetadata.Load, shared with the packer's registration checks) merged with the
    /// standard tables, with the defaults Dataverse applies where the XML is silent. Reading and building happen once per
    /// folder and process (cached, invalidated when a file changes).
    /// </summary>
    public static class SolutionLoader
    {
        private static readonly ConcurrentDictionary<string, (string Fingerprint, SolutionMetadata Metadata)> Cache = new(StringComparer.Ordinal);

        /// <summary>Loads (or returns the cached) metadata of a Solution/src folder. A folder that is missing is a
        /// DirectoryNotFoundException; a file that cannot be read or a step that cannot run (among them a step whose
        /// SdkMessageId is neither a published id nor one of <paramref name="sdkMessages"/>), an InvalidDataException naming the file.</summary>
        /// <param name="sdkMessages">Messages the environment knows beyond the published ones (DataverseOptions.SdkMessages).</param>
        public static SolutionMetadata Load(string solutionFolder, IReadOnlyDictionary<Guid, string>? sdkMessages = null)
        {
            var folder = Path.GetFullPath(solutionFolder);
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Solution folder not found: {folder}");
            var extra = sdkMessages ?? new Dictionary<Guid, string>();
            var fingerprint = Fingerprint(folder) + "|" + string.Join(",", extra.OrderBy(m => m.Key).Select(m => m.Key.ToString("N") + "=" + m.Value));
            if (Cache.TryGetValue(folder, out var hit) && hit.Fingerprint == fingerprint) return hit.Metadata;
            Source.SolutionMetadata records;
            try
            {
                records = Source.SolutionMetadata.Load(folder);
            }
            catch (Mci.Packaging.PackagingException e)
            {
                // The emulator's callers (tests, mci) treat a solution they cannot read as an I/O problem, as before.
                throw new InvalidDataException(e.Message, e);
            }
            var metadata = Build(folder, records, extra);
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

        /// <summary>The standard tables, plus the solution's when there is one.</summary>
        internal static SolutionMetadata Build(string? folder, Source.SolutionMetadata? solution, IReadOnlyDictionary<Guid, string>? sdkMessages = null)
        {
            var b = new Builder(sdkMessages ?? new Dictionary<Guid, string>());
            foreach (var tb in StandardTables.Create()) b.AddStandard(tb);
            foreach (var r in StandardTables.ManyToMany()) b.Relationships.Add(r);
            if (solution != null) b.Add(solution);
            return b.Finish(folder);
        }

        /// <summary>Collects the standard tables and the solution's records, then resolves references between the parts.</summary>
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
            private readonly IReadOnlyDictionary<Guid, string> _sdkMessages;

            public Builder(IReadOnlyDictionary<Guid, string> sdkMessages) => _sdkMessages = sdkMessages;

            public void AddStandard(TableBuilder tb)
            {
                Tables[tb.Table.LogicalName] = tb.Table;
                foreach (var (column, target, cascade) in tb.LookupTargets) _standardLookups.Add((tb.Table.LogicalName, column, target, cascade));
            }

            public void Add(Source.SolutionMetadata solution)
            {
                foreach (var (name, options) in solution.GlobalOptionSets) OptionSets[name] = new OptionSetMetadata(name, true, Options(options));
                foreach (var entity in solution.Entities.Values) AddEntity(entity);
                foreach (var relationship in solution.Relationships) AddRelationship(relationship);
                foreach (var role in solution.Roles) AddRole(role);
                foreach (var p in solution.FieldSecurityProfiles)
                {
                    Profiles.Add(new FieldSecurityProfileMetadata(p.Id == Guid.Empty ? DeterministicGuid("fsp:" + p.Name) : p.Id, p.Name,
                        p.Permissions.Select(fp => new FieldPermissionMetadata(fp.Entity, fp.Attribute, fp.CanRead == 4, fp.CanCreate == 4, fp.CanUpdate == 4)).ToList()));
                }
                foreach (var v in solution.EnvironmentVariables)
                {
                    EnvironmentVariables.Add(new EnvironmentVariableMetadata(v.SchemaName, v.Type == 0 ? EnvironmentVariableType.String : (EnvironmentVariableType)v.Type, v.DefaultValue)
                    {
                        DisplayNames = v.DisplayName.ByLanguage,
                    });
                }
                foreach (var assembly in solution.PluginAssemblies)
                {
                    var assemblyName = assembly.FullName.Length > 0 ? assembly.FullName.Split(',')[0].Trim() : assembly.Name;
                    foreach (var t in assembly.Types)
                    {
                        var typeName = t.Name.Length > 0 ? t.Name : t.TypeName;
                        PluginTypes.Add(new PluginTypeMetadata(t.Id == Guid.Empty ? DeterministicGuid("type:" + typeName) : t.Id, typeName, assemblyName, t.IsWorkflowActivity));
                    }
                }
                foreach (var step in solution.Steps) AddStep(step);
            }

            private static IReadOnlyList<OptionMetadata> Options(IEnumerable<Source.OptionMetadata> options) =>
                options.GroupBy(o => o.Value).Select(g => g.First()).Select(o => new OptionMetadata(o.Value, o.Label.ByLanguage, o.State, o.DefaultStatus)).ToList();

            // ---------- tables ----------

            private void AddEntity(Source.EntityMetadata entity)
            {
                var logical = entity.LogicalName;
                var columns = entity.Attributes.Values.Select(a => (Column: Column(logical, a), a.IsPrimaryName)).ToList();
                if (!Tables.TryGetValue(logical, out var table))
                {
                    var pk = columns.FirstOrDefault(c => c.Column.Type == ColumnType.PrimaryKey).Column?.LogicalName ?? logical + "id";
                    table = new TableMetadata(logical, pk, null, ParseOwnership(entity.OwnershipType), 0) { IsCustom = true };
                    Tables[logical] = table;
                }
                table.SchemaName = entity.SchemaName;
                table.InSolution = true;
                if (entity.DisplayName.ByLanguage.Count > 0) table.DisplayNames = entity.DisplayName.ByLanguage;
                foreach (var (column, primaryName) in columns)
                {
                    if (column.Type == ColumnType.PrimaryKey && column.LogicalName != table.PrimaryIdAttribute) continue;
                    table.AddOrReplace(column);
                    if (primaryName) table.PrimaryNameAttribute = column.LogicalName;
                }
            }

            private ColumnMetadata Column(string table, Source.AttributeMetadata a)
            {
                var typeText = a.Type.ToLowerInvariant();
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
                if (type == ColumnType.Virtual) Warnings.Add($"Column {a.LogicalName}: type '{typeText}' is not emulated (treated as read-only).");
                if (a.OptionSet == null && a.OptionSetName != null) Warnings.Add($"Column {table}.{a.LogicalName} uses choice '{a.OptionSetName}', which the solution does not define.");
                return new ColumnMetadata(a.LogicalName, type)
                {
                    RequiredLevel = ParseRequired(a.RequiredLevel),
                    MaxLength = a.MaxLength,
                    Precision = a.Precision ?? (type == ColumnType.Money ? 2 : null),
                    MinValue = a.MinValue,
                    MaxValue = a.MaxValue,
                    // A column's own choice is built here; a global one (the reader resolved it) is the instance every column of it shares.
                    OptionSet = a.OptionSet is { IsGlobal: false } own ? new OptionSetMetadata(own.Name, false, Options(own.Options)) : a.OptionSet == null ? null : OptionSets[a.OptionSet.Name],
                    IsSecured = a.IsSecured,
                    ValidForCreate = type != ColumnType.Virtual && a.ValidForCreate,
                    ValidForUpdate = type != ColumnType.Virtual && a.ValidForUpdate,
                    ValidForRead = a.ValidForRead,
                    DateOnly = a.DateTimeBehavior == 2 || string.Equals(a.Format, "date", StringComparison.OrdinalIgnoreCase) || string.Equals(a.Format, "dateonly", StringComparison.OrdinalIgnoreCase),
                    DefaultBoolean = type == ColumnType.Boolean ? a.DefaultValue == 1 : null,
                    DefaultChoice = type == ColumnType.Picklist ? a.DefaultValue : null,
                    DisplayNames = a.DisplayName.ByLanguage,
                    IsCustom = a.IsCustomField,
                };
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

            // ---------- relationships and security ----------

            private void AddRelationship(Source.RelationshipMetadata r)
            {
                if (r.IsManyToMany)
                {
                    Relationships.Add(new RelationshipMetadata(r.Name, RelationshipType.ManyToMany)
                    {
                        Entity1 = r.Entity1, Entity2 = r.Entity2, IntersectEntity = r.IntersectEntity,
                        Entity1IntersectAttribute = r.Entity1IntersectAttribute, Entity2IntersectAttribute = r.Entity2IntersectAttribute,
                    });
                    return;
                }
                Relationships.RemoveAll(x => string.Equals(x.SchemaName, r.Name, StringComparison.OrdinalIgnoreCase));
                Relationships.Add(new RelationshipMetadata(r.Name, RelationshipType.OneToMany)
                {
                    ReferencingEntity = r.ReferencingEntity,
                    ReferencedEntity = r.ReferencedEntity,
                    ReferencingAttribute = r.ReferencingAttribute,
                    CascadeDelete = ParseCascade(r.CascadeDelete, CascadeType.RemoveLink),
                    CascadeAssign = ParseCascade(r.CascadeAssign, CascadeType.NoCascade),
                    CascadeShare = ParseCascade(r.CascadeShare, CascadeType.NoCascade),
                    CascadeUnshare = ParseCascade(r.CascadeUnshare, CascadeType.NoCascade),
                });
            }

            private static CascadeType ParseCascade(string? text, CascadeType fallback) =>
                Enum.TryParse<CascadeType>(text, ignoreCase: true, out var c) ? c : fallback;

            private void AddRole(Source.RoleMetadata role)
            {
                var privileges = new Dictionary<string, PrivilegeDepth>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in role.Privileges) privileges[p.Name] = Enum.TryParse<PrivilegeDepth>(p.Level, true, out var d) ? d : PrivilegeDepth.Global;
                Roles.RemoveAll(r => string.Equals(r.Name, role.Name, StringComparison.OrdinalIgnoreCase));
                Roles.Add(new SecurityRoleMetadata(role.Id == Guid.Empty ? DeterministicGuid("role:" + role.Name) : role.Id, role.Name, privileges));
            }

            // ---------- steps ----------

            private void AddStep(Source.StepMetadata s)
            {
                var name = s.Name.Length > 0 ? s.Name : Path.GetFileNameWithoutExtension(s.File);
                // As an import: the message is its id's, and an id the environment does not know is an error.
                var message = s.Message ?? (s.MessageId is { } id && _sdkMessages.TryGetValue(id, out var known) ? known : null);
                if (message == null)
                {
                    throw new InvalidDataException($"Cannot load {s.File}: step '{name}' names SdkMessageId {(s.MessageId?.ToString() ?? "(none)")}, which is not a message this environment knows " +
                                                   $"(published ids: {string.Join(", ", Source.SdkMessages.All.Values)}; others through DataverseOptions.SdkMessages).");
                }
                if (s.PluginTypeName.Length == 0) throw new InvalidDataException($"Cannot read {s.File}: Step {name} has no PluginTypeName");
                var parts = s.PluginTypeName.Split(',');
                var typeName = parts[0].Trim();
                var assembly = parts.Length > 1 ? parts[1].Trim() : PluginTypes.FirstOrDefault(p => p.TypeName == typeName)?.AssemblyName ?? "";
                var stage = (PipelineStage)(s.Stage ?? 40);
                if (stage is not (PipelineStage.PreValidation or PipelineStage.PreOperation or PipelineStage.PostOperation))
                    throw new InvalidDataException($"Cannot read {s.File}: Step {name}: stage {(int)stage} is not 10, 20 or 40");
                var images = s.Images.Select(i =>
                {
                    var alias = i.EntityAlias.Length > 0 ? i.EntityAlias : i.Name.Length > 0 ? i.Name : "Image";
                    return new StepImageRegistration(alias, (ImageType)(i.ImageType ?? 0), NullIfEmpty(i.Attributes), i.MessagePropertyName.Length > 0 ? i.MessagePropertyName : "Target")
                    {
                        Name = i.Name.Length > 0 ? i.Name : alias,
                    };
                }).ToList();
                Steps.Add(new StepRegistration(s.Id == Guid.Empty ? DeterministicGuid("step:" + name) : s.Id, name, message, AnyTable(s.PrimaryEntity), stage,
                    (StepMode)(s.Mode ?? 0), s.Rank ?? 1, typeName, assembly)
                {
                    SecondaryEntity = AnyTable(s.SecondaryEntity),
                    FilteringAttributes = NullIfEmpty(s.FilteringAttributes),
                    UnsecureConfiguration = s.Configuration,
                    Images = images,
                    AsyncAutoDelete = s.AsyncAutoDelete,
                    Description = s.Description,
                    Enabled = s.StateCode == 0,
                });
            }

            /// <summary>Null for a step on any table ("none" or nothing).</summary>
            private static string? AnyTable(string table) => table.Length > 0 && table != "none" ? table : null;

            /// <summary>Null = all columns (no filter, whole image).</summary>
            private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> columns) => columns.Count == 0 ? null : columns.Distinct().ToList();

            // ---------- resolution ----------

            public SolutionMetadata Finish(string? folder)
            {
                // Tables the solution declares get the system columns Dataverse gives every table, where the XML left them out.
                foreach (var t in Tables.Values.Where(t => t.IsCustom)) EnsureSystemColumns(t);

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


        /// <summary>A stable id for things the XML names but gives no id, so two loads agree.</summary>
        internal static Guid DeterministicGuid(string key)
        {
            var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
            return new Guid(hash.AsSpan(0, 16));
        }
    }
}
