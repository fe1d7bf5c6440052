using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Mci.SolutionModel
{
    /// <summary>How far a role privilege reaches: Basic own records, Local the business unit, Deep the unit and its children, Global all.</summary>
    public enum PrivilegeLevel { None = 0, Basic = 1, Local = 2, Deep = 4, Global = 8 }

    /// <summary>The access a privilege grants (prv{Access}{table}).</summary>
    public enum PrivilegeAccess { Create, Read, Write, Delete, Append, AppendTo, Assign, Share }

    /// <summary>A privilege of a role: its name (prvCreatemci_Branch) and level as written.</summary>
    public sealed record RolePrivilege(string Name, string LevelName)
    {
        private static readonly Regex Parts = new("^prv(?<access>AppendTo|Append|Create|Read|Write|Delete|Assign|Share)(?<table>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The level; a level name the model does not know reads as Global (what the role's author most likely meant
        /// by an unusual spelling is no less than what it names).</summary>
        public PrivilegeLevel Level => Enum.TryParse<PrivilegeLevel>(LevelName, ignoreCase: true, out var l) ? l : PrivilegeLevel.Global;

        /// <summary>The access of a table privilege; null for a privilege that is not prv{Access}{table} (prvExportToExcel, ...).</summary>
        public PrivilegeAccess? Access => Parts.Match(Name) is { Success: true } m && Enum.TryParse<PrivilegeAccess>(m.Groups["access"].Value, true, out var a) ? a : null;

        /// <summary>The table part of a table privilege as written (a schema name, or User, Note, Activity, ...); null otherwise.</summary>
        public string? TableName => Parts.Match(Name) is { Success: true } m ? m.Groups["table"].Value : null;
    }

    /// <summary>A security role. Id is Guid.Empty when the file gives none. Privilege names compare case-insensitively.</summary>
    public sealed record SecurityRoleDefinition(Guid Id, string Name)
    {
        private readonly IReadOnlyList<RolePrivilege> _privileges = Array.Empty<RolePrivilege>();
        private readonly Dictionary<string, PrivilegeLevel> _levels = new(StringComparer.OrdinalIgnoreCase);

        public IReadOnlyList<RolePrivilege> Privileges
        {
            get => _privileges;
            init
            {
                _privileges = value;
                _levels = new Dictionary<string, PrivilegeLevel>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in value) _levels[p.Name] = p.Level;
            }
        }

        /// <summary>The built-in System Administrator role, which passes every privilege check.</summary>
        public bool IsSystemAdministrator { get; init; }
        public string Source { get; init; } = string.Empty;

        /// <summary>The level of the named privilege; None when the role does not hold it.</summary>
        public PrivilegeLevel Level(string privilegeName) => _levels.TryGetValue(privilegeName, out var l) ? l : PrivilegeLevel.None;

        public int PrivilegeCount => _levels.Count;
    }

    /// <summary>What a field security profile allows on one secured column (FieldPermission: 4 = allowed, 0 = not).</summary>
    public sealed record FieldPermissionDefinition(string Entity, string Attribute, bool CanRead, bool CanCreate, bool CanUpdate);

    /// <summary>A field (column) security profile. Id is Guid.Empty when the file gives none.</summary>
    public sealed record FieldSecurityProfileDefinition(Guid Id, string Name, IReadOnlyList<FieldPermissionDefinition> Permissions)
    {
        public string Description { get; init; } = string.Empty;
        public string Source { get; init; } = string.Empty;

        public IEnumerable<string> Tables => Permissions.Select(p => p.Entity).Distinct(StringComparer.Ordinal);
    }
}
