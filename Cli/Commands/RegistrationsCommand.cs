using System;
using System.IO;
using System.Linq;
using Mci.Packaging;
using Mci.SolutionModel;
using Mci.Packaging.Registration;
using Spectre.Console;

namespace Mci.Cli.Commands
{
    /// <summary>
    /// `mci registrations [--write]`: the plug-in step registrations from the steps the plug-in classes declare in code
    /// (the net10.0 plug-in assembly built with mci). Without --write, checks that Solution/src/SdkMessageProcessingSteps,
    /// the steps' root components in Solution.xml and docs/registrations.md agree with the declarations (exit 1 when not);
    /// with --write, writes them.
    /// </summary>
    internal sealed class RegistrationsCommand
    {
        private readonly Terminal _terminal;
        private readonly CliSettings _settings;

        public RegistrationsCommand(Terminal terminal, CliSettings settings)
        {
            _terminal = terminal;
            _settings = settings;
        }

        public int Run(bool write)
        {
            if (_settings.FindRepo(_terminal) is not { } repo) return ExitCodes.CannotRun;
            var assembly = (_settings.EmulatedAssemblies ?? repo.EmulatedAssemblies()).FirstOrDefault(a => Path.GetFileNameWithoutExtension(a) == "MciDataverse.Plugins");
            if (assembly == null)
                return _terminal.Fail(ExitCodes.CannotRun, "the net10.0 plug-in assembly is not built: run through `dotnet run --project Cli -- registrations`, which builds it.");
            GeneratedRegistrations generated;
            try
            {
                generated = RegistrationGenerator.Generate(repo.Root, DeclaredSteps.Read(assembly), DeclaredSteps.ReadMainOperations(assembly));
            }
            catch (Exception e) when (e is InvalidSolutionException or InvalidOperationException or IOException)
            {
                return _terminal.Fail(ExitCodes.Failed, e.Message);
            }
            var steps = generated.Files.Count(f => f.RelativePath.StartsWith(RegistrationGenerator.StepsFolder, StringComparison.Ordinal));
            var differences = RegistrationGenerator.Differences(repo.Root, generated);
            if (write)
            {
                RegistrationGenerator.Write(repo.Root, generated);
                _terminal.Out.MarkupLine(Markup.Escape($"{steps} step registrations written from the declarations ({differences.Count} file(s) changed): {RegistrationGenerator.StepsFolder}/, {RegistrationGenerator.SolutionXml}, {RegistrationGenerator.Document}."));
                return ExitCodes.Ok;
            }
            if (differences.Count == 0)
            {
                _terminal.Out.MarkupLine(Markup.Escape($"{steps} step registrations agree with the declarations."));
                return ExitCodes.Ok;
            }
            foreach (var d in differences) _terminal.Out.MarkupLine(Markup.Escape("- " + d));
            return _terminal.Fail(ExitCodes.Failed, $"the registrations differ from the declarations in the plug-in classes: run `{RegistrationGenerator.Command}`.");
        }
    }
}
