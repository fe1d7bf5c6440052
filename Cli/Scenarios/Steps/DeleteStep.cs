using System;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>"delete": "ALIAS" — deletes the record.</summary>
    internal sealed record DeleteStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string Target, string Table)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        public static readonly StepKind Definition = new("delete", Acts: true, Array.Empty<string>(), Read);

        public override string Kind => Definition.Key;

        public override string Description => $"delete {Target}";

        private static Step? Read(StepSource s)
        {
            var (alias, table) = s.Context.RecordAlias(s.Target, s.TargetPath, "delete");
            return alias == null || table == null ? null : new DeleteStep(s.Index, s.Path, s.Note, s.As, s.Fails, alias, table.LogicalName);
        }

        internal override void Act(ScenarioRun run, IOrganizationService service) => service.Delete(Table, run.Reference(Target).Id);
    }
}
