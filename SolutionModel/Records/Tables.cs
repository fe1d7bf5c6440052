using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

// Tables, columns and choices: what Entities/*/Entity.xml and OptionSets/*.xml declare (or an Entity of a zip's
// customizations.xml), and the platform's standard tables (PlatformTables) in the same records.
namespace Mci.SolutionModel
{
    /// <summary>A column's type. The export's type names map to it: nvarchar String, ntext Memo, int Integer, bit Boolean, ...</summary>
    public enum ColumnType
    {
        String, Memo, Integer, BigInt, Decimal, Double, Money, Boolean, DateTime,
        Picklist, MultiSelectPicklist, State, Status,
        Lookup, Customer, Owner, PrimaryKey, UniqueIdentifier, EntityName,
        /// <summary>A type the model does not know (the emulator treats such a column as read-only).</summary>
        Virtual,
    }

    public enum RequiredLevel { None, Recommended, ApplicationRequired, SystemRequired }

    /// <summary>Who owns a table's rows (OwnershipTypeMask).</summary>
    public enum TableOwnership { None, UserOwned, OrganizationOwned, BusinessOwned }

    /// <summary>One choice option; for a status reason also the state it belongs to, for a state its default status reason.</summary>
    public sealed record ChoiceOption(int Value, LocalizedText Labels)
    {
        public int? State { get; init; }
        public int? DefaultStatus { get; init; }

