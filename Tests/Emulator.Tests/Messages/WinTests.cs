using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests.Messages;

/// <summary>WinHandler: the WinOpportunity request's parameters and the opportunity's state.</summary>
public class WinTests
{
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

    private OrganizationRequest Win(string name = "WinOpportunity", int status = 3) => new(name)
    {
        ["OpportunityClose"] = new Entity("opportunityclose") { ["subject"] = "Won", ["opportunityid"] = new EntityReference("opportunity", _deal) },
        ["Status"] = new OptionSetValue(status),
    };

    [Test]
    public void OpportunityClose_and_Status_are_required_and_checked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("WinOpportunity") { ["Status"] = new OptionSetValue(3) })).Message, Is.EqualTo("Win: the OpportunityClose entity is required."));
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("WinOpportunity") { ["OpportunityClose"] = new Entity("task"), ["Status"] = new OptionSetValue(3) })).Message, Does.Contain("must be an opportunityclose entity, not 'task'"));
            var noStatus = Win();
            noStatus.Parameters.Remove("Status");
            Assert.That(Refusal.Of(() => _admin.Execute(noStatus)).Message, Is.EqualTo("Win: Status is required."));
            var lost = Refusal.Leaving(_env, () => _admin.Execute(Win(status: 4)));
            Assert.That(lost.ErrorCode, Is.EqualTo(ErrorCodes.InvalidState), "a Lost status is no Win");
        });
    }

    [Test]
    public void The_request_answers_to_WinOpportunity_and_Win_and_closes_the_deal_with_its_value()
    {
        var response = _admin.Execute(Win("Win"));
        var deal = _env.Peek("opportunity", _deal)!;
        Assert.Multiple(() =>
        {
            Assert.That(response.ResponseName, Is.EqualTo("WinOpportunity"));
            Assert.That(deal.GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(1));
            Assert.That(deal.GetAttributeValue<Money>("actualvalue").Value, Is.EqualTo(1200m), "the estimated value when the close gives no revenue");
            Assert.That(_env.All("opportunityclose").Single().GetAttributeValue<OptionSetValue>("statecode").Value, Is.EqualTo(1), "the close activity is completed");
        });
    }

    [Test]
    public void A_deal_that_is_not_open_cannot_be_won_again()
    {
        _admin.Execute(Win());
        var fault = Refusal.Leaving(_env, () => _admin.Execute(Win()));
        Assert.That(fault.Message, Is.EqualTo($"The opportunity {_deal:D} cannot be won because it is not open."));
    }

    [Test]
    public void Winning_needs_Write_access_to_the_deal()
    {
        var reader = _env.CreateUser("Reader", roles: new[] { "Test Reader" });
        var fault = Refusal.Leaving(_env, () => _env.Service(reader).Execute(Win()));
        Assert.That(fault.ErrorCode, Is.EqualTo(ErrorCodes.PrivilegeDenied));
    }
}
