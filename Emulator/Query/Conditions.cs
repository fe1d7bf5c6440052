using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Mci.Emulator.Conversion;
using Mci.Emulator.Metadata;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.SolutionModel;

namespace Mci.Emulator.Query
{
    /// <summary>
    /// Evaluates one condition the way Dataverse's SQL does: a comparison with a null column value is false
    /// (so NotEqual and NotIn skip nulls), strings compare case-insensitively, dates are UTC. An operator the
    /// emulator does not implement throws NotSupportedException naming it, never a silently wrong answer.
    /// </summary>
    internal static class Conditions
    {
        /// <summary>The operators the emulator evaluates (docs/emulator.md, "Query support", lists them with their meaning).</summary>
        public static readonly IReadOnlySet<ConditionOperator> Supported = new HashSet<ConditionOperator>
        {
            ConditionOperator.Equal, ConditionOperator.NotEqual, ConditionOperator.GreaterThan, ConditionOperator.GreaterEqual,
            ConditionOperator.LessThan, ConditionOperator.LessEqual, ConditionOperator.Like, ConditionOperator.NotLike,
            ConditionOperator.In, ConditionOperator.NotIn, ConditionOperator.Between, ConditionOperator.NotBetween,
            ConditionOperator.Null, ConditionOperator.NotNull, ConditionOperator.BeginsWith, ConditionOperator.DoesNotBeginWith,
            ConditionOperator.EndsWith, ConditionOperator.DoesNotEndWith,
            ConditionOperator.On, ConditionOperator.NotOn, ConditionOperator.OnOrBefore, ConditionOperator.OnOrAfter,
            ConditionOperator.Today, ConditionOperator.Yesterday, ConditionOperator.Tomorrow,
            ConditionOperator.Last7Days, ConditionOperator.Next7Days, ConditionOperator.LastXHours, ConditionOperator.NextXHours,
            ConditionOperator.LastXDays, ConditionOperator.NextXDays, ConditionOperator.LastXWeeks, ConditionOperator.NextXWeeks,
            ConditionOperator.LastXMonths, ConditionOperator.NextXMonths, ConditionOperator.LastXYears, ConditionOperator.NextXYears,
            ConditionOperator.OlderThanXMinutes, ConditionOperator.OlderThanXHours, ConditionOperator.OlderThanXDays,
            ConditionOperator.OlderThanXWeeks, ConditionOperator.OlderThanXMonths, ConditionOperator.OlderThanXYears,
            ConditionOperator.ThisWeek, ConditionOperator.LastWeek, ConditionOperator.NextWeek,
            ConditionOperator.ThisMonth, ConditionOperator.LastMonth, ConditionOperator.NextMonth,
            ConditionOperator.ThisYear, ConditionOperator.LastYear, ConditionOperator.NextYear,
            ConditionOperator.EqualUserId, ConditionOperator.NotEqualUserId, ConditionOperator.EqualBusinessId, ConditionOperator.NotEqualBusinessId,
            ConditionOperator.EqualUserTeams, ConditionOperator.EqualUserOrUserTeams, ConditionOperator.EqualUserLanguage,
            ConditionOperator.ContainValues, ConditionOperator.DoesNotContainValues,
        };

        /// <summary>What the condition needs to know about the caller and the clock.</summary>
        internal sealed record Environment(DateTime Now, Guid UserId, Guid BusinessUnitId, IReadOnlyCollection<Guid> Teams, int LanguageId);

        public static void RequireSupported(ConditionOperator op)
        {
            if (!Supported.Contains(op))
                throw new NotSupportedException($"The condition operator {op} is not supported by the emulator (it would need {Reason(op)}).");
        }

        private static string Reason(ConditionOperator op) => op switch
        {
            ConditionOperator.Contains or ConditionOperator.DoesNotContain => "a full-text index; use Like with %text%",
            ConditionOperator.Under or ConditionOperator.UnderOrEqual or ConditionOperator.NotUnder or ConditionOperator.Above or ConditionOperator.AboveOrEqual
                or ConditionOperator.EqualUserOrUserHierarchy or ConditionOperator.EqualUserOrUserHierarchyAndTeams or ConditionOperator.ChildOf => "hierarchy metadata",
            _ when op.ToString().Contains("Fiscal", StringComparison.Ordinal) => "the organization's fiscal calendar",
            _ => "semantics the emulator does not model",
        };

