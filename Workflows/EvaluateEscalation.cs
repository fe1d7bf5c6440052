using System.Activities;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Microsoft.Xrm.Sdk.Workflow;
using Mci.Plugins.Common;
using Request = Mci.Plugins.Common.ResourceRequest;

namespace Mci.Workflows
{
    /// <summary>
    /// Evaluates a resource request's escalation, as an administrator's recurring process does: Declined, still
    /// Requested within mci_EscalationLeadDays of its needed-by date (level 1), not Booked or Fulfilled on or after
    /// it (level 2). When due, EscalationPlugin (asked by saving the request's level as it is) sets status Escalated, the
    /// level and escalated-to and creates one task for that person; evaluating again at the same level changes nothing
    /// and writes nothing. Outputs the level and the person after evaluation.
    /// </summary>
    public sealed class EvaluateEscalation : MciActivity
    {
        [RequiredArgument]
        [Input("Resource request / 资源申请")]
        [ReferenceTarget(Request.EntityName)]
        public InArgument<EntityReference> ResourceRequest { get; set; } = null!;

        [Output("Escalation level / 升级级别")]
        public OutArgument<int> EscalationLevel { get; set; } = null!;

        [Output("Escalated to / 升级至")]
        [ReferenceTarget("systemuser")]
        public OutArgument<EntityReference> EscalatedTo { get; set; } = null!;

        protected override void Run(ActivityServices services)
        {
            var context = services.ActivityContext;
            var reference = ResourceRequest.Get(context) ?? throw new InvalidPluginExecutionException("EvaluateEscalation needs the resource request. / EvaluateEscalation 需要资源申请。");
            var request = services.Service.Retrieve(Request.EntityName, reference.Id, new ColumnSet(Escalations.RequestColumns));
            // The escalation (status, level, escalated-to, the one task) is EscalationPlugin's alone, so users cannot fake or
            // silence it: when due, the level is saved as it is, which asks the plug-in to evaluate now with the same rules (it
            // finds the recipients, or refuses when there is nobody, which stops the process with its message).
            var outcome = Escalations.EvaluateNow(services.Service, Escalations.Settings(services.Service), request, services.Today, services.WorkflowContext.InitiatingUserId);
            if (outcome.Escalated) services.Tracing?.Trace("Escalated to level {0}.", outcome.Level);
            EscalationLevel.Set(context, outcome.Level);
            EscalatedTo.Set(context, outcome.EscalatedTo!);
        }
    }
}
