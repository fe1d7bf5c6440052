using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Tests;

public class QueryTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;
    private Guid _p1, _p2, _p3;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
        _p1 = _admin.CreateParent("Alpha", 100m, e => { e["test_count"] = 1; e["test_kind"] = new OptionSetValue(100000000); });
        _p2 = _admin.CreateParent("beta", 200m, e => { e["test_count"] = 2; e["test_kind"] = new OptionSetValue(100000001); });
        _p3 = _admin.CreateParent("Gamma");
        foreach (var (name, parent, value) in new[] { ("a1", _p1, 10), ("a2", _p1, 20), ("b1", _p2, 30) })
            _admin.Create(new Entity("test_child") { ["test_name"] = name, ["test_parentid"] = new EntityReference("test_parent", parent), ["test_value"] = value, ["test_category"] = new OptionSetValue(100000000 + value / 10 - 1) });
    }

    private List<string> Names(QueryExpression q) => _admin.RetrieveMultiple(q).Entities.Select(e => e.GetAttributeValue<string>("test_name")).ToList();

    private QueryExpression Parents(params ConditionExpression[] conditions)
    {
        var q = new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_name") };
        q.AddOrder("test_name", OrderType.Ascending);
        foreach (var c in conditions) q.Criteria.AddCondition(c);
        return q;
    }

    [Test]
    public void Comparisons_skip_null_values_as_SQL_does()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Names(Parents(new ConditionExpression("test_count", ConditionOperator.NotEqual, 1))), Is.EqualTo(new[] { "beta" }), "NotEqual does not return the row whose count is null");
            Assert.That(Names(Parents(new ConditionExpression("test_count", ConditionOperator.NotIn, 1))), Is.EqualTo(new[] { "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_count", ConditionOperator.Null))), Is.EqualTo(new[] { "Gamma" }));
            Assert.That(Names(Parents(new ConditionExpression("test_count", ConditionOperator.NotNull))), Is.EqualTo(new[] { "Alpha", "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_count", ConditionOperator.LessThan, 5))), Is.EqualTo(new[] { "Alpha", "beta" }));
        });
    }

    [Test]
    public void Strings_compare_case_insensitively_and_like_uses_SQL_wildcards()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Names(Parents(new ConditionExpression("test_name", ConditionOperator.Equal, "ALPHA"))), Is.EqualTo(new[] { "Alpha" }));
            Assert.That(Names(Parents(new ConditionExpression("test_name", ConditionOperator.Like, "%a"))), Is.EqualTo(new[] { "Alpha", "beta", "Gamma" }));
            Assert.That(Names(Parents(new ConditionExpression("test_name", ConditionOperator.Like, "_eta"))), Is.EqualTo(new[] { "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_name", ConditionOperator.Like, "[ab]%"))), Is.EqualTo(new[] { "Alpha", "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_name", ConditionOperator.NotLike, "%mm%"))), Is.EqualTo(new[] { "Alpha", "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_name", ConditionOperator.BeginsWith, "g"))), Is.EqualTo(new[] { "Gamma" }));
            Assert.That(Names(Parents(new ConditionExpression("test_name", ConditionOperator.EndsWith, "TA"))), Is.EqualTo(new[] { "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_name", ConditionOperator.DoesNotBeginWith, "a"))), Is.EqualTo(new[] { "beta", "Gamma" }));
            Assert.That(Names(Parents(new ConditionExpression("test_name", ConditionOperator.In, "alpha", "GAMMA"))), Is.EqualTo(new[] { "Alpha", "Gamma" }));
        });
    }

    [Test]
    public void Money_choice_lookup_and_range_operators()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Names(Parents(new ConditionExpression("test_amount", ConditionOperator.GreaterEqual, 150m))), Is.EqualTo(new[] { "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_amount", ConditionOperator.Between, 50m, 150m))), Is.EqualTo(new[] { "Alpha" }));
            Assert.That(Names(Parents(new ConditionExpression("test_amount", ConditionOperator.NotBetween, 50m, 150m))), Is.EqualTo(new[] { "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_kind", ConditionOperator.Equal, 100000001))), Is.EqualTo(new[] { "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_parentid", ConditionOperator.Equal, _p3))), Is.EqualTo(new[] { "Gamma" }));
            Assert.That(Names(Parents(new ConditionExpression("ownerid", ConditionOperator.EqualUserId))), Has.Count.EqualTo(3));
            Assert.That(Names(Parents(new ConditionExpression("owningbusinessunit", ConditionOperator.EqualBusinessId))), Has.Count.EqualTo(3));
            Assert.That(Names(Parents(new ConditionExpression("test_flag", ConditionOperator.Equal, false))), Has.Count.EqualTo(3));
        });
    }

    [Test]
    public void Nested_and_or_filters()
    {
        var q = Parents();
        var or = q.Criteria.AddFilter(LogicalOperator.Or);
        or.AddCondition("test_name", ConditionOperator.Equal, "Gamma");
        var and = or.AddFilter(LogicalOperator.And);
        and.AddCondition("test_count", ConditionOperator.GreaterThan, 1);
        and.AddCondition("test_amount", ConditionOperator.LessThan, 500m);
        Assert.That(Names(q), Is.EqualTo(new[] { "beta", "Gamma" }));
    }

    [Test]
    public void Date_operators_use_the_environment_clock()
    {
        _env.Clock.UtcNow = new DateTime(2026, 6, 10, 12, 0, 0, DateTimeKind.Utc);
        _admin.Update(new Entity("test_parent", _p1) { ["test_due"] = new DateTime(2026, 6, 10) });
        _admin.Update(new Entity("test_parent", _p2) { ["test_due"] = new DateTime(2026, 6, 9) });
        _admin.Update(new Entity("test_parent", _p3) { ["test_due"] = new DateTime(2026, 5, 1) });
        Assert.Multiple(() =>
        {
            Assert.That(Names(Parents(new ConditionExpression("test_due", ConditionOperator.Today))), Is.EqualTo(new[] { "Alpha" }));
            Assert.That(Names(Parents(new ConditionExpression("test_due", ConditionOperator.Yesterday))), Is.EqualTo(new[] { "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_due", ConditionOperator.LastXDays, 7))), Is.EqualTo(new[] { "Alpha", "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_due", ConditionOperator.OlderThanXDays, 30))), Is.EqualTo(new[] { "Gamma" }));
            Assert.That(Names(Parents(new ConditionExpression("test_due", ConditionOperator.ThisMonth))), Is.EqualTo(new[] { "Alpha", "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("test_due", ConditionOperator.OnOrBefore, new DateTime(2026, 6, 9)))), Is.EqualTo(new[] { "beta", "Gamma" }));
            Assert.That(Names(Parents(new ConditionExpression("test_due", ConditionOperator.On, new DateTime(2026, 6, 9, 15, 0, 0)))), Is.EqualTo(new[] { "beta" }));
            Assert.That(Names(Parents(new ConditionExpression("createdon", ConditionOperator.LastXHours, 1))), Is.Empty, "created at the clock's start, months before");
        });
    }

    [Test]
    public void Unsupported_operators_throw_naming_the_operator_never_a_wrong_answer()
    {
        var e = Assert.Throws<NotSupportedException>(() => Names(Parents(new ConditionExpression("test_name", ConditionOperator.Contains, "a"))))!;
        Assert.That(e.Message, Does.Contain("Contains"));
        Assert.Throws<NotSupportedException>(() => Names(Parents(new ConditionExpression("test_due", ConditionOperator.InFiscalYear, 2026))));
        Assert.Throws<NotSupportedException>(() => Names(Parents(new ConditionExpression("test_parentid", ConditionOperator.Under, _p1))));
    }

    [Test]
    public void Unknown_columns_and_wrong_value_types_are_refused_even_on_an_empty_table()
    {
        var unknown = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.RetrieveMultiple(new QueryExpression("test_blocker") { Criteria = { Conditions = { new ConditionExpression("test_nope", ConditionOperator.Null) } } }))!;
        Assert.That(unknown.Detail.ErrorCode, Is.EqualTo(ErrorCodes.UnknownAttribute));
        var column = Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.RetrieveMultiple(new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_nope") }))!;
        Assert.That(column.Detail.ErrorCode, Is.EqualTo(ErrorCodes.UnknownAttribute));
        var type = Assert.Throws<FaultException<OrganizationServiceFault>>(() => Names(Parents(new ConditionExpression("test_count", ConditionOperator.Equal, "many"))))!;
        Assert.That(type.Detail.Message, Does.Contain("expected argument(s) of type"));
    }

    [Test]
    public void Inner_join_repeats_the_root_per_match_outer_join_keeps_rows_without_one()
    {
        var q = new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_name") };
        q.AddOrder("test_name", OrderType.Ascending);
        var link = q.AddLink("test_child", "test_parentid", "test_parentid", JoinOperator.Inner);
        link.EntityAlias = "c";
        link.Columns = new ColumnSet("test_value");
        link.Orders.Add(new OrderExpression("test_value", OrderType.Descending));
        var inner = _admin.RetrieveMultiple(q).Entities;
        Assert.That(inner.Select(e => $"{e["test_name"]}:{((AliasedValue)e["c.test_value"]).Value}"), Is.EqualTo(new[] { "Alpha:20", "Alpha:10", "beta:30" }));
        Assert.That(((AliasedValue)inner[0]["c.test_value"]).EntityLogicalName, Is.EqualTo("test_child"));

        link.JoinOperator = JoinOperator.LeftOuter;
        var outer = _admin.RetrieveMultiple(q).Entities;
        Assert.That(outer.Select(e => e["test_name"]), Is.EqualTo(new[] { "Alpha", "Alpha", "beta", "Gamma" }));
        Assert.That(outer[3].Contains("c.test_value"), Is.False);

        var missing = new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_name") };
        var outerLink = missing.AddLink("test_child", "test_parentid", "test_parentid", JoinOperator.LeftOuter);
        outerLink.EntityAlias = "c";
        missing.Criteria.AddCondition("c", "test_childid", ConditionOperator.Null);
        Assert.That(Names(missing), Is.EqualTo(new[] { "Gamma" }), "outer join + null condition on the link = parents without children");
    }

    [Test]
    public void Link_criteria_filter_the_linked_rows()
    {
        var q = new QueryExpression("test_child") { ColumnSet = new ColumnSet("test_name") };
        q.AddOrder("test_name", OrderType.Ascending);
        var link = q.AddLink("test_parent", "test_parentid", "test_parentid");
        link.LinkCriteria.AddCondition("test_amount", ConditionOperator.GreaterThan, 150m);
        Assert.That(Names(q), Is.EqualTo(new[] { "b1" }));
    }

    [Test]
    public void Orders_put_nulls_first_and_sort_choices_by_label()
    {
        var q = new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_name") };
        q.AddOrder("test_count", OrderType.Ascending);
        Assert.That(Names(q), Is.EqualTo(new[] { "Gamma", "Alpha", "beta" }));
        var byKind = new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_name") };
        byKind.Criteria.AddCondition("test_kind", ConditionOperator.NotNull);
        byKind.AddOrder("test_kind", OrderType.Ascending);
        Assert.That(Names(byKind), Is.EqualTo(new[] { "beta", "Alpha" }), "label Alpha (value 100000001) before Beta (100000000)");
        var desc = new QueryExpression("test_parent") { ColumnSet = new ColumnSet("test_name") };
        desc.AddOrder("test_amount", OrderType.Descending);
        Assert.That(Names(desc), Is.EqualTo(new[] { "beta", "Alpha", "Gamma" }));
    }

    [Test]
    public void TopCount_and_paging_with_cookies()
    {
        for (var i = 0; i < 7; i++) _admin.Create(new Entity("test_blocker") { ["test_name"] = "b" + i });
        var top = new QueryExpression("test_blocker") { ColumnSet = new ColumnSet("test_name"), TopCount = 2 };
        top.AddOrder("test_name", OrderType.Ascending);
        Assert.That(Names(top), Is.EqualTo(new[] { "b0", "b1" }));

        var q = new QueryExpression("test_blocker") { ColumnSet = new ColumnSet("test_name"), PageInfo = new PagingInfo { Count = 3, PageNumber = 1 } };
        q.AddOrder("test_name", OrderType.Ascending);
        var seen = new List<string>();
        var pages = 0;
        while (true)
        {
            var page = _admin.RetrieveMultiple(q);
            pages++;
            seen.AddRange(page.Entities.Select(e => e.GetAttributeValue<string>("test_name")));
            if (!page.MoreRecords) break;
            Assert.That(page.PagingCookie, Does.StartWith($"<cookie page=\"{q.PageInfo.PageNumber}\">"));
            q.PageInfo.PageNumber++;
            q.PageInfo.PagingCookie = page.PagingCookie;
        }
        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 7).Select(i => "b" + i)));
        var both = new QueryExpression("test_blocker") { TopCount = 2, PageInfo = new PagingInfo { Count = 3, PageNumber = 1 } };
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.RetrieveMultiple(both));
    }

    [Test]
    public void Distinct_compares_the_selected_columns()
    {
        var q = new QueryExpression("test_child") { ColumnSet = new ColumnSet("test_parentid"), Distinct = true };
        Assert.That(_admin.RetrieveMultiple(q).Entities, Has.Count.EqualTo(2));
        q.Distinct = false;
        Assert.That(_admin.RetrieveMultiple(q).Entities, Has.Count.EqualTo(3));
    }

    [Test]
    public void QueryByAttribute()
    {
        var q = new QueryByAttribute("test_child") { ColumnSet = new ColumnSet("test_name") };
        q.AddAttributeValue("test_parentid", _p1);
        q.AddOrder("test_name", OrderType.Descending);
        Assert.That(_admin.RetrieveMultiple(q).Entities.Select(e => e["test_name"]), Is.EqualTo(new[] { "a2", "a1" }));
    }

    [Test]
    public void FetchXml_filters_link_entities_and_orders()
    {
        var fetch = $@"<fetch>
  <entity name='test_child'>
    <attribute name='test_name' />
    <order attribute='test_name' descending='true' />
    <filter type='or'>
      <condition attribute='test_value' operator='ge' value='30' />
      <condition attribute='test_name' operator='in'><value>a1</value><value>zz</value></condition>
    </filter>
    <link-entity name='test_parent' from='test_parentid' to='test_parentid' alias='p' link-type='inner'>
      <attribute name='test_name' />
      <filter><condition attribute='test_amount' operator='not-null' /></filter>
    </link-entity>
  </entity>
</fetch>";
        var rows = _admin.RetrieveMultiple(new FetchExpression(fetch)).Entities;
        Assert.That(rows.Select(e => $"{e["test_name"]}/{((AliasedValue)e["p.test_name"]).Value}"), Is.EqualTo(new[] { "b1/beta", "a1/Alpha" }));
        var top = _admin.RetrieveMultiple(new FetchExpression("<fetch top='1'><entity name='test_child'><attribute name='test_name'/><order attribute='test_value'/></entity></fetch>"));
        Assert.That(top.Entities.Single()["test_name"], Is.EqualTo("a1"));
    }

    [Test]
    public void FetchXml_aggregates_sum_count_and_group_by()
    {
        var total = _admin.RetrieveMultiple(new FetchExpression(@"<fetch aggregate='true'><entity name='test_parent'>
            <attribute name='test_amount' alias='total' aggregate='sum' />
            <attribute name='test_parentid' alias='n' aggregate='count' />
            <attribute name='test_count' alias='counted' aggregate='countcolumn' />
            <attribute name='test_amount' alias='avg' aggregate='avg' />
            <attribute name='test_amount' alias='max' aggregate='max' /></entity></fetch>")).Entities.Single();
        Assert.Multiple(() =>
        {
            Assert.That(((Money)((AliasedValue)total["total"]).Value).Value, Is.EqualTo(300m));
            Assert.That(((AliasedValue)total["n"]).Value, Is.EqualTo(3));
            Assert.That(((AliasedValue)total["counted"]).Value, Is.EqualTo(2), "countcolumn skips nulls");
            Assert.That(((Money)((AliasedValue)total["avg"]).Value).Value, Is.EqualTo(150m), "avg ignores nulls");
            Assert.That(((Money)((AliasedValue)total["max"]).Value).Value, Is.EqualTo(200m));
        });
        var grouped = _admin.RetrieveMultiple(new FetchExpression(@"<fetch aggregate='true'><entity name='test_child'>
            <attribute name='test_parentid' alias='parent' groupby='true' />
            <attribute name='test_value' alias='sum' aggregate='sum' />
            <order alias='sum' descending='true' /></entity></fetch>")).Entities;
        Assert.That(grouped.Select(e => (((EntityReference)((AliasedValue)e["parent"]).Value).Name, ((AliasedValue)e["sum"]).Value)), Is.EqualTo(new[] { ("Alpha", (object)30), ("beta", 30) }).Or.EqualTo(new[] { ("beta", (object)30), ("Alpha", 30) }));
        var none = _admin.RetrieveMultiple(new FetchExpression("<fetch aggregate='true'><entity name='test_blocker'><attribute name='test_blockerid' alias='n' aggregate='count' /></entity></fetch>")).Entities.Single();
        Assert.That(((AliasedValue)none["n"]).Value, Is.Zero);
    }

    [Test]
    public void FetchXml_outside_the_subset_is_refused_by_name()
    {
        var op = Assert.Throws<NotSupportedException>(() => _admin.RetrieveMultiple(new FetchExpression("<fetch><entity name='test_parent'><filter><condition attribute='test_name' operator='like-soundex' value='a'/></filter></entity></fetch>")))!;
        Assert.That(op.Message, Does.Contain("like-soundex"));
        Assert.Throws<NotSupportedException>(() => _admin.RetrieveMultiple(new FetchExpression("<fetch><entity name='test_parent'><link-entity name='test_child' from='test_parentid' to='test_parentid' link-type='matchfirstrowusingcrossapply'/></entity></fetch>")));
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _admin.RetrieveMultiple(new FetchExpression("<fetch><entity name='test_parent'>")));
    }
}
