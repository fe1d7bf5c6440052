using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Mci.SolutionModel
{
    /// <summary>
    /// WebResources/&lt;name&gt; with its registration &lt;name&gt;.data.xml beside it: the path under WebResources/ is the web
    /// resource's name (mci_/scripts/opportunity.js), as `pac solution unpack` writes it.
    /// </summary>
    public sealed record WebResourceFile(string Name, string DataXml, string Content);

    /// <summary>
    /// A component kept in a folder of its own with one file, and, when the folder was unpacked as Both, a _managed twin:
    /// AppModules/&lt;unique name&gt;/AppModule.xml, AppModuleSiteMaps/&lt;unique name&gt;/AppModuleSiteMap.xml.
    /// </summary>
    public sealed record ComponentFile(string UniqueName, string? UnmanagedPath, string? ManagedPath)
    {
        /// <summary>The file a reader of the folder takes: the unmanaged one when both exist.</summary>
        public string Path => UnmanagedPath ?? ManagedPath!;
    }

    // What users see: web resources, model-driven apps and their site maps (forms and views live under Entities/).
    public sealed partial class SolutionFolder
    {
        public IReadOnlyList<WebResourceFile> WebResources { get; private set; } = Array.Empty<WebResourceFile>();
        public IReadOnlyList<ComponentFile> Apps { get; private set; } = Array.Empty<ComponentFile>();
        public IReadOnlyList<ComponentFile> SiteMaps { get; private set; } = Array.Empty<ComponentFile>();

        private void ScanUserInterface()
        {
            var webResources = Path.Combine(Root, "WebResources");
            WebResources = Directory.Exists(webResources) ? ScanWebResources(webResources).OrderBy(w => w.Name, StringComparer.Ordinal).ToList() : Array.Empty<WebResourceFile>();
            Apps = SubFolders("AppModules").Select(d => ScanComponentFolder(d, "AppModule")).ToList();
            SiteMaps = SubFolders("AppModuleSiteMaps").Select(d => ScanComponentFolder(d, "AppModuleSiteMap")).ToList();
        }

        /// <summary>Every file under WebResources/ is a web resource's content or its .data.xml, and each has the other.</summary>
        private static IEnumerable<WebResourceFile> ScanWebResources(string root)
        {
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith(".", StringComparison.Ordinal)))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var dataXml in files.Where(f => f.EndsWith(".data.xml", StringComparison.Ordinal)))
            {
                var content = dataXml.Substring(0, dataXml.Length - ".data.xml".Length);
                if (!files.Contains(content))
                    throw new InvalidSolutionException($"{dataXml}: the web resource's file {Path.GetFileName(content)} is missing beside it (WebResources/<name> holds the content, <name>.data.xml its registration).");
                yield return new WebResourceFile(Path.GetRelativePath(root, content).Replace('\\', '/'), dataXml, content);
            }
            foreach (var content in files.Where(f => !f.EndsWith(".data.xml", StringComparison.Ordinal) && !files.Contains(f + ".data.xml")))
                throw Unsupported(content, "web resource file without its .data.xml");
        }

        /// <summary>&lt;folder&gt;/&lt;Kind&gt;.xml and &lt;Kind&gt;_managed.xml; anything else in the folder is refused.</summary>
        private static ComponentFile ScanComponentFolder(string dir, string kind)
        {
            var unmanaged = Path.Combine(dir, kind + ".xml");
            var managed = Path.Combine(dir, kind + "_managed.xml");
            foreach (var entry in Entries(dir))
            {
                if (entry != unmanaged && entry != managed) throw Unsupported(entry, $"file in a {kind} folder");
            }
            if (!File.Exists(unmanaged) && !File.Exists(managed))
                throw new InvalidSolutionException($"{dir}: {kind}.xml is missing.");
            return new ComponentFile(Path.GetFileName(dir), ExistingFile(unmanaged), ExistingFile(managed));
        }
    }
}
