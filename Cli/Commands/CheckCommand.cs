using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Mci.Packaging.Import;
using Mci.SolutionModel;
using Spectre.Console;

namespace Mci.Cli.Commands
{
    /// <summary>
    /// `mci check ZIP|FOLDER [--json PATH]`: reads a packed solution zip the way an import reads it (or an unpacked solution
    /// folder such as Solution/src, whose plug-in assemblies the pack maps in later) and lists every dangling reference
    /// (exit 1), or says what the import would install (exit 0); what mci's model cannot verify is listed apart. Something
    /// that is neither a solution zip nor a solution folder: exit 2. --json writes the solution's name, version, managed flag, publisher, components,
    /// environment variables, connection references, declared dependencies and issues for tools (pac-deploy.ps1) that need
    /// them without reading XML.
    /// </summary>
    internal sealed class CheckCommand
    {
        private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        private readonly Terminal _terminal;

        public CheckCommand(Terminal terminal) => _terminal = terminal;

        public int Run(string zip, string? jsonPath)
        {
            ImportCheckResult result;
            try
            {
                if (Directory.Exists(zip) && !File.Exists(Path.Combine(zip, "Other", "Solution.xml")))
                    throw new InvalidSolutionException($"{zip} is a folder, not a solution zip nor an unpacked solution folder (it has no Other/Solution.xml).");
                result = ImportCheck.Check(zip);
            }
            catch (Exception e) when (e is InvalidSolutionException or IOException or UnauthorizedAccessException)
            {
                _terminal.Error($"cannot check {zip}: {e.Message}");
                WriteJson(jsonPath, zip, null, ExitCodes.Invalid, e.Message);
                return ExitCodes.Invalid;
            }

            var s = result.Solution;
            var m = s.Manifest;
            _terminal.Out.MarkupLine($"[bold]{Markup.Escape(m.UniqueName)}[/] {Markup.Escape(m.Version)}, {(m.IsManaged ? "managed" : "unmanaged")}, " +
                                     $"publisher {Markup.Escape(m.Publisher.UniqueName)} (prefix {Markup.Escape(m.Publisher.CustomizationPrefix)}): {Markup.Escape(s.Source)}");
            if (result.Unverified.Count > 0)
            {
                _terminal.Out.WriteLine($"Not verified ({result.Unverified.Count}): mci's model does not cover these; the import checks them.");
                foreach (var note in result.Unverified) _terminal.Out.WriteLine($"  {note.Where}: {note.Message}");
            }
            if (!result.CanImport)
            {
                _terminal.Err.MarkupLine($"[red]{result.Issues.Count} dangling reference(s):[/] the import would fail or leave something broken.");
                foreach (var issue in result.Issues) _terminal.Err.WriteLine($"  {issue.Where}: {issue.Message}");
                WriteJson(jsonPath, zip, result, ExitCodes.Failed, null);
                return ExitCodes.Failed;
            }

            _terminal.Out.WriteLine("No dangling reference. The import would install:");
            foreach (var (what, count) in Components(s).Where(c => c.Count > 0)) _terminal.Out.WriteLine($"  {count,4} {what}");
            if (m.MissingDependencies.Count > 0)
            {
                _terminal.Out.WriteLine("The target environment must already have:");
                foreach (var r in m.MissingDependencies.Select(d => d.Required).DistinctBy(r => (r.Type, r.SchemaName, r.ParentSchemaName, r.Id)))
                    _terminal.Out.WriteLine($"  {r}{(r.Solution.Length > 0 ? $" (from {r.Solution})" : "")}");
            }
            if (s.EnvironmentVariables.Count > 0)
            {
                _terminal.Out.WriteLine("Environment variables (set a value per environment where the default does not fit):");
                foreach (var v in s.EnvironmentVariables)
                    _terminal.Out.WriteLine($"  {v.SchemaName} ({v.Type}{(v.IsRequired ? ", required" : "")}): {(v.DefaultValue == null ? "no default" : "default " + v.DefaultValue)}");
            }
            if (s.ConnectionReferences.Count > 0)
            {
                _terminal.Out.WriteLine("Connection references (give each a connection of the environment; `pac connection list` shows their ids):");
                foreach (var r in s.ConnectionReferences) _terminal.Out.WriteLine($"  {r.LogicalName}: connector {r.ConnectorId}");
            }
            WriteJson(jsonPath, zip, result, ExitCodes.Ok, null);
            return ExitCodes.Ok;
        }

