using System;
using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common.Standard;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// The by-hand fallback for the win (docs/emulator-bulk-and-win.md): MCI ships the win gate and the win's change note on
    /// Create of opportunityclose, which Dataverse is expected to run inside Win. If it does not, an admin registers
    /// <see cref="WinGatePlugin"/> (PreOperation, synchronous) and <see cref="ChangeNotePlugin"/> (PostOperation, asynchronous)
    /// on Win of opportunity by hand.
    /// Registered although the Create steps do run, a win must still be gated and told once. The rule: the by-hand gate on
    /// Win marks its context; the close activity's Create pipeline, a child of the Win, sees the mark through its
    /// ParentContext and leaves the win to the Win steps (its gate and its note step skip). Only this direction works: a
    /// parent never sees a child's shared variables, and the two asynchronous note steps run as separate jobs in no
    /// documented order, so neither could ask whether the other wrote. Hence the two by-hand steps go together.
    /// </summary>
    internal static class WinFallback
    {
        /// <summary>Set by the by-hand gate in the Win's shared variables.</summary>
        private const string HandledOnWinKey = "mci_WinHandledOnWin";

        /// <summary>When an admin registers the by-hand steps on Win (docs/registrations.md). Not a const: this namespace's
        /// public constants are table and column names, which a test checks against the solution.</summary>
        public static readonly string Condition =
            "a test win of a deal whose Revenue split names two teams and is not Confirmed goes through " +
            "(Dataverse runs no Create steps for the close activity a Win makes); register both Win steps, the gate and the note";

        /// <summary>The opportunity a Win closes: InputParameters["OpportunityClose"].opportunityid.</summary>
        public static Guid Opportunity(IPluginExecutionContext context)
        {
            var close = context.InputParameters.TryGetValue("OpportunityClose", out var value) ? value as Entity : null;
            return close?.GetAttributeValue<EntityReference>(OpportunityClose.OpportunityId)?.Id
                   ?? throw new InvalidPluginExecutionException("The Win of " + context.PrimaryEntityName + " carries no OpportunityClose with an opportunityid.");
        }

        /// <summary>Marks the Win as gated (and to be told) by the by-hand steps.</summary>
        public static void MarkHandledOnWin(IPluginExecutionContext context) => context.SharedVariables[HandledOnWinKey] = true;

        /// <summary>True in a pipeline under a Win whose by-hand gate ran (the close activity's Create).</summary>
        public static bool IsHandledOnWin(IPluginExecutionContext context) => PipelineContext.IsMarkedAbove(context, HandledOnWinKey);
    }
}
