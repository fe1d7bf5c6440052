using System;
using Mci.SolutionModel;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace Mci.Packaging
{
    /// <summary>The package types of `pac solution pack --packagetype`.</summary>
    public enum PackageType
    {
        Unmanaged,
        Managed,
        /// <summary>Both zips: ZIPFILE (unmanaged) and ZIPFILE without .zip + "_managed.zip".</summary>
        Both,
    }

    /// <summary>The arguments of `pac solution pack`, as far as this packer implements them.</summary>
    public sealed record PackOptions(string Folder, string ZipFile, PackageType PackageType = PackageType.Unmanaged)
    {
        /// <summary>Files not committed in the folder (the built plug-in assemblies), as `--map` supplies them.</summary>
        public FileMap Map { get; init; } = FileMap.Empty;

        /// <summary>`--useUnmanagedFileForMissingManaged`: a form without a _managed.xml file goes into the managed package as it is.</summary>
        public bool UseUnmanagedFileForMissingManaged { get; init; }
    }

    /// <summary>What one written zip holds.</summary>
    public sealed record PackResult(string ZipFile, bool Managed, string UniqueName, string Version, long Size, IReadOnlyDictionary<string, int> Components)
    {
        public override string ToString() =>
            $"{ZipFile} ({(Managed ? "managed" : "unmanaged")} {UniqueName} {Version}, {Size:N0} bytes): " +
            string.Join(", ", Components.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key}"));
    }

    /// <summary>
    /// Writes the zip SolutionPackager writes from the unpacked layout: customizations.xml with the split files folded back,
    /// [Content_Types].xml, solution.xml, the plug-in assemblies at their PluginAssemblies/ paths and each environment variable
    /// definition at environmentvariabledefinitions/&lt;schema name&gt;/environmentvariabledefinition.xml, as a Dataverse export carries it
    /// (Tests/Solution.Tests/RealZipShapeTests compares the result with a real export).
    /// </summary>
    public static partial class SolutionPacker
    {
        // Zip entries carry a fixed time so that the same inputs give the same bytes.
        private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>Packs one package type; the short form of <see cref="Pack(PackOptions)"/> for the CLI and tests.</summary>
        public static PackResult Pack(string folder, string zipFile, PackageType type, IReadOnlyDictionary<string, string>? assemblies = null, bool useUnmanagedFileForMissingManaged = false)
        {
            if (type == PackageType.Both)
            {
                throw new ArgumentException("Use Pack(PackOptions) for PackageType.Both; it writes two zips.", nameof(type));
            }
            var options = new PackOptions(folder, zipFile, type)
            {
                Map = assemblies == null ? FileMap.Empty : FileMap.FromFiles(assemblies),
                UseUnmanagedFileForMissingManaged = useUnmanagedFileForMissingManaged,
            };
            return Pack(options).Single();
        }

        public static IReadOnlyList<PackResult> Pack(PackOptions options)
        {
            var folder = SolutionFolder.Open(options.Folder);
            var definition = SolutionDefinition.ReadFolder(folder.Root);
            RootComponentCheck.Verify(definition);
            CheckStepMessages(definition);
            return options.PackageType switch
            {
                PackageType.Both => new[] { PackOne(folder, definition, options, false, options.ZipFile), PackOne(folder, definition, options, true, ManagedZipName(options.ZipFile)) },
                PackageType.Managed => new[] { PackOne(folder, definition, options, true, options.ZipFile) },
                _ => new[] { PackOne(folder, definition, options, false, options.ZipFile) },
            };
        }

        /// <summary>The managed zip name pac writes next to ZIPFILE for --packagetype Both.</summary>
        public static string ManagedZipName(string zipFile)
        {
            var dir = Path.GetDirectoryName(zipFile) ?? string.Empty;
            return Path.Combine(dir, Path.GetFileNameWithoutExtension(zipFile) + "_managed.zip");
        }

        /// <summary>The file name Dataverse gives an export: UniqueName_1_0_0_0.zip (and _managed.zip).</summary>
        public static string ExportFileName(string uniqueName, string version, bool managed) =>
            $"{uniqueName}_{version.Replace('.', '_')}{(managed ? "_managed" : string.Empty)}.zip";

        private static PackResult PackOne(SolutionFolder folder, SolutionDefinition definition, PackOptions options, bool managed, string zipFile)
        {
            var solution = SolutionXml.Load(folder.SolutionXml);
            var manifest = solution.Root?.Element("SolutionManifest") ?? throw new InvalidSolutionException($"{folder.SolutionXml}: <ImportExportXml><SolutionManifest> is missing.");
            var uniqueName = SolutionXml.Child(manifest, "UniqueName");
            var version = SolutionXml.Child(manifest, "Version");
            CheckPackageType(folder, manifest, managed);
            manifest.Element("Managed")!.Value = managed ? "1" : "0";

            var builder = new CustomizationsBuilder(folder, managed ? PackageType.Managed : PackageType.Unmanaged, options.UseUnmanagedFileForMissingManaged);
            var customizations = builder.Build();
            var assemblies = folder.Assemblies.Select(a => (a.ZipPath, File: AssemblyFile(folder, options.Map, a, definition.PluginAssemblies.Single(d => d.Source == a.DataXml)))).ToList();

            // The entry order of a Dataverse export: customizations.xml, [Content_Types].xml, solution.xml, then the component
            // files in the order of their sections (web resources, the assemblies), then each environment variable definition
            // in its own folder, as exports carry them.
            // Cloud flows come first (Workflows/, at the path each JsonFileName names), then the web resources and the assemblies,
            // the environment variables, and the custom APIs in their folders (customapis/<unique name>/...).
            var files = folder.Workflows.Select(w => ("Workflows/" + w.FileName, FlowJson(w.Json)))
                .Concat(WebResourceEntries(folder, definition))
                .Concat(assemblies.Select(a => (a.ZipPath, File.ReadAllBytes(a.File))))
                .Concat(folder.EnvironmentVariables.Select(f => (EnvironmentVariableEntry(f), SolutionXml.ToBytes(SolutionXml.Load(f)))))
                .Concat(folder.CustomApis.SelectMany(a => a.Files).Select(f => (folder.EntryName(f), SolutionXml.ToBytes(SolutionXml.Load(f))))).ToList();
            var entries = new List<(string Name, byte[] Bytes)> { ("customizations.xml", SolutionXml.ToBytes(customizations)) };
            entries.Add(("[Content_Types].xml", ContentTypes(new[] { "customizations.xml", "solution.xml" }.Concat(files.Select(f => f.Item1)))));
            entries.Add(("solution.xml", SolutionXml.ToBytes(solution)));
            entries.AddRange(files);

            var full = Path.GetFullPath(zipFile);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            WriteZip(full, entries);
            var counts = builder.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value);
            return new PackResult(full, managed, uniqueName, version, new FileInfo(full).Length, counts);
        }

        /// <summary>SolutionPackager's rule: a folder unpacked as Unmanaged (0) packs only unmanaged, Managed (1) only managed, Both (2) either.</summary>
        private static void CheckPackageType(SolutionFolder folder, XElement manifest, bool managed)
        {
            var value = SolutionXml.Child(manifest, "Managed");
            var ok = value switch { "2" => true, "1" => managed, "0" => !managed, _ => throw new InvalidSolutionException($"{folder.SolutionXml}: <Managed> must be 0, 1 or 2, not '{value}'.") };
            if (!ok)
            {
                throw new InvalidSolutionException($"Solution package type did not match requested type: {folder.SolutionXml} says <Managed>{value}</Managed> " +
                                             $"({(value == "0" ? "Unmanaged" : "Managed")}), requested {(managed ? "Managed" : "Unmanaged")}. Unpack as Both (2) to pack either.");
            }
        }

        /// <summary>
        /// An unpacked step names its message only by SdkMessageId. A step whose id is not one with a published source
        /// (<see cref="SdkMessages"/>) would make the import fail, or bind the step to another message: refused here,
        /// naming the step file and the id.
        /// </summary>
        private static void CheckStepMessages(SolutionDefinition solution)
        {
            foreach (var step in solution.Steps.Where(s => s.Message.Length == 0))
            {
                throw new InvalidSolutionException($"{step.Source}: step '{step.Name}' names SdkMessageId '{step.MessageId?.ToString() ?? "(none)"}', which is not a message with a published id " +
                                                   $"({string.Join(", ", SdkMessages.All.Values)}). Register the step on one of those messages.");
            }
        }

        private static string AssemblyFile(SolutionFolder folder, FileMap map, AssemblyFolder assembly, PluginAssemblyDefinition registered)
        {
            var file = map.Resolve(assembly.ZipPath) ?? assembly.Dll;
            if (file == null || !File.Exists(file))
            {
                throw new InvalidSolutionException($"{assembly.ZipPath}: the assembly is neither in {folder.Root} nor supplied by the mapping" +
                                             (file == null
                                                 ? ". Map the built assembly in with a mapping file (--map; the repository's Solution/map.xml maps the Release builds), or put the .dll beside its .dll.data.xml."
                                                 : $" (mapped to {file}, which does not exist). Build the plug-in projects first."));
            }
            var declared = registered.FullName;
            var actual = AssemblyName.GetAssemblyName(file).FullName;
            if (!string.Equals(declared, actual, StringComparison.Ordinal))
            {
                throw new InvalidSolutionException($"{assembly.DataXml}: FullName is '{declared}' but {file} is '{actual}'. " +
                                             "Update FullName and the AssemblyQualifiedName/PluginTypeName strings (Version= changes with the solution's major.minor).");
            }
            return file;
        }

        /// <summary>
        /// A cloud flow's definition as exports write it (SalesWin 1.0.0.8, Tests/Solution.Tests/RealZip): UTF-8 without a byte
        /// order mark, CRLF line ends, no line end after the closing brace. Only the line ends change, never the JSON.
        /// </summary>
        public static byte[] FlowJson(string path)
        {
            var text = File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)).TrimStart('\uFEFF').TrimEnd();
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));
        }

        /// <summary>environmentvariabledefinitions/&lt;schema name&gt;/environmentvariabledefinition.xml: the path Dataverse exports use
        /// inside the zip (and the unpacked layout uses on disk), folder named by the definition's schema name.</summary>
        public static string EnvironmentVariableEntry(string definitionFile) =>
            $"environmentvariabledefinitions/{Path.GetFileName(Path.GetDirectoryName(definitionFile))}/environmentvariabledefinition.xml";

        /// <summary>
        /// [Content_Types].xml as Dataverse exports write it: one line, one Default per file extension present (xml first,
        /// then in the order the entries bring them), one Override per entry without an extension.
        /// </summary>
        private static byte[] ContentTypes(IEnumerable<string> names)
        {
            XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";
            var list = names.ToList();
            var extensions = new[] { "xml" }.Concat(list.Select(n => Path.GetExtension(n).TrimStart('.').ToLowerInvariant()).Where(x => x.Length > 0)).Distinct();
            var doc = new XDocument(new XElement(ns + "Types",
                extensions.Select(x => new XElement(ns + "Default", new XAttribute("Extension", x), new XAttribute("ContentType", "application/octet-stream"))),
                list.Where(n => Path.GetExtension(n).Length == 0).Select(n => new XElement(ns + "Override", new XAttribute("PartName", "/" + n), new XAttribute("ContentType", "application/octet-stream")))));
            return SolutionXml.ToSingleLineBytes(doc);
        }

        private static void WriteZip(string path, IEnumerable<(string Name, byte[] Bytes)> entries)
        {
            var temp = path + ".tmp";
            using (var stream = File.Create(temp))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: false, Encoding.UTF8))
            {
                foreach (var (name, bytes) in entries)
                {
                    var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                    entry.LastWriteTime = EntryTime;
                    using var s = entry.Open();
                    s.Write(bytes, 0, bytes.Length);
                }
            }
            File.Move(temp, path, overwrite: true);
        }
    }
}
