using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    /// <summary>One record an operation works on (one target of Create/Update/Delete; several for *Multiple).</summary>
    internal sealed class OperationItem
    {
        public Guid Id;
        public Entity? Target;
        /// <summary>The stored row before the operation (Update, Delete).</summary>
        public Dictionary<string, object?>? Before;
        /// <summary>The stored row after the main operation (Create, Update).</summary>
        public IReadOnlyDictionary<string, object?>? After;
        /// <summary>Parameters of the single-record view (Create/Update with Target).</summary>
        public ParameterCollection Input = new();
        public ParameterCollection Output = new();
    }

    /// <summary>A message going through the pipeline: its parameters, records, user, depth and shared state.</summary>
    internal sealed class Operation
    {
        public Operation(string message, string? table, CallSite site, int depth, DateTime now)
        {
            Message = message;
            Table = table;
            Site = site;
            Depth = depth;
            CreatedOn = now;
        }

        /// <summary>A Create or Update of one record: the operation's parameters are the record's own (Target plus the request's others).</summary>
        public static Operation ForRecord(string message, TableDefinition table, OperationItem item, CallSite site, ParameterCollection? parameters, DateTime now)
        {
            if (parameters != null) foreach (var kv in parameters) if (kv.Key != "Target") item.Input[kv.Key] = kv.Value;
            var op = new Operation(message, table.LogicalName, site, site.Depth, now) { PrimaryId = item.Id, Input = item.Input, Output = item.Output };
            op.Items.Add(item);
            return op;
        }

        public string Message { get; }
        public string? Table { get; }
        public CallSite Site { get; }
        public int Depth { get; }
        public DateTime CreatedOn { get; }
        public Guid OperationId { get; } = Guid.NewGuid();
        public Guid PrimaryId;
        public ParameterCollection Input = new();
        public ParameterCollection Output = new();
        public List<OperationItem> Items = new();
        /// <summary>Shared variables of the PreValidation stage, and of PreOperation/PostOperation (whose parent context holds the former).</summary>
        public ParameterCollection PreValidationShared = new();
        public ParameterCollection Shared = new();
        public ExecutionContext? PreValidationContext;
        /// <summary>True when this operation opened the transaction (it is the outermost one).</summary>
        public bool OwnsTransaction;
        /// <summary>The parent context seen by operations the platform runs for this one (cascades, Win's close and update).</summary>
        public ExecutionContext? InternalParent;

        public bool IsMultiple => Message.EndsWith("Multiple", StringComparison.Ordinal) && Message != "RetrieveMultiple";

        /// <summary>The Create/Update family a *Multiple message merges with.</summary>
        public string SingleMessage => Message switch { "CreateMultiple" => "Create", "UpdateMultiple" => "Update", _ => Message };

        public IEnumerable<Entity> Targets => Items.Select(i => i.Target!).Where(t => t != null);
    }
}
