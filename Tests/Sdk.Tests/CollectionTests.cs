using Microsoft.Xrm.Sdk;

namespace Mci.Sdk.Tests;

/// <summary>DataCollection semantics (attributes, parameters, images, keys...).</summary>
[TestFixture]
public class CollectionTests
{
    [Test]
    public void AddThrowsOnADuplicateKeyWhileTheIndexerReplaces()
    {
        var parameters = new ParameterCollection { { "Target", 1 } };

        Assert.Throws<ArgumentException>(() => parameters.Add("Target", 2));
        Assert.Throws<ArgumentException>(() => parameters.Add(new KeyValuePair<string, object>("Target", 3)));
        parameters["Target"] = 4;
        Assert.That(parameters["Target"], Is.EqualTo(4));
        Assert.That(parameters.Count, Is.EqualTo(1));
    }

    [Test]
    public void LookupMembersAgree()
    {
        var images = new EntityImageCollection();
        var pre = new Entity("opportunity");
        images["PreImage"] = pre;

        Assert.Multiple(() =>
        {
            Assert.That(images.Contains("PreImage"), Is.True);
            Assert.That(images.ContainsKey("PreImage"), Is.True);
            Assert.That(images.Contains(new KeyValuePair<string, Entity>("PreImage", pre)), Is.True);
            Assert.That(images.Contains(new KeyValuePair<string, Entity>("PreImage", new Entity("opportunity"))), Is.False);
            Assert.That(images.TryGetValue("PreImage", out var found), Is.True);
            Assert.That(found, Is.SameAs(pre));
            Assert.That(images.TryGetValue("PostImage", out var missing), Is.False);
            Assert.That(missing, Is.Null);
            Assert.That(images.Keys, Is.EqualTo(new[] { "PreImage" }));
            Assert.That(images.Values, Is.EqualTo(new[] { pre }));
            Assert.That(images.IsReadOnly, Is.False);
        });
    }

    [Test]
    public void RemoveAndClear()
    {
        var attributes = new AttributeCollection { { "a", 1 }, { "b", 2 }, { "c", 3 } };

        Assert.That(attributes.Remove("a"), Is.True);
        Assert.That(attributes.Remove("a"), Is.False);
        Assert.That(attributes.Remove(new KeyValuePair<string, object>("b", 99)), Is.False, "pair removal compares the value too");
        Assert.That(attributes.Remove(new KeyValuePair<string, object>("b", 2)), Is.True);
        Assert.That(attributes.Keys, Is.EqualTo(new[] { "c" }));
        attributes.Clear();
        Assert.That(attributes.Count, Is.EqualTo(0));
    }

    [Test]
    public void ConstructedFromADictionaryIsACopy()
    {
        var source = new Dictionary<string, object> { ["name"] = "x" };
        var attributes = new AttributeCollection(source);
        source["other"] = 1;

        Assert.That(attributes.Count, Is.EqualTo(1));
    }

    [Test]
    public void AddRangeAndCopyToAndEnumeration()
    {
        var attributes = new AttributeCollection();
        attributes.AddRange(new KeyValuePair<string, object>("a", 1), new KeyValuePair<string, object>("b", 2));
        attributes.AddRange((IEnumerable<KeyValuePair<string, object>>)null!);
        var array = new KeyValuePair<string, object>[3];
        attributes.CopyTo(array, 1);

        Assert.That(array[1].Key, Is.EqualTo("a"));
        Assert.That(attributes.Select(p => p.Key), Is.EquivalentTo(new[] { "a", "b" }));
        Assert.Throws<ArgumentException>(() => attributes.AddRange(new KeyValuePair<string, object>("a", 3)));
    }

    [Test]
    public void ParameterCollectionTypedHelpers()
    {
        var parameters = new ParameterCollection { { "Target", new Entity("opportunity") }, { "Status", null! } };
        parameters.AddOrUpdateIfNotNull("Status", null);
        parameters.AddOrUpdateIfNotNull("Extra", null);
        parameters.AddOrUpdateIfNotNull("Count", 5);

        Assert.Multiple(() =>
        {
            Assert.That(parameters.TryGetValue("Target", out Entity target), Is.True);
            Assert.That(target.LogicalName, Is.EqualTo("opportunity"));
            Assert.That(parameters.TryGetValue("Target", out EntityReference wrong), Is.False);
            Assert.That(wrong, Is.Null);
            Assert.That(parameters.Contains("Extra"), Is.False, "a null value is not added");
            Assert.That(parameters["Count"], Is.EqualTo(5));
            Assert.That(parameters["Status"], Is.Null);
        });
    }

    [Test]
    public void ListCollectionsAddRangeAndToArray()
    {
        var references = new EntityReferenceCollection(new List<EntityReference> { new("team", Guid.NewGuid()) });
        references.AddRange(new EntityReference("team", Guid.NewGuid()), new EntityReference("team", Guid.NewGuid()));
        references.AddRange((EntityReference[])null!);

        Assert.That(references.ToArray(), Has.Length.EqualTo(3));
        Assert.That(new OptionSetValueCollection(new List<OptionSetValue> { new(1), new(2) }).Select(o => o.Value), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void EntityCollectionIndexesItsEntities()
    {
        var first = new Entity("team");
        var collection = new EntityCollection(new List<Entity> { first }) { EntityName = "team", MoreRecords = true, PagingCookie = "c", TotalRecordCount = 7 };

        Assert.That(collection[0], Is.SameAs(first));
        collection[0] = new Entity("team", Guid.NewGuid());
        Assert.That(collection.Entities[0], Is.Not.SameAs(first));
        Assert.That(collection.Entities, Has.Count.EqualTo(1));
        Assert.That(new EntityCollection().Entities, Is.Empty);
    }

    [Test]
    public void RelatedEntitiesAreKeyedByRelationshipValue()
    {
        var entity = new Entity("opportunity");
        entity.RelatedEntities[new Relationship("mci_opportunity_split")] = new EntityCollection();

        Assert.That(entity.RelatedEntities.Contains(new Relationship("mci_opportunity_split")), Is.True);
        Assert.That(entity.RelatedEntities.Contains(new Relationship("mci_opportunity_split") { PrimaryEntityRole = EntityRole.Referenced }), Is.False);
    }
}
