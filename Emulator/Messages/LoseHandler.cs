using System.Collections.Generic;
using Mci.Emulator.Pipeline;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// LoseOpportunity: the "Lose" pipeline on opportunity (InputParameters OpportunityClose and Status, a Lost status
    /// reason: 4 Canceled or 5 Out-Sold in the standard model). As Win: its main operation creates the opportunityclose
    /// activity (completed) through a child Create pipeline at depth + 1 whose ParentContext is the Lose context
    /// (MessageName "Lose"), and closes the opportunity as Lost with an Update (statecode, statuscode, actualclosedate;
    /// actualvalue only when the close gives an actual revenue) at the Lose's depth, both inside the Lose's transaction: a
    /// refusal by a step on either cancels the loss with nothing saved. The close activity's Create steps always run
    /// (DataverseOptions.WinRunsCloseActivityCreateSteps is about Win).
    /// </summary>
    internal sealed class LoseHandler : CloseOpportunityHandler
    {
        public override string Message => "Lose";

        public override IReadOnlyList<string> Aliases { get; } = new[] { "LoseOpportunity" };

        protected override int State => 2;

        protected override string StateName => "Lost";

        protected override string Verb => "lost";

        protected override bool RunsCloseActivityCreateSteps(Engine engine) => true;

        /// <summary>The close's actual revenue when it gives one (a lost deal earns nothing by default).</summary>
        protected override Money? ActualValue(Entity activity, IReadOnlyDictionary<string, object?> row)
            => activity.GetAttributeValue<Money>("actualrevenue");

        protected override OrganizationResponse Response() => new LoseOpportunityResponse { ResponseName = "LoseOpportunity" };
    }
}
