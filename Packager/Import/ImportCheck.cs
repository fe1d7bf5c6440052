using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Mci.Packaging.Registration;
using Mci.SolutionModel;

namespace Mci.Packaging.Import
{
    /// <summary>What `mci check` found in a zip: the solution as an import reads it, every dangling reference, and what the
    /// check could not verify (component types and platform columns mci's model does not cover; the import checks those).</summary>
    public sealed record ImportCheckResult(SolutionDefinition Solution, IReadOnlyList<SolutionIssue> Issues, IReadOnlyList<SolutionIssue> Unverified)
    {
        public bool CanImport => Issues.Count == 0;
    }

    /// <summary>
    /// Checks a packed solution zip the way an import reads it (<see cref="SolutionDefinition.ReadZip"/>): every reference a
    /// component makes must land on a component of the zip, a standard table of the platform (<see cref="PlatformTables"/>),
    /// or a component solution.xml declares as a MissingDependency (which the target environment must have). Each dangling
    /// reference is one <see cref="SolutionIssue"/> naming the component and the missing thing. The kinds, in the order
    /// they are listed, are in <see cref="Kinds"/> (docs/check.md).
    /// </summary>
    public static class ImportCheck
    {
        /// <summary>The kinds of dangling reference the check finds, in the order docs/check.md explains them (a test holds the two together).</summary>
        public static readonly IReadOnlyList<string> Kinds = new[]
        {
            "Root components", "Step on an unknown message", "Step on a missing table", "Step on a missing column", "Step on a missing plug-in type",
            "Relationship", "Form column", "Subgrid", "Form library", "Web resource", "View", "Site map", "App", "Role privilege", "Field security", "Missing dependency",
        };

        /// <summary>Reads and checks a zip, or an unpacked solution folder (Solution/src: the same checks, except that the plug-in
        /// assemblies, build outputs, are checked at pack time). Anything else is an <see cref="InvalidSolutionException"/>.</summary>
        public static ImportCheckResult Check(string zipOrFolder) => Check(SolutionDefinition.Read(zipOrFolder));

        public static ImportCheckResult Check(SolutionDefinition solution)
        {
            var c = new Context(solution);
            foreach (var group in solution.Manifest.RootComponents.Where(r => !RootComponentCheck.IsChecked(r.Type, packed: true)).GroupBy(r => r.Type))
                c.Note("solution.xml", $"{group.Count()} root component(s) of type {group.Key} ({ComponentTypes.Describe(group.Key)}): mci does not read these components.");
            Run(c);
            return new ImportCheckResult(solution, c.Issues, c.Notes);
        }

        private static void Run(Context c)
        {
            c.Issues.AddRange(RootComponentCheck.Issues(c.Solution));
            Steps(c);
            Relationships(c);
            Forms(c);
            Views(c);
            Apps(c);
            Security(c);
            Dependencies(c);
        }

        // ---------- what is there ----------

        /// <summary>
        /// What a reference may land on: the zip's components, the platform's tables (as far as mci's model lists them), the
        /// declared dependencies. What mci's model cannot place is dangling when no platform could provide it: a table with a
        /// publisher prefix (mci_..., msdyn_...: the platform's own tables have none), a column of a table the zip creates, a
        /// column with this solution's prefix. Anything else may be a standard one the model does not list, and is noted as
        /// unverified rather than refused.
        /// </summary>
        private sealed class Context
        {
            private readonly HashSet<string> _noted = new(StringComparer.Ordinal);

            public Context(SolutionDefinition solution)
            {
                Solution = solution;
                Required = solution.Manifest.MissingDependencies.Select(d => d.Required).ToList();
            }

            public SolutionDefinition Solution { get; }
            public List<SolutionIssue> Issues { get; } = new();
            public List<SolutionIssue> Notes { get; } = new();
            public IReadOnlyList<DependencyComponent> Required { get; }

            public void Add(string where, string message) => Issues.Add(new SolutionIssue(where, message));

            public void Note(string where, string message)
            {
                if (_noted.Add(where + message)) Notes.Add(new SolutionIssue(where, message));
            }

            public bool Declared(int type, string schemaName, string parent = "") =>
                Required.Any(r => r.Type == type && string.Equals(r.SchemaName, schemaName, StringComparison.OrdinalIgnoreCase)
                                  && (parent.Length == 0 || string.Equals(r.ParentSchemaName, parent, StringComparison.OrdinalIgnoreCase)));

