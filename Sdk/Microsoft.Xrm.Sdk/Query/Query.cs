using System.Collections;

namespace Microsoft.Xrm.Sdk.Query
{
    /// <summary>Base of the query kinds RetrieveMultiple accepts.</summary>
    public abstract class QueryBase
    {
        internal QueryBase() { }
    }

    /// <summary>A query as FetchXML text.</summary>
    public sealed class FetchExpression : QueryBase
    {
        public FetchExpression() { }

        public FetchExpression(string query)
        {
            Query = query;
        }

        public string Query { get; set; }
    }

    /// <summary>Which columns to return. Never use AllColumns in plug-ins.</summary>
    public sealed class ColumnSet
    {
        private DataCollection<string> _columns = new DataCollection<string>();
        private DataCollection<XrmAttributeExpression> _attributeExpressions = new DataCollection<XrmAttributeExpression>();

        public ColumnSet() { }

        public ColumnSet(bool allColumns)
        {
            AllColumns = allColumns;
        }

        public ColumnSet(params string[] columns)
        {
            _columns.AddRange(columns);
        }

        public bool AllColumns { get; set; }

        public DataCollection<string> Columns
        {
            get { return _columns; }
            set { _columns = value; }
        }

        public DataCollection<XrmAttributeExpression> AttributeExpressions
        {
            get { return _attributeExpressions; }
            set { _attributeExpressions = value; }
        }

        public void AddColumn(string column) => _columns.Add(column);

        public void AddColumns(params string[] columns) => _columns.AddRange(columns);
    }

    /// <summary>A column in an aggregate query.</summary>
    public sealed class XrmAttributeExpression
    {
        public XrmAttributeExpression() { }

        public XrmAttributeExpression(string attributeName) : this(attributeName, XrmAggregateType.None) { }

        public XrmAttributeExpression(string attributeName, XrmAggregateType aggregateType) : this(attributeName, aggregateType, null) { }

        public XrmAttributeExpression(string attributeName, XrmAggregateType aggregateType, string alias) : this(attributeName, aggregateType, alias, XrmDateTimeGrouping.None) { }

        public XrmAttributeExpression(string attributeName, XrmAggregateType aggregateType, string alias, XrmDateTimeGrouping dateTimeGrouping)
        {
            AttributeName = attributeName;
            AggregateType = aggregateType;
            Alias = alias;
            DateTimeGrouping = dateTimeGrouping;
        }

        public string AttributeName { get; set; }

        public XrmAggregateType AggregateType { get; set; }

        public string Alias { get; set; }

        public XrmDateTimeGrouping DateTimeGrouping { get; set; }

        public bool HasGroupBy { get; set; }
    }

    /// <summary>One condition on an attribute; <see cref="EntityName"/> names a link-entity alias when set.</summary>
    public sealed class ConditionExpression
    {
        private readonly DataCollection<object> _values = new DataCollection<object>();

