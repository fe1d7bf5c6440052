using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Mci.Emulator.Metadata;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    /// <summary>
    /// Finds the classes the solution registers in the assemblies given to the environment (built dlls by path,
    /// a directory of them, or in-memory assemblies) and creates plug-in instances as Dataverse does: with the
    /// (unsecure, secure) constructor when there is one, else (unsecure), else the parameterless one. One
    /// instance per step is kept and reused for every execution of that step, so state kept in fields shows.
    /// </summary>
    internal sealed class PluginCatalog
    {
        private static readonly ConcurrentDictionary<string, Assembly> LoadedFiles = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<Assembly>> _byName = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<Guid, IPlugin> _instances = new();
        private readonly IReadOnlyDictionary<string, string> _secureConfigurations;

        public PluginCatalog(IEnumerable<string> paths, IEnumerable<Assembly> assemblies, IReadOnlyDictionary<string, string> secureConfigurations, IEnumerable<string> registeredAssemblyNames)
        {
            _secureConfigurations = secureConfigurations;
            var wanted = new HashSet<string>(registeredAssemblyNames, StringComparer.OrdinalIgnoreCase);
            foreach (var a in assemblies) Add(a);
            foreach (var path in paths)
            {
                if (Directory.Exists(path))
                {
                    foreach (var file in Directory.EnumerateFiles(path, "*.dll").Where(f => wanted.Contains(Path.GetFileNameWithoutExtension(f))))
                        Add(LoadFile(file));
                }
                else if (File.Exists(path)) Add(LoadFile(path));
                else throw new FileNotFoundException($"Plug-in assembly not found: {path}", path);
            }
        }

        public IEnumerable<Assembly> Assemblies => _byName.Values.SelectMany(a => a);

        private static Assembly LoadFile(string path) => LoadedFiles.GetOrAdd(Path.GetFullPath(path), Assembly.LoadFrom);

        private void Add(Assembly a)
        {
            var name = a.GetName().Name!;
            if (!_byName.TryGetValue(name, out var list)) _byName[name] = list = new List<Assembly>();
            if (!list.Contains(a)) list.Add(a);
        }

        /// <summary>The class named by a registration: in the registered assembly when loaded, else in any loaded assembly.</summary>
        public Type? FindType(string typeName, string? assemblyName)
        {
            if (!string.IsNullOrEmpty(assemblyName) && _byName.TryGetValue(assemblyName, out var named))
                foreach (var a in named)
                    if (a.GetType(typeName) is { } t) return t;
            foreach (var a in Assemblies)
                if (a.GetType(typeName) is { } t) return t;
            return null;
        }

        public IEnumerable<string> MissingTypes(IEnumerable<StepDefinition> steps) =>
            steps.Where(s => FindType(s.PluginTypeName, s.AssemblyName) == null).Select(s => $"{s.PluginTypeName}, {s.AssemblyName} (step '{s.Name}')").Distinct();

        public IPlugin Instance(StepDefinition step)
        {
            if (_instances.TryGetValue(step.Id, out var cached)) return cached;
            var type = FindType(step.PluginTypeName, step.AssemblyName)
                ?? throw new InvalidOperationException($"Plug-in type '{step.PluginTypeName}' of assembly '{step.AssemblyName}' (step '{step.Name}') is not loaded. Pass the built assembly to Dataverse.Load.");
            if (!typeof(IPlugin).IsAssignableFrom(type))
                throw new InvalidOperationException($"'{type.FullName}' (step '{step.Name}') does not implement Microsoft.Xrm.Sdk.IPlugin.");
            var secure = _secureConfigurations.TryGetValue(step.Id.ToString(), out var s1) ? s1 : _secureConfigurations.TryGetValue(step.Name, out var s2) ? s2 : null;
            object instance;
            if (type.GetConstructor(new[] { typeof(string), typeof(string) }) is { } two) instance = two.Invoke(new object?[] { step.UnsecureConfiguration, secure });
            else if (type.GetConstructor(new[] { typeof(string) }) is { } one) instance = one.Invoke(new object?[] { step.UnsecureConfiguration });
            else instance = Activator.CreateInstance(type)!;
            var plugin = (IPlugin)instance;
            _instances[step.Id] = plugin;
            return plugin;
        }
    }
}