            /// <summary>A component the target must have, named by id (a form, a view).</summary>
            public bool Declared(int type, Guid id) =>
                Required.Any(r => r.Type == type && Guid.TryParse(r.Id, out var g) && g == id);

            /// <summary>A prefixed table name (publisher_name): a table of a solution; the platform's own tables have no prefix.</summary>
            public static bool IsPrefixed(string name) => name.IndexOf('_') > 0;

            /// <summary>A name with this solution's publisher prefix: only this solution can provide it.</summary>
            public bool IsOwn(string name) =>
                Solution.Manifest.Publisher.CustomizationPrefix is { Length: > 0 } prefix && name.StartsWith(prefix + "_", StringComparison.OrdinalIgnoreCase);

            /// <summary>A table of the zip or the platform, or one the target must have (a declared dependency).</summary>
            public bool HasTable(string table, string where)
            {
                if (Solution.Table(table) != null || PlatformTables.Find(table) != null || Declared(ComponentTypes.Entity, table)) return true;
                if (IsPrefixed(table)) return false;
                Note(where, $"names table {table}, which mci's model of the platform does not list; the import checks that the target has it.");
                return true;
            }

            /// <summary>A column of TABLE (the zip's, the platform's, a system column, a declared one). On a table the zip creates
            /// a missing column is dangling; on a platform table only when it carries a prefix.</summary>
            public bool HasColumn(string table, string column, string where)
            {
                if (RegistrationChecker.Columns(Solution, table) is not { } columns) return HasTable(table, where);
                if (columns.Contains(column) || Declared(ComponentTypes.Attribute, column, table)) return true;
                if (Solution.Table(table) is { IsShell: false } || IsOwn(column)) return false;
                Note(where, $"names column {table}.{column}, which mci's model of the platform table {table} does not list; the import checks that the target has it.");
                return true;
            }
        }

        private static string Show(string table, string column) => $"{table}.{column}";

        // ---------- steps ----------

        private static void Steps(Context c)
        {
            var types = c.Solution.PluginAssemblies.SelectMany(a => a.Types.Select(t => (Assembly: a, Type: t))).ToList();
            // Every registered assembly's file, read once: a missing one is named whether or not a step runs it.
            var defined = c.Solution.PluginAssemblies.ToDictionary(a => a, a => TypesIn(c, a));
            foreach (var step in c.Solution.Steps)
            {
                var where = $"step '{step.Name}'";
                if (step.Message.Length == 0)
                    c.Add(where, $"names SdkMessageId {step.MessageId?.ToString() ?? "(none)"}, which is not a message with a published id ({string.Join(", ", SdkMessages.All.Values)}): the import would fail or bind it to another message.");
                if (step.PrimaryEntity is { } table)
                {
                    if (!c.HasTable(table, where)) c.Add(where, $"is registered on table {table}, which neither the zip nor the platform has.");
                    else
                    {
                        foreach (var column in step.FilteringAttributes.Where(col => !c.HasColumn(table, col, where)))
                            c.Add(where, $"filters on column {Show(table, column)}, which {table} lacks.");
                        foreach (var image in step.Images)
                            foreach (var column in image.Attributes.Where(col => !c.HasColumn(table, col, where)))
                                c.Add(where, $"image '{image.Alias}' takes column {Show(table, column)}, which {table} lacks.");
                    }
                }
                var registered = types.FirstOrDefault(t => step.PluginTypeId != null && t.Type.Id == step.PluginTypeId);
                if (registered.Type == null)
                {
                    c.Add(where, $"runs plug-in type {step.PluginTypeName} ({step.PluginTypeId?.ToString() ?? "no PluginTypeId"}), which no plug-in assembly of the zip registers.");
                    continue;
                }
                if (defined[registered.Assembly] is { } names && !names.Contains(registered.Type.TypeName))
                    c.Add(where, $"runs plug-in type {registered.Type.TypeName}, which the zip's {registered.Assembly.Name}.dll does not define.");
            }
        }

