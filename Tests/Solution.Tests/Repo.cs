using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using Mci.Packaging;
using Mci.SolutionModel;
using Mci.Packaging.Registration;

namespace Mci.Solution.Tests
{
    /// <summary>Where the repository, the unpacked solution and the built assemblies are (paths resolved by MSBuild at build time).</summary>
    internal static class Repo
    {
        private static readonly Lazy<SolutionDefinition> LazyMetadata = new(() => SolutionDefinition.ReadFolder(Src));

        public static string Root => Meta("RepoRoot");
        public static string Src => Path.Combine(Root, "Solution", "src");
        public static string SharedDir => Meta("SharedDir");
        public static SolutionDefinition Metadata => LazyMetadata.Value;

        /// <summary>The net10.0 builds of Plugins and Workflows (what the registration checker reflects).</summary>
        public static IReadOnlyList<string> Net10Assemblies => Paths("Net10Assemblies");

        /// <summary>The net462 builds (what goes into the zip).</summary>
        public static IReadOnlyList<string> SandboxAssemblies => Paths("SandboxAssemblies");

        public static IReadOnlyList<string> BuiltZips => Meta("BuiltZips").Split(';', StringSplitOptions.RemoveEmptyEntries);

        public static string Net10(string assemblyName) => Net10Assemblies.Single(p => Path.GetFileNameWithoutExtension(p) == assemblyName);

        /// <summary>The sandbox assemblies by file name, as the packer's map takes them.</summary>
        public static Dictionary<string, string> AssemblyMap => SandboxAssemblies.ToDictionary(p => Path.GetFileName(p), p => p);

        public static AssemblyTypeCatalog Catalog() => new(Net10Assemblies);

        public static IEnumerable<string> XmlFiles(string folder) =>
            Directory.EnumerateFiles(folder, "*.xml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal);

        private static string Meta(string key) =>
            typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"AssemblyMetadata {key} is not set; build through Solution.Tests.csproj.");

        private static IReadOnlyList<string> Paths(string key)
        {
            var paths = Meta(key).Split(';', StringSplitOptions.RemoveEmptyEntries);
            foreach (var p in paths)
            {
                if (!File.Exists(p)) Assert.Fail($"Built assembly {p} is missing: run the tests with dotnet test (it builds the project references).");
            }
            return paths;
        }
    }

    /// <summary>A throw-away copy of Solution/src to break on purpose, deleted afterwards.</summary>
    public sealed class TempSolution : IDisposable
    {
        public TempSolution(bool copySource = true)
        {
            Dir = Path.Combine(Path.GetTempPath(), "mci-solution-tests", Guid.NewGuid().ToString("N"));
            Src = Path.Combine(Dir, "src");
            if (copySource) Copy(Repo.Src, Src);
            else Directory.CreateDirectory(Src);
        }

        public string Dir { get; }
        public string Src { get; }
        public string Zip(string name = "out.zip") => Path.Combine(Dir, name);

        public string PathOf(string relative) => Path.Combine(Src, relative.Replace('/', Path.DirectorySeparatorChar));

        public void Write(string relative, string text)
        {
            var path = PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        public void Edit(string relative, Action<XDocument> change)
        {
            var doc = XDocument.Load(PathOf(relative));
            change(doc);
            doc.Save(PathOf(relative));
        }

        public PackResult Pack(PackageType type = PackageType.Unmanaged, bool same = true) =>
            SolutionPacker.Pack(Src, Zip(), type, Repo.AssemblyMap, same);

        public void Dispose()
        {
            try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        }

        public static void Copy(string from, string to)
        {
            foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
                Directory.CreateDirectory(dir.Replace(from, to));
            Directory.CreateDirectory(to);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
                File.Copy(file, file.Replace(from, to));
        }
    }

    /// <summary>A packed zip read back.</summary>
    public sealed class Package
    {
        private Package(Dictionary<string, byte[]> entries)
        {
            Entries = entries;
            Solution = XDocument.Load(new MemoryStream(entries["solution.xml"]));
            Customizations = XDocument.Load(new MemoryStream(entries["customizations.xml"]));
        }

        public Dictionary<string, byte[]> Entries { get; }
        public XDocument Solution { get; }
        public XDocument Customizations { get; }
        public XElement Manifest => Solution.Root!.Element("SolutionManifest")!;

        public static Package Read(string zip)
        {
            using var archive = ZipFile.OpenRead(zip);
            var entries = archive.Entries.ToDictionary(e => e.FullName, e =>
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                return m.ToArray();
            });
            return new Package(entries);
        }
    }
}
