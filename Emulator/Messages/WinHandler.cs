using System;
using System.Collections.Generic;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Mci.Emulator.Store;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// WinOpportunity: the "Win" pipeline on opportunity (InputParameters OpportunityClose and Status). Its main
    /// operation creates the opportunityclose activity (completed) through a child Create pipeline at depth + 1 whose
    /// ParentContext is the Win context (MessageName "Win"), and closes the opportunity as Won with an Update
    /// (statecode, statuscode, actualvalue, actualclosedate) at the Win's depth, both inside the Win's transaction: a
    /// refusal by a step on either cancels the win with nothing saved (docs/emulator-bulk-and-win.md). With
    /// DataverseOptions.WinRunsCloseActivityCreateSteps off, the close activity is saved without running Create steps.
    /// </summary>
    internal sealed class WinHandler : MessageHandler
    {
        /// <summary>Won (opportunity statecode 1).</summary>
        private const int WonState = 1;

        public override string Message => "Win";

        public override IReadOnlyList<string> Aliases { get; } = new[] { "WinOpportunity" };

        public override (string? Table, Guid? Id) Describe(OrganizationRequest request) =>
            request.Parameters.TryGetValue("OpportunityClose", out var oc) && oc is Entity close
                ? ("opportunity", close.GetAttributeValue<EntityReference>("opportunityid")?.Id)
                : DescribeByParameters(request);

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var close = call.Parameter<Entity>("OpportunityClose") ?? throw Faults.InvalidArgument("Win: the OpportunityClose entity is required.");
            if (close.LogicalName != "opportunityclose") throw Faults.InvalidArgument($"Win: OpportunityClose must be an opportunityclose entity, not '{close.LogicalName}'.");
            var status = call.Request.Parameters.TryGetValue("Status", out var s) ? s switch
            {
                OptionSetValue o => o.Value,
                int i => i,
                _ => throw Faults.InvalidArgument("Win: Status must be an OptionSetValue."),
            } : throw Faults.InvalidArgument("Win: Status is required.");
            var opportunity = close.GetAttributeValue<EntityReference>("opportunityid") ?? throw Faults.InvalidArgument("Win: OpportunityClose.opportunityid is required.");
            if (!engine.Store.Exists("opportunity", opportunity.Id)) throw Faults.DoesNotExist("opportunity", opportunity.Id);
            var statusOption = engine.Metadata.Table("opportunity")!.Column("statuscode")!.Choice!.Find(status);
            if (statusOption?.State != WonState)
                throw Faults.Create(ErrorCodes.InvalidState, $"{status} is not a valid status code for state code OpportunityState.Won on opportunity with Id {opportunity.Id:D}.");

            var op = new Operation(Message, "opportunity", call.Site, call.Site.Depth, engine.Clock.UtcNow) { PrimaryId = opportunity.Id };
            op.Input["OpportunityClose"] = Values.CopyEntity(close);
            op.Input["Status"] = new OptionSetValue(status);
            engine.Run(op, () =>
            {
                var row = engine.Store.Get("opportunity", opportunity.Id) ?? throw Faults.DoesNotExist("opportunity", opportunity.Id);
                if ((row.GetValueOrDefault("statecode") as OptionSetValue)?.Value != 0)
                    throw Faults.Create(ErrorCodes.InvalidState, $"The opportunity {opportunity.Id:D} cannot be won because it is not open.");
                var principal = engine.Principal(op.Site.UserId);
                if (!principal.IsSystem) engine.Security.RequireAccess(principal, PrivilegeAccess.Write, "opportunity", opportunity.Id, row, Message);
                var inner = engine.Internal(op);
                var activity = Values.CopyEntity((Entity)op.Input["OpportunityClose"]);
                activity["statecode"] = new OptionSetValue(1);
                activity["statuscode"] = new OptionSetValue(2);
                if (!activity.Contains("actualend")) activity["actualend"] = engine.Clock.Today;
                // The close activity is a child pipeline of the Win: depth + 1, ParentContext = the Win's context; or, where the
                // environment says Win runs no Create steps for it, saved as the platform saves it without a pipeline.
                var site = new CallSite(op.Site.UserId, inner.Parent, op.Site.InitiatingUserId, op.Site.CorrelationId);
                if (engine.Options.WinRunsCloseActivityCreateSteps) CreateHandler.One(engine, activity, site);
                else CreateHandler.WithoutSteps(engine, activity, site);
                var update = new Entity("opportunity", opportunity.Id)
                {
                    ["statecode"] = new OptionSetValue(WonState),
                    ["statuscode"] = new OptionSetValue(status),
                    ["actualclosedate"] = activity["actualend"],
                };
                var revenue = activity.GetAttributeValue<Money>("actualrevenue") ?? row.GetValueOrDefault("estimatedvalue") as Money;
                if (revenue != null) update["actualvalue"] = new Money(revenue.Value);
                UpdateHandler.One(engine, update, inner);
            });
            return new WinOpportunityResponse { ResponseName = "WinOpportunity" };
        }
    }
}
