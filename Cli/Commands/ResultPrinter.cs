using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mci.Cli.Scenarios;
using Spectre.Console;

namespace Mci.Cli.Commands
{
    /// <summary>
    /// Prints a scenario's steps as a table (user, step, outcome, plug-ins that ran, service calls), then what failed;
    /// or, compact, one line for the scenario and then what failed.
    /// </summary>
    internal sealed class ResultPrinter
    {
        private readonly IAnsiConsole _console;

        public ResultPrinter(IAnsiConsole console) => _console = console;

        public void Print(ScenarioResult result)
        {
            var verdict = result.Passed ? "[green]passed[/]" : "[red]FAILED[/]";
            _console.Write(new Rule($"[bold]{Markup.Escape(result.Name)}[/] [grey]({Markup.Escape(result.File)})[/] {verdict}").LeftJustified());
            if (result.SetupError != null)
            {
                _console.MarkupLine($"[red]{Markup.Escape(result.SetupError)}[/]");
                _console.WriteLine();
                return;
            }
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn(new TableColumn("#").RightAligned())
                .AddColumn("As")
                .AddColumn("Step")
                .AddColumn("Outcome")
                .AddColumn("Plug-ins that ran")
                .AddColumn(new TableColumn("Calls [grey](by plug-ins)[/]").RightAligned());
            foreach (var s in result.Steps)
            {
                // The note tells the story; the step's technical form follows in grey.
                var step = s.Note != null ? $"{Markup.Escape(s.Note)}\n[grey]{Markup.Escape(s.Description)}[/]" : Markup.Escape(s.Description);
                table.AddRow(
                    new Markup((s.Index + 1).ToString(CultureInfo.InvariantCulture)),
                    new Markup(Markup.Escape(s.User)),
                    new Markup(step),
                    new Markup(Outcome(s)),
                    new Markup(Plugins(s)),
                    new Markup(s.Calls.Count == 0 ? "" : $"{s.Calls.Count}" + (s.PluginCallCount > 0 ? $" [grey]({s.PluginCallCount})[/]" : "")));
            }
            _console.Write(table);
            Failures(result, "");
            _console.WriteLine();
        }

        /// <summary>The compact lines stay within this many columns (a scenario's name is shortened to fit).</summary>
        public const int CompactWidth = 100;

        private const string CompactPrefix = "  passed  ";
        private const int CountsWidth = 20; // " 999 steps, 99 failed"

        /// <summary>How wide the name column of the compact lines is for these names.</summary>
        public static int NameWidth(IEnumerable<string> names) =>
            Math.Min(names.Select(n => n.Length).DefaultIfEmpty(0).Max(), CompactWidth - 1 - CompactPrefix.Length - CountsWidth);

        /// <summary>One line: passed or FAILED, the scenario's name, its step count (and how many failed); then what failed.</summary>
        public void Line(ScenarioResult result, int nameWidth)
        {
            var failedSteps = result.Steps.Count(s => !s.Passed);
            var verdict = result.Passed ? "[green]passed[/]" : "[red]FAILED[/]";
            var name = result.Name.Length <= nameWidth ? result.Name.PadRight(nameWidth) : result.Name[..(nameWidth - 1)] + "…";
            var counts = $"{result.Steps.Count,3} steps" + (failedSteps > 0 ? $", {failedSteps} failed" : "");
            _console.MarkupLine($"  {verdict}  {Markup.Escape(name)} {Markup.Escape(counts)}");
            if (result.SetupError != null) _console.MarkupLine($"    [red]{Markup.Escape(result.SetupError)}[/]");
            Failures(result, "    ");
        }

