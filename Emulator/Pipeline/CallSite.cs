using System;

namespace Mci.Emulator.Pipeline
{
    /// <summary>Who makes a service call and from where: a caller outside (test, CLI) or a running plug-in / workflow activity.</summary>
    internal sealed class CallSite
    {
        public CallSite(Guid userId, ExecutionContext? parent, Guid initiatingUserId, Guid correlationId, int batch = 0, int? depth = null)
        {
            _depth = depth;
            UserId = userId;
            Parent = parent;
            InitiatingUserId = initiatingUserId;
            CorrelationId = correlationId;
            Batch = batch;
        }

        public Guid UserId { get; }
        /// <summary>The context of the plug-in or activity making the call; null for an outside caller.</summary>
        public ExecutionContext? Parent { get; }
        public Guid InitiatingUserId { get; }
        public Guid CorrelationId { get; }
        /// <summary>Sequence of the ExecuteMultiple/ExecuteTransaction call this request is part of (0 = none).</summary>
        public int Batch { get; }

        private readonly int? _depth;

        /// <summary>Depth of the operation this call starts: 1 from outside, the caller's depth + 1 from a plug-in;
        /// operations the platform runs for another one (cascades, Upsert, Win) keep that one's depth.</summary>
        public int Depth => _depth ?? (Parent == null ? 1 : Parent.Depth + 1);

        public CallSite InBatch(int batch) => new(UserId, Parent, InitiatingUserId, CorrelationId, batch, _depth);
    }
}
