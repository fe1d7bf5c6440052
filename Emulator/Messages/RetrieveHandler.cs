using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>Retrieve: one record with the asked-for columns, after the Read access check, in the Retrieve pipeline
    /// (a PostOperation step may change what comes back).</summary>
    internal sealed class RetrieveHandler : MessageHandler
    {
        public override string Message => "Retrieve";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var target = call.Parameter<EntityReference>("Target") ?? throw Faults.InvalidArgument("Retrieve: the Target entity reference is required.");
            var columns = call.Parameter<ColumnSet>("ColumnSet") ?? throw Faults.InvalidArgument("Retrieve: the ColumnSet is required (use new ColumnSet(\"column\", ...)).");
            var table = engine.Table(target.LogicalName);
            var op = new Operation(Message, table.LogicalName, call.Site, call.Site.Depth, engine.Clock.UtcNow) { PrimaryId = target.Id };
            op.Input["Target"] = new EntityReference(table.LogicalName, target.Id);
            op.Input["ColumnSet"] = columns;
            engine.Run(op, () =>
            {
                var row = engine.Store.Get(table.LogicalName, target.Id) ?? throw Faults.DoesNotExist(table.LogicalName, target.Id);
                var principal = engine.Principal(op.Site.UserId);
                if (!principal.IsSystem) engine.Security.RequireAccess(principal, PrivilegeAccess.Read, table.LogicalName, target.Id, row, Message);
                op.Output["BusinessEntity"] = engine.Project(table, target.Id, row, (ColumnSet)op.Input["ColumnSet"], principal);
            });
            var response = new RetrieveResponse { ResponseName = Message };
            response.Results["Entity"] = Values.Copy(op.Output["BusinessEntity"]);
            return response;
        }
    }
}
