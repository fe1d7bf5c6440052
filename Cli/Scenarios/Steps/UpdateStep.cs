using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>"update": "ALIAS" — updates the record with its values.</summary>
    internal sealed record UpdateStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string Target, string Table, IReadOnlyList<ColumnValue> Values)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        public static readonly StepKind Definition = new("update", Acts: true, new[] { "values" }, Read);

        public override string Kind => Definition.Key;

        public override string Description => $"update {Target}" + Columns(Values);

        private static Step? Read(StepSource s)
        {
            var (alias, table) = s.Context.RecordAlias(s.Target, s.TargetPath, "update");
            var values = table == null ? new List<ColumnValue>() : s.Context.ColumnValues(s.Object, "values", table, required: true, what: "values to write");
            return alias == null || table == null ? null : new UpdateStep(s.Index, s.Path, s.Note, s.As, s.Fails, alias, table.LogicalName, values);
        }

        internal override void Act(ScenarioRun run, IOrganizationService service)
        {
            var entity = new Entity(Table, run.Reference(Target).Id);
            foreach (var v in Values) entity[v.Column] = v.Value.ToSdk(run);
            service.Update(entity);
        }
    }
}
