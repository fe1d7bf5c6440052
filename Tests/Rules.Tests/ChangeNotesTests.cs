namespace Mci.Rules.Tests;

public class ChangeNotesTests
{
    private static readonly Guid Actor = Guid.NewGuid(), Ann = Guid.NewGuid(), Bob = Guid.NewGuid(), Cai = Guid.NewGuid();

    private static readonly OpportunityFacts Before = new()
    {
        Stage = "Qualify", EstimatedValue = 1_000_000m, EstimatedCloseDate = new DateTime(2025, 3, 31), Status = OpportunityStatus.InProgress, Allocation = AllocationStatus.Draft,
    };

    private static ChangeNote? Note(OpportunityFacts after, string? actorName = "Jane Doe") => ChangeNotes.Compose(new ChangeNoteInput
    {
        OpportunityName = "ERP rollout", Before = Before, After = after, ActorId = Actor, ActorName = actorName, TeamMemberIds = [Ann, Actor, Bob, Ann, Cai],
    });

    [Test]
    public void NothingWatchedChangedMeansNoNote()
    {
        Assert.That(Note(Before), Is.Null);
        Assert.That(Note(Before with { EstimatedValue = 1_000_000.00m }), Is.Null, "1000000 and 1000000.00 are the same value");
        Assert.That(Note(Before with { EstimatedCloseDate = new DateTime(2025, 3, 31, 16, 0, 0) }), Is.Null, "the close date is a date");
    }

    [Test]
    public void TheNoteSaysWhatChangedFromWhatToWhatInBothLanguages()
    {
        var note = Note(Before with { EstimatedValue = 2_000_000m })!;
        Assert.That(note.Changes, Is.EqualTo(new[] { OpportunityField.EstimatedValue }));
        Assert.That(note.Subject, Is.EqualTo("“ERP rollout” changed · “ERP rollout”已变更"));
        Assert.That(note.Text, Is.EqualTo(string.Join("\n",
            "“ERP rollout” changed:",
            "- Estimated value: 1,000,000.00 → 2,000,000.00",
            "Changed by Jane Doe.",
            "",
            "“ERP rollout”已变更：",
            "- 预计收入：1,000,000.00 → 2,000,000.00",
            "修改人：Jane Doe。")));
    }

    [Test]
    public void EveryWatchedFieldIsListedInAFixedOrder()
    {
        var note = Note(new OpportunityFacts
        {
            Stage = "Develop", EstimatedValue = null, EstimatedCloseDate = new DateTime(2025, 4, 30), Status = OpportunityStatus.Won, Allocation = AllocationStatus.Confirmed,
        })!;
        Assert.That(note.Changes, Is.EqualTo(new[]
        {
            OpportunityField.Stage, OpportunityField.EstimatedValue, OpportunityField.EstimatedCloseDate, OpportunityField.Status, OpportunityField.Allocation,
        }));
        Assert.That(note.Text, Does.Contain("- Stage: Qualify → Develop\n- Estimated value: 1,000,000.00 → (empty)\n- Estimated close date: 2025-03-31 → 2025-04-30\n- Status: In Progress → Won\n- Allocation: Draft → Confirmed"));
        Assert.That(note.Text, Does.Contain("- 阶段：Qualify → Develop\n- 预计收入：1,000,000.00 → （空）\n- 预计结束日期：2025-03-31 → 2025-04-30\n- 状态：进行中 → 赢单\n- 分配状态：草稿 → 已确认"));
    }

    [Test]
    public void EmptyBeforeValuesReadAsEmpty()
    {
        var note = ChangeNotes.Compose(new ChangeNoteInput { OpportunityName = "X", Before = new OpportunityFacts(), After = Before })!;
        Assert.That(note.Changes, Has.Count.EqualTo(5));
        Assert.That(note.Text, Does.Contain("- Stage: (empty) → Qualify"));
        Assert.That(note.Text, Does.Contain("- 分配状态：（空） → 草稿"));
        Assert.That(note.Text, Does.Not.Contain("Changed by"), "no name, no line");
    }

    [Test]
    public void ABlankStageIsAnEmptyStage()
        => Assert.That(ChangeNotes.Compose(new ChangeNoteInput { Before = new OpportunityFacts { Stage = "  " }, After = new OpportunityFacts() }), Is.Null);

    [Test]
    public void HostileValuesStayOnTheirLine()
    {
        var note = Note(Before with { Stage = "Close\n- Estimated value: 0.00 → 1.00 <b>" }, actorName: "Eve\r\nAdmin")!;
        var english = note.Text.Split("\n\n")[0].Split('\n');
        Assert.That(english, Has.Length.EqualTo(3));
        Assert.That(english[1], Is.EqualTo("- Stage: Qualify → Close - Estimated value: 0.00 → 1.00 <b>"));
        Assert.That(english[2], Is.EqualTo("Changed by Eve Admin."));
    }

    [Test]
    public void EveryCollaboratorButTheActorIsToldOnce()
    {
        var note = Note(Before with { Status = OpportunityStatus.OnHold })!;
        Assert.That(note.Recipients, Is.EqualTo(new[] { Ann, Bob, Cai }));
        Assert.That(ChangeNotes.Recipients([Actor, Guid.Empty], Actor), Is.Empty);
    }

    [Test]
    public void CollaboratingTeamsAreLeadPresalesAndSplitTeamsEachOnce()
    {
        Guid lead = Guid.NewGuid(), presales = Guid.NewGuid(), east = Guid.NewGuid();
        var lines = new[]
        {
            new SplitLine { TeamId = east }, new SplitLine { TeamId = lead }, new SplitLine { TeamId = presales, Type = SplitType.Overlay }, new SplitLine { TeamId = null },
        };
        Assert.That(ChangeNotes.CollaboratingTeams(lead, presales, lines), Is.EqualTo(new[] { lead, presales, east }));
        Assert.That(ChangeNotes.CollaboratingTeams(null, Guid.Empty, []), Is.Empty);
    }
}
