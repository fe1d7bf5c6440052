using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Mci.Cli.Commands;
using Mci.Packaging;
using Mci.SolutionModel;
using Spectre.Console;

namespace Mci.Cli
{
    /// <summary>mci's exit codes (docs/scenarios.md, "Running scenarios"; docs/developer-guide.md, "The command line").</summary>
    internal static class ExitCodes
    {
        /// <summary>Everything held (every scenario passed; the zips were written; the zip checked has no dangling reference).</summary>
        public const int Ok = 0;
        /// <summary>An expectation failed (simulate, demo), packing was refused (pack) or a zip has dangling references (check).</summary>
        public const int Failed = 1;
        /// <summary>Bad input: an invalid scenario file or command line, a file that is not a solution zip.</summary>
        public const int Invalid = 2;
        /// <summary>mci could not do its job: no repository, no built assemblies, a failed build.</summary>
        public const int CannotRun = 3;
    }

    internal static class Program
    {
        private static int Main(string[] args)
        {
            var terminal = Terminal.ForProcess();
            try
            {
                return MciCli.Run(args, terminal, new CliSettings());
            }
            catch (Exception e)
            {
                // A defect of mci itself (the tests call MciCli.Run and see it directly): say so plainly.
                terminal.ErrWriter.WriteLine($"mci failed unexpectedly: {e}");
                return ExitCodes.CannotRun;
            }
        }
    }

