using System.Linq;
using Mci.Emulator.Pipeline;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// CreateMultiple: every Target through Create's own steps in one transaction, in the configured item order
    /// (<see cref="Engine.RunBulk"/>, docs/emulator-bulk-and-win.md); Create steps run per item, CreateMultiple steps once.
    /// </summary>
    internal sealed class CreateMultipleHandler : MessageHandler
    {
        public override string Message => "CreateMultiple";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var (table, targets) = call.Targets();
            var op = new Operation(Message, table.LogicalName, call.Site, call.Site.Depth, engine.Clock.UtcNow);
            op.Items.AddRange(targets.Select(t => CreateHandler.Prepare(table, t)));
            op.Input["Targets"] = new EntityCollection(op.Targets.ToList()) { EntityName = table.LogicalName };
            engine.RunBulk(op,
                item => CreateHandler.AddPlatformColumns(engine, op, table, item),
                item => CreateHandler.Save(engine, op, table, item),
                () => op.Output["Ids"] = op.Items.Select(i => i.Id).ToArray());
            var response = new CreateMultipleResponse { ResponseName = Message };
            response.Results["Ids"] = op.Output["Ids"];
            return response;
        }
    }
}
