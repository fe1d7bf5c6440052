using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Mci.Emulator.Metadata;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator
{
    /// <summary>
    /// Turns loosely typed values (from JSON scenario files or a command line) into the SDK types a column
    /// takes, using the solution's metadata: numbers → int/decimal/double/Money, a choice's value or label
    /// (English or Chinese) → OptionSetValue, "table:guid" or a bare Guid (single-target lookup) → EntityReference,
    /// ISO text → DateTime, true/false → bool. A value it cannot read is passed on unchanged, so the emulator
    /// refuses it exactly as Dataverse would refuse the wrong type.
    /// </summary>
    public static class TypedValues
    {
        public static Entity Entity(SolutionMetadata metadata, string table, IEnumerable<KeyValuePair<string, object?>> values, Guid? id = null)
        {
            var t = metadata.Table(table) ?? throw new ArgumentException($"Unknown table '{table}'.", nameof(table));
            var e = new Entity(t.LogicalName, id ?? Guid.Empty);
            foreach (var (name, value) in values) e[name] = t.Column(name) is { } column ? Convert(column, value) : Unwrap(value);
            return e;
        }

        public static object? Convert(ColumnMetadata column, object? value)
        {
            value = Unwrap(value);
            if (value == null) return null;
            var text = value as string;
            try
            {
                switch (column.Type)
                {
                    case ColumnType.Integer when IsNumber(value): return System.Convert.ToInt32(value, CultureInfo.InvariantCulture);
                    case ColumnType.BigInt when IsNumber(value): return System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    case ColumnType.Decimal when IsNumber(value): return System.Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                    case ColumnType.Double when IsNumber(value): return System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    case ColumnType.Money when IsNumber(value): return new Money(System.Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                    case ColumnType.Boolean when text is "true" or "false": return text == "true";
                    case ColumnType.DateTime when text != null:
                        return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                    case ColumnType.Picklist or ColumnType.State or ColumnType.Status:
                        if (IsNumber(value)) return new OptionSetValue(System.Convert.ToInt32(value, CultureInfo.InvariantCulture));
                        if (text != null && column.OptionSet?.Options.FirstOrDefault(o => o.Labels.Values.Any(l => string.Equals(l, text, StringComparison.OrdinalIgnoreCase))) is { } option)
                            return new OptionSetValue(option.Value);
                        break;
                    case ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner:
                        if (text?.Split(':') is [var target, var guid] && Guid.TryParse(guid, out var gid)) return new EntityReference(target, gid);
                        var single = column.Targets.Count == 1 ? column.Targets[0] : null;
                        if (single != null && value is Guid g) return new EntityReference(single, g);
                        if (single != null && Guid.TryParse(text, out var parsed)) return new EntityReference(single, parsed);
                        break;
                    case ColumnType.UniqueIdentifier or ColumnType.PrimaryKey when text != null && Guid.TryParse(text, out var u):
                        return u;
                }
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                return value;
            }
            return value;
        }

        private static bool IsNumber(object value) => value is int or long or decimal or double or float or short;

        /// <summary>JsonElement (System.Text.Json) → string, number or bool.</summary>
        private static object? Unwrap(object? value) => value is JsonElement j ? j.ValueKind switch
        {
            JsonValueKind.String => j.GetString(),
            JsonValueKind.Number => j.TryGetInt32(out var i) ? i : j.GetDecimal(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => j.GetRawText(),
        } : value;
    }
}
