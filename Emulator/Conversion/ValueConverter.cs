using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Conversion
{
    /// <summary>Says whether "@alias" may stand for a record here (a scenario file's aliases, as the file is read).</summary>
    public interface IAliasScope
    {
        /// <summary>Why "@<paramref name="alias"/>" cannot be a lookup to one of <paramref name="targets"/> (any table when empty) for <paramref name="what"/>; null when it can.</summary>
        string? Problem(string alias, IReadOnlyList<string> targets, string what);
    }

    /// <summary>One thing wrong with a value: where inside it ("" for the value itself, "[2]" for an array's third item) and what.</summary>
    public sealed record ValueProblem(string Path, string Message);

    /// <summary>What <see cref="ValueConverter.Convert"/> made of a value: the typed value, or the problems that stopped it.</summary>
    public sealed class Converted
    {
        internal Converted(TypedValue? value, IReadOnlyList<ValueProblem> problems)
        {
            Value = value;
            Problems = problems;
        }

        public TypedValue? Value { get; }
        public IReadOnlyList<ValueProblem> Problems { get; }
        public bool Succeeded => Value != null && Problems.Count == 0;
    }

    /// <summary>
    /// The one converter of loose values (JSON from a scenario file, or what a C# caller passes to a workflow
    /// activity) into the SDK types a column or an argument takes. Strict: a whole number is written without a
    /// fraction, a number within its type's range, money and decimals as numbers (never text), yes/no as true/false,
    /// dates as ISO 8601, a choice by its English label or its number, a lookup as "@alias" (with an
    /// <see cref="IAliasScope"/>). It guesses nothing: "5" is not a number, 1.5 is not a whole number.
    /// A value already of the SDK type (an EntityReference, a Money, a DateTime...) is taken as given, and a Guid
    /// becomes a lookup when the target names exactly one table: a C# caller holds ids, and that id is unambiguous.
    /// What the platform decides (a column's own min/max, text length, whether an option exists) is left to it.
    /// </summary>
    public static class ValueConverter
    {
        public static Converted Convert(object? input, ValueTarget target, IAliasScope? aliases = null)
        {
            var problems = new List<ValueProblem>();
            var value = Convert(Loose.Of(input), target, aliases, "", problems);
            return new Converted(problems.Count == 0 ? value : null, problems);
        }

        /// <summary>The SDK value of <paramref name="input"/> for <paramref name="target"/>; an <see cref="ArgumentException"/> naming each problem when there is one.</summary>
        public static object? ToSdk(object? input, ValueTarget target)
        {
            var converted = Convert(input, target);
            if (!converted.Succeeded)
                throw new ArgumentException(string.Join("; ", converted.Problems.Select(p => p.Path.Length == 0 ? p.Message : $"{target.What}{p.Path}: {p.Message}")));
            return converted.Value!.ToSdk(null);
        }

        private static readonly string[] DateTimeFormats =
        {
            "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
            "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        };

        /// <summary>ISO 8601: a date (yyyy-MM-dd) or a date and time (UTC unless it carries an offset, which is converted to UTC).</summary>
        public static bool TryParseDate(string text, out DateTime value, out bool dateOnly)
        {
            dateOnly = DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
            if (dateOnly) return true;
            return DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        }

        /// <summary>A loose value as messages name it: "the number 5", "the text \"five\"", "an array", "null".</summary>
        public static string Describe(object? input) => Loose.Of(input).Describe();

        private static TypedValue? Convert(Loose v, ValueTarget target, IAliasScope? aliases, string path, List<ValueProblem> problems)
        {
            TypedValue? Problem(string message)
            {
                problems.Add(new ValueProblem(path, message));
                return null;
            }

            if (v.Kind == LooseKind.Null) return new NullValue();
            if (target.SdkType is { } sdkType && v.Kind == LooseKind.Other && sdkType.IsInstanceOfType(v.Original) && v.Original is not Guid)
                return new GivenValue(v.Original!);
            var what = target.What;
            switch (target.Kind)
            {
                case ValueKind.Text:
                    return v.Text is { } s ? new TextValue(s) : Problem($"{what} is text: a JSON string, not {v.Describe()}");
                case ValueKind.Whole:
                case ValueKind.BigWhole:
                {
                    var kind = target.Kind == ValueKind.Whole ? NumberKind.Whole : NumberKind.BigWhole;
                    if (v.Kind == LooseKind.Number)
                    {
                        if (v.Integer is { } l && InRange(l, target)) return new NumberValue(l, kind);
                        if (OutOfRange(v, target) is { } message) return Problem(message);
                    }
                    return Problem($"{what} is a whole number{(kind == NumberKind.Whole ? " (32-bit)" : "")}, not {v.Describe()}");
                }
                case ValueKind.Decimal:
                case ValueKind.Double:
                case ValueKind.Money:
                {
                    var kind = target.Kind switch { ValueKind.Money => NumberKind.Money, ValueKind.Double => NumberKind.Double, _ => NumberKind.Decimal };
                    if (v.Kind == LooseKind.Number)
                    {
                        if (OutOfRange(v, target) is { } message) return Problem(message);
                        if (v.Exact is { } d) return new NumberValue(d, kind);
                    }
                    return Problem($"{what} is a {(kind == NumberKind.Money ? "money amount" : "number")}: write a JSON number, not {v.Describe()}");
                }
                case ValueKind.YesNo:
                    if (v.Bool is { } b) return new BoolValue(b);
                    return Problem($"{what} is {(target.IsColumn ? "yes/no" : "a Boolean")}: write true or false, not {v.Describe()}");
                case ValueKind.Date:
                    if (v.Text is not { } date) return Problem($"{what} is a date: a JSON string, not {v.Describe()}");
                    if (TryParseDate(date, out var parsed, out var dateOnly)) return new DateValue(parsed, dateOnly);
                    return Problem($"'{date}' is not a date: {what} takes yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ");
                case ValueKind.Choice:
                    return Choice(v, target, Problem);
                case ValueKind.Choices:
                {
                    if (v.Kind != LooseKind.Array) return Problem($"{what} is a multi-select choice: write an array of labels, not {v.Describe()}");
                    var values = new List<int>();
                    var i = 0;
                    foreach (var item in v.Items)
                    {
                        var itemPath = $"{path}[{i++}]";
                        if (Choice(Loose.Of(item), target, m => { problems.Add(new ValueProblem(itemPath, m)); return null; }) is ChoiceValue c) values.Add(c.Value);
                    }
                    return values.Count == i ? new ChoicesValue(values, v.Raw) : null;
                }
                case ValueKind.Lookup:
                {
                    if (v.Original is Guid id)
                    {
                        return target.Targets.Count == 1
                            ? new GivenValue(new EntityReference(target.Targets[0], id))
                            : Problem($"{what} is a lookup to {(target.Targets.Count == 0 ? "any table" : string.Join(" or ", target.Targets))}: pass an EntityReference; a Guid alone does not say which table");
                    }
                    if (v.Text is not { } text)
                        return Problem(aliases != null ? $"{what} is a lookup: write \"@alias\": a JSON string, not {v.Describe()}" : $"{what} is a lookup: pass an EntityReference{GuidHint(target)}, not {v.Describe()}");
                    if (!text.StartsWith('@'))
                        return Problem(aliases != null ? $"{what} is a lookup: write \"@alias\" of a user, team or record of this scenario, not \"{text}\"" : $"{what} is a lookup: pass an EntityReference{GuidHint(target)}, not {v.Describe()}");
                    return Alias(text[1..], target, aliases, Problem) is { } alias ? new ReferenceValue(alias) : null;
                }
                case ValueKind.Id:
                {
                    if (v.Original is Guid id) return new IdValue(id, null);
                    if (v.Text is not { } text) return Problem($"{what} is an id: a GUID or \"@alias\": a JSON string, not {v.Describe()}");
                    if (text.StartsWith('@')) return Alias(text[1..], target, aliases, Problem) is { } alias ? new IdValue(null, alias) : null;
                    if (Guid.TryParseExact(text, "D", out var g)) return new IdValue(g, null);
                    return Problem($"'{text}' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) or \"@alias\"");
                }
                case ValueKind.TableName:
                    if (v.Text is not { } table) return Problem($"{what} is a table name: a JSON string, not {v.Describe()}");
                    if (target.KnownTables.Count > 0 && !target.KnownTables.Contains(table)) return Problem($"unknown table '{table}'" + Suggestions.For(table, target.KnownTables));
                    return new TextValue(table);
                default:
                    return Problem(target.IsColumn
                        ? $"{what} is a {target.TypeName} column, which scenario files neither write nor check"
                        : $"{what} is of type {target.TypeName}, which scenario files cannot express");
            }
        }

        private static TypedValue? Choice(Loose v, ValueTarget target, Func<string, TypedValue?> problem)
        {
            var what = target.What;
            if (v.Kind == LooseKind.Number)
            {
                if (v.Integer is { } l && l is >= int.MinValue and <= int.MaxValue) return new ChoiceValue((int)l, l.ToString(CultureInfo.InvariantCulture));
                return problem($"{what} takes an option value (a whole number) or its English label, not {v.Raw}");
            }
            if (v.Text is not { } label) return problem($"{what} is a choice: write its English label or its number, not {v.Describe()}");
            var options = target.Options;
            if (options == null || options.Options.Count == 0) return problem($"{what} has no labels to look '{label}' up in: write the option's number");
            var matches = options.Options.Where(o => o.Label(1033) == label).ToList();
            if (matches.Count == 1) return new ChoiceValue(matches[0].Value, label);
            if (matches.Count > 1) return problem($"'{label}' is the label of several options of {what} ({string.Join(", ", matches.Select(m => m.Value))}): write the number");
            return problem($"unknown label '{label}' for {what}" + Suggestions.For(label, options.Options.Select(o => o.Label(1033)), listAll: true));
        }

        private static string? Alias(string alias, ValueTarget target, IAliasScope? aliases, Func<string, TypedValue?> problem)
        {
            if (aliases == null)
            {
                problem($"{target.What} takes a record: \"@{alias}\" names one only in a scenario file; pass an EntityReference{GuidHint(target)}");
                return null;
            }
            if (aliases.Problem(alias, target.Targets, target.What) is { } message)
            {
                problem(message);
                return null;
            }
            return alias;
        }

        private static string GuidHint(ValueTarget target) => target.Targets.Count == 1 ? $" (or the id of a {target.Targets[0]}, a Guid)" : "";

        private static bool InRange(decimal value, ValueTarget target) => target.Range is not { } r || (value >= r.Min && value <= r.Max);

        /// <summary>The message for a number its target's type cannot hold; null when it can (or when it is no number).</summary>
        private static string? OutOfRange(Loose v, ValueTarget target)
        {
            if (target.Range is not { } r) return null;
            var outside = v.Exact is { } d ? d < r.Min || d > r.Max : double.IsInfinity(v.Approx) || Math.Abs(v.Approx) > (double)decimal.MaxValue;
            return outside
                ? $"{v.Raw} is out of range for {target.What}: {target.RangeOwner} takes {ValueTarget.Format(r.Min)} to {ValueTarget.Format(r.Max)}"
                : null;
        }

        private enum LooseKind { Null, Text, Number, Bool, Array, Object, Other }

        /// <summary>A JSON value or a C# value, seen the same way: text, a number (exact where it can be), true/false, an array.</summary>
        private sealed class Loose
        {
            public LooseKind Kind { get; private init; }
            public object? Original { get; private init; }
            public string? Text { get; private init; }
            public bool? Bool { get; private init; }
            /// <summary>A number as written; an array's JSON text.</summary>
            public string Raw { get; private init; } = "";
            /// <summary>The number when written without a fraction (a JSON integer, or a C# integer type).</summary>
            public long? Integer { get; private init; }
            /// <summary>The number exactly, when a decimal holds it.</summary>
            public decimal? Exact { get; private init; }
            /// <summary>The number as a double (infinite when even that cannot hold it).</summary>
            public double Approx { get; private init; } = double.NaN;
            public IReadOnlyList<object?> Items { get; private init; } = Array.Empty<object?>();

            public static Loose Of(object? input) => input switch
            {
                null => new Loose { Kind = LooseKind.Null },
                JsonElement e => OfJson(e),
                string s => new Loose { Kind = LooseKind.Text, Text = s, Original = s },
                bool b => new Loose { Kind = LooseKind.Bool, Bool = b, Original = b },
                int or long or short or byte or sbyte or ushort or uint => Integral(System.Convert.ToInt64(input, CultureInfo.InvariantCulture), input),
                ulong u => u <= long.MaxValue ? Integral((long)u, input) : new Loose { Kind = LooseKind.Number, Original = input, Exact = u, Approx = u, Raw = Invariant(input) },
                decimal d => new Loose { Kind = LooseKind.Number, Original = d, Exact = d, Approx = (double)d, Raw = Invariant(d) },
                double or float => OfDouble(System.Convert.ToDouble(input, CultureInfo.InvariantCulture), input),
                IEnumerable items and not OptionSetValueCollection => new Loose
                {
                    Kind = LooseKind.Array, Original = input, Items = items.Cast<object?>().ToList(),
                    Raw = "[" + string.Join(", ", items.Cast<object?>().Select(i => Of(i).Written())) + "]",
                },
                _ => new Loose { Kind = LooseKind.Other, Original = input },
            };

            private static Loose Integral(long value, object original) =>
                new() { Kind = LooseKind.Number, Original = original, Integer = value, Exact = value, Approx = value, Raw = value.ToString(CultureInfo.InvariantCulture) };

            private static Loose OfDouble(double d, object original) => new()
            {
                Kind = LooseKind.Number, Original = original, Approx = d, Raw = d.ToString("R", CultureInfo.InvariantCulture),
                Exact = double.IsFinite(d) && Math.Abs(d) <= (double)decimal.MaxValue ? (decimal)d : null,
            };

            private static Loose OfJson(JsonElement e) => e.ValueKind switch
            {
                JsonValueKind.String => new Loose { Kind = LooseKind.Text, Text = e.GetString(), Original = e },
                JsonValueKind.Number => new Loose
                {
                    Kind = LooseKind.Number, Original = e, Raw = e.GetRawText(),
                    Integer = e.TryGetInt64(out var l) ? l : null,
                    Exact = e.TryGetDecimal(out var d) ? d : null,
                    // TryGetDouble fails only for a number beyond double's range.
                    Approx = e.TryGetDouble(out var x) ? x : e.GetRawText().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity,
                },
                JsonValueKind.True or JsonValueKind.False => new Loose { Kind = LooseKind.Bool, Bool = e.GetBoolean(), Original = e },
                JsonValueKind.Array => new Loose { Kind = LooseKind.Array, Original = e, Items = e.EnumerateArray().Select(i => (object?)i).ToList(), Raw = e.GetRawText() },
                JsonValueKind.Object => new Loose { Kind = LooseKind.Object, Original = e },
                _ => new Loose { Kind = LooseKind.Null },
            };

            private static string Invariant(object value) => value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";

            /// <summary>How the value reads inside an array's text.</summary>
            private string Written() => Kind switch
            {
                LooseKind.Text => "\"" + Text + "\"",
                LooseKind.Number => Raw,
                LooseKind.Bool => Bool == true ? "true" : "false",
                LooseKind.Null => "null",
                _ => Original == null ? "null" : Invariant(Original),
            };

            public string Describe() => Kind switch
            {
                LooseKind.Object => "an object",
                LooseKind.Array => "an array",
                LooseKind.Text => $"the text \"{Shorten(Text!)}\"",
                LooseKind.Number => $"the number {Raw}",
                LooseKind.Bool => Bool == true ? "true" : "false",
                LooseKind.Null => "null",
                _ => Article(Original!.GetType().Name),
            };

            private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

            private static string Article(string name) => ("AEIOU".Contains(name[0]) ? "an " : "a ") + name;
        }
    }
}
