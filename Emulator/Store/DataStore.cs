using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Mci.Emulator.Store
{
    /// <summary>
    /// An open database transaction: the rows it wrote (their committed values, for a rollback and for the readers of
    /// other transactions) and the rows it holds write locks on, until it commits or rolls back.
    /// </summary>
    internal sealed class Transaction
    {
        public Transaction(string name, object? state, object? owner)
        {
            Name = name;
            State = state;
            Owner = owner;
        }

        /// <summary>Who runs it, for messages: an interleaved call's name, or the test's own thread.</summary>
        public string Name { get; }

        /// <summary>What the engine keeps per transaction (doomed fault, async steps to queue at commit).</summary>
        public object? State { get; }

        /// <summary>The interleaved call running it (null: the test's own thread).</summary>
        public object? Owner { get; }

        internal readonly List<(string Table, Guid Id, Dictionary<string, object?>? Before)> Journal = new();
        /// <summary>The committed value of each row this transaction wrote (null: the row did not exist).</summary>
        internal readonly Dictionary<(string Table, Guid Id), Dictionary<string, object?>?> Committed = new();
        internal readonly HashSet<(string Table, Guid Id)> Locks = new();
    }

    /// <summary>What the store asks when a write meets a row another transaction holds (see Concurrency/Interleaving).</summary>
    internal interface IRowLockWaiter
    {
        /// <summary>Blocks the calling thread until <paramref name="holder"/> has ended; throws when it cannot wait.</summary>
        void Wait(Transaction holder, string table, Guid id);

        /// <summary>A transaction of the calling thread has written a row (a test may pause there).</summary>
        void Written(string table, Guid id);

        /// <summary>A transaction of the calling thread is about to commit (a test may pause there).</summary>
        void BeforeCommit();
    }

    /// <summary>
    /// The tables' rows: table → id → column → value. Writes go through the journal of the calling thread's open
    /// transaction, so a rollback restores every row the operation and its nested plug-in calls touched, and take a write
    /// lock on the row held until the transaction ends ("Those locks are taken within a transaction and not released until
    /// the transaction is committed or aborted", Learn, "Scalable customization design: database transactions").
    /// Readers see committed rows only (read committed): a row another transaction wrote reads as it was before.
    /// Rows never leave the store: readers get copies (see Values.Copy).
    /// </summary>
    internal sealed class DataStore
    {
        private readonly Dictionary<string, Dictionary<Guid, Dictionary<string, object?>>> _tables = new(StringComparer.Ordinal);
        /// <summary>Secondary indexes: (table, column) → column value (a Guid or a reference's id) → ids of the rows holding it.</summary>
        private readonly Dictionary<string, Dictionary<string, Dictionary<Guid, HashSet<Guid>>>> _indexes = new(StringComparer.Ordinal);
        /// <summary>The open transaction of each thread: the test's own, and each interleaved call's.</summary>
        private readonly ThreadLocal<Transaction?> _current = new();
        private readonly HashSet<Transaction> _open = new();
        private readonly Dictionary<(string Table, Guid Id), Transaction> _locks = new();

        /// <summary>Set while calls are interleaved: how a write waits for a row another transaction holds.</summary>
        public IRowLockWaiter? Waiter { get; set; }

        public bool InTransaction => _current.Value != null;

        /// <summary>The calling thread's open transaction, or null.</summary>
        public Transaction? Current => _current.Value;

        private Dictionary<Guid, Dictionary<string, object?>> Table(string table)
        {
            if (!_tables.TryGetValue(table, out var rows)) _tables[table] = rows = new Dictionary<Guid, Dictionary<string, object?>>();
            return rows;
        }

        public IEnumerable<string> TableNames => _tables.Keys;

        /// <summary>Every row is what the caller sees: no other transaction is open (the usual, single-caller case).</summary>
        private bool NothingHidden => _open.Count == 0 || (_open.Count == 1 && _current.Value != null);

        /// <summary>The committed value of a row another transaction wrote, when it did.</summary>
        private bool HiddenByOther(string table, Guid id, out Dictionary<string, object?>? committed)
        {
            committed = null;
            return _locks.TryGetValue((table, id), out var holder) && holder != _current.Value && holder.Committed.TryGetValue((table, id), out committed);
        }

        /// <summary>The row as the caller sees it (not a copy: callers inside the emulator must not mutate it).</summary>
        public IReadOnlyDictionary<string, object?>? Get(string table, Guid id)
        {
            if (!NothingHidden && HiddenByOther(table, id, out var committed)) return committed;
            return _tables.TryGetValue(table, out var rows) && rows.TryGetValue(id, out var row) ? row : null;
        }

        public bool Exists(string table, Guid id) => Get(table, id) != null;

        public IEnumerable<(Guid Id, IReadOnlyDictionary<string, object?> Row)> Rows(string table)
        {
            var rows = _tables.TryGetValue(table, out var r) ? r : new Dictionary<Guid, Dictionary<string, object?>>();
            if (NothingHidden) return rows.Select(x => (x.Key, (IReadOnlyDictionary<string, object?>)x.Value));
            return Visible(table, rows).ToList();
        }

        private IEnumerable<(Guid Id, IReadOnlyDictionary<string, object?> Row)> Visible(string table, Dictionary<Guid, Dictionary<string, object?>> rows)
        {
            foreach (var (id, row) in rows)
            {
                if (!HiddenByOther(table, id, out var committed)) yield return (id, row);
                else if (committed != null) yield return (id, committed);
            }
            // Rows another transaction removed are still there for everyone else.
            foreach (var holder in _open.Where(t => t != _current.Value))
                foreach (var ((t, id), committed) in holder.Committed)
                    if (t == table && committed != null && !rows.ContainsKey(id)) yield return (id, committed);
        }

        public int Count(string table) => NothingHidden ? (_tables.TryGetValue(table, out var rows) ? rows.Count : 0) : Rows(table).Count();

        public void Insert(string table, Guid id, Dictionary<string, object?> values)
        {
            Remember(table, id);
            Put(table, id, values);
            Waiter?.Written(table, id);
        }

        public void Write(string table, Guid id, IEnumerable<KeyValuePair<string, object?>> changes)
        {
            Remember(table, id);
            var row = Table(table)[id];
            var copy = new Dictionary<string, object?>(row, StringComparer.Ordinal);
            foreach (var c in changes) copy[c.Key] = c.Value;
            Put(table, id, copy);
            Waiter?.Written(table, id);
        }

        public void Remove(string table, Guid id)
        {
            Remember(table, id);
            Put(table, id, null);
            Waiter?.Written(table, id);
        }

        // ---------- locks ----------

        /// <summary>
        /// Takes the write lock on a row for the calling thread's transaction (held until it ends), waiting while another
        /// transaction holds it. Outside a transaction the write commits at once: it waits the same way but keeps no lock.
        /// </summary>
        public void Lock(string table, Guid id)
        {
            var key = (table, id);
            var mine = _current.Value;
            while (_locks.TryGetValue(key, out var holder) && holder != mine)
            {
                if (Waiter == null)
                    throw new InvalidOperationException($"The {table} row {id:D} is locked by {holder.Name}, whose transaction is still open.");
                Waiter.Wait(holder, table, id);
            }
            if (mine == null || !mine.Locks.Add(key)) return;
            _locks[key] = mine;
        }

        public bool IsOpen(Transaction transaction) => _open.Contains(transaction);

        /// <summary>The transaction holding the write lock on a row, or null.</summary>
        public Transaction? LockHolder(string table, Guid id) => _locks.TryGetValue((table, id), out var t) ? t : null;

        // Rows are replaced, never edited in place, so the journal can keep the old dictionary as it was.
        private void Remember(string table, Guid id)
        {
            Lock(table, id);
            var tx = _current.Value;
            if (tx == null || tx.Committed.ContainsKey((table, id))) return;
            var before = _tables.TryGetValue(table, out var rows) && rows.TryGetValue(id, out var row) ? row : null;
            tx.Committed[(table, id)] = before;
            tx.Journal.Add((table, id, before));
        }

        // ---------- transactions ----------

        public void Begin(object? state = null, string name = "the test's own thread", object? owner = null)
        {
            if (_current.Value != null) throw new InvalidOperationException("A transaction is already open.");
            var tx = new Transaction(name, state, owner);
            _current.Value = tx;
            _open.Add(tx);
        }

        public void Commit()
        {
            var tx = _current.Value;
            if (tx == null) return;
            End(tx);
        }

        public void Rollback()
        {
            var tx = _current.Value;
            if (tx == null) return;
            for (var i = tx.Journal.Count - 1; i >= 0; i--)
            {
                var (table, id, before) = tx.Journal[i];
                Put(table, id, before);
            }
            End(tx);
        }

        private void End(Transaction tx)
        {
            foreach (var key in tx.Locks) _locks.Remove(key);
            _open.Remove(tx);
            _current.Value = null;
        }

        // ---------- indexes ----------

        /// <summary>Keeps an index of a Guid or lookup column, so <see cref="Lookup"/> finds rows by it without a scan.</summary>
        public void Index(string table, string column)
        {
            if (!_indexes.TryGetValue(table, out var columns)) _indexes[table] = columns = new Dictionary<string, Dictionary<Guid, HashSet<Guid>>>(StringComparer.Ordinal);
            if (columns.ContainsKey(column)) return;
            var index = columns[column] = new Dictionary<Guid, HashSet<Guid>>();
            foreach (var (id, row) in Table(table)) Add(index, Key(row.GetValueOrDefault(column)), id);
        }

        /// <summary>The ids of the rows (as the caller sees them) whose indexed column holds <paramref name="value"/>.</summary>
        public IReadOnlyCollection<Guid> Lookup(string table, string column, Guid value)
        {
            if (!_indexes.TryGetValue(table, out var columns) || !columns.TryGetValue(column, out var index))
                throw new InvalidOperationException($"{table}.{column} is not indexed.");
            IReadOnlyCollection<Guid> ids = index.TryGetValue(value, out var found) ? found : Array.Empty<Guid>();
            if (NothingHidden) return ids;
            // Another transaction's uncommitted rows read as they were: drop what it changed, add back what it moved away.
            var visible = ids.Where(id => Key(Get(table, id)?.GetValueOrDefault(column)) == value).ToHashSet();
            foreach (var holder in _open.Where(t => t != _current.Value))
                foreach (var ((t, id), committed) in holder.Committed)
                    if (t == table && committed != null && Key(committed.GetValueOrDefault(column)) == value) visible.Add(id);
            return visible;
        }

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

        /// <summary>A copy of every row as the caller sees it (committed rows, and the caller's own transaction's).</summary>
        public StoreSnapshot Snapshot() => new(_tables.Keys.ToDictionary(
            t => t,
            t => (IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, object?>>)Rows(t).ToDictionary(r => r.Id, r => (IReadOnlyDictionary<string, object?>)r.Row.ToDictionary(c => c.Key, c => Values.Copy(c.Value), StringComparer.Ordinal)),
            StringComparer.Ordinal));
    }
}
