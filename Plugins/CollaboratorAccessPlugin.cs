using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Plugins.Registration;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Access for collaborators (SPEC, Clarifications, "Collaborators can work the deal"): the opportunity is shared with
    /// every team that holds a split line on it, is its lead team or its routed presales team — read, write, append and
    /// append to — and the share goes when the team holds no line and is neither lead nor presales team
    /// (<see cref="CollaboratorAccess"/> decides, <see cref="DealAccess"/> reads and writes). Synchronous PostOperation
    /// steps, so the share is given or taken in the transaction of the change that moved the team in or out, after that
    /// change is saved (and judged: rank 2, behind the split line rules), written as SYSTEM.
    /// Triggers: a split line created, moved to another deal or given to another team, deleted; the lead team set on a new
    /// deal or changed; routing writing a new presales team (its SYSTEM Update of mci_presalesteamid).
    /// MCI's own line writes are skipped: routing's Overlay line belongs to the presales team, whose access follows the
    /// presales team (routing removes the previous team's Overlay line before it writes the new presales team, so the
    /// previous team is judged without it), and the minutes' locks change no team. The cascade of an opportunity's Delete
    /// is skipped too: the record's shares go with it.
    /// </summary>
    public sealed class CollaboratorAccessPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        internal const string PostImage = "PostImage";

        public CollaboratorAccessPlugin() : base() { }

        public CollaboratorAccessPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            var where = new[] { OpportunitySplit.OpportunityId, OpportunitySplit.TeamId };
            steps.On(MessageNames.Create, OpportunitySplit.EntityName, Stage.PostOperation)
                .Rank(2)
                .Describe("The line's team gets its share of the deal (read, write, append, append to) when it has none, after the split line rules (rank 2).")
                .Handle(LineCreated);
            steps.On(MessageNames.Update, OpportunitySplit.EntityName, Stage.PostOperation)
                .Rank(2).Filter(where).PreImage(PreImage, where).PostImage(PostImage, where)
                .Describe("A line moved to another deal or team: the new team gets its share; the previous team loses it when it no longer works that deal.")
                .Handle(LineChanged);
            steps.On(MessageNames.Delete, OpportunitySplit.EntityName, Stage.PostOperation)
                .Rank(2).PreImage(PreImage, where)
                .Describe("The line's team loses its share when it holds no other line and is neither lead nor presales team (never the owner).")
                .Handle(LineDeleted);
            steps.On(MessageNames.Create, Opportunity.EntityName, Stage.PostOperation)
                .Rank(2).PostImage(PostImage, Opportunity.OwnerId, Opportunity.LeadTeamId)
                .Describe("The lead team of a new deal gets its share (the presales team gets its own when routing writes it).")
                .Handle(DealCreated);
            steps.On(MessageNames.Update, Opportunity.EntityName, Stage.PostOperation)
                .Rank(2).Filter(Opportunity.LeadTeamId, Opportunity.PresalesTeamId)
                .PreImage(PreImage, Opportunity.OwnerId, Opportunity.LeadTeamId, Opportunity.PresalesTeamId)
                .Describe("A new lead or presales team gets its share; the previous one loses it when it holds no line and has no other role on the deal.")
                .Handle(TeamsChanged);
        }

        private static bool Skipped(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsSystemChange(context))
            {
                local.Trace("MCI's own line (routing's Overlay line or a lock): the presales team's access follows routing.");
                return true;
            }
            if (PipelineContext.IsInside(context, MessageNames.Delete, Opportunity.EntityName))
            {
                local.Trace("Part of deleting the opportunity: its shares go with it.");
                return true;
            }
            return false;
        }

        private static void LineCreated(ILocalPluginContext local)
        {
            if (Skipped(local)) return;
            var line = new Row(PipelineContext.Target(local.PluginExecutionContext));
            if (line.RefId(OpportunitySplit.OpportunityId) is Guid deal && line.RefId(OpportunitySplit.TeamId) is Guid team)
                Access(local, deal).Ensure(team, new TeamStanding { HoldsLine = true });
        }

        private static void LineChanged(ILocalPluginContext local)
        {
            if (Skipped(local)) return;
            var context = local.PluginExecutionContext;
            var before = new Row(PipelineContext.Image(context, PreImage, pre: true) ?? new Entity(OpportunitySplit.EntityName));
            var after = new Row(PipelineContext.Image(context, PostImage, pre: false) ?? new Entity(OpportunitySplit.EntityName));
            var (fromDeal, fromTeam) = (before.RefId(OpportunitySplit.OpportunityId), before.RefId(OpportunitySplit.TeamId));
            var (toDeal, toTeam) = (after.RefId(OpportunitySplit.OpportunityId), after.RefId(OpportunitySplit.TeamId));
            if (fromDeal == toDeal && fromTeam == toTeam) return; // the same team on the same deal: nothing moved
            var deals = new Dictionary<Guid, DealAccess>();
            DealAccess On(Guid id) => deals.TryGetValue(id, out var known) ? known : deals[id] = Access(local, id);
            if (toDeal is Guid joined && toTeam is Guid newTeam) On(joined).Ensure(newTeam, new TeamStanding { HoldsLine = true });
            if (fromDeal is Guid left && fromTeam is Guid oldTeam) On(left).Release(new[] { oldTeam });
        }

        private static void LineDeleted(ILocalPluginContext local)
        {
            if (Skipped(local)) return;
            var line = new Row(PipelineContext.Image(local.PluginExecutionContext, PreImage, pre: true) ?? new Entity(OpportunitySplit.EntityName));
            if (line.RefId(OpportunitySplit.OpportunityId) is Guid deal && line.RefId(OpportunitySplit.TeamId) is Guid team)
                Access(local, deal).Release(new[] { team });
        }

        private static void DealCreated(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = PipelineContext.Target(context);
            var deal = new Row(PipelineContext.Image(context, PostImage, pre: false) ?? target);
            if (deal.RefId(Opportunity.LeadTeamId) is Guid lead)
                Access(local, PipelineContext.RecordId(context, target), deal.Ref(Opportunity.OwnerId)).Ensure(lead, new TeamStanding { IsLead = true });
        }

        private static void TeamsChanged(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = PipelineContext.Target(context);
            var pre = PipelineContext.Image(context, PreImage, pre: true) ?? new Entity(Opportunity.EntityName);
            var before = new Row(pre);
            var after = new Row(Entities.Merge(pre, target));
            var (leadBefore, presalesBefore) = (before.RefId(Opportunity.LeadTeamId), before.RefId(Opportunity.PresalesTeamId));
            var (leadAfter, presalesAfter) = (after.RefId(Opportunity.LeadTeamId), after.RefId(Opportunity.PresalesTeamId));
            var concerned = CollaboratorAccess.TeamsConcerned(leadBefore, presalesBefore, leadAfter, presalesAfter);
            if (concerned.Count == 0) return;
            var access = Access(local, PipelineContext.RecordId(context, target), before.Ref(Opportunity.OwnerId));
            var released = new List<Guid>();
            foreach (var team in concerned)
            {
                var standing = new TeamStanding { IsLead = leadAfter == team, IsPresales = presalesAfter == team };
                if (standing.Collaborates) access.Ensure(team, standing);
                else released.Add(team);
            }
            access.Release(released);
        }

        private static DealAccess Access(ILocalPluginContext local, Guid dealId, EntityReference? owner = null)
            => new DealAccess(local.SystemService, dealId, message => local.Trace(message), owner);
    }
}
