using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Mci.Rules
{
    /// <summary>A text template in both languages, side by side.</summary>
    internal sealed class Bilingual
    {
        public Bilingual(string english, string chinese)
        {
            English = english;
            Chinese = chinese;
        }

        public string English { get; }
        public string Chinese { get; }

        public string In(UiLanguage language) => language == UiLanguage.SimplifiedChinese ? Chinese : English;
    }

    /// <summary>A piece of a message with its own arguments (e.g. "margin 4.00% is below the minimum 10.00%").</summary>
    internal sealed class Phrase
    {
        public Phrase(Bilingual template, params object?[] args)
        {
            Template = template;
            Args = args;
        }

        public Bilingual Template { get; }
        public IReadOnlyList<object?> Args { get; }
    }

    /// <summary>Several values shown as one list, joined the way each language joins lists.</summary>
    internal sealed class TextList
    {
        public TextList(Bilingual separator, IEnumerable<object?> items)
        {
            Separator = separator;
            Items = items.ToArray();
        }

        public Bilingual Separator { get; }
        public IReadOnlyList<object?> Items { get; }
    }

    /// <summary>A point in time shown with its time of day, in UTC.</summary>
    internal sealed class Timestamp
    {
        public Timestamp(DateTime value) => Value = value;
        public DateTime Value { get; }
    }

    /// <summary>
    /// How values appear in every MCI text, whatever the user's locale:
    /// numbers invariant with a thousands separator and at least two decimals, never rounded for display
    /// (2,000,000.00; 105.00; 33.333 stays 33.333 so a refusal shows what was typed);
    /// dates yyyy-MM-dd; a null argument is a missing name, "(no name)"; record names as plain text on one line, control and bidirectional-override
    /// characters replaced, at most <see cref="MaxNameLength"/> characters.
    /// </summary>
    internal static class Texts
    {
        public const int MaxNameLength = 100;

        // "0.00" then optional digits up to decimal's 28-digit scale, so no typed value is rounded for display.
        private static readonly string NumberFormat = "#,0.00" + new string('#', 26);

        public static string Format(Bilingual template, UiLanguage language, IReadOnlyList<object?> args)
        {
            var rendered = new string[args.Count];
            for (var i = 0; i < args.Count; i++) rendered[i] = Render(args[i], language);
            var text = template.In(language);
            if (language != UiLanguage.SimplifiedChinese) text = Articles(text, rendered);
            return string.Format(CultureInfo.InvariantCulture, text, rendered.Cast<object>().ToArray());
        }

        // "a {1}" in an English template, where {1} may be "Revenue" or "Overlay".
        private static readonly System.Text.RegularExpressions.Regex ArticleBeforePlaceholder =
            new System.Text.RegularExpressions.Regex(@"\b([Aa])n? (\{(\d+)\})", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>
        /// English only: the indefinite article written before a placeholder ("a {1} split line") becomes "an" when the value
        /// put there starts with a vowel ("an Overlay split line") and "a" otherwise, so a template fits every label.
        /// By the spelling: MCI's labels hold no word like "user" or "hour" whose sound differs from its first letter.
        /// </summary>
        internal static string Articles(string template, IReadOnlyList<string> rendered)
            => ArticleBeforePlaceholder.Replace(template, match =>
            {
                var index = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
                var value = index < rendered.Count ? rendered[index] : "";
                var article = StartsWithVowel(value) ? "n" : "";
                return match.Groups[1].Value + article + " " + match.Groups[2].Value;
            });

        /// <summary>True when the first letter of <paramref name="text"/> is a vowel (a, e, i, o, u), after any opening quote.</summary>
        internal static bool StartsWithVowel(string text)
        {
            foreach (var c in text)
            {
                if (!char.IsLetterOrDigit(c)) continue;
                return "aeiouAEIOU".IndexOf(c) >= 0;
            }
            return false;
        }

        public static string Render(object? value, UiLanguage language)
        {
            switch (value)
            {
                case null: return Messages.NoName.In(language);
                case string name: return Name(name, language);
                case decimal number: return Number(number);
                case int whole: return whole.ToString(CultureInfo.InvariantCulture);
                case DateTime date: return Date(date);
                case Timestamp stamp: return stamp.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
                case Enum label: return Messages.Label(label).In(language);
                case Phrase phrase: return Format(phrase.Template, language, phrase.Args);
                case TextList list: return string.Join(list.Separator.In(language), list.Items.Select(item => Render(item, language)));
                case Bilingual text: return text.In(language);
                default: return Clean(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }

        /// <summary>A value that may be missing: null becomes "(empty)" (a bare null argument reads as a missing name).</summary>
        public static object OrEmpty(object? value) => value ?? Messages.EmptyValue;

        public static string Number(decimal value) => value.ToString(NumberFormat, CultureInfo.InvariantCulture);

        public static string Date(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        /// <summary>A record name for a message; a missing or blank name reads "(no name)".</summary>
        public static string Name(string? name, UiLanguage language)
        {
            var cleaned = Clean(name);
            return cleaned.Length == 0 ? Messages.NoName.In(language) : cleaned;
        }

        /// <summary>One line of plain text: control, line-separator and bidi-override characters become spaces,
        /// runs of white space collapse, the ends are trimmed and the length is capped (with "…").</summary>
        public static string Clean(string? text, int maxLength = MaxNameLength)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var builder = new StringBuilder(Math.Min(text!.Length, maxLength + 1));
            var pendingSpace = false;
            foreach (var c in text)
            {
                if (IsSpaceLike(c))
                {
                    pendingSpace = builder.Length > 0;
                    continue;
                }
                if (pendingSpace) builder.Append(' ');
                pendingSpace = false;
                builder.Append(c);
                if (builder.Length > maxLength) break;
            }
            if (builder.Length <= maxLength) return builder.ToString();
            var cut = maxLength - 1;
            if (char.IsHighSurrogate(builder[cut - 1])) cut--;
            return builder.ToString(0, cut).TrimEnd() + "…";
        }

        private static bool IsSpaceLike(char c)
            => char.IsWhiteSpace(c) || char.IsControl(c)
               || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F';

        /// <summary>A one-line text for readers of either language: "English · 中文".</summary>
        public static string Both(Bilingual template, params object?[] args)
            => Format(template, UiLanguage.English, args) + " · " + Format(template, UiLanguage.SimplifiedChinese, args);

        /// <summary>A label in both languages, "Revenue · 收入", for texts read by users of either language.</summary>
        public static string Both(Bilingual text) => text.English == text.Chinese ? text.English : text.English + " · " + text.Chinese;
    }
}
