using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Mci.Emulator.Conversion;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// "expect": "ALIAS" — checks a record's stored columns (read without security), or the outputs an alias holds;
    /// "exists": false checks that the record is gone.
    /// </summary>
    internal sealed record ExpectStep(int Index, string Path, string? Note, string Target, bool Exists, IReadOnlyList<ColumnValue> Values) : CheckStep(Index, Path, Note)
    {
        public static readonly StepKind Definition = new("expect", Acts: false, new[] { "values", "exists" }, Read);

        public override string Kind => Definition.Key;

        public override string Description => Exists ? $"expect {Target}" + Columns(Values) : $"expect {Target} gone";

        private static Step? Read(StepSource s)
        {
            var r = s.Context;
            var o = s.Object;
            if (r.UseAlias(s.Target, s.TargetPath, "expect", null) is not { } alias) return null;
            var info = r.Aliases[alias];
            var exists = true;
            if (o.Get("exists") is { } ex)
            {
                if (info.Kind == AliasKind.Outputs) r.Error(o.PathOf("exists"), $"'exists' checks a record; '{alias}' holds {info.OutputsText}");
                else if (ex.ValueKind is JsonValueKind.True or JsonValueKind.False) exists = ex.GetBoolean();
                else r.Error(o.PathOf("exists"), $"'exists' is true or false, not {ValueConverter.Describe(ex)}");
            }
            List<ColumnValue> values;
            if (info.Outputs is { } outputs)
            {
                values = new List<ColumnValue>();
                if (o.Get("values") is { } v)
                {
                    var vo = CheckedObject.Open(r, v, o.PathOf("values"), $"the outputs of {outputs.Source}", outputs.Outputs.Keys.ToArray(), outputs.KeyKind);
                    if (vo != null)
                    {
                        values = r.NamedValues(vo, outputs.Outputs);
                        if (vo.Properties.Count == 0) r.Error(o.PathOf("values"), "'values' names no output to check");
                    }
                }
                else r.Error(s.Path, "'values' is required: the outputs to check");
            }
            else if (info.Table == null)
            {
                values = new List<ColumnValue>(); // its create step's table was unknown (reported there)
            }
            else
            {
                var table = r.Metadata.Table(info.Table)!;
                if (!exists && o.Has("values")) r.Error(o.PathOf("values"), "a record expected not to exist has no values to check");
                values = exists ? r.ColumnValues(o, "values", table, required: !o.Has("exists"), what: "values to check") : new List<ColumnValue>();
            }
            return new ExpectStep(s.Index, s.Path, s.Note, alias, exists, values);
        }

        internal override void Check(ScenarioRun run, List<Mismatch> mismatches)
        {
            if (run.Outputs(Target) is { } held)
            {
                if (held.Values == null) throw new StepFailure($"'{Target}' has no outputs: its {held.StepKey} step was refused");
                foreach (var v in Values)
                {
                    held.Values.TryGetValue(v.Column, out var actual);
                    if (!v.Value.Matches(actual, run)) mismatches.Add(new Mismatch(v.Column, v.Value.Text, run.DescribeValue(actual, null)));
                }
                return;
            }
            var target = run.Reference(Target);
            var row = run.Env.Peek(target.LogicalName, target.Id);
            if (!Exists)
            {
                if (row != null) mismatches.Add(new Mismatch("exists", "no such record (deleted)", "the record exists"));
                return;
            }
            if (row == null)
            {
                mismatches.Add(new Mismatch("exists", "the record", "no such record (deleted)"));
                return;
            }
            var table = run.Metadata.Table(target.LogicalName)!;
            foreach (var v in Values)
            {
                var actual = row.Contains(v.Column) ? row[v.Column] : null;
                if (!v.Value.Matches(actual, run)) mismatches.Add(new Mismatch(v.Column, v.Value.Text, run.DescribeValue(actual, table.Column(v.Column))));
            }
        }
    }
}
