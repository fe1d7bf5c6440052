using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Mci.Rules
{
    /// <summary>The opportunity fields whose change everyone hears about.</summary>
    public sealed record OpportunityFacts
    {
        /// <summary>stepname (or the active stage's name).</summary>
        public string? Stage { get; init; }
        /// <summary>estimatedvalue.</summary>
        public decimal? EstimatedValue { get; init; }
        /// <summary>estimatedclosedate (compared by date).</summary>
        public DateTime? EstimatedCloseDate { get; init; }
        /// <summary>statuscode.</summary>
        public OpportunityStatus? Status { get; init; }
        /// <summary>mci_allocationstatus.</summary>
        public AllocationStatus? Allocation { get; init; }
    }

    /// <summary>An opportunity change (plug-in on update of opportunity, post-operation, pre- and post-image).</summary>
    public sealed record ChangeNoteInput
    {
        /// <summary>The opportunity's name.</summary>
        public string? OpportunityName { get; init; }
        /// <summary>From the pre-image.</summary>
        public OpportunityFacts Before { get; init; } = new OpportunityFacts();
        /// <summary>From the post-image.</summary>
        public OpportunityFacts After { get; init; } = new OpportunityFacts();
        /// <summary>The user who made the change (not notified).</summary>
        public Guid ActorId { get; init; }
        /// <summary>That user's full name.</summary>
        public string? ActorName { get; init; }
        /// <summary>Members of the collaborating teams (see <see cref="ChangeNotes.CollaboratingTeams"/>), duplicates allowed.</summary>
        public IReadOnlyList<Guid> TeamMemberIds { get; init; } = Array.Empty<Guid>();
    }

    /// <summary>One timeline note (annotation) and the users to notify in-app.</summary>
    public sealed record ChangeNote
    {
        /// <summary>The fields that changed, in a fixed order.</summary>
        public IReadOnlyList<OpportunityField> Changes { get; init; } = Array.Empty<OpportunityField>();
        /// <summary>annotation.subject and the in-app notification's title: English · Chinese.</summary>
        public string Subject { get; init; } = string.Empty;
        /// <summary>annotation.notetext and the notification's body: the English block, a blank line, the Chinese block.</summary>
        public string Text { get; init; } = string.Empty;
        /// <summary>Every member of the collaborating teams except the one who made the change, each once.</summary>
        public IReadOnlyList<Guid> Recipients { get; init; } = Array.Empty<Guid>();
    }

    /// <summary>"Everyone hears": what changed from what to what, written once in both languages (the note is read by
    /// users of either language), and who is told.</summary>
    public static class ChangeNotes
    {
        /// <summary>The note for a change, or null when none of the watched fields changed.</summary>
        public static ChangeNote? Compose(ChangeNoteInput input)
        {
            var changes = new List<KeyValuePair<OpportunityField, object?[]>>();
            void Track(OpportunityField field, object? from, object? to, bool changed)
            {
                if (changed) changes.Add(new KeyValuePair<OpportunityField, object?[]>(field, new[] { field, Texts.OrEmpty(from), Texts.OrEmpty(to) }));
            }
            var before = input.Before;
            var after = input.After;
            var stageFrom = Blank(before.Stage);
            var stageTo = Blank(after.Stage);
            Track(OpportunityField.Stage, stageFrom, stageTo, !string.Equals(stageFrom, stageTo, StringComparison.Ordinal));
            Track(OpportunityField.EstimatedValue, before.EstimatedValue, after.EstimatedValue, before.EstimatedValue != after.EstimatedValue);
            Track(OpportunityField.EstimatedCloseDate, before.EstimatedCloseDate?.Date, after.EstimatedCloseDate?.Date,
                before.EstimatedCloseDate?.Date != after.EstimatedCloseDate?.Date);
            Track(OpportunityField.Status, before.Status, after.Status, before.Status != after.Status);
            Track(OpportunityField.Allocation, before.Allocation, after.Allocation, before.Allocation != after.Allocation);
            if (changes.Count == 0) return null;

            return new ChangeNote
            {
                Changes = changes.Select(c => c.Key).ToArray(),
                Subject = Texts.Both(Messages.NoteSubject, input.OpportunityName),
                Text = Block(input, changes, UiLanguage.English) + "\n\n" + Block(input, changes, UiLanguage.SimplifiedChinese),
                Recipients = Recipients(input.TeamMemberIds, input.ActorId),
            };
        }

        /// <summary>The collaborating teams: lead team, presales team, then the teams of the split lines; each once.</summary>
        public static IReadOnlyList<Guid> CollaboratingTeams(Guid? leadTeamId, Guid? presalesTeamId, IEnumerable<SplitLine> lines)
            => new[] { leadTeamId, presalesTeamId }.Concat(lines.Select(l => l.TeamId))
                .Where(id => id != null && id != Guid.Empty).Select(id => id!.Value).Distinct().ToArray();

        /// <summary>Each member once, in first-seen order, without the user who made the change.</summary>
        public static IReadOnlyList<Guid> Recipients(IEnumerable<Guid> memberIds, Guid actorId)
            => memberIds.Where(id => id != Guid.Empty && id != actorId).Distinct().ToArray();

        private static string Block(ChangeNoteInput input, IEnumerable<KeyValuePair<OpportunityField, object?[]>> changes, UiLanguage language)
        {
            var text = new StringBuilder(Texts.Format(Messages.NoteHeading, language, new object?[] { input.OpportunityName }));
            foreach (var change in changes) text.Append('\n').Append(Texts.Format(Messages.NoteLine, language, change.Value));
            if (input.ActorName != null) text.Append('\n').Append(Texts.Format(Messages.NoteChangedBy, language, new object?[] { input.ActorName }));
            return text.ToString();
        }

        private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
