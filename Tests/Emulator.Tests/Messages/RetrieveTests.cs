using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Tests.Messages;

/// <summary>RetrieveHandler: Target and ColumnSet required, the record's existence and the user's Read access.</summary>
public class RetrieveTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
    }

    [Test]
    public void Target_and_ColumnSet_are_required()
    {
        var id = _admin.CreateParent("A");
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("Retrieve") { ["ColumnSet"] = new ColumnSet("test_name") })).Message, Is.EqualTo("Retrieve: the Target entity reference is required."));
            Assert.That(Refusal.Of(() => _admin.Execute(new OrganizationRequest("Retrieve") { ["Target"] = new EntityReference("test_parent", id) })).Message, Does.StartWith("Retrieve: the ColumnSet is required"));
        });
    }

    [Test]
    public void A_missing_record_an_unknown_table_and_an_unknown_column_are_refused_as_Dataverse_does()
    {
        var id = _admin.CreateParent("A");
        var missing = Guid.NewGuid();
        Assert.Multiple(() =>
        {
            Assert.That(Refusal.Of(() => _admin.Retrieve("test_parent", missing, new ColumnSet("test_name"))).ErrorCode, Is.EqualTo(ErrorCodes.ObjectDoesNotExist));
            Assert.That(Refusal.Of(() => _admin.Retrieve("test_nothing", id, new ColumnSet("test_name"))).ErrorCode, Is.EqualTo(ErrorCodes.UnknownEntity));
            Assert.That(Refusal.Of(() => _admin.Retrieve("test_parent", id, new ColumnSet("test_nothing"))).ErrorCode, Is.EqualTo(ErrorCodes.UnknownAttribute));
        });
    }

    [Test]
    public void The_response_is_a_copy_with_the_asked_columns()
    {
        var id = _admin.CreateParent("A", 5m);
        var response = (RetrieveResponse)_admin.Execute(new RetrieveRequest { Target = new EntityReference("test_parent", id), ColumnSet = new ColumnSet("test_amount") });
        Assert.That(response.Entity.Attributes.Keys, Is.EquivalentTo(new[] { "test_parentid", "test_amount" }));
        response.Entity.GetAttributeValue<Money>("test_amount").Value = 99m;
        Assert.That(_env.Peek("test_parent", id)!.GetAttributeValue<Money>("test_amount").Value, Is.EqualTo(5m));
    }

    [Test]
    public void A_record_the_users_depth_does_not_reach_is_refused_with_ReadAccess()
    {
        var owner = _env.CreateUser("Owner", roles: new[] { "Test Owner" });
        var id = _admin.CreateParent("admin's");
        var fault = Refusal.Of(() => _env.Service(owner).Retrieve("test_parent", id, new ColumnSet("test_name")));
        Assert.That(fault.Message, Is.EqualTo($"Principal with ID {owner:D} does not have ReadAccess right(s) for record with ID {id:D} of entity test_parent."));
    }
}
