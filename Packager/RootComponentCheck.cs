using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace Mci.Packaging
{
    /// <summary>
    /// Keeps Solution.xml's RootComponents and the component files in step: a component file with no root component would be
    /// packed but not belong to the solution; a root component with no file would fail the import. Both are errors here.
    /// </summary>
    internal static class RootComponentCheck
    {
        // Component types this packer knows (solutioncomponent componenttype values).
        private const int Entity = 1, OptionSet = 9, Role = 20, Form = 60, FieldSecurityProfile = 70, PluginAssembly = 91, Step = 92, EnvironmentVariable = 380;

        public static void Verify(SolutionFolder folder, XElement manifest)
        {
            var roots = manifest.Element("RootComponents")?.Elements("RootComponent").ToList() ?? new List<XElement>();
            var declared = new Dictionary<int, HashSet<string>>();
            foreach (var r in roots)
            {
                if (!int.TryParse(SolutionXml.Attr(r, "type"), out var type))
                {
                    throw new PackagingException($"{folder.SolutionXml}: RootComponent without a numeric type: {r}");
                }
                var key = type is Entity or OptionSet or EnvironmentVariable ? SolutionXml.Attr(r, "schemaName").ToLowerInvariant() : Id(SolutionXml.Attr(r, "id"), folder, r);
                if (!declared.TryGetValue(type, out var set)) declared[type] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(key);
            }

            var present = new Dictionary<int, Dictionary<string, string>>
            {
                [Entity] = Unique(folder.Entities.Select(e => (EntityLogicalName(e), e.EntityXml))),
                [OptionSet] = Unique(folder.OptionSets.Select(f => (SolutionXml.Attr(SolutionXml.Load(f).Root!, "Name").ToLowerInvariant(), f))),
                [Role] = Unique(folder.Roles.Select(f => (Id(SolutionXml.Attr(SolutionXml.Load(f).Root!, "id"), folder, null), f))),
                [FieldSecurityProfile] = FieldSecurityProfiles(folder),
                [PluginAssembly] = Unique(folder.Assemblies.Select(a => (Id(SolutionXml.Attr(SolutionXml.Load(a.DataXml).Root!, "PluginAssemblyId"), folder, null), a.DataXml))),
                [Step] = Unique(folder.Steps.Select(f => (Id(SolutionXml.Attr(SolutionXml.Load(f).Root!, "SdkMessageProcessingStepId"), folder, null), f))),
                [EnvironmentVariable] = Unique(folder.EnvironmentVariables.Select(f => (SolutionXml.Attr(SolutionXml.Load(f).Root!, "schemaname").ToLowerInvariant(), f))),
            };
            var forms = folder.Entities.SelectMany(e => e.Forms).Select(f => Id(f.Id, folder, null)).ToHashSet(StringComparer.Ordinal);

            foreach (var (type, keys) in declared)
            {
                if (type == Form)
                {
                    var missingForm = keys.FirstOrDefault(k => !forms.Contains(k));
                    if (missingForm != null) throw new PackagingException($"{folder.SolutionXml}: RootComponent type 60 {missingForm} names no form under Entities/*/FormXml/.");
                    continue;
                }
                if (!present.TryGetValue(type, out var files))
                {
                    throw new PackagingException($"{folder.SolutionXml}: RootComponent type {type} is not a component type this packer supports.");
                }
                var missing = keys.FirstOrDefault(k => !files.ContainsKey(k));
                if (missing != null) throw new PackagingException($"{folder.SolutionXml}: RootComponent type {type} '{missing}' has no component file in the folder.");
            }
            foreach (var (type, files) in present)
            {
                var set = declared.TryGetValue(type, out var s) ? s : new HashSet<string>();
                var extra = files.FirstOrDefault(f => !set.Contains(f.Key));
                if (extra.Key != null)
                {
                    throw new PackagingException($"{extra.Value}: component '{extra.Key}' is not listed in {folder.SolutionXml} RootComponents (add <RootComponent type=\"{type}\" .../>).");
                }
            }
        }

        public static string EntityLogicalName(EntityFolder entity)
        {
            var info = SolutionXml.Load(entity.EntityXml).Root?.Element("EntityInfo")?.Element("entity");
            var name = info == null ? entity.SchemaName : SolutionXml.Attr(info, "Name");
            return name.ToLowerInvariant();
        }

        private static Dictionary<string, string> FieldSecurityProfiles(SolutionFolder folder)
        {
            if (folder.FieldSecurityProfiles == null) return new Dictionary<string, string>();
            var file = folder.FieldSecurityProfiles;
            return Unique(SolutionXml.Load(file).Root!.Elements("FieldSecurityProfile").Select(p => (Id(SolutionXml.Attr(p, "fieldsecurityprofileid"), folder, p), file)));
        }

        /// <summary>Component key to file; two files with one key (a copied role, a reused GUID) are an error naming both.</summary>
        private static Dictionary<string, string> Unique(IEnumerable<(string Key, string File)> components)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, file) in components)
            {
                if (map.TryGetValue(key, out var other))
                {
                    throw new PackagingException($"{file}: component '{key}' is also defined in {other}; every component needs its own id.");
                }
                map[key] = file;
            }
            return map;
        }

        private static string Id(string value, SolutionFolder folder, XElement? context)
        {
            if (!Guid.TryParse(value, out var id))
            {
                throw new PackagingException($"{folder.Root}: '{value}' is not a GUID{(context == null ? string.Empty : $" in {context.Name.LocalName}")}.");
            }
            return id.ToString("D");
        }
    }
}
