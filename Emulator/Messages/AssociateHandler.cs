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
    /// Associate: links records through a relationship, in the Associate pipeline. Many-to-many: an intersect row per pair
    /// (AppendTo on both records; a pair already linked is a duplicate). One-to-many: the child's lookup is set by an Update
    /// through its own pipeline. Disassociate (<see cref="DisassociateHandler"/>) is the same with the link removed.
    /// </summary>
    internal sealed class AssociateHandler : MessageHandler
    {
        public override string Message => "Associate";

        public override OrganizationResponse Execute(MessageCall call)
        {
            Relate(call, Message, associate: true);
            return new AssociateResponse { ResponseName = Message };
        }

        internal static void Relate(MessageCall call, string message, bool associate)
        {
            var engine = call.Engine;
            var target = call.Parameter<EntityReference>("Target");
            var relationship = call.Parameter<Relationship>("Relationship");
            var related = call.Parameter<EntityReferenceCollection>("RelatedEntities");
            if (target == null || relationship == null || related == null) throw Faults.InvalidArgument($"{message}: Target, Relationship and RelatedEntities are required.");
            var metadata = engine.Metadata.Relationship(relationship.SchemaName ?? "") ?? throw Faults.InvalidArgument($"Could not find a relationship named '{relationship.SchemaName}'.");
            var table = engine.Table(target.LogicalName);
            if (!engine.Store.Exists(table.LogicalName, target.Id)) throw Faults.DoesNotExist(table.LogicalName, target.Id);
            foreach (var x in related)
                if (!engine.Store.Exists(engine.Table(x.LogicalName).LogicalName, x.Id)) throw Faults.DoesNotExist(x.LogicalName, x.Id);
            var op = new Operation(message, table.LogicalName, call.Site, call.Site.Depth, engine.Clock.UtcNow) { PrimaryId = target.Id };
            op.Input["Target"] = new EntityReference(target.LogicalName, target.Id);
            op.Input["Relationship"] = new Relationship(relationship.SchemaName) { PrimaryEntityRole = relationship.PrimaryEntityRole };
            op.Input["RelatedEntities"] = Values.Copy(related);
            engine.Run(op, () =>
            {
                if (metadata.Kind == RelationshipKind.ManyToMany) ManyToMany(engine, op, metadata, target, related, associate);
                else OneToMany(engine, op, metadata, target, related, associate);
            });
        }

        private static void ManyToMany(Engine engine, Operation op, RelationshipDefinition r, EntityReference target, EntityReferenceCollection related, bool associate)
        {
            var store = engine.Store;
            var targetFirst = target.LogicalName == r.Entity1;
            if (!targetFirst && target.LogicalName != r.Entity2) throw Faults.InvalidArgument($"Relationship {r.SchemaName} does not involve {target.LogicalName}.");
            var principal = engine.Principal(op.Site.UserId);
            foreach (var other in related)
            {
                if (other.LogicalName != (targetFirst ? r.Entity2 : r.Entity1)) throw Faults.InvalidArgument($"Relationship {r.SchemaName} does not relate {target.LogicalName} to {other.LogicalName}.");
                if (!principal.IsSystem)
                {
                    engine.Security.RequireAccess(principal, PrivilegeAccess.AppendTo, target.LogicalName, target.Id, store.Get(target.LogicalName, target.Id)!, op.Message);
                    engine.Security.RequireAccess(principal, PrivilegeAccess.AppendTo, other.LogicalName, other.Id, store.Get(other.LogicalName, other.Id)!, op.Message);
                }
                var (first, second) = targetFirst ? (target.Id, other.Id) : (other.Id, target.Id);
                var existing = store.Rows(r.IntersectEntity).Where(l => Equals(l.Row.GetValueOrDefault(r.Entity1IntersectAttribute), first) && Equals(l.Row.GetValueOrDefault(r.Entity2IntersectAttribute), second)).Select(l => l.Id).ToList();
                if (associate)
                {
                    if (existing.Count > 0) throw Faults.Create(ErrorCodes.DuplicateRecord, "Cannot insert duplicate key.");
                    var intersect = engine.Metadata.Table(r.IntersectEntity)!;
                    var id = System.Guid.NewGuid();
                    store.Insert(r.IntersectEntity, id, new Dictionary<string, object?>(System.StringComparer.Ordinal) { [intersect.PrimaryIdAttribute] = id, [r.Entity1IntersectAttribute] = first, [r.Entity2IntersectAttribute] = second });
                }
                else foreach (var e in existing) store.Remove(r.IntersectEntity, e);
            }
        }

        /// <summary>Associate over a one-to-many relationship sets the child's lookup (an Update through the pipeline).</summary>
        private static void OneToMany(Engine engine, Operation op, RelationshipDefinition r, EntityReference target, EntityReferenceCollection related, bool associate)
        {
            foreach (var other in related)
            {
                var (parent, child) = target.LogicalName == r.ReferencedEntity && other.LogicalName == r.ReferencingEntity ? (target, other)
                    : target.LogicalName == r.ReferencingEntity && other.LogicalName == r.ReferencedEntity ? (other, target)
                    : throw Faults.InvalidArgument($"Relationship {r.SchemaName} does not relate {target.LogicalName} to {other.LogicalName}.");
                var current = engine.Store.Get(child.LogicalName, child.Id)!.GetValueOrDefault(r.ReferencingAttribute) as EntityReference;
                if (!associate && current?.Id != parent.Id) continue;
                UpdateHandler.One(engine, new Entity(child.LogicalName, child.Id) { [r.ReferencingAttribute] = associate ? new EntityReference(parent.LogicalName, parent.Id) : null }, engine.Internal(op));
            }
        }
    }
}
