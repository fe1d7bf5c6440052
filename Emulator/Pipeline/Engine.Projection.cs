using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Security;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    internal sealed partial class Engine
    {
        /// <summary>
        /// A row as a caller sees it: only the asked-for columns that have a value (plus the primary key), secured
        /// columns only with read permission, lookups carrying the primary name, and formatted values of choices,
        /// yes/no and lookups in the user's language.
        /// </summary>
        internal Entity Project(TableDefinition table, Guid id, IReadOnlyDictionary<string, object?> row, ColumnSet columns, Principal principal)
        {
            var names = columns.AllColumns ? table.Columns.Keys : columns.Columns;
            var entity = new Entity(table.LogicalName, id) { RowVersion = (row.GetValueOrDefault("versionnumber") as long?)?.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            entity[table.PrimaryIdAttribute] = id;
            foreach (var name in names.Distinct())
            {
                var column = table.Column(name) ?? throw Faults.UnknownColumn(table.LogicalName, name);
                if (name == table.PrimaryIdAttribute || !column.ValidForRead) continue;
                if (row.GetValueOrDefault(name) is not { } value) continue;
                if (!Security.CanReadColumn(principal, table.LogicalName, name)) continue;
                entity[name] = WithName(Values.Copy(value));
                if (Formatted(column, entity[name], principal.LanguageId) is { } text) entity.FormattedValues[name] = text;
            }
            return entity;
        }

        /// <summary>Lookups read from the store carry the referenced record's primary name, as Dataverse returns them.</summary>
        internal object? WithName(object? value)
        {
            if (value is EntityReference r && Metadata.Table(r.LogicalName) is { PrimaryNameAttribute: { } nameColumn })
                r.Name = Store.Get(r.LogicalName, r.Id)?.GetValueOrDefault(nameColumn) as string;
            return value;
        }

        internal static string? Formatted(ColumnDefinition column, object? value, int language) => value switch
        {
            OptionSetValue o => column.Choice?.Find(o.Value)?.Label(language),
            bool b => column.Choice?.Find(b ? 1 : 0)?.Label(language) ?? (b ? "Yes" : "No"),
            EntityReference r => r.Name,
            _ => null,
        };
    }
}
