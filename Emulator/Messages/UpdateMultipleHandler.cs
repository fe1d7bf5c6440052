using System.Linq;
using Mci.Emulator.Pipeline;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// UpdateMultiple: every Target through Update's own steps in one transaction, in the configured item order
    /// (<see cref="Engine.RunBulk"/>, docs/emulator-bulk-and-win.md); a record may appear once.
    /// </summary>
    internal sealed class UpdateMultipleHandler : MessageHandler
    {
        public override string Message => "UpdateMultiple";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var (table, targets) = call.Targets();
            var op = new Operation(Message, table.LogicalName, call.Site, call.Site.Depth, engine.Clock.UtcNow);
            op.Items.AddRange(targets.Select(t => UpdateHandler.Prepare(engine, table, t, call.Site)));
            if (op.Items.Select(i => i.Id).Distinct().Count() != op.Items.Count) throw Faults.InvalidArgument("UpdateMultiple: Targets contains the same record more than once.");
            op.Input["Targets"] = new EntityCollection(op.Targets.ToList()) { EntityName = table.LogicalName };
            engine.RunBulk(op, item => UpdateHandler.AddPlatformColumns(op, table, item), item => UpdateHandler.Save(engine, op, table, item), () => { });
            return new UpdateMultipleResponse { ResponseName = Message };
        }
    }
}
