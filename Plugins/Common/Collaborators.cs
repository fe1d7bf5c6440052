using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// The members of an opportunity's collaborating teams (lead team, presales team and the teams of its split lines)
    /// and the name of the user who made a change, in ONE query: enabled users, outer-joined to their team memberships
    /// and through them to the opportunity's split lines; a user counts when one of their teams is the lead or presales
    /// team or names a line, and the actor's row is kept for their name.
    /// </summary>
    internal sealed class Collaborators
    {
        private Collaborators(IReadOnlyList<Guid> memberIds, string? actorName)
        {
            MemberIds = memberIds;
            ActorName = actorName;
        }

        /// <summary>Members of the collaborating teams, each once (the actor included when a member).</summary>
        public IReadOnlyList<Guid> MemberIds { get; }

        public string? ActorName { get; }

        public static Collaborators Load(IOrganizationService service, Guid opportunityId, Guid? leadTeamId, Guid? presalesTeamId, Guid actorId)
        {
            // The rules' collaborating teams; the teams of the split lines come through the join below.
            var teams = ChangeNotes.CollaboratingTeams(leadTeamId, presalesTeamId, Array.Empty<SplitLine>()).Cast<object>().ToArray();
            var query = new QueryExpression(SystemUser.EntityName) { ColumnSet = new ColumnSet(SystemUser.FullName) };
            query.Criteria.AddCondition(SystemUser.IsDisabled, ConditionOperator.Equal, false);
            var membership = query.AddLink(TeamMembership.EntityName, SystemUser.Id, TeamMembership.UserId, JoinOperator.LeftOuter);
            membership.EntityAlias = "m";
            membership.Columns = new ColumnSet(TeamMembership.TeamId);
            var line = membership.AddLink(OpportunitySplit.EntityName, TeamMembership.TeamId, OpportunitySplit.TeamId, JoinOperator.LeftOuter);
            line.EntityAlias = "s";
            line.Columns = new ColumnSet(OpportunitySplit.Id);
            line.LinkCriteria.AddCondition(OpportunitySplit.OpportunityId, ConditionOperator.Equal, opportunityId);

            var who = new FilterExpression(LogicalOperator.Or);
            who.AddCondition(SystemUser.Id, ConditionOperator.Equal, actorId);
            who.AddCondition("s", OpportunitySplit.Id, ConditionOperator.NotNull);
            if (teams.Length > 0) who.AddCondition("m", TeamMembership.TeamId, ConditionOperator.In, teams);
            query.Criteria.AddFilter(who);

            string? actorName = null;
            var members = new List<Guid>();
            foreach (var row in Paging.RetrieveAll(service, query, rootRowsRepeat: true))
            {
                if (row.Id == actorId) actorName = row.GetAttributeValue<string>(SystemUser.FullName);
                var team = new Row(row, "m").Id(TeamMembership.TeamId);
                var credited = new Row(row, "s").Id(OpportunitySplit.Id) != null || (team != null && teams.Contains(team.Value));
                if (credited && !members.Contains(row.Id)) members.Add(row.Id);
            }
            return new Collaborators(members, actorName);
        }
    }
}
