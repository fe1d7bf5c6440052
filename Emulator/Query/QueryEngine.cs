using System;
using System.Collections.Generic;
using System.Data.SqlTypes;
using System.Globalization;
using System.Linq;
using System.Security;
using Mci.Emulator.Conversion;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Mci.Emulator.Security;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.SolutionModel;

namespace Mci.Emulator.Query
{
    /// <summary>
    /// Runs QueryExpression, QueryByAttribute and FetchXML over the store for one user: only rows their read
    /// privilege reaches, secured columns only with read permission. Link-entities join like SQL (an inner join
    /// repeats the root row per match; an outer join keeps it with nulls), orders sort nulls first, choices by
    /// label and lookups by name, paging returns a paging cookie, and FetchXML aggregates group and total.
    /// </summary>
    internal sealed partial class QueryEngine
    {
        /// <summary>Rows one page holds when the query says nothing (Dataverse's limit).</summary>
        public const int DefaultPageSize = 5000;

        private readonly Engine _engine;
        private readonly Principal _principal;
        private readonly Conditions.Environment _env;
        private readonly Dictionary<string, Source> _sources = new(StringComparer.Ordinal);
        /// <summary>The values of each condition converted to its column's type, once per query (in Validate), not per row.</summary>
        private readonly Dictionary<(ConditionExpression Condition, string Alias), IReadOnlyList<object?>> _arguments = new();
        private int _autoAlias;

        public QueryEngine(Engine engine, Principal principal)
        {
            _engine = engine;
            _principal = principal;
            _env = new Conditions.Environment(engine.Clock.UtcNow, principal.UserId, principal.BusinessUnitId, principal.Teams, principal.LanguageId);
        }

        /// <param name="Shared">Rows of the table shared with the user or a team of theirs for reading: readable whatever the depth reaches.</param>
        private sealed record Source(string Alias, TableDefinition Table, LinkEntity? Link, string? Parent, PrivilegeLevel Depth, IReadOnlySet<Guid> Shared);

        private sealed record Row(Guid Id, IReadOnlyDictionary<string, object?> Values);

        private sealed class Tuple : Dictionary<string, Row?>
        {
            public Tuple() : base(StringComparer.Ordinal) { }
            public Tuple(Tuple other) : base(other, StringComparer.Ordinal) { }
        }

        public static string? TableOf(object? query) => query switch
        {
            QueryExpression q => q.EntityName,
            QueryByAttribute q => q.EntityName,
            FetchExpression f => FetchXml.EntityName(f.Query),
            _ => null,
        };

        public EntityCollection Execute(QueryBase query)
        {
            switch (query)
            {
                case QueryExpression q:
                    return Run(q, Aggregates.From(q.ColumnSet), null);
                case QueryByAttribute qa:
                    return Run(FromQueryByAttribute(qa), null, null);
                case FetchExpression f:
                    var parsed = FetchXml.Parse(f.Query);
                    return Run(parsed.Query, parsed.Aggregates, parsed);
                default:
                    throw new NotSupportedException($"Query type {query?.GetType().Name ?? "null"} is not supported by the emulator.");
            }
        }

        private static QueryExpression FromQueryByAttribute(QueryByAttribute qa)
        {
            if (qa.Attributes.Count != qa.Values.Count) throw Faults.InvalidArgument("QueryByAttribute: Attributes and Values must have the same number of entries.");
            var q = new QueryExpression(qa.EntityName) { ColumnSet = qa.ColumnSet, TopCount = qa.TopCount, PageInfo = qa.PageInfo };
            for (var i = 0; i < qa.Attributes.Count; i++)
                q.Criteria.AddCondition(qa.Values[i] == null ? new ConditionExpression(qa.Attributes[i], ConditionOperator.Null) : new ConditionExpression(qa.Attributes[i], ConditionOperator.Equal, qa.Values[i]));
            foreach (var o in qa.Orders) q.Orders.Add(o);
            return q;
        }

