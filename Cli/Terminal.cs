using System;
using System.IO;
using Spectre.Console;

namespace Mci.Cli
{
    /// <summary>
    /// Where mci writes: colour, box tables and a live progress line on a terminal; plain text without escape
    /// codes or progress when the output is redirected (a file, a pipe, CI) or NO_COLOR is set.
    /// </summary>
    internal sealed class Terminal
    {
        private Terminal(IAnsiConsole output, IAnsiConsole error, TextWriter outWriter, TextWriter errWriter, bool live)
        {
            Out = output;
            Err = error;
            OutWriter = outWriter;
            ErrWriter = errWriter;
            Live = live;
        }

        /// <summary>The raw writers under <see cref="Out"/> and <see cref="Err"/> (for text that is not markup, such as help).</summary>
        public TextWriter OutWriter { get; }
        public TextWriter ErrWriter { get; }

        public IAnsiConsole Out { get; }
        public IAnsiConsole Err { get; }

        /// <summary>True when progress can be shown in place (an interactive terminal).</summary>
        public bool Live { get; }

        /// <summary>Writes "error: MESSAGE" to the error output; the message is plain text, not markup.</summary>
        public void Error(string message) => Err.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

        /// <summary>Reports an error and returns the exit code it ends mci with (<see cref="ExitCodes"/>).</summary>
        public int Fail(int exitCode, string message)
        {
            Error(message);
            return exitCode;
        }

        public static Terminal ForProcess()
        {
            var plain = Console.IsOutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) || Environment.GetEnvironmentVariable("TERM") == "dumb";
            if (plain) return Plain(Console.Out, Console.Error, 160);
            var output = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            var error = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Console.Error),
                Ansi = Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
                ColorSystem = Console.IsErrorRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            });
            return new Terminal(output, error, Console.Out, Console.Error, live: !Console.IsInputRedirected && output.Profile.Capabilities.Interactive);
        }

        /// <summary>Plain text to the given writers (redirected output, and the tests).</summary>
        public static Terminal Plain(TextWriter output, TextWriter error, int width = 160) =>
            new(PlainConsole(output, width), PlainConsole(error, width), output, error, live: false);

        private static IAnsiConsole PlainConsole(TextWriter writer, int width)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(writer),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            console.Profile.Width = width;
            console.Profile.Capabilities.Unicode = true;
            return console;
        }
    }
}
