using Mci.Emulator.Tests.Plugins;
using Mci.SolutionModel;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests.Messages;

/// <summary>LoseHandler: the LoseOpportunity request's parameters, the opportunity's state, and the close activity as a child
/// Create pipeline of the Lose, all in one transaction (docs/emulator-bulk-and-win.md).</summary>
public class LoseTests
{
    /// <summary>An id for Lose, as an environment's sdkmessages would give it (Lose's id is not published).</summary>
    private static readonly Guid LoseId = new("5a0c1f52-7e43-5d1b-8c2a-4f6e9b3d7a10");

    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;
    private Guid _deal;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
        _deal = _admin.Create(new Entity("opportunity") { ["name"] = "Deal", ["estimatedvalue"] = new Money(1200m) });
    }

    private OrganizationRequest Lose(string name = "LoseOpportunity", int status = 4, Guid? deal = null) => new(name)
    {
        ["OpportunityClose"] = new Entity("opportunityclose") { ["subject"] = "Lost", ["opportunityid"] = new EntityReference("opportunity", deal ?? _deal) },
        ["Status"] = new OptionSetValue(status),
    };

    private int State(Guid id) => _env.Peek("opportunity", id)!.GetAttributeValue<OptionSetValue>("statecode").Value;

    [Test]
    public void OpportunityClose_and_Status_are_required_and_checked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Leaving(_env, () => _admin.Execute(new OrganizationRequest("LoseOpportunity") { ["Status"] = new OptionSetValue(4) })).Message,
                Is.EqualTo("Lose: the OpportunityClose entity is required."));
            Assert.That(Refusal.Leaving(_env, () => _admin.Execute(new OrganizationRequest("LoseOpportunity") { ["OpportunityClose"] = new Entity("task"), ["Status"] = new OptionSetValue(4) })).Message,
                Does.Contain("must be an opportunityclose entity, not 'task'"));
            Assert.That(Refusal.Leaving(_env, () => _admin.Execute(new OrganizationRequest("LoseOpportunity") { ["OpportunityClose"] = new Entity("opportunityclose"), ["Status"] = new OptionSetValue(4) })).Message,
                Is.EqualTo("Lose: OpportunityClose.opportunityid is required."));
            var noStatus = Lose();
            noStatus.Parameters.Remove("Status");
            Assert.That(Refusal.Leaving(_env, () => _admin.Execute(noStatus)).Message, Is.EqualTo("Lose: Status is required."));
            var text = Lose();
            text["Status"] = "Canceled";
            Assert.That(Refusal.Leaving(_env, () => _admin.Execute(text)).Message, Is.EqualTo("Lose: Status must be an OptionSetValue."));
            var nowhere = Guid.NewGuid();
            Assert.That(Refusal.Leaving(_env, () => _admin.Execute(Lose(deal: nowhere))).ErrorCode, Is.EqualTo(ErrorCodes.ObjectDoesNotExist));
        });
    }

    [TestCase(3, TestName = "Won (3) is no Lost status reason")]
    [TestCase(1, TestName = "In Progress (1) is no Lost status reason")]
    [TestCase(2, TestName = "On Hold (2) is no Lost status reason")]
    [TestCase(99, TestName = "An unknown status reason is refused")]
    public void Status_must_be_a_Lost_status_reason_of_opportunity(int status)
    {
        var fault = Refusal.Leaving(_env, () => _admin.Execute(Lose(status: status)));
        Assert.Multiple(() =>
        {
            Assert.That(fault.ErrorCode, Is.EqualTo(ErrorCodes.InvalidState));
            Assert.That(fault.Message, Is.EqualTo($"{status} is not a valid status code for state code OpportunityState.Lost on opportunity with Id {_deal:D}."));
        });
    }

    [TestCase(4, TestName = "Canceled (4) closes the deal as Lost")]
    [TestCase(5, TestName = "Out-Sold (5) closes the deal as Lost")]
    public void A_Lost_status_reason_closes_the_deal_as_Lost(int status)
    {
        var response = _admin.Execute(Lose(status: status));
        var deal = _env.Peek("opportunity", _deal)!;
        var close = _env.All("opportunityclose").Single();
        Assert.Multiple(() =>
        {
            Assert.That(response, Is.TypeOf<LoseOpportunityResponse>());
            Assert.That(response.ResponseName, Is.EqualTo("LoseOpportunity"));
            Assert.That(deal.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(2));
            Assert.That(deal.GetAttributeValue<OptionSetValue>("statuscode").Value, Is.EqualTo(status));
            Assert.That(deal["actualclosedate"], Is.EqualTo(_env.Clock.Today));
            Assert.That(deal.Contains("actualvalue"), Is.False, "a lost deal does not take its estimated value as revenue");
            Assert.That(close.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(1), "the close activity is completed");
            Assert.That(close.GetAttributeValue<EntityReference>("opportunityid").Id, Is.EqualTo(_deal));
        });
    }

    [Test]
    public void The_request_answers_to_Lose_and_to_the_typed_request_and_keeps_a_revenue_the_close_gives()
    {
        _admin.Execute(Lose("Lose", status: 5));
        var other = _admin.Create(new Entity("opportunity") { ["name"] = "Other" });
        _admin.Execute(new LoseOpportunityRequest
        {
            OpportunityClose = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", other), ["actualrevenue"] = new Money(10m) },
            Status = new OptionSetValue(4),
        });
        Assert.Multiple(() =>
        {
            Assert.That(State(_deal), Is.EqualTo(2));
            Assert.That(State(other), Is.EqualTo(2));
            Assert.That(_env.Peek("opportunity", other)!.GetAttributeValue<Money>("actualvalue").Value, Is.EqualTo(10m));
        });
    }

    [Test]
    public void A_deal_that_is_not_open_cannot_be_lost_or_won()
    {
        _admin.Execute(Lose());
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Leaving(_env, () => _admin.Execute(Lose(status: 5))).Message, Is.EqualTo($"The opportunity {_deal:D} cannot be lost because it is not open."));
            Assert.That(Refusal.Leaving(_env, () => _env.Win(_deal)).Message, Is.EqualTo($"The opportunity {_deal:D} cannot be won because it is not open."));
        });
        var won = _admin.Create(new Entity("opportunity") { ["name"] = "Won deal" });
        _env.Win(won);
        Assert.That(Refusal.Leaving(_env, () => _admin.Execute(Lose(deal: won))).Message, Is.EqualTo($"The opportunity {won:D} cannot be lost because it is not open."));
    }

    [Test]
    public void Losing_needs_Write_access_to_the_deal()
    {
        var reader = _env.CreateUser("Reader", roles: new[] { "Test Reader" });
        var fault = Refusal.Leaving(_env, () => _env.Service(reader).Execute(Lose()));
        Assert.That(fault.ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
    }

    [Test]
    public void Lose_creates_the_opportunityclose_through_a_child_Create_pipeline_whose_parent_is_the_Lose()
    {
        var env = TestEnvironment.Create(o =>
        {
            o.SdkMessages[LoseId] = "Lose";
            o.StepsRegisteredByHand.Add(new StepDefinition(Guid.NewGuid(), "Probe: Lose of opportunity (by hand)")
            {
                MessageId = LoseId,
                PrimaryEntity = "opportunity",
                DeclaredStage = 40,
                DeclaredMode = 0,
                PluginTypeQualifiedName = "Mci.Emulator.Tests.Plugins.ContextProbe, MciDataverse.Emulator.Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null",
            });
        });
        var opportunity = env.AdminService.Create(new Entity("opportunity") { ["name"] = "Lost deal" });
        Probe.Records.Clear();
        env.Lose(opportunity, status: 5);
        var lose = Probe.At("Lose", "opportunity", 40);
        var close = Probe.At("Create", "opportunityclose", 20);
        var update = Probe.At("Update", "opportunity", 40);
        Assert.Multiple(() =>
        {
            Assert.That(lose.InputKeys, Is.EquivalentTo(new[] { "OpportunityClose", "Status" }));
            Assert.That(close.Depth, Is.EqualTo(lose.Depth + 1), "a child pipeline: depth + 1");
            Assert.That(close.Ancestors, Does.StartWith($"Create@{lose.Depth + 1}<Lose@{lose.Depth}"), "its parent is the Lose's context");
            Assert.That(close.InTransaction, Is.True, "inside the Lose's transaction");
            Assert.That(close.Target!.GetAttributeValue<EntityReference>("opportunityid").Id, Is.EqualTo(opportunity));
            Assert.That(update.Depth, Is.EqualTo(lose.Depth), "the status update is the Lose's own operation, at its depth");
            Assert.That(update.Target!.GetAttributeValue<OptionSetValue>("statuscode").Value, Is.EqualTo(5), "closing runs the opportunity's Update steps");
            Assert.That(Probe.For("Win", "opportunity"), Is.Empty, "a Lose runs no Win step");
        });
    }

    [Test]
    public void A_refusal_in_the_close_activitys_pipeline_cancels_the_loss_with_nothing_saved()
    {
        var opportunity = _admin.Create(new Entity("opportunity") { ["name"] = "please deny-close" });
        var fault = Refusal.Leaving(_env, () => _env.Lose(opportunity));
        Assert.Multiple(() =>
        {
            Assert.That(fault.Message, Is.EqualTo("The close of 'please deny-close' is refused."));
            Assert.That(State(opportunity), Is.EqualTo(0), "still open");
            Assert.That(_env.All("opportunityclose"), Is.Empty, "no close activity");
        });
    }

    [Test]
    public void The_switch_about_Wins_close_activity_does_not_change_a_Lose()
    {
        var env = TestEnvironment.Create(o => o.WinRunsCloseActivityCreateSteps = false);
        var opportunity = env.AdminService.Create(new Entity("opportunity") { ["name"] = "Lost deal" });
        Probe.Records.Clear();
        env.Lose(opportunity);
        Assert.That(Probe.For("Create", "opportunityclose"), Has.Count.EqualTo(1), "the close activity's Create steps run");
    }
}
