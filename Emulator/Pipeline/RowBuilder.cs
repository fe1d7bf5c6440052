using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    /// <summary>What Create and Update store: the validated row, the platform's columns, owner, state and money base values.</summary>
    internal static class RowBuilder
    {
        /// <summary>Columns the platform maintains: values a caller sends for them are replaced.</summary>
        public static readonly HashSet<string> PlatformColumns = new(StringComparer.Ordinal)
        {
            "createdon", "createdby", "modifiedon", "modifiedby", "createdonbehalfby", "modifiedonbehalfby",
            "owninguser", "owningteam", "owningbusinessunit", "versionnumber", "timezoneruleversionnumber", "utcconversiontimezonecode", "importsequencenumber", "overriddencreatedon",
        };

        /// <summary>
        /// The stored values for a Create (existing == null) or the changed values for an Update, validated column
        /// by column. Platform columns are set here, not taken from the caller.
        /// </summary>
        public static Dictionary<string, object?> Build(Engine engine, TableDefinition table, Entity target, Guid id, IReadOnlyDictionary<string, object?>? existing, Operation op)
        {
            var create = existing == null;
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, value) in target.Attributes)
            {
                var column = table.Column(name) ?? throw Faults.UnknownColumn(table.LogicalName, name);
                if (PlatformColumns.Contains(name) || column.LogicalName.EndsWith("_base", StringComparison.Ordinal) && column.Type == ColumnType.Money && !column.ValidForCreate) continue;
                if (column.Type == ColumnType.PrimaryKey)
                {
                    if (value is Guid g && g == id) continue;
                    throw Faults.InvalidArgument($"The primary key {name} ({Values.Describe(value)}) does not match the record id {id:D}.");
                }
                var stateColumn = column.Type is ColumnType.State or ColumnType.Status;
                if (!stateColumn && (create ? !column.ValidForCreate : !column.ValidForUpdate))
                    throw Faults.InvalidArgument($"Attribute '{name}' of entity '{table.LogicalName}' cannot be set on {(create ? "Create" : "Update")}.");
                row[name] = engine.Validator.Normalize(table, column, value);
            }
            if (create)
            {
                row[table.PrimaryIdAttribute] = id;
                if (table.Column("createdon") != null) row["createdon"] = op.CreatedOn;
                if (table.Column("createdby") != null) row["createdby"] = new EntityReference("systemuser", op.Site.UserId);
                if (table.Column("modifiedon") != null) row["modifiedon"] = op.CreatedOn;
                if (table.Column("modifiedby") != null) row["modifiedby"] = new EntityReference("systemuser", op.Site.UserId);
                foreach (var c in table.Columns.Values.Where(c => c.DefaultBoolean.HasValue && !row.ContainsKey(c.LogicalName))) row[c.LogicalName] = c.DefaultBoolean!.Value;
            }
            if (row.TryGetValue("ownerid", out var o) && o is EntityReference owner)
                foreach (var kv in OwningColumns(engine, owner)) row[kv.Key] = kv.Value;
            StateAndStatus(table, id, row, existing);
            foreach (var money in row.Where(r => r.Value is Money or null && table.Column(r.Key)?.Type == ColumnType.Money).ToList())
                if (table.Column(money.Key + "_base") != null) row[money.Key + "_base"] = Values.Copy(money.Value);
            return row;
        }

        public static Dictionary<string, object?> OwningColumns(Engine engine, EntityReference owner)
        {
            var ownerRow = engine.Store.Get(owner.LogicalName, owner.Id) ?? throw Faults.DoesNotExist(owner.LogicalName, owner.Id);
            var unit = ownerRow.GetValueOrDefault("businessunitid") as EntityReference ?? new EntityReference("businessunit", engine.RootBusinessUnitId);
            return new Dictionary<string, object?>
            {
                ["owningbusinessunit"] = new EntityReference("businessunit", unit.Id),
                ["owninguser"] = owner.LogicalName == "systemuser" ? new EntityReference("systemuser", owner.Id) : null,
                ["owningteam"] = owner.LogicalName == "team" ? new EntityReference("team", owner.Id) : null,
            };
        }

        /// <summary>statecode and statuscode stay a valid pair: a status implies its state, a state alone takes its default status.</summary>
        private static void StateAndStatus(TableDefinition table, Guid id, Dictionary<string, object?> row, IReadOnlyDictionary<string, object?>? existing)
        {
            var stateColumn = table.Column("statecode");
            var statusColumn = table.Column("statuscode");
            if (stateColumn?.Choice == null || statusColumn?.Choice == null) return;
            var state = row.GetValueOrDefault("statecode") as OptionSetValue;
            var status = row.GetValueOrDefault("statuscode") as OptionSetValue;
            if (state == null && status == null) return;
            if (status != null)
            {
                var statusState = statusColumn.Choice.Find(status.Value)?.State;
                if (state == null && statusState != null) row["statecode"] = new OptionSetValue(statusState.Value);
                else if (state != null && statusState != null && statusState != state.Value)
                {
                    var label = stateColumn.Choice.Find(state.Value)?.Label() ?? state.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    throw Faults.Create(ErrorCodes.InvalidState, $"{status.Value} is not a valid status code for state code {table.LogicalName}State.{label} on {table.LogicalName} with Id {id:D}.");
                }
            }
            else if (state != null && (existing == null || !Values.Same(existing.GetValueOrDefault("statecode"), state)))
            {
                var defaultStatus = stateColumn.Choice.Find(state.Value)?.DefaultStatus;
                if (defaultStatus != null) row["statuscode"] = new OptionSetValue(defaultStatus.Value);
            }
        }

        /// <summary>Optimistic concurrency: ConcurrencyBehavior.IfRowVersionMatches needs the caller's RowVersion to be the stored one.</summary>
        public static void RequireRowVersion(ParameterCollection input, string? rowVersion, IReadOnlyDictionary<string, object?> existing)
        {
            if (!input.TryGetValue("ConcurrencyBehavior", out var b) || b is not ConcurrencyBehavior.IfRowVersionMatches) return;
            var current = (existing.GetValueOrDefault("versionnumber") as long?)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(rowVersion)) throw Faults.InvalidArgument("ConcurrencyBehavior IfRowVersionMatches needs the RowVersion of the record.");
            if (rowVersion != current) throw Faults.Create(ErrorCodes.ConcurrencyVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
        }

        /// <summary>The records a Create or Update now points at through its lookups (Append/AppendTo are checked on them);
        /// owner and currency are not (Assign and the currency's own rules cover them).</summary>
        public static IReadOnlyList<EntityReference> NewReferences(TableDefinition table, Entity target) =>
            target.Attributes
                .Where(a => a.Value is EntityReference && !PlatformColumns.Contains(a.Key) && a.Key is not ("ownerid" or "transactioncurrencyid") && table.Column(a.Key)?.IsLookup == true)
                .Select(a => (EntityReference)a.Value!).ToList();
    }
}
