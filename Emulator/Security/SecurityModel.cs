using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Security
{
    /// <summary>
    /// Privilege and access checks as Dataverse makes them: a role privilege (prv{Access}{table}) at a depth
    /// (Basic = own and own teams' records, Local = business unit, Deep = unit and children, Global = all),
    /// unioned over the user's roles and the roles of the teams they belong to; field security from profiles
    /// given to the user or their teams. System Administrator and SYSTEM pass everything.
    /// </summary>
    internal sealed class SecurityModel
    {
        private readonly EnvironmentMetadata _metadata;
        private readonly DataStore _store;

        public SecurityModel(EnvironmentMetadata metadata, DataStore store)
        {
            _metadata = metadata;
            _store = store;
        }

        /// <summary>prv{Access}{table}; the privilege names of standard tables are not their logical names (PlatformTables).</summary>
        public static string PrivilegeName(PrivilegeAccess access, string table) => "prv" + access + PlatformTables.PrivilegeName(table);

        public PrivilegeLevel Depth(Principal p, PrivilegeAccess access, string table)
        {
            if (p.IsAdministrator) return PrivilegeLevel.Global;
            var name = PrivilegeName(access, table);
            var best = PrivilegeLevel.None;
            foreach (var r in p.Roles)
                if (r.Level(name) is var d && d > best) best = d;
            return best;
        }

        /// <summary>Throws PrivilegeDenied when the user has no such privilege at any depth; returns the depth.</summary>
        public PrivilegeLevel Require(Principal p, PrivilegeAccess access, string table, string message)
        {
            var t = _metadata.Table(table)!;
            if (t.Ownership == TableOwnership.None || t.IsIntersect) return PrivilegeLevel.Global;
            var depth = Depth(p, access, table);
            if (depth == PrivilegeLevel.None)
            {
                var name = PrivilegeName(access, table);
                throw Faults.Create(ErrorCodes.PrivilegeDenied,
                    $"Principal user (Id={p.UserId:D}, type=8, roleCount={p.Roles.Count}, privilegeCount={p.PrivilegeCount}, accessMode=0), is missing {name} privilege (Id={SolutionLoader.DeterministicGuid("privilege:" + name):D}) on OTC={t.ObjectTypeCode} for entity '{table}'. context.Method={message}.");
            }
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

        /// <summary>Throws AccessDenied when the user's depth does not reach the row.</summary>
        public void RequireAccess(Principal p, PrivilegeAccess access, string table, Guid id, IReadOnlyDictionary<string, object?> row, string message)
        {
            var depth = Require(p, access, table, message);
            if (!Reaches(p, depth, table, id, row))
                throw Faults.Create(ErrorCodes.AccessDenied, $"Principal with ID {p.UserId:D} does not have {access}Access right(s) for record with ID {id:D} of entity {table}.");
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
