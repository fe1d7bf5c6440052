using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Plugins.Registration;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Everyone hears (asynchronous PostOperation: the seller's save does not wait for it). On Update of opportunity
    /// (filtering stage, estimated value, close date, status, allocation; pre- and post-image of those) and on the win
    /// (Create of opportunityclose made by a Win): one timeline note (annotation) saying what changed from what to what,
    /// and one in-app notification (appnotification) for each member of the lead, presales and split teams but the user
    /// who made the change. One query for the members; one Create for the note and one per notification, as SYSTEM (the
    /// notifications belong to their recipients). A Win also closes the opportunity with an Update of its status inside
    /// the Win: that Update is left to the close activity's step, so a win is told once. Where Dataverse runs no Create steps
    /// for that close activity, an admin registers the by-hand step on Win instead (see WinFallback: still told once).
    /// </summary>
    public sealed class ChangeNotePlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        internal const string PostImage = "PostImage";

        public ChangeNotePlugin() : base() { }

        public ChangeNotePlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
        {
            var told = new[] { Opportunity.StepName, Opportunity.EstimatedValue, Opportunity.EstimatedCloseDate, Opportunity.StatusCode, Opportunity.AllocationStatus };
            steps.On(MessageNames.Update, Opportunity.EntityName, Stage.PostOperation).Asynchronous()
                .Filter(told.Concat(new[] { Opportunity.StateCode }).ToArray())
                .PreImage(PreImage, told)
                .PostImage(PostImage, told.Concat(new[] { Opportunity.Name }).ToArray())
                .Describe("Everyone hears: one timeline note and a notification per collaborator; the seller's save does not wait for it.")
                .Handle(OnUpdate);
            steps.On(MessageNames.Create, OpportunityClose.EntityName, Stage.PostOperation).Asynchronous()
                .Describe("A win is told once: the close activity a Win creates (the status Update inside the Win is left to this step).")
                .Handle(OnWin);
            steps.ByHand(MessageNames.Win, Opportunity.EntityName, Stage.PostOperation).Asynchronous()
                .When(WinFallback.Condition)
                .Describe("A win is told once, on the Win itself (the fallback when Dataverse runs no Create steps for the close activity a Win makes; with both registered, the close activity's step leaves the win to this one).")
                .Handle(OnWinByHand);
        }

        private static void OnUpdate(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsInside(context, MessageNames.Win, Opportunity.EntityName)) return; // told by the close activity's step
            if (!context.PreEntityImages.TryGetValue(PreImage, out var pre) || !context.PostEntityImages.TryGetValue(PostImage, out var post)) return;
            var after = new Row(post);
            Tell(local, context.PrimaryEntityId, after.Text(Opportunity.Name), Map.Facts(new Row(pre)), Map.Facts(after));
        }

        private static void OnWin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var opportunityId = WinGatePlugin.WonOpportunity(context);
            if (opportunityId == null) return; // a close activity not made by a Win (a Lose, or a plain create)
            if (WinFallback.IsHandledOnWin(context))
            {
                local.Trace("The by-hand steps on Win handle this win: it is told there.");
                return;
            }
            // The status before comes from the win gate of the same Create pipeline; the status after from the Win.
            var target = PipelineContext.Target(context);
            var before = WinGatePlugin.StatusBefore.TryGet(context, PipelineContext.RecordId(context, target), out var code) ? code : OpportunityStatusValue.InProgress;
            var caller = PipelineContext.Caller(context);
            TellWin(local, opportunityId.Value, before, caller?.InputParameters);
        }

        /// <summary>The by-hand step on Win of opportunity: the status before from the by-hand gate of the same Win, the status after from the Win.</summary>
        private static void OnWinByHand(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var opportunityId = WinFallback.Opportunity(context);
            var before = WinGatePlugin.StatusBefore.TryGet(context, opportunityId, out var code) ? code : OpportunityStatusValue.InProgress;
            TellWin(local, opportunityId, before, context.InputParameters);
        }

        /// <summary>Tells a win: the status after is the Win's Status parameter (Won when absent).</summary>
        private static void TellWin(ILocalPluginContext local, Guid opportunityId, int before, ParameterCollection? win)
        {
            var won = win != null && win.TryGetValue("Status", out var s) && s is OptionSetValue o ? o.Value : OpportunityStatusValue.Won;
            var opportunity = new Row(local.SystemService.Retrieve(Opportunity.EntityName, opportunityId, new ColumnSet(Opportunity.Name)));
            Tell(local, opportunityId, opportunity.Text(Opportunity.Name),
                new OpportunityFacts { Status = Choices.OpportunityStatus(new OptionSetValue(before)) },
                new OpportunityFacts { Status = Choices.OpportunityStatus(new OptionSetValue(won)) });
        }

        private static void Tell(ILocalPluginContext local, Guid opportunityId, string? name, OpportunityFacts before, OpportunityFacts after)
        {
            var context = local.PluginExecutionContext;
            var input = new ChangeNoteInput { OpportunityName = name, Before = before, After = after, ActorId = context.InitiatingUserId };
            if (ChangeNotes.Compose(input) == null) return; // nothing watched changed: no query, no note

            var collaborators = Collaborators.Load(local.SystemService, opportunityId, context.InitiatingUserId);
            var note = ChangeNotes.Compose(input with { ActorName = collaborators.ActorName, TeamMemberIds = collaborators.MemberIds })!;
            var opportunity = new EntityReference(Opportunity.EntityName, opportunityId);
            local.SystemService.Create(new Entity(Annotation.EntityName)
            {
                [Annotation.ObjectId] = opportunity,
                [Annotation.Subject] = note.Subject,
                [Annotation.NoteText] = note.Text,
            });
            if (note.Recipients.Count == 0) return;
            var notifications = note.Recipients.Select(user => new Entity(AppNotification.EntityName)
            {
                [AppNotification.Title] = note.Subject,
                [AppNotification.Body] = note.Text,
                [AppNotification.OwnerId] = new EntityReference(SystemUser.EntityName, user),
                [AppNotification.IconType] = new OptionSetValue(AppNotification.IconInfo),
                [AppNotification.ToastType] = new OptionSetValue(AppNotification.ToastTimed),
                [AppNotification.Data] = OpenRecordAction(opportunityId),
            }).ToList();
            foreach (var notification in notifications) local.SystemService.Create(notification);
            local.Trace("Note written; " + notifications.Count + " notification(s) sent.");
        }

        /// <summary>The notification's action: open the opportunity (the data format of in-app notifications).</summary>
        private static string OpenRecordAction(Guid opportunityId)
            => "{\"actions\":[{\"title\":\"Open · 打开\",\"data\":{\"url\":\"?pagetype=entityrecord&etn=opportunity&id=" + opportunityId.ToString("D") + "\",\"navigationTarget\":\"newWindow\"}}]}";
    }
}
