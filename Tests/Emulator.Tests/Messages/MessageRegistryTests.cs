using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests.Messages;

/// <summary>The registry of message handlers (Emulator/Messages): what an environment answers, and what it says otherwise.</summary>
public class MessageRegistryTests
{
    [Test]
    public void Every_message_the_emulator_answers_has_one_handler()
    {
        // CustomApi: the fixture's custom APIs (Fixture/src/customapis), each answered by its unique name (CustomApiTests).
        var env = TestEnvironment.Create();
        Assert.That(env.Messages, Is.EqualTo(new[]
        {
            "Associate", "Create", "CreateMultiple", "CustomApi", "Delete", "Disassociate", "ExecuteMultiple", "ExecuteTransaction", "GrantAccess",
            "Lose", "ModifyAccess", "Retrieve", "RetrieveMultiple", "RetrievePrincipalAccess", "RetrieveSharedPrincipalsAndAccess", "RevokeAccess",
            "Update", "UpdateMultiple", "Upsert", "Win",
        }));
    }

    [Test]
    public void An_unknown_message_is_refused_naming_every_message_the_registry_holds()
    {
        var env = TestEnvironment.Create();
        var e = Assert.Throws<NotSupportedException>(() => env.AdminService.Execute(new OrganizationRequest("SetState")))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Does.StartWith("The emulator does not implement the message 'SetState'. Supported: "));
            foreach (var message in env.Messages) Assert.That(e.Message, Does.Contain(message));
            Assert.That(e.Message, Does.Contain("WinOpportunity (Win)").And.Contain("LoseOpportunity (Lose)"), "an alias names its message");
            Assert.That(e.Message, Does.Contain("test_CountParents (CustomApi)").And.Contain("test_Echo (CustomApi)"), "each custom API by its unique name");
        });
        var call = env.Recorder.Calls.Last();
        Assert.That((call.Message, call.Succeeded), Is.EqualTo(("SetState", false)), "the refused call is recorded under its own name");
    }

    [Test]
    public void The_recorder_names_a_request_by_its_pipeline_message_and_the_record_its_handler_describes()
    {
        var env = TestEnvironment.Create();
        var opportunity = env.AdminService.Create(new Entity("opportunity") { ["name"] = "Deal" });
        env.Win(opportunity);
        var win = env.Recorder.Calls.Single(c => c.Depth == 1 && c.Message == "Win");
        Assert.That((win.Table, win.Id), Is.EqualTo(("opportunity", (Guid?)opportunity)), "WinOpportunity is recorded as Win, on the opportunity its OpportunityClose names");
        var other = env.AdminService.Create(new Entity("opportunity") { ["name"] = "Other deal" });
        env.Lose(other);
        var lose = env.Recorder.Calls.Single(c => c.Depth == 1 && c.Message == "Lose");
        Assert.That((lose.Table, lose.Id), Is.EqualTo(("opportunity", (Guid?)other)), "LoseOpportunity is recorded as Lose, on the opportunity its OpportunityClose names");
    }
}
