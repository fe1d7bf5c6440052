using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Mci.Emulator.Metadata;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    /// <summary>The enabled steps by (message, table, stage), in execution order (rank, then name). Built once per metadata.</summary>
    internal sealed class StepIndex
    {
        private static readonly ConditionalWeakTable<EnvironmentMetadata, StepIndex> Cache = new();
        private readonly Dictionary<(string Message, string? Table, PipelineStage Stage), List<StepDefinition>> _steps = new();

        private StepIndex(EnvironmentMetadata metadata)
        {
            foreach (var s in metadata.Steps.Where(s => s.Enabled))
            {
                var key = (s.Message.ToLowerInvariant(), s.PrimaryEntity, s.Stage);
                if (!_steps.TryGetValue(key, out var list)) _steps[key] = list = new List<StepDefinition>();
                list.Add(s);
            }
        }

        public static StepIndex For(EnvironmentMetadata metadata) => Cache.GetValue(metadata, m => new StepIndex(m));

        /// <summary>Steps on the message for this table or for any table.</summary>
        public IEnumerable<StepDefinition> Steps(string message, string? table, PipelineStage stage)
        {
            var m = message.ToLowerInvariant();
            var specific = table != null && _steps.TryGetValue((m, table, stage), out var a) ? a : Enumerable.Empty<StepDefinition>();
            var any = _steps.TryGetValue((m, null, stage), out var b) ? b : Enumerable.Empty<StepDefinition>();
            return specific.Concat(any);
        }

        public static IEnumerable<StepDefinition> Ordered(IEnumerable<StepDefinition> steps) =>
            steps.OrderBy(s => s.Rank).ThenBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id);
    }
}
