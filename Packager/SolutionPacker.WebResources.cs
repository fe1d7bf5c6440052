using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mci.SolutionModel;

namespace Mci.Packaging
{
    public static partial class SolutionPacker
    {
        /// <summary>
        /// Each web resource's content as the zip entry its registration names (FileName, /WebResources/&lt;flat name&gt;&lt;ID&gt;,
        /// no extension: [Content_Types].xml then gives it an Override). The bytes go in as they are in the folder.
        /// </summary>
        private static IEnumerable<(string Entry, byte[] Bytes)> WebResourceEntries(SolutionFolder folder, SolutionDefinition definition)
        {
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in folder.WebResources)
            {
                var resource = definition.WebResources.Single(w => w.Source == file.DataXml);
                var fileName = resource.FileName;
                if (!fileName.StartsWith("/WebResources/", StringComparison.Ordinal) || fileName.Length == "/WebResources/".Length || fileName.IndexOf('/', "/WebResources/".Length) >= 0)
                    throw new InvalidSolutionException($"{file.DataXml}: <FileName> is '{fileName}'; it names the content's entry in the zip, /WebResources/<name> with no further folder " +
                                                       $"(an export writes {WebResourceDefinition.ExportFileName(resource.Name, resource.Id)}).");
                var entry = fileName.TrimStart('/');
                if (!seen.TryAdd(entry, file.DataXml))
                    throw new InvalidSolutionException($"{file.DataXml}: <FileName> {fileName} is also the FileName of {seen[entry]}; each web resource needs its own.");
                yield return (entry, File.ReadAllBytes(file.Content));
            }
        }
    }
}
