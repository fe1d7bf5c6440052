using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Mci.Cli
{
    /// <summary>
    /// Where the repository's parts are: found by walking up from the current directory, then from mci's own
    /// location, to the folder holding MciDataverse.sln and Solution/src.
    /// </summary>
    internal sealed class RepoLayout
    {
        public const string SolutionFile = "MciDataverse.sln";

        /// <summary>The assemblies the solution registers, as their projects build them.</summary>
        public static readonly IReadOnlyList<(string Project, string Assembly)> SandboxProjects = new[]
        {
            ("Plugins/Plugins.csproj", "MciDataverse.Plugins"),
            ("Workflows/Workflows.csproj", "MciDataverse.Workflows"),
        };

        private RepoLayout(string root) => Root = root;

        public string Root { get; }
        public string SolutionSource => Path.Combine(Root, "Solution", "src");
        public string SamplesFolder => Path.Combine(Root, "samples");

        /// <summary>The repository containing <paramref name="startFolders"/> (the first that has one), or null.</summary>
        public static RepoLayout? Find(params string[] startFolders)
        {
            foreach (var start in startFolders.Where(s => !string.IsNullOrEmpty(s)))
                for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir != null; dir = dir.Parent)
                    if (IsRoot(dir.FullName)) return new RepoLayout(dir.FullName);
            return null;
        }

        public static RepoLayout? FindFromHere() => Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

        public static bool IsRoot(string folder) =>
            File.Exists(Path.Combine(folder, SolutionFile)) && File.Exists(Path.Combine(folder, "Solution", "src", "Other", "Solution.xml"));

        /// <summary>
        /// The net10.0 plug-in and workflow assemblies the emulator runs: those built with mci (plugins/ beside it),
        /// else the newest build in the projects' own output folders. Missing ones are left out.
        /// </summary>
        public IReadOnlyList<string> EmulatedAssemblies(string? besideMci = null)
        {
            var result = new List<string>();
            foreach (var (project, assembly) in SandboxProjects)
            {
                var copied = Path.Combine(besideMci ?? AppContext.BaseDirectory, "plugins", assembly + ".dll");
                if (File.Exists(copied))
                {
                    result.Add(copied);
                    continue;
                }
                var bin = Path.Combine(Root, Path.GetDirectoryName(project)!, "bin");
                var built = Directory.Exists(bin)
                    ? Directory.EnumerateFiles(bin, assembly + ".dll", SearchOption.AllDirectories)
                        .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "net10.0")
                        .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
                    : null;
                if (built != null) result.Add(built);
            }
            return result;
        }

        /// <summary>The net462 assembly of a sandbox project in a configuration (what the solution zip carries).</summary>
        public string SandboxAssembly(string project, string assembly, string configuration) =>
            Path.Combine(Root, Path.GetDirectoryName(project)!, "bin", configuration, "net462", assembly + ".dll");

        /// <summary>Source files whose change means the sandbox assemblies must be built again.</summary>
        public IEnumerable<string> SandboxSources()
        {
            foreach (var folder in new[] { "Plugins", "Workflows", "Rules", "Sdk" })
            {
                var dir = Path.Combine(Root, folder);
                if (!Directory.Exists(dir)) continue;
                foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(dir, f).Replace('\\', '/');
                    if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal)) continue;
                    if (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith("proj", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".snk", StringComparison.Ordinal))
                        yield return f;
                }
            }
            // The assembly version comes from Solution.xml; the build settings from the root files.
            foreach (var f in new[] { "Solution/src/Other/Solution.xml", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "MciDataverse.snk" })
                if (File.Exists(Path.Combine(Root, f))) yield return Path.Combine(Root, f);
        }
    }
}
