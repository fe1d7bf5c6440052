using System.Collections.Generic;
using Mci.Emulator.Conversion;

namespace Mci.Cli.Scenarios
{
    /// <summary>What an alias names: a user, a team, a created record, or the outputs of a step (a run's output arguments).</summary>
    internal enum AliasKind { User, Team, Record, Outputs }

    /// <summary>
    /// Outputs an alias holds, as expect checks them: the step kind that produced them ("run"), what ran ("EchoActivity"),
    /// how its outputs are called ("output argument") and what each converts to.
    /// </summary>
    internal sealed record OutputsInfo(string StepKey, string Source, string KeyKind, IReadOnlyDictionary<string, ValueTarget> Outputs);

    /// <param name="Table">For a user, team or record: its table (null when the create step's table was unknown, reported there).</param>
    internal sealed record AliasInfo(AliasKind Kind, string? Table, OutputsInfo? Outputs, string DefinedAt)
    {
        /// <summary>How messages name it: "user", "team", "account record", "run of EchoActivity".</summary>
        public string KindText => Kind switch
        {
            AliasKind.Outputs => $"{Outputs!.StepKey} of {Outputs.Source}",
            AliasKind.Record => $"{Table} record",
            var k => k.ToString().ToLowerInvariant(),
        };

        /// <summary>"the outputs of a run step", for messages about an alias that is no record.</summary>
        public string OutputsText => $"the outputs of {Words.A(Outputs!.StepKey)} step";
    }
}
