using System;
using Mci.Emulator.Pipeline;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// Upsert by id: its own pipeline, whose main operation runs a Create (no such record, or no id) or an Update through
    /// theirs, at the Upsert's depth. Alternate keys are not emulated.
    /// </summary>
    internal sealed class UpsertHandler : MessageHandler
    {
        public override string Message => "Upsert";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var target = call.Parameter<Entity>("Target") ?? throw Faults.InvalidArgument("Upsert: the Target entity is required.");
            if (target.KeyAttributes.Count > 0) throw new NotSupportedException("Upsert with alternate keys (KeyAttributes) is not emulated; give the record id.");
            var table = engine.Table(target.LogicalName);
            var op = new Operation(Message, table.LogicalName, call.Site, call.Site.Depth, engine.Clock.UtcNow);
            var copy = Values.CopyEntity(target);
            op.PrimaryId = copy.Id != Guid.Empty ? copy.Id : copy.GetAttributeValue<Guid?>(table.PrimaryIdAttribute) ?? Guid.Empty;
            op.Input["Target"] = copy;
            engine.Run(op, () =>
            {
                var inner = engine.Internal(op);
                var created = op.PrimaryId == Guid.Empty || !engine.Store.Exists(table.LogicalName, op.PrimaryId);
                var id = created ? CreateHandler.One(engine, copy, inner) : op.PrimaryId;
                if (!created) UpdateHandler.One(engine, copy, inner);
                op.Output["RecordCreated"] = created;
                op.Output["Target"] = new EntityReference(table.LogicalName, id);
            });
            var response = new UpsertResponse { ResponseName = Message };
            response.Results["RecordCreated"] = op.Output["RecordCreated"];
            response.Results["Target"] = op.Output["Target"];
            return response;
        }
    }
}
