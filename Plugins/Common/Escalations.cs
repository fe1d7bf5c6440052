using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// Escalation of a resource request. EscalationPlugin decides and writes it (on a status, level or escalated-to
    /// change); the EvaluateEscalation workflow activity and the escalation sweep (custom API mci_EscalateDueRequests) only
    /// ask whether a request is due (<see cref="Probe(EnvironmentSettings, Entity, DateTime)"/>) and, when it is, save the
    /// level as it is so the plug-in escalates (<see cref="EvaluateNow"/>). The recipients are looked up only when the
    /// request does escalate, and only by the plug-in: one query for the lead team's administrator (the opportunity
    /// joined to its lead team), and one for the sales executive by email when the level is 2 or the lead team has none.
    /// </summary>
    internal static class Escalations
    {
        /// <summary>The request columns the evaluation reads.</summary>
        public static readonly string[] RequestColumns =
        {
            ResourceRequest.Name, ResourceRequest.OpportunityId, ResourceRequest.Role, ResourceRequest.Status,
            ResourceRequest.NeededBy, ResourceRequest.EscalationLevel, ResourceRequest.EscalatedToId,
        };

        /// <summary>The shared variable that carries the sweep's "as of" date to EscalationPlugin (callers cannot set shared variables).</summary>
        private const string EvaluationDateKey = "mci_EscalationAsOf";

        /// <summary>Makes <paramref name="asOf"/> the date the escalations this execution asks for are decided on (the sweep's AsOf).</summary>
        public static void MarkEvaluationDate(IExecutionContext context, DateTime asOf) => context.SharedVariables[EvaluationDateKey] = asOf.Date;

        /// <summary>The date an escalation is decided on: the sweep's AsOf when the sweep asked for it (an ancestor context
        /// carries it), else the date of the operation.</summary>
        public static DateTime Today(IPluginExecutionContext context)
            => PipelineContext.FromAncestors(context, EvaluationDateKey) is DateTime asOf ? asOf.Date : context.OperationCreatedOn.Date;

        /// <summary>
        /// Evaluates one request on <paramref name="today"/> as EvaluateEscalation does: when it is due, saves its level as it is
        /// with <paramref name="service"/> (whose user needs Write on the request), which asks EscalationPlugin to escalate
        /// (status, level, escalated-to and the one task; it refuses when there is nobody to escalate to); evaluating again at
        /// the same level changes nothing. A bad lead-days value is refused in the language of <paramref name="userId"/>.
        /// </summary>
        public static EscalationOutcome EvaluateNow(IOrganizationService service, EnvironmentSettings settings, Entity request, DateTime today, Guid userId)
        {
            var due = Probe(settings, request, today);
            if (!due.IsOk) throw Refusals.Exception(due, service, userId);
            var before = new Row(request).Int(ResourceRequest.EscalationLevel) ?? 0;
            if (!due.Value.Escalate) return new EscalationOutcome(false, before, new Row(request).Ref(ResourceRequest.EscalatedToId));
            service.Update(new Entity(ResourceRequest.EntityName, request.Id) { [ResourceRequest.EscalationLevel] = before });
            var after = new Row(service.Retrieve(ResourceRequest.EntityName, request.Id, new ColumnSet(ResourceRequest.EscalationLevel, ResourceRequest.EscalatedToId)));
            var level = after.Int(ResourceRequest.EscalationLevel) ?? 0;
            return new EscalationOutcome(level > before, level, after.Ref(ResourceRequest.EscalatedToId));
        }

        /// <summary>
        /// Every resource request the sweep may escalate, read as SYSTEM in pages: active, not Booked or Fulfilled (an empty
        /// status counts as Requested), below level 2, of a deal that is still open (a won or lost deal's presales need is
        /// moot; a request without a deal is kept). The rules decide which of them are due.
        /// </summary>
        public static List<Entity> OpenRequests(IOrganizationService service)
        {
            var query = new QueryExpression(ResourceRequest.EntityName) { ColumnSet = new ColumnSet(RequestColumns) };
            query.Criteria.AddCondition(StateCodeColumn, ConditionOperator.Equal, 0);
            // Many-to-one: one row per request, so the paging cookie stays reliable.
            var deal = query.AddLink(Opportunity.EntityName, ResourceRequest.OpportunityId, Opportunity.Id, JoinOperator.LeftOuter);
            deal.EntityAlias = DealAlias;
            var open = query.Criteria.AddFilter(LogicalOperator.Or);
            open.AddCondition(ResourceRequest.OpportunityId, ConditionOperator.Null);
            open.AddCondition(DealAlias, Opportunity.StateCode, ConditionOperator.Equal, 0);
            var status = query.Criteria.AddFilter(LogicalOperator.Or);
            status.AddCondition(ResourceRequest.Status, ConditionOperator.Null);
            status.AddCondition(ResourceRequest.Status, ConditionOperator.NotIn, ResourceStatusValue.Booked, ResourceStatusValue.Fulfilled);
            var level = query.Criteria.AddFilter(LogicalOperator.Or);
            level.AddCondition(ResourceRequest.EscalationLevel, ConditionOperator.Null);
            level.AddCondition(ResourceRequest.EscalationLevel, ConditionOperator.LessThan, 2);
            return Paging.RetrieveAll(service, query);
        }

        private const string StateCodeColumn = "statecode";
        private const string DealAlias = "deal";

        /// <summary>Stands for "somebody" in the first evaluation, which only asks whether the request escalates at all.</summary>
        private static readonly Guid Somebody = new Guid("6d6369e5-0000-4000-8000-000000000001");

        /// <summary>The environment variables an escalation may read (in one query, when first needed).</summary>
        public static EnvironmentSettings Settings(IOrganizationService service)
            => new EnvironmentSettings(service, EnvironmentVariables.EscalationLeadDays, EnvironmentVariables.SalesExecutiveEmail);

        /// <summary>True when the request escalates on <paramref name="today"/>, whoever would receive it: at most the
        /// lead days are read (<paramref name="settings"/>), no recipient. A bad lead-days value is refused.</summary>
        public static RuleResult<EscalationDecision> Probe(EnvironmentSettings settings, Entity request, DateTime today)
        {
            var input = Input(settings, request, today);
            return input.IsOk ? Probe(input.Value) : RuleResult<EscalationDecision>.Refuse(input.Refusals);
        }

        /// <summary>The decision for the request as it is (or will be, after the save) on <paramref name="today"/>.</summary>
        public static RuleResult<EscalationDecision> Decide(IOrganizationService service, EnvironmentSettings settings, Entity request, DateTime today)
        {
            var checkedInput = Input(settings, request, today);
            if (!checkedInput.IsOk) return RuleResult<EscalationDecision>.Refuse(checkedInput.Refusals);
            var input = checkedInput.Value;
            var probe = Probe(input);
            if (!probe.IsOk || !probe.Value.Escalate) return probe;

            Guid? administrator = null;
            var opportunity = new Row(request).Ref(ResourceRequest.OpportunityId);
            if (opportunity != null)
            {
                var lead = LeadTeamAdministrator(service, opportunity.Id);
                administrator = lead.Administrator;
                input = input with { OpportunityName = lead.OpportunityName ?? input.OpportunityName };
            }
            Guid? executive = null;
            if (probe.Value.Level == 2 || administrator == null)
            {
                var email = settings.SalesExecutiveEmail;
                if (!email.IsOk) return RuleResult<EscalationDecision>.Refuse(email.Refusals);
                executive = Lookups.UserByEmail(service, email.Value.Text);
            }
            return EscalationRules.Evaluate(input with { LeadTeamAdministratorId = administrator, SalesExecutiveId = executive });
        }

        /// <summary>The rules' input; the lead days are read only when the rules use them.</summary>
        private static RuleResult<EscalationInput> Input(EnvironmentSettings settings, Entity request, DateTime today)
        {
            var row = new Row(request);
            var input = new EscalationInput
            {
                RequestName = row.Text(ResourceRequest.Name),
                OpportunityName = row.Ref(ResourceRequest.OpportunityId)?.Name,
                Role = Choices.ResourceRole(row.Option(ResourceRequest.Role)),
                Status = Choices.ResourceStatus(row.Option(ResourceRequest.Status)),
                NeededBy = row.Date(ResourceRequest.NeededBy),
                Today = today.Date,
                CurrentLevel = row.Int(ResourceRequest.EscalationLevel),
            };
            if (!EscalationRules.NeedsLeadDays(input.Status, input.NeededBy, input.Today)) return RuleResult<EscalationInput>.Success(input);
            var leadDays = settings.EscalationLeadDays;
            if (!leadDays.IsOk) return RuleResult<EscalationInput>.Refuse(leadDays.Refusals);
            return RuleResult<EscalationInput>.Success(input with { LeadDays = (int?)leadDays.Value.Number });
        }

        private static RuleResult<EscalationDecision> Probe(EscalationInput input)
            => EscalationRules.Evaluate(input with { LeadTeamAdministratorId = Somebody, SalesExecutiveId = Somebody });

        /// <summary>Writes the decision onto an entity of the request (the Target, or an Update).</summary>
        public static void ApplyTo(Entity request, EscalationDecision decision)
        {
            request[ResourceRequest.Status] = Choices.Option(decision.NewStatus ?? ResourceStatus.Escalated);
            request[ResourceRequest.EscalationLevel] = decision.Level;
            request[ResourceRequest.EscalatedToId] = new EntityReference(SystemUser.EntityName, decision.EscalateToId!.Value);
        }

        /// <summary>The one task for the person escalated to; the plug-in sets it regarding the request once the request is saved.</summary>
        public static Entity Task(EscalationDecision decision, DateTime? neededBy)
        {
            var task = new Entity(TaskActivity.EntityName)
            {
                [TaskActivity.Subject] = decision.TaskSubject,
                [TaskActivity.Description] = decision.TaskDescription,
                [TaskActivity.OwnerId] = new EntityReference(SystemUser.EntityName, decision.EscalateToId!.Value),
            };
            if (neededBy != null) task[TaskActivity.ScheduledEnd] = neededBy;
            return task;
        }

        private sealed class Lead
        {
            public Guid? Administrator;
            public string? OpportunityName;
        }

        private static Lead LeadTeamAdministrator(IOrganizationService service, Guid opportunityId)
        {
            var query = new QueryExpression(Opportunity.EntityName) { ColumnSet = new ColumnSet(Opportunity.Name) };
            query.Criteria.AddCondition(Opportunity.Id, ConditionOperator.Equal, opportunityId);
            var team = query.AddLink(Team.EntityName, Opportunity.LeadTeamId, Team.Id, JoinOperator.LeftOuter);
            team.EntityAlias = "lead";
            // The administrator only while enabled: a disabled user (who left) would never see the task, so the lead team
            // then has nobody at level 1 and the request goes to level 2, as for a deal without a lead team.
            var administrator = team.AddLink(SystemUser.EntityName, Team.AdministratorId, SystemUser.Id, JoinOperator.LeftOuter);
            administrator.EntityAlias = "leadadmin";
            administrator.Columns = new ColumnSet(SystemUser.Id);
            administrator.LinkCriteria.AddCondition(SystemUser.IsDisabled, ConditionOperator.Equal, false);
            var rows = Paging.RetrieveAll(service, query);
            if (rows.Count == 0) return new Lead();
            return new Lead { Administrator = new Row(rows[0], "leadadmin").Id(SystemUser.Id), OpportunityName = rows[0].GetAttributeValue<string>(Opportunity.Name) };
        }
    }

    /// <summary>What evaluating one request did: whether it escalated now, its level and who it is escalated to afterwards.</summary>
    internal sealed class EscalationOutcome
    {
        public EscalationOutcome(bool escalated, int level, EntityReference? escalatedTo)
        {
            Escalated = escalated;
            Level = level;
            EscalatedTo = escalatedTo;
        }

        public bool Escalated { get; }
        public int Level { get; }
        public EntityReference? EscalatedTo { get; }
    }
}
