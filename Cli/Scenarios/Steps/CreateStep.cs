using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>"create": "TABLE" — creates a record with its values; "alias" names it for later steps.</summary>
    internal sealed record CreateStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string Table, string? Alias, IReadOnlyList<ColumnValue> Values)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        public static readonly StepKind Definition = new("create", Acts: true, new[] { "alias", "values" }, Read);

        public override string Kind => Definition.Key;

        public override string Description => $"create {Table}" + (Alias != null ? $" → {Alias}" : "") + Columns(Values);

        private static Step? Read(StepSource s)
        {
            var r = s.Context;
            var table = r.TableName(s.Target, s.TargetPath);
            var values = table == null ? new List<ColumnValue>() : r.ColumnValues(s.Object, "values", table, required: false, what: "values to write");
            // The alias is defined after the values are read: a record cannot point at itself.
            var alias = s.Object.Has("alias") ? r.DefineAlias(s.Object, "alias", new AliasInfo(AliasKind.Record, table?.LogicalName, null, s.Path)) : null;
            return table == null ? null : new CreateStep(s.Index, s.Path, s.Note, s.As, s.Fails, table.LogicalName, alias, values);
        }

        internal override void Act(ScenarioRun run, IOrganizationService service)
        {
            var entity = new Entity(Table);
            foreach (var v in Values) entity[v.Column] = v.Value.ToSdk(run);
            var id = service.Create(entity);
            if (Alias != null) run.Remember(Alias, new EntityReference(Table, id));
        }

        internal override void Refused(ScenarioRun run)
        {
            if (Alias != null) run.RememberRefused(Alias, Path);
        }
    }
}