        /// <summary>Evaluates the operator on a column value (already a scalar: Money→decimal, choice→int, lookup→Guid).</summary>
        public static bool Evaluate(ConditionOperator op, ColumnDefinition column, object? value, IReadOnlyList<object?> args, Environment env)
        {
            switch (op)
            {
                case ConditionOperator.Null: return value == null;
                case ConditionOperator.NotNull: return value != null;
                case ConditionOperator.EqualUserId: return value is Guid g1 && g1 == env.UserId;
                case ConditionOperator.NotEqualUserId: return value is Guid g2 && g2 != env.UserId;
                case ConditionOperator.EqualBusinessId: return value is Guid g3 && g3 == env.BusinessUnitId;
                case ConditionOperator.NotEqualBusinessId: return value is Guid g4 && g4 != env.BusinessUnitId;
                case ConditionOperator.EqualUserTeams: return value is Guid g5 && env.Teams.Contains(g5);
                case ConditionOperator.EqualUserOrUserTeams: return value is Guid g6 && (g6 == env.UserId || env.Teams.Contains(g6));
                case ConditionOperator.EqualUserLanguage: return value is int lang && lang == env.LanguageId;
            }
            if (value == null) return false;
            switch (op)
            {
                case ConditionOperator.Equal: return Compare(value, One(op, args)) == 0;
                case ConditionOperator.NotEqual: return Compare(value, One(op, args)) != 0;
                case ConditionOperator.GreaterThan: return Compare(value, One(op, args)) > 0;
                case ConditionOperator.GreaterEqual: return Compare(value, One(op, args)) >= 0;
                case ConditionOperator.LessThan: return Compare(value, One(op, args)) < 0;
                case ConditionOperator.LessEqual: return Compare(value, One(op, args)) <= 0;
                case ConditionOperator.In: return Many(op, args).Any(a => Compare(value, a) == 0);
                case ConditionOperator.NotIn: return Many(op, args).All(a => Compare(value, a) != 0);
                case ConditionOperator.Between: return Two(op, args) is var (lo, hi) && Compare(value, lo) >= 0 && Compare(value, hi) <= 0;
                case ConditionOperator.NotBetween: return Two(op, args) is var (lo2, hi2) && (Compare(value, lo2) < 0 || Compare(value, hi2) > 0);
                case ConditionOperator.Like: return Like(Text(value), Text(One(op, args)));
                case ConditionOperator.NotLike: return !Like(Text(value), Text(One(op, args)));
                case ConditionOperator.BeginsWith: return Like(Text(value), Text(One(op, args)) + "%");
                case ConditionOperator.DoesNotBeginWith: return !Like(Text(value), Text(One(op, args)) + "%");
                case ConditionOperator.EndsWith: return Like(Text(value), "%" + Text(One(op, args)));
                case ConditionOperator.DoesNotEndWith: return !Like(Text(value), "%" + Text(One(op, args)));
                case ConditionOperator.ContainValues: return value is OptionSetValueCollection c1 && Many(op, args).Any(a => c1.Any(o => o.Value == (int)a!));
                case ConditionOperator.DoesNotContainValues: return value is OptionSetValueCollection c2 && Many(op, args).All(a => c2.All(o => o.Value != (int)a!));
            }
            var date = value is DateTime d ? d : throw Faults.InvalidArgument($"The operator {op} needs a date and time column; '{column.LogicalName}' is {column.Type}.");
            var today = env.Now.Date;
            switch (op)
            {
                case ConditionOperator.On: return date.Date == Date(op, args);
                case ConditionOperator.NotOn: return date.Date != Date(op, args);
                case ConditionOperator.OnOrAfter: return date.Date >= Date(op, args);
                case ConditionOperator.OnOrBefore: return date.Date <= Date(op, args);
                case ConditionOperator.Today: return date >= today && date < today.AddDays(1);
                case ConditionOperator.Yesterday: return date >= today.AddDays(-1) && date < today;
                case ConditionOperator.Tomorrow: return date >= today.AddDays(1) && date < today.AddDays(2);
                case ConditionOperator.Last7Days: return date >= today.AddDays(-7) && date <= env.Now;
                case ConditionOperator.Next7Days: return date >= env.Now && date < today.AddDays(8);
                case ConditionOperator.LastXHours: return date >= env.Now.AddHours(-X(op, args)) && date <= env.Now;
                case ConditionOperator.NextXHours: return date >= env.Now && date <= env.Now.AddHours(X(op, args));
                case ConditionOperator.LastXDays: return date >= today.AddDays(-X(op, args)) && date <= env.Now;
                case ConditionOperator.NextXDays: return date >= env.Now && date < today.AddDays(X(op, args) + 1);
                case ConditionOperator.LastXWeeks: return date >= today.AddDays(-7 * X(op, args)) && date <= env.Now;
                case ConditionOperator.NextXWeeks: return date >= env.Now && date < today.AddDays(7 * X(op, args) + 1);
                case ConditionOperator.LastXMonths: return date >= today.AddMonths(-X(op, args)) && date <= env.Now;
                case ConditionOperator.NextXMonths: return date >= env.Now && date < today.AddMonths(X(op, args)).AddDays(1);
                case ConditionOperator.LastXYears: return date >= today.AddYears(-X(op, args)) && date <= env.Now;
                case ConditionOperator.NextXYears: return date >= env.Now && date < today.AddYears(X(op, args)).AddDays(1);
                case ConditionOperator.OlderThanXMinutes: return date < env.Now.AddMinutes(-X(op, args));
                case ConditionOperator.OlderThanXHours: return date < env.Now.AddHours(-X(op, args));
                case ConditionOperator.OlderThanXDays: return date < today.AddDays(-X(op, args));
                case ConditionOperator.OlderThanXWeeks: return date < today.AddDays(-7 * X(op, args));
                case ConditionOperator.OlderThanXMonths: return date < today.AddMonths(-X(op, args));
                case ConditionOperator.OlderThanXYears: return date < today.AddYears(-X(op, args));
            }
            var week = today.AddDays(-(int)today.DayOfWeek);
            var month = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            var year = new DateTime(today.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            return op switch
            {
                ConditionOperator.ThisWeek => date >= week && date < week.AddDays(7),
                ConditionOperator.LastWeek => date >= week.AddDays(-7) && date < week,
                ConditionOperator.NextWeek => date >= week.AddDays(7) && date < week.AddDays(14),
                ConditionOperator.ThisMonth => date >= month && date < month.AddMonths(1),
                ConditionOperator.LastMonth => date >= month.AddMonths(-1) && date < month,
                ConditionOperator.NextMonth => date >= month.AddMonths(1) && date < month.AddMonths(2),
                ConditionOperator.ThisYear => date >= year && date < year.AddYears(1),
                ConditionOperator.LastYear => date >= year.AddYears(-1) && date < year,
                ConditionOperator.NextYear => date >= year.AddYears(1) && date < year.AddYears(2),
                _ => throw new NotSupportedException($"The condition operator {op} is not supported by the emulator."),
            };
        }

        private static int Compare(object value, object? arg) =>
            arg == null ? throw Faults.InvalidArgument("A condition value is null; use the Null or NotNull operator.") : SdkValues.Compare(value, arg);

        private static object? One(ConditionOperator op, IReadOnlyList<object?> args) =>
            args.Count == 1 ? args[0] : throw Faults.InvalidArgument($"The {op} operator takes exactly one value; {args.Count} given.");

        private static IReadOnlyList<object?> Many(ConditionOperator op, IReadOnlyList<object?> args) =>
            args.Count > 0 ? args : throw Faults.InvalidArgument($"The {op} operator needs at least one value.");

        private static (object? Lo, object? Hi) Two(ConditionOperator op, IReadOnlyList<object?> args) =>
            args.Count == 2 ? (args[0], args[1]) : throw Faults.InvalidArgument($"The {op} operator takes exactly two values; {args.Count} given.");

        private static int X(ConditionOperator op, IReadOnlyList<object?> args) => One(op, args) switch
        {
            int i => i,
            long l => (int)l,
            string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
            var other => throw Faults.InvalidArgument($"The {op} operator needs a whole number; '{other}' given."),
        };

        private static DateTime Date(ConditionOperator op, IReadOnlyList<object?> args) => One(op, args) is DateTime d ? d.Date
            : throw Faults.InvalidArgument($"The {op} operator needs a date.");

        private static string Text(object? value) => value as string ?? Values.Describe(value);

        /// <summary>SQL LIKE: % any run, _ one character, [set] and [^set]; case-insensitive.</summary>
        public static bool Like(string value, string pattern)
        {
            var regex = new StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                var ch = pattern[i];
                if (ch == '%') regex.Append(".*");
                else if (ch == '_') regex.Append('.');
                else if (ch == '[' && pattern.IndexOf(']', i + 1) is var end and > 0)
                {
                    var set = pattern.Substring(i + 1, end - i - 1);
                    regex.Append('[').Append(set.StartsWith('^') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = end;
                }
                else regex.Append(Regex.Escape(ch.ToString()));
            }
            return Regex.IsMatch(value, regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        }

        /// <summary>
        /// A condition value as the column's scalar type: strings (FetchXML) are parsed, SDK wrappers unwrapped
        /// (Money, OptionSetValue, EntityReference). Anything else is refused like Dataverse refuses it.
        /// </summary>
        public static object? Coerce(TableDefinition table, ColumnDefinition column, object? value, ConditionOperator op)
        {
            if (value == null) return null;
            if (op is ConditionOperator.LastXHours or ConditionOperator.NextXHours or ConditionOperator.LastXDays or ConditionOperator.NextXDays
                or ConditionOperator.LastXWeeks or ConditionOperator.NextXWeeks or ConditionOperator.LastXMonths or ConditionOperator.NextXMonths
                or ConditionOperator.LastXYears or ConditionOperator.NextXYears or ConditionOperator.OlderThanXMinutes or ConditionOperator.OlderThanXHours
                or ConditionOperator.OlderThanXDays or ConditionOperator.OlderThanXWeeks or ConditionOperator.OlderThanXMonths or ConditionOperator.OlderThanXYears)
                return value;
            var s = value as string;
            object? result = column.Type switch
            {
                ColumnType.String or ColumnType.Memo or ColumnType.EntityName => s,
                ColumnType.Integer => value is int i ? i : s != null && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pi) ? pi : null,
                ColumnType.BigInt => value is long l ? l : value is int li ? (long)li : s != null && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pl) ? pl : null,
                ColumnType.Decimal or ColumnType.Money => value switch
                {
                    decimal d => d, int di => (decimal)di, long dl => (decimal)dl, double dd => (decimal)dd, Money m => m.Value,
                    string ds when decimal.TryParse(ds, NumberStyles.Number, CultureInfo.InvariantCulture, out var pd) => pd,
                    _ => null,
                },
                ColumnType.Double => value switch
                {
                    double f => f, int fi => (double)fi, decimal fd => (double)fd,
                    string fs when double.TryParse(fs, NumberStyles.Float, CultureInfo.InvariantCulture, out var pf) => pf,
                    _ => null,
                },
                ColumnType.Boolean => value switch
                {
                    bool b => b, int bi when bi is 0 or 1 => bi == 1,
                    string bs when bs is "0" or "1" => bs == "1",
                    string bs when bool.TryParse(bs, out var pb) => pb,
                    _ => null,
                },
                ColumnType.DateTime => value switch
                {
                    DateTime dt => dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : DateTime.SpecifyKind(dt, DateTimeKind.Utc),
                    string ts when DateTime.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var pt) => pt,
                    _ => null,
                },
                ColumnType.Picklist or ColumnType.State or ColumnType.Status or ColumnType.MultiSelectPicklist => value switch
                {
                    int oi => oi, OptionSetValue o => o.Value,
                    string os when int.TryParse(os, NumberStyles.Integer, CultureInfo.InvariantCulture, out var po) => po,
                    _ => null,
                },
                ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner or ColumnType.PrimaryKey or ColumnType.UniqueIdentifier => value switch
                {
                    Guid g => g, EntityReference r => r.Id,
                    string gs when Guid.TryParse(gs, out var pg) => pg,
                    _ => null,
                },
                _ => null,
            };
            return result ?? throw Faults.InvalidArgument(
                $"Condition for attribute '{table.LogicalName}.{column.LogicalName}': expected argument(s) of type '{column.Type}' but received '{value.GetType().FullName}' ({Values.Describe(value)}).");
        }
    }
}
