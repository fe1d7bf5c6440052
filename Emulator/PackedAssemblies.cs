using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Mci.SolutionModel;

namespace Mci.Emulator
{
    /// <summary>
    /// The plug-in and workflow assemblies a packed solution zip carries (the net462 files an import registers), loaded for the
    /// emulator to run: what ships is what is tested. Each zip's assemblies load once per process, into a context of their own,
    /// so they can sit beside the same-named assemblies built for net10.0; everything they reference (the SDK, System.Activities)
    /// comes from the emulator's own context, as Dataverse supplies them to a registered assembly.
    /// </summary>
    public static class PackedAssemblies
    {
        private static readonly ConcurrentDictionary<string, IReadOnlyList<Assembly>> Loaded = new(StringComparer.Ordinal);

        /// <summary>The assemblies of <paramref name="solution"/> (read from a zip). A file the zip lacks is an InvalidDataException naming it.</summary>
        public static IReadOnlyList<Assembly> Load(SolutionDefinition solution)
        {
            var info = new FileInfo(solution.Source);
            var key = FormattableString.Invariant($"{info.FullName}|{(info.Exists ? info.Length : 0)}|{(info.Exists ? info.LastWriteTimeUtc.Ticks : 0)}");
            return Loaded.GetOrAdd(key, _ =>
            {
                var context = new PackedAssemblyContext(Path.GetFileName(solution.Source));
                foreach (var assembly in solution.PluginAssemblies)
                {
                    var bytes = solution.ReadFile(assembly.FileName)
                                ?? throw new InvalidDataException($"{solution.Source}: the plug-in assembly {assembly.Name} names {assembly.FileName}, which is not in the zip.");
                    context.Add(context.LoadFromStream(new MemoryStream(bytes)));
                }
                return context.Loaded.ToList();
            });
        }

        private sealed class PackedAssemblyContext : AssemblyLoadContext
        {
            private readonly List<Assembly> _loaded = new();

            public PackedAssemblyContext(string name) : base("packed:" + name) { }

            public IReadOnlyList<Assembly> Loaded => _loaded;

            public void Add(Assembly assembly) => _loaded.Add(assembly);

            /// <summary>The zip's own assemblies first; null for the rest, which then come from the default context.</summary>
            protected override Assembly? Load(AssemblyName name) => _loaded.FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
        }
    }
}
