using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Tests.Messages;

/// <summary>RetrieveMultipleHandler: the three query types reach the query engine; the request needs a query of a known table.</summary>
public class RetrieveMultipleTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
        _admin.CreateParent("Alpha", more: e => e["test_count"] = 1);
        _admin.CreateParent("Beta", more: e => e["test_count"] = 2);
    }

    [Test]
    public void QueryExpression_QueryByAttribute_and_FetchXml_give_the_same_rows()
    {
        var expression = new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_name") };
        expression.Criteria.AddCondition("test_count", ConditionOperator.Equal, 2);
        var byAttribute = new QueryByAttribute("test_parent") { ColumnSet = new ColumnSet("test_name") };
        byAttribute.AddAttributeValue("test_count", 2);
        var fetch = new FetchExpression("<fetch><entity name='test_parent'><attribute name='test_name'/><filter><condition attribute='test_count' operator='eq' value='2'/></filter></entity></fetch>");
        var names = new[] { (QueryBase)expression, byAttribute, fetch }
            .Select(q => ((RetrieveMultipleResponse)_admin.Execute(new RetrieveMultipleRequest { Query = q })).EntityCollection.Entities.Single()["test_name"]);
        Assert.That(names, Is.All.EqualTo("Beta"));
    }

    [Test]
    public void A_missing_query_or_an_unknown_table_is_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("RetrieveMultiple"))).Message, Is.EqualTo("RetrieveMultiple: the Query is required."));
            Assert.That(Refusal.Of(() => _admin.RetrieveMultiple(new QueryExpression("test_nothing"))).ErrorCode, Is.EqualTo(ErrorCodes.UnknownEntity));
        });
    }

    [Test]
    public void The_recorder_names_the_querys_table()
    {
        _admin.RetrieveMultiple(new FetchExpression("<fetch><entity name='test_parent'><attribute name='test_name'/></entity></fetch>"));
        Assert.That(_env.Recorder.Calls.Last().Table, Is.EqualTo("test_parent"));
    }
}
