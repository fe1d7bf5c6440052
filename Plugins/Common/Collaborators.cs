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
    /// The members of an opportunity's collaborating teams (lead team, presales team and the teams of its split lines, see
    /// <see cref="ChangeNotes.CollaboratingTeams"/>) and the name of the user who made a change, in ONE query (every page):
    /// enabled users, outer-joined to their team memberships and through them to the opportunity's split lines and to the
    /// opportunity itself as the team's lead or presales team; a user counts when one of their teams is joined, and the
    /// actor's row is kept for their name. The lead and presales teams are read as they are now, not from an image: routing
    /// writes the presales team after the save that changed it.
    /// </summary>
    internal sealed class Collaborators
    {
        private const string Membership = "m", Line = "s", Lead = "lead", Presales = "presales";

        private Collaborators(IReadOnlyList<Guid> memberIds, string? actorName)
        {
            MemberIds = memberIds;
            ActorName = actorName;
        }

        /// <summary>Members of the collaborating teams, each once (the actor included when a member).</summary>
        public IReadOnlyList<Guid> MemberIds { get; }

        public string? ActorName { get; }

        public static Collaborators Load(IOrganizationService service, Guid opportunityId, Guid actorId)
        {
            var query = new QueryExpression(SystemUser.EntityName) { ColumnSet = new ColumnSet(SystemUser.FullName) };
            query.Criteria.AddCondition(SystemUser.IsDisabled, ConditionOperator.Equal, false);
            var membership = query.AddLink(TeamMembership.EntityName, SystemUser.Id, TeamMembership.UserId, JoinOperator.LeftOuter);
            membership.EntityAlias = Membership;
            membership.Columns = new ColumnSet(TeamMembership.TeamId);
            var line = membership.AddLink(OpportunitySplit.EntityName, TeamMembership.TeamId, OpportunitySplit.TeamId, JoinOperator.LeftOuter);
            line.EntityAlias = Line;
            line.Columns = new ColumnSet(OpportunitySplit.Id);
            line.LinkCriteria.AddCondition(OpportunitySplit.OpportunityId, ConditionOperator.Equal, opportunityId);
            DealAs(membership, Lead, Opportunity.LeadTeamId, opportunityId);
            DealAs(membership, Presales, Opportunity.PresalesTeamId, opportunityId);

            var who = new FilterExpression(LogicalOperator.Or);
            who.AddCondition(SystemUser.Id, ConditionOperator.Equal, actorId);
            who.AddCondition(Line, OpportunitySplit.Id, ConditionOperator.NotNull);
            who.AddCondition(Lead, Opportunity.Id, ConditionOperator.NotNull);
            who.AddCondition(Presales, Opportunity.Id, ConditionOperator.NotNull);
            query.Criteria.AddFilter(who);

            string? actorName = null;
            var members = new List<Guid>();
            var seen = new HashSet<Guid>();
            foreach (var row in Paging.RetrieveAll(service, query, rootRowsRepeat: true))
            {
                if (row.Id == actorId) actorName = row.GetAttributeValue<string>(SystemUser.FullName);
                var credited = new Row(row, Line).Id(OpportunitySplit.Id) != null || new Row(row, Lead).Id(Opportunity.Id) != null || new Row(row, Presales).Id(Opportunity.Id) != null;
                if (credited && seen.Add(row.Id)) members.Add(row.Id);
            }
            return new Collaborators(members, actorName);
        }

        /// <summary>The opportunity, joined when the membership's team is its lead (or presales) team.</summary>
        private static void DealAs(LinkEntity membership, string alias, string teamLookup, Guid opportunityId)
        {
            var deal = membership.AddLink(Opportunity.EntityName, TeamMembership.TeamId, teamLookup, JoinOperator.LeftOuter);
            deal.EntityAlias = alias;
            deal.Columns = new ColumnSet(Opportunity.Id);
            deal.LinkCriteria.AddCondition(Opportunity.Id, ConditionOperator.Equal, opportunityId);
        }
    }
}
