using System;
using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
using Mci.Plugins.Registration;
using Mci.Rules;

namespace Mci.Plugins.Escalation
{
    /// <summary>
    /// The escalation sweep: the main operation of the unbound custom API mci_EscalateDueRequests, which the daily cloud flow
    /// "MCI — escalate due resource requests" calls. Input AsOf (date, optional: today, the operation's UTC date;
    /// tomorrow at the latest, EscalationRules.CheckSweepDate); outputs
    /// Evaluated (the open requests read), EscalatedToLead and EscalatedToExecutive (how many this run escalated to level 1
    /// and 2). Each open request is evaluated as the EvaluateEscalation activity evaluates one (<see cref="Escalations.EvaluateNow"/>):
    /// the same rules, EscalationPlugin writing the escalation and its one task, so a request at the level it is due for
    /// changes nothing and a run repeated creates no second task. The escalations are decided on AsOf (passed to
    /// EscalationPlugin through this context's shared variables).
    /// Only MCI Administrator and System Administrator may run it: Dataverse checks the custom API's execute privilege
    /// (prvWritemci_SupportTier) before this runs, and this plug-in checks the caller's roles again (a role such as System
    /// Customizer may hold that privilege too). Requests are read as SYSTEM in pages (every request, whoever owns it); the
    /// level is saved as the caller, who needs Write on resource requests (both roles have it).
    /// </summary>
    public sealed class EscalateDueRequestsPlugin : PluginBase
    {
        /// <summary>The custom API's unique name (customapis/mci_EscalateDueRequests).</summary>
        public const string ApiName = "mci_EscalateDueRequests";

        public const string AsOf = "AsOf";
        public const string Evaluated = "Evaluated";
        public const string EscalatedToLead = "EscalatedToLead";
        public const string EscalatedToExecutive = "EscalatedToExecutive";

        /// <summary>The roles that may run the sweep.</summary>
        internal static readonly string[] SweepRoles = { SecurityRoles.Administrator, SecurityRoles.SystemAdministrator };

        public EscalateDueRequestsPlugin() : base() { }

        public EscalateDueRequestsPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            steps.MainOperationOf(ApiName)
                .Describe("Escalate every open resource request that is due on AsOf, as EvaluateEscalation does for one; MCI Administrator and System Administrator only.")
                .Handle(Sweep);
        }

        private static void Sweep(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var caller = context.InitiatingUserId;
            var actor = Lookups.Actor(local.SystemService, caller, SweepRoles);
            var allowed = EscalationRules.CheckSweepCaller(actor.Name, actor.HoldsRole);
            if (!allowed.IsOk) throw Refusals.Exception(allowed, local.SystemService, caller);

            var today = context.OperationCreatedOn.Date;
            var asOf = (context.InputParameters.TryGetValue(AsOf, out var given) && given is DateTime date ? date : today).Date;
            var inRange = EscalationRules.CheckSweepDate(asOf, today);
            if (!inRange.IsOk) throw Refusals.Exception(inRange, local.SystemService, caller);
            Escalations.MarkEvaluationDate(context, asOf);
            var settings = Escalations.Settings(local.SystemService);
            var requests = Escalations.OpenRequests(local.SystemService);
            local.Trace($"Evaluating {requests.Count} open resource request(s) as of {asOf:yyyy-MM-dd}.");
            int toLead = 0, toExecutive = 0;
            foreach (var request in requests)
            {
                var outcome = Escalations.EvaluateNow(local.InitiatingUserService, settings, request, asOf, caller);
                if (!outcome.Escalated) continue;
                local.Trace($"Resource request {request.Id:D} escalated to level {outcome.Level}.");
                if (outcome.Level == 1) toLead++;
                else toExecutive++;
            }
            context.OutputParameters[Evaluated] = requests.Count;
            context.OutputParameters[EscalatedToLead] = toLead;
            context.OutputParameters[EscalatedToExecutive] = toExecutive;
            local.Trace($"Escalated {toLead} to the lead team, {toExecutive} to the sales executive.");
        }
    }
}
