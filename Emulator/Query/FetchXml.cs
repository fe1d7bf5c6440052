using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Query
{
    /// <summary>
    /// Translates the FetchXML subset the emulator supports into a QueryExpression (plus aggregate columns):
    /// fetch (top, count, page, paging-cookie, distinct, aggregate, returntotalrecordcount), entity, attribute
    /// (name, alias, aggregate, groupby, distinct, dategrouping), all-attributes, order (attribute, alias,
    /// descending), filter (and/or, nested), condition (attribute, operator, value or &lt;value&gt;, entityname),
    /// link-entity (name, from, to, alias, link-type inner/outer/exists/in/any/not any, nested). Anything else
    /// throws NotSupportedException naming it.
    /// </summary>
    internal static class FetchXml
    {
        internal sealed record ParsedFetch(QueryExpression Query, List<AggregateColumn>? Aggregates, int? Top, bool Distinct, bool ReturnTotalRecordCount);

        private static readonly Dictionary<string, ConditionOperator> Operators = new(StringComparer.Ordinal)
        {
            ["eq"] = ConditionOperator.Equal, ["ne"] = ConditionOperator.NotEqual, ["neq"] = ConditionOperator.NotEqual,
            ["gt"] = ConditionOperator.GreaterThan, ["ge"] = ConditionOperator.GreaterEqual, ["lt"] = ConditionOperator.LessThan, ["le"] = ConditionOperator.LessEqual,
            ["like"] = ConditionOperator.Like, ["not-like"] = ConditionOperator.NotLike, ["in"] = ConditionOperator.In, ["not-in"] = ConditionOperator.NotIn,
            ["between"] = ConditionOperator.Between, ["not-between"] = ConditionOperator.NotBetween, ["null"] = ConditionOperator.Null, ["not-null"] = ConditionOperator.NotNull,
            ["begins-with"] = ConditionOperator.BeginsWith, ["not-begin-with"] = ConditionOperator.DoesNotBeginWith,
            ["ends-with"] = ConditionOperator.EndsWith, ["not-end-with"] = ConditionOperator.DoesNotEndWith,
            ["on"] = ConditionOperator.On, ["not-on"] = ConditionOperator.NotOn, ["on-or-after"] = ConditionOperator.OnOrAfter, ["on-or-before"] = ConditionOperator.OnOrBefore,
            ["today"] = ConditionOperator.Today, ["yesterday"] = ConditionOperator.Yesterday, ["tomorrow"] = ConditionOperator.Tomorrow,
            ["last-seven-days"] = ConditionOperator.Last7Days, ["next-seven-days"] = ConditionOperator.Next7Days,
            ["last-x-hours"] = ConditionOperator.LastXHours, ["next-x-hours"] = ConditionOperator.NextXHours,
            ["last-x-days"] = ConditionOperator.LastXDays, ["next-x-days"] = ConditionOperator.NextXDays,
            ["last-x-weeks"] = ConditionOperator.LastXWeeks, ["next-x-weeks"] = ConditionOperator.NextXWeeks,
            ["last-x-months"] = ConditionOperator.LastXMonths, ["next-x-months"] = ConditionOperator.NextXMonths,
            ["last-x-years"] = ConditionOperator.LastXYears, ["next-x-years"] = ConditionOperator.NextXYears,
            ["olderthan-x-minutes"] = ConditionOperator.OlderThanXMinutes, ["olderthan-x-hours"] = ConditionOperator.OlderThanXHours,
            ["olderthan-x-days"] = ConditionOperator.OlderThanXDays, ["olderthan-x-weeks"] = ConditionOperator.OlderThanXWeeks,
            ["olderthan-x-months"] = ConditionOperator.OlderThanXMonths, ["olderthan-x-years"] = ConditionOperator.OlderThanXYears,
            ["this-week"] = ConditionOperator.ThisWeek, ["last-week"] = ConditionOperator.LastWeek, ["next-week"] = ConditionOperator.NextWeek,
            ["this-month"] = ConditionOperator.ThisMonth, ["last-month"] = ConditionOperator.LastMonth, ["next-month"] = ConditionOperator.NextMonth,
            ["this-year"] = ConditionOperator.ThisYear, ["last-year"] = ConditionOperator.LastYear, ["next-year"] = ConditionOperator.NextYear,
            ["eq-userid"] = ConditionOperator.EqualUserId, ["ne-userid"] = ConditionOperator.NotEqualUserId,
            ["eq-businessid"] = ConditionOperator.EqualBusinessId, ["ne-businessid"] = ConditionOperator.NotEqualBusinessId,
            ["eq-userteams"] = ConditionOperator.EqualUserTeams, ["eq-useroruserteams"] = ConditionOperator.EqualUserOrUserTeams,
            ["eq-userlanguage"] = ConditionOperator.EqualUserLanguage,
            ["contain-values"] = ConditionOperator.ContainValues, ["not-contain-values"] = ConditionOperator.DoesNotContainValues,
        };

        /// <summary>The FetchXML operator names the emulator understands.</summary>
        public static IEnumerable<string> OperatorNames => Operators.Keys;

        public static string? EntityName(string fetchXml)
        {
            try { return Root(fetchXml).Element("entity")?.Attribute("name")?.Value; }
            catch (XmlException) { return null; }
        }

        private static XElement Root(string fetchXml)
        {
            var root = XElement.Parse(fetchXml);
            if (root.Name.LocalName != "fetch") throw Faults.InvalidArgument($"FetchXML must start with <fetch>, not <{root.Name.LocalName}>.");
            return root;
        }

        public static ParsedFetch Parse(string fetchXml)
        {
            XElement fetch;
            try { fetch = Root(fetchXml); }
            catch (XmlException e) { throw Faults.InvalidArgument($"The FetchXML is not well-formed: {e.Message}"); }
            Known(fetch, "version", "mapping", "output-format", "top", "count", "page", "paging-cookie", "distinct", "aggregate", "returntotalrecordcount", "no-lock", "latematerialize", "useraworderby");
            var entity = fetch.Element("entity") ?? throw Faults.InvalidArgument("FetchXML has no <entity>.");
            var aggregate = Bool(fetch.Attribute("aggregate"));
            var q = new QueryExpression(Required(entity, "name")) { ColumnSet = new ColumnSet(), NoLock = Bool(fetch.Attribute("no-lock")) };
            var aggregates = aggregate ? new List<AggregateColumn>() : null;
            ReadNode(entity, q.ColumnSet, q.Criteria, q.Orders, q.LinkEntities, null, aggregates, q.EntityName);
            var count = Int(fetch.Attribute("count"));
            var page = Int(fetch.Attribute("page"));
            if (count != null || page != null || fetch.Attribute("paging-cookie") != null)
                q.PageInfo = new PagingInfo { Count = count ?? 0, PageNumber = page ?? 1, PagingCookie = fetch.Attribute("paging-cookie")?.Value };
            return new ParsedFetch(q, aggregates, Int(fetch.Attribute("top")), Bool(fetch.Attribute("distinct")), Bool(fetch.Attribute("returntotalrecordcount")));
        }

        private static void ReadNode(XElement node, ColumnSet columns, FilterExpression criteria, Microsoft.Xrm.Sdk.DataCollection<OrderExpression> orders,
            Microsoft.Xrm.Sdk.DataCollection<LinkEntity> links, string? alias, List<AggregateColumn>? aggregates, string entityName)
        {
            Known(node, "name", "from", "to", "alias", "link-type", "visible", "intersect", "enableprefiltering");
            var filters = new List<FilterExpression>();
            foreach (var child in node.Elements())
            {
                switch (child.Name.LocalName)
                {
                    case "attribute":
                        Known(child, "name", "alias", "aggregate", "groupby", "distinct", "dategrouping", "usertimezone");
                        var name = Required(child, "name");
                        if (aggregates != null) aggregates.Add(AggregateOf(child, name, alias));
                        else if (child.Attribute("alias") != null) throw new NotSupportedException("FetchXML: an alias on an <attribute> outside an aggregate query is not supported by the emulator.");
                        else columns.AddColumn(name);
                        break;
                    case "all-attributes":
                        columns.AllColumns = true;
                        break;
                    case "order":
                        Known(child, "attribute", "alias", "descending", "entityname");
                        var type = Bool(child.Attribute("descending")) ? OrderType.Descending : OrderType.Ascending;
                        orders.Add(new OrderExpression(child.Attribute("attribute")?.Value ?? "", type, child.Attribute("alias")?.Value));
                        break;
                    case "filter":
                        filters.Add(ReadFilter(child, entityName));
                        break;
                    case "link-entity":
                        var link = new LinkEntity(entityName, Required(child, "name"), Required(child, "to"), Required(child, "from"), JoinOf(child.Attribute("link-type")?.Value))
                        {
                            EntityAlias = child.Attribute("alias")?.Value,
                            Columns = new ColumnSet(),
                        };
                        ReadNode(child, link.Columns, link.LinkCriteria, link.Orders, link.LinkEntities, link.EntityAlias ?? link.LinkToEntityName, aggregates, link.LinkToEntityName);
                        links.Add(link);
                        break;
                    default:
                        throw new NotSupportedException($"FetchXML element <{child.Name.LocalName}> is not supported by the emulator.");
                }
            }
            if (filters.Count == 1 && criteria.Conditions.Count == 0 && criteria.Filters.Count == 0)
            {
                criteria.FilterOperator = filters[0].FilterOperator;
                foreach (var c in filters[0].Conditions) criteria.AddCondition(c);
                foreach (var f in filters[0].Filters) criteria.AddFilter(f);
            }
            else foreach (var f in filters) criteria.AddFilter(f);
        }

        private static FilterExpression ReadFilter(XElement e, string entityName)
        {
            Known(e, "type", "isquickfindfields", "hint", "overridequickfindrecordlimitenabled", "overridequickfindrecordlimitdisabled");
            var type = e.Attribute("type")?.Value ?? "and";
            var filter = new FilterExpression(type switch
            {
                "and" => LogicalOperator.And,
                "or" => LogicalOperator.Or,
                _ => throw Faults.InvalidArgument($"FetchXML filter type '{type}' is not 'and' or 'or'."),
            });
            foreach (var child in e.Elements())
            {
                if (child.Name.LocalName == "filter") filter.AddFilter(ReadFilter(child, entityName));
                else if (child.Name.LocalName == "condition") filter.AddCondition(ReadCondition(child));
                else throw new NotSupportedException($"FetchXML element <{child.Name.LocalName}> inside <filter> is not supported by the emulator.");
            }
            return filter;
        }

        private static ConditionExpression ReadCondition(XElement e)
        {
            Known(e, "attribute", "operator", "value", "entityname", "uiname", "uitype", "uihidden", "valueof");
            var opName = Required(e, "operator");
            if (!Operators.TryGetValue(opName, out var op)) throw new NotSupportedException($"The FetchXML condition operator '{opName}' is not supported by the emulator.");
            if (e.Attribute("valueof") != null)
                return new ConditionExpression(e.Attribute("entityname")?.Value, Required(e, "attribute"), op, true, (object)e.Attribute("valueof")!.Value);
            var values = e.Elements("value").Select(v => (object)v.Value).ToList();
            if (e.Attribute("value") is { } single && (values.Count == 0 || single.Value.Length > 0)) values.Insert(0, single.Value);
            // Operators that take no value ignore an empty value="" (what some editors write).
            if (op is ConditionOperator.Null or ConditionOperator.NotNull or ConditionOperator.Today or ConditionOperator.Yesterday or ConditionOperator.Tomorrow
                or ConditionOperator.EqualUserId or ConditionOperator.NotEqualUserId or ConditionOperator.EqualBusinessId or ConditionOperator.NotEqualBusinessId
                or ConditionOperator.EqualUserTeams or ConditionOperator.EqualUserOrUserTeams or ConditionOperator.EqualUserLanguage
                || op.ToString().StartsWith("This", StringComparison.Ordinal) || op.ToString().StartsWith("Last", StringComparison.Ordinal) && !op.ToString().Contains('X')
                || op.ToString().StartsWith("Next", StringComparison.Ordinal) && !op.ToString().Contains('X'))
                values.RemoveAll(v => string.IsNullOrEmpty((string)v));
            return new ConditionExpression(e.Attribute("entityname")?.Value, Required(e, "attribute"), op, values.ToArray());
        }

        private static AggregateColumn AggregateOf(XElement e, string name, string? entityAlias)
        {
            var alias = e.Attribute("alias")?.Value ?? throw Faults.InvalidArgument($"FetchXML aggregate attribute '{name}' needs an alias.");
            var grouping = e.Attribute("dategrouping")?.Value switch
            {
                null => Microsoft.Xrm.Sdk.Query.XrmDateTimeGrouping.None,
                "day" => Microsoft.Xrm.Sdk.Query.XrmDateTimeGrouping.Day,
                "month" => Microsoft.Xrm.Sdk.Query.XrmDateTimeGrouping.Month,
                "year" => Microsoft.Xrm.Sdk.Query.XrmDateTimeGrouping.Year,
                var g => throw new NotSupportedException($"FetchXML dategrouping '{g}' is not supported by the emulator."),
            };
            if (Bool(e.Attribute("groupby"))) return new AggregateColumn(alias, entityAlias, name, AggregateKind.GroupBy, false, grouping);
            var kind = e.Attribute("aggregate")?.Value switch
            {
                "count" => AggregateKind.Count,
                "countcolumn" => AggregateKind.CountColumn,
                "sum" => AggregateKind.Sum,
                "avg" => AggregateKind.Avg,
                "min" => AggregateKind.Min,
                "max" => AggregateKind.Max,
                null => throw Faults.InvalidArgument($"In an aggregate query, attribute '{name}' needs aggregate= or groupby=\"true\"."),
                var other => throw new NotSupportedException($"FetchXML aggregate '{other}' is not supported by the emulator."),
            };
            return new AggregateColumn(alias, entityAlias, name, kind, Bool(e.Attribute("distinct")));
        }

        private static JoinOperator JoinOf(string? linkType) => linkType switch
        {
            null or "inner" => JoinOperator.Inner,
            "outer" => JoinOperator.LeftOuter,
            "exists" => JoinOperator.Exists,
            "in" => JoinOperator.In,
            "any" => JoinOperator.Any,
            "not any" => JoinOperator.NotAny,
            _ => throw new NotSupportedException($"FetchXML link-type '{linkType}' is not supported by the emulator."),
        };

        private static void Known(XElement e, params string[] names)
        {
            foreach (var a in e.Attributes().Where(a => a.Name.Namespace == XNamespace.None && !names.Contains(a.Name.LocalName)))
                throw new NotSupportedException($"FetchXML attribute '{a.Name.LocalName}' on <{e.Name.LocalName}> is not supported by the emulator.");
        }

        private static string Required(XElement e, string name) =>
            e.Attribute(name)?.Value is { Length: > 0 } v ? v : throw Faults.InvalidArgument($"FetchXML <{e.Name.LocalName}> needs a '{name}' attribute.");

        private static bool Bool(XAttribute? a) => a?.Value is "true" or "1";

        private static int? Int(XAttribute? a) => a == null ? null : int.TryParse(a.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i
            : throw Faults.InvalidArgument($"FetchXML attribute '{a.Name.LocalName}' must be a whole number, not '{a.Value}'.");
    }
}
