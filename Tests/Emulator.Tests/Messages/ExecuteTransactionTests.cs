using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests.Messages;

/// <summary>ExecuteTransactionHandler: one transaction for every request; any failure undoes all of them.</summary>
public class ExecuteTransactionTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
    }

    private static CreateRequest Create(string name) => new() { Target = new Entity("test_parent") { ["test_name"] = name } };

    [Test]
    public void Requests_are_required_and_responses_come_only_when_asked()
    {
        Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("ExecuteTransaction"))).Message, Is.EqualTo("ExecuteTransaction: Requests is required."));
        var silent = (ExecuteTransactionResponse)_admin.Execute(new ExecuteTransactionRequest { Requests = new OrganizationRequestCollection { Create("a") } });
        Assert.Multiple(() =>
        {
            Assert.That(silent.Results.ContainsKey("Responses"), Is.False);
            Assert.That(_env.Count("test_parent"), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_message_the_emulator_does_not_implement_rolls_back_the_requests_before_it()
    {
        var before = _env.Snapshot();
        Assert.Throws<NotSupportedException>(() => _admin.Execute(new ExecuteTransactionRequest { Requests = new OrganizationRequestCollection { Create("a"), new OrganizationRequest("SetState") } }));
        Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty);
        _admin.Execute(new ExecuteTransactionRequest { Requests = new OrganizationRequestCollection { Create("b") } });
        Assert.That(_env.All("test_parent").Select(p => p["test_name"]), Is.EqualTo(new[] { "b" }), "no transaction was left open");
    }

    [Test]
    public void The_fault_names_the_failed_request_and_keeps_its_code()
    {
        var fault = Refusal.Leaving(_env, () => _admin.Execute(new ExecuteTransactionRequest { Requests = new OrganizationRequestCollection { Create("a"), Create("b"), Create(new string('x', 101)) } }));
        Assert.Multiple(() =>
        {
            Assert.That(fault, Is.InstanceOf<ExecuteTransactionFault>());
            Assert.That(((ExecuteTransactionFault)fault).FaultedRequestIndex, Is.EqualTo(2));
            Assert.That(fault.ErrorCode, Is.EqualTo(ErrorCodes.ValidationError));
        });
    }
}
