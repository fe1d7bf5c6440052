using System;
using System.Activities;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.Xrm.Sdk.Workflow;

namespace Mci.Cli.Scenarios
{
    internal enum ArgumentDirection { In, Out, InOut }

    /// <summary>One argument of a custom workflow activity, as the workflow designer would show it.</summary>
    internal sealed record ArgumentInfo(string Name, ArgumentDirection Direction, Type ValueType, bool Required, string? ReferenceTarget, string? TargetTable, string? TargetColumn)
    {
        public bool IsInput => Direction != ArgumentDirection.Out;
        public bool IsOutput => Direction != ArgumentDirection.In;
    }

    internal sealed record ActivityInfo(string FullName, string Name, IReadOnlyDictionary<string, ArgumentInfo> Arguments)
    {
        public override string ToString() => Name;
    }

    /// <summary>The custom workflow activities (CodeActivity classes) of the loaded assemblies, with their arguments.</summary>
    internal sealed class ActivityCatalog
    {
        private readonly List<ActivityInfo> _activities;

        public ActivityCatalog(IEnumerable<Assembly> assemblies)
        {
            _activities = assemblies.Distinct().SelectMany(Types)
                .Where(t => typeof(CodeActivity).IsAssignableFrom(t) && !t.IsAbstract && t.IsPublic)
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
            return new ActivityInfo(type.FullName!, type.Name, arguments);
        }

        private static IEnumerable<Type> Types(Assembly a)
        {
            try { return a.GetTypes(); }
            catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t != null)!; }
        }
    }
}
