using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// The shares of one opportunity with its collaborating teams (<see cref="CollaboratorAccess"/> decides), read and
    /// changed with the SYSTEM service inside the transaction of the change that moved a team in or out, one request per
    /// change (GrantAccess, ModifyAccess, RevokeAccess: messages with published ids; plug-ins may not send batches).
    /// Reads only what a decision needs, each at most once per execution: the record's shares (RetrieveSharedPrincipalsAndAccess),
    /// the owner (a Retrieve, only when a team lacks rights and the owner is not yet known), and for a team that may have
    /// stopped working the deal its standing (one paged query: the opportunity with the team's lines).
    /// Pattern (Learn, "Sharing and assigning" and the GrantAccessRequest/ModifyAccessRequest reference): read the shares,
    /// GrantAccess a team without one, ModifyAccess a share that lacks rights with what it had plus these (ModifyAccess
    /// replaces a share's rights), RevokeAccess a share that is MCI's alone.
    /// </summary>
    internal sealed class DealAccess
    {
        private const string LineAlias = "line";

        private readonly IOrganizationService _system;
        private readonly Guid _dealId;
        private readonly Action<string> _trace;
        private EntityReference? _owner;
        private bool _ownerKnown;
        private Dictionary<Guid, ShareRights>? _shares;

        /// <param name="system">The SYSTEM service: sharing needs the Share privilege and Share access, which SYSTEM has
        /// and a seller adding a colleague's line may not.</param>
        /// <param name="owner">The opportunity's ownerid when the caller has it from an image; read on demand otherwise.</param>
        public DealAccess(IOrganizationService system, Guid dealId, Action<string> trace, EntityReference? owner = null)
        {
            _system = system;
            _dealId = dealId;
            _trace = trace;
            if (owner != null) SetOwner(owner);
        }

        /// <summary>
        /// A team that now works the deal (a line of its own, or just made lead or presales team) keeps or gets its share:
        /// nothing more than the shares read when it has the rights already.
        /// </summary>
        public void Ensure(Guid teamId, TeamStanding standing)
        {
            if (teamId == Guid.Empty) return;
            var existing = Existing(teamId);
            if (CollaboratorAccess.Sufficient(existing)) return;
            Apply(teamId, CollaboratorAccess.Decide(standing with { IsOwner = IsOwner(teamId) }, existing));
        }

        /// <summary>
        /// Teams that may have stopped working the deal (their line went or moved, or they stopped being lead or presales
        /// team): their standing is read as it is now, in this transaction, and a team that no longer collaborates loses
        /// the share MCI gave it. Nothing is read beyond the standing when every team still collaborates or owns the deal.
        /// </summary>
        public void Release(IEnumerable<Guid> teamIds)
        {
            var teams = teamIds.Where(id => id != Guid.Empty).Distinct().ToList();
            if (teams.Count == 0) return;
            var standings = Standings(teams);
            foreach (var team in teams)
            {
                if (!standings.TryGetValue(team, out var standing)) return; // the opportunity is gone: its shares went with it
                if (standing.Collaborates || standing.IsOwner) continue;
                Apply(team, CollaboratorAccess.Decide(standing, Existing(team)));
            }
        }

        private void Apply(Guid teamId, ShareChange change)
        {
            var target = new EntityReference(Opportunity.EntityName, _dealId);
            var team = new EntityReference(Team.EntityName, teamId);
            switch (change.Action)
            {
                case ShareAction.Grant:
                    _system.Execute(new GrantAccessRequest { Target = target, PrincipalAccess = new PrincipalAccess { Principal = team, AccessMask = (AccessRights)(int)change.Rights } });
                    break;
                case ShareAction.Modify:
                    _system.Execute(new ModifyAccessRequest { Target = target, PrincipalAccess = new PrincipalAccess { Principal = team, AccessMask = (AccessRights)(int)change.Rights } });
                    break;
                case ShareAction.Revoke:
                    _system.Execute(new RevokeAccessRequest { Target = target, Revokee = team });
                    break;
                default:
                    if (_shares != null && _shares.TryGetValue(teamId, out var kept))
                        _trace("Team " + teamId + " keeps its share of opportunity " + _dealId + " (" + kept + "): it carries more than MCI gives, so it is not MCI's alone.");
                    return;
            }
            if (change.Action == ShareAction.Revoke) Shares.Remove(teamId);
            else Shares[teamId] = change.Rights;
            _trace(change.Action + " of opportunity " + _dealId + " for team " + teamId + (change.Action == ShareAction.Revoke ? "" : ": " + change.Rights) + ".");
        }

        /// <summary>The rights the team's share of the deal carries (its own and inherited), or null without a share.</summary>
        private ShareRights? Existing(Guid teamId) => Shares.TryGetValue(teamId, out var rights) ? rights : (ShareRights?)null;

        /// <summary>The record's shares with teams, read once (users' shares are not MCI's).</summary>
        private Dictionary<Guid, ShareRights> Shares
        {
            get
            {
                if (_shares != null) return _shares;
                var response = (RetrieveSharedPrincipalsAndAccessResponse)_system.Execute(new RetrieveSharedPrincipalsAndAccessRequest { Target = new EntityReference(Opportunity.EntityName, _dealId) });
                _shares = new Dictionary<Guid, ShareRights>();
                foreach (var access in response.PrincipalAccesses ?? new PrincipalAccess[0])
                {
                    if (access?.Principal == null || access.Principal.LogicalName != Team.EntityName) continue;
                    _shares[access.Principal.Id] = _shares.TryGetValue(access.Principal.Id, out var seen) ? seen | (ShareRights)(int)access.AccessMask : (ShareRights)(int)access.AccessMask;
                }
                return _shares;
            }
        }

        private bool IsOwner(Guid teamId)
        {
            if (!_ownerKnown)
                SetOwner(_system.Retrieve(Opportunity.EntityName, _dealId, new ColumnSet(Opportunity.OwnerId)).GetAttributeValue<EntityReference>(Opportunity.OwnerId));
            return _owner != null && _owner.LogicalName == Team.EntityName && _owner.Id == teamId;
        }

        private void SetOwner(EntityReference? owner)
        {
            _owner = owner;
            _ownerKnown = true;
        }

        /// <summary>One query: the opportunity (owner, lead and presales team) outer-joined to the lines of these teams, every
        /// page. Empty when the opportunity does not exist.</summary>
        private Dictionary<Guid, TeamStanding> Standings(IReadOnlyList<Guid> teams)
        {
            var rows = Paging.RetrieveAllIn(_system, teams, chunk =>
            {
                var query = new QueryExpression(Opportunity.EntityName) { ColumnSet = new ColumnSet(Opportunity.OwnerId, Opportunity.LeadTeamId, Opportunity.PresalesTeamId) };
                query.Criteria.AddCondition(Opportunity.Id, ConditionOperator.Equal, _dealId);
                var lines = query.AddLink(OpportunitySplit.EntityName, Opportunity.Id, OpportunitySplit.OpportunityId, JoinOperator.LeftOuter);
                lines.EntityAlias = LineAlias;
                lines.Columns = new ColumnSet(OpportunitySplit.TeamId);
                lines.LinkCriteria.AddCondition(OpportunitySplit.TeamId, ConditionOperator.In, chunk);
                return query;
            }, rootRowsRepeat: true);
            var result = new Dictionary<Guid, TeamStanding>();
            if (rows.Count == 0) return result;
            var deal = new Row(rows[0]);
            SetOwner(deal.Ref(Opportunity.OwnerId));
            var holding = new HashSet<Guid>(rows.Select(r => new Row(r, LineAlias).Id(OpportunitySplit.TeamId)).Where(id => id != null).Select(id => id!.Value));
            foreach (var team in teams)
            {
                result[team] = new TeamStanding
                {
                    IsOwner = IsOwner(team),
                    IsLead = deal.RefId(Opportunity.LeadTeamId) == team,
                    IsPresales = deal.RefId(Opportunity.PresalesTeamId) == team,
                    HoldsLine = holding.Contains(team),
                };
            }
            return result;
        }
    }
}
