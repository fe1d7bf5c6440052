using Microsoft.Xrm.Sdk;

namespace Mci.Sdk.Tests;

/// <summary>Entity behaviour plug-in code relies on, as the real SDK has it.</summary>
[TestFixture]
public class EntityTests
{
    [Test]
    public void IndexerThrowsKeyNotFoundWithTheSandboxMessageForAMissingAttribute()
    {
        var entity = new Entity("mci_opportunitysplit");

        var thrown = Assert.Throws<KeyNotFoundException>(() => _ = entity["mci_percent"]);

        Assert.That(thrown!.Message, Is.EqualTo("The given key was not present in the dictionary."));
    }

    [Test]
    public void IndexerSetAddsThenReplaces()
    {
        var entity = new Entity("mci_opportunitysplit");
        entity["mci_percent"] = 40m;
        entity["mci_percent"] = 60m;

        Assert.That(entity["mci_percent"], Is.EqualTo(60m));
        Assert.That(entity.Attributes, Has.Count.EqualTo(1));
    }

    [Test]
    public void AttributeNamesAreCaseSensitive()
    {
        var entity = new Entity("account") { ["name"] = "Contoso" };

        Assert.That(entity.Contains("Name"), Is.False);
        Assert.Throws<KeyNotFoundException>(() => _ = entity["Name"]);
    }

    [Test]
    public void GetAttributeValueReturnsDefaultForMissingOrNullAttributes()
    {
        var entity = new Entity("opportunity") { ["estimatedvalue"] = null };

        Assert.Multiple(() =>
        {
            Assert.That(entity.GetAttributeValue<Money>("estimatedvalue"), Is.Null, "present but null");
            Assert.That(entity.GetAttributeValue<Money>("budgetamount"), Is.Null, "absent reference type");
            Assert.That(entity.GetAttributeValue<int>("mci_version"), Is.EqualTo(0), "absent value type");
            Assert.That(entity.GetAttributeValue<bool>("mci_dualcredit"), Is.False);
            Assert.That(entity.GetAttributeValue<DateTime>("estimatedclosedate"), Is.EqualTo(DateTime.MinValue));
            Assert.That(entity.GetAttributeValue<Guid>("mci_branchid"), Is.EqualTo(Guid.Empty));
            Assert.That(entity.GetAttributeValue<decimal?>("mci_percent"), Is.Null);
        });
    }

    [Test]
    public void GetAttributeValueReturnsThePresentValue()
    {
        var value = new Money(1250.50m);
        var entity = new Entity("opportunity") { ["estimatedvalue"] = value, ["mci_version"] = 3 };

        Assert.That(entity.GetAttributeValue<Money>("estimatedvalue"), Is.SameAs(value));
        Assert.That(entity.GetAttributeValue<int?>("mci_version"), Is.EqualTo(3));
    }

    [Test]
    public void GetAttributeValueOfTheWrongTypeThrowsInvalidCast()
    {
        var entity = new Entity("opportunity") { ["mci_salesmode"] = new OptionSetValue(613000000) };

        Assert.Throws<InvalidCastException>(() => entity.GetAttributeValue<int>("mci_salesmode"));
        Assert.Throws<InvalidCastException>(() => entity.GetAttributeValue<Money>("mci_salesmode"));
    }

    [Test]
    public void TryGetAttributeValueTellsPresenceAndType()
    {
        var entity = new Entity("opportunity") { ["name"] = "Deal", ["estimatedvalue"] = null };

        Assert.Multiple(() =>
        {
            Assert.That(entity.TryGetAttributeValue("name", out string name), Is.True);
            Assert.That(name, Is.EqualTo("Deal"));
            Assert.That(entity.TryGetAttributeValue("missing", out string missing), Is.False);
            Assert.That(missing, Is.Null);
            Assert.That(entity.TryGetAttributeValue("name", out int wrongType), Is.False);
            Assert.That(wrongType, Is.EqualTo(0));
        });
    }

