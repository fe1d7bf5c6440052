using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;

namespace Mci.Plugins
{
    /// <summary>
    /// Escalation at once (mci_resourcerequest). PreOperation Create/Update (filtering status): a request saved as
    /// Declined escalates as it is saved — to level 1, or to level 2 when it is already past its needed-by date (the
    /// highest level that applies); status, level and escalated-to go on the Target. PostOperation Create/Update: the one
    /// task for the person escalated to, regarding the request. "Today" is the operation's own time
    /// (IExecutionContext.OperationCreatedOn), never the clock. Nothing is read unless the request escalates; a save at
    /// the level already reached changes nothing and creates no second task. Requests that escalate by date alone do so
    /// "when evaluated": that is the EvaluateEscalation workflow activity, which an administrator schedules.
    /// </summary>
    public sealed class EscalationPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        private const string TaskKey = "mci_EscalationTask";

        public EscalationPlugin() : base() { }

        public EscalationPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (context.Stage == Stages.PostOperation)
            {
                CreateTask(local);
                return;
            }
            var target = (Entity)context.InputParameters["Target"];
            var after = Entities.Merge(context.PreEntityImages.TryGetValue(PreImage, out var pre) ? pre : null, target);
            if (Choices.ResourceStatus(new Row(after).Option(ResourceRequest.Status)) != Rules.ResourceStatus.Declined) return;
            var result = Escalations.Decide(local.SystemService, new ServiceVariableReader(local.EnvironmentVariables), after, context.OperationCreatedOn);
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
            if (!result.Value.Escalate) return;
            Escalations.ApplyTo(target, result.Value);
            context.SharedVariables[TaskKey] = Escalations.Task(result.Value, System.Guid.Empty, new Row(after).Date(ResourceRequest.NeededBy));
            local.Trace("Escalated to level " + result.Value.Level + ".");
        }

        private static void CreateTask(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (!(PipelineContext.Shared<Entity>(context, TaskKey) is Entity task)) return;
            var target = (Entity)context.InputParameters["Target"];
            task[TaskActivity.RegardingObjectId] = new EntityReference(ResourceRequest.EntityName, PipelineContext.RecordId(context, target));
            local.SystemService.Create(task);
        }
    }
}
