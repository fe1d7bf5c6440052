using System;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using System.Text.Json;
using Microsoft.Xrm.Sdk;

// A step kind is one file here: its record (what the file said, validated), its StepKind (the key that names it,
// the other keys it takes, how it is read) and its execution. StepKinds.All registers it.
namespace Mci.Cli.Scenarios
{
    /// <summary>What the reader knows of a step kind: the key that names it, the other keys it takes, and how it is read.</summary>
    /// <param name="Acts">A step that asks the environment to do something: it takes "as" and "fails".</param>
    /// <param name="Keys">The keys it takes besides its own, "note", and (when it acts) "as" and "fails".</param>
    internal sealed record StepKind(string Key, bool Acts, IReadOnlyList<string> Keys, Func<StepSource, Step?> Read)
    {
        public bool DefinesAlias => Keys.Contains("alias");
    }

    /// <summary>One step being read: its object (keys already checked), the value of its kind's key, and the common keys.</summary>
    internal sealed record StepSource(ReadContext Context, CheckedObject Object, int Index, string Path, string? Note, string? As, Refusal? Fails, JsonElement Target, string TargetPath);

    internal abstract record Step(int Index, string Path, string? Note)
    {
        /// <summary>The user alias the step acts as; null = the System Administrator the runner provides.</summary>
        public virtual string? As => null;

        /// <summary>The key that names the step's kind ("create").</summary>
        public abstract string Kind { get; }

        /// <summary>One line for the results: "create opportunity → opp: name = \"ERP\"".</summary>
        public abstract string Description { get; }

        /// <summary>Runs the step; what did not hold goes to <paramref name="mismatches"/>.</summary>
        internal abstract StepOutcome Execute(ScenarioRun run, List<Mismatch> mismatches, out string? message);

        protected static string Columns(IReadOnlyList<ColumnValue> values) =>
            values.Count == 0 ? "" : ": " + string.Join(", ", values.Select(v => $"{v.Column} = {Shorten(v.Value.Text)}"));

        private static string Shorten(string text) => text.Length <= 60 ? text : text[..59] + "…";
    }

    /// <summary>
    /// A step that asks the environment to do something, as its user. A refusal is its outcome, checked against
    /// "fails"; a refused step must leave the store exactly as it was.
    /// </summary>
    /// <summary>A step that calls code (a workflow activity, a custom API) whose outputs its optional alias keeps for expect.</summary>
    internal abstract record OutputsStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string? Alias)
        : ActionStep(Index, Path, Note, AsUser, Fails)
    {
        /// <summary>A refused call returned nothing: the alias names no outputs.</summary>
        internal sealed override void Refused(ScenarioRun run)
        {
            if (Alias != null) run.SetOutputs(Alias, Kind, null);
        }
    }

    internal abstract record ActionStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails) : Step(Index, Path, Note)
    {
        public override string? As => AsUser;

        /// <summary>Does the step's work through <paramref name="service"/> (the step's user); a refusal throws a fault.</summary>
        internal abstract void Act(ScenarioRun run, IOrganizationService service);

        /// <summary>After a refusal: forget what the step would have named (its alias names nothing).</summary>
        internal virtual void Refused(ScenarioRun run) { }

        internal sealed override StepOutcome Execute(ScenarioRun run, List<Mismatch> mismatches, out string? message)
        {
            var before = run.Env.Snapshot();
            string? refusal = null;
            try
            {
                Act(run, run.Env.Service(run.UserId(As)));
            }
            catch (FaultException<OrganizationServiceFault> f)
            {
                refusal = f.Detail?.Message ?? f.Message;
            }
            message = refusal;
            if (refusal == null)
            {
                if (Fails != null)
                    mismatches.Add(new Mismatch("outcome", Fails.Text == null ? "refused" : $"refused with a message containing \"{Fails.Text}\"", "done (not refused)"));
                return StepOutcome.Done;
            }
            Refused(run);
            if (Fails == null)
                mismatches.Add(new Mismatch("outcome", "done", "refused"));
            else if (Fails.Text != null && !refusal.Contains(Fails.Text, StringComparison.Ordinal))
                mismatches.Add(new Mismatch("refusal message", $"containing \"{Fails.Text}\"", $"\"{refusal}\""));
            mismatches.AddRange(LeftBehind(before, run.Env.Snapshot()));
            return StepOutcome.Refused;
        }

        /// <summary>A refused step must leave nothing behind: every row as it was before the step.</summary>
        internal static IEnumerable<Mismatch> LeftBehind(Emulator.Store.StoreSnapshot before, Emulator.Store.StoreSnapshot after)
        {
            var differences = after.DifferencesFrom(before);
            if (differences.Count == 0) yield break;
            const int Shown = 5;
            var list = string.Join("; ", differences.Take(Shown)) + (differences.Count > Shown ? $"; and {differences.Count - Shown} more" : "");
            yield return new Mismatch("left behind", "nothing changed by the refused step", $"{differences.Count} change(s): {list}");
        }
    }

    /// <summary>A step that only looks: it holds or it does not.</summary>
    internal abstract record CheckStep(int Index, string Path, string? Note) : Step(Index, Path, Note)
    {
        internal abstract void Check(ScenarioRun run, List<Mismatch> mismatches);

        internal sealed override StepOutcome Execute(ScenarioRun run, List<Mismatch> mismatches, out string? message)
        {
            message = null;
            Check(run, mismatches);
            return mismatches.Count == 0 ? StepOutcome.Held : StepOutcome.NotHeld;
        }
    }
}
