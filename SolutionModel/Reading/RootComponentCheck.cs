using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.SolutionModel
{
    /// <summary>One thing wrong with a solution; <see cref="Where"/> names the file, zip entry or component to fix.</summary>
    public sealed record SolutionIssue(string Where, string Message)
    {
        public override string ToString() => $"{Where}: {Message}";
    }

    /// <summary>
    /// Keeps solution.xml's RootComponents and the components in step: a component with no root component would be packed but
    /// not belong to the solution; a root component with no component would fail the import; two components with one id would
    /// overwrite each other. The packer refuses the first issue (<see cref="Verify"/>). For a zip (`mci check`) only what
    /// would break the import counts: a root component without its component, two components with one id. Dataverse's own
    /// exports leave some components unlisted (an environment variable a flow needs), and root components of types the model
    /// does not read (<see cref="IsChecked"/>) cannot be verified.
    /// </summary>
    public static class RootComponentCheck
    {
        public static void Verify(SolutionDefinition solution)
        {
            var first = Issues(solution).FirstOrDefault();
            if (first != null) throw new InvalidSolutionException(first.ToString());
        }

        public static IReadOnlyList<SolutionIssue> Issues(SolutionDefinition solution)
        {
            var issues = new List<SolutionIssue>();
            var manifest = solution.Manifest;
            var declared = new Dictionary<int, HashSet<string>>();
            foreach (var r in manifest.RootComponents)
            {
                if (r.Type < 0)
                {
                    issues.Add(new SolutionIssue(manifest.Source, "a RootComponent has no numeric type."));
                    continue;
                }
                if (solution.IsPacked && !IsChecked(r.Type, packed: true)) continue;
                var key = ByName(r.Type) ? r.SchemaName.ToLowerInvariant() : Key(r.Id);
                if (key == null)
                {
                    issues.Add(new SolutionIssue(manifest.Source, $"RootComponent type {r.Type}: '{r.Id}' is not a GUID."));
                    continue;
                }
                if (!declared.TryGetValue(r.Type, out var set)) declared[r.Type] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(key);
            }

            var present = new Dictionary<int, Dictionary<string, string>>
            {
                [ComponentTypes.Entity] = Unique(solution.Tables.Select(t => (t.LogicalName, t.Source)), issues),
                [ComponentTypes.OptionSet] = Unique(solution.GlobalChoices.Select(c => (c.Name.ToLowerInvariant(), c.Source)), issues),
                [ComponentTypes.Role] = Unique(solution.Roles.Select(r => (Id(r.Id, r.Source, "role", issues), r.Source)), issues),
                [ComponentTypes.FieldSecurityProfile] = Unique(solution.FieldSecurityProfiles.Select(p => (Id(p.Id, p.Source, "field security profile", issues), p.Source)), issues),
                [ComponentTypes.PluginAssembly] = Unique(solution.PluginAssemblies.Select(a => (Id(a.Id, a.Source, "plug-in assembly", issues), a.Source)), issues),
                [ComponentTypes.Step] = Unique(solution.Steps.Select(s => (Id(s.Id, s.Source, "step", issues), s.Source)), issues),
                [ComponentTypes.EnvironmentVariableDefinition] = Unique(solution.EnvironmentVariables.Select(v => (v.SchemaName.ToLowerInvariant(), v.Source)), issues),
                [ComponentTypes.WebResource] = Unique(solution.WebResources.Select(w => (w.Name.ToLowerInvariant(), w.Source)), issues),
                [ComponentTypes.SiteMap] = Unique(solution.SiteMaps.Select(m => (m.UniqueName.ToLowerInvariant(), m.Source)), issues),
                [ComponentTypes.AppModule] = Unique(solution.Apps.Select(a => (a.UniqueName.ToLowerInvariant(), a.Source)), issues),
                [ComponentTypes.Workflow] = Unique(solution.Workflows.Select(w => (Id(w.Id, w.Source, "process", issues), w.Source)), issues),
            };
            var forms = solution.Forms.Select(f => f.Id.ToString("D")).ToHashSet(StringComparer.Ordinal);
            var where = solution.IsPacked ? "solution.xml" : manifest.Source;
            var container = solution.IsPacked ? "in customizations.xml" : "has no component file in the folder";

            foreach (var (type, keys) in declared.OrderBy(d => d.Key))
            {
                if (type == ComponentTypes.Form)
                {
                    foreach (var missingForm in keys.Where(k => !forms.Contains(k)))
                        issues.Add(new SolutionIssue(where, $"RootComponent type 60 (form) {missingForm} names no form {(solution.IsPacked ? "in customizations.xml" : "under Entities/*/FormXml/")}."));
                    continue;
                }
                if (!present.TryGetValue(type, out var components))
                {
                    if (!solution.IsPacked) issues.Add(new SolutionIssue(where, $"RootComponent type {type} ({ComponentTypes.Describe(type)}) is not a component type this packer supports."));
                    continue;
                }
                foreach (var missing in keys.Where(k => !components.ContainsKey(k)))
                    issues.Add(new SolutionIssue(where, solution.IsPacked
                        ? $"RootComponent type {type} ({ComponentTypes.Describe(type)}) '{missing}' is not {container}: the import would fail."
                        : $"RootComponent type {type} '{missing}' has no component file in the folder."));
            }
            foreach (var (type, components) in present.Where(_ => !solution.IsPacked))
            {
                var set = declared.TryGetValue(type, out var s) ? s : new HashSet<string>();
                foreach (var extra in components.Where(c => !set.Contains(c.Key)))
                    issues.Add(new SolutionIssue(extra.Value, $"component '{extra.Key}' is not listed in {where} RootComponents (add <RootComponent type=\"{type}\" .../>)."));
            }
            return issues;
        }

        /// <summary>Whether the model reads the components of a root component type, so that the check can find them.</summary>
        public static bool IsChecked(int type, bool packed) => type is ComponentTypes.Entity or ComponentTypes.OptionSet or ComponentTypes.Role or ComponentTypes.Form
            or ComponentTypes.FieldSecurityProfile or ComponentTypes.PluginAssembly or ComponentTypes.Step or ComponentTypes.EnvironmentVariableDefinition
            or ComponentTypes.WebResource or ComponentTypes.SiteMap or ComponentTypes.AppModule or ComponentTypes.Workflow;

        /// <summary>Types whose root components name the component by schema name rather than id.</summary>
        private static bool ByName(int type) => type is ComponentTypes.Entity or ComponentTypes.OptionSet or ComponentTypes.EnvironmentVariableDefinition
            or ComponentTypes.WebResource or ComponentTypes.SiteMap or ComponentTypes.AppModule or ComponentTypes.CanvasApp;

        private static string? Key(string id) => Guid.TryParse(id, out var g) ? g.ToString("D") : null;

        private static string Id(Guid id, string source, string what, List<SolutionIssue> issues)
        {
            if (id == Guid.Empty) issues.Add(new SolutionIssue(source, $"the {what} has no id (a GUID)."));
            return id.ToString("D");
        }

        /// <summary>Component key to where it was read; two with one key (a copied role, a reused GUID) are an issue naming both.</summary>
        private static Dictionary<string, string> Unique(IEnumerable<(string Key, string Source)> components, List<SolutionIssue> issues)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, source) in components)
            {
                if (map.TryGetValue(key, out var other))
                {
                    issues.Add(new SolutionIssue(source, $"component '{key}' is also defined in {other}; every component needs its own id."));
                    continue;
                }
                map[key] = source;
            }
            return map;
        }
    }
}
