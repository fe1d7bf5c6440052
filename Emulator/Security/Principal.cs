using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.SolutionModel;

namespace Mci.Emulator.Security
{
    /// <summary>A user as the security checks see them: roles (own and through teams), teams, business unit, field profiles.</summary>
    internal sealed class Principal
    {
        public Principal(Guid userId, Guid businessUnitId, bool isSystem, IReadOnlyList<SecurityRoleDefinition> roles, IReadOnlyCollection<Guid> teams, IReadOnlyCollection<Guid> fieldSecurityProfiles, int languageId)
        {
            UserId = userId;
            BusinessUnitId = businessUnitId;
            IsSystem = isSystem;
            Roles = roles;
            Teams = teams;
            FieldSecurityProfiles = fieldSecurityProfiles;
            LanguageId = languageId;
            IsAdministrator = isSystem || roles.Any(r => r.IsSystemAdministrator);
            SharePrincipals = new HashSet<Guid>(teams) { userId };
        }

        public Guid UserId { get; }
        public Guid BusinessUnitId { get; }
        /// <summary>The SYSTEM user (what CreateOrganizationService(null) acts as in a plug-in): no checks at all.</summary>
        public bool IsSystem { get; }
        /// <summary>System Administrator (or SYSTEM): every privilege at organization depth, every secured column.</summary>
        public bool IsAdministrator { get; }
        public IReadOnlyList<SecurityRoleDefinition> Roles { get; }
        public IReadOnlyCollection<Guid> Teams { get; }
        /// <summary>Whose shares count for this principal: a user and every team they belong to (a team: itself).</summary>
        public IReadOnlyCollection<Guid> SharePrincipals { get; }
        public IReadOnlyCollection<Guid> FieldSecurityProfiles { get; }
        /// <summary>usersettings.uilanguageid: the language of formatted values (choice labels).</summary>
        public int LanguageId { get; }

        public int PrivilegeCount => Roles.Sum(r => r.PrivilegeCount);
    }
}
