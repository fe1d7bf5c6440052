using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests.Messages;

/// <summary>ExecuteMultipleHandler: limits, responses on request, each request on its own.</summary>
public class ExecuteMultipleTests
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
    public void More_than_1000_requests_or_a_nested_ExecuteMultiple_are_refused()
    {
        var many = new OrganizationRequestCollection();
        for (var i = 0; i < 1001; i++) many.Add(Create("n" + i));
        var nested = new OrganizationRequestCollection { new ExecuteMultipleRequest { Requests = new OrganizationRequestCollection(), Settings = new ExecuteMultipleSettings() } };
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Leaving(_env, () => _admin.Execute(new ExecuteMultipleRequest { Requests = many, Settings = new ExecuteMultipleSettings() })).Message, Does.Contain("(1001) in ExecuteMultiple exceeds the maximum of 1000"));
            Assert.That(Refusal.Of(() => _admin.Execute(new ExecuteMultipleRequest { Requests = nested, Settings = new ExecuteMultipleSettings() })).Message, Is.EqualTo("ExecuteMultiple cannot contain an ExecuteMultiple request."));
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("ExecuteMultiple"))).Message, Is.EqualTo("ExecuteMultiple: Requests is required."));
        });
    }

    [Test]
    public void Without_ReturnResponses_only_faults_come_back()
    {
        var requests = new OrganizationRequestCollection { Create("a"), Create(new string('x', 101)), Create("c") };
        var response = (ExecuteMultipleResponse)_admin.Execute(new ExecuteMultipleRequest { Requests = requests, Settings = new ExecuteMultipleSettings { ContinueOnError = true, ReturnResponses = false } });
        Assert.Multiple(() =>
        {
            Assert.That(response.Responses.Select(r => r.RequestIndex), Is.EqualTo(new[] { 1 }));
            Assert.That(_env.Count("test_parent"), Is.EqualTo(2), "each request on its own: the fault undoes no other");
        });
    }

    [Test]
    public void The_inner_requests_are_recorded_as_part_of_the_batch()
    {
        _admin.Execute(new ExecuteMultipleRequest { Requests = new OrganizationRequestCollection { Create("a"), Create("b") }, Settings = new ExecuteMultipleSettings() });
        var batch = _env.Recorder.Calls.Single(c => c.Message == "ExecuteMultiple");
        Assert.That(_env.Recorder.Calls.Where(c => c.Batch == batch.Sequence).Select(c => c.Message), Is.EqualTo(new[] { "Create", "Create" }));
    }
}
