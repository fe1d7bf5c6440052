using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mci.SolutionModel;

namespace Mci.Emulator.Metadata
{
    /// <summary>
    /// Builds an environment's metadata (<see cref="EnvironmentMetadata"/>) from a solution as the repository's one reader
    /// reads it (<see cref="SolutionDefinition"/>: an unpacked folder, or a packed zip as an import reads it) and the platform's
    /// standard tables (<see cref="PlatformTables"/>), with the defaults Dataverse applies where the XML is silent. Reading and
    /// building happen once per solution and process (cached, invalidated when a file changes).
    /// </summary>
    public static class SolutionLoader
    {
        private static readonly ConcurrentDictionary<string, (string Fingerprint, EnvironmentMetadata Metadata)> Cache = new(StringComparer.Ordinal);

        /// <summary>Loads (or returns the cached) metadata of a Solution/src folder or a solution zip. A folder or zip that is
        /// missing is a DirectoryNotFoundException or FileNotFoundException; a file that cannot be read or a step that cannot
        /// run (among them a step whose SdkMessageId is neither a published id nor one of <paramref name="sdkMessages"/>), an
        /// InvalidDataException naming the file.</summary>
        /// <param name="sdkMessages">Messages the environment knows beyond the published ones (DataverseOptions.SdkMessages).</param>
        public static EnvironmentMetadata Load(string solution, IReadOnlyDictionary<Guid, string>? sdkMessages = null)
        {
            var path = Path.GetFullPath(solution);
            var isZip = File.Exists(path);
            if (!isZip && !Directory.Exists(path)) throw new DirectoryNotFoundException($"Solution folder not found: {path}");
            var extra = sdkMessages ?? new Dictionary<Guid, string>();
            var fingerprint = (isZip ? FileFingerprint(path) : Fingerprint(path)) + "|" + string.Join(",", extra.OrderBy(m => m.Key).Select(m => m.Key.ToString("N") + "=" + m.Value));
            if (Cache.TryGetValue(path, out var hit) && hit.Fingerprint == fingerprint) return hit.Metadata;
            SolutionDefinition definition;
            try
            {
                definition = isZip ? SolutionDefinition.ReadZip(path) : SolutionDefinition.ReadFolder(path);
            }
            catch (InvalidSolutionException e)
            {
                // The emulator's callers (tests, mci) treat a solution they cannot read as an I/O problem.
                throw new InvalidDataException(e.Message, e);
            }
            var metadata = Build(definition, extra);
            Cache[path] = (fingerprint, metadata);
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

        private static string FileFingerprint(string file)
        {
            var info = new FileInfo(file);
            return FormattableString.Invariant($"zip:{info.Length}:{info.LastWriteTimeUtc.Ticks}");
        }

        /// <summary>The standard tables, plus the solution's when there is one (not cached).</summary>
        public static EnvironmentMetadata Build(SolutionDefinition? solution, IReadOnlyDictionary<Guid, string>? sdkMessages = null)
        {
            var b = new Builder(sdkMessages ?? new Dictionary<Guid, string>());
            b.AddPlatform();
            if (solution != null) b.Add(solution);
            return b.Finish(solution);
        }

        /// <summary>
        /// The metadata with steps an admin registered by hand (DataverseOptions.StepsRegisteredByHand): each must name a
        /// message the environment knows by its id and a plug-in type, at stage 10, 20 or 40, as the Plug-in Registration
        /// Tool requires; anything else is an ArgumentException naming the step. A new instance (not cached: the steps index
        /// is built per metadata), sharing the rest.
        /// </summary>
        public static EnvironmentMetadata WithStepsRegisteredByHand(EnvironmentMetadata metadata, IEnumerable<StepDefinition> steps, IReadOnlyDictionary<Guid, string>? sdkMessages = null)
        {
            var known = sdkMessages ?? new Dictionary<Guid, string>();
            var all = metadata.Steps.ToList();
            foreach (var s in steps)
            {
                var message = s.MessageId is { } id ? SdkMessages.NameOf(id) ?? (known.TryGetValue(id, out var name) ? name : null) : null;
                if (message == null)
                    throw new ArgumentException($"Step '{s.Name}' registered by hand names SdkMessageId {(s.MessageId?.ToString() ?? "(none)")}, which is not a message this environment knows " +
                                                $"(published ids: {string.Join(", ", SdkMessages.All.Values)}; others through DataverseOptions.SdkMessages).", nameof(steps));
                if (s.PluginTypeQualifiedName.Length == 0) throw new ArgumentException($"Step '{s.Name}' registered by hand has no plug-in type.", nameof(steps));
                if (s.Stage is not (PipelineStage.PreValidation or PipelineStage.PreOperation or PipelineStage.PostOperation))
                    throw new ArgumentException($"Step '{s.Name}' registered by hand: stage {(int)s.Stage} is not 10, 20 or 40.", nameof(steps));
                if (s.Mode == StepMode.Asynchronous && s.Stage != PipelineStage.PostOperation)
                    throw new ArgumentException($"Step '{s.Name}' registered by hand: only a PostOperation step may run asynchronously.", nameof(steps));
                if (s.PrimaryEntity != null && metadata.Table(s.PrimaryEntity) == null)
                    throw new ArgumentException($"Step '{s.Name}' registered by hand is on table '{s.PrimaryEntity}', which this environment does not have.", nameof(steps));
                if (all.Any(x => x.Id == s.Id)) throw new ArgumentException($"Step '{s.Name}' is registered already ({s.Id:D}).", nameof(steps));
                if (metadata.CustomApi(message) is { } api && CustomApiStepProblem(api, s with { Message = message }) is { } problem) throw new ArgumentException(problem, nameof(steps));
                var assembly = s.AssemblyName.Length > 0 ? s.AssemblyName : s.PluginTypeQualifiedName.Split(',').Skip(1).FirstOrDefault()?.Trim() ?? "";
                all.Add(s with { Message = message, AssemblyName = assembly });
            }
            return new EnvironmentMetadata(metadata.Solution, metadata.Tables, metadata.GlobalChoices, metadata.Relationships, metadata.Roles,
                metadata.FieldSecurityProfiles, metadata.EnvironmentVariables, metadata.PluginTypes, all, metadata.Warnings);
        }

        /// <summary>
        /// What is wrong with a step on a custom API's message, or null: the custom API's allowedcustomprocessingsteptype says which
        /// steps others may register on it (0 none, 1 asynchronous only, 2 synchronous and asynchronous), and Dataverse refuses a
        /// step it does not allow. The wording is the emulator's.
        /// </summary>
        internal static string? CustomApiStepProblem(CustomApiDefinition api, StepDefinition step) => api.AllowedCustomProcessingStepType switch
        {
            CustomApiStepType.None => $"step '{step.Name}' is on the custom API {api.UniqueName}, which allows no processing steps (allowedcustomprocessingsteptype 0).",
            CustomApiStepType.AsyncOnly when step.Mode != StepMode.Asynchronous =>
                $"step '{step.Name}' runs synchronously on the custom API {api.UniqueName}, which allows asynchronous steps only (allowedcustomprocessingsteptype 1).",
            _ => null,
        };

        /// <summary>Collects the platform's tables and the solution's records, then resolves references between the parts.</summary>
        private sealed class Builder
        {
            private readonly Dictionary<string, TableDefinition> _tables = new(StringComparer.Ordinal);
            private readonly Dictionary<string, Dictionary<string, ColumnDefinition>> _columns = new(StringComparer.Ordinal);
            private readonly HashSet<string> _createdBySolution = new(StringComparer.Ordinal);
            private readonly Dictionary<string, Choice> _choices = new(StringComparer.OrdinalIgnoreCase);
            private readonly List<RelationshipDefinition> _relationships = new();
            private readonly List<SecurityRoleDefinition> _roles = new();
            private readonly List<FieldSecurityProfileDefinition> _profiles = new();
            private readonly List<EnvironmentVariableDefinition> _variables = new();
            private readonly List<PluginTypeDefinition> _pluginTypes = new();
            private readonly List<StepDefinition> _steps = new();
            private readonly List<string> _warnings = new();
            private readonly IReadOnlyDictionary<Guid, string> _sdkMessages;

            public Builder(IReadOnlyDictionary<Guid, string> sdkMessages) => _sdkMessages = sdkMessages;

            public void AddPlatform()
            {
                foreach (var t in PlatformTables.Tables) Put(t, t.Columns.Values);
                _relationships.AddRange(PlatformTables.ManyToMany());
            }

            private void Put(TableDefinition table, IEnumerable<ColumnDefinition> columns)
            {
                _tables[table.LogicalName] = table;
                var byName = _columns.TryGetValue(table.LogicalName, out var existing) ? existing : _columns[table.LogicalName] = new Dictionary<string, ColumnDefinition>(StringComparer.Ordinal);
                foreach (var c in columns) byName[c.LogicalName] = c;
            }

            public void Add(SolutionDefinition solution)
            {
                foreach (var choice in solution.GlobalChoices) _choices[choice.Name] = choice;
                foreach (var table in solution.Tables) AddTable(table);
                foreach (var relationship in solution.Relationships) AddRelationship(relationship);
                foreach (var role in solution.Roles)
                {
                    _roles.RemoveAll(r => string.Equals(r.Name, role.Name, StringComparison.OrdinalIgnoreCase));
                    _roles.Add(role.Id == Guid.Empty ? role with { Id = DeterministicGuid("role:" + role.Name) } : role);
                }
                foreach (var p in solution.FieldSecurityProfiles) _profiles.Add(p.Id == Guid.Empty ? p with { Id = DeterministicGuid("fsp:" + p.Name) } : p);
                _variables.AddRange(solution.EnvironmentVariables);
                foreach (var t in solution.PluginTypes)
                {
                    var typeName = t.Name.Length > 0 ? t.Name : t.TypeName;
                    _pluginTypes.Add(t with { TypeName = typeName, Id = t.Id == Guid.Empty ? DeterministicGuid("type:" + typeName) : t.Id });
                }
                foreach (var step in solution.Steps) AddStep(step);
                foreach (var step in _steps)
                    if (solution.CustomApis.FirstOrDefault(a => string.Equals(a.UniqueName, step.Message, StringComparison.Ordinal)) is { } api && CustomApiStepProblem(api, step) is { } problem)
                        throw new InvalidDataException($"Cannot load {step.Source}: {problem}");
            }

            // ---------- tables ----------

            private void AddTable(TableDefinition table)
            {
                foreach (var c in table.Columns.Values)
                {
                    if (c.Type == ColumnType.Virtual) _warnings.Add($"Column {c.LogicalName}: type '{c.TypeName}' is not emulated (treated as read-only).");
                    if (c.Choice == null && c.ChoiceName != null) _warnings.Add($"Column {table.LogicalName}.{c.LogicalName} uses choice '{c.ChoiceName}', which the solution does not define.");
                }
                if (!_tables.TryGetValue(table.LogicalName, out var platform))
                {
                    _createdBySolution.Add(table.LogicalName);
                    Put(table, table.Columns.Values);
                    return;
                }
                // A table the platform has: the solution's columns extend it (a second primary key would not).
                var merged = platform with
                {
                    SchemaName = table.SchemaName,
                    InSolution = true,
                    DisplayNames = table.DisplayNames.IsEmpty ? platform.DisplayNames : table.DisplayNames,
                    PrimaryNameAttribute = table.PrimaryNameAttribute ?? platform.PrimaryNameAttribute,
                    // The flags can be turned on by a solution, never off (Dataverse does not allow disabling them).
                    HasNotes = platform.HasNotes || table.HasNotes,
                    HasActivities = platform.HasActivities || table.HasActivities,
                    Source = table.Source,
                };
                Put(merged, table.Columns.Values.Where(c => c.Type != ColumnType.PrimaryKey || c.LogicalName == platform.PrimaryIdAttribute));
            }

            // ---------- relationships ----------

            private void AddRelationship(RelationshipDefinition r)
            {
                if (r.Kind == RelationshipKind.OneToMany) _relationships.RemoveAll(x => string.Equals(x.SchemaName, r.SchemaName, StringComparison.OrdinalIgnoreCase));
                _relationships.Add(r);
            }

            // ---------- steps ----------

            private void AddStep(StepDefinition s)
            {
                var name = s.Name;
                // As an import: the message is its id's, and an id the environment does not know is an error.
                var message = s.Message.Length > 0 ? s.Message : s.MessageId is { } id && _sdkMessages.TryGetValue(id, out var known) ? known : null;
                if (message == null)
                {
                    throw new InvalidDataException($"Cannot load {s.Source}: step '{name}' names SdkMessageId {(s.MessageId?.ToString() ?? "(none)")}, which is not a message this environment knows " +
                                                   $"(published ids: {string.Join(", ", SdkMessages.All.Values)}; others through DataverseOptions.SdkMessages).");
                }
                if (s.PluginTypeQualifiedName.Length == 0) throw new InvalidDataException($"Cannot read {s.Source}: Step {name} has no PluginTypeName");
                if (s.Stage is not (PipelineStage.PreValidation or PipelineStage.PreOperation or PipelineStage.PostOperation))
                    throw new InvalidDataException($"Cannot read {s.Source}: Step {name}: stage {(int)s.Stage} is not 10, 20 or 40");
                var assembly = s.AssemblyName.Length > 0 ? s.AssemblyName : _pluginTypes.FirstOrDefault(p => p.TypeName == s.PluginTypeName)?.AssemblyName ?? "";
                _steps.Add(s with
                {
                    Id = s.Id == Guid.Empty ? DeterministicGuid("step:" + name) : s.Id,
                    Message = message,
                    AssemblyName = assembly,
                    FilteringAttributes = s.FilteringAttributes.Distinct().ToList(),
                    Images = s.Images.Select(i => i.MessagePropertyName.Length > 0 ? i : i with { MessagePropertyName = "Target" }).ToList(),
                });
            }

            // ---------- resolution ----------

            public EnvironmentMetadata Finish(SolutionDefinition? solution)
            {
                // Tables the solution creates get the system columns Dataverse gives every table, where the XML left them out.
                foreach (var name in _createdBySolution)
                {
                    var t = _tables[name];
                    var columns = _columns[name];
                    foreach (var c in PlatformTables.SystemColumnsOf(t).Where(c => !columns.ContainsKey(c.LogicalName))) columns[c.LogicalName] = c;
                    if (t.PrimaryNameAttribute == null && columns.ContainsKey("mci_name")) _tables[name] = t with { PrimaryNameAttribute = "mci_name" };
                }

                // Lookup targets: from the platform's declarations, then from the solution's one-to-many relationships.
                var targets = new Dictionary<(string, string), List<string>>();
                void AddTarget(string table, string column, string target)
                {
                    if (!targets.TryGetValue((table, column), out var list)) targets[(table, column)] = list = new List<string>();
                    if (!list.Contains(target)) list.Add(target);
                }
                // The polymorphic objectid of a note and regardingobjectid of an activity reach only the tables with notes,
                // respectively activities, enabled: Dataverse refuses any other target (the emulator's AttributeValidator).
                List<string> Enabled(Func<TableDefinition, bool> flag) => _tables.Values.Where(t => !t.IsIntersect && flag(t)).Select(t => t.LogicalName).OrderBy(n => n, StringComparer.Ordinal).ToList();
                var withNotes = Enabled(t => t.HasNotes);
                var withActivities = Enabled(t => t.HasActivities);
                foreach (var lookup in PlatformTables.Lookups)
                    foreach (var target in lookup.Target switch { PlatformTables.TablesWithNotes => withNotes, PlatformTables.TablesWithActivities => withActivities, var one => new List<string> { one } })
                    {
                        AddTarget(lookup.Table, lookup.Column, target);
                        if (!_tables[lookup.Table].IsIntersect)
                            _relationships.Add(new RelationshipDefinition($"{target}_{lookup.Table}_{lookup.Column}", RelationshipKind.OneToMany)
                            { ReferencingEntity = lookup.Table, ReferencingAttribute = lookup.Column, ReferencedEntity = target, CascadeDelete = lookup.CascadeDelete, Source = "platform" });
                    }
                foreach (var r in _relationships.Where(r => r.Kind == RelationshipKind.OneToMany))
                    AddTarget(r.ReferencingEntity, r.ReferencingAttribute, r.ReferencedEntity);
                foreach (var name in _createdBySolution)
                {
                    // Owner and audit lookups without relationship files still point where Dataverse points them.
                    foreach (var c in _columns[name].Values.Where(c => c.IsLookup))
                    {
                        if (targets.ContainsKey((name, c.LogicalName))) continue;
                        var implied = c.LogicalName switch
                        {
                            "ownerid" => new[] { "systemuser", "team" },
                            "owninguser" or "createdby" or "modifiedby" or "createdonbehalfby" or "modifiedonbehalfby" => new[] { "systemuser" },
                            "owningteam" => new[] { "team" },
                            "owningbusinessunit" => new[] { "businessunit" },
                            _ => c.Type == ColumnType.Customer ? new[] { "account", "contact" } : Array.Empty<string>(),
                        };
                        foreach (var i in implied) AddTarget(name, c.LogicalName, i);
                        if (implied.Length == 0) _warnings.Add($"Lookup {name}.{c.LogicalName} has no relationship naming its target table.");
                    }
                }
                foreach (var ((table, column), list) in targets)
                    if (_columns.TryGetValue(table, out var columns) && columns.TryGetValue(column, out var c)) columns[column] = c with { Targets = list };
                foreach (var r in _relationships.Where(r => r.Kind == RelationshipKind.OneToMany))
                    if (!_tables.ContainsKey(r.ReferencedEntity) || !_tables.ContainsKey(r.ReferencingEntity))
                        _warnings.Add($"Relationship {r.SchemaName} names a table the emulator does not know ({r.ReferencingEntity} -> {r.ReferencedEntity}).");

                // Intersect tables of the solution's own N:N relationships.
                foreach (var r in _relationships.Where(r => r.Kind == RelationshipKind.ManyToMany && !_tables.ContainsKey(r.IntersectEntity)))
                {
                    var intersect = new TableDefinition(r.IntersectEntity) { SchemaName = r.IntersectEntity, Ownership = TableOwnership.None, IsIntersect = true, PrivilegeName = r.IntersectEntity, InSolution = true, Source = r.Source };
                    Put(intersect, new[]
                    {
                        new ColumnDefinition(intersect.PrimaryIdAttribute, ColumnType.PrimaryKey) { TypeName = "primarykey" },
                        new ColumnDefinition(r.Entity1IntersectAttribute, ColumnType.UniqueIdentifier) { Targets = new[] { r.Entity1 }, TypeName = "uniqueidentifier" },
                        new ColumnDefinition(r.Entity2IntersectAttribute, ColumnType.UniqueIdentifier) { Targets = new[] { r.Entity2 }, TypeName = "uniqueidentifier" },
                    });
                }

                var nextCode = 10000;
                var tables = new Dictionary<string, TableDefinition>(StringComparer.Ordinal);
                foreach (var (name, t) in _tables.OrderBy(t => t.Key, StringComparer.Ordinal))
                    tables[name] = t with { Columns = _columns[name], ObjectTypeCode = t.ObjectTypeCode == 0 ? nextCode++ : t.ObjectTypeCode };

                foreach (var s in _steps.Where(s => s.PrimaryEntity != null && !tables.ContainsKey(s.PrimaryEntity)))
                    _warnings.Add($"Step '{s.Name}' is registered on table '{s.PrimaryEntity}', which the emulator does not know.");
                foreach (var s in _steps.Where(s => s.PrimaryEntity != null && tables.ContainsKey(s.PrimaryEntity)))
                    foreach (var a in s.FilteringAttributes.Where(a => tables[s.PrimaryEntity!].Column(a) == null))
                        _warnings.Add($"Step '{s.Name}' filters on '{a}', which is not a column of {s.PrimaryEntity}.");
                foreach (var s in _steps)
                    foreach (var image in s.Images)
                    {
                        var single = s.Message.EndsWith("Multiple", StringComparison.Ordinal) ? s.Message[..^"Multiple".Length] : s.Message;
                        if (image.IsPre && single is not ("Update" or "Delete"))
                            _warnings.Add($"Step '{s.Name}' registers pre-image '{image.Alias}', but Dataverse provides pre-images only for Update and Delete ({s.Message}): it will be absent.");
                        if (image.IsPost && (single is not ("Create" or "Update") || s.Stage != PipelineStage.PostOperation))
                            _warnings.Add($"Step '{s.Name}' registers post-image '{image.Alias}', but Dataverse provides post-images only for Create and Update in PostOperation ({s.Message}, stage {(int)s.Stage}): it will be absent.");
                    }

                var roles = _roles.ToList();
                roles.Add(new SecurityRoleDefinition(EnvironmentMetadata.SystemAdministratorRoleId, "System Administrator") { IsSystemAdministrator = true, Source = "platform" });
                foreach (var standard in StandardRoles.Create())
                    if (!roles.Any(r => string.Equals(r.Name, standard.Name, StringComparison.OrdinalIgnoreCase))) roles.Add(standard);
                return new EnvironmentMetadata(solution, tables, new Dictionary<string, Choice>(_choices, StringComparer.OrdinalIgnoreCase), _relationships.ToList(), roles,
                    _profiles.ToList(), _variables.ToList(), _pluginTypes.ToList(), _steps.ToList(), _warnings.ToList());
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