        /// <summary>The full names of the types an assembly file of the zip defines; null (said once) when the file is missing.</summary>
        private static IReadOnlySet<string>? TypesIn(Context c, PluginAssemblyDefinition assembly)
        {
            var bytes = assembly.FileName.Length > 0 ? c.Solution.ReadFile(assembly.FileName) : null;
            if (bytes == null && !c.Solution.IsPacked)
            {
                // An unpacked folder (Solution/src) leaves the assemblies to the build: the pack maps them in (Solution/map.xml)
                // and checks them then.
                c.Note($"plug-in assembly {assembly.Name}", $"file {(assembly.FileName.Length > 0 ? assembly.FileName : "(no FileName)")} is not in the folder: it is a build output the pack maps in, so the plug-in types it defines are checked when the zip is packed.");
                return null;
            }
            if (bytes == null)
            {
                c.Add($"plug-in assembly {assembly.Name}", $"names file {(assembly.FileName.Length > 0 ? assembly.FileName : "(no FileName)")}, which is not in the zip: none of its plug-ins could run.");
                return null;
            }
            try
            {
                using var pe = new PEReader(new MemoryStream(bytes));
                var reader = pe.GetMetadataReader();
                return reader.TypeDefinitions.Select(h => reader.GetTypeDefinition(h))
                    .Select(t => (Namespace: reader.GetString(t.Namespace), Name: reader.GetString(t.Name)))
                    .Select(t => t.Namespace.Length > 0 ? t.Namespace + "." + t.Name : t.Name).ToHashSet(StringComparer.Ordinal);
            }
            catch (Exception e) when (e is BadImageFormatException or InvalidOperationException)
            {
                c.Add($"plug-in assembly {assembly.Name}", $"file {assembly.FileName} is not a .NET assembly ({e.Message}).");
                return null;
            }
        }

        // ---------- relationships ----------

        private static void Relationships(Context c)
        {
            foreach (var r in c.Solution.Relationships)
            {
                var where = $"relationship {r.SchemaName}";
                var tables = r.Kind == RelationshipKind.OneToMany ? new[] { r.ReferencedEntity, r.ReferencingEntity } : new[] { r.Entity1, r.Entity2 };
                var missing = tables.Where(t => t.Length > 0 && !c.HasTable(t, where)).Distinct().ToList();
                foreach (var table in missing) c.Add(where, $"relates table {table}, which neither the zip nor the platform has.");
                if (r.Kind == RelationshipKind.OneToMany && missing.Count == 0 && r.ReferencingAttribute.Length > 0 && !c.HasColumn(r.ReferencingEntity, r.ReferencingAttribute, where))
                    c.Add(where, $"is held by lookup column {Show(r.ReferencingEntity, r.ReferencingAttribute)}, which {r.ReferencingEntity} lacks.");
            }
        }

        // ---------- forms, views, apps ----------

        private static string FormName(FormDefinition f) => $"form '{f.Names.Best(1033, f.Id.ToString())}' ({f.Id:D}) of {f.Table}";

