using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Mci.Packaging;
using Mci.SolutionModel;
using Spectre.Console;

namespace Mci.Cli.Commands
{
    internal sealed record PackRequest(string? Out, string Configuration, bool NoBuild, string? Folder, string? ZipFile, PackageType? PackageType, string? Map, bool UseUnmanagedFileForMissingManaged);

    /// <summary>
    /// `mci pack`: the solution's two zips from Solution/src and the sandbox assemblies (built first when their
    /// sources are newer), or `pac solution pack` on any folder with --folder/--zipfile. The packing itself is
    /// the Packager's (Mci.Packaging.SolutionPacker), the same code the build runs.
    /// </summary>
    internal sealed class PackCommand
    {
        private readonly Terminal _terminal;
        private readonly CliSettings _settings;

        public PackCommand(Terminal terminal, CliSettings settings)
        {
            _terminal = terminal;
            _settings = settings;
        }

        public int Run(PackRequest request)
        {
            if (request.Folder != null || request.ZipFile != null)
            {
                if (request.Folder == null || request.ZipFile == null) return _terminal.Fail(ExitCodes.Invalid, "--folder and --zipfile go together (the arguments of `pac solution pack`).");
                if (request.Out != null || request.NoBuild) return _terminal.Fail(ExitCodes.Invalid, "--out and --no-build pack the MCI solution; with --folder, name the zip with --zipfile.");
                PackOptions options;
                try
                {
                    options = new PackOptions(request.Folder, request.ZipFile, request.PackageType ?? PackageType.Unmanaged)
                    {
                        Map = request.Map == null ? FileMap.Empty : FileMap.Load(request.Map, request.Folder),
                        UseUnmanagedFileForMissingManaged = request.UseUnmanagedFileForMissingManaged,
                    };
                }
                catch (InvalidSolutionException e)
                {
                    return _terminal.Fail(ExitCodes.Invalid, e.Message);
                }
                return Pack(options, null);
            }
            if (request.PackageType != null || request.Map != null || request.UseUnmanagedFileForMissingManaged)
                return _terminal.Fail(ExitCodes.Invalid, "--packagetype, --map and --useUnmanagedFileForMissingManaged go with --folder and --zipfile; `mci pack` alone writes both packages of the MCI solution.");
            return PackSolution(request);
        }

        private int PackSolution(PackRequest request)
        {
            if (_settings.FindRepo(_terminal) is not { } repo) return ExitCodes.CannotRun;
            var assemblies = RepoLayout.SandboxProjects.Select(p => (p.Project, File: repo.SandboxAssembly(p.Project, p.Assembly, request.Configuration))).ToList();
            var reason = BuildReason(repo, assemblies.Select(a => a.File).ToList());
            if (reason != null)
            {
                if (request.NoBuild)
                {
                    if (assemblies.Any(a => !File.Exists(a.File)))
                        return _terminal.Fail(ExitCodes.CannotRun, $"{reason}; build them (drop --no-build, or `dotnet build Solution/Solution.csproj -c {request.Configuration}`).");
                    _terminal.Err.MarkupLine($"[yellow]warning:[/] {Markup.Escape(reason)}; packing them as they are (--no-build).");
                }
                else
                {
                    _terminal.Out.MarkupLine($"Building the plug-in and workflow assemblies ({Markup.Escape(request.Configuration)}, net462): {Markup.Escape(reason)}.");
                    var failure = _settings.Builder.Build(repo, request.Configuration, assemblies.Select(a => a.Project).ToList());
                    if (failure != null) return _terminal.Fail(ExitCodes.CannotRun, failure);
                    var notWritten = assemblies.Select(a => a.File).FirstOrDefault(f => !File.Exists(f));
                    if (notWritten != null) return _terminal.Fail(ExitCodes.CannotRun, $"the build did not write {notWritten}.");
                }
            }
            SolutionManifest manifest;
            try
            {
                manifest = SolutionDefinition.ReadFolder(repo.SolutionSource).Manifest;
            }
            catch (Exception e) when (e is InvalidSolutionException or IOException or UnauthorizedAccessException)
            {
                return _terminal.Fail(ExitCodes.Failed, e.Message);
            }
            var (uniqueName, version) = (manifest.UniqueName, manifest.Version);
            var outDir = Path.GetFullPath(request.Out ?? Path.Combine(repo.Root, "Solution", "bin", request.Configuration));
            var options = new PackOptions(repo.SolutionSource, Path.Combine(outDir, SolutionPacker.ExportFileName(uniqueName, version, managed: false)), PackageType.Both)
            {
                Map = FileMap.FromFiles(assemblies.ToDictionary(a => Path.GetFileName(a.File), a => a.File)),
                // Our forms are new forms, whole in both packages (as the build packs them).
                UseUnmanagedFileForMissingManaged = true,
            };
            return Pack(options, $"{request.Configuration} build of the plug-in and workflow assemblies");
        }

        /// <summary>Why the sandbox assemblies need building: missing, or older than a source file; null when current.</summary>
        private static string? BuildReason(RepoLayout repo, IReadOnlyList<string> files)
        {
            var missing = files.Where(f => !File.Exists(f)).ToList();
            if (missing.Count > 0) return $"{string.Join(", ", missing.Select(Path.GetFileName))} not built yet";
            var oldest = files.Min(File.GetLastWriteTimeUtc);
            var newer = repo.SandboxSources().Where(f => File.GetLastWriteTimeUtc(f) > oldest).Take(3).ToList();
            return newer.Count == 0 ? null : $"sources changed since the last build ({string.Join(", ", newer.Select(f => Path.GetRelativePath(repo.Root, f).Replace('\\', '/')))})";
        }

        private int Pack(PackOptions options, string? assembliesNote)
        {
            IReadOnlyList<PackResult> results;
            try
            {
                results = SolutionPacker.Pack(options);
            }
            catch (Exception e) when (e is InvalidSolutionException or IOException or UnauthorizedAccessException or System.Xml.XmlException)
            {
                return _terminal.Fail(ExitCodes.Failed, e.Message);
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Package").AddColumn("Zip").AddColumn(new TableColumn("Size").RightAligned()).AddColumn("Components");
            foreach (var r in results)
            {
                var components = string.Join(", ", r.Components.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key}"));
                table.AddRow(
                    Markup.Escape($"{(r.Managed ? "managed" : "unmanaged")} {r.UniqueName} {r.Version}"),
                    Markup.Escape(r.ZipFile),
                    Markup.Escape(r.Size.ToString("N0", CultureInfo.InvariantCulture) + " bytes"),
                    Markup.Escape(components));
            }
            _terminal.Out.Write(table);
            foreach (var r in results) _terminal.Out.WriteLine($"Packed {r.ZipFile} ({r.Size.ToString(CultureInfo.InvariantCulture)} bytes, {r.Components.Values.Sum()} components)");
            // Which zip goes where: an admin imports the managed one; the unmanaged one is the development copy.
            foreach (var r in results.Where(r => r.Managed))
                _terminal.Out.MarkupLine($"[bold]An admin imports[/] the managed solution into test and production: {Markup.Escape(r.ZipFile)}");
            foreach (var r in results.Where(r => !r.Managed))
                _terminal.Out.MarkupLine($"[bold]For development only[/] (an environment where the solution is changed, then exported again), the unmanaged solution: {Markup.Escape(r.ZipFile)}");
            if (assembliesNote != null) _terminal.Out.MarkupLine($"[grey]Assemblies: {Markup.Escape(assembliesNote)}.[/]");
            return ExitCodes.Ok;
        }
    }
}
