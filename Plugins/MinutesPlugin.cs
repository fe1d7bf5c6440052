using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Allocation minutes (mci_allocationminutes), registered on CreateMultiple and UpdateMultiple (a single Create or
    /// Update reaches the same steps) and on Delete.
    /// PreOperation: the stamps (snapshot, version, confirmed by/on) are MCI's alone, so values a user sends for them are
    /// dropped; every status change of the batch goes through the minutes rules in order, with the opportunities, their
    /// lines and their minutes (one query for the batch) as the batch's earlier changes left them (two minutes of one
    /// deal confirmed in one batch: the second is refused), and, when confirming or reopening, the user's name and roles
    /// (one query): only a sales executive or system administrator confirms or reopens. Confirming stamps the Target.
    /// Confirmed or superseded minutes stay with their opportunity, and superseded ones keep their reopen reason.
    /// PostOperation: locks (or unlocks) the lines and sets the opportunities' allocation, as a system change.
    /// PreOperation Delete: only drafts may be deleted, except in the cascade of an opportunity's Delete.
    /// </summary>
    public sealed class MinutesPlugin : PluginBase
    {
        internal const string PreImage = "PreImage";
        private const string LinesKey = "mci_MinutesLines";
        private const string AllocationsKey = "mci_MinutesAllocations";

        /// <summary>Columns only MCI writes (when it confirms).</summary>
        private static readonly string[] Stamps = { AllocationMinutes.Snapshot, AllocationMinutes.Version, AllocationMinutes.ConfirmedById, AllocationMinutes.ConfirmedOn };

        /// <summary>Columns whose change the rules judge.</summary>
        private static readonly string[] Judged = { AllocationMinutes.Status, AllocationMinutes.OpportunityId, AllocationMinutes.ReopenReason };

        private static readonly string[] OpportunityColumns = { Opportunity.Name, Opportunity.EstimatedValue, Opportunity.AllocationStatus };
        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SellerId, OpportunitySplit.SplitType, OpportunitySplit.Percent, OpportunitySplit.Locked };
        private static readonly string[] MinutesColumns = { AllocationMinutes.Name, AllocationMinutes.Status, AllocationMinutes.Version };

        public MinutesPlugin() : base() { }

        public MinutesPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsMessage(context, MessageNames.Delete))
            {
                OnDelete(local);
                return;
            }
            if (context.Stage == Stages.PostOperation) ApplyToLines(local);
            else OnSave(local);
        }

        private sealed class Item
        {
            public Entity Target = null!;
            public Entity After = null!;
            public Guid Id;
            public MinutesStatus? Before;
            public MinutesStatus Status;
            public EntityReference? From;
            public Guid? To;
        }

        private static void OnSave(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var create = PipelineContext.IsCreate(context);
            var targets = PipelineContext.Targets(context);
            var items = new List<Item>();
            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                foreach (var stamp in Stamps.Where(target.Contains))
                {
                    target.Attributes.Remove(stamp);
                    local.Trace("Dropped " + stamp + ": only confirming minutes sets it.");
                }
                if (!create && !Entities.TouchesAny(target, Judged)) continue;
                var pre = create ? null : PipelineContext.Image(context, i, PreImage, pre: true);
                var after = Entities.Merge(pre, target);
                var item = new Item
                {
                    Target = target, After = after, Id = PipelineContext.RecordId(context, target),
                    Before = pre == null ? (MinutesStatus?)null : Choices.MinutesStatus(new Row(pre).Option(AllocationMinutes.Status)) ?? MinutesStatus.Draft,
                    Status = Choices.MinutesStatus(new Row(after).Option(AllocationMinutes.Status)) ?? MinutesStatus.Draft,
                    From = pre?.GetAttributeValue<EntityReference>(AllocationMinutes.OpportunityId),
                    To = after.GetAttributeValue<EntityReference>(AllocationMinutes.OpportunityId)?.Id,
                };
                // Saving a draft, or the text of confirmed minutes, derives nothing and reads nothing.
                var moved = pre != null && item.From?.Id != item.To;
                var reasonOfSuperseded = item.Status == MinutesStatus.Superseded && target.Contains(AllocationMinutes.ReopenReason);
                if (item.Status == (item.Before ?? MinutesStatus.Draft) && !moved && !reasonOfSuperseded) continue;
                items.Add(item);
            }
            if (items.Count == 0) return;

            // Minutes without an opportunity have no lines: confirming them is refused by the rules (total 0.00%).
            var deals = OpportunityData.LoadMany(local.SystemService, items.Where(i => i.To != null).Select(i => i.To!.Value), OpportunityColumns, LineColumns, MinutesColumns)
                .ToDictionary(d => d.Key, d => new Deal(d.Value));
            var decides = items.Any(i => i.Status != (i.Before ?? MinutesStatus.Draft) && i.Status != MinutesStatus.Draft);
            var actor = decides ? Lookups.Actor(local.SystemService, context.InitiatingUserId, Lookups.ApproverRoles) : new Actor(null, false);
            var lines = new List<string>();
            foreach (var item in items)
            {
                var deal = item.To is Guid to && deals.TryGetValue(to, out var known) ? known : null;
                var result = MinutesRules.OnStatusChange(new MinutesChange
                {
                    OpportunityName = (item.Before is MinutesStatus b && b != MinutesStatus.Draft && item.From?.Id != item.To ? item.From?.Name : null) ?? deal?.Data.Name,
                    EstimatedValue = deal?.Data.EstimatedValue,
                    MinutesId = item.Id,
                    MinutesName = item.After.GetAttributeValue<string>(AllocationMinutes.Name),
                    Before = item.Before,
                    After = item.Status,
                    ReopenReason = item.After.GetAttributeValue<string>(AllocationMinutes.ReopenReason),
                    OtherMinutes = deal?.Minutes ?? new List<MinutesInfo>(),
                    Lines = deal?.Lines ?? new List<SplitLine>(),
                    ActorId = context.InitiatingUserId,
                    ActorName = actor.Name,
                    ActorMayConfirm = actor.HoldsRole,
                    Now = context.OperationCreatedOn,
                    OpportunityChanged = item.Before != null && item.From?.Id != item.To,
                });
                if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);

                var outcome = result.Value;
                if (outcome.Action == MinutesAction.None || deal == null) continue;
                if (outcome.Action == MinutesAction.Confirm)
                {
                    item.Target[AllocationMinutes.Version] = outcome.Version;
                    item.Target[AllocationMinutes.ConfirmedById] = new EntityReference(SystemUser.EntityName, outcome.ConfirmedById!.Value);
                    item.Target[AllocationMinutes.ConfirmedOn] = outcome.ConfirmedOn;
                    item.Target[AllocationMinutes.Snapshot] = outcome.Snapshot;
                }
                var locking = outcome.Action == MinutesAction.Confirm;
                var changed = locking ? outcome.LinesToLock : outcome.LinesToUnlock;
                lines.Add((locking ? "L" : "U") + "|" + item.Id.ToString("D") + "|" + string.Join(";", changed.Select(id => id.ToString("D"))));
                deal.Record(item.Id, item.After.GetAttributeValue<string>(AllocationMinutes.Name), outcome, changed);
            }

            if (lines.Count > 0) context.SharedVariables[LinesKey] = string.Join(",", lines);
            AllocationHandOver.Put(context, AllocationsKey, deals.Where(d => d.Value.Allocation != d.Value.Data.Allocation && d.Value.Allocation != null)
                .Select(d => new KeyValuePair<Guid, AllocationStatus>(d.Key, d.Value.Allocation!.Value)));
        }

        /// <summary>An opportunity of the batch: its lines and minutes as the batch's earlier changes left them.</summary>
        private sealed class Deal
        {
            public Deal(OpportunityData data)
            {
                Data = data;
                Lines = data.Lines.ToList();
                Minutes = data.Minutes.ToList();
                Allocation = data.Allocation;
            }

            public OpportunityData Data { get; }
            public List<SplitLine> Lines { get; }
            public List<MinutesInfo> Minutes { get; }
            public AllocationStatus? Allocation { get; private set; }

            public void Record(Guid minutesId, string? name, MinutesOutcome outcome, IReadOnlyList<Guid> changed)
            {
                var status = outcome.Action == MinutesAction.Confirm ? MinutesStatus.Confirmed : MinutesStatus.Superseded;
                var previous = Minutes.FirstOrDefault(m => m.Id == minutesId);
                Minutes.RemoveAll(m => m.Id == minutesId);
                Minutes.Add(new MinutesInfo { Id = minutesId, Name = name, Status = status, Version = outcome.Version ?? previous?.Version });
                for (var i = 0; i < Lines.Count; i++)
                    if (changed.Contains(Lines[i].Id)) Lines[i] = Lines[i] with { Locked = outcome.Action == MinutesAction.Confirm };
                if (outcome.NewAllocation != null) Allocation = outcome.NewAllocation;
            }
        }

        /// <summary>Locks or unlocks the lines (one UpdateMultiple) and sets the allocations: writes to other records, after the minutes are saved.</summary>
        private static void ApplyToLines(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var final = new Dictionary<Guid, Entity>();
            foreach (var action in (PipelineContext.Shared<string>(context, LinesKey) ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = action.Split('|');
                var locking = parts[0] == "L";
                var minutes = new EntityReference(AllocationMinutes.EntityName, Guid.Parse(parts[1]));
                foreach (var line in ParseIds(parts[2], ';'))
                {
                    var update = new Entity(OpportunitySplit.EntityName, line) { [OpportunitySplit.Locked] = locking };
                    if (locking) update[OpportunitySplit.MinutesId] = minutes;
                    else if (final.TryGetValue(line, out var earlier) && earlier.Contains(OpportunitySplit.MinutesId)) update[OpportunitySplit.MinutesId] = earlier[OpportunitySplit.MinutesId];
                    final[line] = update;
                }
            }
            var allocations = AllocationHandOver.Take(context, AllocationsKey);
            if (final.Count == 0 && allocations.Count == 0) return;

            PipelineContext.MarkSystemChange(context);
            if (final.Count > 0)
                local.SystemService.Execute(new UpdateMultipleRequest { Targets = new EntityCollection(final.Values.ToList()) { EntityName = OpportunitySplit.EntityName } });
            AllocationHandOver.Write(local.SystemService, allocations);
            local.Trace("Split lines locked or unlocked: " + final.Count + "; allocations written: " + allocations.Count + ".");
        }

        private static void OnDelete(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            if (PipelineContext.IsInside(context, MessageNames.Delete, Opportunity.EntityName)) return; // the deal goes, with its record
            var pre = context.PreEntityImages[PreImage];
            var row = new Row(pre);
            var result = MinutesRules.OnDelete(row.Text(AllocationMinutes.Name), row.Ref(AllocationMinutes.OpportunityId)?.Name, Choices.MinutesStatus(row.Option(AllocationMinutes.Status)));
            if (!result.IsOk) throw Refusals.Exception(result, local.SystemService, context.InitiatingUserId);
        }

        private static IEnumerable<Guid> ParseIds(string list, char separator)
            => list.Split(new[] { separator }, StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse);
    }
}
