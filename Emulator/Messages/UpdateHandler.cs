using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// Update: one record through the pipeline. Its steps are UpdateMultiple's per item too, and <see cref="One"/> is how
    /// the platform updates records itself (Upsert, Associate on a one-to-many relationship, Win's close).
    /// </summary>
    internal sealed class UpdateHandler : MessageHandler
    {
        public override string Message => "Update";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var target = call.Parameter<Entity>("Target") ?? throw Faults.InvalidArgument("Update: the Target entity is required.");
            One(call.Engine, target, call.Site, call.Request.Parameters);
            return new UpdateResponse { ResponseName = "Update" };
        }

        internal static void One(Engine engine, Entity target, CallSite site, ParameterCollection? parameters = null)
        {
            var table = engine.Table(target.LogicalName);
            var item = Prepare(engine, table, target, site);
            var op = Operation.ForRecord("Update", table, item, site, parameters, engine.Clock.UtcNow);
            engine.Run(op, () => Save(engine, op, table, item), () => AddPlatformColumns(op, table, item));
        }

        /// <summary>The caller's Target copied, with its id; the record must exist and the update must not close an opportunity.</summary>
        internal static OperationItem Prepare(Engine engine, TableDefinition table, Entity target, CallSite site)
        {
            var copy = Values.CopyEntity(target);
            var id = copy.Id;
            if (copy.Attributes.TryGetValue(table.PrimaryIdAttribute, out var pk) && pk is Guid g && g != Guid.Empty)
            {
                if (id != Guid.Empty && id != g) throw Faults.InvalidArgument($"Entity Id ({id:D}) and {table.PrimaryIdAttribute} ({g:D}) differ.");
                id = g;
            }
            if (id == Guid.Empty) throw Faults.InvalidArgument($"Entity Id must be specified for Update ({table.LogicalName}).");
            var existing = engine.Store.Get(table.LogicalName, id) ?? throw Faults.DoesNotExist(table.LogicalName, id);
            copy.Id = id;
            RefuseClosingByUpdate(table, copy, site);
            var item = new OperationItem { Id = id, Target = copy, Before = new Dictionary<string, object?>(existing, StringComparer.Ordinal) };
            item.Input["Target"] = copy;
            return item;
        }

        /// <summary>
        /// Dataverse closes an opportunity only through its own messages (Win, Lose), never through Update, UpdateMultiple
        /// or Upsert: an update that would set it Won or Lost is refused before any Update plug-in runs. The update the main
        /// operation of Win or Lose makes is the one that may.
        /// </summary>
        private static void RefuseClosingByUpdate(TableDefinition table, Entity target, CallSite site)
        {
            if (table.LogicalName != "opportunity" || site.Parent is { Stage: (int)PipelineStage.MainOperation, MessageName: "Win" or "Lose" }) return;
            int? state = (target.Attributes.TryGetValue("statecode", out var sc) ? sc as OptionSetValue : null)?.Value;
            if (state == null && target.Attributes.TryGetValue("statuscode", out var st) && st is OptionSetValue status)
                state = table.Column("statuscode")?.Choice?.Find(status.Value)?.State;
            // Dataverse's own wording, "LostOpportunityRequest" included (quoted from a CRM 2016 server in the public issue
            // bcolpaert/Colso.Xrm.DataTransporter#23), though the SDK class is LoseOpportunityRequest.
            var (name, request) = state switch { 1 => ("Won", "WinOpportunityRequest"), 2 => ("Lost", "LostOpportunityRequest"), _ => (null, null) };
            if (name == null) return;
            throw Faults.InvalidArgument($"This message can not be used to set the state of opportunity to {name}. In order to set the state of opportunity to {name}, use the {request} message instead.");
        }

        /// <summary>What Dataverse adds to an Update's Target before PreOperation: modifiedon and modifiedby.</summary>
        internal static void AddPlatformColumns(Operation op, TableDefinition table, OperationItem item)
        {
            if (table.Column("modifiedon") != null) item.Target!["modifiedon"] = op.CreatedOn;
            if (table.Column("modifiedby") != null) item.Target!["modifiedby"] = new EntityReference("systemuser", op.Site.UserId);
        }

        /// <summary>The main operation: row version, Write access (Assign when the owner changes), Append/AppendTo, field security, then the write.</summary>
        internal static void Save(Engine engine, Operation op, TableDefinition table, OperationItem item)
        {
            // The write lock first, then the row: a writer that waited for another transaction sees what it committed.
            engine.Store.Lock(table.LogicalName, item.Id);
            var existing = engine.Store.Get(table.LogicalName, item.Id) ?? throw Faults.DoesNotExist(table.LogicalName, item.Id);
            var principal = engine.Principal(op.Site.UserId);
            var t = item.Target!;
            RowBuilder.RequireRowVersion(item.Input, t.RowVersion, existing);
            if (!principal.IsSystem) engine.Security.RequireAccess(principal, PrivilegeAccess.Write, table.LogicalName, item.Id, existing, "Update");
            var changes = RowBuilder.Build(engine, table, t, item.Id, existing, op);
            if (!principal.IsSystem)
            {
                if (changes.TryGetValue("ownerid", out var owner) && !Values.Same(owner, existing.GetValueOrDefault("ownerid")))
                    engine.Security.RequireAccess(principal, PrivilegeAccess.Assign, table.LogicalName, item.Id, existing, "Update");
                engine.Security.RequireAppend(principal, table.LogicalName, item.Id, existing, RowBuilder.NewReferences(table, t), "Update");
                engine.Security.RequireColumnWrite(principal, table.LogicalName, t.Attributes.Select(a => a.Key), create: false);
            }
            changes["modifiedon"] = op.CreatedOn;
            changes["modifiedby"] = new EntityReference("systemuser", op.Site.UserId);
            changes["versionnumber"] = engine.NextVersion();
            engine.Store.Write(table.LogicalName, item.Id, changes.Where(c => table.Column(c.Key) != null));
            item.After = engine.Store.Get(table.LogicalName, item.Id);
        }
    }
}
