using System;
using System.Collections.Generic;
using Mci.Emulator.Conversion;

// A scenario file after validation: every name resolved against the solution's metadata, every value typed for
// its column, every alias known. Its parts: Setup/ (users, teams, environment) and Steps/ (one file per step kind).
namespace Mci.Cli.Scenarios
{
    internal sealed record Scenario(
        string File,
        string Name,
        string? Description,
        DateTime? Today,
        IReadOnlyList<UserSpec> Users,
        IReadOnlyList<TeamSpec> Teams,
        IReadOnlyList<EnvironmentSetting> Environment,
        IReadOnlyList<Step> Steps);

    /// <summary>One column (or argument) and the value a step writes or expects.</summary>
    internal sealed record ColumnValue(string Column, TypedValue Value, string Path);

    /// <summary>What a refused step's message must contain: null = any refusal.</summary>
    internal sealed record Refusal(string? Text);

    /// <summary>A problem that makes a scenario file invalid: the file and the JSON path of the offending value.</summary>
    internal sealed record ScenarioError(string File, string Path, string Message)
    {
        public override string ToString() => $"{File}: {Path}: {Message}";
    }

    internal sealed record ScenarioReadResult(string File, Scenario? Scenario, IReadOnlyList<ScenarioError> Errors)
    {
        public bool IsValid => Scenario != null && Errors.Count == 0;
    }
}
