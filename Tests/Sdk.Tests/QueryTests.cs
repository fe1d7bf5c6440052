using Microsoft.Xrm.Sdk.Query;

namespace Mci.Sdk.Tests;

/// <summary>Query object model: defaults and the builder methods plug-ins use.</summary>
[TestFixture]
public class QueryTests
{
    [Test]
    public void QueryExpressionStartsEmptyButUsable()
    {
        var query = new QueryExpression("mci_opportunitysplit");

        Assert.Multiple(() =>
        {
            Assert.That(query.EntityName, Is.EqualTo("mci_opportunitysplit"));
            Assert.That(query.ColumnSet.AllColumns, Is.False);
            Assert.That(query.ColumnSet.Columns, Is.Empty);
            Assert.That(query.Criteria.FilterOperator, Is.EqualTo(LogicalOperator.And));
            Assert.That(query.Criteria.Conditions, Is.Empty);
            Assert.That(query.PageInfo.Count, Is.EqualTo(0));
            Assert.That(query.PageInfo.PageNumber, Is.EqualTo(0));
            Assert.That(query.TopCount, Is.Null);
            Assert.That(query.LinkEntities, Is.Empty);
        });
    }

    [Test]
    public void ColumnSetConstructors()
    {
        Assert.That(new ColumnSet("a", "b").Columns, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(new ColumnSet(true).AllColumns, Is.True);
        var columns = new ColumnSet();
        columns.AddColumn("a");
        columns.AddColumns("b", "c");
        Assert.That(columns.Columns, Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void ConditionOverloadsPlaceValues()
    {
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };
        Assert.Multiple(() =>
        {
            Assert.That(new ConditionExpression("statecode", ConditionOperator.Equal, 0).Values, Is.EqualTo(new object[] { 0 }));
            Assert.That(new ConditionExpression("name", ConditionOperator.Equal, "x").Values, Is.EqualTo(new object[] { "x" }), "a string is one value");
            Assert.That(new ConditionExpression("teamid", ConditionOperator.In, ids).Values, Is.EqualTo(ids.Cast<object>()), "a typed array is a collection of values");
            Assert.That(new ConditionExpression("a", ConditionOperator.Between, 1, 5).Values, Is.EqualTo(new object[] { 1, 5 }));
            Assert.That(new ConditionExpression("a", ConditionOperator.Null).Values, Is.Empty);
            var linked = new ConditionExpression("team", "name", ConditionOperator.Like, "Sales%");
            Assert.That((linked.EntityName, linked.AttributeName, linked.Operator), Is.EqualTo(("team", "name", ConditionOperator.Like)));
            var columns = new ConditionExpression("mci_minamount", ConditionOperator.LessThan, true, "mci_maxamount");
            Assert.That(columns.CompareColumns, Is.True);
        });
    }

    [Test]
    public void FiltersNest()
    {
        var filter = new FilterExpression();
        filter.AddCondition("statecode", ConditionOperator.Equal, 0);
        var or = filter.AddFilter(LogicalOperator.Or);
        or.AddCondition("mci_maxamount", ConditionOperator.Null);
        or.AddCondition("mci_maxamount", ConditionOperator.GreaterThan, 1000m);
        filter.AddFilter(new FilterExpression(LogicalOperator.And));

        Assert.That(filter.Conditions, Has.Count.EqualTo(1));
        Assert.That(filter.Filters, Has.Count.EqualTo(2));
        Assert.That(filter.Filters[0], Is.SameAs(or));
        Assert.That(or.FilterOperator, Is.EqualTo(LogicalOperator.Or));
        Assert.That(or.Conditions[1].Values, Is.EqualTo(new object[] { 1000m }));
    }

    [Test]
    public void LinksChainFromTheirParent()
    {
        var query = new QueryExpression("opportunity");
        var split = query.AddLink("mci_opportunitysplit", "opportunityid", "mci_opportunityid");
        split.EntityAlias = "split";
        var team = split.AddLink("team", "mci_teamid", "teamid", JoinOperator.LeftOuter);

        Assert.Multiple(() =>
        {
            Assert.That((split.LinkFromEntityName, split.LinkToEntityName, split.JoinOperator), Is.EqualTo(("opportunity", "mci_opportunitysplit", JoinOperator.Inner)));
            Assert.That((team.LinkFromEntityName, team.LinkToEntityName, team.LinkFromAttributeName, team.LinkToAttributeName), Is.EqualTo(("mci_opportunitysplit", "team", "mci_teamid", "teamid")));
            Assert.That(team.JoinOperator, Is.EqualTo(JoinOperator.LeftOuter));
            Assert.That(split.LinkEntities, Is.EqualTo(new[] { team }));
            Assert.That(split.Columns.Columns, Is.Empty);
            Assert.That(split.LinkCriteria.Conditions, Is.Empty);
        });
    }

    [Test]
    public void OrdersAndQueryByAttribute()
    {
        var query = new QueryExpression("mci_supporttier");
        query.AddOrder("mci_evaluationorder", OrderType.Ascending);
        Assert.That((query.Orders[0].AttributeName, query.Orders[0].OrderType), Is.EqualTo(("mci_evaluationorder", OrderType.Ascending)));

        var byAttribute = new QueryByAttribute("team");
        byAttribute.AddAttributeValue("name", "Sales East");
        Assert.That(byAttribute.Attributes, Is.EqualTo(new[] { "name" }));
        Assert.That(byAttribute.Values, Is.EqualTo(new object[] { "Sales East" }));
        Assert.That(new FetchExpression("<fetch/>").Query, Is.EqualTo("<fetch/>"));
    }
}
