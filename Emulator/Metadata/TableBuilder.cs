using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Emulator.Metadata
{
    /// <summary>Compact way to declare the standard tables in code (StandardTables) and test tables.</summary>
    internal sealed class TableBuilder
    {
        /// <summary>Lookup target meaning "any table that can be regarding/own notes": resolved after loading.</summary>
        public const string AnyTable = "*";

        private readonly List<(string Column, string Target, CascadeType Cascade)> _lookups = new();

        public TableBuilder(string logicalName, string primaryId, string? primaryName, OwnershipType ownership, int objectTypeCode, string english, string? chinese)
        {
            Table = new TableMetadata(logicalName, primaryId, primaryName, ownership, objectTypeCode)
            {
                SchemaName = logicalName,
                DisplayNames = Labels(english, chinese),
            };
            Table.AddOrReplace(new ColumnMetadata(primaryId, ColumnType.PrimaryKey) { RequiredLevel = RequiredLevel.SystemRequired, ValidForUpdate = false });
        }

        public TableMetadata Table { get; }
        public IReadOnlyList<(string Column, string Target, CascadeType Cascade)> LookupTargets => _lookups;

        public static IReadOnlyDictionary<int, string> Labels(string english, string? chinese = null)
        {
            var d = new Dictionary<int, string> { [1033] = english };
            if (chinese != null) d[2052] = chinese;
            return d;
        }

        public TableBuilder Text(string name, int maxLength, RequiredLevel required = RequiredLevel.None, string? label = null) =>
            Add(new ColumnMetadata(name, ColumnType.String) { MaxLength = maxLength, RequiredLevel = required, DisplayNames = Labels(label ?? name) });

        public TableBuilder Memo(string name, int maxLength, string? label = null) =>
            Add(new ColumnMetadata(name, ColumnType.Memo) { MaxLength = maxLength, DisplayNames = Labels(label ?? name) });

        public TableBuilder Int(string name, int min = int.MinValue, int max = int.MaxValue, RequiredLevel required = RequiredLevel.None, bool readOnly = false) =>
            Add(new ColumnMetadata(name, ColumnType.Integer) { MinValue = min, MaxValue = max, RequiredLevel = required, ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = Labels(name) });

        public TableBuilder BigInt(string name, bool readOnly) =>
            Add(new ColumnMetadata(name, ColumnType.BigInt) { ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = Labels(name) });

        public TableBuilder Money(string name, decimal min = -922337203685477m, decimal max = 922337203685477m, string? label = null) =>
            Add(new ColumnMetadata(name, ColumnType.Money) { Precision = 2, MinValue = min, MaxValue = max, DisplayNames = Labels(label ?? name) });

        public TableBuilder Decimal(string name, int precision, decimal min, decimal max) =>
            Add(new ColumnMetadata(name, ColumnType.Decimal) { Precision = precision, MinValue = min, MaxValue = max, DisplayNames = Labels(name) });

        public TableBuilder Bool(string name, bool defaultValue, bool readOnly = false) =>
            Add(new ColumnMetadata(name, ColumnType.Boolean)
            {
                DefaultBoolean = defaultValue, ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = Labels(name),
                OptionSet = new OptionSetMetadata(name, false, new[] { Option(0, "No", "否"), Option(1, "Yes", "是") }),
            });

        public TableBuilder Date(string name, bool dateOnly, bool readOnly = false, string? label = null) =>
            Add(new ColumnMetadata(name, ColumnType.DateTime) { DateOnly = dateOnly, ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = Labels(label ?? name) });

        public TableBuilder EntityName(string name) =>
            Add(new ColumnMetadata(name, ColumnType.EntityName) { DisplayNames = Labels(name) });

        public TableBuilder Lookup(string name, string target, CascadeType cascadeDelete = CascadeType.RemoveLink, RequiredLevel required = RequiredLevel.None, bool readOnly = false, ColumnType type = ColumnType.Lookup) =>
            Lookup(name, new[] { target }, cascadeDelete, required, readOnly, type);

        public TableBuilder Lookup(string name, string[] targets, CascadeType cascadeDelete = CascadeType.RemoveLink, RequiredLevel required = RequiredLevel.None, bool readOnly = false, ColumnType type = ColumnType.Lookup)
        {
            foreach (var t in targets) _lookups.Add((name, t, cascadeDelete));
            return Add(new ColumnMetadata(name, type) { RequiredLevel = required, ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = Labels(name) });
        }

        public TableBuilder Choice(string name, params OptionMetadata[] options) =>
            Add(new ColumnMetadata(name, ColumnType.Picklist) { OptionSet = new OptionSetMetadata(Table.LogicalName + "_" + name, false, options), DisplayNames = Labels(name) });

        /// <summary>statecode/statuscode pair. states: (value, label, defaultStatus); statuses: (value, label, state).</summary>
        public TableBuilder StateAndStatus((int Value, string Label, int DefaultStatus)[] states, (int Value, string Label, int State)[] statuses)
        {
            Add(new ColumnMetadata("statecode", ColumnType.State)
            {
                RequiredLevel = RequiredLevel.SystemRequired, ValidForCreate = false, DisplayNames = Labels("Status", "状态"),
                OptionSet = new OptionSetMetadata(Table.LogicalName + "_statecode", false, states.Select(s => new OptionMetadata(s.Value, Labels(s.Label), DefaultStatus: s.DefaultStatus)).ToArray()),
            });
            return Add(new ColumnMetadata("statuscode", ColumnType.Status)
            {
                DisplayNames = Labels("Status Reason", "状态原因"),
                OptionSet = new OptionSetMetadata(Table.LogicalName + "_statuscode", false, statuses.Select(s => new OptionMetadata(s.Value, Labels(s.Label), State: s.State)).ToArray()),
            });
        }

        public TableBuilder ActiveInactive() =>
            StateAndStatus(new[] { (0, "Active", 1), (1, "Inactive", 2) }, new[] { (1, "Active", 0), (2, "Inactive", 1) });

        /// <summary>createdon/by, modifiedon/by, versionnumber; plus owner columns for user- and team-owned tables.</summary>
        public TableBuilder SystemColumns()
        {
            Date("createdon", false, readOnly: true, label: "Created On");
            Lookup("createdby", "systemuser", CascadeType.NoCascade, readOnly: true);
            Date("modifiedon", false, readOnly: true, label: "Modified On");
            Lookup("modifiedby", "systemuser", CascadeType.NoCascade, readOnly: true);
            BigInt("versionnumber", readOnly: true);
            if (Table.Ownership == OwnershipType.UserOwned)
            {
                Lookup("ownerid", new[] { "systemuser", "team" }, CascadeType.NoCascade, RequiredLevel.SystemRequired, type: ColumnType.Owner);
                Lookup("owninguser", "systemuser", CascadeType.NoCascade, readOnly: true);
                Lookup("owningteam", "team", CascadeType.NoCascade, readOnly: true);
                Lookup("owningbusinessunit", "businessunit", CascadeType.NoCascade, readOnly: true);
            }
            return this;
        }

        public static OptionMetadata Option(int value, string english, string? chinese = null) => new(value, Labels(english, chinese));

        private TableBuilder Add(ColumnMetadata column)
        {
            Table.AddOrReplace(column);
            return this;
        }
    }
}