        // ---------- the pipeline of a query ----------

        private EntityCollection Run(QueryExpression q, List<AggregateColumn>? aggregates, FetchXml.ParsedFetch? fetch)
        {
            var root = _engine.Table(q.EntityName);
            AddSource("", root, null, null);
            foreach (var link in q.LinkEntities) AddLinks(link, "");
            Validate(q, aggregates);

            IEnumerable<Tuple> tuples = Rows("").Select(r => new Tuple { [""] = r });
            foreach (var link in q.LinkEntities) tuples = Join(tuples, link, "");
            var filtered = tuples.Where(t => Matches(q.Criteria, t, "")).ToList();

            if (aggregates is { Count: > 0 }) return Aggregate(root, filtered, q, aggregates, fetch);

            var ordered = Order(filtered, q).ToList();
            var projected = ordered.Select(t => Project(q, t)).ToList();
            if (q.Distinct || fetch?.Distinct == true)
            {
                // DISTINCT compares the selected columns; the primary key counts only when it was asked for.
                var keepKey = q.ColumnSet.AllColumns || q.ColumnSet.Columns.Contains(root.PrimaryIdAttribute);
                if (!keepKey) foreach (var e in projected) e.Attributes.Remove(root.PrimaryIdAttribute);
                projected = projected.GroupBy(Key).Select(g => g.First()).ToList();
            }

            var top = fetch?.Top ?? q.TopCount;
            var page = q.PageInfo ?? new PagingInfo();
            if (top != null && page.Count > 0) throw Faults.InvalidArgument("A query cannot combine TopCount (top) with paging (PageInfo.Count / count).");
            var result = new EntityCollection { EntityName = root.LogicalName, TotalRecordCount = -1 };
            if (page.ReturnTotalRecordCount || fetch?.ReturnTotalRecordCount == true)
            {
                result.TotalRecordCount = Math.Min(projected.Count, DefaultPageSize);
                result.TotalRecordCountLimitExceeded = projected.Count > DefaultPageSize;
            }
            if (top != null)
            {
                result.Entities.AddRange(projected.Take(Math.Max(0, top.Value)));
                return result;
            }
            var size = page.Count > 0 ? page.Count : DefaultPageSize;
            var number = Math.Max(1, page.PageNumber);
            var skip = Skip(projected, page.PagingCookie, number, size, root);
            var slice = projected.Skip(skip).Take(size).ToList();
            result.Entities.AddRange(slice);
            result.MoreRecords = projected.Count > skip + slice.Count;
            if (slice.Count > 0)
                result.PagingCookie = $"<cookie page=\"{number}\"><{root.PrimaryIdAttribute} last=\"{{{slice[^1].Id.ToString().ToUpperInvariant()}}}\" first=\"{{{slice[0].Id.ToString().ToUpperInvariant()}}}\" /></cookie>";
            return result;
        }

        /// <summary>Where a page starts: after the cookie's last record when the cookie is for the previous page, else by page number.</summary>
        private static int Skip(List<Entity> rows, string? cookie, int page, int size, TableDefinition root)
        {
            if (!string.IsNullOrEmpty(cookie) && page > 1)
            {
                try
                {
                    var x = System.Xml.Linq.XElement.Parse(cookie);
                    var cookiePage = int.Parse(x.Attribute("page")?.Value ?? "0", CultureInfo.InvariantCulture);
                    var last = x.Element(root.PrimaryIdAttribute)?.Attribute("last")?.Value;
                    if (cookiePage == page - 1 && Guid.TryParse(last, out var lastId))
                    {
                        var index = rows.FindIndex(r => r.Id == lastId);
                        if (index >= 0) return index + 1;
                    }
                }
                catch (System.Xml.XmlException)
                {
                    throw Faults.InvalidArgument("The paging cookie is not valid XML.");
                }
            }
            return (page - 1) * size;
        }

