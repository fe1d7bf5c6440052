using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Plugins.Registration;

namespace Mci.Plugins
{
    /// <summary>
    /// Escalation at once (mci_resourcerequest). PreOperation Create/Update (filtering status, level, escalated-to): a
    /// request saved as Declined escalates as it is saved — to level 1, or to level 2 when it is already past its
    /// needed-by date (the highest level that applies); a request that must escalate to nobody is refused here, before
    /// anything is saved. Level, escalated-to and the status Escalated are the escalation's alone: values a user sends for
    /// the first two are dropped (sending them asks for an evaluation now, which is how EvaluateEscalation escalates, so
    /// this plug-in is the only writer), and setting Escalated by hand is refused.
    /// PostOperation Create/Update: status Escalated, the level and escalated-to, and the one task for the person
    /// escalated to, written as SYSTEM: the presales user who declines needs no right to point records at other users. "Today" is the operation's own time
    /// (IExecutionContext.OperationCreatedOn), never the clock, or the AsOf date of the escalation sweep that asked for the evaluation. Nothing is read unless the request escalates; a save at
    /// the level already reached changes nothing and creates no second task. Requests that escalate by date alone do so
    /// "when evaluated": that is the EvaluateEscalation workflow activity, and the daily escalation sweep (custom API mci_EscalateDueRequests, run by a cloud flow).
    /// </summary>
    public sealed class EscalationPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";

        /// <summary>The escalation (status, level, escalated-to) to write once the request is saved.</summary>
        private static readonly HandOver<Entity> Escalation = new HandOver<Entity>("mci_EscalationRequest");

        /// <summary>The one task for the person escalated to, created once the request is saved.</summary>
        private static readonly HandOver<Entity> EscalationTask = new HandOver<Entity>("mci_EscalationTask");

        public EscalationPlugin() : base() { }

        public EscalationPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            var watched = new[] { ResourceRequest.Status, ResourceRequest.EscalationLevel, ResourceRequest.EscalatedToId };
            var image = new[]
            {
                ResourceRequest.Name, ResourceRequest.OpportunityId, ResourceRequest.Role, ResourceRequest.Status, ResourceRequest.NeededBy,
                ResourceRequest.EscalationLevel, ResourceRequest.EscalatedToId,
            };
            steps.On(MessageNames.Create, ResourceRequest.EntityName, Stage.PreOperation)
                .Describe("Escalate at once when declined (or when a level is sent, as EvaluateEscalation does); refuse Escalated by hand.")
                .Handle(Decide);
            steps.On(MessageNames.Update, ResourceRequest.EntityName, Stage.PreOperation)
                .Filter(watched).PreImage(PreImage, image)
                .Describe("Escalate at once when declined (or when a level is sent, as EvaluateEscalation does); refuse Escalated by hand.")
                .Handle(Decide);
            steps.On(MessageNames.Create, ResourceRequest.EntityName, Stage.PostOperation)
                .Describe("Create the escalation task.")
                .Handle(Escalate);
            steps.On(MessageNames.Update, ResourceRequest.EntityName, Stage.PostOperation)
                .Filter(watched)
                .Describe("Write the escalation and create its task.")
                .Handle(Escalate);
        }

        private static void Decide(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsSystemChange(context)) return; // the escalation written below
            var target = PipelineContext.Target(context);
            var pre = PipelineContext.IsCreate(context) ? null : PipelineContext.Image(context, PreImage, pre: true);
            // The level and escalated-to are the escalation's: a user who set them (level 2, say) would silence every
            // later escalation. Their value is put back as stored (kept on the Target, so the PostOperation step still
            // sees the columns it filters on); sending them asks for an evaluation now (EvaluateEscalation does).
            var evaluate = false;
            foreach (var column in new[] { ResourceRequest.EscalationLevel, ResourceRequest.EscalatedToId })
            {
                if (!target.Contains(column)) continue;
                evaluate = true;
                if (pre == null) target.Attributes.Remove(column);
                else target[column] = pre.Contains(column) ? pre[column] : null;
            }
            var after = Entities.Merge(pre, target);
            var status = Choices.ResourceStatus(new Row(after).Option(ResourceRequest.Status));
            var before = pre == null ? (Rules.ResourceStatus?)null : Choices.ResourceStatus(new Row(pre).Option(ResourceRequest.Status)) ?? Rules.ResourceStatus.Requested;
            Rules.RuleResult StatusSet() => Rules.EscalationRules.CheckStatusSet(after.GetAttributeValue<string>(ResourceRequest.Name),
                after.GetAttributeValue<EntityReference>(ResourceRequest.OpportunityId)?.Name, before, status);
            if (!StatusSet().IsOk)
            {
                Refusals.FillNames(local.SystemService, after, ResourceRequest.OpportunityId);
                throw Refusals.Exception(StatusSet(), local.SystemService, context.InitiatingUserId);
            }
            if (status != Rules.ResourceStatus.Declined && !evaluate) return;
            var result = Escalations.Decide(local.SystemService, Escalations.Settings(local.SystemService), after, Escalations.Today(context));
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
            if (!result.Value.Escalate) return;
            var escalation = new Entity(ResourceRequest.EntityName);
            Escalations.ApplyTo(escalation, result.Value);
            var id = PipelineContext.RecordId(context, target);
            Escalation.Put(context, id, escalation);
            EscalationTask.Put(context, id, Escalations.Task(result.Value, new Row(after).Date(ResourceRequest.NeededBy)));
            local.Trace("Escalated to level " + result.Value.Level + ".");
        }

        private static void Escalate(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var id = PipelineContext.RecordId(context, PipelineContext.Target(context));
            if (!Escalation.TryGet(context, id, out var escalation) || !EscalationTask.TryGet(context, id, out var task)) return;
            PipelineContext.MarkSystemChange(context);
            escalation.Id = id;
            local.SystemService.Update(escalation);
            task[TaskActivity.RegardingObjectId] = new EntityReference(ResourceRequest.EntityName, id);
            local.SystemService.Create(task);
        }
    }
}
