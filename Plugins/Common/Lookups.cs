using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common.Standard;

namespace Mci.Plugins.Common
{
    /// <summary>Small reads several rules share: a user's roles, users by email.</summary>
    internal static class Lookups
    {
        /// <summary>The roles that may approve exceptions and confirm minutes.</summary>
        public static readonly string[] ApproverRoles = { SecurityRoles.SalesExecutive, SecurityRoles.SystemAdministrator };

        /// <summary>
        /// The user's full name and whether they hold one of the roles, directly or through a team (as Dataverse grants
        /// them). One query: the user, outer-joined to their role assignments and to the roles of their teams, each
        /// joined to the roles named.
        /// </summary>
        public static Actor Actor(IOrganizationService service, Guid userId, params string[] roleNames)
        {
            var names = roleNames.Cast<object>().ToArray();
            var query = new QueryExpression(SystemUser.EntityName) { ColumnSet = new ColumnSet(SystemUser.FullName) };
            query.Criteria.AddCondition(SystemUser.Id, ConditionOperator.Equal, userId);

            var direct = query.AddLink(SystemUserRoles.EntityName, SystemUser.Id, SystemUserRoles.UserId, JoinOperator.LeftOuter);
            direct.EntityAlias = "ur";
            var directRole = direct.AddLink(Role.EntityName, SystemUserRoles.RoleId, Role.Id, JoinOperator.LeftOuter);
            directRole.EntityAlias = "r1";
            directRole.Columns = new ColumnSet(Role.Id);
            directRole.LinkCriteria.AddCondition(Role.Name, ConditionOperator.In, names);

            var membership = query.AddLink(TeamMembership.EntityName, SystemUser.Id, TeamMembership.UserId, JoinOperator.LeftOuter);
            membership.EntityAlias = "tm";
            var teamRoles = membership.AddLink(TeamRoles.EntityName, TeamMembership.TeamId, TeamRoles.TeamId, JoinOperator.LeftOuter);
            teamRoles.EntityAlias = "tr";
            var teamRole = teamRoles.AddLink(Role.EntityName, TeamRoles.RoleId, Role.Id, JoinOperator.LeftOuter);
            teamRole.EntityAlias = "r2";
            teamRole.Columns = new ColumnSet(Role.Id);
            teamRole.LinkCriteria.AddCondition(Role.Name, ConditionOperator.In, names);

            var rows = Paging.RetrieveAll(service, query, rootRowsRepeat: true);
            return new Actor(
                rows.Select(r => r.GetAttributeValue<string>(SystemUser.FullName)).FirstOrDefault(),
                rows.Any(r => new Row(r, "r1").Id(Role.Id) != null || new Row(r, "r2").Id(Role.Id) != null));
        }

        /// <summary>The enabled user whose primary email is <paramref name="email"/>, or null.</summary>
        public static Guid? UserByEmail(IOrganizationService service, string? email)
        {
            if (string.IsNullOrWhiteSpace(email)) return null;
            var query = new QueryExpression(SystemUser.EntityName) { ColumnSet = new ColumnSet(SystemUser.Id) };
            query.Criteria.AddCondition(SystemUser.Email, ConditionOperator.Equal, email!.Trim());
            query.Criteria.AddCondition(SystemUser.IsDisabled, ConditionOperator.Equal, false);
            return Paging.RetrieveAll(service, query).Select(e => (Guid?)e.Id).FirstOrDefault();
        }
    }

    /// <summary>The user making a change, as the rules need them.</summary>
    internal sealed class Actor
    {
        public Actor(string? name, bool holdsRole)
        {
            Name = name;
            HoldsRole = holdsRole;
        }

        /// <summary>systemuser.fullname.</summary>
        public string? Name { get; }

        /// <summary>True when the user has one of the roles asked about.</summary>
        public bool HoldsRole { get; }
    }
}
