using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Mci.Rules
{
    /// <summary>What a privilege allows (the middle of its name: prv{Access}{table}).</summary>
    public enum PrivilegeAccess { Create, Read, Write, Delete, Append, AppendTo, Assign, Share }

    /// <summary>How far a role's privilege reaches: own records, the business unit, the unit and its children, every record.</summary>
    public enum PrivilegeDepth { Basic, Local, Deep, Global }

    /// <summary>One privilege of a role, as Solution/src/Roles ships it.</summary>
    public sealed record RolePrivilege(string Name, PrivilegeDepth Depth);

    /// <summary>A privilege name read: what it allows, and its table part as the name carries it ("mci_ResourceRequest", "Opportunity").</summary>
    public sealed record PrivilegeParts(PrivilegeAccess Access, string Table);

    /// <summary>
    /// MCI's security roles with the privileges each one ships with (Solution/src/Roles; Solution.Tests holds the two equal,
    /// and docs/roles.md too), so that when the platform refuses a privilege MCI's own call needed, the refusal can name
    /// the role to ask for instead of showing the platform's message with its ids.
    /// </summary>
    public static class RoleGuide
    {
        /// <summary>Each MCI role's privileges. Depth letters: B Basic, L Local, D Deep, G Global.</summary>
        public static readonly IReadOnlyDictionary<string, IReadOnlyList<RolePrivilege>> Roles = new Dictionary<string, IReadOnlyList<RolePrivilege>>(StringComparer.Ordinal)
        {
            ["MCI Administrator"] = P(
                "prvAppendEnvironmentVariableValue G", "prvAppendmci_Branch G", "prvAppendmci_Partner G", "prvAppendmci_SupportTier G", "prvAppendToAccount G",
                "prvAppendToEnvironmentVariableDefinition G", "prvAppendToTeam G", "prvAppendToUser G", "prvAssignmci_Partner G", "prvCreateEnvironmentVariableValue G",
                "prvCreatemci_Branch G", "prvCreatemci_Partner B", "prvCreatemci_SupportTier G", "prvDeleteEnvironmentVariableValue G", "prvDeletemci_Branch G",
                "prvDeletemci_Partner G", "prvDeletemci_SupportTier G", "prvReadAccount G", "prvReadmci_Branch G", "prvReadmci_Partner G", "prvReadmci_ResourceRequest G",
                "prvReadmci_SupportTier G", "prvWriteEnvironmentVariableValue G", "prvWritemci_Branch G", "prvWritemci_Partner G", "prvWritemci_ResourceRequest G",
                "prvWritemci_SupportTier G"),
            ["MCI Partner Manager"] = P(
                "prvAppendmci_OpportunityPartner G", "prvAppendmci_Partner G", "prvAppendToAccount G", "prvAppendTomci_Partner G", "prvAppendToOpportunity G",
                "prvAssignmci_Partner G", "prvCreatemci_OpportunityPartner B", "prvCreatemci_Partner B", "prvDeletemci_OpportunityPartner L", "prvDeletemci_Partner L",
                "prvReadAccount G", "prvReadmci_OpportunityPartner G", "prvReadmci_Partner G", "prvReadOpportunity G", "prvWritemci_OpportunityPartner G",
                "prvWritemci_Partner G"),
            ["MCI Presales"] = P(
                "prvAppendmci_ResourceRequest L", "prvAppendToUser G", "prvReadAccount L", "prvReadmci_AllocationMinutes L", "prvReadmci_Branch G",
                "prvReadmci_OpportunityPartner L", "prvReadmci_OpportunitySplit L", "prvReadmci_Partner G", "prvReadmci_ResourceRequest L", "prvReadmci_SupportTier G",
                "prvReadNote L", "prvReadOpportunity L", "prvWritemci_ResourceRequest L"),
            ["MCI Sales Executive"] = P(
                "prvAppendmci_AllocationMinutes G", "prvAppendmci_OpportunityPartner G", "prvAppendToOpportunity G", "prvAppendToUser G", "prvReadmci_AllocationMinutes G",
                "prvReadmci_OpportunityPartner G", "prvReadmci_OpportunitySplit G", "prvReadmci_Partner G", "prvReadmci_ResourceRequest G", "prvReadNote L",
                "prvReadOpportunity G", "prvWritemci_AllocationMinutes G", "prvWritemci_OpportunityPartner G", "prvWriteOpportunity G"),
            ["MCI Seller"] = P(
                "prvAppendmci_AllocationMinutes L", "prvAppendmci_OpportunityPartner L", "prvAppendmci_OpportunitySplit L", "prvAppendmci_ResourceRequest L",
                "prvAppendTomci_Branch G", "prvAppendTomci_Partner G", "prvAppendToOpportunity L", "prvAppendToTeam G", "prvAppendToUser G",
                "prvCreatemci_AllocationMinutes B", "prvCreatemci_OpportunityPartner B", "prvCreatemci_OpportunitySplit B", "prvCreatemci_ResourceRequest B",
                "prvDeletemci_AllocationMinutes B", "prvDeletemci_OpportunityPartner B", "prvDeletemci_OpportunitySplit B", "prvDeletemci_ResourceRequest B",
                "prvReadmci_AllocationMinutes L", "prvReadmci_Branch G", "prvReadmci_OpportunityPartner L", "prvReadmci_OpportunitySplit L", "prvReadmci_Partner G",
                "prvReadmci_ResourceRequest L", "prvReadmci_SupportTier G", "prvReadNote L", "prvReadOpportunity L", "prvWritemci_AllocationMinutes L",
                "prvWritemci_OpportunityPartner L", "prvWritemci_OpportunitySplit L", "prvWritemci_ResourceRequest L"),
        };

        // Standard tables whose privileges are not named after their logical name (the rest are, ignoring case).
        private static readonly Dictionary<string, string> PrivilegeTable = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["annotation"] = "Note", ["systemuser"] = "User", ["task"] = "Activity", ["opportunityclose"] = "Activity", ["appointment"] = "Activity",
            ["phonecall"] = "Activity", ["email"] = "Activity",
        };

        /// <summary>The privilege a table's access needs: prvWritemci_ResourceRequest for (Write, mci_resourcerequest), matched ignoring case.</summary>
        public static string PrivilegeName(PrivilegeAccess access, string table)
            => "prv" + access + (PrivilegeTable.TryGetValue(table, out var name) ? name : table);

        /// <summary>Reads a privilege name into what it allows and the privilege's table part ("mci_ResourceRequest", "Opportunity"),
        /// or null for a name that is not prv{Access}{table}.</summary>
        public static PrivilegeParts? Parse(string? privilege)
        {
            if (privilege == null || !privilege.StartsWith("prv", StringComparison.OrdinalIgnoreCase)) return null;
            var rest = privilege.Substring(3);
            // Longest first: AppendTo before Append.
            foreach (var access in Enum.GetValues(typeof(PrivilegeAccess)).Cast<PrivilegeAccess>().OrderByDescending(a => a.ToString().Length))
            {
                var word = access.ToString();
                if (rest.Length > word.Length && rest.StartsWith(word, StringComparison.OrdinalIgnoreCase)) return new PrivilegeParts(access, rest.Substring(word.Length));
            }
            return null;
        }

        /// <summary>The MCI roles that include the privilege (at any depth), the widest reach first, then by name.</summary>
        public static IReadOnlyList<string> RolesGranting(string privilege)
            => Granting(privilege)
                    .OrderByDescending(r => r.Depth).ThenBy(r => r.Role, StringComparer.Ordinal)
                    .Select(r => r.Role).ToArray();

        /// <summary>The user's roles lack <paramref name="privilege"/> (a platform refusal of a call MCI made in the user's
        /// name): the refusal names the privilege, what it allows and the MCI roles that include it.</summary>
        public static RuleResult PrivilegeMissing(string privilege)
        {
            var what = What(privilege);
            var roles = RolesGranting(privilege);
            return roles.Count == 0
                ? RuleResult.Refuse(RefusalCode.PrivilegeMissingNoMciRole, privilege, what)
                : RuleResult.Refuse(RefusalCode.PrivilegeMissing, privilege, what, RoleList(roles));
        }

        /// <summary>The user holds the privilege, but not deep enough to reach the record (another business unit's, another
        /// owner's): the refusal names the record and the MCI roles that include the privilege at the widest depth.</summary>
        public static RuleResult AccessDenied(PrivilegeAccess access, string table, Guid recordId)
        {
            var privilege = PrivilegeName(access, table);
            var granting = Granting(privilege).ToArray();
            var widest = granting.Length == 0 ? PrivilegeDepth.Global : granting.Max(r => r.Depth);
            var roles = granting.Where(r => r.Depth == widest).Select(r => r.Role).OrderBy(r => r, StringComparer.Ordinal).ToArray();
            var what = What(privilege);
            return roles.Length == 0
                ? RuleResult.Refuse(RefusalCode.PrivilegeMissingNoMciRole, privilege, what)
                : RuleResult.Refuse(RefusalCode.PrivilegeAccessDenied, what, recordId.ToString("D"), RoleList(roles));
        }

        private static readonly Regex MissingPrivilege = new Regex(@"is missing (prv[A-Za-z_0-9]+) privilege", RegexOptions.CultureInvariant);

        private const string GuidPattern = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";

        private static readonly Regex RecordOutOfReach = new Regex(
            @"does not have (?<access>[A-Za-z]+?)Access right\(s\) for record with ID (?<id>" + GuidPattern + @") of entity (?<table>[A-Za-z_0-9]+)",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex AccessCheck = new Regex(
            @"SecLib::AccessCheckEx failed.*?ObjectID: (?<id>" + GuidPattern + @").*?AccessRights: (?<privilege>prv[A-Za-z_0-9]+)",
            RegexOptions.CultureInvariant | RegexOptions.Singleline);

        /// <summary>
        /// The refusal to show for the platform's privilege refusal of a call MCI made in a user's name, or null when the text
        /// is not one. Three texts of Dataverse are read: a missing privilege ("Principal user (Id=…), is missing
        /// prvWritemci_resourcerequest privilege (Id=…) on OTC=… for entity 'mci_resourcerequest'…"); a depth that does not
        /// reach the record ("… does not have WriteAccess right(s) for record with ID … of entity mci_resourcerequest");
        /// and the older "SecLib::AccessCheckEx failed. … ObjectID: …, … AccessRights: prvWritemci_ResourceRequest" (one
        /// whose AccessRights is a number or names no table is left as it is).
        /// </summary>
        public static RuleResult? ForPlatformRefusal(string? message)
        {
            if (string.IsNullOrEmpty(message)) return null;
            var missing = MissingPrivilege.Match(message);
            if (missing.Success) return PrivilegeMissing(missing.Groups[1].Value);
            var outOfReach = RecordOutOfReach.Match(message);
            if (outOfReach.Success && Enum.TryParse<PrivilegeAccess>(outOfReach.Groups["access"].Value, true, out var access) && Guid.TryParse(outOfReach.Groups["id"].Value, out var id))
                return AccessDenied(access, outOfReach.Groups["table"].Value, id);
            var check = AccessCheck.Match(message);
            if (check.Success && Parse(check.Groups["privilege"].Value) is PrivilegeParts parts && Guid.TryParse(check.Groups["id"].Value, out var record))
                return AccessDenied(parts.Access, parts.Table, record);
            return null;
        }

        /// <summary>The MCI roles holding the privilege, each with its depth (no tuples: the sandbox's .NET Framework 4.6.2 has no ValueTuple).</summary>
        private static IEnumerable<RoleDepth> Granting(string privilege)
            => Roles.SelectMany(role => role.Value.Where(p => string.Equals(p.Name, privilege, StringComparison.OrdinalIgnoreCase)).Select(p => new RoleDepth(role.Key, p.Depth)));

        private sealed record RoleDepth(string Role, PrivilegeDepth Depth);

        /// <summary>"change resource requests" / "修改资源申请"; an unknown name as it is.</summary>
        private static object What(string privilege)
            => Parse(privilege) is PrivilegeParts parts
                ? new Phrase(Messages.Access(parts.Access), Messages.TableLabel(parts.Table))
                : (object)privilege;

        private static TextList RoleList(IEnumerable<string> roles)
            => new TextList(Messages.RoleSeparator, roles.Select(r => (object?)new Phrase(Messages.RoleName, r)));

        private static IReadOnlyList<RolePrivilege> P(params string[] privileges)
            => privileges.Select(p =>
            {
                var parts = p.Split(' ');
                var depth = parts[1] switch
                {
                    "B" => PrivilegeDepth.Basic,
                    "L" => PrivilegeDepth.Local,
                    "D" => PrivilegeDepth.Deep,
                    "G" => PrivilegeDepth.Global,
                    _ => throw new ArgumentException("Unknown depth in " + p),
                };
                return new RolePrivilege(parts[0], depth);
            }).ToArray();
    }
}
