// A PowerShell host for the Pester tests of pac-deploy.ps1 (DeployFixture.ps1, Invoke-Deploy): it runs the script in a
// runspace of the test process instead of a new pwsh process, and keeps everything the script shows on the host
// (Write-Host, warnings, "What if:" lines, $Host.UI.WriteErrorLine) as one text, in order, as a console would show it.
// It never prompts: the tests run non-interactively.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace MciDeployTests
{
    public sealed class CaptureHost : PSHost
    {
        private readonly CaptureUI _ui = new CaptureUI();
        private readonly Guid _id = Guid.NewGuid();
        public string Text => _ui.Text.ToString();
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override Guid InstanceId => _id;
        public override string Name => "MciDeployTestsHost";
        public override PSHostUserInterface UI => _ui;
        public override Version Version => new Version(1, 0);
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }

    public sealed class CaptureUI : PSHostUserInterface
    {
        public readonly StringBuilder Text = new StringBuilder();
        public override PSHostRawUserInterface RawUI => null;
        public override void Write(string value) { lock (Text) Text.Append(value); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
        public override void WriteLine(string value) => Write(value + "\n");
        public override void WriteErrorLine(string value) => Write(value + "\n");
        public override void WriteDebugLine(string message) => Write("DEBUG: " + message + "\n");
        public override void WriteVerboseLine(string message) => Write("VERBOSE: " + message + "\n");
        public override void WriteWarningLine(string message) => Write("WARNING: " + message + "\n");
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException("no prompts in tests");
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException("no prompts in tests");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override string ReadLine() => throw new NotSupportedException();
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
    }
}
