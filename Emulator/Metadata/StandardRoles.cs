using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Emulator.Metadata
{
    /// <summary>
    /// Standard roles every Dynamics 365 Sales environment has, which solution roles are usually given on top of.
    /// APPROXIMATIONS: the privileges below are the emulator's reading of those roles for the tables it knows,
    /// not Microsoft's exact privilege lists. A solution role of the same name replaces them.
    /// </summary>
    internal static class StandardRoles
    {
        public static IEnumerable<SecurityRoleMetadata> Create()
        {
            var basic = new Dictionary<string, PrivilegeDepth>(StringComparer.OrdinalIgnoreCase);
            Grant(basic, PrivilegeDepth.Global, new[] { "Read" }, "User", "Team", "BusinessUnit", "TransactionCurrency", "Role", "environmentvariabledefinition", "environmentvariablevalue");
            Grant(basic, PrivilegeDepth.Basic, new[] { "Read", "Write" }, "UserSettings");
            Grant(basic, PrivilegeDepth.Basic, new[] { "Create", "Read", "Write", "Delete", "Append", "AppendTo" }, "Activity", "Note", "appnotification", "Account", "Contact");
            yield return new SecurityRoleMetadata(SolutionLoader.DeterministicGuid("role:Basic User"), "Basic User", basic);

            var sales = new Dictionary<string, PrivilegeDepth>(basic, StringComparer.OrdinalIgnoreCase);
            Grant(sales, PrivilegeDepth.Basic, new[] { "Create", "Write", "Delete", "Assign", "Share" }, "Account", "Contact", "Opportunity");
            Grant(sales, PrivilegeDepth.Local, new[] { "Read", "Append", "AppendTo" }, "Account", "Contact", "Opportunity", "Activity", "Note");
            Grant(sales, PrivilegeDepth.Global, new[] { "AppendTo" }, "User", "Team");
            yield return new SecurityRoleMetadata(SolutionLoader.DeterministicGuid("role:Salesperson"), "Salesperson", sales);
        }

        private static void Grant(Dictionary<string, PrivilegeDepth> privileges, PrivilegeDepth depth, IEnumerable<string> accesses, params string[] entities)
        {
            foreach (var name in accesses.SelectMany(a => entities.Select(e => "prv" + a + e))) privileges[name] = depth;
        }
    }
}
