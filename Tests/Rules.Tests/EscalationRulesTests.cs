namespace Mci.Rules.Tests;

public class EscalationRulesTests
{
    private static readonly DateTime Today = new(2025, 3, 10);
    private static readonly Guid LeadAdmin = Guid.NewGuid(), Executive = Guid.NewGuid();

    private static EscalationInput Request(ResourceStatus? status, int? daysToNeededBy, int? level = 0, int? leadDays = null)
        => new()
        {
            RequestName = "Architect for ERP", OpportunityName = "ERP rollout", Role = ResourceRole.SolutionArchitect, Status = status,
            NeededBy = daysToNeededBy is int d ? Today.AddDays(d) : null, Today = Today.AddHours(17), LeadDays = leadDays, CurrentLevel = level,
            LeadTeamAdministratorId = LeadAdmin, SalesExecutiveId = Executive,
        };

    private static EscalationDecision Decide(EscalationInput input) => RuleAssert.Ok(EscalationRules.Evaluate(input));

    private static void Escalates(EscalationInput input, int level, EscalationReason reason, Guid to)
    {
        var decision = Decide(input);
        Assert.Multiple(() =>
        {
            Assert.That(decision.Escalate, Is.True);
            Assert.That(decision.Level, Is.EqualTo(level));
            Assert.That(decision.Reason, Is.EqualTo(reason));
            Assert.That(decision.EscalateToId, Is.EqualTo(to));
            Assert.That(decision.NewStatus, Is.EqualTo(ResourceStatus.Escalated));
        });
    }

    private static void Stays(EscalationInput input)
    {
        var decision = Decide(input);
        Assert.That(decision.Escalate, Is.False);
        Assert.That(decision.EscalateToId, Is.Null);
        Assert.That(decision.TaskSubject, Is.Null);
        Assert.That(decision.Level, Is.EqualTo(input.CurrentLevel ?? 0));
    }

    [Test]
    public void ADeclinedRequestEscalatesToLevelOneAtOnce() => Escalates(Request(ResourceStatus.Declined, 30), 1, EscalationReason.Declined, LeadAdmin);

    [Test]
    public void ADeclinedRequestWithoutANeededByDateStillEscalates() => Escalates(Request(ResourceStatus.Declined, null), 1, EscalationReason.Declined, LeadAdmin);

