using System.Collections.Generic;
using System.Linq;

namespace Mci.Cli.Scenarios
{
    /// <summary>Words in messages: articles and lists.</summary>
    internal static class Words
    {
        /// <summary>"a create step", "an update step": the word with its article.</summary>
        public static string A(string word) => (word.Length > 0 && "aeiouAEIOU".Contains(word[0]) ? "an " : "a ") + word;

        /// <summary>"a", "a and b", "a, b and c".</summary>
        public static string And(IEnumerable<string> items)
        {
            var list = items.ToList();
            return list.Count <= 1 ? string.Join("", list) : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
        }
    }
}
