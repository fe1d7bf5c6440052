using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Sdk.Tests;

/// <summary>
/// Typed requests and responses are views over the generic Parameters/Results bags, under the real message and
/// parameter names: that is what the pipeline (Dataverse, the emulator) and plug-ins' InputParameters see.
/// </summary>
[TestFixture]
public class MessageTests
{
    [Test]
    public void RequestsWriteTheirParametersUnderTheRealNames()
    {
        var target = new Entity("opportunity");
        var reference = new EntityReference("opportunity", Guid.NewGuid());
        var columns = new ColumnSet("name");
        var query = new QueryExpression("team");
        var targets = new EntityCollection();
        var requests = new OrganizationRequestCollection();
        var settings = new ExecuteMultipleSettings { ContinueOnError = true, ReturnResponses = true };
        var relationship = new Relationship("teammembership_association");
        var related = new EntityReferenceCollection();

        var cases = new (OrganizationRequest Request, string Name, (string Key, object Value)[] Parameters)[]
        {
            (new CreateRequest { Target = target }, "Create", [("Target", target)]),
            (new RetrieveRequest { Target = reference, ColumnSet = columns }, "Retrieve", [("Target", reference), ("ColumnSet", columns)]),
            (new UpdateRequest { Target = target, ConcurrencyBehavior = ConcurrencyBehavior.IfRowVersionMatches }, "Update", [("Target", target), ("ConcurrencyBehavior", ConcurrencyBehavior.IfRowVersionMatches)]),
            (new DeleteRequest { Target = reference }, "Delete", [("Target", reference)]),
            (new RetrieveMultipleRequest { Query = query }, "RetrieveMultiple", [("Query", query)]),
            (new CreateMultipleRequest { Targets = targets }, "CreateMultiple", [("Targets", targets)]),
            (new UpdateMultipleRequest { Targets = targets }, "UpdateMultiple", [("Targets", targets)]),
            (new UpsertRequest { Target = target }, "Upsert", [("Target", target)]),
            (new ExecuteMultipleRequest { Requests = requests, Settings = settings }, "ExecuteMultiple", [("Requests", requests), ("Settings", settings)]),
            (new ExecuteTransactionRequest { Requests = requests, ReturnResponses = true }, "ExecuteTransaction", [("Requests", requests), ("ReturnResponses", true)]),
            (new AssociateRequest { Target = reference, Relationship = relationship, RelatedEntities = related }, "Associate", [("Target", reference), ("Relationship", relationship), ("RelatedEntities", related)]),
            (new DisassociateRequest { Target = reference, Relationship = relationship, RelatedEntities = related }, "Disassociate", [("Target", reference), ("Relationship", relationship), ("RelatedEntities", related)]),
        };

        Assert.Multiple(() =>
        {
            foreach (var (request, name, parameters) in cases)
            {
                Assert.That(request.RequestName, Is.EqualTo(name));
                Assert.That(request.Parameters.Keys, Is.EquivalentTo(parameters.Select(p => p.Key)), name);
                foreach (var (key, value) in parameters) Assert.That(request[key], Is.EqualTo(value), $"{name}.{key}");
            }
        });
    }

    [Test]
    public void RequiredParametersArePresentAsNullOnANewRequest()
    {
        Assert.That(new CreateRequest().Parameters.Contains("Target"), Is.True);
        Assert.That(new CreateRequest().Target, Is.Null);
        Assert.That(new RetrieveRequest().Parameters.Keys, Is.EquivalentTo(new[] { "Target", "ColumnSet" }));
        Assert.That(new UpdateRequest().Parameters.Keys, Is.EquivalentTo(new[] { "Target" }), "optional parameters appear only when set");
        Assert.That(new UpdateRequest().ConcurrencyBehavior, Is.EqualTo(ConcurrencyBehavior.Default));
    }

    [Test]
    public void TypedPropertiesReadBackWhatTheGenericBagHolds()
    {
        var target = new Entity("opportunity");
        var request = new CreateRequest();
        request.Parameters["Target"] = target;
        Assert.That(request.Target, Is.SameAs(target));

        var win = new OrganizationRequest("Win") { ["OpportunityClose"] = new Entity("opportunityclose"), ["Status"] = new OptionSetValue(3) };
        Assert.That(win.Parameters.Keys, Is.EquivalentTo(new[] { "OpportunityClose", "Status" }));
        Assert.Throws<KeyNotFoundException>(() => _ = win["Target"]);
    }

    [Test]
    public void ResponsesReadTheirResultsUnderTheRealNames()
    {
        var id = Guid.NewGuid();
        var entity = new Entity("team");
        var collection = new EntityCollection();
        var reference = new EntityReference("team", id);
        var items = new ExecuteMultipleResponseItemCollection { new() { RequestIndex = 0, Fault = new OrganizationServiceFault() } };
        var responses = new OrganizationResponseCollection { new CreateResponse() };

        Assert.Multiple(() =>
        {
            Assert.That(With(new CreateResponse(), ("id", id)).id, Is.EqualTo(id));
            Assert.That(With(new RetrieveResponse(), ("Entity", entity)).Entity, Is.SameAs(entity));
            Assert.That(With(new RetrieveMultipleResponse(), ("EntityCollection", collection)).EntityCollection, Is.SameAs(collection));
            Assert.That(With(new CreateMultipleResponse(), ("Ids", new[] { id })).Ids, Is.EqualTo(new[] { id }));
            var upsert = With(new UpsertResponse(), ("RecordCreated", true), ("Target", reference));
            Assert.That((upsert.RecordCreated, upsert.Target), Is.EqualTo((true, reference)));
            var multiple = With(new ExecuteMultipleResponse(), ("IsFaulted", true), ("Responses", items));
            Assert.That((multiple.IsFaulted, multiple.Responses), Is.EqualTo((true, items)));
            Assert.That(With(new ExecuteTransactionResponse(), ("Responses", responses)).Responses, Is.SameAs(responses));
        });
    }

    [Test]
    public void EmptyResponsesReadDefaults()
    {
        Assert.That(new CreateResponse().id, Is.EqualTo(Guid.Empty));
        Assert.That(new RetrieveResponse().Entity, Is.Null);
        Assert.That(new UpsertResponse().RecordCreated, Is.False);
        Assert.Throws<KeyNotFoundException>(() => _ = new CreateResponse()["id"]);
    }

    private static T With<T>(T response, params (string Key, object Value)[] results) where T : OrganizationResponse
    {
        foreach (var (key, value) in results) response.Results[key] = value;
        return response;
    }
}
