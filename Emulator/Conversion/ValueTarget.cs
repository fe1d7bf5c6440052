using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mci.Emulator.Metadata;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Conversion
{
    /// <summary>What a value is converted to: the SDK types a column or an argument takes.</summary>
    public enum ValueKind
    {
        Text, Whole, BigWhole, Decimal, Double, Money, YesNo, Date, Choice, Choices, Lookup, Id, TableName,
        /// <summary>A column or argument type no loose value converts to (images, files, virtual columns...).</summary>
        Unsupported,
    }

    /// <summary>
    /// Where a value goes: a table's column or a typed argument (a workflow activity's, a custom API's), with what the
    /// strict conversion needs to know: the kind, the range of its type, its choice labels, the tables a lookup may
    /// point to, and the words that name it in messages.
    /// </summary>
    public sealed class ValueTarget
    {
        private ValueTarget(string what, ValueKind kind, string typeName, bool isColumn, Type? sdkType)
        {
            What = what;
            Kind = kind;
            TypeName = typeName;
            IsColumn = isColumn;
            SdkType = sdkType;
        }

        /// <summary>How messages name it: "opportunity.estimatedvalue", "argument Amount".</summary>
        public string What { get; }

        public ValueKind Kind { get; }

        /// <summary>The column type (Money, Integer...) or the argument's type name (Decimal, Int32...).</summary>
        public string TypeName { get; }

        public bool IsColumn { get; }

        /// <summary>The SDK type of the value; a value of exactly this type is taken as given (C# callers).</summary>
        public Type? SdkType { get; }

        /// <summary>For a lookup: the tables it may point to (empty = any); for an id: the table whose ids it holds (or empty).</summary>
        public IReadOnlyList<string> Targets { get; private init; } = Array.Empty<string>();

        /// <summary>For a choice: the options whose English labels may be written instead of their numbers.</summary>
        public Choice? Options { get; private init; }

        /// <summary>For a table-name column: the tables there are.</summary>
        public IReadOnlyCollection<string> KnownTables { get; private init; } = Array.Empty<string>();

        /// <summary>For a number: the range its type holds (Dataverse's supported range for a column; the .NET type's for an argument).</summary>
        public (decimal Min, decimal Max)? Range { get; private init; }

        /// <summary>"a money column", "an Int32": what the range belongs to, in messages.</summary>
        internal string RangeOwner => IsColumn ? $"a {ColumnTypeWords} column" : $"{(TypeName.Length > 0 && "AEIOU".Contains(TypeName[0]) ? "an" : "a")} {TypeName}";

        private string ColumnTypeWords => Kind switch
        {
            ValueKind.Whole => "whole number",
            ValueKind.BigWhole => "big integer",
            ValueKind.Decimal => "decimal",
            ValueKind.Double => "float",
            ValueKind.Money => "money",
            _ => TypeName,
        };

        // Dataverse's supported ranges (IntegerAttributeMetadata.MinSupportedValue and the like).
        private static readonly (decimal, decimal) IntegerRange = (int.MinValue, int.MaxValue);
        private static readonly (decimal, decimal) BigIntRange = (long.MinValue, long.MaxValue);
        private static readonly (decimal, decimal) DecimalColumnRange = (-100_000_000_000m, 100_000_000_000m);
        private static readonly (decimal, decimal) DoubleColumnRange = (-100_000_000_000m, 100_000_000_000m);
        private static readonly (decimal, decimal) MoneyColumnRange = (-922_337_203_685_477m, 922_337_203_685_477m);
        private static readonly (decimal, decimal) ExactRange = (decimal.MinValue, decimal.MaxValue);

        /// <summary>A column of a table; <paramref name="metadata"/> gives the known tables of a table-name column.</summary>
        public static ValueTarget Column(TableDefinition table, ColumnDefinition column, EnvironmentMetadata? metadata = null)
        {
            var (kind, sdkType) = column.Type switch
            {
                ColumnType.String or ColumnType.Memo => (ValueKind.Text, typeof(string)),
                ColumnType.Integer => (ValueKind.Whole, typeof(int)),
                ColumnType.BigInt => (ValueKind.BigWhole, typeof(long)),
                ColumnType.Decimal => (ValueKind.Decimal, typeof(decimal)),
                ColumnType.Double => (ValueKind.Double, typeof(double)),
                ColumnType.Money => (ValueKind.Money, typeof(Money)),
                ColumnType.Boolean => (ValueKind.YesNo, typeof(bool)),
                ColumnType.DateTime => (ValueKind.Date, typeof(DateTime)),
                ColumnType.Picklist or ColumnType.State or ColumnType.Status => (ValueKind.Choice, typeof(OptionSetValue)),
                ColumnType.MultiSelectPicklist => (ValueKind.Choices, typeof(OptionSetValueCollection)),
                ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner => (ValueKind.Lookup, typeof(EntityReference)),
                ColumnType.PrimaryKey or ColumnType.UniqueIdentifier => (ValueKind.Id, typeof(Guid)),
                ColumnType.EntityName => (ValueKind.TableName, typeof(string)),
                _ => (ValueKind.Unsupported, (Type?)null),
            };
            return new ValueTarget($"{table.LogicalName}.{column.LogicalName}", kind, column.Type.ToString(), isColumn: true, sdkType)
            {
                Targets = column.Type == ColumnType.PrimaryKey ? new[] { table.LogicalName } : column.IsLookup ? column.Targets : Array.Empty<string>(),
                Options = column.Choice,
                KnownTables = kind == ValueKind.TableName && metadata != null ? metadata.Tables.Keys.ToList() : Array.Empty<string>(),
                Range = kind switch
                {
                    ValueKind.Whole => IntegerRange,
                    ValueKind.BigWhole => BigIntRange,
                    ValueKind.Decimal => DecimalColumnRange,
                    ValueKind.Double => DoubleColumnRange,
                    ValueKind.Money => MoneyColumnRange,
                    _ => null,
                },
            };
        }

        /// <summary>
        /// A typed argument (a workflow activity's In/Out argument, a custom API's parameter), named in messages as
        /// <paramref name="what"/> ("argument Amount"). <paramref name="referenceTarget"/>: the table an EntityReference
        /// points to ([ReferenceTarget]); <paramref name="options"/>: the choice an OptionSetValue takes ([AttributeTarget]).
        /// </summary>
        public static ValueTarget Typed(string what, Type type, string? referenceTarget = null, Choice? options = null)
        {
            var kind = type == typeof(string) ? ValueKind.Text
                : type == typeof(int) ? ValueKind.Whole
                : type == typeof(long) ? ValueKind.BigWhole
                : type == typeof(decimal) ? ValueKind.Decimal
                : type == typeof(double) ? ValueKind.Double
                : type == typeof(Money) ? ValueKind.Money
                : type == typeof(bool) ? ValueKind.YesNo
                : type == typeof(DateTime) ? ValueKind.Date
                : type == typeof(OptionSetValue) ? ValueKind.Choice
                : type == typeof(EntityReference) ? ValueKind.Lookup
                : type == typeof(Guid) ? ValueKind.Id
                : ValueKind.Unsupported;
            return new ValueTarget(what, kind, type.Name, isColumn: false, type)
            {
                Targets = referenceTarget is { Length: > 0 } t ? new[] { t } : Array.Empty<string>(),
                Options = options,
                Range = kind switch
                {
                    ValueKind.Whole => IntegerRange,
                    ValueKind.BigWhole => BigIntRange,
                    ValueKind.Decimal or ValueKind.Double or ValueKind.Money => ExactRange,
                    _ => null,
                },
            };
        }

        internal static string Format(decimal value) => value.ToString("N0", CultureInfo.InvariantCulture);

        public override string ToString() => $"{What} ({Kind})";
    }
}
