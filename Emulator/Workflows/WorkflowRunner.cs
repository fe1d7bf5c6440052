using System;
using System.Activities;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Workflow;
using ExecutionContext = Mci.Emulator.Pipeline.ExecutionContext;

namespace Mci.Emulator.Workflows
{
    /// <summary>
    /// Runs a custom workflow activity (CodeActivity) the way a background workflow step does: the host gives it
    /// IWorkflowContext, IOrganizationServiceFactory (every call as the workflow's user) and ITracingService;
    /// inputs bind to its In/InOut arguments, the Out/InOut values come back. Not transactional: each service
    /// call the activity makes commits on its own.
    /// </summary>
    internal static class WorkflowRunner
    {
        public static IDictionary<string, object?> Run(Engine engine, string typeName, IDictionary<string, object?> inputs, Guid userId, EntityReference? primary, int languageForErrors = 1033)
        {
            var type = Find(engine, typeName);
            var activity = (CodeActivity)Activator.CreateInstance(type)!;
            var arguments = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => typeof(Argument).IsAssignableFrom(p.PropertyType)).ToDictionary(p => p.Name, StringComparer.Ordinal);
            var converted = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, value) in inputs)
            {
                if (!arguments.TryGetValue(name, out var property))
                    throw new ArgumentException($"Workflow activity {type.FullName} has no argument '{name}'. Its arguments: {string.Join(", ", arguments.Keys)}.");
                converted[name] = Convert(property, value)!;
            }
            var context = new ExecutionContext
            {
                MessageName = "ExecuteWorkflow",
                PrimaryEntityName = primary?.LogicalName ?? "none",
                PrimaryEntityId = primary?.Id ?? Guid.Empty,
                Depth = 1,
                Mode = 1,
                UserId = userId,
                InitiatingUserId = userId,
                BusinessUnitId = engine.BusinessUnitOf(userId),
                OrganizationId = engine.OrganizationId,
                OrganizationName = engine.Options.OrganizationName,
                CorrelationId = Guid.NewGuid(),
                OperationId = Guid.NewGuid(),
                OperationCreatedOn = engine.Clock.UtcNow,
                WorkflowCategory = 0,
                WorkflowMode = 0,
                StageName = "",
                PluginType = type.FullName,
                StepName = "Workflow activity " + type.FullName,
            };
            var tracing = new TracingService();
            var invoker = new WorkflowInvoker(activity);
            invoker.Extensions.Add<IWorkflowContext>(() => context);
            invoker.Extensions.Add<IOrganizationServiceFactory>(() => new ServiceFactory(engine, context, workflow: true));
            invoker.Extensions.Add<ITracingService>(() => tracing);
            var step = new StepRegistration(Guid.Empty, context.StepName!, "ExecuteWorkflow", primary?.LogicalName, PipelineStage.MainOperation, StepMode.Asynchronous, 1, type.FullName!, type.Assembly.GetName().Name!);
            var execution = engine.Recorder.Execution(type.FullName!, step, "ExecuteWorkflow", primary?.LogicalName, primary?.Id, 1, userId);
            try
            {
                return Engine.Recorded(execution, tracing, type.FullName!, () => invoker.Invoke(converted).ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal));
            }
            catch (ArgumentException e) when (e.ParamName == "inputs")
            {
                execution.Succeeded = false;
                execution.Error = e.Message;
                throw;
            }
        }

        private static Type Find(Engine engine, string typeName)
        {
            var candidates = engine.Plugins.Assemblies.SelectMany(SafeTypes)
                .Where(t => typeof(CodeActivity).IsAssignableFrom(t) && !t.IsAbstract && (t.FullName == typeName || t.Name == typeName)).Distinct().ToList();
            return candidates.Count switch
            {
                1 => candidates[0],
                0 => throw new ArgumentException($"No workflow activity (CodeActivity) named '{typeName}' in the loaded assemblies ({string.Join(", ", engine.Plugins.Assemblies.Select(a => a.GetName().Name))})."),
                _ => throw new ArgumentException($"'{typeName}' names several workflow activities: {string.Join(", ", candidates.Select(c => c.FullName))}; use the full name."),
            };
        }

        private static IEnumerable<Type> SafeTypes(Assembly a)
        {
            try { return a.GetTypes(); }
            catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t != null)!; }
        }

        /// <summary>
        /// Converts a loosely typed input (from JSON: strings, numbers, booleans) to the argument's type:
        /// EntityReference from a Guid (table from [ReferenceTarget]) or "table:guid", Money and OptionSetValue from numbers, dates from ISO text.
        /// </summary>
        public static object? Convert(PropertyInfo property, object? value)
        {
            var type = property.PropertyType.GetGenericArguments().FirstOrDefault() ?? typeof(object);
            if (value == null || type.IsInstanceOfType(value)) return value;
            var text = System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            try
            {
                if (type == typeof(EntityReference))
                {
                    var target = property.GetCustomAttribute<ReferenceTargetAttribute>()?.EntityName;
                    var parts = text.Split(':');
                    if (parts.Length == 2) return new EntityReference(parts[0], Guid.Parse(parts[1]));
                    if (target != null) return new EntityReference(target, value is Guid g ? g : Guid.Parse(text));
                }
                if (type == typeof(Money)) return new Money(System.Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                if (type == typeof(OptionSetValue)) return new OptionSetValue(System.Convert.ToInt32(value, CultureInfo.InvariantCulture));
                if (type == typeof(DateTime)) return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                if (type == typeof(Guid)) return Guid.Parse(text);
                if (type == typeof(bool) || type == typeof(int) || type == typeof(decimal) || type == typeof(double) || type == typeof(string))
                    return System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"Argument '{property.Name}': '{text}' is not a {type.Name} ({e.Message}).");
            }
            throw new ArgumentException($"Argument '{property.Name}' is a {type.Name}; a {value.GetType().Name} cannot be converted to it.");
        }
    }
}
