using Mci.Emulator.Concurrency;
using Mci.Emulator.Tests.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Tests;

/// <summary>
/// Row write locks held until the transaction ends, and a deterministic way to interleave two transactions
/// (Dataverse.Interleave): a second writer of a row waits for the first, then sees what it committed; a rollback
/// releases the lock; reads never wait (read committed).
/// </summary>
public class InterleavingTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;
    private Guid _p;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
        _p = _admin.CreateParent("P", more: e => e["test_count"] = 0);
    }

    private int CountOf(Guid id) => (int)_env.Peek("test_parent", id)!["test_count"];

    private static UpdateRequest SetCount(Guid id, int count) => new() { Target = new Entity("test_parent", id) { ["test_count"] = count } };

    private static RetrieveRequest ReadCount(Guid id) => new() { Target = new EntityReference("test_parent", id), ColumnSet = new ColumnSet("test_count") };

    [Test]
    public void A_second_writer_of_a_row_waits_for_the_first_transaction_then_sees_what_it_committed()
    {
        using var run = _env.Interleave();
        var first = run.Start("first", () => _admin.Update(new Entity("test_parent", _p) { ["test_count"] = 1 }), PausePoint.BeforeCommit);
        ExecuteTransactionResponse? seen = null;
        var second = run.Start("second", () => seen = (ExecuteTransactionResponse)_admin.Execute(new ExecuteTransactionRequest
        {
            // The pre-lock pattern: write the row first (its lock), then read it.
            Requests = new OrganizationRequestCollection { SetCount(_p, 10), ReadCount(_p) },
            ReturnResponses = true,
        }));
        Assert.Multiple(() =>
        {
            Assert.That(first.State, Is.EqualTo(CallState.Paused));
            Assert.That(second.State, Is.EqualTo(CallState.Waiting));
            Assert.That(second.WaitingFor, Is.EqualTo($"test_parent {_p:D}, locked by 'first'"));
            Assert.That(CountOf(_p), Is.Zero, "nothing of either is committed yet");
        });

        first.Resume();
        Assert.Multiple(() =>
        {
            Assert.That(first.State, Is.EqualTo(CallState.Succeeded));
            Assert.That(second.State, Is.EqualTo(CallState.Succeeded), "the second went on by itself once the first committed");
            Assert.That(CountOf(_p), Is.EqualTo(10), "the second wrote last");
        });
        var read = (RetrieveResponse)seen!.Responses[1];
        Assert.That(read.Entity["test_count"], Is.EqualTo(10), "inside its transaction the second reads its own write, made after the first committed");
    }

    [Test]
    public void A_waiting_writer_reads_the_first_writers_committed_value_once_it_has_the_lock()
    {
        var other = _admin.CreateParent("Q");
        using var run = _env.Interleave();
        var first = run.Start("first", () => _admin.Execute(new ExecuteTransactionRequest { Requests = new OrganizationRequestCollection { SetCount(_p, 1), SetCount(other, 1) } }), PausePoint.BeforeCommit);
        ExecuteTransactionResponse? seen = null;
        var second = run.Start("second", () => seen = (ExecuteTransactionResponse)_admin.Execute(new ExecuteTransactionRequest
        {
            Requests = new OrganizationRequestCollection { new UpdateRequest { Target = new Entity("test_parent", other) { ["test_name"] = "locked first" } }, ReadCount(_p) },
            ReturnResponses = true,
        }));
        Assert.That(second.State, Is.EqualTo(CallState.Waiting));
        first.Resume();
        Assert.That(((RetrieveResponse)seen!.Responses[1]).Entity["test_count"], Is.EqualTo(1), "the first's committed count, not the 0 it read as before");
    }

    [Test]
    public void A_rollback_releases_the_lock_and_the_waiting_writer_sees_the_row_as_it_was()
    {
        using var run = _env.Interleave();
        var first = run.Start("first", () => _admin.Execute(new ExecuteTransactionRequest
        {
            Requests = new OrganizationRequestCollection { SetCount(_p, 5), new CreateRequest { Target = new Entity("test_parent") { ["test_name"] = new string('x', 101) } } },
        }), PausePoint.AfterWriting("test_parent", _p));
        ExecuteTransactionResponse? seen = null;
        var second = run.Start("second", () => seen = (ExecuteTransactionResponse)_admin.Execute(new ExecuteTransactionRequest
        {
            Requests = new OrganizationRequestCollection { new UpdateRequest { Target = new Entity("test_parent", _p) { ["test_name"] = "second" } }, ReadCount(_p) },
            ReturnResponses = true,
        }));
        Assert.That((first.State, second.State), Is.EqualTo((CallState.Paused, CallState.Waiting)));
        first.Resume();
        Assert.Multiple(() =>
        {
            Assert.That(first.State, Is.EqualTo(CallState.Failed));
            Assert.That(first.Fault!.ErrorCode, Is.EqualTo(ErrorCodes.ValidationError));
            Assert.That(second.State, Is.EqualTo(CallState.Succeeded));
            Assert.That(((RetrieveResponse)seen!.Responses[1]).Entity["test_count"], Is.Zero, "the first's write was rolled back");
            Assert.That(_env.Peek("test_parent", _p)!["test_name"], Is.EqualTo("second"));
        });
    }

    [Test]
    public void Reads_never_wait_and_see_only_committed_rows()
    {
        using var run = _env.Interleave();
        var created = Guid.NewGuid();
        var first = run.Start("first", () => _admin.Execute(new ExecuteTransactionRequest
        {
            Requests = new OrganizationRequestCollection { SetCount(_p, 1), new CreateRequest { Target = new Entity("test_parent", created) { ["test_name"] = "new" } } },
        }), PausePoint.BeforeCommit);
        int? readByCall = null;
        var reader = run.Start("reader", () => readByCall = (int)_admin.Retrieve("test_parent", _p, new ColumnSet("test_count"))["test_count"]);
        Assert.Multiple(() =>
        {
            Assert.That(reader.State, Is.EqualTo(CallState.Succeeded), "a read does not wait for a write lock");
            Assert.That(readByCall, Is.Zero);
            Assert.That(_admin.Retrieve("test_parent", _p, new ColumnSet("test_count"))["test_count"], Is.Zero, "the test's own thread reads committed rows too");
            Assert.That(_admin.RetrieveMultiple(new QueryExpression("test_parent")).Entities.Select(e => e.Id), Is.EqualTo(new[] { _p }), "a row created by an open transaction is not there yet");
            Assert.That(_env.Count("test_parent"), Is.EqualTo(1));
        });
        first.Resume();
        Assert.That(_admin.RetrieveMultiple(new QueryExpression("test_parent")).Entities, Has.Count.EqualTo(2));
    }

    [Test]
    public void Writers_of_different_rows_do_not_wait_for_each_other()
    {
        var other = _admin.CreateParent("Q");
        using var run = _env.Interleave();
        var first = run.Start("first", () => _admin.Execute(SetCount(_p, 1)), PausePoint.BeforeCommit);
        var second = run.Start("second", () => _admin.Execute(SetCount(other, 2)));
        Assert.That((first.State, second.State), Is.EqualTo((CallState.Paused, CallState.Succeeded)));
        Assert.That(CountOf(other), Is.EqualTo(2));
    }

    [Test]
    public void The_tests_own_thread_cannot_wait_for_a_locked_row_and_is_told_which_call_holds_it()
    {
        using var run = _env.Interleave();
        run.Start("first", () => _admin.Execute(SetCount(_p, 1)), PausePoint.BeforeCommit);
        var e = Assert.Throws<InvalidOperationException>(() => _admin.Execute(SetCount(_p, 2)))!;
        Assert.That(e.Message, Does.Contain($"test_parent row {_p:D} is locked by 'first'").And.Contain("Start this work as an interleaved call too"));
    }

    [Test]
    public void Two_calls_waiting_for_each_other_deadlock_and_the_victim_is_rolled_back()
    {
        var other = _admin.CreateParent("Q", more: e => e["test_count"] = 0);
        using var run = _env.Interleave();
        var first = run.Start("first", () => _admin.Execute(new ExecuteTransactionRequest { Requests = new OrganizationRequestCollection { SetCount(_p, 1), SetCount(other, 1) } }),
            PausePoint.AfterWriting("test_parent", _p));
        var second = run.Start("second", () => _admin.Execute(new ExecuteTransactionRequest { Requests = new OrganizationRequestCollection { SetCount(other, 2), SetCount(_p, 2) } }));
        Assert.That(second.State, Is.EqualTo(CallState.Waiting));
        first.Resume();
        Assert.Multiple(() =>
        {
            Assert.That(first.State, Is.EqualTo(CallState.Failed));
            Assert.That(first.Fault!.ErrorCode, Is.EqualTo(ErrorCodes.SqlError));
            Assert.That(first.Fault.Message, Does.Contain("deadlock victim"));
            Assert.That(second.State, Is.EqualTo(CallState.Succeeded));
            Assert.That((CountOf(_p), CountOf(other)), Is.EqualTo((2, 2)), "only the survivor's writes remain");
        });
    }

    [Test]
    public void Async_steps_of_a_paused_transaction_are_queued_only_when_it_commits()
    {
        using var run = _env.Interleave();
        var first = run.Start("first", () => _admin.Update(new Entity("test_parent", _p) { ["test_kind"] = new OptionSetValue(100000001) }), PausePoint.BeforeCommit);
        Assert.That(_env.PendingAsyncJobs, Is.Zero);
        first.Resume();
        Assert.That(_env.PendingAsyncJobs, Is.EqualTo(1));
    }

    [Test]
    public void Ending_the_interleaving_rolls_back_every_call_still_paused_or_waiting()
    {
        var before = _env.Snapshot();
        InterleavedCall first, second;
        using (var run = _env.Interleave())
        {
            first = run.Start("first", () => _admin.Execute(SetCount(_p, 1)), PausePoint.BeforeCommit);
            second = run.Start("second", () => _admin.Execute(SetCount(_p, 2)));
        }
        Assert.Multiple(() =>
        {
            Assert.That(first.Error, Is.InstanceOf<InterleavingAbortedException>());
            Assert.That(second.Error, Is.InstanceOf<InterleavingAbortedException>());
            Assert.That(_env.Snapshot().DifferencesFrom(before), Is.Empty);
        });
        Assert.DoesNotThrow(() => _admin.Execute(SetCount(_p, 3)), "no lock is left behind");
        Assert.Throws<InvalidOperationException>(() => first.Resume());
    }

    [Test]
    public void One_interleaving_at_a_time()
    {
        using var run = _env.Interleave();
        Assert.Throws<InvalidOperationException>(() => _env.Interleave());
    }
}
