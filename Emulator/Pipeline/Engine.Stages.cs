using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.ServiceModel;
using Mci.Emulator.Metadata;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    /// <summary>A queued asynchronous step: its context was captured when the operation committed.</summary>
    public sealed class AsyncJob
    {
        internal AsyncJob(StepDefinition step, ExecutionContext context)
        {
            Step = step;
            Context = context;
        }

        public StepDefinition Step { get; }
        internal ExecutionContext Context { get; }
        public string Message => Context.MessageName;
        public string Table => Context.PrimaryEntityName;
        public Guid RecordId => Context.PrimaryEntityId;
        public bool? Succeeded { get; internal set; }
        public string? Error { get; internal set; }
    }

    internal sealed partial class Engine
    {
        /// <summary>
        /// Runs the stages of an operation. The outermost operation runs PreValidation outside the transaction,
        /// then opens it; a failure anywhere inside rolls back everything written since, by this operation and
        /// every nested call. A nested failure that a plug-in swallows still dooms the transaction.
        /// </summary>
        internal void Run(Operation op, Action main, Action? beforePreOperation = null)
        {
            op.OwnsTransaction = !Store.InTransaction;
            try
            {
                if (op.Depth > MaxDepth)
                    throw Faults.Create(ErrorCodes.DepthTooHigh, "This workflow job was canceled because the workflow that started it included an infinite loop. Correct the workflow logic and try again. For information about workflow logic, see Help.");
                RunStage(op, PipelineStage.PreValidation);
                if (op.OwnsTransaction) BeginTransaction();
                beforePreOperation?.Invoke();
                RunStage(op, PipelineStage.PreOperation);
                main();
                RunStage(op, PipelineStage.PostOperation);
                if (op.OwnsTransaction)
                {
                    if (Doomed != null) throw NoActiveTransaction();
                    CommitTransaction();
                }
            }
            catch (Exception e)
            {
                if (op.OwnsTransaction) RollbackTransaction();
                else if (Store.InTransaction && e is FaultException<OrganizationServiceFault> f) Doom(f);
                throw;
            }
        }

        /// <summary>
        /// Runs a CreateMultiple/UpdateMultiple. <see cref="BulkItemOrder.StageByStage"/>: every item's PreValidation,
        /// every item's PreOperation, one main operation saving every row, every item's PostOperation.
        /// <see cref="BulkItemOrder.ItemByItem"/>: each item's PreValidation, PreOperation, save and PostOperation before
        /// the next item's; steps on the *Multiple message itself run before the items (PreValidation, PreOperation)
        /// and after them (PostOperation). Either way one transaction: a failure of any item rolls back every item.
        /// </summary>
        internal void RunBulk(Operation op, Action<OperationItem> prepare, Action<OperationItem> save, Action finish)
        {
            if (Options.BulkItemOrder == BulkItemOrder.StageByStage)
            {
                Run(op, () => { foreach (var item in op.Items) save(item); finish(); }, () => { foreach (var item in op.Items) prepare(item); });
                return;
            }
            var none = Array.Empty<OperationItem>();
            op.OwnsTransaction = !Store.InTransaction;
            try
            {
                if (op.Depth > MaxDepth)
                    throw Faults.Create(ErrorCodes.DepthTooHigh, "This workflow job was canceled because the workflow that started it included an infinite loop. Correct the workflow logic and try again. For information about workflow logic, see Help.");
                RunStage(op, PipelineStage.PreValidation, none);
                if (op.OwnsTransaction) BeginTransaction();
                // The *Multiple steps' PreOperation sees every Target as Dataverse prepares it for the save.
                foreach (var item in op.Items) prepare(item);
                RunStage(op, PipelineStage.PreOperation, none);
                foreach (var item in op.Items)
                {
                    var one = new[] { item };
                    RunStage(op, PipelineStage.PreValidation, one, bulkSteps: false);
                    RunStage(op, PipelineStage.PreOperation, one, bulkSteps: false);
                    save(item);
                    RunStage(op, PipelineStage.PostOperation, one, bulkSteps: false);
                }
                finish();
                RunStage(op, PipelineStage.PostOperation, none);
                if (op.OwnsTransaction)
                {
                    if (Doomed != null) throw NoActiveTransaction();
                    CommitTransaction();
                }
            }
            catch (Exception e)
            {
                if (op.OwnsTransaction) RollbackTransaction();
                else if (Store.InTransaction && e is FaultException<OrganizationServiceFault> f) Doom(f);
                throw;
            }
        }

        private static readonly HashSet<string> PreImageMessages = new(StringComparer.OrdinalIgnoreCase) { "Update", "UpdateMultiple", "Delete" };
        private static readonly HashSet<string> PostImageMessages = new(StringComparer.OrdinalIgnoreCase) { "Create", "CreateMultiple", "Update", "UpdateMultiple" };

        /// <summary>
        /// Runs the steps of one stage: sync steps now, async steps (PostOperation) queued for after commit. Create and
        /// Update merge with CreateMultiple and UpdateMultiple both ways ("Message pipelines merged"): a Create/Update step
        /// runs once per item, with that item's own context (MessageName Create/Update, Target, images); a *Multiple step
        /// runs once with the whole Targets (a single Create/Update reaches it with a one-item Targets). Steps run in rank
        /// order; a Create/Update step runs for each of <paramref name="items"/> in turn (default: every item), a *Multiple
        /// step only when <paramref name="bulkSteps"/>.
        /// </summary>
        private void RunStage(Operation op, PipelineStage stage, IReadOnlyList<OperationItem>? items = null, bool bulkSteps = true)
        {
            items ??= op.Items;
            var merged = op.SingleMessage is "Create" or "Update";
            IEnumerable<StepDefinition> steps = merged
                ? _steps.Steps(op.SingleMessage, op.Table, stage).Concat(_steps.Steps(op.SingleMessage + "Multiple", op.Table, stage))
                : _steps.Steps(op.Message, op.Table, stage);
            foreach (var step in StepIndex.Ordered(steps.Distinct()))
            {
                if (stage != PipelineStage.PostOperation && step.Mode == StepMode.Asynchronous) continue;
                var bulkStep = merged && step.Message.EndsWith("Multiple", StringComparison.OrdinalIgnoreCase);
                if (!merged || bulkStep)
                {
                    if (!bulkSteps || !Filtered(step, op.Items)) continue;
                    Invoke(op, stage, step, null);
                }
                else
                {
                    foreach (var item in items.ToList())
                        if (Filtered(step, new[] { item })) Invoke(op, stage, step, item);
                }
            }
        }

        /// <summary>Filtering attributes: an Update step runs when a target carries one of them (any target, for UpdateMultiple).</summary>
        private static bool Filtered(StepDefinition step, IEnumerable<OperationItem> items)
        {
            if (step.FilteringAttributes.Count == 0 || !step.Message.StartsWith("Update", StringComparison.OrdinalIgnoreCase)) return true;
            return items.Any(i => i.Target != null && step.FilteringAttributes.Any(i.Target.Contains));
        }

        private void Invoke(Operation op, PipelineStage stage, StepDefinition step, OperationItem? item)
        {
            var multiple = item == null && (op.IsMultiple || step.Message.EndsWith("Multiple", StringComparison.OrdinalIgnoreCase)) && op.SingleMessage is "Create" or "Update";
            var input = item?.Input ?? (multiple ? MultipleInput(op) : op.Input);
            var output = item?.Output ?? (multiple ? MultipleOutput(op) : op.Output);
            var image = item ?? op.Items.FirstOrDefault();
            var single = item != null || !multiple;
            var context = ContextBuilder.ForOperation(this, op, stage)
                .Record(item?.Id ?? (multiple ? Guid.Empty : op.PrimaryId))
                .Parameters(input, output)
                .Step(step)
                .Images(
                    single ? Images(op, stage, step.Message, step.Images, image, pre: true) : new EntityImageCollection(),
                    single ? Images(op, stage, step.Message, step.Images, image, pre: false) : new EntityImageCollection(),
                    ImageCollections(op, stage, step, item, multiple, pre: true),
                    ImageCollections(op, stage, step, item, multiple, pre: false))
                .Build();
            var async = step.Mode == StepMode.Asynchronous;
            if (async) QueueAtCommit(new AsyncJob(step, context));
            else RunPlugin(step, context, item?.Id ?? (op.PrimaryId == Guid.Empty ? null : op.PrimaryId));
        }

        private static ParameterCollection MultipleInput(Operation op)
        {
            if (op.IsMultiple) return op.Input;
            // A single Create/Update reaches *Multiple steps as a one-item Targets holding the same Target object.
            var p = new ParameterCollection();
            foreach (var kv in op.Input) if (kv.Key != "Target") p[kv.Key] = kv.Value;
            p["Targets"] = new EntityCollection(op.Targets.ToList()) { EntityName = op.Table };
            return p;
        }

        private static ParameterCollection MultipleOutput(Operation op)
        {
            if (op.IsMultiple) return op.Output;
            var p = new ParameterCollection();
            if (op.SingleMessage == "Create" && op.Output.Contains("id")) p["Ids"] = new[] { (Guid)op.Output["id"] };
            return p;
        }

        /// <summary>The call site of operations the platform runs on behalf of another (same user and depth): cascades,
        /// Upsert's Create or Update, Associate's Update, Win's close. Their parent context is the operation's main operation.</summary>
        internal CallSite Internal(Operation op)
        {
            op.InternalParent ??= ContextBuilder.ForOperation(this, op, PipelineStage.MainOperation)
                .InTransaction(true)
                .Caller(op.Site.Parent?.PluginType, op.Site.Parent?.StepName)
                .Build();
            return new CallSite(op.Site.UserId, op.InternalParent, op.Site.InitiatingUserId, op.Site.CorrelationId, depth: op.Depth);
        }

        // ---------- images ----------

        /// <summary>
        /// Images exactly as registered and only where Dataverse provides them: pre-images for Update and Delete
        /// (every stage), post-images for Create and Update in PostOperation. Elsewhere the collection is empty.
        /// </summary>
        private EntityImageCollection Images(Operation op, PipelineStage stage, string message, IReadOnlyList<StepImageDefinition> registered, OperationItem? item, bool pre)
        {
            var images = new EntityImageCollection();
            if (item == null || op.Table == null) return images;
            var available = pre ? PreImageMessages.Contains(message) : PostImageMessages.Contains(message) && stage == PipelineStage.PostOperation;
            if (!available) return images;
            var row = pre ? item.Before : item.After;
            if (row == null) return images;
            foreach (var image in registered.Where(i => pre ? i.IsPre : i.IsPost))
                images[image.Alias] = Image(op.Table, item.Id, row, image.Attributes.Count == 0 ? null : image.Attributes);
            return images;
        }

        private EntityImageCollection[] ImageCollections(Operation op, PipelineStage stage, StepDefinition step, OperationItem? item, bool multiple, bool pre)
        {
            if (!step.Images.Any(i => pre ? i.IsPre : i.IsPost)) return Array.Empty<EntityImageCollection>();
            var items = multiple ? op.Items : item != null ? new List<OperationItem> { item } : op.Items.Take(1).ToList();
            // Each target's images are the ones its single-record message would have.
            var single = step.Message.EndsWith("Multiple", StringComparison.OrdinalIgnoreCase) ? step.Message[..^"Multiple".Length] : step.Message;
            return items.Select(i => Images(op, stage, single, step.Images, i, pre)).ToArray();
        }

        private Entity Image(string table, Guid id, IReadOnlyDictionary<string, object?> row, IReadOnlyList<string>? attributes)
        {
            var e = new Entity(table, id);
            foreach (var (name, value) in row)
                if (value != null && (attributes == null || attributes.Contains(name))) e.Attributes[name] = WithName(Values.Copy(value));
            return e;
        }

        // ---------- running plug-ins ----------

        /// <summary>
        /// A custom API's main operation: its plug-in type runs at stage 30 (MainOperation), synchronously, in the operation's
        /// transaction, with the operation's parameters; what it sets in OutputParameters is the response. <paramref name="step"/>
        /// stands for the plug-in type (a custom API's plug-in is no registered step).
        /// </summary>
        internal void RunMainOperation(Operation op, StepDefinition step)
        {
            var context = ContextBuilder.ForOperation(this, op, PipelineStage.MainOperation).Step(step).Build();
            RunPlugin(step, context, null);
        }

        private void RunPlugin(StepDefinition step, ExecutionContext context, Guid? recordId)
        {
            var plugin = Plugins.Instance(step);
            var execution = Recorder.Execution(step.PluginTypeName, step, context.MessageName, context.PrimaryEntityName, recordId, context.Depth, context.UserId);
            var tracing = new TracingService();
            var provider = new PluginServiceProvider(context, tracing, new ServiceFactory(this, context, workflow: false), EnvironmentVariables);
            Recorded(execution, tracing, step.PluginTypeName, () => plugin.Execute(provider));
        }

        /// <summary>Runs plug-in or activity code, timing it and keeping its trace; its exception becomes the fault Dataverse reports.</summary>
        internal static T Recorded<T>(Recording.PluginExecution execution, TracingService tracing, string type, Func<T> code)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                return code();
            }
            catch (Exception e) when (e is not ArgumentException { ParamName: "inputs" })
            {
                var fault = PluginFault(type, e, tracing.Text);
                execution.Succeeded = false;
                execution.Error = fault.Detail.Message;
                throw fault;
            }
            finally
            {
                execution.Duration = watch.Elapsed;
                execution.Trace = tracing.Text;
            }
        }

        internal static void Recorded(Recording.PluginExecution execution, TracingService tracing, string type, Action code) =>
            Recorded(execution, tracing, type, () => { code(); return 0; });

        /// <summary>How Dataverse reports a plug-in's exception to the caller: its own message for InvalidPluginExecutionException.</summary>
        internal static FaultException<OrganizationServiceFault> PluginFault(string pluginType, Exception e, string trace)
        {
            if (e is TargetInvocationException { InnerException: { } inner }) e = inner;
            return e switch
            {
                FaultException<OrganizationServiceFault> f => f,
                InvalidPluginExecutionException p => Faults.Create(p.ErrorCode, p.Message, trace),
                _ => Faults.Create(ErrorCodes.UnexpectedPluginError, $"Unexpected exception from plug-in (Execute): {pluginType}: {e.GetType().FullName}: {e.Message}", trace),
            };
        }

        // ---------- async ----------

        /// <summary>Runs queued async steps, and the async work they queue, until none is left.</summary>
        public IReadOnlyList<AsyncJob> DrainAsync(int limit)
        {
            var done = new List<AsyncJob>();
            while (_asyncQueue.Count > 0)
            {
                if (done.Count >= limit) throw new InvalidOperationException($"More than {limit} asynchronous jobs ran in one DrainAsync: the async steps keep queueing each other.");
                var job = _asyncQueue.Dequeue();
                try
                {
                    RunPlugin(job.Step, job.Context, job.Context.PrimaryEntityId == Guid.Empty ? null : job.Context.PrimaryEntityId);
                    job.Succeeded = true;
                }
                catch (FaultException<OrganizationServiceFault> f)
                {
                    job.Succeeded = false;
                    job.Error = f.Detail.Message;
                }
                done.Add(job);
                AsyncHistory.Add(job);
            }
            return done;
        }
    }
}