        public ConditionExpression() { }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator)
        {
            AttributeName = attributeName;
            Operator = conditionOperator;
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, params object[] values)
            : this(null, attributeName, conditionOperator, false, values) { }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, object value)
            : this(null, attributeName, conditionOperator, false, value) { }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, ICollection values)
            : this(attributeName, conditionOperator)
        {
            if (values != null)
            {
                foreach (var value in values) _values.Add(value);
            }
        }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
            : this(null, attributeName, conditionOperator, compareColumns, value) { }

        public ConditionExpression(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
            : this(null, attributeName, conditionOperator, compareColumns, values) { }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator)
            : this(attributeName, conditionOperator)
        {
            EntityName = entityName;
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, params object[] values)
            : this(entityName, attributeName, conditionOperator, false, values) { }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, object value)
            : this(entityName, attributeName, conditionOperator, false, value) { }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
            : this(entityName, attributeName, conditionOperator)
        {
            CompareColumns = compareColumns;
            _values.Add(value);
        }

        public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
            : this(entityName, attributeName, conditionOperator)
        {
            CompareColumns = compareColumns;
            if (values != null) _values.AddRange(values);
        }

        public string EntityName { get; set; }

        public string AttributeName { get; set; }

        public ConditionOperator Operator { get; set; }

        /// <summary>When true the (single) value is another column's name, compared with this one.</summary>
        public bool CompareColumns { get; set; }

        public DataCollection<object> Values => _values;
    }

    /// <summary>Conditions and nested filters joined by And/Or.</summary>
    public sealed class FilterExpression
    {
        private readonly DataCollection<ConditionExpression> _conditions = new DataCollection<ConditionExpression>();
        private readonly DataCollection<FilterExpression> _filters = new DataCollection<FilterExpression>();

        public FilterExpression() { }

        public FilterExpression(LogicalOperator filterOperator)
        {
            FilterOperator = filterOperator;
        }

        public LogicalOperator FilterOperator { get; set; }

        public DataCollection<ConditionExpression> Conditions => _conditions;

        public DataCollection<FilterExpression> Filters => _filters;

        public string FilterHint { get; set; }

        public bool IsQuickFindFilter { get; set; }

        public void AddCondition(ConditionExpression condition) => _conditions.Add(condition);

        public void AddCondition(string attributeName, ConditionOperator conditionOperator, params object[] values)
            => AddCondition(new ConditionExpression(attributeName, conditionOperator, values));

        public void AddCondition(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
            => AddCondition(new ConditionExpression(attributeName, conditionOperator, compareColumns, value));

        public void AddCondition(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
            => AddCondition(new ConditionExpression(attributeName, conditionOperator, compareColumns, values));

        public void AddCondition(string entityName, string attributeName, ConditionOperator conditionOperator, params object[] values)
            => AddCondition(new ConditionExpression(entityName, attributeName, conditionOperator, values));

        public void AddCondition(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
            => AddCondition(new ConditionExpression(entityName, attributeName, conditionOperator, compareColumns, value));

        public void AddCondition(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
            => AddCondition(new ConditionExpression(entityName, attributeName, conditionOperator, compareColumns, values));

        public void AddFilter(FilterExpression childFilter)
        {
            if (childFilter != null) _filters.Add(childFilter);
        }

        public FilterExpression AddFilter(LogicalOperator logicalOperator)
        {
            var child = new FilterExpression(logicalOperator);
            _filters.Add(child);
            return child;
        }
    }

    /// <summary>Sort order on an attribute (of the root entity, or of <see cref="EntityName"/>'s alias).</summary>
    public sealed class OrderExpression
    {
        public OrderExpression() { }

        public OrderExpression(string attributeName, OrderType orderType)
        {
            AttributeName = attributeName;
            OrderType = orderType;
        }

        public OrderExpression(string attributeName, OrderType orderType, string alias) : this(attributeName, orderType)
        {
            Alias = alias;
        }

        public OrderExpression(string attributeName, OrderType orderType, string alias, string entityName) : this(attributeName, orderType, alias)
        {
            EntityName = entityName;
        }

        public string AttributeName { get; set; }

        public OrderType OrderType { get; set; }

        public string Alias { get; set; }

        public string EntityName { get; set; }
    }

    /// <summary>Paging of a query: page size (Count), 1-based page number, cookie of the previous page.</summary>
    public sealed class PagingInfo
    {
        public PagingInfo() { }

        public int Count { get; set; }

        public int PageNumber { get; set; }

        public string PagingCookie { get; set; }

        public bool ReturnTotalRecordCount { get; set; }
    }

    /// <summary>A join from <see cref="LinkFromEntityName"/>.<see cref="LinkFromAttributeName"/> to <see cref="LinkToEntityName"/>.<see cref="LinkToAttributeName"/>.</summary>
    public sealed class LinkEntity
    {
        private readonly DataCollection<LinkEntity> _linkEntities = new DataCollection<LinkEntity>();
        private readonly DataCollection<OrderExpression> _orders = new DataCollection<OrderExpression>();
        private ColumnSet _columns = new ColumnSet();
        private FilterExpression _linkCriteria = new FilterExpression();

        public LinkEntity() { }

        public LinkEntity(string linkFromEntityName, string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
        {
            LinkFromEntityName = linkFromEntityName;
            LinkToEntityName = linkToEntityName;
            LinkFromAttributeName = linkFromAttributeName;
            LinkToAttributeName = linkToAttributeName;
            JoinOperator = joinOperator;
        }

        public string LinkFromEntityName { get; set; }

        public string LinkToEntityName { get; set; }

        public string LinkFromAttributeName { get; set; }

        public string LinkToAttributeName { get; set; }

        public JoinOperator JoinOperator { get; set; }

        public string EntityAlias { get; set; }

        public ColumnSet Columns
        {
            get { return _columns; }
            set { _columns = value; }
        }

        public FilterExpression LinkCriteria
        {
            get { return _linkCriteria; }
            set { _linkCriteria = value; }
        }

        public DataCollection<LinkEntity> LinkEntities => _linkEntities;

        public DataCollection<OrderExpression> Orders => _orders;

        public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName)
            => AddLink(linkToEntityName, linkFromAttributeName, linkToAttributeName, JoinOperator.Inner);

        public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
        {
            var link = new LinkEntity(LinkToEntityName, linkToEntityName, linkFromAttributeName, linkToAttributeName, joinOperator);
            _linkEntities.Add(link);
            return link;
        }
    }

    /// <summary>A query on one table: columns, criteria, links, orders, paging.</summary>
    public sealed class QueryExpression : QueryBase
    {
        private readonly DataCollection<LinkEntity> _linkEntities = new DataCollection<LinkEntity>();
        private readonly DataCollection<OrderExpression> _orders = new DataCollection<OrderExpression>();
        private ColumnSet _columnSet = new ColumnSet();
        private FilterExpression _criteria = new FilterExpression();
        private PagingInfo _pageInfo = new PagingInfo();

        public QueryExpression() { }

        public QueryExpression(string entityName)
        {
            EntityName = entityName;
        }

        public string EntityName { get; set; }

        public ColumnSet ColumnSet
        {
            get { return _columnSet; }
            set { _columnSet = value; }
        }

        public FilterExpression Criteria
        {
            get { return _criteria; }
            set { _criteria = value; }
        }

        public PagingInfo PageInfo
        {
            get { return _pageInfo; }
            set { _pageInfo = value; }
        }

        public DataCollection<LinkEntity> LinkEntities => _linkEntities;

        public DataCollection<OrderExpression> Orders => _orders;

        public bool Distinct { get; set; }

        public bool NoLock { get; set; }

        public int? TopCount { get; set; }

        public string QueryHints { get; set; }

        public string DataSource { get; set; }

        public QueryExpression SubQueryExpression { get; set; }

        public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName)
            => AddLink(linkToEntityName, linkFromAttributeName, linkToAttributeName, JoinOperator.Inner);

        public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
        {
            var link = new LinkEntity(EntityName, linkToEntityName, linkFromAttributeName, linkToAttributeName, joinOperator);
            _linkEntities.Add(link);
            return link;
        }

        public void AddOrder(string attributeName, OrderType orderType) => _orders.Add(new OrderExpression(attributeName, orderType));

        public void AddOrder(string attributeName, OrderType orderType, string alias, string entityName)
            => _orders.Add(new OrderExpression(attributeName, orderType, alias, entityName));
    }

    /// <summary>A query by equality on attribute/value pairs.</summary>
    public sealed class QueryByAttribute : QueryBase
    {
        private readonly DataCollection<string> _attributes = new DataCollection<string>();
        private readonly DataCollection<object> _values = new DataCollection<object>();
        private readonly DataCollection<OrderExpression> _orders = new DataCollection<OrderExpression>();
        private ColumnSet _columnSet = new ColumnSet();
        private PagingInfo _pageInfo = new PagingInfo();

        public QueryByAttribute() { }

        public QueryByAttribute(string entityName)
        {
            EntityName = entityName;
        }

        public string EntityName { get; set; }

        public ColumnSet ColumnSet
        {
            get { return _columnSet; }
            set { _columnSet = value; }
        }

        public DataCollection<string> Attributes => _attributes;

        public DataCollection<object> Values => _values;

        public DataCollection<OrderExpression> Orders => _orders;

        public PagingInfo PageInfo
        {
            get { return _pageInfo; }
            set { _pageInfo = value; }
        }

        public int? TopCount { get; set; }

        public void AddAttributeValue(string attributeName, object value)
        {
            _attributes.Add(attributeName);
            _values.Add(value);
        }

        public void AddOrder(string attributeName, OrderType orderType) => _orders.Add(new OrderExpression(attributeName, orderType));
    }
}
