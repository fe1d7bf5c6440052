using System.Linq;
using Mci.Emulator.Conversion;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// "lose": "ALIAS" — closes the opportunity as lost (the LoseOpportunity message); "status" is the Lost status reason
    /// by its English label (Canceled or Out-Sold in the standard model), Canceled when left out.
    /// </summary>
    internal sealed record LoseStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string Target, int Status, string StatusLabel)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        public static readonly StepKind Definition = new("lose", Acts: true, new[] { "status" }, Read);

        /// <summary>opportunity.statecode Lost: its status reasons are the ones a lose may give.</summary>
        private const int LostState = 2;

        public override string Kind => Definition.Key;

        public override string Description => $"lose {Target} ({StatusLabel})";

        private static Step? Read(StepSource s)
        {
            var r = s.Context;
            var (alias, table) = r.RecordAlias(s.Target, s.TargetPath, "lose");
            if (table != null && table.LogicalName != "opportunity") r.Error(s.TargetPath, $"only an opportunity can be lost; '{alias}' is a {table.LogicalName}");
            var lost = r.Metadata.Table("opportunity")?.Column("statuscode")?.Choice?.Options.Where(o => o.State == LostState).ToList() ?? new();
            var status = lost.FirstOrDefault();
            if (s.Object.Get("status") is { } e && r.String(e, s.Object.PathOf("status"), "'status' is a Lost status reason's label") is { } label)
            {
                status = lost.FirstOrDefault(o => o.Label(1033) == label);
                if (status == null)
                    r.Error(s.Object.PathOf("status"), $"'{label}' is not a Lost status reason of opportunity: write "
                        + string.Join(" or ", lost.Select(o => $"\"{o.Label(1033)}\"")) + Suggestions.For(label, lost.Select(o => o.Label(1033))));
            }
            return alias == null || table?.LogicalName != "opportunity" || status == null
                ? null
                : new LoseStep(s.Index, s.Path, s.Note, s.As, s.Fails, alias, status.Value, status.Label(1033));
        }

        internal override void Act(ScenarioRun run, IOrganizationService service) => run.Env.Lose(run.Reference(Target).Id, run.UserId(As), Status);
    }
}
