using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Mci.SolutionModel
{
    /// <summary>
    /// customapis/&lt;unique name&gt;/: customapi.xml, and customapirequestparameters/&lt;name&gt;/customapirequestparameter.xml and
    /// customapiresponseproperties/&lt;name&gt;/customapiresponseproperty.xml for its parameters and properties.
    /// </summary>
    public sealed record CustomApiFolder(string UniqueName, string CustomApiXml, IReadOnlyList<string> RequestParameters, IReadOnlyList<string> ResponseProperties)
    {
        /// <summary>Every file of the custom API.</summary>
        public IEnumerable<string> Files => new[] { CustomApiXml }.Concat(RequestParameters).Concat(ResponseProperties);
    }

    /// <summary>Workflows/&lt;Name&gt;-&lt;GUID&gt;.json (a cloud flow's definition) and its registration &lt;same&gt;.json.data.xml.</summary>
    public sealed record WorkflowFile(string FileName, string DataXml, string Json);

    // Custom APIs and processes (cloud flows), in the layout `pac solution unpack` writes.
    public sealed partial class SolutionFolder
    {
        public IReadOnlyList<CustomApiFolder> CustomApis { get; private set; } = Array.Empty<CustomApiFolder>();
        public IReadOnlyList<WorkflowFile> Workflows { get; private set; } = Array.Empty<WorkflowFile>();

        private void ScanProcesses()
        {
            CustomApis = SubFolders("customapis").Select(ScanCustomApi).ToList();
            var workflows = Path.Combine(Root, "Workflows");
            Workflows = Directory.Exists(workflows) ? ScanWorkflows(workflows).ToList() : Array.Empty<WorkflowFile>();
        }

        private static CustomApiFolder ScanCustomApi(string dir)
        {
            var xml = Path.Combine(dir, "customapi.xml");
            var parameters = new List<string>();
            var properties = new List<string>();
            foreach (var entry in Entries(dir))
            {
                var name = Path.GetFileName(entry);
                if (entry == xml) continue;
                if (name == "customapirequestparameters" && Directory.Exists(entry)) { parameters.AddRange(Entries(entry).Select(d => OneFile(d, "customapirequestparameter.xml"))); continue; }
                if (name == "customapiresponseproperties" && Directory.Exists(entry)) { properties.AddRange(Entries(entry).Select(d => OneFile(d, "customapiresponseproperty.xml"))); continue; }
                throw Unsupported(entry, "custom API file");
            }
            if (!File.Exists(xml)) throw new InvalidSolutionException($"{dir}: customapi.xml is missing.");
            return new CustomApiFolder(Path.GetFileName(dir), xml, parameters, properties);
        }

        /// <summary>A folder named after a parameter or property, holding exactly its one file.</summary>
        private static string OneFile(string dir, string fileName)
        {
            if (!Directory.Exists(dir)) throw Unsupported(dir, $"entry (a folder per parameter or property, holding {fileName}, belongs here)");
            var file = Path.Combine(dir, fileName);
            foreach (var entry in Entries(dir))
                if (entry != file) throw Unsupported(entry, $"file beside {fileName}");
            if (!File.Exists(file)) throw new InvalidSolutionException($"{dir}: {fileName} is missing.");
            return file;
        }

        /// <summary>Each Name-GUID.json has its .json.data.xml and the reverse; nothing else belongs in Workflows/.</summary>
        private static IEnumerable<WorkflowFile> ScanWorkflows(string dir)
        {
            var entries = Entries(dir).ToList();
            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                if (!File.Exists(entry)) throw Unsupported(entry, "folder in Workflows/");
                if (name.EndsWith(".json.data.xml", StringComparison.Ordinal))
                {
                    if (!entries.Contains(entry.Substring(0, entry.Length - ".data.xml".Length)))
                        throw new InvalidSolutionException($"{entry}: the flow's definition {name.Substring(0, name.Length - ".data.xml".Length)} is missing beside it.");
                    continue;
                }
                if (!name.EndsWith(".json", StringComparison.Ordinal)) throw Unsupported(entry, "process file (this packer folds cloud flows: Name-GUID.json and its .json.data.xml)");
                if (!entries.Contains(entry + ".data.xml")) throw new InvalidSolutionException($"{entry}: its registration {name}.data.xml is missing beside it.");
                yield return new WorkflowFile(name, entry + ".data.xml", entry);
            }
        }
    }
}
