using System;
using System.Linq;

namespace Mci.SolutionModel
{
    // Web resources, apps and site maps of an unpacked folder (a zip's come from customizations.xml, in ReadZip).
    internal static partial class SolutionReader
    {
        private static void ReadUserInterface(SolutionFolder layout, SolutionDefinition s)
        {
            s.WebResources = layout.WebResources.Select(w => Read(w.DataXml, root =>
            {
                Expect(root, "WebResource");
                var resource = ComponentReader.WebResource(root, w.DataXml);
                // The path under WebResources/ is the name: a file moved or renamed without its registration would ship under a name nothing loads.
                if (!string.Equals(resource.Name, w.Name, StringComparison.Ordinal))
                    throw new FormatException($"<Name> is {resource.Name}, but the file is WebResources/{w.Name}; a web resource's path under WebResources/ is its name.");
                return resource with { ContentPath = "WebResources/" + w.Name };
            })).ToList();
            s.SiteMaps = layout.SiteMaps.Select(m => Read(m.Path, root =>
            {
                Expect(root, "AppModuleSiteMap");
                return Named(ComponentReader.SiteMap(root, m.Path), x => x.UniqueName, m, "AppModuleSiteMaps", "SiteMapUniqueName");
            })).ToList();
            s.Apps = layout.Apps.Select(a => Read(a.Path, root =>
            {
                Expect(root, "AppModule");
                return Named(ComponentReader.App(root, a.Path), x => x.UniqueName, a, "AppModules", "UniqueName");
            })).ToList();
        }

        private static void Expect(System.Xml.Linq.XElement root, string name)
        {
            if (root.Name.LocalName != name) throw new FormatException($"expected root element <{name}>, found <{root.Name.LocalName}>.");
        }

        /// <summary>The folder is named after the component's unique name, as `pac solution unpack` names it.</summary>
        private static T Named<T>(T component, Func<T, string> uniqueName, ComponentFile file, string folder, string element)
        {
            if (!string.Equals(uniqueName(component), file.UniqueName, StringComparison.OrdinalIgnoreCase))
                throw new FormatException($"<{element}> is {uniqueName(component)}, but the folder is {folder}/{file.UniqueName}; the folder is named after the unique name.");
            return component;
        }
    }
}