        private static void Forms(Context c)
        {
            var relationships = c.Solution.Relationships.Select(r => r.SchemaName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var views = c.Solution.Views.Select(v => v.Id).ToHashSet();
            var webResources = c.Solution.WebResources.Select(w => w.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var form in c.Solution.Forms)
            {
                var where = FormName(form);
                foreach (var column in form.Columns.Where(col => !c.HasColumn(form.Table, col, where)))
                    c.Add(where, $"shows column {Show(form.Table, column)}, which {form.Table} lacks.");
                foreach (var grid in form.Subgrids)
                {
                    var what = $"subgrid {grid.ControlId}";
                    if (grid.RelationshipName.Length > 0 && !relationships.Contains(grid.RelationshipName) && !c.Declared(ComponentTypes.Relationship, grid.RelationshipName))
                        c.Add(where, $"{what} names relationship {grid.RelationshipName}, which the zip does not define.");
                    if (grid.TargetTable.Length > 0 && !c.HasTable(grid.TargetTable, where))
                        c.Add(where, $"{what} lists table {grid.TargetTable}, which neither the zip nor the platform has.");
                    else if (grid.ViewId is { } view && c.Solution.Table(grid.TargetTable) is { IsShell: false } && !views.Contains(view))
                        c.Add(where, $"{what} uses view {view:D}, which is not a view of the zip's table {grid.TargetTable}.");
                }
                foreach (var library in form.Libraries.Where(l => !webResources.Contains(l) && !c.Declared(ComponentTypes.WebResource, l)))
                    c.Add(where, $"loads script library {library}, which is not a web resource of the zip.");
                // A handler runs a function of a library the form loads; one the form does not load is never there to call.
                foreach (var h in form.Handlers.Where(h => !form.Libraries.Contains(h.Library, StringComparer.OrdinalIgnoreCase)))
                    c.Add(where, $"its {h.Event} event calls {h.FunctionName} from {(h.Library.Length > 0 ? h.Library : "(no library)")}, which is not one of the form's libraries (formLibraries).");
                DisplayRoles(c, where, "is shown to", form.DisplayRoles);
            }
            WebResourceFiles(c);
        }

        /// <summary>Role ids a form or app names: the zip's roles; one it does not carry may be a role of the target (noted).</summary>
        private static void DisplayRoles(Context c, string where, string verb, IEnumerable<Guid> roles)
        {
            foreach (var role in roles.Where(r => c.Solution.Roles.All(x => x.Id != r)))
            {
                if (role == Guid.Empty) c.Add(where, $"{verb} a security role without a valid id.");
                else c.Note(where, $"{verb} security role {role:D}, which is not a role of the zip; the target must have it.");
            }
        }

        /// <summary>Each web resource's content is the zip entry its FileName names; without it the import has nothing to load.</summary>
        private static void WebResourceFiles(Context c)
        {
            foreach (var w in c.Solution.WebResources)
            {
                var where = $"web resource {w.Name}";
                if (w.ContentPath.Length == 0) c.Add(where, "has no FileName: the zip carries no content for it.");
                else if (c.Solution.ReadFile(w.ContentPath) == null) c.Add(where, $"names file {w.ContentPath}, which is not in the zip.");
            }
        }

        private static void Views(Context c)
        {
            foreach (var view in c.Solution.Views)
            {
                var where = $"view '{view.Names.Best(1033, view.Id.ToString())}' ({view.Id:D}) of {view.Table}";
                foreach (var table in view.LinkedTables.Where(t => !c.HasTable(t, where)))
                    c.Add(where, $"links table {table}, which neither the zip nor the platform has.");
                foreach (var (table, column) in view.Columns.Where(x => c.HasTable(x.Table, where) && !c.HasColumn(x.Table, x.Column, where)))
                    c.Add(where, $"names column {Show(table, column)}, which {table} lacks.");
            }
        }

        private static void Apps(Context c)
        {
            foreach (var map in c.Solution.SiteMaps)
                foreach (var table in map.Tables.Where(t => !c.HasTable(t, $"site map {map.UniqueName}")))
                    c.Add($"site map {map.UniqueName}", $"has an area for table {table}, which neither the zip nor the platform has.");
            var siteMaps = c.Solution.SiteMaps.Select(m => m.UniqueName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var app in c.Solution.Apps)
            {
                foreach (var table in app.Tables.Where(t => !c.HasTable(t, $"app {app.UniqueName}")))
                    c.Add($"app {app.UniqueName}", $"includes table {table}, which neither the zip nor the platform has.");
                foreach (var map in app.SiteMaps.Where(m => !siteMaps.Contains(m) && !c.Declared(ComponentTypes.SiteMap, m)))
                    c.Add($"app {app.UniqueName}", $"uses site map {map}, which is not in the zip.");
                // A form or view of another solution (the platform's, Sales') may be there; the import checks it.
                foreach (var form in app.Forms.Where(f => c.Solution.Forms.All(x => x.Id != f) && !c.Declared(ComponentTypes.Form, f)))
                    c.Note($"app {app.UniqueName}", $"includes form {form:D}, which is not in the zip; the target must have it.");
                foreach (var view in app.Views.Where(v => c.Solution.Views.All(x => x.Id != v) && !c.Declared(ComponentTypes.View, v)))
                    c.Note($"app {app.UniqueName}", $"includes view {view:D}, which is not in the zip; the target must have it.");
                DisplayRoles(c, $"app {app.UniqueName}", "is for", app.Roles);
            }
        }

        // ---------- security ----------

        private static void Security(Context c)
        {
            // A privilege names its table as Dataverse spells it: the schema name, or User, Note, Activity for a few standard ones.
            var privilegeTables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var t in c.Solution.Tables) { privilegeTables.Add(t.SchemaName); privilegeTables.Add(t.LogicalName); }
            foreach (var t in PlatformTables.Tables) { privilegeTables.Add(t.PrivilegeName); privilegeTables.Add(t.LogicalName); }
            foreach (var r in c.Required.Where(r => r.Type == ComponentTypes.Entity)) privilegeTables.Add(r.SchemaName);
            foreach (var role in c.Solution.Roles)
                foreach (var p in role.Privileges.Where(p => p.TableName is { } t && !privilegeTables.Contains(t)))
                {
                    if (Context.IsPrefixed(p.TableName!)) c.Add($"role '{role.Name}'", $"grants {p.Name} on table {p.TableName}, which neither the zip nor the platform has.");
                    else c.Note($"role '{role.Name}'", $"grants {p.Name} on {p.TableName}, which mci's model of the platform does not list; the import checks that the target has it.");
                }
            foreach (var profile in c.Solution.FieldSecurityProfiles)
            {
                var where = $"field security profile '{profile.Name}'";
                foreach (var p in profile.Permissions.Where(p => !c.HasColumn(p.Entity, p.Attribute, where)))
                    c.Add(where, $"secures column {Show(p.Entity, p.Attribute)}, which {(c.HasTable(p.Entity, where) ? p.Entity + " lacks" : "is on a table neither the zip nor the platform has")}.");
            }
        }

