using System;
using Mci.SolutionModel;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace Mci.Packaging
{
    /// <summary>Folds the split files of an unpacked solution back into one customizations.xml, in the element order exports use.</summary>
    internal sealed partial class CustomizationsBuilder
    {
        // Children of ImportExportXml in export order (Microsoft's schema order, plus the newer canvas apps and connection
        // references, which current exports write after EntityDataProviders). Environment variables are files of their own.
        private static readonly string[] ExportOrder =
        {
            "Entities", "Roles", "Workflows", "FieldSecurityProfiles", "Templates", "RibbonDiffXml", "IsvConfig", "RelationshipRoles",
            "ConnectionRoles", "SiteMap", "EntityMaps", "EntityRelationships", "OrganizationSettings", "optionsets", "Reports", "RoutingRules",
            "ChannelPropertyGroups", "ConvertRules", "MobileOfflineProfiles", "Slas", "ChannelAccessProfiles", "ChannelAccessProfileRules",
            "Dashboards", "InteractionCentricDashboards", "Dialogs", "WebResources", "CustomControls", "SolutionPluginAssemblies",
            "SdkMessageProcessingSteps", "ServiceEndpoints", "AppModuleSiteMaps", "AppModules", "EntityDataProviders", "EntityDataSources", "CanvasApps",
            "connectionreferences", "Languages", "GlobalSearchConfigurations", "StoredProcedures",
        };

        private readonly SolutionFolder _folder;
        private readonly PackageType _type;
        private readonly bool _useUnmanagedForMissingManaged;

        public CustomizationsBuilder(SolutionFolder folder, PackageType type, bool useUnmanagedForMissingManaged)
        {
            _folder = folder;
            _type = type;
            _useUnmanagedForMissingManaged = useUnmanagedForMissingManaged;
        }

        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        public XDocument Build()
        {
            var doc = SolutionXml.Load(_folder.CustomizationsXml);
            var root = doc.Root!;
            if (root.Name.LocalName != "ImportExportXml")
            {
                throw new InvalidSolutionException($"{_folder.CustomizationsXml}: the root element is <ImportExportXml>.");
            }
            Place(root, "Entities", _folder.Entities.Select(BuildEntity), "Entity");
            Place(root, "Roles", _folder.Roles.Select(f => SolutionXml.Fragment(f, "Role")), "Role");
            Place(root, "Workflows", _folder.Workflows.Select(w => SolutionXml.Fragment(w.DataXml, "Workflow")), "Workflow");
            if (_folder.FieldSecurityProfiles != null)
            {
                Place(root, "FieldSecurityProfiles", SolutionXml.Fragment(_folder.FieldSecurityProfiles, "FieldSecurityProfiles").Elements("FieldSecurityProfile").ToList(), "FieldSecurityProfile");
            }
            Place(root, "EntityRelationships", Relationships(), "EntityRelationship");
            Place(root, "optionsets", _folder.OptionSets.Select(f => SolutionXml.Fragment(f, "optionset")), "OptionSet");
            Place(root, "SolutionPluginAssemblies", _folder.Assemblies.Select(a => SolutionXml.Fragment(a.DataXml, "PluginAssembly")), "PluginAssembly");
            Place(root, "SdkMessageProcessingSteps", _folder.Steps.Select(f => SolutionXml.Fragment(f, "SdkMessageProcessingStep")), "SdkMessageProcessingStep");
            PlaceUserInterface(root);
            // Environment variable definitions travel as their own files in the zip (SolutionPacker), as Dataverse exports carry
            // them; customizations.xml has no section for them. A placeholder for one is refused rather than left empty.
            if (root.Element("environmentvariabledefinitions") != null)
                throw new InvalidSolutionException($"{_folder.CustomizationsXml}: remove <environmentvariabledefinitions>: definitions live in environmentvariabledefinitions/<schema name>/ and travel as files in the zip.");
            foreach (var file in _folder.EnvironmentVariables) SolutionXml.Fragment(file, "environmentvariabledefinition");
            Counts["EnvironmentVariableDefinition"] = _folder.EnvironmentVariables.Count;
            // Connection references stay in customizations.xml (connectionreferences), as exports and `pac solution unpack` keep them.
            Counts["ConnectionReference"] = root.Element("connectionreferences")?.Elements("connectionreference").Count() ?? 0;
            // Custom APIs travel as files of their own (customapis/<unique name>/...), like environment variables.
            Counts["CustomApi"] = _folder.CustomApis.Count;
            return doc;
        }

        /// <summary>Replaces the placeholder (or inserts the element at its export position) with the folded children.</summary>
        private void Place(XElement root, string name, IEnumerable<XElement> children, string countKey)
        {
            var list = children.ToList();
            Counts[countKey] = list.Count;
            var existing = root.Element(name);
            if (existing != null && existing.HasElements)
            {
                throw new InvalidSolutionException($"{_folder.CustomizationsXml}: <{name}> must be an empty placeholder; its components live in their own files.");
            }
            if (list.Count == 0 && existing == null)
            {
                return;
            }
            var element = new XElement(name, list);
            if (existing != null)
            {
                existing.ReplaceWith(element);
                return;
            }
            var index = Array.IndexOf(ExportOrder, name);
            var next = root.Elements().FirstOrDefault(e => Array.IndexOf(ExportOrder, e.Name.LocalName) > index);
            if (next != null) next.AddBeforeSelf(element); else root.Add(element);
        }

        private XElement BuildEntity(EntityFolder entity)
        {
            var e = SolutionXml.Fragment(entity.EntityXml, "Entity");
            if (entity.Forms.Count > 0)
            {
                var formXml = new XElement("FormXml");
                foreach (var group in entity.Forms.GroupBy(f => f.FormType).OrderBy(g => SolutionFolder.FormTypes.ToList().IndexOf(g.Key)))
                {
                    formXml.Add(new XElement("forms", new XAttribute("type", group.Key),
                        group.Select(f => SolutionXml.Fragment(FormPath(entity, f), "forms").Elements("systemform")).SelectMany(x => x)));
                }
                ReplacePlaceholder(entity, e, "FormXml", formXml, after: "EntityInfo");
                Count("Form", entity.Forms.Count);
            }
            if (entity.SavedQueries.Count > 0)
            {
                var queries = entity.SavedQueries.SelectMany(f => SolutionXml.Fragment(f, "savedqueries").Elements("savedquery")).ToList();
                ReplacePlaceholder(entity, e, "SavedQueries", new XElement("SavedQueries", new XElement("savedqueries", queries)), after: "FormXml");
                Count("SavedQuery", queries.Count);
            }
            if (entity.RibbonDiff != null)
            {
                ReplacePlaceholder(entity, e, "RibbonDiffXml", SolutionXml.Fragment(entity.RibbonDiff, "RibbonDiffXml"), after: "SavedQueries");
            }
            Count("Attribute", e.Element("EntityInfo")?.Element("entity")?.Element("attributes")?.Elements("attribute").Count() ?? 0);
            return e;
        }

        private string FormPath(EntityFolder entity, FormFile form) =>
            PackagePath($"Entities/{entity.SchemaName}/FormXml/{form.FormType}/{form.Id}", form.UnmanagedPath, form.ManagedPath, "form");

        /// <summary>The file of a component unpacked as Both (X.xml and X_managed.xml) that goes into this package type.</summary>
        private string PackagePath(string relativeWithoutXml, string? unmanaged, string? managed, string what)
        {
            if (_type == PackageType.Unmanaged)
            {
                return unmanaged ?? throw new InvalidSolutionException($"{relativeWithoutXml}.xml is missing (only the _managed file exists); an unmanaged package needs it.");
            }
            if (managed != null) return managed;
            if (_useUnmanagedForMissingManaged && unmanaged != null) return unmanaged;
            throw new InvalidSolutionException($"{relativeWithoutXml}_managed.xml is missing; pass --useUnmanagedFileForMissingManaged to pack the unmanaged {what} into the managed package (as pac does).");
        }

        private void ReplacePlaceholder(EntityFolder entity, XElement e, string name, XElement content, string after)
        {
            var placeholder = e.Element(name);
            if (placeholder != null)
            {
                if (placeholder.HasElements)
                {
                    throw new InvalidSolutionException($"{entity.EntityXml}: <{name}> must be an empty placeholder when its split files exist.");
                }
                placeholder.ReplaceWith(content);
                return;
            }
            var anchor = e.Element(after) ?? e.Element("EntityInfo");
            if (anchor != null) anchor.AddAfterSelf(content); else e.Add(content);
        }

        /// <summary>Relationships in the order Other/Relationships.xml lists them; every listed one needs its definition and vice versa.</summary>
        private IEnumerable<XElement> Relationships()
        {
            var definitions = new Dictionary<string, XElement>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in _folder.RelationshipFiles)
            {
                foreach (var r in SolutionXml.Fragment(file, "EntityRelationships").Elements("EntityRelationship"))
                {
                    var name = SolutionXml.Attr(r, "Name");
                    if (!definitions.TryAdd(name, r))
                    {
                        throw new InvalidSolutionException($"{file}: relationship {name} is defined twice.");
                    }
                }
            }
            if (_folder.RelationshipsIndex == null)
            {
                if (definitions.Count > 0) throw new InvalidSolutionException($"{_folder.Root}: Other/Relationships.xml is missing but Other/Relationships/ defines relationships.");
                return Array.Empty<XElement>();
            }
            var ordered = new List<XElement>();
            foreach (var entry in SolutionXml.Fragment(_folder.RelationshipsIndex, "EntityRelationships").Elements("EntityRelationship"))
            {
                var name = SolutionXml.Attr(entry, "Name");
                if (!definitions.Remove(name, out var definition))
                {
                    throw new InvalidSolutionException($"{_folder.RelationshipsIndex}: relationship {name} is listed but no file in Other/Relationships/ defines it.");
                }
                ordered.Add(definition);
            }
            if (definitions.Count > 0)
            {
                throw new InvalidSolutionException($"{_folder.RelationshipsIndex}: relationship(s) {string.Join(", ", definitions.Keys)} are defined in Other/Relationships/ but not listed.");
            }
            return ordered;
        }

        private void Count(string key, int n) => Counts[key] = (Counts.TryGetValue(key, out var c) ? c : 0) + n;
    }
}