        private void AddSource(string alias, TableDefinition table, LinkEntity? link, string? parent)
        {
            if (_sources.ContainsKey(alias)) throw Faults.InvalidArgument($"The alias '{alias}' is used by more than one link-entity.");
            var depth = _principal.IsSystem ? PrivilegeLevel.Global : _engine.Security.Require(_principal, PrivilegeAccess.Read, table.LogicalName, "RetrieveMultiple");
            var shared = _principal.IsSystem || depth == PrivilegeLevel.Global ? new HashSet<Guid>() : _engine.Security.SharedForReading(_principal, table.LogicalName);
            _sources[alias] = new Source(alias, table, link, parent, depth, shared);
        }

        private void AddLinks(LinkEntity link, string parent)
        {
            if (link.JoinOperator is not (JoinOperator.Inner or JoinOperator.LeftOuter or JoinOperator.Natural or JoinOperator.Exists or JoinOperator.In or JoinOperator.Any or JoinOperator.NotAny))
                throw new NotSupportedException($"The link-entity join operator {link.JoinOperator} is not supported by the emulator.");
            var table = _engine.Table(link.LinkToEntityName);
            var alias = link.EntityAlias ?? $"{link.LinkToEntityName}{++_autoAlias}";
            AddSource(alias, table, link, parent);
            foreach (var child in link.LinkEntities) AddLinks(child, alias);
        }

        private string AliasOf(LinkEntity link) => _sources.Values.First(s => ReferenceEquals(s.Link, link)).Alias;

        private IEnumerable<Row> Rows(string alias)
        {
            var source = _sources[alias];
            return _engine.Store.Rows(source.Table.LogicalName)
                .Where(r => source.Shared.Contains(r.Id) || _engine.Security.Reaches(_principal, source.Depth, source.Table.LogicalName, r.Id, r.Row))
                .Select(r => new Row(r.Id, r.Row));
        }

        private IEnumerable<Tuple> Join(IEnumerable<Tuple> tuples, LinkEntity link, string parentAlias)
        {
            var alias = AliasOf(link);
            var source = _sources[alias];
            var candidates = Rows(alias).Where(r => Matches(link.LinkCriteria, new Tuple { [alias] = r }, alias)).ToList();
            var parentTable = _sources[parentAlias].Table;
            var semi = link.JoinOperator is JoinOperator.Exists or JoinOperator.In or JoinOperator.Any;
            var anti = link.JoinOperator == JoinOperator.NotAny;
            var result = tuples.SelectMany(t =>
            {
                var parentRow = t.GetValueOrDefault(parentAlias);
                var from = parentRow == null ? null : SdkValues.Scalar(Value(parentTable, parentRow, link.LinkFromAttributeName));
                var matches = from == null ? new List<Row>() : candidates.Where(c => Equals(SdkValues.Scalar(Value(source.Table, c, link.LinkToAttributeName)), from)).ToList();
                if (semi) return matches.Count > 0 ? new[] { t } : Array.Empty<Tuple>();
                if (anti) return matches.Count == 0 ? new[] { t } : Array.Empty<Tuple>();
                if (matches.Count == 0) return link.JoinOperator == JoinOperator.LeftOuter ? new[] { new Tuple(t) { [alias] = null } } : Array.Empty<Tuple>();
                return matches.Select(m => new Tuple(t) { [alias] = m });
            });
            if (semi || anti) return result;
            foreach (var child in link.LinkEntities) result = Join(result, child, alias);
            return result;
        }

        private static object? Value(TableDefinition table, Row row, string attribute) =>
            attribute == table.PrimaryIdAttribute ? row.Id : row.Values.GetValueOrDefault(attribute);

        // ---------- filters ----------

        private bool Matches(FilterExpression? filter, Tuple t, string defaultAlias)
        {
            if (filter == null) return true;
            var results = filter.Conditions.Select(c => Matches(c, t, defaultAlias)).Concat(filter.Filters.Select(f => Matches(f, t, defaultAlias)));
            return filter.FilterOperator == LogicalOperator.Or ? filter.Conditions.Count + filter.Filters.Count == 0 || results.Any(r => r) : results.All(r => r);
        }

