using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Emulator.Conversion
{
    /// <summary>"did you mean" for a name that is not known: a different case, or a near miss (a typo, a swap).</summary>
    public static class Suggestions
    {
        /// <summary>" (did you mean 'x'?)" for a near miss, or (with <paramref name="listAll"/>) "; known: a, b, c"; else "".</summary>
        public static string For(string name, IEnumerable<string> known, bool listAll = false)
        {
            var list = known.Distinct(StringComparer.Ordinal).ToList();
            var near = list.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                       ?? list.Select(k => (k, d: Distance(k.ToLowerInvariant(), name.ToLowerInvariant()))).Where(x => x.d <= Math.Max(1, name.Length / 3)).OrderBy(x => x.d).Select(x => x.k).FirstOrDefault();
            if (near != null) return $" (did you mean '{near}'?)";
            return listAll && list.Count > 0 ? $"; known: {string.Join(", ", list.OrderBy(k => k, StringComparer.Ordinal))}" : "";
        }

        /// <summary>Edit distance with transpositions (optimal string alignment).</summary>
        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
                for (var j = 1; j <= b.Length; j++)
                {
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            return d[a.Length, b.Length];
        }
    }
}
