using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Mci.Emulator.Security;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// What the sharing messages (GrantAccess, ModifyAccess, RevokeAccess, RetrievePrincipalAccess,
    /// RetrieveSharedPrincipalsAndAccess) have in common: reading Target and the principal, the caller's checks, and the
    /// cascade of a share to child records. Sources and decisions: docs/emulator.md, "Sharing".
    /// </summary>
    internal static class Sharing
    {
        /// <summary>The shared record: a reference to an existing record of a user- or team-owned table.</summary>
        public static (TableDefinition Table, EntityReference Target) Target(MessageCall call, string message)
        {
            var target = call.Parameter<EntityReference>("Target") ?? throw Faults.InvalidArgument($"{message}: the Target entity reference is required.");
            var table = call.Engine.Table(target.LogicalName);
            if (!call.Engine.Store.Exists(table.LogicalName, target.Id)) throw Faults.DoesNotExist(table.LogicalName, target.Id);
            if (table.Ownership != TableOwnership.UserOwned)
                throw Faults.InvalidArgument($"{message}: {table.LogicalName} is not owned by users or teams, so its records cannot be shared.");
            return (table, new EntityReference(table.LogicalName, target.Id));
        }

        /// <summary>A principal reference: an existing systemuser or team.</summary>
        public static EntityReference Principal(Engine engine, EntityReference? principal, string parameter, string message)
        {
            if (principal == null) throw Faults.InvalidArgument($"{message}: {parameter} is required.");
            if (principal.LogicalName is not ("systemuser" or "team")) throw Faults.InvalidArgument($"{message}: {parameter} must be a systemuser or a team, not '{principal.LogicalName}'.");
            if (!engine.Store.Exists(principal.LogicalName, principal.Id)) throw Faults.DoesNotExist(principal.LogicalName, principal.Id);
            return new EntityReference(principal.LogicalName, principal.Id);
        }

        /// <summary>The operation of a sharing message on its Target, with the request's parameters as its input.</summary>
        public static Operation Operation(MessageCall call, string message, EntityReference target)
        {
            var op = new Operation(message, target.LogicalName, call.Site, call.Site.Depth, call.Engine.Clock.UtcNow) { PrimaryId = target.Id };
            foreach (var kv in call.Request.Parameters) op.Input[kv.Key] = kv.Value;
            op.Input["Target"] = target;
            return op;
        }

        /// <summary>
        /// The caller's checks for a message on a record: the privilege on the table (prvShare... for the three that change
        /// shares, prvRead... for the two that read them) and that right on the record, by its depth or by a share.
        /// </summary>
        public static Principal RequireCaller(Engine engine, Operation op, PrivilegeAccess access)
        {
            var caller = engine.Principal(op.Site.UserId);
            if (!caller.IsSystem)
                engine.Security.RequireAccess(caller, access, op.Table!, op.PrimaryId, engine.Store.Get(op.Table!, op.PrimaryId)!, op.Message);
            return caller;
        }

        /// <summary>
        /// Cascades a change of a principal's share from a record to its children, through every one-to-many relationship
        /// whose CascadeShare (sharing) or CascadeUnshare (revoking) is Cascade, Active (active children) or UserOwned
        /// (children of the parent's owner), down the tree: the children's inherited rights become
        /// <paramref name="inherited"/>(their current ones). As the legacy GrantAccess reference says, a child the caller
        /// may not share is left out, without error.
        /// </summary>
        public static void Cascade(Engine engine, Principal caller, string table, Guid id, EntityReference principal, bool unshare, Func<AccessRights, AccessRights> inherited, HashSet<Guid>? visited = null)
        {
            visited ??= new HashSet<Guid> { id };
            var parent = engine.Store.Get(table, id)!;
            foreach (var r in engine.Metadata.ChildRelationships(table))
            {
                var cascade = unshare ? r.CascadeUnshare : r.CascadeShare;
                if (cascade is not (CascadeBehavior.Cascade or CascadeBehavior.Active or CascadeBehavior.UserOwned)) continue;
                if (engine.Metadata.Table(r.ReferencingEntity) is not { Ownership: TableOwnership.UserOwned } child) continue;
                engine.Store.Index(child.LogicalName, r.ReferencingAttribute);
                foreach (var childId in engine.Store.Lookup(child.LogicalName, r.ReferencingAttribute, id).ToList())
                {
                    var row = engine.Store.Get(child.LogicalName, childId)!;
                    if ((row.GetValueOrDefault(r.ReferencingAttribute) as EntityReference)?.LogicalName != table || !visited.Add(childId)) continue;
                    if (cascade == CascadeBehavior.Active && row.GetValueOrDefault("statecode") is OptionSetValue { Value: not 0 }) continue;
                    if (cascade == CascadeBehavior.UserOwned && (row.GetValueOrDefault("ownerid") as EntityReference)?.Id != (parent.GetValueOrDefault("ownerid") as EntityReference)?.Id) continue;
                    if (!caller.IsSystem && !engine.Security.HasAccess(caller, PrivilegeAccess.Share, child.LogicalName, childId, row)) continue;
                    var share = engine.Shares.Of(childId, principal.Id);
                    var mask = share?.Mask ?? AccessRights.None;
                    var now = inherited(share?.Inherited ?? AccessRights.None);
                    if (share != null && mask == AccessRights.None && now == AccessRights.None) engine.Shares.Remove(share);
                    else if (share != null || now != AccessRights.None) engine.Shares.Set(child.LogicalName, childId, principal, mask, now, engine.NextVersion());
                    Cascade(engine, caller, child.LogicalName, childId, principal, unshare, inherited, visited);
                }
            }
        }
    }
}
