using System.Collections.Generic;
using System.Linq;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// Every step kind a scenario file may use, in the order messages list them (those that act first). A new
    /// kind is one file in Steps/ and one line here.
    /// </summary>
    internal static class StepKinds
    {
        public static readonly IReadOnlyList<StepKind> All = new[]
        {
            CreateStep.Definition,
            UpdateStep.Definition,
            DeleteStep.Definition,
            WinStep.Definition,
            LoseStep.Definition,
            RunStep.Definition,
            ExecuteStep.Definition,
            ClockStep.Definition,
            ExpectStep.Definition,
            CountStep.Definition,
        };

        public static StepKind? Find(string key) => All.FirstOrDefault(k => k.Key == key);
    }
}
