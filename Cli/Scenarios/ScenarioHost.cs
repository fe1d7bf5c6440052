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
    /// workflow assemblies. Makes a fresh emulator for each scenario; metadata and assemblies load once.
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