        /// <summary>The label in this language, else English, else any, else the number.</summary>
        public string Label(int languageCode = 1033) => Labels.Best(languageCode, Value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A choice (option set): a column's own (IsGlobal false) or a global one from OptionSets/. Every column of a
    /// global choice holds the same instance.</summary>
    public sealed record Choice(string Name, bool IsGlobal, IReadOnlyList<ChoiceOption> Options)
    {
        public string Source { get; init; } = string.Empty;

        public ChoiceOption? Find(int value) => Options.FirstOrDefault(o => o.Value == value);
    }

    /// <summary>
    /// A column. <see cref="TypeName"/> is the type as the export writes it (nvarchar, ntext, int, decimal, money, bit, datetime,
    /// picklist, lookup, owner, state, status, primarykey, ...), <see cref="Type"/> what it means. Lookup targets come from the
    /// relationships. Where the XML is silent the reader takes Dataverse's default (required level none, money precision 2,
    /// valid for create, update and read).
    /// </summary>
    public sealed record ColumnDefinition(string LogicalName, ColumnType Type)
    {
        public string SchemaName { get; init; } = string.Empty;
        public string TypeName { get; init; } = string.Empty;
        public RequiredLevel RequiredLevel { get; init; }
        public LocalizedText DisplayNames { get; init; } = LocalizedText.Empty;
        public LocalizedText Descriptions { get; init; } = LocalizedText.Empty;
        public int? MaxLength { get; init; }
        public decimal? MinValue { get; init; }
        public decimal? MaxValue { get; init; }
        /// <summary>Decimal places for decimal, double and money.</summary>
        public int? Precision { get; init; }
        public bool IsSecured { get; init; }
        /// <summary>A column a solution added (IsCustomField), not one the table came with.</summary>
        public bool IsCustom { get; init; }
        public bool IsPrimaryName { get; init; }
        /// <summary>Format as written (text, email, date, dateonly, ...).</summary>
        public string? Format { get; init; }
        /// <summary>1 user local, 2 date only, 3 time-zone independent.</summary>
        public int? DateTimeBehavior { get; init; }
        /// <summary>AppDefaultValue (-1, "none", is null): for a yes/no column 0 or 1.</summary>
        public int? DefaultValue { get; init; }
        /// <summary>The choice the column names (its own or a global one), whether or not the solution defines it.</summary>
        public string? ChoiceName { get; init; }
        /// <summary>The column's own choice, or the global one it uses when the solution (or the platform) defines it.</summary>
        public Choice? Choice { get; init; }
        /// <summary>Tables a lookup may point at.</summary>
        public IReadOnlyList<string> Targets { get; init; } = Array.Empty<string>();
        public bool ValidForCreate { get; init; } = true;
        public bool ValidForUpdate { get; init; } = true;
        public bool ValidForRead { get; init; } = true;

        public IReadOnlyList<ChoiceOption> Options => Choice?.Options ?? Array.Empty<ChoiceOption>();
        public bool IsLookup => Type is ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner;
        public bool IsChoice => Type is ColumnType.Picklist or ColumnType.State or ColumnType.Status;
        /// <summary>Date-only column (time part dropped).</summary>
        public bool DateOnly => DateTimeBehavior == 2 || string.Equals(Format, "date", StringComparison.OrdinalIgnoreCase) || string.Equals(Format, "dateonly", StringComparison.OrdinalIgnoreCase);
        /// <summary>Default of a yes/no column, applied on create as Dataverse does.</summary>
        public bool? DefaultBoolean => Type == ColumnType.Boolean ? DefaultValue == 1 : null;
        /// <summary>Default of a choice column (its AppDefaultValue; none when -1), applied on create when the Target leaves the column out.</summary>
        public int? DefaultChoice => Type == ColumnType.Picklist ? DefaultValue : null;

        public string DisplayName(int languageCode = 1033) => DisplayNames.Best(languageCode, LogicalName);

        /// <summary>The column type an export's type name means; Virtual for one the model does not know.</summary>
        public static ColumnType TypeOf(string typeName) => typeName.ToLowerInvariant() switch
        {
            "nvarchar" or "string" or "text" => ColumnType.String,
            "ntext" or "memo" => ColumnType.Memo,
            "int" or "integer" => ColumnType.Integer,
            "bigint" or "timestamp" => ColumnType.BigInt,
            "decimal" => ColumnType.Decimal,
            "float" or "double" => ColumnType.Double,
            "money" => ColumnType.Money,
            "bit" or "boolean" => ColumnType.Boolean,
            "datetime" => ColumnType.DateTime,
            "picklist" => ColumnType.Picklist,
            "multiselectpicklist" => ColumnType.MultiSelectPicklist,
            "state" => ColumnType.State,
            "status" => ColumnType.Status,
            "lookup" => ColumnType.Lookup,
            "customer" => ColumnType.Customer,
            "owner" => ColumnType.Owner,
            "primarykey" => ColumnType.PrimaryKey,
            "uniqueidentifier" => ColumnType.UniqueIdentifier,
            "entityname" => ColumnType.EntityName,
            _ => ColumnType.Virtual,
        };
    }

    /// <summary>
    /// A table: one the solution creates, one it extends (<see cref="IsShell"/>: it declares only its new columns of a table
    /// another solution provides), or a platform table (<see cref="ProvidedBy"/> names who provides it).
    /// </summary>
    public sealed record TableDefinition(string LogicalName)
    {
        private readonly IReadOnlyDictionary<string, ColumnDefinition> _columns = new Dictionary<string, ColumnDefinition>(StringComparer.Ordinal);

        public string SchemaName { get; init; } = string.Empty;
        public TableOwnership Ownership { get; init; } = TableOwnership.UserOwned;
        public LocalizedText DisplayNames { get; init; } = LocalizedText.Empty;
        public LocalizedText CollectionNames { get; init; } = LocalizedText.Empty;

        /// <summary>The columns by logical name, in the order they are declared.</summary>
        public IReadOnlyDictionary<string, ColumnDefinition> Columns
        {
            get => _columns;
            init => _columns = value.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        }

        public string PrimaryIdAttribute { get; init; } = LogicalName + "id";
        public string? PrimaryNameAttribute { get; init; }
        /// <summary>The solution extends a table another solution provides and declares only its new columns (no LocalizedNames).</summary>
        public bool IsShell { get; init; }
        /// <summary>The intersect table of a many-to-many relationship.</summary>
        public bool IsIntersect { get; init; }
        /// <summary>Dataverse's object type code of a standard table; 0 for one the solution creates (the emulator numbers those).</summary>
        public int ObjectTypeCode { get; init; }
        /// <summary>For a platform table, the solution that provides it: "System" (Dataverse itself) or "msdynce_Sales"
        /// (Dynamics 365 Sales); null for a table of the solution.</summary>
        public string? ProvidedBy { get; init; }
        /// <summary>The table as privilege names spell it (prvRead + this): its schema name, or Dataverse's own name for a few
        /// standard tables (User for systemuser, Note for annotation, Activity for activities).</summary>
        public string PrivilegeName { get; init; } = string.Empty;
        /// <summary>True when the solution declares (part of) this table.</summary>
        public bool InSolution { get; init; }
        /// <summary>Notes (annotation.objectid) may be attached to its rows: Entity.xml's
        /// <c>&lt;HasRelatedNotes&gt;True&lt;/HasRelatedNotes&gt;</c> (EntityMetadata.HasNotes), "Enable attachments" in the maker portal.</summary>
        public bool HasNotes { get; init; }
        /// <summary>Activities (a task's regardingobjectid, ...) may be about its rows: Entity.xml's
        /// <c>&lt;HasRelatedActivities&gt;True&lt;/HasRelatedActivities&gt;</c> (EntityMetadata.HasActivities). Dataverse
        /// creates the table's activity relationships itself; an export carries only the flag.</summary>
        public bool HasActivities { get; init; }
        /// <summary>Where it was read: a file, or a zip entry and component.</summary>
        public string Source { get; init; } = string.Empty;

        /// <summary>A table the solution creates (not a platform table, nor one it extends).</summary>
        public bool IsCustom => ProvidedBy == null && !IsShell;
        public bool HasStateCode => _columns.ContainsKey("statecode");

        public ColumnDefinition? Column(string logicalName) => _columns.TryGetValue(logicalName, out var c) ? c : null;

        public string DisplayName(int languageCode = 1033) => DisplayNames.Best(languageCode, LogicalName);
    }
}
