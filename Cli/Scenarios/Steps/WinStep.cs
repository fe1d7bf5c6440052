using System;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>"win": "ALIAS" — closes the opportunity as won (the WinOpportunity message).</summary>
    internal sealed record WinStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string Target)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        public static readonly StepKind Definition = new("win", Acts: true, Array.Empty<string>(), Read);

        public override string Kind => Definition.Key;

        public override string Description => $"win {Target}";

        private static Step? Read(StepSource s)
        {
            var (alias, table) = s.Context.RecordAlias(s.Target, s.TargetPath, "win");
            if (table != null && table.LogicalName != "opportunity") s.Context.Error(s.TargetPath, $"only an opportunity can be won; '{alias}' is a {table.LogicalName}");
            return alias == null || table?.LogicalName != "opportunity" ? null : new WinStep(s.Index, s.Path, s.Note, s.As, s.Fails, alias);
        }

        internal override void Act(ScenarioRun run, IOrganizationService service) => run.Env.Win(run.Reference(Target).Id, run.UserId(As));
    }
}
