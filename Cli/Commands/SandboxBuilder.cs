using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Mci.Cli.Commands
{
    /// <summary>Builds the sandbox (net462) plug-in and workflow projects; returns null on success, else what went wrong.</summary>
    internal interface ISandboxBuilder
    {
        string? Build(RepoLayout repo, string configuration, IReadOnlyList<string> projects);
    }

    /// <summary>`dotnet build PROJECT -c CONFIGURATION -f net462` for each project, output kept for the error message.</summary>
    internal sealed class DotnetSandboxBuilder : ISandboxBuilder
    {
        public string? Build(RepoLayout repo, string configuration, IReadOnlyList<string> projects)
        {
            foreach (var project in projects)
            {
                var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
                var start = new ProcessStartInfo(dotnet)
                {
                    WorkingDirectory = repo.Root,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var a in new[] { "build", project, "-c", configuration, "-f", "net462", "-nologo", "-v", "q" }) start.ArgumentList.Add(a);
                var log = new StringBuilder();
                using var process = new Process { StartInfo = start };
                process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (log) log.AppendLine(e.Data); };
                process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (log) log.AppendLine(e.Data); };
                try
                {
                    process.Start();
                }
                catch (System.ComponentModel.Win32Exception e)
                {
                    return $"could not start `{dotnet} build`: {e.Message}";
                }
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                process.WaitForExit();
                if (process.ExitCode != 0) return $"`dotnet build {project} -c {configuration} -f net462` failed (exit {process.ExitCode}):{Environment.NewLine}{log.ToString().TrimEnd()}";
            }
            return null;
        }
    }
}
