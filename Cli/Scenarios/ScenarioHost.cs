using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Mci.Emulator;
using Mci.Emulator.Metadata;
using Mci.Emulator.Workflows;
using Mci.SolutionModel;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// The solution a scenario runs against: the unpacked solution folder and the built (net10.0) plug-in and
    /// workflow assemblies, or a packed zip and the assemblies inside it. Makes a fresh emulator for each scenario;
    /// metadata and assemblies load once.
    /// </summary>
    internal sealed class ScenarioHost
    {
        private readonly IReadOnlyList<string> _assemblyFiles;
        private readonly IReadOnlyList<Assembly> _extraAssemblies;

        public ScenarioHost(string solutionFolder, IReadOnlyList<string> assemblyFiles, IReadOnlyList<Assembly>? extraAssemblies = null)
        {
            _assemblyFiles = assemblyFiles;
            _extraAssemblies = extraAssemblies ?? Array.Empty<Assembly>();
            Metadata = SolutionLoader.Load(solutionFolder);
            Activities = new ActivityCatalog(_assemblyFiles.Select(f => Assembly.LoadFrom(Path.GetFullPath(f))).Concat(_extraAssemblies));
        }

        private ScenarioHost(EnvironmentMetadata metadata, IReadOnlyList<Assembly> assemblies)
        {
            _assemblyFiles = Array.Empty<string>();
            _extraAssemblies = assemblies;
            Metadata = metadata;
            Activities = new ActivityCatalog(assemblies);
        }

        /// <summary>A packed solution zip as an import reads it: its metadata and the plug-in assemblies inside it (what ships),
        /// plus <paramref name="extraAssemblies"/> (test activities).</summary>
        public static ScenarioHost ForZip(string zip, IReadOnlyList<Assembly>? extraAssemblies = null)
        {
            var metadata = SolutionLoader.Load(zip);
            return new ScenarioHost(metadata, PackedAssemblies.Load(metadata.Solution!).Concat(extraAssemblies ?? Array.Empty<Assembly>()).ToList());
        }

        public EnvironmentMetadata Metadata { get; }
        public ActivityCatalog Activities { get; }

        public ScenarioReader Reader() => new(Metadata, Activities);

        public Dataverse NewEnvironment()
        {
            var options = new DataverseOptions();
            foreach (var f in _assemblyFiles) options.AssemblyPaths.Add(f);
            foreach (var a in _extraAssemblies) options.Assemblies.Add(a);
            return Dataverse.Load(Metadata, options);
        }
    }
}
