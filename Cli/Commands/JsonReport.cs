using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Mci.Cli.Scenarios;

namespace Mci.Cli.Commands
{
    /// <summary>The --json results: one document per run, the shape docs/scenarios.md documents ("The JSON report").</summary>
    internal sealed class JsonReport
    {
        private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        private readonly string _command;

        public JsonReport(string command) => _command = command;

        /// <param name="results">One per file, in the order of <paramref name="files"/>; empty when no scenario ran.
        /// Paired by position, not by name: a file given twice ran twice.</param>
        public void Write(string? path, IReadOnlyList<ScenarioReadResult> files, IReadOnlyList<ScenarioResult> results, int exitCode, Terminal terminal)
        {
            if (path == null) return;
            var document = new
            {
                tool = "mci",
                command = _command,
                exitCode,
                passed = exitCode == ExitCodes.Ok,
                summary = new
                {
                    files = files.Count,
                    invalid = files.Count(f => !f.IsValid),
                    scenarios = results.Count,
                    passed = results.Count(r => r.Passed),
                    failed = results.Count(r => !r.Passed),
                },
                files = files.Select((f, i) => new
                {
                    file = f.File,
                    valid = f.IsValid,
                    errors = f.Errors.Select(e => new { path = e.Path, message = e.Message }),
                    scenario = i < results.Count ? Scenario(results[i]) : null,
                }),
            };
            try
            {
                var full = Path.GetFullPath(path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, JsonSerializer.Serialize(document, Options));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                terminal.Error($"cannot write the --json results to {path}: {e.Message}");
            }
        }

        private static object Scenario(ScenarioResult r) => new
        {
            name = r.Name,
            passed = r.Passed,
            setupError = r.SetupError,
            durationMs = Math.Round(r.Duration.TotalMilliseconds, 1),
            steps = r.Steps.Select(s => new
            {
                number = s.Index + 1,
                path = s.Path,
                kind = s.Kind,
                user = s.User.Length == 0 ? null : s.User,
                description = s.Description,
                note = s.Note,
                outcome = s.Outcome switch
                {
                    StepOutcome.Done => "done",
                    StepOutcome.Refused => "refused",
                    StepOutcome.Held => "holds",
                    StepOutcome.NotHeld => "does not hold",
                    _ => "could not run",
                },
                passed = s.Passed,
                message = s.Message,
                failures = s.Mismatches.Select(m => new { what = m.What, expected = m.Expected, actual = m.Actual }),
                plugins = s.Plugins.Select(p => new { type = p.Type, step = p.Step, message = p.Message, table = p.Table, stage = p.Stage, mode = p.Mode, depth = p.Depth, succeeded = p.Succeeded, error = p.Error }),
                serviceCalls = s.Calls.Select(c => new { message = c.Message, table = c.Table, calledBy = c.CalledBy, depth = c.Depth, succeeded = c.Succeeded, error = c.Error }),
                asyncFailures = s.AsyncFailures,
                durationMs = Math.Round(s.Duration.TotalMilliseconds, 1),
            }),
        };
    }
}
