using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mci.Emulator.Conversion;
using Mci.Emulator.Metadata;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.SolutionModel;

namespace Mci.Emulator.Query
{
    internal enum AggregateKind { Count, CountColumn, Sum, Avg, Min, Max, GroupBy }

    /// <summary>One column of an aggregate query: FetchXML &lt;attribute aggregate=... alias=...&gt; or an XrmAttributeExpression.</summary>
    internal sealed record AggregateColumn(string Alias, string? EntityAlias, string Attribute, AggregateKind Kind, bool Distinct, XrmDateTimeGrouping DateGrouping = XrmDateTimeGrouping.None);

    internal static class Aggregates
    {
        public static List<AggregateColumn>? From(ColumnSet columns)
        {
            if (columns.AttributeExpressions.Count == 0) return null;
            return columns.AttributeExpressions.Select(a => new AggregateColumn(
                a.Alias ?? a.AttributeName,
                null,
                a.AttributeName,
                a.HasGroupBy || a.AggregateType == XrmAggregateType.None ? AggregateKind.GroupBy : a.AggregateType switch
                {
                    XrmAggregateType.Count => AggregateKind.Count,
                    XrmAggregateType.CountColumn => AggregateKind.CountColumn,
                    XrmAggregateType.Sum => AggregateKind.Sum,
                    XrmAggregateType.Avg => AggregateKind.Avg,
                    XrmAggregateType.Min => AggregateKind.Min,
                    _ => AggregateKind.Max,
                },
                false,
                a.DateTimeGrouping)).ToList();
        }
    }

    internal sealed partial class QueryEngine
    {
        /// <summary>
        /// Groups the filtered rows by the group-by columns and computes each aggregate as an AliasedValue:
        /// count and countcolumn as int, sum/avg/min/max of money as Money, of numbers as their type. Null values
        /// are ignored by everything but count; an aggregate with no value left is not returned (like any null).
        /// </summary>
        private EntityCollection Aggregate(TableDefinition root, List<Tuple> rows, QueryExpression q, List<AggregateColumn> columns, FetchXml.ParsedFetch? fetch)
        {
            foreach (var c in columns.Where(c => c.Kind != AggregateKind.Count || c.Attribute != root.PrimaryIdAttribute))
            {
                var column = Column(_sources[ResolveAlias(c.EntityAlias, "")].Table, c.Attribute);
                if (c.Kind is AggregateKind.Sum or AggregateKind.Avg && column.Type is not (ColumnType.Integer or ColumnType.BigInt or ColumnType.Decimal or ColumnType.Double or ColumnType.Money))
                    throw Faults.InvalidArgument($"The aggregate {c.Kind} cannot be applied to '{c.Attribute}' ({column.Type}).");
                if (c.DateGrouping is not (XrmDateTimeGrouping.None or XrmDateTimeGrouping.Day or XrmDateTimeGrouping.Month or XrmDateTimeGrouping.Year))
                    throw new NotSupportedException($"Date grouping {c.DateGrouping} is not supported by the emulator.");
            }
            var groupBy = columns.Where(c => c.Kind == AggregateKind.GroupBy).ToList();
            var groups = rows.GroupBy(t => string.Join("|", groupBy.Select(g => Values.Describe(Group(g, Read(t, g))))));
            var result = new EntityCollection { EntityName = root.LogicalName, TotalRecordCount = -1 };
            var entities = new List<Entity>();
            foreach (var group in groups)
            {
                if (groupBy.Count > 0 && !group.Any()) continue;
                var e = new Entity(root.LogicalName);
                foreach (var c in columns)
                {
                    var table = _sources[ResolveAlias(c.EntityAlias, "")].Table;
                    var column = table.Column(c.Attribute)!;
                    var values = group.Select(t => Read(t, c)).ToList();
                    object? value = c.Kind switch
                    {
                        AggregateKind.Count => values.Count,
                        AggregateKind.CountColumn => (c.Distinct ? values.Where(v => v != null).Select(v => Values.Describe(SdkValues.Scalar(v))).Distinct().Count() : values.Count(v => v != null)),
                        AggregateKind.GroupBy => Group(c, values.FirstOrDefault()),
                        _ => Compute(c, column, values.Where(v => v != null).Select(v => v!).ToList()),
                    };
                    if (value == null) continue;
                    e[c.Alias] = new AliasedValue(table.LogicalName, c.Attribute, _engine.WithName(Values.Copy(value)));
                    if (Pipeline.Engine.Formatted(column, value, _principal.LanguageId) is { } f) e.FormattedValues[c.Alias] = f;
                }
                entities.Add(e);
            }
            // Group-less aggregates over no rows still answer one row (count 0), as SQL does.
            if (groupBy.Count == 0 && entities.Count == 0)
            {
                var e = new Entity(root.LogicalName);
                foreach (var c in columns.Where(c => c.Kind is AggregateKind.Count or AggregateKind.CountColumn))
                    e[c.Alias] = new AliasedValue(root.LogicalName, c.Attribute, 0);
                entities.Add(e);
            }
            var orders = q.Orders.Select(o => (Alias: o.Alias ?? o.AttributeName, o.OrderType)).ToList();
            IEnumerable<Entity> ordered = entities;
            foreach (var (alias, type) in Enumerable.Reverse(orders))
            {
                if (columns.All(c => c.Alias != alias)) throw Faults.InvalidArgument($"An aggregate query can only order by an alias of its attributes; '{alias}' is not one.");
                object? Key(Entity e)
                {
                    if (!e.Contains(alias)) return null;
                    var av = (AliasedValue)e[alias];
                    return av.Value is OptionSetValue or EntityReference && e.FormattedValues.TryGetValue(alias, out var f) ? f : SdkValues.Scalar(av.Value);
                }
                ordered = type == OrderType.Descending ? ordered.OrderByDescending(Key, SortComparer.Instance) : ordered.OrderBy(Key, SortComparer.Instance);
            }
            var top = fetch?.Top ?? q.TopCount;
            result.Entities.AddRange(top != null ? ordered.Take(top.Value) : ordered);
            return result;
        }

