using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mci.Cli.Scenarios;
using Spectre.Console;

namespace Mci.Cli.Commands
{
    /// <summary>
    /// `mci simulate FILE... [--json PATH] [--solution ZIP]` and `mci demo`: validates every file first (any invalid file: exit 2,
    /// nothing runs), then runs each scenario on a fresh emulator and prints a table of its steps (the demo: one
    /// line per scenario unless --verbose).
    /// </summary>
    internal sealed class SimulateCommand
    {
        private readonly Terminal _terminal;
        private readonly CliSettings _settings;

        public SimulateCommand(Terminal terminal, CliSettings settings)
        {
            _terminal = terminal;
            _settings = settings;
        }

        /// <summary>`mci demo`: one line per scenario, or (<paramref name="verbose"/>) each scenario's table of steps.</summary>
        public int Demo(string? jsonPath, bool verbose = false)
        {
            if (_settings.FindRepo(_terminal) is not { } repo) return ExitCodes.CannotRun;
            var files = Directory.Exists(repo.SamplesFolder)
                ? Directory.EnumerateFiles(repo.SamplesFolder, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToArray()
                : Array.Empty<string>();
            if (files.Length == 0) return _terminal.Fail(ExitCodes.CannotRun, $"no scenario files in {repo.SamplesFolder}.");
            _terminal.Out.MarkupLine("[bold]MCI for Dataverse — the demo[/]: the scenarios in samples/, run on the in-memory");
            _terminal.Out.MarkupLine("Dataverse with the solution's own plug-ins.");
            _terminal.Out.WriteLine();
            return Run(files.Select(f => Path.GetRelativePath(Directory.GetCurrentDirectory(), f)).ToArray(), jsonPath, "demo", repo, compact: !verbose);
        }

        /// <param name="solutionZip">A packed solution zip to run against instead of Solution/src and the built assemblies.</param>
        public int Run(IReadOnlyList<string> files, string? jsonPath, string command, string? solutionZip = null)
        {
            if (solutionZip == null) return _settings.FindRepo(_terminal) is { } repo ? Run(files, jsonPath, command, repo, compact: false) : ExitCodes.CannotRun;
            if (!File.Exists(solutionZip)) return _terminal.Fail(ExitCodes.Invalid, $"--solution {solutionZip}: no such file (give a solution zip: `mci pack` writes them to Solution/bin/<configuration>).");
            ScenarioHost host;
            try
            {
                host = ScenarioHost.ForZip(solutionZip, _settings.ExtraAssemblies);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or BadImageFormatException or System.Xml.XmlException)
            {
                return _terminal.Fail(ExitCodes.Invalid, $"--solution {solutionZip}: cannot load the solution or its assemblies: {e.Message}");
            }
            _terminal.Out.MarkupLine($"[grey]Solution: {Markup.Escape(Path.GetFullPath(solutionZip))} (its metadata and the plug-in assemblies inside it).[/]");
            return Run(files, jsonPath, command, host, compact: false);
        }

        /// <param name="compact">One line per scenario (and the steps that failed) instead of its table of steps.</param>
        private int Run(IReadOnlyList<string> files, string? jsonPath, string command, RepoLayout repo, bool compact)
        {
            var assemblies = _settings.EmulatedAssemblies ?? repo.EmulatedAssemblies();
            if (assemblies.Count < RepoLayout.SandboxProjects.Count && _settings.EmulatedAssemblies == null)
                return _terminal.Fail(ExitCodes.CannotRun, "the net10.0 plug-in and workflow assemblies are not built: run through `dotnet run --project Cli -- ...`, which builds them.");
            ScenarioHost host;
            try
            {
                host = new ScenarioHost(repo.SolutionSource, assemblies, _settings.ExtraAssemblies);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or BadImageFormatException or System.Xml.XmlException)
            {
                return _terminal.Fail(ExitCodes.CannotRun, $"cannot load the solution or its assemblies: {e.Message}");
            }
            return Run(files, jsonPath, command, host, compact);
        }

        private int Run(IReadOnlyList<string> files, string? jsonPath, string command, ScenarioHost host, bool compact)
        {

            var reader = host.Reader();
            var read = files.Select(reader.ReadFile).ToList();
            var report = new JsonReport(command);
            var invalid = read.Where(r => !r.IsValid).ToList();
            if (invalid.Count > 0)
            {
                foreach (var r in invalid)
                {
                    _terminal.Err.MarkupLine($"[red]invalid scenario file[/] {Markup.Escape(r.File)}:");
                    foreach (var e in r.Errors) _terminal.Err.WriteLine($"  {e.File}: {e.Path}: {e.Message}");
                }
                _terminal.Err.WriteLine($"{invalid.Count} of {read.Count} file(s) invalid; no scenario was run.");
                report.Write(jsonPath, read, Array.Empty<ScenarioResult>(), ExitCodes.Invalid, _terminal);
                return ExitCodes.Invalid;
            }

            var missing = host.NewEnvironment().MissingPluginTypes;
            foreach (var m in missing) _terminal.Err.MarkupLine($"[yellow]warning:[/] registered plug-in type not found in the built assemblies: {Markup.Escape(m)}");

            var printer = new ResultPrinter(_terminal.Out);
            var nameWidth = ResultPrinter.NameWidth(read.Select(r => r.Scenario!.Name));
            var runner = new ScenarioRunner(host);
            var results = new List<ScenarioResult>();
            foreach (var r in read)
            {
                var scenario = r.Scenario!;
                ScenarioResult result;
                if (_terminal.Live)
                {
                    result = _terminal.Out.Status().Spinner(Spinner.Known.Dots).Start($"{Markup.Escape(scenario.Name)}", ctx =>
                    {
                        runner.Progress = (i, n) => ctx.Status($"{Markup.Escape(scenario.Name)}: step {i}/{n}");
                        return runner.Run(scenario);
                    });
                }
                else result = runner.Run(scenario);
                results.Add(result);
                if (compact) printer.Line(result, nameWidth);
                else printer.Print(result);
            }
            var failed = results.Count(s => !s.Passed);
            var exit = failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
            if (compact) _terminal.Out.WriteLine();
            printer.Summary(results);
            if (compact) _terminal.Out.MarkupLine("[grey]Each step with its user, outcome, plug-ins and service calls: demo --verbose (or --json PATH).[/]");
            report.Write(jsonPath, read, results, exit, _terminal);
            return exit;
        }
    }
}
