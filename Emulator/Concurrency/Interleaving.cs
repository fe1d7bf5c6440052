using System;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using System.Threading;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Concurrency
{
    /// <summary>Where an interleaved call is.</summary>
    public enum CallState
    {
        /// <summary>Its thread runs (only ever seen from inside the call).</summary>
        Running,
        /// <summary>Stopped at its <see cref="PausePoint"/>, its transaction open and its locks held, until <see cref="InterleavedCall.Resume"/>.</summary>
        Paused,
        /// <summary>Blocked on a row another call's open transaction holds; it goes on by itself when that transaction ends.</summary>
        Waiting,
        Succeeded,
        Failed,
    }

    /// <summary>Where an interleaved call stops so that the test can run another one meanwhile.</summary>
    public sealed class PausePoint
    {
        private PausePoint(string? table, Guid id, string description)
        {
            Table = table;
            Id = id;
            Description = description;
        }

        /// <summary>Just before the call's first transaction commits: every lock it took is still held.</summary>
        public static PausePoint BeforeCommit { get; } = new(null, Guid.Empty, "before its transaction commits");

        /// <summary>Just after the call's transaction first writes this row (and so holds its write lock).</summary>
        public static PausePoint AfterWriting(string table, Guid id) => new(table, id, $"after writing {table} {id:D}");

        internal string? Table { get; }
        internal Guid Id { get; }
        public string Description { get; }

        public override string ToString() => Description;
    }

    /// <summary>One piece of work (usually one service call) run by <see cref="Interleaving"/> on a thread of its own.</summary>
    public sealed class InterleavedCall
    {
        private readonly Interleaving _owner;
        private readonly Action _work;
        internal readonly SemaphoreSlim Go = new(0);

        internal InterleavedCall(Interleaving owner, string name, Action work, PausePoint? pause)
        {
            _owner = owner;
            _work = work;
            Name = name;
            Pause = pause;
        }

        public string Name { get; }
        public CallState State { get; internal set; } = CallState.Running;
        /// <summary>What the work threw (a fault, as Dataverse reports it), when it failed.</summary>
        public Exception? Error { get; private set; }
        public OrganizationServiceFault? Fault => (Error as FaultException<OrganizationServiceFault>)?.Detail;
        /// <summary>While <see cref="CallState.Waiting"/>: the row and the call holding it.</summary>
        public string? WaitingFor { get; internal set; }
        internal PausePoint? Pause { get; }
        internal bool Paused;
        internal bool Aborted;
        internal Transaction? WaitingOn;

        /// <summary>Lets a paused call go on; returns when every call has stopped again (paused, waiting or finished).</summary>
        public void Resume()
        {
            if (State != CallState.Paused) throw new InvalidOperationException($"'{Name}' is {State}, not paused.");
            _owner.Run(this);
        }

        internal void Body()
        {
            Go.Wait();
            Interleaving.Current = this;
            try
            {
                if (Aborted) throw new InterleavingAbortedException(Name);
                _work();
                State = CallState.Succeeded;
            }
            catch (Exception e)
            {
                Error = e;
                State = CallState.Failed;
            }
            finally
            {
                Interleaving.Current = null;
                _owner.Stopped();
            }
        }

        public override string ToString() => $"{Name}: {State}";
    }

    /// <summary>Thrown inside a call the test left paused or waiting when it disposed the interleaving: its transaction rolls back.</summary>
    public sealed class InterleavingAbortedException : Exception
    {
        public InterleavingAbortedException(string call) : base($"The interleaved call '{call}' was stopped because the test ended the interleaving.") { }
    }

    /// <summary>
    /// Runs several callers' work interleaved, deterministically, to test what concurrent transactions do to each other.
    /// Each call runs on a thread of its own, but only one thread runs at a time: <see cref="Start"/> and
    /// <see cref="InterleavedCall.Resume"/> return only when every call has stopped, paused at its <see cref="PausePoint"/>,
    /// waiting for a row another call's open transaction holds, or finished. A waiting call goes on by itself, in start
    /// order, as soon as the transaction it waits for commits or rolls back. No timing is involved.
    /// <code>
    /// using var run = env.Interleave();
    /// var first = run.Start("first", () => seller1.Update(a), PausePoint.BeforeCommit);   // paused, holding its locks
    /// var second = run.Start("second", () => seller2.Update(b));                          // Waiting on a row first holds
    /// first.Resume();                                                                     // first commits, second goes on
    /// </code>
    /// Reads never wait (read committed): a row an open transaction wrote reads as it was committed. The test's own thread
    /// may read and write meanwhile, but a write of a row a call holds is refused (the test's thread cannot wait).
    /// Two calls waiting for each other are a deadlock: the one that would wait second fails, as SQL Server's deadlock
    /// victim does, and its transaction rolls back. Disposing stops every call still paused or waiting (rolled back).
    /// </summary>
    public sealed class Interleaving : IDisposable, IRowLockWaiter
    {
        /// <summary>The call whose thread this is (null on the test's own thread).</summary>
        [ThreadStatic] internal static InterleavedCall? Current;

        /// <summary>A call that does not stop within this time is a bug in the emulator or the work, not a timing: fail loudly.</summary>
        private static readonly TimeSpan Stuck = TimeSpan.FromMinutes(2);

        private readonly DataStore _store;
        private readonly List<InterleavedCall> _calls = new();
        private readonly SemaphoreSlim _stopped = new(0);
        private bool _disposed;

        internal Interleaving(DataStore store)
        {
            if (store.Waiter != null) throw new InvalidOperationException("Calls are already being interleaved in this environment: dispose that interleaving first.");
            _store = store;
            store.Waiter = this;
        }

        public IReadOnlyList<InterleavedCall> Calls => _calls;

        /// <summary>Starts <paramref name="work"/> as a call of its own; returns when every call has stopped.</summary>
        public InterleavedCall Start(string name, Action work, PausePoint? pauseAt = null)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(Interleaving));
            if (Current != null) throw new InvalidOperationException("Start interleaved calls from the test, not from inside another call.");
            var call = new InterleavedCall(this, name, work, pauseAt);
            _calls.Add(call);
            new Thread(call.Body) { IsBackground = true, Name = "Interleaved call: " + name }.Start();
            Run(call);
            return call;
        }

        /// <summary>Runs <paramref name="call"/> until it stops, then every waiting call that can go on, until none can.</summary>
        internal void Run(InterleavedCall call)
        {
            for (InterleavedCall? next = call; next != null; next = _calls.FirstOrDefault(c => c.State == CallState.Waiting && !_store.IsOpen(c.WaitingOn!)))
            {
                next.State = CallState.Running;
                next.WaitingOn = null;
                next.WaitingFor = null;
                next.Go.Release();
                if (!_stopped.Wait(Stuck)) throw new TimeoutException($"The interleaved call '{next.Name}' did not stop within {Stuck.TotalMinutes} minutes.");
            }
        }

        internal void Stopped() => _stopped.Release();

        /// <summary>Hands the turn back to the test and blocks this call's thread until it is let go again.</summary>
        private void Yield(InterleavedCall call)
        {
            _stopped.Release();
            call.Go.Wait();
            if (call.Aborted) throw new InterleavingAbortedException(call.Name);
        }

        void IRowLockWaiter.Wait(Transaction holder, string table, Guid id)
        {
            var call = Current ?? throw new InvalidOperationException(
                $"The {table} row {id:D} is locked by {holder.Name}, whose transaction is still open: the test's own thread cannot wait for it. Start this work as an interleaved call too.");
            // A deadlock: the holder waits, directly or down a chain, for a transaction of this call.
            for (var other = holder.Owner as InterleavedCall; other is { State: CallState.Waiting, WaitingOn: { } w }; other = w.Owner as InterleavedCall)
                if (w.Owner == call)
                    throw Faults.Create(ErrorCodes.SqlError,
                        $"Transaction ({call.Name}) was deadlocked on lock resources with another process ({holder.Name}) and has been chosen as the deadlock victim. Rerun the transaction.");
            call.State = CallState.Waiting;
            call.WaitingOn = holder;
            call.WaitingFor = $"{table} {id:D}, locked by {holder.Name}";
            Yield(call);
        }

        void IRowLockWaiter.Written(string table, Guid id)
        {
            if (Current is { Paused: false, Pause: { Table: { } t } p } call && t == table && p.Id == id) PauseHere(call);
        }

        void IRowLockWaiter.BeforeCommit()
        {
            if (Current is { Paused: false } call && ReferenceEquals(call.Pause, PausePoint.BeforeCommit)) PauseHere(call);
        }

        private void PauseHere(InterleavedCall call)
        {
            call.Paused = true;
            call.State = CallState.Paused;
            Yield(call);
        }

        /// <summary>Stops every call still paused or waiting (each rolls back), and ends the interleaving.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            var unfinished = _calls.Where(c => c.State is CallState.Paused or CallState.Waiting).ToList();
            foreach (var call in unfinished) call.Aborted = true;
            foreach (var call in unfinished.Where(c => c.State is CallState.Paused or CallState.Waiting)) Run(call);
            _store.Waiter = null;
        }
    }
}
