using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mci.Emulator.Metadata;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Store
{
    /// <summary>
    /// Checks a value against its column the way Dataverse does before it stores it, and returns the value as it
    /// is stored (a copy; decimals and money rounded to the column's precision, date-only columns without time).
    /// Every refusal is a fault with Dataverse's wording; nothing is stored when one column is refused.
    /// </summary>
    internal sealed class AttributeValidator
    {
        private static readonly DateTime MinDate = new(1753, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private readonly EnvironmentMetadata _metadata;
        private readonly DataStore _store;

        public AttributeValidator(EnvironmentMetadata metadata, DataStore store)
        {
            _metadata = metadata;
            _store = store;
        }

        public object? Normalize(TableDefinition table, ColumnDefinition column, object? value)
        {
            if (value == null)
            {
                if (column.RequiredLevel == RequiredLevel.SystemRequired && column.Type != ColumnType.PrimaryKey)
                    throw Faults.Create(ErrorCodes.InvalidArgument, $"Attribute '{column.LogicalName}' of entity '{table.LogicalName}' cannot be set to NULL.");
                return null;
            }
            switch (column.Type)
            {
                case ColumnType.String:
                case ColumnType.Memo:
                    var s = Expect<string>(column, value);
                    if (column.MaxLength is { } max && s.Length > max)
                        throw Faults.Create(ErrorCodes.ValidationError, $"A validation error occurred. The length of the '{column.LogicalName}' attribute of the '{table.LogicalName}' entity exceeded the maximum allowed length of '{max}'.");
                    return s;
                case ColumnType.Integer:
                    var i = Expect<int>(column, value);
                    Range(table, column, i);
                    return i;
                case ColumnType.BigInt:
                    return Expect<long>(column, value);
                case ColumnType.Decimal:
                    var d = Round(column, Expect<decimal>(column, value));
                    Range(table, column, d);
                    return d;
                case ColumnType.Money:
                    var m = Round(column, Expect<Money>(column, value).Value);
                    Range(table, column, m);
                    return new Money(m);
                case ColumnType.Double:
                    var dbl = Expect<double>(column, value);
                    if (double.IsNaN(dbl) || double.IsInfinity(dbl)) throw Faults.InvalidArgument($"Attribute '{column.LogicalName}': {dbl} is not a number Dataverse can store.");
                    Range(table, column, (decimal)Math.Round(dbl, 10));
                    return dbl;
                case ColumnType.Boolean:
                    return Expect<bool>(column, value);
                case ColumnType.DateTime:
                    var dt = Expect<DateTime>(column, value);
                    dt = dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : DateTime.SpecifyKind(dt, DateTimeKind.Utc);
                    if (dt < MinDate) throw Faults.Create(ErrorCodes.ValidationError, $"The date-time format is invalid, or value is outside the supported range. Attribute: {column.LogicalName}, value: {dt:O}.");
                    return column.DateOnly ? dt.Date : dt;
                case ColumnType.Picklist:
                case ColumnType.State:
                case ColumnType.Status:
                    var o = Expect<OptionSetValue>(column, value);
                    Choice(table, column, o.Value);
                    return new OptionSetValue(o.Value);
                case ColumnType.MultiSelectPicklist:
                    var c = Expect<OptionSetValueCollection>(column, value);
                    foreach (var v in c) Choice(table, column, v.Value);
                    return Values.Copy(c);
                case ColumnType.Lookup:
                case ColumnType.Customer:
                case ColumnType.Owner:
                    var r = Expect<EntityReference>(column, value);
                    return Reference(table, column, r);
                case ColumnType.UniqueIdentifier:
                case ColumnType.PrimaryKey:
                    return value is EntityReference er ? er.Id : Expect<Guid>(column, value);
                case ColumnType.EntityName:
                    var name = Expect<string>(column, value);
                    if (_metadata.Table(name) == null) throw Faults.UnknownTable(name);
                    return name;
                default:
                    throw Faults.InvalidArgument($"Attribute '{column.LogicalName}' of entity '{table.LogicalName}' is read-only.");
            }
        }

        private EntityReference Reference(TableDefinition table, ColumnDefinition column, EntityReference r)
        {
            if (string.IsNullOrEmpty(r.LogicalName)) throw Faults.InvalidArgument($"Attribute '{column.LogicalName}': the EntityReference has no LogicalName.");
            var target = _metadata.Table(r.LogicalName) ?? throw Faults.UnknownTable(r.LogicalName);
            if (column.Targets.Count > 0 && !column.Targets.Contains(r.LogicalName))
            {
                // A note or an activity about a table that has notes/activities disabled: Dataverse has no relationship for it
                // (the Web API calls the bind "an undeclared property 'objectid_<table>'", 0x80048d19). The SDK's text is not
                // published: the emulator says what to change.
                var disabled = (table.LogicalName, column.LogicalName) switch
                {
                    ("annotation", "objectid") when !target.HasNotes => "notes",
                    (_, "regardingobjectid") when !target.HasActivities => "activities",
                    _ => null,
                };
                if (disabled != null)
                    throw Faults.InvalidArgument($"The lookup attribute '{column.LogicalName}' of entity '{table.LogicalName}' cannot point to a '{r.LogicalName}' record: " +
                                                 $"the table '{r.LogicalName}' does not have {disabled} enabled (Entity.xml <HasRelated{(disabled == "notes" ? "Notes" : "Activities")}>True</HasRelated{(disabled == "notes" ? "Notes" : "Activities")}>).");
                throw Faults.InvalidArgument($"The lookup attribute '{column.LogicalName}' of entity '{table.LogicalName}' cannot point to a '{r.LogicalName}' record; it accepts {string.Join(", ", column.Targets)}.");
            }
            if (r.Id == Guid.Empty) throw Faults.InvalidArgument($"Attribute '{column.LogicalName}': the EntityReference to '{r.LogicalName}' has an empty Id.");
            if (!_store.Exists(target.LogicalName, r.Id)) throw Faults.DoesNotExist(r.LogicalName, r.Id);
            return new EntityReference(r.LogicalName, r.Id);
        }

        private static T Expect<T>(ColumnDefinition column, object value)
        {
            if (value is T t) return t;
            throw Faults.Create(ErrorCodes.InvalidArgument, $"Incorrect attribute value type {value.GetType().FullName} for attribute '{column.LogicalName}' (expected {typeof(T).FullName}).");
        }

        private static decimal Round(ColumnDefinition column, decimal value) =>
            column.Precision is { } p ? Math.Round(value, Math.Clamp(p, 0, 10), MidpointRounding.AwayFromZero) : value;

        private static void Range(TableDefinition table, ColumnDefinition column, decimal value)
        {
            if ((column.MinValue is { } min && value < min) || (column.MaxValue is { } max && value > max))
                throw Faults.Create(ErrorCodes.ValidationError, string.Create(CultureInfo.InvariantCulture,
                    $"A validation error occurred. The value {value} of '{column.LogicalName}' on record of type '{table.LogicalName}' is outside the valid range. Accepted Range: {column.MinValue} to {column.MaxValue}."));
        }

        private static void Choice(TableDefinition table, ColumnDefinition column, int value)
        {
            var options = column.Choice?.Options;
            if (options == null || options.Count == 0) return;
            if (options.All(o => o.Value != value))
                throw Faults.Create(ErrorCodes.ValidationError, string.Create(CultureInfo.InvariantCulture,
                    $"A validation error occurred. The value {value} of '{column.LogicalName}' on record of type '{table.LogicalName}' is outside the valid range. Accepted Values: {string.Join(",", options.Select(o => o.Value))}."));
        }
    }
}
