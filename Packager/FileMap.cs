using System;
using Mci.SolutionModel;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Mci.Packaging
{
    /// <summary>
    /// Where files that are not committed in the folder come from at pack time, in SolutionPackager's mapping-file format
    /// (`pac solution pack --map`): &lt;Mapping&gt;&lt;FileToFile map="NAME-OR-PATH" to="FILE" /&gt;&lt;FileToPath map="NAME-OR-PATH" to="FOLDER" /&gt;&lt;/Mapping&gt;.
    /// "map" is a file name (matches that name anywhere in the folder) or a path relative to the solution folder;
    /// relative "to" paths are evaluated from the solution folder (--folder), as SolutionPackager documents, so one mapping
    /// file serves pac and this packer alike. Folder mappings are not supported (an error, not ignored).
    /// </summary>
    public sealed class FileMap
    {
        private readonly List<(string Map, string To, bool IsFolder)> _entries = new();

        public static FileMap Empty => new();

        /// <summary>Maps file names or folder-relative paths straight to files (the API form used by the build and the CLI).</summary>
        public static FileMap FromFiles(IReadOnlyDictionary<string, string> files)
        {
            var map = new FileMap();
            foreach (var kv in files)
            {
                map._entries.Add((Normalize(kv.Key), Path.GetFullPath(kv.Value), false));
            }
            return map;
        }

        public static FileMap Load(string mappingFile, string solutionFolder)
        {
            if (!File.Exists(mappingFile))
            {
                throw new InvalidSolutionException($"Mapping file not found: {mappingFile}");
            }
            var baseDir = Path.GetFullPath(solutionFolder);
            var root = SolutionXml.Load(mappingFile).Root!;
            if (root.Name.LocalName != "Mapping")
            {
                throw new InvalidSolutionException($"{mappingFile}: the root element of a mapping file is <Mapping>.");
            }
            var map = new FileMap();
            foreach (var e in root.Elements())
            {
                var from = SolutionXml.Attr(e, "map");
                var to = SolutionXml.Attr(e, "to");
                if (from.Length == 0 || to.Length == 0)
                {
                    throw new InvalidSolutionException($"{mappingFile}: <{e.Name.LocalName}> needs both map and to attributes.");
                }
                var target = Path.GetFullPath(Path.Combine(baseDir, to.Replace('\\', Path.DirectorySeparatorChar)));
                switch (e.Name.LocalName)
                {
                    case "FileToFile": map._entries.Add((Normalize(from), target, false)); break;
                    case "FileToPath": map._entries.Add((Normalize(from), target, true)); break;
                    default: throw new InvalidSolutionException($"{mappingFile}: <{e.Name.LocalName}> mappings are not supported by this packer (use FileToFile or FileToPath).");
                }
            }
            return map;
        }

        /// <summary>The file to pack for a folder-relative path, or null when no mapping names it.</summary>
        public string? Resolve(string relativePath)
        {
            var path = Normalize(relativePath);
            var name = path.Split('/').Last();
            foreach (var (map, to, isFolder) in _entries)
            {
                var matches = map.Contains('/') ? string.Equals(map, path, StringComparison.OrdinalIgnoreCase) : string.Equals(map, name, StringComparison.OrdinalIgnoreCase);
                if (matches)
                {
                    return isFolder ? Path.Combine(to, name) : to;
                }
            }
            return null;
        }

        public XDocument ToXml() => new(new XElement("Mapping",
            _entries.Select(e => new XElement(e.IsFolder ? "FileToPath" : "FileToFile", new XAttribute("map", e.Map), new XAttribute("to", e.To)))));

        private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('/');
    }
}
