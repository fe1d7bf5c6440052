using System;
using System.Activities;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Mci.Emulator.Conversion;
using Mci.Emulator.Metadata;
using Microsoft.Xrm.Sdk.Workflow;
using Mci.SolutionModel;

namespace Mci.Emulator.Workflows
{
    public enum ArgumentDirection { In, Out, InOut }

    /// <summary>One argument of a custom workflow activity, as the workflow designer would show it.</summary>
    /// <param name="ReferenceTarget">[ReferenceTarget]: the table an EntityReference argument points to.</param>
    /// <param name="TargetTable">[AttributeTarget]: the table and column whose choice an OptionSetValue argument takes.</param>
    public sealed record ArgumentInfo(string Name, ArgumentDirection Direction, Type ValueType, bool Required, string? ReferenceTarget, string? TargetTable, string? TargetColumn)
    {
        public bool IsInput => Direction != ArgumentDirection.Out;
        public bool IsOutput => Direction != ArgumentDirection.In;

        /// <summary>What a value of this argument converts to (<see cref="ValueConverter"/>); the choice's labels come from <paramref name="metadata"/>.</summary>
        public ValueTarget Target(EnvironmentMetadata? metadata) =>
            ValueTarget.Typed($"argument {Name}", ValueType, ReferenceTarget,
                TargetTable is { } t && TargetColumn is { } c ? metadata?.Table(t)?.Column(c)?.Choice : null);
    }

    public sealed record ActivityInfo(Type Type, IReadOnlyDictionary<string, ArgumentInfo> Arguments)
    {
        public string FullName => Type.FullName!;
        public string Name => Type.Name;
        public override string ToString() => Name;
    }

    /// <summary>
    /// The custom workflow activities (public, concrete CodeActivity classes) of the loaded assemblies, with their
    /// arguments: what the emulator runs and what a scenario's run step is checked against.
    /// </summary>
    public sealed class ActivityCatalog
    {
        private readonly List<ActivityInfo> _activities;

        public ActivityCatalog(IEnumerable<Assembly> assemblies)
        {
            _activities = assemblies.Distinct().SelectMany(Types)
                .Where(t => typeof(CodeActivity).IsAssignableFrom(t) && !t.IsAbstract && t.IsVisible)
                .Distinct()
                .Select(Describe)
                .OrderBy(a => a.FullName, StringComparer.Ordinal)
                .ToList();
        }

        public IReadOnlyList<ActivityInfo> Activities => _activities;

        /// <summary>Finds an activity by class name or full name; null with <paramref name="problem"/> set when none or several match.</summary>
        public ActivityInfo? Find(string name, out string? problem)
        {
            var matches = _activities.Where(a => a.FullName == name || a.Name == name).ToList();
            problem = matches.Count switch
            {
                1 => null,
                0 => _activities.Count == 0
                    ? $"no workflow activity named '{name}': the loaded assemblies have none"
                    : $"no workflow activity named '{name}'; known: {string.Join(", ", _activities.Select(a => a.Name))}",
                _ => $"'{name}' names several workflow activities ({string.Join(", ", matches.Select(m => m.FullName))}); use the full name",
            };
            return problem == null ? matches[0] : null;
        }

        private static ActivityInfo Describe(Type type)
        {
            var arguments = new Dictionary<string, ArgumentInfo>(StringComparer.Ordinal);
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var t = p.PropertyType;
                if (!t.IsGenericType) continue;
                var definition = t.GetGenericTypeDefinition();
                ArgumentDirection? direction = definition == typeof(InArgument<>) ? ArgumentDirection.In
                    : definition == typeof(OutArgument<>) ? ArgumentDirection.Out
                    : definition == typeof(InOutArgument<>) ? ArgumentDirection.InOut
                    : null;
                if (direction == null) continue;
                var target = p.GetCustomAttribute<AttributeTargetAttribute>();
                arguments[p.Name] = new ArgumentInfo(p.Name, direction.Value, t.GetGenericArguments()[0], p.GetCustomAttribute<RequiredArgumentAttribute>() != null,
                    p.GetCustomAttribute<ReferenceTargetAttribute>()?.EntityName, target?.EntityName, target?.AttributeName);
            }
            return new ActivityInfo(type, arguments);
        }

        private static IEnumerable<Type> Types(Assembly a)
        {
            try { return a.GetTypes(); }
            catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t != null)!; }
        }
    }
}