        /// <summary>Each step that failed (what was expected, what was found) and each asynchronous step that failed.</summary>
        private void Failures(ScenarioResult result, string indent)
        {
            foreach (var s in result.Steps.Where(s => !s.Passed))
            {
                _console.MarkupLine($"{indent}[red]✗ step {s.Index + 1}[/] [grey]({Markup.Escape(s.Path)})[/] {Markup.Escape(s.Description)}");
                if (s.Outcome == StepOutcome.Error) _console.MarkupLine($"{indent}    could not run: {Markup.Escape(s.Message ?? "")}");
                foreach (var m in s.Mismatches)
                    _console.MarkupLine($"{indent}    {Markup.Escape(m.What)}: expected [green]{Markup.Escape(m.Expected)}[/], actual [red]{Markup.Escape(m.Actual)}[/]");
                if (s.Outcome == StepOutcome.Refused && s.Message != null && s.Mismatches.All(m => m.What != "refusal message"))
                    _console.MarkupLine($"{indent}    refusal: {Markup.Escape(s.Message)}");
            }
            foreach (var s in result.Steps.Where(s => s.AsyncFailures.Count > 0))
                foreach (var a in s.AsyncFailures)
                    _console.MarkupLine($"{indent}[yellow]! step {s.Index + 1}: an asynchronous step failed (the step itself stands, as in Dataverse):[/] {Markup.Escape(a)}");
        }

        public void Summary(IReadOnlyList<ScenarioResult> results)
        {
            var passed = results.Count(r => r.Passed);
            var failed = results.Count - passed;
            var steps = results.Sum(r => r.Steps.Count);
            var text = $"{results.Count} scenario(s), {steps} step(s): {passed} passed, {failed} failed";
            _console.MarkupLine(failed == 0 ? $"[green]{Markup.Escape(text)}[/]" : $"[red]{Markup.Escape(text)}[/]");
        }

        private static string Outcome(StepResult s)
        {
            var text = s.Outcome switch
            {
                StepOutcome.Done => s.Passed ? "[green]done[/]" : "[red]done, but a refusal was expected[/]",
                StepOutcome.Refused => s.Passed ? "[green]refused, as expected[/]" : s.Mismatches.Any(m => m.What == "outcome") ? "[red]refused unexpectedly[/]" : "[red]refused, but not as expected[/]",
                StepOutcome.Held => "[green]holds[/]",
                StepOutcome.NotHeld => "[red]does not hold[/]",
                _ => "[red]could not run[/]",
            };
            if (s.Outcome == StepOutcome.Refused && s.Message != null) text += $"\n[grey]{Markup.Escape(Shorten(s.Message, 240))}[/]";
            if (s.Outcome == StepOutcome.NotHeld) text += "\n" + string.Join("\n", s.Mismatches.Select(m => $"[grey]{Markup.Escape(m.What)}:[/] {Markup.Escape(m.Actual)}"));
            return text;
        }

        private static string Plugins(StepResult s)
        {
            var groups = s.Plugins
                .GroupBy(p => (p.ShortType, p.Message, p.Stage, p.Mode))
                .Select(g =>
                {
                    var failed = g.Any(p => !p.Succeeded);
                    if (g.Key.Message == "ExecuteWorkflow") return failed ? $"[red]{Markup.Escape(g.Key.ShortType)} ✗[/] [grey]activity[/]" : $"{Markup.Escape(g.Key.ShortType)} [grey]activity[/]";
                    var text = $"{Markup.Escape(g.Key.ShortType)} [grey]{Markup.Escape(g.Key.Message)}/{Stage(g.Key.Stage)}{(g.Key.Mode == "Asynchronous" ? " async" : "")}{(g.Count() > 1 ? $" ×{g.Count()}" : "")}[/]";
                    return failed ? $"[red]{Markup.Escape(g.Key.ShortType)} ✗[/] [grey]{Markup.Escape(g.Key.Message)}/{Stage(g.Key.Stage)}[/]" : text;
                });
            return string.Join("\n", groups);
        }

        private static string Stage(string stage) => stage switch
        {
            "PreValidation" => "pre-validation",
            "PreOperation" => "pre",
            "PostOperation" => "post",
            "MainOperation" => "main",
            _ => stage,
        };

        private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "…";
    }
}
