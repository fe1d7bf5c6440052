using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>Resolves aliases to records while a scenario runs (users, teams and created records).</summary>
    internal interface IAliasResolver
    {
        /// <summary>The record an alias names; throws a <see cref="StepFailure"/> when it names none (e.g. its create was refused).</summary>
        EntityReference Reference(string alias);

        /// <summary>The alias of a record, for messages; null when the record has none.</summary>
        string? AliasOf(Guid id);
    }

    /// <summary>
    /// A value from a scenario file, typed for the column (or workflow argument) it belongs to. It turns into the
    /// SDK value a step writes, and compares itself with a stored value for expect and count.
    /// </summary>
    internal abstract record ScenarioValue
    {
        /// <summary>The value as the file wrote it, for messages.</summary>
        public abstract string Text { get; }

        public abstract object? ToSdk(IAliasResolver aliases);

        public abstract bool Matches(object? actual, IAliasResolver aliases);

        public override string ToString() => Text;

        protected static object? Scalar(object? value) => value switch
        {
            Money m => m.Value,
            OptionSetValue o => o.Value,
            EntityReference r => r.Id,
            AliasedValue a => Scalar(a.Value),
            _ => value,
        };

        protected static decimal? Number(object? value) => Scalar(value) switch
        {
            int i => i,
            long l => l,
            decimal d => d,
            double d when !double.IsNaN(d) && !double.IsInfinity(d) => (decimal)d,
            _ => null,
        };
    }

    internal sealed record NullValue : ScenarioValue
    {
        public override string Text => "null";
        public override object? ToSdk(IAliasResolver aliases) => null;
        public override bool Matches(object? actual, IAliasResolver aliases) =>
            actual == null || (actual is string s && s.Length == 0) || (actual is OptionSetValueCollection c && c.Count == 0);
    }

    internal sealed record TextValue(string Value) : ScenarioValue
    {
        public override string Text => "\"" + Value + "\"";
        public override object? ToSdk(IAliasResolver aliases) => Value;
        public override bool Matches(object? actual, IAliasResolver aliases) => actual is string s && string.Equals(s, Value, StringComparison.Ordinal);
    }

    internal enum NumberKind { Whole, BigWhole, Decimal, Double, Money }

    internal sealed record NumberValue(decimal Value, NumberKind Kind) : ScenarioValue
    {
        public override string Text => Value.ToString(CultureInfo.InvariantCulture);

        public override object? ToSdk(IAliasResolver aliases) => Kind switch
        {
            NumberKind.Whole => (int)Value,
            NumberKind.BigWhole => (long)Value,
            NumberKind.Double => (double)Value,
            NumberKind.Money => new Money(Value),
            _ => Value,
        };

        public override bool Matches(object? actual, IAliasResolver aliases) => Number(actual) is { } n && n == Value;
    }

    internal sealed record BoolValue(bool Value) : ScenarioValue
    {
        public override string Text => Value ? "true" : "false";
        public override object? ToSdk(IAliasResolver aliases) => Value;
        public override bool Matches(object? actual, IAliasResolver aliases) => actual is bool b && b == Value;
    }

    /// <summary>A date (matches any time of that day, UTC) or a date and time (matches exactly).</summary>
    internal sealed record DateValue(DateTime Value, bool DateOnly) : ScenarioValue
    {
        public override string Text => DateOnly ? Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        public override object? ToSdk(IAliasResolver aliases) => Value;
        public override bool Matches(object? actual, IAliasResolver aliases) => actual is DateTime d && (DateOnly ? d.Date == Value.Date : d == Value);
    }

    /// <summary>A choice, statecode or statuscode: its option value, and the label it was written as.</summary>
    internal sealed record ChoiceValue(int Value, string Written) : ScenarioValue
    {
        public override string Text => Written;
        public override object? ToSdk(IAliasResolver aliases) => new OptionSetValue(Value);
        public override bool Matches(object? actual, IAliasResolver aliases) => Scalar(actual) is int i && i == Value;
    }

    internal sealed record ChoicesValue(IReadOnlyList<int> Values, string Written) : ScenarioValue
    {
        public override string Text => Written;
        public override object? ToSdk(IAliasResolver aliases) => new OptionSetValueCollection(Values.Select(v => new OptionSetValue(v)).ToList());
        public override bool Matches(object? actual, IAliasResolver aliases) =>
            actual is OptionSetValueCollection c && c.Select(o => o.Value).OrderBy(v => v).SequenceEqual(Values.OrderBy(v => v));
    }

    /// <summary>"@alias": a lookup to a user, team or record of the scenario.</summary>
    internal sealed record ReferenceValue(string Alias) : ScenarioValue
    {
        public override string Text => "@" + Alias;
        public override object? ToSdk(IAliasResolver aliases) => aliases.Reference(Alias);
        public override bool Matches(object? actual, IAliasResolver aliases) =>
            Scalar(actual) is Guid id && id == aliases.Reference(Alias).Id;
    }

    /// <summary>A unique identifier column: a GUID written out, or "@alias" for the id of a record of the scenario.</summary>
    internal sealed record IdValue(Guid? Value, string? Alias) : ScenarioValue
    {
        public override string Text => Alias != null ? "@" + Alias : Value!.Value.ToString("D");
        public override object? ToSdk(IAliasResolver aliases) => Alias != null ? aliases.Reference(Alias).Id : Value!.Value;
        public override bool Matches(object? actual, IAliasResolver aliases) => Scalar(actual) is Guid id && id == (Guid)ToSdk(aliases)!;
    }

    /// <summary>A problem met while a step runs that makes the step fail (not the file invalid): e.g. an alias whose create was refused.</summary>
    internal sealed class StepFailure : Exception
    {
        public StepFailure(string message) : base(message) { }
    }
}
