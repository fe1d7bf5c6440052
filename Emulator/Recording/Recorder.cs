using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.SolutionModel;

namespace Mci.Emulator.Recording
{
    /// <summary>One organization service call (a round trip, or one request inside ExecuteMultiple/ExecuteTransaction).</summary>
    public sealed record ServiceCall(
        int Sequence,
        string Message,
        string? Table,
        Guid? Id,
        Guid CallerId,
        int Depth,
        /// <summary>Full name of the plug-in or workflow activity class that made the call; null for a call from outside (test, CLI).</summary>
        string? CalledBy,
        /// <summary>The step whose plug-in made the call.</summary>
        string? CalledByStep,
        /// <summary>Sequence of the ExecuteMultiple/ExecuteTransaction call this request belongs to.</summary>
        int? Batch)
    {
        /// <summary>The record; for a Create, the id it got.</summary>
        public Guid? Id { get; internal set; } = Id;
        public TimeSpan Duration { get; internal set; }
        public bool Succeeded { get; internal set; } = true;
        public string? Error { get; internal set; }
        public bool ByPlugin => CalledBy != null;
    }

    /// <summary>One run of a plug-in step or workflow activity.</summary>
    public sealed record PluginExecution(
        int Sequence,
        string PluginType,
        string StepName,
        Guid StepId,
        string Message,
        string? Table,
        Guid? RecordId,
        PipelineStage Stage,
        StepMode Mode,
        int Depth,
        Guid UserId)
    {
        public TimeSpan Duration { get; internal set; }
        /// <summary>What the plug-in wrote to ITracingService.</summary>
        public string Trace { get; internal set; } = "";
        public bool Succeeded { get; internal set; } = true;
        public string? Error { get; internal set; }
    }

    /// <summary>
    /// Records every service call and plug-in execution of an environment, in order. Use <see cref="Mark"/>
    /// to look at what one operation cost: <c>var m = env.Recorder.Mark(); svc.Update(x); m.Calls.Count(c =&gt; c.ByPlugin)</c>.
    /// </summary>
    public sealed class Recorder
    {
        private readonly List<ServiceCall> _calls = new();
        private readonly List<PluginExecution> _executions = new();
        private int _sequence;

        public IReadOnlyList<ServiceCall> Calls => _calls;
        public IReadOnlyList<PluginExecution> Executions => _executions;

        internal ServiceCall Call(string message, string? table, Guid? id, Guid caller, int depth, string? calledBy, string? step, int? batch)
        {
            var c = new ServiceCall(++_sequence, message, table, id, caller, depth, calledBy, step, batch);
            _calls.Add(c);
            return c;
        }

        internal PluginExecution Execution(string type, StepDefinition step, string message, string? table, Guid? id, int depth, Guid user)
        {
            var e = new PluginExecution(++_sequence, type, step.Name, step.Id, message, table, id, step.Stage, step.Mode, depth, user);
            _executions.Add(e);
            return e;
        }

        /// <summary>A view of everything recorded from now on.</summary>
        public RecorderMark Mark() => new(this, _sequence);

        public void Clear()
        {
            _calls.Clear();
            _executions.Clear();
        }
    }

    /// <summary>What was recorded after a point in time (see <see cref="Recorder.Mark"/>).</summary>
    public sealed class RecorderMark
    {
        private readonly Recorder _recorder;
        private readonly int _from;

        internal RecorderMark(Recorder recorder, int from)
        {
            _recorder = recorder;
            _from = from;
        }

        public IReadOnlyList<ServiceCall> Calls => _recorder.Calls.Where(c => c.Sequence > _from).ToList();
        public IReadOnlyList<PluginExecution> Executions => _recorder.Executions.Where(e => e.Sequence > _from).ToList();
        /// <summary>Service calls made by plug-ins and workflow activities (not by the caller itself).</summary>
        public IReadOnlyList<ServiceCall> PluginCalls => Calls.Where(c => c.ByPlugin).ToList();
    }
}
