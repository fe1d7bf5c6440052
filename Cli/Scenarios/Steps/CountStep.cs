using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Mci.Emulator.Conversion;

namespace Mci.Cli.Scenarios
{
    /// <summary>"count": "TABLE" — counts the rows whose columns equal every "where" value: "equals" or "atLeast" a number.</summary>
    internal sealed record CountStep(int Index, string Path, string? Note, string Table, IReadOnlyList<ColumnValue> Where, int Number, bool AtLeast) : CheckStep(Index, Path, Note)
    {
        public static readonly StepKind Definition = new("count", Acts: false, new[] { "where", "equals", "atLeast" }, Read);

        public override string Kind => Definition.Key;

        public override string Description => $"count {Table}" + (Where.Count > 0 ? $" where {Columns(Where)[2..]}" : "") + (AtLeast ? $" ≥ {Number}" : $" = {Number}");

        private static Step? Read(StepSource s)
        {
            var r = s.Context;
            var o = s.Object;
            var table = r.TableName(s.Target, s.TargetPath);
            var where = table == null ? new List<ColumnValue>() : r.ColumnValues(o, "where", table, required: false, what: "conditions");
            int? number = null;
            var atLeast = false;
            if (o.Has("equals") && o.Has("atLeast")) r.Error(s.Path, "a count has either 'equals' or 'atLeast', not both");
            else if (!o.Has("equals") && !o.Has("atLeast")) r.Error(s.Path, "a count needs 'equals' or 'atLeast' (a whole number)");
            else
            {
                atLeast = o.Has("atLeast");
                var key = atLeast ? "atLeast" : "equals";
                var n = o.Get(key)!.Value;
                if (n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var value) && value >= 0) number = value;
                else r.Error(o.PathOf(key), $"'{key}' is a whole number of rows (0 or more), not {ValueConverter.Describe(n)}");
            }
            return table == null || number == null ? null : new CountStep(s.Index, s.Path, s.Note, table.LogicalName, where, number.Value, atLeast);
        }

        internal override void Check(ScenarioRun run, List<Mismatch> mismatches)
        {
            var n = run.Env.All(Table).Count(row => Where.All(w => w.Value.Matches(row.Contains(w.Column) ? row[w.Column] : null, run)));
            var holds = AtLeast ? n >= Number : n == Number;
            if (!holds) mismatches.Add(new Mismatch("rows", (AtLeast ? "at least " : "") + Number.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
