using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Conversion
{
    /// <summary>
    /// Resolves "@alias" lookups when a value is written or compared (a scenario's users, teams and records). A
    /// value converted without aliases never asks.
    /// </summary>
    public interface IAliasResolver
    {
        /// <summary>The record an alias names; throws when it names none (e.g. its create was refused).</summary>
        EntityReference Reference(string alias);

        /// <summary>The alias of a record, for messages; null when it has none.</summary>
        string? AliasOf(Guid id);
    }

    /// <summary>
    /// A value converted strictly for a column or an argument (<see cref="ValueConverter"/>): it turns into the SDK
    /// value that is written or bound, and compares itself with a stored value (expect and count of a scenario).
    /// </summary>
    public abstract record TypedValue
    {
        /// <summary>The value as it was written, for messages.</summary>
        public abstract string Text { get; }

        /// <summary>The SDK value; <paramref name="aliases"/> is needed only by a value that names an alias.</summary>
        public abstract object? ToSdk(IAliasResolver? aliases);

        public abstract bool Matches(object? actual, IAliasResolver? aliases);

        public override string ToString() => Text;

        private protected static IAliasResolver Need(IAliasResolver? aliases, string alias) =>
            aliases ?? throw new InvalidOperationException($"'@{alias}' names a record of a scenario; there are no aliases here.");
    }

    public sealed record NullValue : TypedValue
    {
        public override string Text => "null";
        public override object? ToSdk(IAliasResolver? aliases) => null;
        public override bool Matches(object? actual, IAliasResolver? aliases) =>
            actual == null || (actual is string s && s.Length == 0) || (actual is OptionSetValueCollection c && c.Count == 0);
    }

    public sealed record TextValue(string Value) : TypedValue
    {
        public override string Text => "\"" + Value + "\"";
        public override object? ToSdk(IAliasResolver? aliases) => Value;
        public override bool Matches(object? actual, IAliasResolver? aliases) => actual is string s && string.Equals(s, Value, StringComparison.Ordinal);
    }

    /// <summary>The SDK type a number is written as.</summary>
    public enum NumberKind { Whole, BigWhole, Decimal, Double, Money }

    /// <summary>A number, held exactly; written as int, long, decimal, double or Money as <see cref="Kind"/> says.</summary>
    public sealed record NumberValue(decimal Value, NumberKind Kind) : TypedValue
    {
        public override string Text => Value.ToString(CultureInfo.InvariantCulture);

        public override object? ToSdk(IAliasResolver? aliases) => Kind switch
        {
            NumberKind.Whole => (int)Value,
            NumberKind.BigWhole => (long)Value,
            NumberKind.Double => (double)Value,
            NumberKind.Money => new Money(Value),
            _ => Value,
        };

        public override bool Matches(object? actual, IAliasResolver? aliases) => SdkValues.Number(actual) is { } n && n == Value;
    }

    public sealed record BoolValue(bool Value) : TypedValue
    {
        public override string Text => Value ? "true" : "false";
        public override object? ToSdk(IAliasResolver? aliases) => Value;
        public override bool Matches(object? actual, IAliasResolver? aliases) => actual is bool b && b == Value;
    }

    /// <summary>A date (matches any time of that day, UTC) or a date and time (matches exactly).</summary>
    public sealed record DateValue(DateTime Value, bool DateOnly) : TypedValue
    {
        public override string Text => DateOnly ? Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        public override object? ToSdk(IAliasResolver? aliases) => Value;
        public override bool Matches(object? actual, IAliasResolver? aliases) => actual is DateTime d && (DateOnly ? d.Date == Value.Date : d == Value);
    }

    /// <summary>A choice, statecode or statuscode: its option value, and the label (or number) it was written as.</summary>
    public sealed record ChoiceValue(int Value, string Written) : TypedValue
    {
        public override string Text => Written;
        public override object? ToSdk(IAliasResolver? aliases) => new OptionSetValue(Value);
        public override bool Matches(object? actual, IAliasResolver? aliases) => SdkValues.Scalar(actual) is int i && i == Value;
    }

    public sealed record ChoicesValue(IReadOnlyList<int> Values, string Written) : TypedValue
    {
        public override string Text => Written;
        public override object? ToSdk(IAliasResolver? aliases) => new OptionSetValueCollection(Values.Select(v => new OptionSetValue(v)).ToList());
        public override bool Matches(object? actual, IAliasResolver? aliases) =>
            actual is OptionSetValueCollection c && c.Select(o => o.Value).OrderBy(v => v).SequenceEqual(Values.OrderBy(v => v));
    }

    /// <summary>"@alias": a lookup to a user, team or record of a scenario, resolved when the value is used.</summary>
    public sealed record ReferenceValue(string Alias) : TypedValue
    {
        public override string Text => "@" + Alias;
        public override object? ToSdk(IAliasResolver? aliases) => Need(aliases, Alias).Reference(Alias);
        public override bool Matches(object? actual, IAliasResolver? aliases) =>
            SdkValues.Scalar(actual) is Guid id && id == Need(aliases, Alias).Reference(Alias).Id;
    }

    /// <summary>A unique identifier: a GUID written out, or "@alias" for the id of a record of a scenario.</summary>
    public sealed record IdValue(Guid? Value, string? Alias) : TypedValue
    {
        public override string Text => Alias != null ? "@" + Alias : Value!.Value.ToString("D");
        public override object? ToSdk(IAliasResolver? aliases) => Alias != null ? Need(aliases, Alias).Reference(Alias).Id : Value!.Value;
        public override bool Matches(object? actual, IAliasResolver? aliases) => SdkValues.Scalar(actual) is Guid id && id == (Guid)ToSdk(aliases)!;
    }

    /// <summary>
    /// A value a C# caller passed already of the SDK type (an EntityReference, a Money, a DateTime, an int for an int
    /// argument...): nothing to convert, so it is used as given. A JSON document never produces one.
    /// </summary>
    public sealed record GivenValue(object Value) : TypedValue
    {
        public override string Text => Value switch
        {
            EntityReference r => $"{r.LogicalName}({r.Id:D})",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => Value.ToString() ?? "",
        };

        public override object? ToSdk(IAliasResolver? aliases) => Value;

        public override bool Matches(object? actual, IAliasResolver? aliases) => Equals(SdkValues.Scalar(actual), SdkValues.Scalar(Value));
    }
}
