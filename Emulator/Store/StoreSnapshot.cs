using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Emulator.Store
{
    /// <summary>
    /// A copy of every row at one moment. Compare two snapshots to prove that a refused operation left
    /// nothing behind: <c>Assert.That(env.Snapshot().DifferencesFrom(before), Is.Empty)</c>.
    /// </summary>
    public sealed class StoreSnapshot
    {
        internal StoreSnapshot(IReadOnlyDictionary<string, IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, object?>>> tables) => Tables = tables;

        public IReadOnlyDictionary<string, IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, object?>>> Tables { get; }

        public int Count(string table) => Tables.TryGetValue(table, out var rows) ? rows.Count : 0;

        /// <summary>Human-readable differences of this snapshot from an earlier one: rows added, removed, and columns changed.</summary>
        public IReadOnlyList<string> DifferencesFrom(StoreSnapshot earlier)
        {
            var result = new List<string>();
            foreach (var table in Tables.Keys.Union(earlier.Tables.Keys).OrderBy(t => t, StringComparer.Ordinal))
            {
                var now = Tables.TryGetValue(table, out var n) ? n : new Dictionary<Guid, IReadOnlyDictionary<string, object?>>();
                var then = earlier.Tables.TryGetValue(table, out var t) ? t : new Dictionary<Guid, IReadOnlyDictionary<string, object?>>();
                foreach (var id in now.Keys.Except(then.Keys)) result.Add($"added {table}({id:D})");
                foreach (var id in then.Keys.Except(now.Keys)) result.Add($"removed {table}({id:D})");
                foreach (var id in now.Keys.Intersect(then.Keys))
                    foreach (var column in now[id].Keys.Union(then[id].Keys).OrderBy(c => c, StringComparer.Ordinal))
                    {
                        now[id].TryGetValue(column, out var a);
                        then[id].TryGetValue(column, out var b);
                        if (!Values.Same(a, b)) result.Add($"changed {table}({id:D}).{column}: {Values.Describe(b)} -> {Values.Describe(a)}");
                    }
            }
            return result;
        }
    }
}
