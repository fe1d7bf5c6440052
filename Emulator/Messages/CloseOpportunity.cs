using System;
using System.Collections.Generic;
using Mci.Emulator.Pipeline;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// What Win and Lose share (WinHandler, LoseHandler): the "Win"/"Lose" pipeline on opportunity with InputParameters
    /// OpportunityClose and Status. The main operation checks that the deal is open and that the user may write it, creates
    /// the opportunityclose activity (completed) through a child Create pipeline at depth + 1 whose ParentContext is the
    /// closing message's context, and closes the opportunity with an Update (statecode, statuscode, actualclosedate, and
    /// actualvalue where the subclass gives one) at the message's own depth, all inside the message's transaction: a refusal
    /// by a step on either cancels the close with nothing saved (docs/emulator-bulk-and-win.md).
    /// </summary>
    internal abstract class CloseOpportunityHandler : MessageHandler
    {
        /// <summary>The opportunity statecode this message closes the deal to: 1 Won, 2 Lost.</summary>
        protected abstract int State { get; }

        /// <summary>The state's name as Dataverse's status-code fault writes it: "Won", "Lost".</summary>
        protected abstract string StateName { get; }

        /// <summary>The past participle in the emulator's "not open" refusal: "won", "lost".</summary>
        protected abstract string Verb { get; }

        /// <summary>Whether the platform runs the Create steps of the close activity (false: saved as the platform saves it, no pipeline).</summary>
        protected abstract bool RunsCloseActivityCreateSteps(Engine engine);

        /// <summary>The opportunity's actualvalue after the close, from the close activity and the stored row (null: not set).</summary>
        protected abstract Money? ActualValue(Entity activity, IReadOnlyDictionary<string, object?> row);

        /// <summary>The typed response, its ResponseName set.</summary>
        protected abstract OrganizationResponse Response();

        public override (string? Table, Guid? Id) Describe(OrganizationRequest request) =>
            request.Parameters.TryGetValue("OpportunityClose", out var oc) && oc is Entity close
                ? ("opportunity", close.GetAttributeValue<EntityReference>("opportunityid")?.Id)
                : DescribeByParameters(request);

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var close = call.Parameter<Entity>("OpportunityClose") ?? throw Faults.InvalidArgument($"{Message}: the OpportunityClose entity is required.");
            if (close.LogicalName != "opportunityclose") throw Faults.InvalidArgument($"{Message}: OpportunityClose must be an opportunityclose entity, not '{close.LogicalName}'.");
            var status = call.Request.Parameters.TryGetValue("Status", out var s) ? s switch
            {
                OptionSetValue o => o.Value,
                int i => i,
                _ => throw Faults.InvalidArgument($"{Message}: Status must be an OptionSetValue."),
            } : throw Faults.InvalidArgument($"{Message}: Status is required.");
            var opportunity = close.GetAttributeValue<EntityReference>("opportunityid") ?? throw Faults.InvalidArgument($"{Message}: OpportunityClose.opportunityid is required.");
            if (!engine.Store.Exists("opportunity", opportunity.Id)) throw Faults.DoesNotExist("opportunity", opportunity.Id);
            var statusOption = engine.Metadata.Table("opportunity")!.Column("statuscode")!.Choice!.Find(status);
            if (statusOption?.State != State)
                throw Faults.Create(ErrorCodes.InvalidState, $"{status} is not a valid status code for state code OpportunityState.{StateName} on opportunity with Id {opportunity.Id:D}.");

            var op = new Operation(Message, "opportunity", call.Site, call.Site.Depth, engine.Clock.UtcNow) { PrimaryId = opportunity.Id };
            op.Input["OpportunityClose"] = Values.CopyEntity(close);
            op.Input["Status"] = new OptionSetValue(status);
            engine.Run(op, () =>
            {
                var row = engine.Store.Get("opportunity", opportunity.Id) ?? throw Faults.DoesNotExist("opportunity", opportunity.Id);
                if ((row.GetValueOrDefault("statecode") as OptionSetValue)?.Value != 0)
                    throw Faults.Create(ErrorCodes.InvalidState, $"The opportunity {opportunity.Id:D} cannot be {Verb} because it is not open.");
                var principal = engine.Principal(op.Site.UserId);
                if (!principal.IsSystem) engine.Security.RequireAccess(principal, PrivilegeAccess.Write, "opportunity", opportunity.Id, row, Message);
                var inner = engine.Internal(op);
                var activity = Values.CopyEntity((Entity)op.Input["OpportunityClose"]);
                activity["statecode"] = new OptionSetValue(1);
                activity["statuscode"] = new OptionSetValue(2);
                if (!activity.Contains("actualend")) activity["actualend"] = engine.Clock.Today;
                // The close activity is a child pipeline of the message: depth + 1, ParentContext = the message's context; or, where the
                // environment says it runs no Create steps for it, saved as the platform saves it without a pipeline.
                var site = new CallSite(op.Site.UserId, inner.Parent, op.Site.InitiatingUserId, op.Site.CorrelationId);
                if (RunsCloseActivityCreateSteps(engine)) CreateHandler.One(engine, activity, site);
                else CreateHandler.WithoutSteps(engine, activity, site);
                var update = new Entity("opportunity", opportunity.Id)
                {
                    ["statecode"] = new OptionSetValue(State),
                    ["statuscode"] = new OptionSetValue(status),
                    ["actualclosedate"] = activity["actualend"],
                };
                if (ActualValue(activity, row) is Money value) update["actualvalue"] = new Money(value.Value);
                UpdateHandler.One(engine, update, inner);
            });
            return Response();
        }
    }
}
