using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Security;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    internal sealed partial class Engine
    {
        // ---------- Delete ----------

        private OrganizationResponse Delete(OrganizationRequest request, CallSite site)
        {
            var target = request.Parameters.TryGetValue("Target", out var t) ? t as EntityReference : null;
            if (target == null) throw Faults.InvalidArgument("Delete: the Target entity reference is required.");
            DeleteOne(target, site, request.Parameters);
            return new DeleteResponse { ResponseName = "Delete" };
        }

        internal void DeleteOne(EntityReference target, CallSite site, ParameterCollection? parameters = null)
        {
            var table = Table(target.LogicalName);
            var existing = Store.Get(table.LogicalName, target.Id) ?? throw Faults.DoesNotExist(table.LogicalName, target.Id);
            var op = new Operation("Delete", table.LogicalName, site, site.Depth, Clock.UtcNow) { PrimaryId = target.Id };
            var item = new OperationItem { Id = target.Id, Before = new Dictionary<string, object?>(existing, StringComparer.Ordinal) };
            op.Items.Add(item);
            if (parameters != null) foreach (var kv in parameters) op.Input[kv.Key] = kv.Value;
            op.Input["Target"] = new EntityReference(table.LogicalName, target.Id) { RowVersion = target.RowVersion };
            Run(op, () => DeleteMain(op, table, target.Id));
        }

        /// <summary>
        /// Removes the row after applying each relationship's cascade: Restrict refuses while children exist,
        /// Cascade deletes the children through their own Delete pipeline, RemoveLink clears their lookup.
        /// </summary>
        private void DeleteMain(Operation op, TableDefinition table, Guid id)
        {
            var existing = Store.Get(table.LogicalName, id) ?? throw Faults.DoesNotExist(table.LogicalName, id);
            var principal = Principal(op.Site.UserId);
            RequireRowVersion(op.Input, ((EntityReference)op.Input["Target"]).RowVersion, existing);
            if (!principal.IsSystem) Security.RequireAccess(principal, PrivilegeAccess.Delete, table.LogicalName, id, existing, "Delete");
            var children = Metadata.ChildRelationships(table.LogicalName)
                .Where(r => r.CascadeDelete is CascadeBehavior.Restrict or CascadeBehavior.Cascade or CascadeBehavior.RemoveLink && Metadata.Table(r.ReferencingEntity) != null)
                .Select(r => (Relationship: r, Rows: Store.Rows(r.ReferencingEntity)
                    .Where(row => row.Row.GetValueOrDefault(r.ReferencingAttribute) is EntityReference er && er.Id == id && er.LogicalName == table.LogicalName && !(r.ReferencingEntity == table.LogicalName && row.Id == id))
                    .Select(row => row.Id).ToList()))
                .Where(x => x.Rows.Count > 0).ToList();
            var restricted = children.FirstOrDefault(c => c.Relationship.CascadeDelete == CascadeBehavior.Restrict);
            if (restricted.Relationship != null)
                throw Faults.Create(ErrorCodes.DeleteRestricted, $"The object you tried to delete is associated with another object and cannot be deleted. ({restricted.Rows.Count} {restricted.Relationship.ReferencingEntity} record(s) through relationship {restricted.Relationship.SchemaName}.)");
            foreach (var (relationship, rows) in children)
                foreach (var child in rows)
                {
                    if (!Store.Exists(relationship.ReferencingEntity, child)) continue;
                    if (relationship.CascadeDelete == CascadeBehavior.Cascade) DeleteOne(new EntityReference(relationship.ReferencingEntity, child), Internal(op));
                    else Store.Write(relationship.ReferencingEntity, child, new[] { new KeyValuePair<string, object?>(relationship.ReferencingAttribute, null) });
                }
            foreach (var r in Metadata.Relationships.Where(r => r.Kind == RelationshipKind.ManyToMany && (r.Entity1 == table.LogicalName || r.Entity2 == table.LogicalName)))
                foreach (var link in Store.Rows(r.IntersectEntity).Where(l => (r.Entity1 == table.LogicalName && Equals(l.Row.GetValueOrDefault(r.Entity1IntersectAttribute), id))
                                                                             || (r.Entity2 == table.LogicalName && Equals(l.Row.GetValueOrDefault(r.Entity2IntersectAttribute), id))).ToList())
                    Store.Remove(r.IntersectEntity, link.Id);
            Store.Remove(table.LogicalName, id);
        }

        // ---------- Associate / Disassociate ----------

        private OrganizationResponse Associate(OrganizationRequest request, CallSite site, bool associate)
        {
            var message = associate ? "Associate" : "Disassociate";
            var target = request.Parameters.TryGetValue("Target", out var t) ? t as EntityReference : null;
            var relationship = request.Parameters.TryGetValue("Relationship", out var r) ? r as Relationship : null;
            var related = request.Parameters.TryGetValue("RelatedEntities", out var re) ? re as EntityReferenceCollection : null;
            if (target == null || relationship == null || related == null) throw Faults.InvalidArgument($"{message}: Target, Relationship and RelatedEntities are required.");
            var metadata = Metadata.Relationship(relationship.SchemaName ?? "") ?? throw Faults.InvalidArgument($"Could not find a relationship named '{relationship.SchemaName}'.");
            var table = Table(target.LogicalName);
            if (!Store.Exists(table.LogicalName, target.Id)) throw Faults.DoesNotExist(table.LogicalName, target.Id);
            foreach (var x in related)
                if (!Store.Exists(Table(x.LogicalName).LogicalName, x.Id)) throw Faults.DoesNotExist(x.LogicalName, x.Id);
            var op = new Operation(message, table.LogicalName, site, site.Depth, Clock.UtcNow) { PrimaryId = target.Id };
            op.Input["Target"] = new EntityReference(target.LogicalName, target.Id);
            op.Input["Relationship"] = new Relationship(relationship.SchemaName) { PrimaryEntityRole = relationship.PrimaryEntityRole };
            op.Input["RelatedEntities"] = Values.Copy(related);
            Run(op, () =>
            {
                if (metadata.Kind == RelationshipKind.ManyToMany) ManyToMany(op, metadata, target, related, associate);
                else OneToMany(op, metadata, target, related, associate);
            });
            return associate ? new AssociateResponse { ResponseName = message } : new DisassociateResponse { ResponseName = message };
        }

        private void ManyToMany(Operation op, RelationshipDefinition r, EntityReference target, EntityReferenceCollection related, bool associate)
        {
            var targetFirst = target.LogicalName == r.Entity1;
            if (!targetFirst && target.LogicalName != r.Entity2) throw Faults.InvalidArgument($"Relationship {r.SchemaName} does not involve {target.LogicalName}.");
            var principal = Principal(op.Site.UserId);
            foreach (var other in related)
            {
                if (other.LogicalName != (targetFirst ? r.Entity2 : r.Entity1)) throw Faults.InvalidArgument($"Relationship {r.SchemaName} does not relate {target.LogicalName} to {other.LogicalName}.");
                if (!principal.IsSystem)
                {
                    Security.RequireAccess(principal, PrivilegeAccess.AppendTo, target.LogicalName, target.Id, Store.Get(target.LogicalName, target.Id)!, op.Message);
                    Security.RequireAccess(principal, PrivilegeAccess.AppendTo, other.LogicalName, other.Id, Store.Get(other.LogicalName, other.Id)!, op.Message);
                }
                var (first, second) = targetFirst ? (target.Id, other.Id) : (other.Id, target.Id);
                var existing = Store.Rows(r.IntersectEntity).Where(l => Equals(l.Row.GetValueOrDefault(r.Entity1IntersectAttribute), first) && Equals(l.Row.GetValueOrDefault(r.Entity2IntersectAttribute), second)).Select(l => l.Id).ToList();
                if (associate)
                {
                    if (existing.Count > 0) throw Faults.Create(ErrorCodes.DuplicateRecord, "Cannot insert duplicate key.");
                    var intersect = Metadata.Table(r.IntersectEntity)!;
                    var id = Guid.NewGuid();
                    Store.Insert(r.IntersectEntity, id, new Dictionary<string, object?>(StringComparer.Ordinal) { [intersect.PrimaryIdAttribute] = id, [r.Entity1IntersectAttribute] = first, [r.Entity2IntersectAttribute] = second });
                }
                else foreach (var e in existing) Store.Remove(r.IntersectEntity, e);
            }
        }

        /// <summary>Associate over a one-to-many relationship sets the child's lookup (an Update through the pipeline).</summary>
        private void OneToMany(Operation op, RelationshipDefinition r, EntityReference target, EntityReferenceCollection related, bool associate)
        {
            foreach (var other in related)
            {
                var (parent, child) = target.LogicalName == r.ReferencedEntity && other.LogicalName == r.ReferencingEntity ? (target, other)
                    : target.LogicalName == r.ReferencingEntity && other.LogicalName == r.ReferencedEntity ? (other, target)
                    : throw Faults.InvalidArgument($"Relationship {r.SchemaName} does not relate {target.LogicalName} to {other.LogicalName}.");
                var current = Store.Get(child.LogicalName, child.Id)!.GetValueOrDefault(r.ReferencingAttribute) as EntityReference;
                if (!associate && current?.Id != parent.Id) continue;
                UpdateOne(new Entity(child.LogicalName, child.Id) { [r.ReferencingAttribute] = associate ? new EntityReference(parent.LogicalName, parent.Id) : null }, Internal(op));
            }
        }
    }
}