        private object? Read(Tuple t, AggregateColumn c)
        {
            var alias = ResolveAlias(c.EntityAlias, "");
            var row = t.GetValueOrDefault(alias);
            if (row == null) return null;
            var table = _sources[alias].Table;
            if (!_engine.Security.CanReadColumn(_principal, table.LogicalName, c.Attribute)) return null;
            return Value(table, row, c.Attribute);
        }

        private static object? Group(AggregateColumn c, object? value)
        {
            if (value is not DateTime d || c.DateGrouping == XrmDateTimeGrouping.None) return value;
            return c.DateGrouping switch
            {
                XrmDateTimeGrouping.Day => d.Day,
                XrmDateTimeGrouping.Month => d.Month,
                _ => d.Year,
            };
        }

        private static object? Compute(AggregateColumn c, ColumnDefinition column, List<object> values)
        {
            if (values.Count == 0) return null;
            var money = column.Type == ColumnType.Money;
            switch (c.Kind)
            {
                case AggregateKind.Min:
                case AggregateKind.Max:
                    var ordered = values.OrderBy(v => SdkValues.Scalar(v), SortComparer.Instance).ToList();
                    return c.Kind == AggregateKind.Min ? ordered[0] : ordered[^1];
                case AggregateKind.Sum:
                    var scalars = values.Select(v => SdkValues.Scalar(v)!).ToList();
                    if (column.Type == ColumnType.Integer) return scalars.Sum(v => (int)v);
                    if (column.Type == ColumnType.BigInt) return scalars.Sum(v => (long)v);
                    if (column.Type == ColumnType.Double) return scalars.Sum(v => (double)v);
                    var total = scalars.Sum(v => Convert.ToDecimal(v, CultureInfo.InvariantCulture));
                    return money ? new Money(total) : total;
                default:
                    var average = values.Select(v => Convert.ToDecimal(SdkValues.Scalar(v), CultureInfo.InvariantCulture)).Average();
                    return money ? new Money(average) : column.Type == ColumnType.Double ? (object)(double)average : average;
            }
        }
    }
}
