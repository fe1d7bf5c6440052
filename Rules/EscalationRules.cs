using System;

namespace Mci.Rules
{
    /// <summary>A resource request being evaluated (on its change and by the scheduled evaluation).</summary>
    public sealed record EscalationInput
    {
        /// <summary>The request's name.</summary>
        public string? RequestName { get; init; }
        /// <summary>The opportunity's name.</summary>
        public string? OpportunityName { get; init; }
        /// <summary>mci_role.</summary>
        public ResourceRole? Role { get; init; }
        /// <summary>mci_status; empty counts as Requested (the column's default).</summary>
        public ResourceStatus? Status { get; init; }
        /// <summary>mci_neededby (date); without it only a Declined request escalates.</summary>
        public DateTime? NeededBy { get; init; }
        /// <summary>Today's date in the organisation's reckoning; pass it in, the rules never read the clock.</summary>
        public DateTime Today { get; init; }
        /// <summary>Environment variable mci_EscalationLeadDays; empty means 5, negative counts as 0.</summary>
        public int? LeadDays { get; init; }
        /// <summary>mci_escalationlevel; empty counts as 0.</summary>
        public int? CurrentLevel { get; init; }
        /// <summary>The administrator of the opportunity's lead team (level 1); null when the deal has no lead team, its
        /// administrator's user is disabled, or the request has no deal: level 1 then becomes level 2.</summary>
        public Guid? LeadTeamAdministratorId { get; init; }
        /// <summary>The user whose email is mci_SalesExecutiveEmail (level 2), if any.</summary>
        public Guid? SalesExecutiveId { get; init; }
    }

    /// <summary>Why a request escalates.</summary>
    public enum EscalationReason
    {
        /// <summary>Declined: level 1 at once.</summary>
        Declined,
        /// <summary>Still Requested within the lead days before needed-by: level 1.</summary>
        DueSoon,
        /// <summary>Not Booked or Fulfilled on or after needed-by: level 2.</summary>
        Overdue,
    }

    /// <summary>The escalation decision.</summary>
    public sealed record EscalationDecision
    {
        /// <summary>False: change nothing and create no task.</summary>
        public bool Escalate { get; init; }
        /// <summary>The level to write (mci_escalationlevel) when escalating.</summary>
        public int Level { get; init; }
        /// <summary>Why.</summary>
        public EscalationReason? Reason { get; init; }
        /// <summary>mci_escalatedtoid and the owner of the one task.</summary>
        public Guid? EscalateToId { get; init; }
        /// <summary>Status to write: Escalated.</summary>
        public ResourceStatus? NewStatus { get; init; }
        /// <summary>The task's subject (English · Chinese, at most 200 characters).</summary>
        public string? TaskSubject { get; init; }
        /// <summary>The task's description: English paragraph, blank line, Chinese paragraph.</summary>
        public string? TaskDescription { get; init; }
    }

    /// <summary>
    /// Escalation: Declined → level 1 at once; still Requested within lead days of needed-by → level 1; not Booked or
    /// Fulfilled on or after needed-by → level 2 (the highest level that applies wins). Level 1 goes to the lead team's
    /// administrator; a deal without a lead team escalates straight to level 2, the sales executive.
    /// A level at or below the current one changes nothing, so evaluating again creates no second task.
    /// </summary>
    public static class EscalationRules
    {
        /// <summary>Lead days when the environment variable is empty.</summary>
        public const int DefaultLeadDays = 5;

        /// <summary>Plug-in on a user's create or update of mci_resourcerequest: Escalated is the escalation's to set (with its
        /// level, escalated-to and task), never a user's; a request already Escalated may be saved as it is.</summary>
        public static RuleResult CheckStatusSet(string? requestName, string? opportunityName, ResourceStatus? before, ResourceStatus? after)
            => after == ResourceStatus.Escalated && before != ResourceStatus.Escalated
                ? RuleResult.Refuse(RefusalCode.EscalationStatusSetByHand, requestName, opportunityName)
                : RuleResult.Ok;