    [TestCase(6, false)]
    [TestCase(5, true)]
    [TestCase(1, true)]
    public void ARequestStillOpenWithinTheLeadDaysEscalatesToLevelOne(int days, bool escalates)
    {
        if (escalates) Escalates(Request(ResourceStatus.Requested, days), 1, EscalationReason.DueSoon, LeadAdmin);
        else Stays(Request(ResourceStatus.Requested, days));
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void ARequestNotBookedByItsNeededByDateEscalatesToLevelTwo(int days)
    {
        Escalates(Request(ResourceStatus.Requested, days), 2, EscalationReason.Overdue, Executive);
        Escalates(Request(ResourceStatus.Declined, days), 2, EscalationReason.Overdue, Executive);
        Escalates(Request(ResourceStatus.Escalated, days, level: 1), 2, EscalationReason.Overdue, Executive);
    }

    [TestCase(ResourceStatus.Booked)]
    [TestCase(ResourceStatus.Fulfilled)]
    public void BookedOrFulfilledNeverEscalates(ResourceStatus status)
    {
        Stays(Request(status, -10));
        Stays(Request(status, 1));
    }

    [Test]
    public void EvaluatingAgainAtTheSameOrLowerLevelChangesNothing()
    {
        Stays(Request(ResourceStatus.Escalated, 3, level: 1));
        Stays(Request(ResourceStatus.Declined, 30, level: 1));
        Stays(Request(ResourceStatus.Escalated, -1, level: 2));
        Stays(Request(ResourceStatus.Declined, 30, level: 2));
    }

    [Test]
    public void AnEscalatedRequestIsNotStillRequested() => Stays(Request(ResourceStatus.Escalated, 3, level: 0));

    [Test]
    public void LeadDaysDefaultToFiveAndNegativeCountsAsZero()
    {
        Escalates(Request(ResourceStatus.Requested, 5, leadDays: null), 1, EscalationReason.DueSoon, LeadAdmin);
        Stays(Request(ResourceStatus.Requested, 3, leadDays: 2));
        Stays(Request(ResourceStatus.Requested, 1, leadDays: 0));
        Stays(Request(ResourceStatus.Requested, 1, leadDays: -4));
        Escalates(Request(ResourceStatus.Requested, 0, leadDays: -4), 2, EscalationReason.Overdue, Executive);
    }

    [Test]
    public void AnEmptyStatusCountsAsRequestedAndAnEmptyLevelAsZero()
        => Escalates(Request(null, 2, level: null), 1, EscalationReason.DueSoon, LeadAdmin);

    [Test]
    public void WithoutANeededByDateOnlyDeclinedEscalates() => Stays(Request(ResourceStatus.Requested, null));

    [Test]
    public void ADeclinedRequestOnADealWithoutALeadTeamEscalatesStraightToTheSalesExecutiveAtLevelTwo()
        => Escalates(Request(ResourceStatus.Declined, 30) with { LeadTeamAdministratorId = null }, 2, EscalationReason.Declined, Executive);

    [Test]
    public void ARequestDueSoonOnADealWithoutALeadTeamEscalatesStraightToLevelTwo()
        => Escalates(Request(ResourceStatus.Requested, 3) with { LeadTeamAdministratorId = null }, 2, EscalationReason.DueSoon, Executive);

    [Test]
    public void WithoutALeadTeamARequestAlreadyAtLevelTwoIsNotEscalatedAgain()
    {
        Stays(Request(ResourceStatus.Declined, 30, level: 2) with { LeadTeamAdministratorId = null });
        Stays(Request(ResourceStatus.Requested, -4, level: 2) with { LeadTeamAdministratorId = null });
    }

    [Test]
    public void WithoutALeadTeamTheTaskNamesLevelTwo()
        => Assert.That(Decide(Request(ResourceStatus.Declined, 30) with { LeadTeamAdministratorId = null }).TaskSubject, Does.StartWith("Escalation level 2: resource request"));

    [Test]
    public void NobodyToEscalateToIsRefused()
    {
        RuleAssert.Refused(EscalationRules.Evaluate(Request(ResourceStatus.Declined, 30) with { LeadTeamAdministratorId = null, SalesExecutiveId = null }),
            RefusalCode.EscalationNoSalesExecutive, "Architect for ERP", "ERP rollout", "mci_SalesExecutiveEmail");
        RuleAssert.Refused(EscalationRules.Evaluate(Request(ResourceStatus.Requested, -1) with { SalesExecutiveId = null }),
            RefusalCode.EscalationNoSalesExecutive, "Architect for ERP", "mci_SalesExecutiveEmail");
    }

    [Test]
    public void TheTaskSaysWhatHappenedInBothLanguages()
    {
        var declined = Decide(Request(ResourceStatus.Declined, 30));
        Assert.That(declined.TaskSubject, Is.EqualTo("Escalation level 1: resource request “Architect for ERP” · 升级（第 1 级）：资源申请“Architect for ERP”"));
        Assert.That(declined.TaskDescription, Is.EqualTo(
            "Resource request “Architect for ERP” (Solution Architect) for “ERP rollout” was declined; it is needed by 2025-04-09. Please find the resource or decide how to cover it."
            + "\n\n“ERP rollout”的资源申请“Architect for ERP”（解决方案架构师）已被拒绝，需求日期为 2025-04-09。请协调资源或决定替代方案。"));

        var dueSoon = Decide(Request(ResourceStatus.Requested, 4));
        Assert.That(dueSoon.TaskDescription, Does.Contain("needed by 2025-03-14, in 4 days").And.Contain("（还剩 4 天）"));

        var overdue = Decide(Request(ResourceStatus.Declined, -2));
        Assert.That(overdue.TaskSubject, Does.StartWith("Escalation level 2"));
        Assert.That(overdue.TaskDescription, Does.Contain("was needed by 2025-03-08 and is still Declined").And.Contain("目前仍为“已拒绝”"));
    }

    [Test]
    public void TheTaskSubjectFitsTheTaskColumn()
    {
        var decision = Decide(Request(ResourceStatus.Declined, 30) with { RequestName = new string('R', 5000) });
        Assert.That(decision.TaskSubject!.Length, Is.LessThanOrEqualTo(200));
    }

    [Test]
    public void EscalatedIsNeverSetByHand()
    {
        RuleAssert.Refused(EscalationRules.CheckStatusSet("Architect for ERP", "ERP rollout", ResourceStatus.Requested, ResourceStatus.Escalated),
            RefusalCode.EscalationStatusSetByHand, "Architect for ERP", "ERP rollout");
        RuleAssert.Refused(EscalationRules.CheckStatusSet("Architect for ERP", "ERP rollout", null, ResourceStatus.Escalated), RefusalCode.EscalationStatusSetByHand);
        Assert.That(EscalationRules.CheckStatusSet("A", "B", ResourceStatus.Escalated, ResourceStatus.Escalated).IsOk, Is.True, "saved as it is");
        Assert.That(EscalationRules.CheckStatusSet("A", "B", ResourceStatus.Escalated, ResourceStatus.Declined).IsOk, Is.True, "declined again");
        Assert.That(EscalationRules.CheckStatusSet("A", "B", ResourceStatus.Requested, ResourceStatus.Booked).IsOk, Is.True);
    }

    [Test]
    public void Only_the_sweep_roles_may_run_the_sweep_and_the_refusal_names_the_caller()
    {
        Assert.That(EscalationRules.CheckSweepCaller("Ada", holdsSweepRole: true).IsOk, Is.True);
        RuleAssert.Refused(EscalationRules.CheckSweepCaller("Emma Stone", holdsSweepRole: false), RefusalCode.EscalationSweepNotAllowed, "Emma Stone");
        RuleAssert.Refused(EscalationRules.CheckSweepCaller(null, holdsSweepRole: false), RefusalCode.EscalationSweepNotAllowed, "This user");
    }

    [TestCase(-400, true)]
    [TestCase(-1, true)]
    [TestCase(0, true)]
    [TestCase(1, true)]
    [TestCase(2, false)]
    [TestCase(3650, false)]
    public void The_sweep_runs_as_of_any_past_day_today_or_tomorrow(int daysAhead, bool allowed)
    {
        var result = EscalationRules.CheckSweepDate(Today.AddDays(daysAhead).AddHours(23), Today.AddHours(1));
        if (allowed) Assert.That(result.IsOk, Is.True);
        else RuleAssert.Refused(result, RefusalCode.EscalationSweepDateAhead, Today.AddDays(daysAhead).ToString("yyyy-MM-dd"), "2025-03-10");
    }
}
