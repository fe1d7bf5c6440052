using System.Collections.Generic;
using System.Linq;

namespace Mci.SolutionModel
{
    /// <summary>Compact way to declare the platform's standard tables in code (<see cref="PlatformTables"/>) as the same
    /// records a solution's tables are read into.</summary>
    internal sealed class TableBuilder
    {
        private readonly Dictionary<string, ColumnDefinition> _columns = new();
        private readonly List<PlatformLookup> _lookups = new();
        private TableDefinition _table;

        public TableBuilder(string logicalName, string primaryId, string? primaryName, TableOwnership ownership, int objectTypeCode, string english, string? chinese,
            string providedBy = PlatformTables.System, string? privilegeName = null)
        {
            _table = new TableDefinition(logicalName)
            {
                SchemaName = logicalName,
                PrimaryIdAttribute = primaryId,
                PrimaryNameAttribute = primaryName,
                Ownership = ownership,
                ObjectTypeCode = objectTypeCode,
                DisplayNames = LocalizedText.Of(english, chinese),
                ProvidedBy = providedBy,
                PrivilegeName = privilegeName ?? logicalName,
                Source = "platform",
            };
            Add(new ColumnDefinition(primaryId, ColumnType.PrimaryKey) { RequiredLevel = RequiredLevel.SystemRequired, ValidForUpdate = false, TypeName = "primarykey" });
        }

        public string LogicalName => _table.LogicalName;
        public IReadOnlyList<PlatformLookup> Lookups => _lookups;

        public TableDefinition Build() => _table with { Columns = _columns };

        /// <summary>Notes and activities are enabled (HasNotes, HasActivities): the standard tables a timeline is shown on.</summary>
        public TableBuilder WithNotesAndActivities()
        {
            _table = _table with { HasNotes = true, HasActivities = true };
            return this;
        }

        public TableBuilder AsIntersect()
        {
            _table = _table with { IsIntersect = true };
            return this;
        }

        public TableBuilder Text(string name, int maxLength, RequiredLevel required = RequiredLevel.None, string? label = null) =>
            Add(new ColumnDefinition(name, ColumnType.String) { MaxLength = maxLength, RequiredLevel = required, DisplayNames = LocalizedText.Of(label ?? name), TypeName = "nvarchar" });

        public TableBuilder Memo(string name, int maxLength, string? label = null) =>
            Add(new ColumnDefinition(name, ColumnType.Memo) { MaxLength = maxLength, DisplayNames = LocalizedText.Of(label ?? name), TypeName = "ntext" });

        public TableBuilder Int(string name, int min = int.MinValue, int max = int.MaxValue, RequiredLevel required = RequiredLevel.None, bool readOnly = false) =>
            Add(new ColumnDefinition(name, ColumnType.Integer) { MinValue = min, MaxValue = max, RequiredLevel = required, ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = LocalizedText.Of(name), TypeName = "int" });

        public TableBuilder BigInt(string name, bool readOnly) =>
            Add(new ColumnDefinition(name, ColumnType.BigInt) { ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = LocalizedText.Of(name), TypeName = "bigint" });

        public TableBuilder Money(string name, decimal min = -922337203685477m, decimal max = 922337203685477m, string? label = null, bool readOnly = false) =>
            Add(new ColumnDefinition(name, ColumnType.Money) { Precision = 2, MinValue = min, MaxValue = max, DisplayNames = LocalizedText.Of(label ?? name), TypeName = "money", ValidForCreate = !readOnly, ValidForUpdate = !readOnly });

        public TableBuilder Decimal(string name, int precision, decimal min, decimal max) =>
            Add(new ColumnDefinition(name, ColumnType.Decimal) { Precision = precision, MinValue = min, MaxValue = max, DisplayNames = LocalizedText.Of(name), TypeName = "decimal" });

        public TableBuilder Bool(string name, bool defaultValue, bool readOnly = false) =>
            Add(new ColumnDefinition(name, ColumnType.Boolean)
            {
                DefaultValue = defaultValue ? 1 : 0, ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = LocalizedText.Of(name), TypeName = "bit",
                Choice = new Choice(name, false, new[] { Option(0, "No", "否"), Option(1, "Yes", "是") }),
            });

        public TableBuilder Date(string name, bool dateOnly, bool readOnly = false, string? label = null) =>
            Add(new ColumnDefinition(name, ColumnType.DateTime)
            {
                DateTimeBehavior = dateOnly ? 2 : 1, ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = LocalizedText.Of(label ?? name), TypeName = "datetime",
            });

        public TableBuilder EntityName(string name) =>
            Add(new ColumnDefinition(name, ColumnType.EntityName) { DisplayNames = LocalizedText.Of(name), TypeName = "entityname" });