        private bool Matches(ConditionExpression c, Tuple t, string defaultAlias)
        {
            var alias = ResolveAlias(c.EntityName, defaultAlias);
            var source = _sources[alias];
            var column = Column(source.Table, c.AttributeName);
            var row = t.GetValueOrDefault(alias);
            var raw = row == null ? null : Value(source.Table, row, c.AttributeName);
            if (raw != null && column.IsSecured && !_engine.Security.CanReadColumn(_principal, source.Table.LogicalName, c.AttributeName)) raw = null;
            var value = raw is OptionSetValueCollection ? raw : SdkValues.Scalar(raw);
            IReadOnlyList<object?> args;
            if (c.CompareColumns)
            {
                var otherName = c.Values.Count == 1 ? c.Values[0] as string : null;
                if (otherName == null) throw Faults.InvalidArgument("A column comparison condition needs exactly one value: the other column's name.");
                var other = otherName.Contains('.') ? otherName.Split('.') : new[] { "", otherName };
                var otherAlias = ResolveAlias(other[0] == "" ? null : other[0], alias);
                Column(_sources[otherAlias].Table, other[1]);
                var otherRow = t.GetValueOrDefault(otherAlias);
                args = new[] { otherRow == null ? null : SdkValues.Scalar(Value(_sources[otherAlias].Table, otherRow, other[1])) };
                if (args[0] == null) return false;
            }
            else args = _arguments[(c, alias)];
            return Conditions.Evaluate(c.Operator, column, value, args, _env);
        }

        private string ResolveAlias(string? entityName, string defaultAlias)
        {
            if (string.IsNullOrEmpty(entityName)) return defaultAlias;
            if (_sources.ContainsKey(entityName)) return entityName;
            if (_sources[""].Table.LogicalName == entityName) return "";
            var byTable = _sources.Values.Where(s => s.Table.LogicalName == entityName).ToList();
            if (byTable.Count == 1) return byTable[0].Alias;
            throw Faults.InvalidArgument($"No link-entity in the query has the alias or name '{entityName}'.");
        }

        private static ColumnDefinition Column(TableDefinition table, string? attribute) =>
            (attribute == null ? null : table.Column(attribute)) ?? throw Faults.UnknownColumn(table.LogicalName, attribute ?? "");

        /// <summary>Unknown columns and operators are refused up front, even when no row would reach them.</summary>
        private void Validate(QueryExpression q, List<AggregateColumn>? aggregates)
        {
            void Filter(FilterExpression? f, string alias)
            {
                if (f == null) return;
                foreach (var c in f.Conditions)
                {
                    Conditions.RequireSupported(c.Operator);
                    var a = ResolveAlias(c.EntityName, alias);
                    var column = Column(_sources[a].Table, c.AttributeName);
                    if (!c.CompareColumns) _arguments[(c, a)] = c.Values.Select(v => Conditions.Coerce(_sources[a].Table, column, v, c.Operator)).ToList();
                }
                foreach (var sub in f.Filters) Filter(sub, alias);
            }
            Filter(q.Criteria, "");
            if (aggregates is not { Count: > 0 })
            {
                if (!q.ColumnSet.AllColumns) foreach (var c in q.ColumnSet.Columns) Column(_sources[""].Table, c);
                foreach (var o in q.Orders) Column(_sources[ResolveAlias(o.EntityName, "")].Table, o.AttributeName);
            }
            foreach (var s in _sources.Values.Where(s => s.Link != null))
            {
                Column(_sources[s.Parent!].Table, s.Link!.LinkFromAttributeName);
                Column(s.Table, s.Link.LinkToAttributeName);
                if (!s.Link.Columns.AllColumns) foreach (var c in s.Link.Columns.Columns) Column(s.Table, c);
                foreach (var o in s.Link.Orders) Column(s.Table, o.AttributeName);
                Filter(s.Link.LinkCriteria, s.Alias);
            }
        }