        // ---------- dependencies ----------

        private static void Dependencies(Context c)
        {
            foreach (var table in c.Solution.Tables.Where(t => t.IsShell))
            {
                var platform = PlatformTables.Find(table.LogicalName);
                if (platform == null && !c.Declared(ComponentTypes.Entity, table.LogicalName))
                {
                    if (Context.IsPrefixed(table.LogicalName)) c.Add($"table {table.LogicalName}", "extends a table that neither the platform has nor solution.xml declares as a MissingDependency: the import would fail where it is missing.");
                    else c.Note($"table {table.LogicalName}", "extends a table mci's model of the platform does not list; the import checks that the target has it.");
                }
                else if (platform != null && platform.ProvidedBy != PlatformTables.System && !c.Declared(ComponentTypes.Entity, table.LogicalName))
                    c.Add($"table {table.LogicalName}", $"extends {platform.LogicalName} of {platform.ProvidedBy}, but solution.xml declares no MissingDependency on it: an admin without it learns only from a failed import.");
            }
            foreach (var form in c.Solution.Forms)
            {
                if (PlatformTables.Find(form.Table) is not { } platform || platform.ProvidedBy == PlatformTables.System) continue;
                var own = c.Solution.Table(form.Table);
                foreach (var column in form.Columns.Where(col => own?.Column(col) == null && platform.Column(col) != null && !c.Declared(ComponentTypes.Attribute, col, form.Table)))
                    c.Add(FormName(form), $"shows {Show(form.Table, column)} of {platform.ProvidedBy}, but solution.xml declares no MissingDependency on it.");
            }
            var forms = c.Solution.Forms.Select(f => f.Id).ToHashSet();
            foreach (var d in c.Solution.Manifest.MissingDependencies.Select(m => m.Dependent))
            {
                var present = d.Type switch
                {
                    ComponentTypes.Entity => c.Solution.Table(d.SchemaName) != null,
                    ComponentTypes.Form => Guid.TryParse(d.Id, out var id) && forms.Contains(id),
                    ComponentTypes.Step => Guid.TryParse(d.Id, out var sid) && c.Solution.Steps.Any(s => s.Id == sid),
                    ComponentTypes.Role => Guid.TryParse(d.Id, out var rid) && c.Solution.Roles.Any(r => r.Id == rid),
                    ComponentTypes.AppModule => c.Solution.Apps.Any(a => string.Equals(a.UniqueName, d.SchemaName, StringComparison.OrdinalIgnoreCase)),
                    ComponentTypes.WebResource => c.Solution.WebResources.Any(w => string.Equals(w.Name, d.SchemaName, StringComparison.OrdinalIgnoreCase)),
                    _ => true,
                };
                if (!present) c.Add("solution.xml", $"declares a MissingDependency of {d}, which is not in the zip.");
            }
        }
    }
}
