using System;
using System.Activities;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Conversion;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Workflow;
using Mci.SolutionModel;

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
        public static IDictionary<string, object?> Run(Engine engine, ActivityCatalog activities, string typeName, IDictionary<string, object?> inputs, Guid userId, EntityReference? primary, int languageForErrors = 1033)
        {
            var info = activities.Find(typeName, out var problem) ?? throw new ArgumentException(problem);
            var type = info.Type;
            var activity = (CodeActivity)Activator.CreateInstance(type)!;
            var converted = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, value) in inputs)
            {
                if (!info.Arguments.TryGetValue(name, out var argument) || !argument.IsInput)
                    throw new ArgumentException($"Workflow activity {type.FullName} has no input argument '{name}'. Its inputs: {string.Join(", ", info.Arguments.Values.Where(a => a.IsInput).Select(a => a.Name))}.");
                // The same strict conversion as a scenario's run step (Conversion.ValueConverter).
                converted[name] = ValueConverter.ToSdk(value, argument.Target(engine.Metadata))!;
            }
            var context = ContextBuilder.ForWorkflow(engine, userId, primary).Caller(type.FullName, "Workflow activity " + type.FullName).Build();
            var tracing = new TracingService();
            var invoker = new WorkflowInvoker(activity);
            invoker.Extensions.Add<IWorkflowContext>(() => context);
            invoker.Extensions.Add<IOrganizationServiceFactory>(() => new ServiceFactory(engine, context, workflow: true));
            invoker.Extensions.Add<ITracingService>(() => tracing);
            var step = new StepDefinition(Guid.Empty, context.StepName!)
            {
                Message = "ExecuteWorkflow", PrimaryEntity = primary?.LogicalName, DeclaredStage = (int)PipelineStage.MainOperation, DeclaredMode = (int)StepMode.Asynchronous,
                DeclaredRank = 1, PluginTypeQualifiedName = type.FullName!, AssemblyName = type.Assembly.GetName().Name!,
            };
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
    }
}