        // ---------- order and projection ----------

        private IEnumerable<Tuple> Order(List<Tuple> tuples, QueryExpression q)
        {
            var keys = q.Orders.Select(o => (Alias: ResolveAlias(o.EntityName, ""), o.AttributeName, o.OrderType))
                .Concat(_sources.Values.Where(s => s.Link != null).SelectMany(s => s.Link!.Orders.Select(o => (s.Alias, o.AttributeName, o.OrderType)))).ToList();
            IOrderedEnumerable<Tuple>? ordered = null;
            foreach (var (alias, attribute, type) in keys)
            {
                Func<Tuple, object?> key = t => SortValue(alias, attribute, t);
                ordered = ordered == null
                    ? (type == OrderType.Descending ? tuples.OrderByDescending(key, SortComparer.Instance) : tuples.OrderBy(key, SortComparer.Instance))
                    : (type == OrderType.Descending ? ordered.ThenByDescending(key, SortComparer.Instance) : ordered.ThenBy(key, SortComparer.Instance));
            }
            // Dataverse adds the primary key as the last sort key, which makes paging stable.
            Func<Tuple, object?> id = t => t[""]!.Id;
            return ordered == null ? tuples.OrderBy(id, SortComparer.Instance) : ordered.ThenBy(id, SortComparer.Instance);
        }

        /// <summary>Choices sort by label and lookups by name (as Dataverse does), other values by themselves.</summary>
        private object? SortValue(string alias, string attribute, Tuple t)
        {
            var source = _sources[alias];
            var row = t.GetValueOrDefault(alias);
            if (row == null) return null;
            var value = Value(source.Table, row, attribute);
            var column = source.Table.Column(attribute)!;
            return value switch
            {
                OptionSetValue o => column.Choice?.Find(o.Value)?.Label(_principal.LanguageId) ?? o.Value.ToString(CultureInfo.InvariantCulture),
                EntityReference r => (_engine.WithName(Values.Copy(r)) as EntityReference)?.Name ?? r.Id.ToString(),
                _ => SdkValues.Scalar(value),
            };
        }

        private sealed class SortComparer : IComparer<object?>
        {
            public static readonly SortComparer Instance = new();

            public int Compare(object? x, object? y)
            {
                if (x == null) return y == null ? 0 : -1;
                if (y == null) return 1;
                if (x is Guid gx && y is Guid gy) return new SqlGuid(gx).CompareTo(new SqlGuid(gy));
                if (x is bool bx && y is bool by) return bx.CompareTo(by);
                return SdkValues.Compare(x, y);
            }
        }

        private Entity Project(QueryExpression q, Tuple t)
        {
            var root = _sources[""];
            var rootRow = t[""]!;
            var entity = _engine.Project(root.Table, rootRow.Id, rootRow.Values, q.ColumnSet, _principal);
            foreach (var s in _sources.Values.Where(s => s.Link != null && s.Link.JoinOperator is JoinOperator.Inner or JoinOperator.LeftOuter or JoinOperator.Natural))
            {
                var row = t.GetValueOrDefault(s.Alias);
                if (row == null) continue;
                var linked = _engine.Project(s.Table, row.Id, row.Values, s.Link!.Columns, _principal);
                var wanted = s.Link.Columns.AllColumns ? linked.Attributes.Keys.ToList() : s.Link.Columns.Columns.ToList();
                foreach (var name in wanted.Where(linked.Contains))
                {
                    entity[$"{s.Alias}.{name}"] = new AliasedValue(s.Table.LogicalName, name, linked[name]);
                    if (linked.FormattedValues.TryGetValue(name, out var f)) entity.FormattedValues[$"{s.Alias}.{name}"] = f;
                }
            }
            return entity;
        }

        private static string Key(Entity e) =>
            string.Join("|", e.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + Values.Describe(SdkValues.Scalar(a.Value))));
    }
}