        public TableBuilder Guid(string name, bool readOnly = true) =>
            Add(new ColumnDefinition(name, ColumnType.UniqueIdentifier) { ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = LocalizedText.Of(name), TypeName = "uniqueidentifier" });

        public TableBuilder Lookup(string name, string target, CascadeBehavior cascadeDelete = CascadeBehavior.RemoveLink, RequiredLevel required = RequiredLevel.None, bool readOnly = false, ColumnType type = ColumnType.Lookup) =>
            Lookup(name, new[] { target }, cascadeDelete, required, readOnly, type);

        public TableBuilder Lookup(string name, string[] targets, CascadeBehavior cascadeDelete = CascadeBehavior.RemoveLink, RequiredLevel required = RequiredLevel.None, bool readOnly = false, ColumnType type = ColumnType.Lookup)
        {
            foreach (var t in targets) _lookups.Add(new PlatformLookup(_table.LogicalName, name, t, cascadeDelete));
            return Add(new ColumnDefinition(name, type)
            {
                RequiredLevel = required, ValidForCreate = !readOnly, ValidForUpdate = !readOnly, DisplayNames = LocalizedText.Of(name),
                TypeName = type switch { ColumnType.Customer => "customer", ColumnType.Owner => "owner", ColumnType.UniqueIdentifier => "uniqueidentifier", _ => "lookup" },
            });
        }

        /// <summary>A choice column; without options, one whose values the model does not list (any number is accepted).</summary>
        public TableBuilder Choice(string name, params ChoiceOption[] options) =>
            Add(new ColumnDefinition(name, ColumnType.Picklist)
            {
                Choice = new Choice(_table.LogicalName + "_" + name, false, options), ChoiceName = _table.LogicalName + "_" + name, DisplayNames = LocalizedText.Of(name), TypeName = "picklist",
            });

        /// <summary>statecode/statuscode pair. states: (value, label, defaultStatus); statuses: (value, label, state).</summary>
        public TableBuilder StateAndStatus((int Value, string Label, int DefaultStatus)[] states, (int Value, string Label, int State)[] statuses)
        {
            Add(new ColumnDefinition("statecode", ColumnType.State)
            {
                RequiredLevel = RequiredLevel.SystemRequired, ValidForCreate = false, DisplayNames = LocalizedText.Of("Status", "状态"), TypeName = "state",
                Choice = new Choice(_table.LogicalName + "_statecode", false, states.Select(s => new ChoiceOption(s.Value, LocalizedText.Of(s.Label)) { DefaultStatus = s.DefaultStatus }).ToArray()),
            });
            return Add(new ColumnDefinition("statuscode", ColumnType.Status)
            {
                DisplayNames = LocalizedText.Of("Status Reason", "状态原因"), TypeName = "status",
                Choice = new Choice(_table.LogicalName + "_statuscode", false, statuses.Select(s => new ChoiceOption(s.Value, LocalizedText.Of(s.Label)) { State = s.State }).ToArray()),
            });
        }

        public TableBuilder ActiveInactive() =>
            StateAndStatus(new[] { (0, "Active", 1), (1, "Inactive", 2) }, new[] { (1, "Active", 0), (2, "Inactive", 1) });

        /// <summary>createdon/by, modifiedon/by, versionnumber; plus owner columns for user- and team-owned tables.</summary>
        public TableBuilder SystemColumns()
        {
            Date("createdon", false, readOnly: true, label: "Created On");
            Lookup("createdby", "systemuser", CascadeBehavior.NoCascade, readOnly: true);
            Date("modifiedon", false, readOnly: true, label: "Modified On");
            Lookup("modifiedby", "systemuser", CascadeBehavior.NoCascade, readOnly: true);
            BigInt("versionnumber", readOnly: true);
            if (_table.Ownership == TableOwnership.UserOwned)
            {
                Lookup("ownerid", new[] { "systemuser", "team" }, CascadeBehavior.NoCascade, RequiredLevel.SystemRequired, type: ColumnType.Owner);
                Lookup("owninguser", "systemuser", CascadeBehavior.NoCascade, readOnly: true);
                Lookup("owningteam", "team", CascadeBehavior.NoCascade, readOnly: true);
                Lookup("owningbusinessunit", "businessunit", CascadeBehavior.NoCascade, readOnly: true);
            }
            return this;
        }

        public static ChoiceOption Option(int value, string english, string? chinese = null) => new(value, LocalizedText.Of(english, chinese));

        private TableBuilder Add(ColumnDefinition column)
        {
            _columns[column.LogicalName] = column;
            return this;
        }
    }
}
