using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Workflows;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// "run": "ACTIVITY" — runs a custom workflow activity with its input arguments, on the workflow's primary
    /// "record"; "alias" keeps its output arguments for expect.
    /// </summary>
    internal sealed record RunStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, ActivityInfo Activity, string? Alias, string? Record, IReadOnlyList<ColumnValue> Inputs)
        : OutputsStep(Index, Path, Note, AsUser, Fails, Alias)
    {
        public static readonly StepKind Definition = new("run", Acts: true, new[] { "alias", "inputs", "record" }, Read);

        public override string Kind => Definition.Key;

        public override string Description => $"run {Activity.Name}" + (Record != null ? $" on {Record}" : "") + (Alias != null ? $" → {Alias}" : "");

        private static Step? Read(StepSource s)
        {
            var r = s.Context;
            var o = s.Object;
            if (r.String(s.Target, s.TargetPath) is not { } name) return null;
            var activity = r.Activities.Find(name, out var problem);
            if (activity == null)
            {
                r.Error(s.TargetPath, problem!);
                return null;
            }
            string? record = null;
            if (o.Get("record") is { } re) record = r.RecordAlias(re, o.PathOf("record"), "run the workflow on").Alias;
            var inputs = r.Arguments(o, "inputs", s.Path, activity.Name, "input argument", "input",
                activity.Arguments.Values.Where(a => a.IsInput).ToDictionary(a => a.Name, a => a.Target(r.Metadata), StringComparer.Ordinal),
                activity.Arguments.Values.Where(a => a.Required && a.IsInput).Select(a => (a.Name, a.ValueType.Name)));
            var alias = r.OutputsAlias(o, s.Path, Definition.Key, activity.Name, "output argument",
                activity.Arguments.Values.Where(a => a.IsOutput).ToDictionary(a => a.Name, a => a.Target(r.Metadata), StringComparer.Ordinal));
            return new RunStep(s.Index, s.Path, s.Note, s.As, s.Fails, activity, alias, record, inputs);
        }

        internal override void Act(ScenarioRun run, IOrganizationService service)
        {
            var inputs = Inputs.ToDictionary(i => i.Column, i => i.Value.ToSdk(run), StringComparer.Ordinal);
            var outputs = run.Env.RunWorkflowActivity(Activity.FullName, inputs, run.UserId(As), Record == null ? null : run.Reference(Record));
            if (Alias != null) run.SetOutputs(Alias, Kind, outputs);
        }
    }
}
