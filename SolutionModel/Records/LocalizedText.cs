using System.Collections.Generic;
using System.Linq;

namespace Mci.SolutionModel
{
    /// <summary>A text in each language it is given in, by language code (1033 English, 2052 Simplified Chinese, ...).</summary>
    public sealed record LocalizedText(IReadOnlyDictionary<int, string> ByLanguage)
    {
        public static readonly LocalizedText Empty = new(new Dictionary<int, string>());

        /// <summary>The text in exactly this language, or "" when it is not given in it.</summary>
        public string this[int languageCode] => ByLanguage.TryGetValue(languageCode, out var s) ? s : string.Empty;

        /// <summary>The text in this language, else in English, else in any language, else <paramref name="fallback"/>.</summary>
        public string Best(int languageCode = 1033, string fallback = "") =>
            ByLanguage.TryGetValue(languageCode, out var l) ? l : ByLanguage.TryGetValue(1033, out var en) ? en : ByLanguage.Values.FirstOrDefault() ?? fallback;

        public bool IsEmpty => ByLanguage.Count == 0;

        /// <summary>An English text and, when given, its Simplified Chinese.</summary>
        public static LocalizedText Of(string english, string? chinese = null)
        {
            var d = new Dictionary<int, string> { [1033] = english };
            if (chinese != null) d[2052] = chinese;
            return new LocalizedText(d);
        }

        public override string ToString() => this[1033];
    }
}
