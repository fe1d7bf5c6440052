using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Store;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Security
{
    /// <summary>
    /// Privilege and access checks as Dataverse makes them (Learn, "How access to a record is determined"): first the
    /// privilege check, a role privilege (prv{Access}{table}) at any depth, unioned over the user's roles and the roles
    /// of the teams they belong to; then the access check, passed when that depth reaches the record (Basic = own and
    /// own teams' records, Local = business unit, Deep = unit and children, Global = all) or when the record is shared
    /// with the user or one of their teams with that right. Field security from profiles given to the user or their
    /// teams. System Administrator and SYSTEM pass everything.
    /// </summary>
    internal sealed class SecurityModel
    {
        private readonly EnvironmentMetadata _metadata;
        private readonly DataStore _store;
        private readonly ShareStore _shares;

        public SecurityModel(EnvironmentMetadata metadata, DataStore store, ShareStore shares)
        {
            _metadata = metadata;
            _store = store;
            _shares = shares;
        }

        /// <summary>The access right a share must carry to stand in for a privilege's depth.</summary>
        public static AccessRights Right(PrivilegeAccess access) => access switch
        {
            PrivilegeAccess.Create => AccessRights.CreateAccess,
            PrivilegeAccess.Read => AccessRights.ReadAccess,
            PrivilegeAccess.Write => AccessRights.WriteAccess,
            PrivilegeAccess.Delete => AccessRights.DeleteAccess,
            PrivilegeAccess.Append => AccessRights.AppendAccess,
            PrivilegeAccess.AppendTo => AccessRights.AppendToAccess,
            PrivilegeAccess.Assign => AccessRights.AssignAccess,
            PrivilegeAccess.Share => AccessRights.ShareAccess,
            _ => throw new ArgumentOutOfRangeException(nameof(access), access, null),
        };

        /// <summary>Whether the record is shared with the user, or a team of theirs, with the right of <paramref name="access"/>.</summary>
        public bool Shared(Principal p, PrivilegeAccess access, Guid id) => (_shares.Rights(id, p.SharePrincipals) & Right(access)) != 0;

        /// <summary>The records of a table shared with the user or a team of theirs for reading (a query adds them to the rows its depth reaches).</summary>
        public IReadOnlySet<Guid> SharedForReading(Principal p, string table) =>
            p.IsAdministrator ? new HashSet<Guid>() : _shares.SharedWith(p.SharePrincipals, table, AccessRights.ReadAccess);

        /// <summary>Both checks without throwing: the privilege at some depth, and that depth reaching the record or a share carrying the right.</summary>
        public bool HasAccess(Principal p, PrivilegeAccess access, string table, Guid id, IReadOnlyDictionary<string, object?> row)
        {
            if (p.IsAdministrator) return true;
            var t = _metadata.Table(table)!;
            if (t.Ownership == TableOwnership.None || t.IsIntersect) return true;
            var depth = Depth(p, access, table);
            return depth != PrivilegeLevel.None && (Reaches(p, depth, table, id, row) || Shared(p, access, id));
        }

        /// <summary>prv{Access}{table}; the privilege names of standard tables are not their logical names (PlatformTables).</summary>
        public static string PrivilegeName(PrivilegeAccess access, string table) => "prv" + access + PlatformTables.PrivilegeName(table);

        public PrivilegeLevel Depth(Principal p, PrivilegeAccess access, string table) => Depth(p, PrivilegeName(access, table));

        /// <summary>The deepest level at which the user's roles hold the named privilege (System Administrator: Global).</summary>
        public static PrivilegeLevel Depth(Principal p, string privilege)
        {
            if (p.IsAdministrator) return PrivilegeLevel.Global;
            var best = PrivilegeLevel.None;
            foreach (var r in p.Roles)
                if (r.Level(privilege) is var d && d > best) best = d;
            return best;
        }

        /// <summary>Throws PrivilegeDenied when the user holds the named privilege at no depth (a privilege of no table, e.g. a
        /// custom API's execute privilege).</summary>
        public static void Require(Principal p, string privilege, string message)
        {
            if (Depth(p, privilege) == PrivilegeLevel.None) throw PrivilegeDenied(p, privilege, "", message);
        }

        /// <summary>Dataverse's fault for a missing privilege; <paramref name="on"/> names the table (" on OTC=… for entity '…'") or is empty.</summary>
        private static Exception PrivilegeDenied(Principal p, string privilege, string on, string message)
            => Faults.Create(ErrorCodes.PrivilegeDenied,
                $"Principal user (Id={p.UserId:D}, type=8, roleCount={p.Roles.Count}, privilegeCount={p.PrivilegeCount}, accessMode=0), is missing {privilege} privilege (Id={SolutionLoader.DeterministicGuid("privilege:" + privilege):D}){on}. context.Method={message}.");

        /// <summary>Throws PrivilegeDenied when the user has no such privilege at any depth; returns the depth.</summary>
        public PrivilegeLevel Require(Principal p, PrivilegeAccess access, string table, string message)
        {
            var t = _metadata.Table(table)!;
            if (t.Ownership == TableOwnership.None || t.IsIntersect) return PrivilegeLevel.Global;
            var depth = Depth(p, access, table);
            if (depth == PrivilegeLevel.None) throw PrivilegeDenied(p, PrivilegeName(access, table), $" on OTC={t.ObjectTypeCode} for entity '{table}'", message);
            return depth;
        }

        /// <summary>Whether a privilege of the given depth reaches this row.</summary>
        public bool Reaches(Principal p, PrivilegeLevel depth, string table, Guid id, IReadOnlyDictionary<string, object?> row)
        {
            if (p.IsAdministrator || depth == PrivilegeLevel.Global) return true;
            if (depth == PrivilegeLevel.None) return false;
            var t = _metadata.Table(table)!;
            if (t.Ownership is TableOwnership.OrganizationOwned or TableOwnership.None || t.IsIntersect) return true;
            var (owner, ownerIsTeam, unit) = Ownership(t, id, row);
            switch (depth)
            {
                case PrivilegeLevel.Basic:
                    return owner == p.UserId || (ownerIsTeam && owner is { } team && p.Teams.Contains(team)) || (table == "team" && p.Teams.Contains(id));
                case PrivilegeLevel.Local:
                    return unit == p.BusinessUnitId || owner == p.UserId;
                case PrivilegeLevel.Deep:
                    return owner == p.UserId || (unit is { } u && IsSameOrChildUnit(u, p.BusinessUnitId));
                default:
                    return true;
            }
        }

        /// <summary>Throws PrivilegeDenied without the privilege, AccessDenied when neither its depth nor a share reaches the row.</summary>
        public void RequireAccess(Principal p, PrivilegeAccess access, string table, Guid id, IReadOnlyDictionary<string, object?> row, string message)
        {
            var depth = Require(p, access, table, message);
            if (!Reaches(p, depth, table, id, row) && !Shared(p, access, id))
                throw Faults.Create(ErrorCodes.AccessDenied, $"Principal with ID {p.UserId:D} does not have {access}Access right(s) for record with ID {id:D} of entity {table}.");
        }

        /// <summary>Append on the record's table and AppendTo on every record it now points at (none: no check).</summary>
        public void RequireAppend(Principal p, string table, Guid id, IReadOnlyDictionary<string, object?> row, IReadOnlyList<EntityReference> references, string message)
        {
            if (references.Count == 0) return;
            RequireAccess(p, PrivilegeAccess.Append, table, id, row, message);
            foreach (var r in references)
                RequireAccess(p, PrivilegeAccess.AppendTo, r.LogicalName, r.Id, _store.Get(r.LogicalName, r.Id)!, message);
        }

        private static (Guid? Owner, bool OwnerIsTeam, Guid? Unit) Ownership(TableDefinition t, Guid id, IReadOnlyDictionary<string, object?> row)
        {
            if (t.Ownership == TableOwnership.BusinessOwned)
            {
                var unit = t.LogicalName == "businessunit" ? id : (row.TryGetValue("businessunitid", out var bu) ? (bu as EntityReference)?.Id : null);
                return (t.LogicalName == "systemuser" ? id : null, false, unit);
            }
            var ownerRef = row.TryGetValue("ownerid", out var o) ? o as EntityReference : null;
            var owningUnit = row.TryGetValue("owningbusinessunit", out var ou) ? (ou as EntityReference)?.Id : null;
            return (ownerRef?.Id, ownerRef?.LogicalName == "team", owningUnit);
        }

        private bool IsSameOrChildUnit(Guid unit, Guid ancestor)
        {
            for (var current = (Guid?)unit; current is { } c; current = (_store.Get("businessunit", c)?.GetValueOrDefault("parentbusinessunitid") as EntityReference)?.Id)
                if (c == ancestor) return true;
            return false;
        }

        // ---------- field security ----------

        public bool CanReadColumn(Principal p, string table, string column) => FieldPermission(p, table, column, f => f.CanRead);

        public void RequireColumnWrite(Principal p, string table, IEnumerable<string> columns, bool create)
        {
            foreach (var c in columns)
                if (!FieldPermission(p, table, c, f => create ? f.CanCreate : f.CanUpdate))
                    throw Faults.Create(ErrorCodes.FieldSecurity, create
                        ? $"The user does not have create permissions to a secured field. The requested operation could not be completed. Field: {table}.{c}"
                        : $"The user doesn't have update permissions to a secured field. The requested operation could not be completed. Field: {table}.{c}");
        }

        private bool FieldPermission(Principal p, string table, string column, Func<FieldPermissionDefinition, bool> allowed)
        {
            if (p.IsAdministrator || !_metadata.IsSecured(table, column)) return true;
            foreach (var profile in _metadata.FieldSecurityProfiles)
                if (p.FieldSecurityProfiles.Contains(profile.Id) && profile.Permissions.Any(f => f.Entity == table && f.Attribute == column && allowed(f)))
                    return true;
            return false;
        }
    }
}
