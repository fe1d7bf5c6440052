using System;
using Mci.SolutionModel;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Mci.Packaging.Registration
{
    /// <summary>An image a plug-in declares on a step.</summary>
    public sealed record DeclaredImage(string Alias, bool IsPost, IReadOnlyList<string> Columns);

    /// <summary>A step as a plug-in class declares it in code (Mci.Plugins.Registration.StepDeclaration, read by reflection).</summary>
    public sealed record DeclaredStep(string PluginType, string Message, string Table, int Stage, int Mode, int Rank,
        IReadOnlyList<string> FilteringAttributes, IReadOnlyList<DeclaredImage> Images, string Description, string RunAs)
    {
        /// <summary>For a step the solution does not ship (an admin registers it by hand): when to register it; else null.</summary>
        public string? RegisterByHandOnlyIf { get; init; }

        public bool RegisteredByHand => RegisterByHandOnlyIf != null;

        /// <summary>The name the Plug-in Registration Tool gives a step: "Type: Message of table".</summary>
        public string Name => PluginType + ": " + Message + " of " + Table;
    }

    /// <summary>
    /// Reads the steps the plug-in classes of a built assembly declare: every public, non-abstract class deriving from
    /// Mci.Plugins.PluginBase is created with its parameterless constructor (as Dataverse creates it) and its declarations
    /// read from the internal property <c>Steps</c>. The contract is by name (the plug-in assembly targets the sandbox and
    /// is never referenced by the packer); a change of shape is an error saying what is missing.
    /// </summary>
    public static class DeclaredSteps
    {
        public const string PluginBaseType = "Mci.Plugins.PluginBase";

        public static IReadOnlyList<DeclaredStep> Read(string pluginAssemblyPath)
            // A custom API's main operation is no step: the custom API names the plug-in type (customapis/NAME/customapi.xml).
            => Declarations(pluginAssemblyPath).Where(d => !IsCustomApi(d)).Select(Step).ToList();

        /// <summary>The custom APIs whose main operation a plug-in class declares (PluginSteps.MainOperationOf): (plug-in type, API).</summary>
        public static IReadOnlyList<(string PluginType, string CustomApi)> ReadMainOperations(string pluginAssemblyPath)
            => Declarations(pluginAssemblyPath).Where(IsCustomApi).Select(d => ((string)Property(d, "PluginType")!, (string)Property(d, "Message")!)).ToList();

        private static IEnumerable<object> Declarations(string pluginAssemblyPath)
        {
            if (!File.Exists(pluginAssemblyPath)) throw new FileNotFoundException($"Built plug-in assembly not found: {pluginAssemblyPath}", pluginAssemblyPath);
            var assembly = Assembly.LoadFrom(Path.GetFullPath(pluginAssemblyPath));
            foreach (var type in assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract && DerivesFrom(t, PluginBaseType)).OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                var plugin = Activator.CreateInstance(type) ?? throw new InvalidOperationException($"{type.FullName} could not be created.");
                var declared = Property(plugin, "Steps") as IEnumerable
                               ?? throw new InvalidOperationException($"{type.FullName}: {PluginBaseType}.Steps is not a list of declarations.");
                foreach (var step in declared) yield return step;
            }
        }

        private static DeclaredStep Step(object step)
        {
            var images = ((IEnumerable)Property(step, "Images")!).Cast<object>()
                .Select(i => new DeclaredImage((string)Property(i, "Alias")!, (bool)Property(i, "IsPost")!, Strings(Property(i, "Columns"))))
                .ToList();
            return new DeclaredStep((string)Property(step, "PluginType")!, (string)Property(step, "Message")!, (string)Property(step, "Table")!,
                Convert.ToInt32(Property(step, "Stage"), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt32(Property(step, "Mode"), System.Globalization.CultureInfo.InvariantCulture),
                (int)Property(step, "Rank")!, Strings(Property(step, "FilteringAttributes")), images,
                (string)Property(step, "Description")!, (string)Property(step, "RunAs")!)
            {
                RegisterByHandOnlyIf = (string?)Property(step, "RegisterByHandOnlyIf"),
            };
        }

        private static bool IsCustomApi(object step)
            => step.GetType().GetProperty("IsCustomApi", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(step) is true;

        private static IReadOnlyList<string> Strings(object? value) => ((IEnumerable)value!).Cast<string>().ToList();

        private static object? Property(object instance, string name)
        {
            var property = instance.GetType().GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                           ?? throw new InvalidOperationException($"{instance.GetType().FullName} has no property {name}: the step declaration's shape changed; update {nameof(DeclaredSteps)}.");
            return property.GetValue(instance);
        }

        private static bool DerivesFrom(Type type, string baseName)
        {
            for (var b = type.BaseType; b != null; b = b.BaseType)
                if (b.FullName == baseName) return true;
            return false;
        }
    }
}
