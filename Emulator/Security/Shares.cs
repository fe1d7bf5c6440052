using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Store;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Security
{
    /// <summary>One share of a record with a user or team: a principalobjectaccess row.</summary>
    /// <param name="Mask">The rights GrantAccess/ModifyAccess gave on this record itself (accessrightsmask).</param>
    /// <param name="Inherited">The rights a share of a parent record cascaded to it (inheritedaccessrightsmask).</param>
    public sealed record Share(Guid Id, string Table, Guid RecordId, EntityReference Principal, AccessRights Mask, AccessRights Inherited)
    {
        /// <summary>What the share gives: its own rights and the inherited ones.</summary>
        public AccessRights Rights => Mask | Inherited;
    }

    /// <summary>
    /// The shares of records, kept as Dataverse keeps them: rows of principalobjectaccess in the store (so a rollback
    /// undoes a share with everything else, and snapshots show them), indexed by record and by principal so an access
    /// check or a query looks up only the shares that concern it.
    /// </summary>
    internal sealed class ShareStore
    {
        public const string TableName = "principalobjectaccess";
        private readonly DataStore _store;

        public ShareStore(DataStore store)
        {
            _store = store;
            store.Index(TableName, "objectid");
            store.Index(TableName, "principalid");
        }

        /// <summary>The shares of one record.</summary>
        public IReadOnlyList<Share> Of(Guid recordId) =>
            _store.Lookup(TableName, "objectid", recordId).OrderBy(id => (long)_store.Get(TableName, id)!["sequence"]!).Select(Read).ToList();

        /// <summary>The share of one record with one principal, or null.</summary>
        public Share? Of(Guid recordId, Guid principalId) => Of(recordId).FirstOrDefault(s => s.Principal.Id == principalId);

        /// <summary>The rights shares give these principals (a user and their teams) on one record: the union of them all.</summary>
        public AccessRights Rights(Guid recordId, IReadOnlyCollection<Guid> principals)
        {
            var rights = AccessRights.None;
            foreach (var id in _store.Lookup(TableName, "objectid", recordId))
            {
                var row = _store.Get(TableName, id)!;
                if (principals.Contains((Guid)row["principalid"]!)) rights |= Rights(row);
            }
            return rights;
        }

        /// <summary>The records of a table shared with any of these principals with <paramref name="right"/>: what a query may add to the rows a role reaches.</summary>
        public HashSet<Guid> SharedWith(IEnumerable<Guid> principals, string table, AccessRights right)
        {
            var ids = new HashSet<Guid>();
            foreach (var principal in principals)
                foreach (var id in _store.Lookup(TableName, "principalid", principal))
                {
                    var row = _store.Get(TableName, id)!;
                    if ((string?)row["objecttypecode"] == table && (Rights(row) & right) == right) ids.Add((Guid)row["objectid"]!);
                }
            return ids;
        }

        /// <summary>Writes (adds or replaces) the share of a record with a principal.</summary>
        public void Set(string table, Guid recordId, EntityReference principal, AccessRights mask, AccessRights inherited, long version)
        {
            var existing = Of(recordId, principal.Id);
            var values = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["principalobjectaccessid"] = existing?.Id ?? Guid.NewGuid(),
                ["objectid"] = recordId,
                ["objecttypecode"] = table,
                ["principalid"] = principal.Id,
                ["principaltypecode"] = principal.LogicalName,
                ["accessrightsmask"] = (int)mask,
                ["inheritedaccessrightsmask"] = (int)inherited,
                ["versionnumber"] = version,
                // The order shares were made in (RetrieveSharedPrincipalsAndAccess lists them so).
                ["sequence"] = existing == null ? version : _store.Get(TableName, existing.Id)!["sequence"],
            };
            if (existing == null) _store.Insert(TableName, (Guid)values["principalobjectaccessid"]!, values);
            else _store.Write(TableName, existing.Id, values);
        }

        public void Remove(Share share) => _store.Remove(TableName, share.Id);

        /// <summary>Removes every share of a record (it is deleted) and every share with a principal (it is deleted).</summary>
        public void RemoveAllOf(Guid id)
        {
            foreach (var share in _store.Lookup(TableName, "objectid", id).Concat(_store.Lookup(TableName, "principalid", id)).Distinct().ToList())
                _store.Remove(TableName, share);
        }

        private Share Read(Guid id)
        {
            var row = _store.Get(TableName, id)!;
            return new Share(id, (string)row["objecttypecode"]!, (Guid)row["objectid"]!, new EntityReference((string)row["principaltypecode"]!, (Guid)row["principalid"]!),
                (AccessRights)(int)row["accessrightsmask"]!, (AccessRights)(int)row["inheritedaccessrightsmask"]!);
        }

        private static AccessRights Rights(IReadOnlyDictionary<string, object?> row) =>
            (AccessRights)(int)row["accessrightsmask"]! | (AccessRights)(int)row["inheritedaccessrightsmask"]!;
    }
}
