using System;
using System.Collections.Generic;
using System.Reflection;
using Mci.Cli.Commands;

namespace Mci.Cli
{
    /// <summary>What the process supplies by default and a test may replace.</summary>
    internal sealed class CliSettings
    {
        /// <summary>The repository; null = found from the current directory or mci's location.</summary>
        public string? RepoRoot { get; init; }

        /// <summary>Plug-in and workflow assemblies for the emulator; null = those built with mci.</summary>
        public IReadOnlyList<string>? EmulatedAssemblies { get; init; }

        /// <summary>Assemblies already loaded whose plug-ins and activities the emulator also runs (test activities).</summary>
        public IReadOnlyList<Assembly> ExtraAssemblies { get; init; } = Array.Empty<Assembly>();

        /// <summary>Builds the sandbox (net462) assemblies before `pack` when their sources changed.</summary>
        public ISandboxBuilder Builder { get; init; } = new DotnetSandboxBuilder();

        /// <summary>The repository mci works in; null, after saying so on <paramref name="terminal"/>, when there is none.</summary>
        public RepoLayout? FindRepo(Terminal terminal)
        {
            var repo = RepoRoot != null ? RepoLayout.Find(RepoRoot) : RepoLayout.FindFromHere();
            if (repo == null) terminal.Error($"no MCI repository here: run mci inside a clone (the folder with {RepoLayout.SolutionFile}).");
            return repo;
        }
    }
}
