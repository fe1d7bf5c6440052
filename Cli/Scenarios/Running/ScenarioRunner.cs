using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.ServiceModel;
using Mci.Emulator.Recording;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// Runs a validated scenario on a fresh emulator: creates its users and teams, sets its environment
    /// variables, then runs each step (which knows how: Steps/), drains asynchronous work after every step, and
    /// records what ran: plug-ins, service calls, outcome, what did not hold.
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
            var run = new ScenarioRun(_host.NewEnvironment(), _host.Metadata);
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
                results.Add(Execute(run, step));
            }
            return new ScenarioResult(scenario.File, scenario.Name, results, null, watch.Elapsed);
        }

        private static StepResult Execute(ScenarioRun run, Step step)
        {
            var watch = Stopwatch.StartNew();
            var mark = run.Env.Recorder.Mark();
            var mismatches = new List<Mismatch>();
            var asyncFailures = new List<string>();
            StepOutcome outcome;
            string? message;
            try
            {
                outcome = step.Execute(run, mismatches, out message);
            }
            catch (Exception e) when (e is StepFailure or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                outcome = StepOutcome.Error;
                message = e.Message;
            }
            // Asynchronous work the step queued runs now, so the next step sees it (also after a refusal: nothing should be queued).
            try
            {
                foreach (var job in run.Env.DrainAsync().Where(j => j.Succeeded == false))
                    asyncFailures.Add($"{job.Step.Name}: {job.Error}");
            }
            catch (InvalidOperationException e)
            {
                asyncFailures.Add(e.Message);
            }
            var passed = outcome is StepOutcome.Done or StepOutcome.Held or StepOutcome.Refused && mismatches.Count == 0;
            return new StepResult(step.Index, step.Path, step.Kind, step is ActionStep ? run.UserText(step.As) : "", step.Description, step.Note,
                outcome, passed, message, mismatches, Plugins(mark), Calls(mark), asyncFailures, watch.Elapsed);
        }

        private static IReadOnlyList<PluginRun> Plugins(RecorderMark mark) =>
            mark.Executions.Select(e => new PluginRun(e.PluginType, e.StepName, e.Message, e.Table, e.Stage.ToString(), e.Mode.ToString(), e.Depth, e.Succeeded, e.Error)).ToList();

        private static IReadOnlyList<CallRun> Calls(RecorderMark mark) =>
            mark.Calls.Select(c => new CallRun(c.Message, c.Table, c.CalledBy, c.Depth, c.Succeeded, c.Error)).ToList();
    }
}
