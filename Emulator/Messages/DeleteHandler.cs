using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// Delete: one record through the pipeline, after each relationship's cascade: Restrict refuses while children exist,
    /// Cascade deletes the children through their own Delete pipeline, RemoveLink clears their lookup; many-to-many links go.
    /// </summary>
    internal sealed class DeleteHandler : MessageHandler
    {
        public override string Message => "Delete";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var target = call.Parameter<EntityReference>("Target") ?? throw Faults.InvalidArgument("Delete: the Target entity reference is required.");
            One(call.Engine, target, call.Site, call.Request.Parameters);
            return new DeleteResponse { ResponseName = Message };
        }

        internal static void One(Engine engine, EntityReference target, CallSite site, ParameterCollection? parameters = null)
        {
            var table = engine.Table(target.LogicalName);
            var existing = engine.Store.Get(table.LogicalName, target.Id) ?? throw Faults.DoesNotExist(table.LogicalName, target.Id);
            var op = new Operation("Delete", table.LogicalName, site, site.Depth, engine.Clock.UtcNow) { PrimaryId = target.Id };
            var item = new OperationItem { Id = target.Id, Before = new Dictionary<string, object?>(existing, StringComparer.Ordinal) };
            op.Items.Add(item);
            if (parameters != null) foreach (var kv in parameters) op.Input[kv.Key] = kv.Value;
            op.Input["Target"] = new EntityReference(table.LogicalName, target.Id) { RowVersion = target.RowVersion };
            engine.Run(op, () => Save(engine, op, table, target.Id));
        }

        private static void Save(Engine engine, Operation op, TableDefinition table, Guid id)
        {
            var store = engine.Store;
            store.Lock(table.LogicalName, id);
            var existing = store.Get(table.LogicalName, id) ?? throw Faults.DoesNotExist(table.LogicalName, id);
            var principal = engine.Principal(op.Site.UserId);
            RowBuilder.RequireRowVersion(op.Input, ((EntityReference)op.Input["Target"]).RowVersion, existing);
            if (!principal.IsSystem) engine.Security.RequireAccess(principal, PrivilegeAccess.Delete, table.LogicalName, id, existing, "Delete");
            var children = engine.Metadata.ChildRelationships(table.LogicalName)
                .Where(r => r.CascadeDelete is CascadeBehavior.Restrict or CascadeBehavior.Cascade or CascadeBehavior.RemoveLink && engine.Metadata.Table(r.ReferencingEntity) != null)
                .Select(r => (Relationship: r, Rows: store.Rows(r.ReferencingEntity)
                    .Where(row => row.Row.GetValueOrDefault(r.ReferencingAttribute) is EntityReference er && er.Id == id && er.LogicalName == table.LogicalName && !(r.ReferencingEntity == table.LogicalName && row.Id == id))
                    .Select(row => row.Id).ToList()))
                .Where(x => x.Rows.Count > 0).ToList();
            var restricted = children.FirstOrDefault(c => c.Relationship.CascadeDelete == CascadeBehavior.Restrict);
            if (restricted.Relationship != null)
                throw Faults.Create(ErrorCodes.DeleteRestricted, $"The object you tried to delete is associated with another object and cannot be deleted. ({restricted.Rows.Count} {restricted.Relationship.ReferencingEntity} record(s) through relationship {restricted.Relationship.SchemaName}.)");
            foreach (var (relationship, rows) in children)
                foreach (var child in rows)
                {
                    if (!store.Exists(relationship.ReferencingEntity, child)) continue;
                    if (relationship.CascadeDelete == CascadeBehavior.Cascade) One(engine, new EntityReference(relationship.ReferencingEntity, child), engine.Internal(op));
                    else store.Write(relationship.ReferencingEntity, child, new[] { new KeyValuePair<string, object?>(relationship.ReferencingAttribute, null) });
                }
            foreach (var r in engine.Metadata.Relationships.Where(r => r.Kind == RelationshipKind.ManyToMany && (r.Entity1 == table.LogicalName || r.Entity2 == table.LogicalName)))
                foreach (var link in store.Rows(r.IntersectEntity).Where(l => (r.Entity1 == table.LogicalName && Equals(l.Row.GetValueOrDefault(r.Entity1IntersectAttribute), id))
                                                                             || (r.Entity2 == table.LogicalName && Equals(l.Row.GetValueOrDefault(r.Entity2IntersectAttribute), id))).ToList())
                    store.Remove(r.IntersectEntity, link.Id);
            // Its shares go with it (principalobjectaccess rows of the record, and of a deleted user or team).
            engine.Shares.RemoveAllOf(id);
            store.Remove(table.LogicalName, id);
        }
    }
}