        /// <summary>Component counts by type, as the import would add them.</summary>
        private static IReadOnlyList<(string What, int Count)> Components(SolutionDefinition s) => new[]
        {
            ("new tables", s.Tables.Count(t => !t.IsShell)),
            ("tables extended", s.Tables.Count(t => t.IsShell)),
            ("columns", s.Tables.Sum(t => t.Columns.Count)),
            ("global choices", s.GlobalChoices.Count),
            ("relationships", s.Relationships.Count),
            ("forms", s.Forms.Count),
            ("views", s.Views.Count),
            ("web resources", s.WebResources.Count),
            ("site maps", s.SiteMaps.Count),
            ("apps", s.Apps.Count),
            ("security roles", s.Roles.Count),
            ("field security profiles", s.FieldSecurityProfiles.Count),
            ("environment variables", s.EnvironmentVariables.Count),
            ("connection references", s.ConnectionReferences.Count),
            ("plug-in assemblies", s.PluginAssemblies.Count),
            ("plug-in types", s.PluginTypes.Count(t => !t.IsWorkflowActivity)),
            ("workflow activities", s.PluginTypes.Count(t => t.IsWorkflowActivity)),
            ("plug-in steps", s.Steps.Count),
        };

        private void WriteJson(string? path, string zip, ImportCheckResult? result, int exitCode, string? error)
        {
            if (path == null) return;
            var s = result?.Solution;
            var full = Path.GetFullPath(zip);
            var isFolder = Directory.Exists(full);
            var document = new
            {
                tool = "mci",
                command = "check",
                zip = isFolder ? null : full,
                folder = isFolder ? full : null,
                exitCode,
                canImport = result?.CanImport ?? false,
                error,
                solution = s == null ? null : new
                {
                    uniqueName = s.Manifest.UniqueName,
                    version = s.Manifest.Version,
                    managed = s.Manifest.IsManaged,
                    publisher = new { uniqueName = s.Manifest.Publisher.UniqueName, customizationPrefix = s.Manifest.Publisher.CustomizationPrefix },
                },
                components = s == null ? null : Components(s).ToDictionary(c => c.What, c => c.Count),
                environmentVariables = s?.EnvironmentVariables.Select(v => new
                {
                    schemaName = v.SchemaName,
                    type = v.Type.ToString(),
                    typeCode = (int)v.Type,
                    defaultValue = v.DefaultValue,
                    isRequired = v.IsRequired,
                    displayName = v.DisplayNames.Best(1033, v.SchemaName),
                }),
                connectionReferences = s?.ConnectionReferences.Select(r => new { logicalName = r.LogicalName, connectorId = r.ConnectorId, displayName = r.DisplayName }),
                dependencies = s?.Manifest.MissingDependencies.Select(d => new
                {
                    required = d.Required.ToString(),
                    solution = d.Required.Solution,
                    dependent = d.Dependent.ToString(),
                }),
                issues = result?.Issues.Select(i => new { where = i.Where, message = i.Message }),
                unverified = result?.Unverified.Select(i => new { where = i.Where, message = i.Message }),
            };
            try
            {
                var target = Path.GetFullPath(path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, JsonSerializer.Serialize(document, JsonOptions));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                _terminal.Error($"cannot write the --json results to {path}: {e.Message}");
            }
        }
    }
}
