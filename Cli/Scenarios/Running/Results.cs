using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Cli.Scenarios
{
    /// <summary>What happened to an action (done or refused by the environment) or a check (held or not).</summary>
    internal enum StepOutcome { Done, Refused, Held, NotHeld, Error }

    /// <summary>One expectation that did not hold: what was checked, what the file expected, what the environment had.</summary>
    internal sealed record Mismatch(string What, string Expected, string Actual)
    {
        public override string ToString() => $"{What}: expected {Expected}, actual {Actual}";
    }

    /// <summary>One run of a plug-in step or workflow activity during a step.</summary>
    internal sealed record PluginRun(string Type, string Step, string Message, string? Table, string Stage, string Mode, int Depth, bool Succeeded, string? Error)
    {
        /// <summary>The class name without its namespace.</summary>
        public string ShortType => Type[(Type.LastIndexOf('.') + 1)..];
    }

    /// <summary>One organization service call made during a step, by the runner or by a plug-in.</summary>
    internal sealed record CallRun(string Message, string? Table, string? CalledBy, int Depth, bool Succeeded, string? Error);

    internal sealed record StepResult(
        int Index,
        string Path,
        string Kind,
        string User,
        string Description,
        string? Note,
        StepOutcome Outcome,
        bool Passed,
        string? Message,
        IReadOnlyList<Mismatch> Mismatches,
        IReadOnlyList<PluginRun> Plugins,
        IReadOnlyList<CallRun> Calls,
        IReadOnlyList<string> AsyncFailures,
        TimeSpan Duration)
    {
        public int PluginCallCount => Calls.Count(c => c.CalledBy != null);
    }

    internal sealed record ScenarioResult(string File, string Name, IReadOnlyList<StepResult> Steps, string? SetupError, TimeSpan Duration)
    {
        public bool Passed => SetupError == null && Steps.All(s => s.Passed);
    }
}
