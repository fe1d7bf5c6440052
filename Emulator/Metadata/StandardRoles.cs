using System;
using System.Collections.Generic;
using System.Linq;
using Mci.SolutionModel;

namespace Mci.Emulator.Metadata
{
    /// <summary>
    /// Standard roles every Dynamics 365 Sales environment has, which solution roles are usually given on top of.
    /// APPROXIMATIONS: the privileges below are the emulator's reading of those roles for the tables it knows,
    /// not Microsoft's exact privilege lists. A solution role of the same name replaces them.
    /// </summary>
    internal static class StandardRoles
    {
        public static IEnumerable<SecurityRoleDefinition> Create()
        {
            var basic = new Dictionary<string, PrivilegeLevel>(StringComparer.OrdinalIgnoreCase);
            Grant(basic, PrivilegeLevel.Global, new[] { "Read" }, "User", "Team", "BusinessUnit", "TransactionCurrency", "Role", "environmentvariabledefinition", "environmentvariablevalue");
            Grant(basic, PrivilegeLevel.Basic, new[] { "Read", "Write" }, "UserSettings");
            Grant(basic, PrivilegeLevel.Basic, new[] { "Create", "Read", "Write", "Delete", "Append", "AppendTo" }, "Activity", "Note", "appnotification", "Account", "Contact");
            yield return Role("Basic User", basic);

            var sales = new Dictionary<string, PrivilegeLevel>(basic, StringComparer.OrdinalIgnoreCase);
            Grant(sales, PrivilegeLevel.Basic, new[] { "Create", "Write", "Delete", "Assign", "Share" }, "Account", "Contact", "Opportunity");
            Grant(sales, PrivilegeLevel.Local, new[] { "Read", "Append", "AppendTo" }, "Account", "Contact", "Opportunity", "Activity", "Note");
            Grant(sales, PrivilegeLevel.Global, new[] { "AppendTo" }, "User", "Team");
            yield return Role("Salesperson", sales);
        }

        private static SecurityRoleDefinition Role(string name, Dictionary<string, PrivilegeLevel> privileges) =>
            new(SolutionLoader.DeterministicGuid("role:" + name), name) { Privileges = privileges.Select(p => new RolePrivilege(p.Key, p.Value.ToString())).ToList(), Source = "platform" };

        private static void Grant(Dictionary<string, PrivilegeLevel> privileges, PrivilegeLevel depth, IEnumerable<string> accesses, params string[] entities)
        {
            foreach (var name in accesses.SelectMany(a => entities.Select(e => "prv" + a + e))) privileges[name] = depth;
        }
    }
}