    [Test]
    public void ContainsIsTrueForAnAttributeSetToNull()
    {
        var entity = new Entity("opportunity") { ["mci_leadteamid"] = null };

        Assert.That(entity.Contains("mci_leadteamid"), Is.True);
        Assert.That(entity.Contains("mci_branchid"), Is.False);
    }

    [Test]
    public void IdIsNotThePrimaryKeyAttribute()
    {
        var id = Guid.NewGuid();
        var entity = new Entity("mci_branch", id);

        Assert.That(entity.Id, Is.EqualTo(id));
        Assert.That(entity.Contains("mci_branchid"), Is.False, "setting Id does not write the primary key attribute");

        var other = Guid.NewGuid();
        entity["mci_branchid"] = other;
        Assert.That(entity.Id, Is.EqualTo(id), "writing the primary key attribute does not move Id");

        entity.Id = Guid.Empty;
        Assert.That(entity["mci_branchid"], Is.EqualTo(other));
    }

    [Test]
    public void ConstructorsSetNameIdAndKeys()
    {
        Assert.Multiple(() =>
        {
            var empty = new Entity();
            Assert.That(empty.LogicalName, Is.Null);
            Assert.That(empty.Id, Is.EqualTo(Guid.Empty));
            Assert.That(empty.Attributes, Is.Empty);
            Assert.That(empty.KeyAttributes, Is.Empty);
            Assert.That(empty.FormattedValues, Is.Empty);
            Assert.That(empty.RelatedEntities, Is.Empty);
            Assert.That(empty.EntityState, Is.Null);
            Assert.That(empty.RowVersion, Is.Null);

            var byKey = new Entity("account", "accountnumber", "A-1");
            Assert.That(byKey.KeyAttributes["accountnumber"], Is.EqualTo("A-1"));
            Assert.That(byKey.Contains("accountnumber"), Is.False, "alternate keys are not attributes");
        });
    }

    [Test]
    public void ToEntityReferenceCarriesNameIdKeysAndRowVersion()
    {
        var id = Guid.NewGuid();
        var entity = new Entity("mci_partner", id) { RowVersion = "42", ["mci_name"] = "Fabrikam" };
        entity.KeyAttributes["mci_code"] = "FAB";

        var reference = entity.ToEntityReference();

        Assert.Multiple(() =>
        {
            Assert.That(reference.LogicalName, Is.EqualTo("mci_partner"));
            Assert.That(reference.Id, Is.EqualTo(id));
            Assert.That(reference.RowVersion, Is.EqualTo("42"));
            Assert.That(reference.KeyAttributes["mci_code"], Is.EqualTo("FAB"));
            Assert.That(reference.Name, Is.Null, "the primary name is not copied");
        });
    }

    [Test]
    public void ToEntityOfEntityIsAShallowCopy()
    {
        var entity = new Entity("account", Guid.NewGuid()) { ["name"] = "Contoso" };

        var copy = entity.ToEntity<Entity>();
        copy["name"] = "Changed";

        Assert.That(copy, Is.Not.SameAs(entity));
        Assert.That(copy.Id, Is.EqualTo(entity.Id));
        Assert.That(entity["name"], Is.EqualTo("Changed"), "the attribute collection is shared");
    }

    [Test]
    public void ToEntityOfAnEarlyBoundTypeChecksTheLogicalName()
    {
        var account = new Entity("account", Guid.NewGuid()) { ["name"] = "Contoso" };

        var typed = account.ToEntity<AccountStub>();
        Assert.That(typed.Name, Is.EqualTo("Contoso"));
        Assert.Throws<NotSupportedException>(() => new Entity("contact").ToEntity<AccountStub>());
    }

    [Microsoft.Xrm.Sdk.Client.EntityLogicalName("account")]
    public sealed class AccountStub : Entity
    {
        public AccountStub() : base("account") { }
        public string Name => GetAttributeValue<string>("name");
    }
}
