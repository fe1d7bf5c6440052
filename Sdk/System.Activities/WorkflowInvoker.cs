using System.Activities.Hosting;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace System.Activities
{
    /// <summary>
    /// Runs an activity synchronously, as WF4's WorkflowInvoker does: this is the host entry point.
    /// Inputs and outputs are keyed by the activity's argument property names (case-sensitive); extensions
    /// added to <see cref="Extensions"/> are what <see cref="ActivityContext.GetExtension{T}"/> returns.
    /// An exception thrown by the activity propagates unchanged.
    /// </summary>
    /// <example>
    /// var invoker = new WorkflowInvoker(new MyActivity());
    /// invoker.Extensions.Add&lt;IWorkflowContext&gt;(() =&gt; workflowContext);
    /// invoker.Extensions.Add&lt;IOrganizationServiceFactory&gt;(() =&gt; factory);
    /// invoker.Extensions.Add&lt;ITracingService&gt;(() =&gt; tracing);
    /// IDictionary&lt;string, object&gt; outputs = invoker.Invoke(new Dictionary&lt;string, object&gt; { ["Amount"] = 10m });
    /// </example>
    public sealed class WorkflowInvoker
    {
        private readonly Activity _workflow;

        public WorkflowInvoker(Activity workflow)
        {
            _workflow = workflow ?? throw new ArgumentNullException(nameof(workflow));
            Extensions = new WorkflowInstanceExtensionManager();
        }

        public WorkflowInstanceExtensionManager Extensions { get; }

        public static IDictionary<string, object> Invoke(Activity workflow) => new WorkflowInvoker(workflow).Invoke();

        public static IDictionary<string, object> Invoke(Activity workflow, IDictionary<string, object> inputs) => new WorkflowInvoker(workflow).Invoke(inputs);

        public IDictionary<string, object> Invoke() => Invoke((IDictionary<string, object>)null);

        /// <summary>Binds <paramref name="inputs"/> to In/InOut arguments, runs the activity once, returns Out/InOut argument values.</summary>
        public IDictionary<string, object> Invoke(IDictionary<string, object> inputs)
        {
            if (!(_workflow is CodeActivity codeActivity))
            {
                throw new NotSupportedException($"Only CodeActivity can be invoked by this System.Activities stand-in ('{_workflow.GetType()}').");
            }

            var arguments = BindArgumentProperties(_workflow);
            var values = new Dictionary<Argument, object>();
            var problems = new List<string>();
            inputs = inputs ?? new Dictionary<string, object>();

            var unknown = inputs.Keys.Where(k => !arguments.TryGetValue(k, out var a) || a.Direction == ArgumentDirection.Out).ToList();
            if (unknown.Count > 0)
            {
                problems.Add($"'{_workflow.DisplayName}': The following keys from the input dictionary do not map to arguments and must be removed: {string.Join(", ", unknown)}.  Please note that argument names are case sensitive.");
            }
            foreach (var pair in arguments)
            {
                var argument = pair.Value;
                if (argument.Direction != ArgumentDirection.Out && inputs.TryGetValue(pair.Key, out object input))
                {
                    try
                    {
                        values[argument] = Argument.Coerce(argument.ArgumentType, input, $"argument '{pair.Key}'");
                    }
                    catch (ArgumentException e)
                    {
                        problems.Add($"'{_workflow.DisplayName}': {e.Message}");
                    }
                }
                else if (argument.Direction != ArgumentDirection.Out && !argument.IsBound && IsRequired(_workflow, pair.Key))
                {
                    problems.Add($"'{_workflow.DisplayName}': Value for a required activity argument '{pair.Key}' was not supplied.");
                }
            }
            if (problems.Count > 0)
            {
                throw new ArgumentException("The values provided for the root activity's arguments did not satisfy the root activity's requirements:\n" + string.Join("\n", problems), nameof(inputs));
            }

            var extensions = Extensions.CreateInstanceExtensions();
            var context = new CodeActivityContext(_workflow.DisplayName, new HashSet<Argument>(arguments.Values), values, type => extensions.FirstOrDefault(type.IsInstanceOfType));
            try
            {
                codeActivity.RunExecute(context);
            }
            finally
            {
                context.Dispose();
            }

            var outputs = new Dictionary<string, object>();
            foreach (var pair in arguments.Where(p => p.Value.Direction != ArgumentDirection.In))
            {
                outputs[pair.Key] = values.TryGetValue(pair.Value, out object value) ? value : pair.Value.DefaultValue();
            }
            return outputs;
        }

        // Like WF4's CacheMetadata: every public Argument property is an argument; a null one gets a fresh instance.
        private static Dictionary<string, Argument> BindArgumentProperties(Activity activity)
        {
            var result = new Dictionary<string, Argument>(StringComparer.Ordinal);
            foreach (var property in activity.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!typeof(Argument).IsAssignableFrom(property.PropertyType) || property.GetIndexParameters().Length > 0 || !property.CanRead) continue;
                var argument = (Argument)property.GetValue(activity);
                if (argument == null)
                {
                    if (!property.CanWrite || !property.PropertyType.IsGenericType) continue;
                    argument = (Argument)Activator.CreateInstance(property.PropertyType);
                    property.SetValue(activity, argument);
                }
                result[property.Name] = argument;
            }
            return result;
        }

        private static bool IsRequired(Activity activity, string propertyName)
            => activity.GetType().GetProperty(propertyName)?.GetCustomAttribute<RequiredArgumentAttribute>() != null;
    }
}

namespace System.Activities.Hosting
{
    /// <summary>The extensions a host offers a workflow instance (WF4's WorkflowInstanceExtensionManager).</summary>
    public class WorkflowInstanceExtensionManager
    {
        private readonly List<object> _singletons = new List<object>();
        private readonly List<Func<object>> _providers = new List<Func<object>>();
        private bool _readOnly;

        public WorkflowInstanceExtensionManager() { }

        /// <summary>One instance shared by every run.</summary>
        public virtual void Add(object singletonExtension)
        {
            if (singletonExtension == null) throw new ArgumentNullException(nameof(singletonExtension));
            ThrowIfReadOnly();
            _singletons.Add(singletonExtension);
        }

        /// <summary>A function called once per run to create the extension.</summary>
        public virtual void Add<T>(Func<T> extensionCreationFunction) where T : class
        {
            if (extensionCreationFunction == null) throw new ArgumentNullException(nameof(extensionCreationFunction));
            ThrowIfReadOnly();
            _providers.Add(() => extensionCreationFunction());
        }

        public void MakeReadOnly() => _readOnly = true;

        internal List<object> CreateInstanceExtensions()
        {
            var all = new List<object>(_singletons);
            all.AddRange(_providers.Select(p => p()).Where(e => e != null));
            return all;
        }

        private void ThrowIfReadOnly()
        {
            if (_readOnly) throw new InvalidOperationException("The WorkflowInstanceExtensionManager is read-only.");
        }
    }
}
