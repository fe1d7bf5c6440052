using System;
using System.Collections.Generic;

// A scenario file after validation: every name resolved against the solution's metadata, every value typed for
// its column, every alias known. The runner never meets a JSON element; the reader never meets an environment.
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

    internal sealed record UserSpec(string Alias, string FullName, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Profiles, int LanguageCode);

    internal sealed record TeamSpec(string Alias, string Name, string Administrator, IReadOnlyList<string> Members, IReadOnlyList<string> Roles, IReadOnlyList<string> Profiles);

    /// <summary>An environment variable's current value as text (what environmentvariablevalue.value holds); null removes it.</summary>
    internal sealed record EnvironmentSetting(string SchemaName, string? Value);

    /// <summary>One column and the value a step writes or expects.</summary>
    internal sealed record ColumnValue(string Column, ScenarioValue Value, string Path);

    /// <summary>What a refused step's message must contain: null = any refusal.</summary>
    internal sealed record Refusal(string? Text);

    internal abstract record Step(int Index, string Path, string? Note)
    {
        /// <summary>The user alias the step acts as; null = the System Administrator the runner provides.</summary>
        public virtual string? As => null;
        public abstract string Kind { get; }
    }

    /// <summary>A step that asks the environment to do something: it may be expected to be refused.</summary>
    internal abstract record ActionStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails) : Step(Index, Path, Note)
    {
        public override string? As => AsUser;
    }

    internal sealed record CreateStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string Table, string? Alias, IReadOnlyList<ColumnValue> Values)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        public override string Kind => "create";
    }

    internal sealed record UpdateStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string Target, string Table, IReadOnlyList<ColumnValue> Values)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        public override string Kind => "update";
    }

    internal sealed record DeleteStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string Target, string Table)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        public override string Kind => "delete";
    }

    internal sealed record WinStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string Target)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        public override string Kind => "win";
    }

    internal sealed record RunStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, ActivityInfo Activity, string? Alias, string? Record, IReadOnlyList<ColumnValue> Inputs)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        public override string Kind => "run";
    }

    /// <summary>Moves the environment's clock: a date keeps the time of day, a date-time sets it exactly.</summary>
    internal sealed record ClockStep(int Index, string Path, string? Note, DateTime Value, bool DateOnly) : Step(Index, Path, Note)
    {
        public override string Kind => "clock";
    }

    /// <summary>Checks a record's columns (or a run's outputs); Exists=false checks that the record is gone.</summary>
    internal sealed record ExpectStep(int Index, string Path, string? Note, string Target, bool Exists, IReadOnlyList<ColumnValue> Values) : Step(Index, Path, Note)
    {
        public override string Kind => "expect";
    }

    internal sealed record CountStep(int Index, string Path, string? Note, string Table, IReadOnlyList<ColumnValue> Where, int Number, bool AtLeast) : Step(Index, Path, Note)
    {
        public override string Kind => "count";
    }

    /// <summary>A problem that makes a scenario file invalid: the file and the JSON path of the offending value.</summary>
    internal sealed record ScenarioError(string File, string Path, string Message)
    {
        public override string ToString() => $"{File}: {Path}: {Message}";
    }
}
