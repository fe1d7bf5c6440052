using System.Collections.Generic;
using Mci.Emulator.Pipeline;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// WinOpportunity: the "Win" pipeline on opportunity (InputParameters OpportunityClose and Status, a Won status reason).
    /// Its main operation creates the opportunityclose activity (completed) through a child Create pipeline at depth + 1
    /// whose ParentContext is the Win context (MessageName "Win"), and closes the opportunity as Won with an Update
    /// (statecode, statuscode, actualvalue, actualclosedate) at the Win's depth, both inside the Win's transaction: a
    /// refusal by a step on either cancels the win with nothing saved (docs/emulator-bulk-and-win.md). With
    /// DataverseOptions.WinRunsCloseActivityCreateSteps off, the close activity is saved without running Create steps.
    /// </summary>
    internal sealed class WinHandler : CloseOpportunityHandler
    {
        public override string Message => "Win";

        public override IReadOnlyList<string> Aliases { get; } = new[] { "WinOpportunity" };

        protected override int State => 1;

        protected override string StateName => "Won";

        protected override string Verb => "won";

        protected override bool RunsCloseActivityCreateSteps(Engine engine) => engine.Options.WinRunsCloseActivityCreateSteps;

        /// <summary>The close's actual revenue, else the deal's estimated value.</summary>
        protected override Money? ActualValue(Entity activity, IReadOnlyDictionary<string, object?> row)
            => activity.GetAttributeValue<Money>("actualrevenue") ?? row.GetValueOrDefault("estimatedvalue") as Money;

        protected override OrganizationResponse Response() => new WinOpportunityResponse { ResponseName = "WinOpportunity" };
    }
}
