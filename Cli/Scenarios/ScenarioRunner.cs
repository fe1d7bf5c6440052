using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.ServiceModel;
using Mci.Emulator;
using Mci.Emulator.Metadata;
using Mci.Emulator.Recording;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// Runs a validated scenario on a fresh emulator: creates its users and teams, sets its environment
    /// variables, then runs each step as its user, drains asynchronous work after every step, and checks:
    /// an action's outcome against "fails" (and that a refused action left the store exactly as it was),
    /// an expect's values, a count's rows.
    /// </summary>
    internal sealed class ScenarioRunner
    {
        private readonly ScenarioHost _host;

        public ScenarioRunner(ScenarioHost host) => _host = host;

        /// <summary>Called before each step with (step number from 1, step count).</summary>
        public Action<int, int>? Progress { get; set; }

        public ScenarioResult Run(Scenario scenario)
        {
            var watch = Stopwatch.StartNew();
            var env = _host.NewEnvironment();
            var run = new RunState(env, _host.Metadata);
            try
            {
                run.SetUp(scenario);
            }
            catch (Exception e) when (e is ArgumentException or FaultException<OrganizationServiceFault> or InvalidOperationException)
            {
                return new ScenarioResult(scenario.File, scenario.Name, Array.Empty<StepResult>(), $"setting up users, teams and environment variables failed: {e.Message}", watch.Elapsed);
            }
            var results = new List<StepResult>();
            foreach (var step in scenario.Steps)
            {
                Progress?.Invoke(step.Index + 1, scenario.Steps.Count);
                results.Add(run.Execute(step));
            }
            return new ScenarioResult(scenario.File, scenario.Name, results, null, watch.Elapsed);
        }

        /// <summary>The state of one scenario run: the environment and what the aliases name.</summary>
        private sealed class RunState : IAliasResolver
        {
            private readonly Dataverse _env;
            private readonly SolutionMetadata _metadata;
            private readonly Dictionary<string, EntityReference?> _records = new(StringComparer.Ordinal);
            private readonly Dictionary<string, string> _refusedCreates = new(StringComparer.Ordinal);
            private readonly Dictionary<string, IDictionary<string, object?>?> _outputs = new(StringComparer.Ordinal);
            private readonly Dictionary<Guid, string> _aliasById = new();
            private readonly Dictionary<string, UserSpec> _users = new(StringComparer.Ordinal);

            public RunState(Dataverse env, SolutionMetadata metadata)
            {
                _env = env;
                _metadata = metadata;
            }

            public void SetUp(Scenario s)
            {
                if (s.Today is { } today) _env.Clock.Today = today;
                foreach (var u in s.Users)
                {
                    var id = _env.CreateUser(u.FullName, u.Email, u.Roles, u.LanguageCode, fieldSecurityProfiles: u.Profiles);
                    Remember(u.Alias, new EntityReference("systemuser", id));
                    _users[u.Alias] = u;
                }
                foreach (var t in s.Teams)
                {
                    var id = _env.CreateTeam(t.Name, _records[t.Administrator]!.Id, t.Members.Select(m => _records[m]!.Id), t.Roles);
                    foreach (var p in t.Profiles) _env.AddToFieldSecurityProfile(p, id);
                    Remember(t.Alias, new EntityReference("team", id));
                }
                foreach (var v in s.Environment) _env.SetEnvironmentVariable(v.SchemaName, v.Value);
            }

            private void Remember(string alias, EntityReference reference)
            {
                _records[alias] = reference;
                _aliasById[reference.Id] = alias;
            }

            public EntityReference Reference(string alias)
            {
                if (_records.TryGetValue(alias, out var r) && r != null) return r;
                if (_refusedCreates.TryGetValue(alias, out var path)) throw new StepFailure($"'{alias}' names no record: its create step ({path}) was refused");
                throw new StepFailure($"'{alias}' names no record yet");
            }

            public string? AliasOf(Guid id) => _aliasById.TryGetValue(id, out var a) ? a : null;

            private string UserText(string? alias) => alias == null ? "admin" : $"{alias} ({_users[alias].FullName})";

            private Guid UserId(string? alias) => alias == null ? _env.AdministratorId : _records[alias]!.Id;

            // ---------- steps ----------

            public StepResult Execute(Step step)
            {
                var watch = Stopwatch.StartNew();
                var mark = _env.Recorder.Mark();
                var outcome = StepOutcome.Done;
                string? message = null;
                var mismatches = new List<Mismatch>();
                var asyncFailures = new List<string>();
                try
                {
                    switch (step)
                    {
                        case ActionStep a:
                            (outcome, message) = Act(a, mismatches);
                            break;
                        case ClockStep c:
                            if (c.DateOnly) _env.Clock.Today = c.Value;
                            else _env.Clock.UtcNow = c.Value;
                            break;
                        case ExpectStep e:
                            Expect(e, mismatches);
                            outcome = mismatches.Count == 0 ? StepOutcome.Held : StepOutcome.NotHeld;
                            break;
                        case CountStep c:
                            Count(c, mismatches);
                            outcome = mismatches.Count == 0 ? StepOutcome.Held : StepOutcome.NotHeld;
                            break;
                    }
                }
                catch (Exception e) when (e is StepFailure or ArgumentException or InvalidOperationException or NotSupportedException)
                {
                    outcome = StepOutcome.Error;
                    message = e.Message;
                }
                // Asynchronous work the step queued runs now, so the next step sees it (also after a refusal: nothing should be queued).
                try
                {
                    foreach (var job in _env.DrainAsync().Where(j => j.Succeeded == false))
                        asyncFailures.Add($"{job.Step.Name}: {job.Error}");
                }
                catch (InvalidOperationException e)
                {
                    asyncFailures.Add(e.Message);
                }
                var passed = outcome is StepOutcome.Done or StepOutcome.Held or StepOutcome.Refused && mismatches.Count == 0;
                return new StepResult(step.Index, step.Path, step.Kind, step is ActionStep ? UserText(step.As) : "", Describe(step), step.Note,
                    outcome, passed, message, mismatches, Plugins(mark), Calls(mark), asyncFailures, watch.Elapsed);
            }

            /// <summary>Runs an action; a refusal is the outcome, checked against "fails" and against the store.</summary>
            private (StepOutcome, string?) Act(ActionStep step, List<Mismatch> mismatches)
            {
                var before = _env.Snapshot();
                string? refusal = null;
                try
                {
                    Do(step);
                }
                catch (FaultException<OrganizationServiceFault> f)
                {
                    refusal = f.Detail?.Message ?? f.Message;
                }
                if (refusal == null)
                {
                    if (step.Fails != null)
                        mismatches.Add(new Mismatch("outcome", step.Fails.Text == null ? "refused" : $"refused with a message containing \"{step.Fails.Text}\"", "done (not refused)"));
                    return (StepOutcome.Done, null);
                }
                if (step is CreateStep { Alias: { } alias } c) _refusedCreates[alias] = c.Path;
                if (step is RunStep { Alias: { } runAlias }) _outputs[runAlias] = null;
                if (step.Fails == null)
                    mismatches.Add(new Mismatch("outcome", "done", "refused"));
                else if (step.Fails.Text != null && !refusal.Contains(step.Fails.Text, StringComparison.Ordinal))
                    mismatches.Add(new Mismatch("refusal message", $"containing \"{step.Fails.Text}\"", $"\"{refusal}\""));
                mismatches.AddRange(LeftBehind(before, _env.Snapshot()));
                return (StepOutcome.Refused, refusal);
            }

            /// <summary>A refused step must leave nothing behind: every row as it was before the step.</summary>
            internal static IEnumerable<Mismatch> LeftBehind(StoreSnapshot before, StoreSnapshot after)
            {
                var differences = after.DifferencesFrom(before);
                if (differences.Count == 0) yield break;
                const int Shown = 5;
                var list = string.Join("; ", differences.Take(Shown)) + (differences.Count > Shown ? $"; and {differences.Count - Shown} more" : "");
                yield return new Mismatch("left behind", "nothing changed by the refused step", $"{differences.Count} change(s): {list}");
            }

            private void Do(ActionStep step)
            {
                var service = _env.Service(UserId(step.As));
                switch (step)
                {
                    case CreateStep c:
                    {
                        var entity = new Entity(c.Table);
                        foreach (var v in c.Values) entity[v.Column] = v.Value.ToSdk(this);
                        var id = service.Create(entity);
                        if (c.Alias != null) Remember(c.Alias, new EntityReference(c.Table, id));
                        break;
                    }
                    case UpdateStep u:
                    {
                        var entity = new Entity(u.Table, Reference(u.Target).Id);
                        foreach (var v in u.Values) entity[v.Column] = v.Value.ToSdk(this);
                        service.Update(entity);
                        break;
                    }
                    case DeleteStep d:
                        service.Delete(d.Table, Reference(d.Target).Id);
                        break;
                    case WinStep w:
                        _env.Win(Reference(w.Target).Id, UserId(w.As));
                        break;
                    case RunStep r:
                    {
                        var inputs = r.Inputs.ToDictionary(i => i.Column, i => i.Value.ToSdk(this), StringComparer.Ordinal);
                        var outputs = _env.RunWorkflowActivity(r.Activity.FullName, inputs, UserId(r.As), r.Record == null ? null : Reference(r.Record));
                        if (r.Alias != null) _outputs[r.Alias] = outputs;
                        break;
                    }
                }
            }

            private void Expect(ExpectStep e, List<Mismatch> mismatches)
            {
                if (_outputs.TryGetValue(e.Target, out var outputs))
                {
                    if (outputs == null) throw new StepFailure($"'{e.Target}' has no outputs: its run step was refused");
                    foreach (var v in e.Values)
                    {
                        outputs.TryGetValue(v.Column, out var actual);
                        if (!v.Value.Matches(actual, this)) mismatches.Add(new Mismatch(v.Column, v.Value.Text, DescribeValue(actual, null)));
                    }
                    return;
                }
                var target = Reference(e.Target);
                var row = _env.Peek(target.LogicalName, target.Id);
                if (!e.Exists)
                {
                    if (row != null) mismatches.Add(new Mismatch("exists", "no such record (deleted)", "the record exists"));
                    return;
                }
                if (row == null)
                {
                    mismatches.Add(new Mismatch("exists", "the record", "no such record (deleted)"));
                    return;
                }
                var table = _metadata.Table(target.LogicalName)!;
                foreach (var v in e.Values)
                {
                    var actual = row.Contains(v.Column) ? row[v.Column] : null;
                    if (!v.Value.Matches(actual, this)) mismatches.Add(new Mismatch(v.Column, v.Value.Text, DescribeValue(actual, table.Column(v.Column))));
                }
            }

            private void Count(CountStep c, List<Mismatch> mismatches)
            {
                var n = _env.All(c.Table).Count(row => c.Where.All(w => w.Value.Matches(row.Contains(w.Column) ? row[w.Column] : null, this)));
                var holds = c.AtLeast ? n >= c.Number : n == c.Number;
                if (!holds) mismatches.Add(new Mismatch("rows", (c.AtLeast ? "at least " : "") + c.Number.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture)));
            }

            // ---------- describing ----------

            private string Describe(Step step) => step switch
            {
                CreateStep c => $"create {c.Table}" + (c.Alias != null ? $" → {c.Alias}" : "") + Columns(c.Values),
                UpdateStep u => $"update {u.Target}" + Columns(u.Values),
                DeleteStep d => $"delete {d.Target}",
                WinStep w => $"win {w.Target}",
                RunStep r => $"run {r.Activity.Name}" + (r.Record != null ? $" on {r.Record}" : "") + (r.Alias != null ? $" → {r.Alias}" : ""),
                ClockStep c => $"clock {(c.DateOnly ? c.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : c.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}",
                ExpectStep e => e.Exists ? $"expect {e.Target}" + Columns(e.Values) : $"expect {e.Target} gone",
                CountStep c => $"count {c.Table}" + (c.Where.Count > 0 ? $" where {Columns(c.Where)[2..]}" : "") + (c.AtLeast ? $" ≥ {c.Number}" : $" = {c.Number}"),
                _ => step.Kind,
            };

            private static string Columns(IReadOnlyList<ColumnValue> values) =>
                values.Count == 0 ? "" : ": " + string.Join(", ", values.Select(v => $"{v.Column} = {Shorten(v.Value.Text)}"));

            private static string Shorten(string text) => text.Length <= 60 ? text : text[..59] + "…";

            /// <summary>A stored value as a reader would name it: a choice by its label, a lookup by its alias.</summary>
            private string DescribeValue(object? value, ColumnMetadata? column) => value switch
            {
                null => "null",
                string s => $"\"{s}\"",
                bool b => b ? "true" : "false",
                OptionSetValue o => column?.OptionSet?.Find(o.Value) is { } option ? $"{option.Label(1033)} ({o.Value})" : o.Value.ToString(CultureInfo.InvariantCulture),
                OptionSetValueCollection c => "[" + string.Join(", ", c.Select(o => DescribeValue(o, column))) + "]",
                EntityReference r => AliasOf(r.Id) is { } a ? "@" + a : $"{r.LogicalName} {r.Name ?? r.Id.ToString("D")}",
                Money m => m.Value.ToString(CultureInfo.InvariantCulture),
                DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                Guid g => AliasOf(g) is { } a ? "@" + a : g.ToString("D"),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };

            private static IReadOnlyList<PluginRun> Plugins(RecorderMark mark) =>
                mark.Executions.Select(e => new PluginRun(e.PluginType, e.StepName, e.Message, e.Table, e.Stage.ToString(), e.Mode.ToString(), e.Depth, e.Succeeded, e.Error)).ToList();

            private static IReadOnlyList<CallRun> Calls(RecorderMark mark) =>
                mark.Calls.Select(c => new CallRun(c.Message, c.Table, c.CalledBy, c.Depth, c.Succeeded, c.Error)).ToList();
        }
    }
}
