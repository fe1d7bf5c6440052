using System;
using Mci.SolutionModel;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Mci.Packaging.Registration
{
    /// <summary>A type of a built assembly as the registration checker sees it.</summary>
    public sealed record CatalogType(string FullName, bool IsPublic, bool IsAbstract, bool IsPlugin, bool IsWorkflowActivity);

    /// <summary>The types of the built plug-in and workflow assemblies, by assembly simple name.</summary>
    public interface IPluginTypeCatalog
    {
        /// <summary>The types of the assembly, or null when the catalog has no such assembly.</summary>
        IReadOnlyList<CatalogType>? TypesOf(string assemblyName);
    }

    /// <summary>An in-memory catalog (test fixtures, or a caller that reflected by other means).</summary>
    public sealed class FixedTypeCatalog : IPluginTypeCatalog
    {
        private readonly Dictionary<string, IReadOnlyList<CatalogType>> _types;

        public FixedTypeCatalog(IDictionary<string, IReadOnlyList<CatalogType>> types) =>
            _types = new Dictionary<string, IReadOnlyList<CatalogType>>(types, StringComparer.OrdinalIgnoreCase);

        public IReadOnlyList<CatalogType>? TypesOf(string assemblyName) => _types.TryGetValue(assemblyName, out var t) ? t : null;
    }

    /// <summary>
    /// Reflects built assemblies without loading them for execution (MetadataLoadContext), so the net10.0 builds of Plugins and
    /// Workflows can be inspected next to their stand-in SDK. A plug-in implements Microsoft.Xrm.Sdk.IPlugin; a workflow activity
    /// derives from System.Activities.CodeActivity (compared by full name, as Dataverse resolves them).
    /// </summary>
    public sealed class AssemblyTypeCatalog : IPluginTypeCatalog
    {
        public const string PluginInterface = "Microsoft.Xrm.Sdk.IPlugin";
        public const string WorkflowActivityBase = "System.Activities.CodeActivity";

        private readonly Dictionary<string, IReadOnlyList<CatalogType>> _types = new(StringComparer.OrdinalIgnoreCase);

        public AssemblyTypeCatalog(IEnumerable<string> assemblyPaths)
        {
            foreach (var path in assemblyPaths)
            {
                var (name, types) = Reflect(path);
                _types[name] = types;
            }
        }

        public IReadOnlyList<CatalogType>? TypesOf(string assemblyName) => _types.TryGetValue(assemblyName, out var t) ? t : null;

        private static (string Name, IReadOnlyList<CatalogType> Types) Reflect(string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Built assembly not found: {path}", path);
            }
            var candidates = Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(path))!, "*.dll")
                .Concat(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
            using var context = new MetadataLoadContext(new PathAssemblyResolver(candidates));
            var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException ex)
            {
                types = ex.Types.Where(t => t != null).ToArray()!;
            }
            var list = types.Where(t => t.FullName != null).Select(t => new CatalogType(t.FullName!, t.IsPublic || t.IsNestedPublic, t.IsAbstract,
                SafeInterfaces(t).Any(i => i.FullName == PluginInterface), BaseChain(t).Any(b => b.FullName == WorkflowActivityBase))).ToList();
            return (assembly.GetName().Name!, list);
        }

        private static IEnumerable<Type> SafeInterfaces(Type t)
        {
            try { return t.GetInterfaces(); }
            catch (FileNotFoundException) { return Array.Empty<Type>(); }
        }

        private static IEnumerable<Type> BaseChain(Type t)
        {
            for (var b = SafeBase(t); b != null; b = SafeBase(b)) yield return b;
        }

        private static Type? SafeBase(Type t)
        {
            try { return t.BaseType; }
            catch (FileNotFoundException) { return null; }
        }
    }
}
