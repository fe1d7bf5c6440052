using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common.Standard;

namespace Mci.Plugins.Common
{
    /// <summary>Small reads several rules share: a user's roles, environment variables, users by email.</summary>
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

            var rows = service.RetrieveMultiple(query).Entities;
            return new Actor(
                rows.Select(r => r.GetAttributeValue<string>(SystemUser.FullName)).FirstOrDefault(),
                rows.Any(r => new Row(r, "r1").Id(Role.Id) != null || new Row(r, "r2").Id(Role.Id) != null));
        }

        /// <summary>The enabled user whose primary email is <paramref name="email"/>, or null.</summary>
        public static Guid? UserByEmail(IOrganizationService service, string? email)
        {
            if (string.IsNullOrWhiteSpace(email)) return null;
            var query = new QueryExpression(SystemUser.EntityName) { ColumnSet = new ColumnSet(SystemUser.Id), TopCount = 1 };
            query.Criteria.AddCondition(SystemUser.Email, ConditionOperator.Equal, email!.Trim());
            query.Criteria.AddCondition(SystemUser.IsDisabled, ConditionOperator.Equal, false);
            return service.RetrieveMultiple(query).Entities.Select(e => (Guid?)e.Id).FirstOrDefault();
        }

        /// <summary>A decimal environment variable (invariant text, as Dataverse stores it); null when empty or unreadable.</summary>
        public static decimal? Decimal(string? text)
            => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : (decimal?)null;

        /// <summary>A whole-number environment variable; null when empty or unreadable.</summary>
        public static int? Int(string? text)
            => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (int?)null;
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

    /// <summary>Reads environment variables: in plug-ins through Dataverse's IEnvironmentVariableService (no query), in
    /// workflow activities, which have no such service, with one query for the definitions and their current values.</summary>
    internal interface IVariableReader
    {
        string? Read(string schemaName);
    }

    /// <summary>IEnvironmentVariableService; a variable with neither value nor default reads as null.</summary>
    internal sealed class ServiceVariableReader : IVariableReader
    {
        private readonly IEnvironmentVariableService? _service;

        public ServiceVariableReader(IEnvironmentVariableService? service) => _service = service;

        public string? Read(string schemaName)
        {
            if (_service == null) return null;
            try
            {
                var value = _service.RetrieveEnvironmentVariableValue(schemaName);
                return string.IsNullOrWhiteSpace(value) ? null : value;
            }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault>)
            {
                // No value and no default (e.g. mci_SalesExecutiveEmail before the admin sets it).
                return null;
            }
        }
    }

    /// <summary>The definitions asked for, with their current value or default, read in one query when first needed.</summary>
    internal sealed class QueryVariableReader : IVariableReader
    {
        private readonly IOrganizationService _service;
        private readonly string[] _names;
        private Dictionary<string, string?>? _values;

        public QueryVariableReader(IOrganizationService service, params string[] names)
        {
            _service = service;
            _names = names;
        }

        public string? Read(string schemaName)
        {
            if (_values == null) _values = Load();
            return _values.TryGetValue(schemaName, out var value) ? value : null;
        }

        private Dictionary<string, string?> Load()
        {
            var query = new QueryExpression(EnvironmentVariableDefinition.EntityName)
            {
                ColumnSet = new ColumnSet(EnvironmentVariableDefinition.SchemaName, EnvironmentVariableDefinition.DefaultValue),
            };
            query.Criteria.AddCondition(EnvironmentVariableDefinition.SchemaName, ConditionOperator.In, _names.Cast<object>().ToArray());
            var current = query.AddLink(EnvironmentVariableValue.EntityName, EnvironmentVariableDefinition.Id, EnvironmentVariableValue.DefinitionId, JoinOperator.LeftOuter);
            current.EntityAlias = "v";
            current.Columns = new ColumnSet(EnvironmentVariableValue.Value);
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in _service.RetrieveMultiple(query).Entities)
            {
                var name = row.GetAttributeValue<string>(EnvironmentVariableDefinition.SchemaName);
                if (name == null) continue;
                var value = new Row(row, "v").Text(EnvironmentVariableValue.Value) ?? row.GetAttributeValue<string>(EnvironmentVariableDefinition.DefaultValue);
                values[name] = string.IsNullOrWhiteSpace(value) ? null : value;
            }
            return values;
        }
    }
}
