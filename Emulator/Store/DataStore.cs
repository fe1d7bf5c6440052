using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Emulator.Store
{
    /// <summary>
    /// The tables' rows: table → id → column → value. Writes go through a journal while a transaction is
    /// open, so a rollback restores every row the operation and its nested plug-in calls touched.
    /// Rows never leave the store: readers get copies (see Values.Copy).
    /// </summary>
    internal sealed class DataStore
    {
        private readonly Dictionary<string, Dictionary<Guid, Dictionary<string, object?>>> _tables = new(StringComparer.Ordinal);
        private List<(string Table, Guid Id, Dictionary<string, object?>? Before)>? _journal;
        private HashSet<(string, Guid)>? _journaled;
        /// <summary>Secondary indexes: (table, column) → column value (a Guid or a reference's id) → ids of the rows holding it.</summary>
        private readonly Dictionary<string, Dictionary<string, Dictionary<Guid, HashSet<Guid>>>> _indexes = new(StringComparer.Ordinal);

        public bool InTransaction => _journal != null;

        private Dictionary<Guid, Dictionary<string, object?>> Table(string table)
        {
            if (!_tables.TryGetValue(table, out var rows)) _tables[table] = rows = new Dictionary<Guid, Dictionary<string, object?>>();
            return rows;
        }

        public IEnumerable<string> TableNames => _tables.Keys;

        /// <summary>The stored row (not a copy: callers inside the emulator must not mutate it).</summary>
        public IReadOnlyDictionary<string, object?>? Get(string table, Guid id) =>
            _tables.TryGetValue(table, out var rows) && rows.TryGetValue(id, out var row) ? row : null;

        public bool Exists(string table, Guid id) => Get(table, id) != null;

        public IEnumerable<(Guid Id, IReadOnlyDictionary<string, object?> Row)> Rows(string table) =>
            _tables.TryGetValue(table, out var rows) ? rows.Select(r => (r.Key, (IReadOnlyDictionary<string, object?>)r.Value)) : Enumerable.Empty<(Guid, IReadOnlyDictionary<string, object?>)>();

        public int Count(string table) => _tables.TryGetValue(table, out var rows) ? rows.Count : 0;

        public void Insert(string table, Guid id, Dictionary<string, object?> values)
        {
            Remember(table, id);
            Put(table, id, values);
        }

        public void Write(string table, Guid id, IEnumerable<KeyValuePair<string, object?>> changes)
        {
            Remember(table, id);
            var row = Table(table)[id];
            var copy = new Dictionary<string, object?>(row, StringComparer.Ordinal);
            foreach (var c in changes) copy[c.Key] = c.Value;
            Put(table, id, copy);
        }

        public void Remove(string table, Guid id)
        {
            Remember(table, id);
            Put(table, id, null);
        }

        /// <summary>Keeps an index of a Guid or lookup column, so <see cref="Lookup"/> finds rows by it without a scan.</summary>
        public void Index(string table, string column)
        {
            if (!_indexes.TryGetValue(table, out var columns)) _indexes[table] = columns = new Dictionary<string, Dictionary<Guid, HashSet<Guid>>>(StringComparer.Ordinal);
            if (columns.ContainsKey(column)) return;
            var index = columns[column] = new Dictionary<Guid, HashSet<Guid>>();
            foreach (var (id, row) in Table(table)) Add(index, Key(row.GetValueOrDefault(column)), id);
        }

        /// <summary>The ids of the rows whose indexed column holds <paramref name="value"/>.</summary>
        public IReadOnlyCollection<Guid> Lookup(string table, string column, Guid value) =>
            _indexes.TryGetValue(table, out var columns) && columns.TryGetValue(column, out var index)
                ? index.TryGetValue(value, out var ids) ? ids : (IReadOnlyCollection<Guid>)Array.Empty<Guid>()
                : throw new InvalidOperationException($"{table}.{column} is not indexed.");

        /// <summary>Every change of a row goes through here, so the indexes follow writes and rollbacks alike.</summary>
        private void Put(string table, Guid id, Dictionary<string, object?>? row)
        {
            var rows = Table(table);
            rows.TryGetValue(id, out var old);
            if (row == null) rows.Remove(id);
            else rows[id] = row;
            if (!_indexes.TryGetValue(table, out var columns)) return;
            foreach (var (column, index) in columns)
            {
                var before = Key(old?.GetValueOrDefault(column));
                var after = Key(row?.GetValueOrDefault(column));
                if (before == after && old != null && row != null) continue;
                if (old != null && before is { } b && index.TryGetValue(b, out var ids)) ids.Remove(id);
                if (row != null) Add(index, after, id);
            }
        }

        private static Guid? Key(object? value) => value switch
        {
            Guid g => g,
            Microsoft.Xrm.Sdk.EntityReference r => r.Id,
            _ => null,
        };

        private static void Add(Dictionary<Guid, HashSet<Guid>> index, Guid? key, Guid id)
        {
            if (key is not { } k) return;
            if (!index.TryGetValue(k, out var ids)) index[k] = ids = new HashSet<Guid>();
            ids.Add(id);
        }

        // Rows are replaced, never edited in place, so the journal can keep the old dictionary as it was.
        private void Remember(string table, Guid id)
        {
            if (_journal == null || !_journaled!.Add((table, id))) return;
            _journal.Add((table, id, Get(table, id) as Dictionary<string, object?>));
        }

        public void Begin()
        {
            if (_journal != null) throw new InvalidOperationException("A transaction is already open.");
            _journal = new List<(string, Guid, Dictionary<string, object?>?)>();
            _journaled = new HashSet<(string, Guid)>();
        }

        public void Commit()
        {
            _journal = null;
            _journaled = null;
        }

        public void Rollback()
        {
            if (_journal == null) return;
            for (var i = _journal.Count - 1; i >= 0; i--)
            {
                var (table, id, before) = _journal[i];
                Put(table, id, before);
            }
            Commit();
        }

        public StoreSnapshot Snapshot() => new(_tables.ToDictionary(
            t => t.Key,
            t => (IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, object?>>)t.Value.ToDictionary(r => r.Key, r => (IReadOnlyDictionary<string, object?>)r.Value.ToDictionary(c => c.Key, c => Values.Copy(c.Value), StringComparer.Ordinal)),
            StringComparer.Ordinal));
    }
}