        /// <summary>
        /// The escalation sweep (custom API mci_EscalateDueRequests) escalates every due request of every deal: only a
        /// caller holding MCI Administrator or System Administrator may run it (<paramref name="holdsSweepRole"/>).
        /// </summary>
        public static RuleResult CheckSweepCaller(string? callerName, bool holdsSweepRole)
            => holdsSweepRole ? RuleResult.Ok : RuleResult.Refuse(RefusalCode.EscalationSweepNotAllowed, string.IsNullOrWhiteSpace(callerName) ? "This user" : callerName);

        /// <summary>True when <see cref="Evaluate"/> reads the lead days for such a request (still Requested, due later than
        /// today): only then need they be looked up.</summary>
        public static bool NeedsLeadDays(ResourceStatus? status, DateTime? neededBy, DateTime today)
            => (status ?? ResourceStatus.Requested) == ResourceStatus.Requested && neededBy.HasValue && neededBy.Value.Date > today.Date;

        /// <summary>Plug-in on update of mci_resourcerequest status, and the scheduled/on-demand evaluation.</summary>
        public static RuleResult<EscalationDecision> Evaluate(EscalationInput input)
        {
            var none = RuleResult<EscalationDecision>.Success(new EscalationDecision { Escalate = false, Level = input.CurrentLevel ?? 0 });
            var status = input.Status ?? ResourceStatus.Requested;
            if (status == ResourceStatus.Booked || status == ResourceStatus.Fulfilled) return none;

            var today = input.Today.Date;
            var neededBy = input.NeededBy?.Date;
            var leadDays = Math.Max(0, input.LeadDays ?? DefaultLeadDays);
            EscalationReason? reason = null;
            var level = 0;
            int? daysLeft = neededBy.HasValue ? (int)(neededBy.Value - today).TotalDays : (int?)null;
            if (daysLeft <= 0) { reason = EscalationReason.Overdue; level = 2; }
            else if (status == ResourceStatus.Declined) { reason = EscalationReason.Declined; level = 1; }
            else if (status == ResourceStatus.Requested && daysLeft <= leadDays) { reason = EscalationReason.DueSoon; level = 1; }
            if (reason == null) return none;
            // Level 1 is the lead team's; a deal without a lead team (or a request without a deal) has nobody there,
            // so the request goes straight to level 2, the sales executive (SPEC, Clarifications, "No lead team").
            if (level == 1 && input.LeadTeamAdministratorId == null) level = 2;
            if (level <= (input.CurrentLevel ?? 0)) return none;

            var to = level == 1 ? input.LeadTeamAdministratorId : input.SalesExecutiveId;
            if (to == null)
                return RuleResult<EscalationDecision>.Refuse(RefusalCode.EscalationNoSalesExecutive, input.RequestName, input.OpportunityName, level);

            var args = new object?[] { input.RequestName, Texts.OrEmpty(input.Role), input.OpportunityName, Texts.OrEmpty(neededBy), reason == EscalationReason.DueSoon ? daysLeft : (object?)status };
            var body = reason == EscalationReason.Declined ? Messages.TaskDeclined : reason == EscalationReason.DueSoon ? Messages.TaskDueSoon : Messages.TaskOverdue;
            var subject = Texts.Both(Messages.TaskSubject, level, input.RequestName);
            return RuleResult<EscalationDecision>.Success(new EscalationDecision
            {
                Escalate = true,
                Level = level,
                Reason = reason,
                EscalateToId = to,
                NewStatus = ResourceStatus.Escalated,
                TaskSubject = Texts.Clean(subject, 200),
                TaskDescription = Texts.Format(body, UiLanguage.English, args) + "\n\n" + Texts.Format(body, UiLanguage.SimplifiedChinese, args),
            });
        }
    }
}
