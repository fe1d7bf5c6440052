using System;
using System.Collections.Generic;
using System.Globalization;

namespace Mci.Cli.Scenarios
{
    /// <summary>"clock": "DATE" — moves the environment's clock: a date keeps the time of day, a date-time sets it exactly.</summary>
    internal sealed record ClockStep(int Index, string Path, string? Note, DateTime Value, bool DateOnly) : Step(Index, Path, Note)
    {
        public static readonly StepKind Definition = new("clock", Acts: false, Array.Empty<string>(), Read);

        public override string Kind => Definition.Key;

        public override string Description =>
            $"clock {(DateOnly ? Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}";

        private static Step? Read(StepSource s)
        {
            if (s.Context.String(s.Target, s.TargetPath) is not { } text) return null;
            if (!s.Context.ParseDate(text, out var value, out var dateOnly))
            {
                s.Context.Error(s.TargetPath, $"'{text}' is not a date or date-time: write yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ");
                return null;
            }
            return new ClockStep(s.Index, s.Path, s.Note, value, dateOnly);
        }

        internal override StepOutcome Execute(ScenarioRun run, List<Mismatch> mismatches, out string? message)
        {
            message = null;
            if (DateOnly) run.Env.Clock.Today = Value;
            else run.Env.Clock.UtcNow = Value;
            return StepOutcome.Done;
        }
    }
}
