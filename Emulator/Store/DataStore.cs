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

        public bool InTransaction => _journal != null;

        public Dictionary<Guid, Dictionary<string, object?>> Table(string table)
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
            Table(table)[id] = values;
        }

        public void Write(string table, Guid id, IEnumerable<KeyValuePair<string, object?>> changes)
        {
            Remember(table, id);
            var row = Table(table)[id];
            var copy = new Dictionary<string, object?>(row, StringComparer.Ordinal);
            foreach (var c in changes) copy[c.Key] = c.Value;
            Table(table)[id] = copy;
        }

        public void Remove(string table, Guid id)
        {
            Remember(table, id);
            Table(table).Remove(id);
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
                if (before == null) Table(table).Remove(id);
                else Table(table)[id] = before;
            }
            Commit();
        }

        public StoreSnapshot Snapshot() => new(_tables.ToDictionary(
            t => t.Key,
            t => (IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, object?>>)t.Value.ToDictionary(r => r.Key, r => (IReadOnlyDictionary<string, object?>)r.Value.ToDictionary(c => c.Key, c => Values.Copy(c.Value), StringComparer.Ordinal)),
            StringComparer.Ordinal));
    }
}