    /// <summary>
    /// The command line: `mci pack | simulate | check | demo | registrations`. Runs in-process with any terminal and settings, so the
    /// tests call exactly what `dotnet run --project Cli -- ...` runs.
    /// </summary>
    internal static class MciCli
    {
        public static int Run(IReadOnlyList<string> args, Terminal terminal, CliSettings settings)
        {
            var root = new RootCommand("mci: MCI for Dataverse's tool. Packs the solution and runs acceptance scenarios on the in-memory Dataverse emulator.");

            var output = new Option<string?>("--out") { Description = "Folder for the two zips (default: Solution/bin/<configuration>)." };
            var configuration = new Option<string>("--configuration", "-c") { Description = "Build configuration of the plug-in assemblies packed (default Release).", DefaultValueFactory = _ => "Release" };
            configuration.AcceptOnlyFromAmong("Release", "Debug");
            var noBuild = new Option<bool>("--no-build") { Description = "Do not build the plug-in assemblies even when their sources changed." };
            var folder = new Option<string?>("--folder", "-f") { Description = "pac solution pack: the unpacked solution folder to pack." };
            var zipFile = new Option<string?>("--zipfile", "-z") { Description = "pac solution pack: the zip to write." };
            var packageType = new Option<PackageType?>("--packagetype", "-p") { Description = "pac solution pack: Unmanaged (default), Managed or Both." };
            var map = new Option<string?>("--map", "-m") { Description = "pac solution pack: a mapping file for files not in the folder (built assemblies)." };
            var same = new Option<bool>("--useUnmanagedFileForMissingManaged", "-same") { Description = "pac solution pack: use a form's unmanaged file when it has no _managed.xml." };
            var pack = new Command("pack", "Writes the unmanaged and managed solution zips (building the plug-in assemblies if their sources changed); with --folder and --zipfile, packs any unpacked solution folder as `pac solution pack` does.")
            {
                output, configuration, noBuild, folder, zipFile, packageType, map, same,
            };
            pack.SetAction(r => new PackCommand(terminal, settings).Run(new PackRequest(
                r.GetValue(output), r.GetValue(configuration)!, r.GetValue(noBuild), r.GetValue(folder), r.GetValue(zipFile), r.GetValue(packageType), r.GetValue(map), r.GetValue(same))));

            var files = new Argument<string[]>("FILE") { Description = "Scenario files (JSON; docs/scenarios.md).", Arity = ArgumentArity.OneOrMore };
            var json = new Option<string?>("--json") { Description = "Also write machine-readable results to this file." };
            var solution = new Option<string?>("--solution") { Description = "A packed solution zip to run against (its metadata and the plug-in assemblies inside it: what ships) instead of Solution/src and the built assemblies." };
            var simulate = new Command("simulate", "Runs scenario files against a fresh emulator loaded with the solution and the built plug-ins (or, with --solution, a packed zip). Exit 0: all expectations hold; 1: one failed; 2: a file is invalid.")
            {
                files, json, solution,
            };
            simulate.SetAction(r => new SimulateCommand(terminal, settings).Run(r.GetValue(files)!, r.GetValue(json), "simulate", r.GetValue(solution)));

            var zip = new Argument<string>("ZIP|FOLDER") { Description = "A packed solution zip (mci pack writes two; an export from Dataverse is one), or an unpacked solution folder such as Solution/src (its plug-in assemblies, build outputs, are checked when packed)." };
            var checkJson = new Option<string?>("--json") { Description = "Also write the solution's name, version, managed flag, components, environment variables, connection references, dependencies and issues to this file." };
            var check = new Command("check", "Reads a solution zip the way an import reads it, or an unpacked solution folder. Exit 0: no dangling reference (prints what the import would install); 1: dangling references (each named, e.g. a step on a message without a published id); 2: not a solution zip or folder.")
            {
                zip, checkJson,
            };
            check.SetAction(r => new CheckCommand(terminal).Run(r.GetValue(zip)!, r.GetValue(checkJson)));

            var demoJson = new Option<string?>("--json") { Description = "Also write machine-readable results to this file." };
            var verbose = new Option<bool>("--verbose", "-v") { Description = "Show each scenario's steps as a table (user, outcome, plug-ins that ran, service calls), as simulate does." };
            var demo = new Command("demo", "Runs the bundled scenarios in samples/ that tell MCI's story: dual credit, a confirmed 60/40 split, a partner margin exception, an escalation, and the split holding against a seller's shortcuts. Prints one line per scenario; --verbose prints every step.")
            {
                demoJson, verbose,
            };
            demo.SetAction(r => new SimulateCommand(terminal, settings).Demo(r.GetValue(demoJson), r.GetValue(verbose)));

            var write = new Option<bool>("--write") { Description = "Write the step files, their root components and docs/registrations.md instead of checking them." };
            var registrations = new Command("registrations", "Checks (or with --write, writes) the plug-in step registrations in Solution/src and docs/registrations.md against the steps the plug-in classes declare in code. Exit 0: they agree (or were written); 1: they differ.")
            {
                write,
            };
            registrations.SetAction(r => new RegistrationsCommand(terminal, settings).Run(r.GetValue(write)));

            root.Subcommands.Add(pack);
            root.Subcommands.Add(simulate);
            root.Subcommands.Add(check);
            root.Subcommands.Add(demo);
            root.Subcommands.Add(registrations);

            var parsed = root.Parse(args.ToArray());
            var outWriter = terminal.OutWriter;
            var errWriter = terminal.ErrWriter;
            if (args.Count == 0)
            {
                parsed = root.Parse(new[] { "--help" });
                parsed.Invoke(new InvocationConfiguration { Output = outWriter, Error = errWriter });
                return ExitCodes.Invalid;
            }
            if (parsed.Errors.Count > 0 && parsed.CommandResult.Command == root)
            {
                // No command was recognised: System.CommandLine reports "Required command was not provided" and then the
                // token it did not know. One error says both.
                var commands = root.Subcommands.Select(c => c.Name).ToList();
                var token = args[0];
                terminal.Err.WriteLine(token.StartsWith('-')
                    ? $"error: unknown option '{token}': mci takes a command first ({string.Join(", ", commands)})."
                    : $"error: unknown command '{token}'{Mci.Emulator.Conversion.Suggestions.For(token, commands)}: the commands are {string.Join(", ", commands)}.");
                terminal.Err.WriteLine("Run `mci --help` (or `dotnet run --project Cli -- --help`) for the commands and their options.");
                return ExitCodes.Invalid;
            }
            if (parsed.Errors.Count > 0)
            {
                foreach (var e in parsed.Errors) terminal.Err.WriteLine($"error: {e.Message}");
                terminal.Err.WriteLine("Run `mci --help` (or `dotnet run --project Cli -- --help`) for the commands and their options.");
                return ExitCodes.Invalid;
            }
            return parsed.Invoke(new InvocationConfiguration { Output = outWriter, Error = errWriter, EnableDefaultExceptionHandler = false });
        }
    }
}
