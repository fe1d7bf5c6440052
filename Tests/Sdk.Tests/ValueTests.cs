using Microsoft.Xrm.Sdk;

namespace Mci.Sdk.Tests;

/// <summary>Equality of the SDK's value types, which plug-ins use to detect changes (pre-image vs target).</summary>
[TestFixture]
public class ValueTests
{
    [Test]
    public void MoneyEqualsByValue()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new Money(10.5m), Is.EqualTo(new Money(10.50m)));
            Assert.That(new Money(10.5m).GetHashCode(), Is.EqualTo(new Money(10.50m).GetHashCode()));
            Assert.That(new Money(10.5m), Is.Not.EqualTo(new Money(10.51m)));
            Assert.That(new Money(1m).Equals(null), Is.False);
            Assert.That(new Money(1m).Equals(new OptionSetValue(1)), Is.False);
            Assert.That(new Money().Value, Is.EqualTo(0m));
        });
    }

    [Test]
    public void OptionSetValueEqualsByValue()
    {
        Assert.Multiple(() =>
        {
            OptionSetValue one = new(613000001), same = new(613000001);
            Assert.That(one, Is.EqualTo(same));
            Assert.That(one.GetHashCode(), Is.EqualTo(same.GetHashCode()));
            Assert.That(new OptionSetValue(613000001), Is.Not.EqualTo(new OptionSetValue(613000002)));
            Assert.That(new OptionSetValue(1).Equals(1), Is.False, "not equal to a bare int");
        });
    }

    [Test]
    public void EntityReferenceEqualsByIdAndLogicalNameOnly()
    {
        var id = Guid.NewGuid();
        var a = new EntityReference("team", id) { Name = "Sales East" };
        var b = new EntityReference("team", id) { Name = "renamed", RowVersion = "7" };

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
            Assert.That(a, Is.Not.EqualTo(new EntityReference("systemuser", id)));
            Assert.That(a, Is.Not.EqualTo(new EntityReference("Team", id)), "logical names compare case-sensitively");
            Assert.That(a, Is.Not.EqualTo(new EntityReference("team", Guid.NewGuid())));
            Assert.That(a.Equals(null), Is.False);
            Assert.That(new HashSet<EntityReference> { a!, b! }, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void RelationshipEqualsBySchemaNameAndRole()
    {
        Relationship relationship = new("a_b"), same = new("a_b");
        Assert.That(relationship, Is.EqualTo(same));
        Assert.That(new Relationship("a_b") { PrimaryEntityRole = EntityRole.Referencing }, Is.Not.EqualTo(new Relationship("a_b")));
        Assert.That(new Relationship("a_b").ToString(), Is.EqualTo("a_b"));
    }

    [Test]
    public void AliasedValueKeepsItsParts()
    {
        var value = new AliasedValue("team", "name", "Sales East");

        Assert.That((value.EntityLogicalName, value.AttributeLogicalName, value.Value), Is.EqualTo(("team", "name", (object)"Sales East")));
    }
}
