using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.ServiceModel;
using Mci.Emulator.Metadata;
using Mci.Emulator.Recording;
using Mci.Emulator.Security;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    /// <summary>
    /// The Dataverse core: takes requests, runs them through the event pipeline (PreValidation outside the
    /// transaction for the outermost operation, PreOperation, the main operation, PostOperation, async steps
    /// after commit), keeps the transaction and the depth, and records every call and plug-in run.
    /// </summary>
    internal sealed partial class Engine
    {
        /// <summary>Dataverse stops a chain of plug-in calls past this depth.</summary>
        public const int MaxDepth = 8;

        private readonly StepIndex _steps;
        private readonly List<AsyncJob> _pendingAsync = new();
        private readonly Queue<AsyncJob> _asyncQueue = new();
        private FaultException<OrganizationServiceFault>? _doomed;

        public Engine(EnvironmentMetadata metadata, PluginCatalog plugins, EmulatorClock clock, Recorder recorder, DataverseOptions options)
        {
            Metadata = metadata;
            Plugins = plugins;
            Clock = clock;
            Recorder = recorder;
            Options = options;
            Store = new DataStore();
            Security = new SecurityModel(metadata, Store);
            Validator = new AttributeValidator(metadata, Store);
            _steps = StepIndex.For(metadata);
            EnvironmentVariables = new EnvironmentVariableService(this);
        }

        public EnvironmentMetadata Metadata { get; }
        public PluginCatalog Plugins { get; }
        public EmulatorClock Clock { get; }
        public Recorder Recorder { get; }
        public DataverseOptions Options { get; }
        public DataStore Store { get; }
        public SecurityModel Security { get; }
        public AttributeValidator Validator { get; }
        public EnvironmentVariableService EnvironmentVariables { get; }
        public Guid OrganizationId { get; } = Guid.NewGuid();
        public Guid SystemUserId { get; set; }
        public Guid RootBusinessUnitId { get; set; }
        public Guid BaseCurrencyId { get; set; }
        public List<AsyncJob> AsyncHistory { get; } = new();
        public int QueuedAsync => _asyncQueue.Count;

        // ---------- entry ----------

        /// <summary>One request from a service (a round trip): recorded, run, its failure reported as a fault.</summary>
        public OrganizationResponse Execute(OrganizationRequest request, CallSite site)
        {
            if (request == null) throw Faults.InvalidArgument("The request is null.");
            var (table, id) = Describe(request);
            var call = Recorder.Call(MessageName(request), table, id, site.UserId, site.Depth, site.Parent?.PluginType, site.Parent?.StepName, site.Batch == 0 ? null : site.Batch);
            var watch = Stopwatch.StartNew();
            try
            {
                if (Store.InTransaction && _doomed != null) throw NoActiveTransaction();
                RefuseBatchInsidePlugins(request, site);
                var response = Dispatch(request, site, call.Sequence);
                if (response.Results.TryGetValue("id", out var created) && created is Guid newId) call.Id = newId;
                return response;
            }
            catch (Exception e)
            {
                call.Succeeded = false;
                call.Error = e.Message;
                throw;
            }
            finally
            {
                call.Duration = watch.Elapsed;
            }
        }

        /// <summary>Batch and bulk messages Dataverse does not support inside plug-ins and workflow activities.</summary>
        private static readonly HashSet<string> BatchMessages = new(StringComparer.Ordinal) { "ExecuteMultiple", "ExecuteTransaction", "CreateMultiple", "UpdateMultiple", "UpsertMultiple" };

        /// <summary>
        /// Microsoft Learn, "Don't use batch request types in plug-ins and workflow activities" and "Use bulk operation
        /// messages": these requests are not supported from plug-in or workflow-activity code (they may time out, break the
        /// transaction or double the pipeline). Clients may send them; code running in the pipeline sends single requests.
        /// </summary>
        private static void RefuseBatchInsidePlugins(OrganizationRequest request, CallSite site)
        {
            var name = MessageName(request);
            if (site.Parent == null || !BatchMessages.Contains(name)) return;
            var from = site.Parent.PluginType ?? "a plug-in or workflow activity";
            throw Faults.Create(ErrorCodes.BatchInsidePlugin,
                $"{name} was sent from inside {from} (step '{site.Parent.StepName ?? site.Parent.MessageName}'). Dataverse does not support batch or bulk requests " +
                "(ExecuteMultiple, ExecuteTransaction, CreateMultiple, UpdateMultiple, UpsertMultiple) in plug-ins and workflow activities: send individual Create, Update or Delete requests.");
        }

        private static string MessageName(OrganizationRequest request) => request.RequestName switch
        {
            "WinOpportunity" => "Win",
            null or "" => request.GetType().Name.Replace("Request", "", StringComparison.Ordinal),
            var n => n,
        };

        private static (string? Table, Guid? Id) Describe(OrganizationRequest r)
        {
            r.Parameters.TryGetValue("Target", out var target);
            switch (target)
            {
                case Entity e: return (e.LogicalName, e.Id == Guid.Empty ? null : e.Id);
                case EntityReference er: return (er.LogicalName, er.Id);
            }
            if (r.Parameters.TryGetValue("Targets", out var ts) && ts is EntityCollection ec) return (ec.EntityName ?? ec.Entities.FirstOrDefault()?.LogicalName, null);
            if (r.Parameters.TryGetValue("Query", out var q)) return (Query.QueryEngine.TableOf(q), null);
            if (r.Parameters.TryGetValue("OpportunityClose", out var oc) && oc is Entity close) return ("opportunity", (close.GetAttributeValue<EntityReference>("opportunityid"))?.Id);
            return (null, null);
        }

        private OrganizationResponse Dispatch(OrganizationRequest request, CallSite site, int sequence)
        {
            switch (MessageName(request))
            {
                case "Create": return Create(request, site);
                case "CreateMultiple": return CreateMultiple(request, site);
                case "Update": return Update(request, site);
                case "UpdateMultiple": return UpdateMultiple(request, site);
                case "Delete": return Delete(request, site);
                case "Retrieve": return Retrieve(request, site);
                case "RetrieveMultiple": return RetrieveMultiple(request, site);
                case "Associate": return Associate(request, site, associate: true);
                case "Disassociate": return Associate(request, site, associate: false);
                case "Upsert": return Upsert(request, site);
                case "Win": return Win(request, site);
                case "ExecuteMultiple": return ExecuteMultiple((ExecuteMultipleRequest)Typed<ExecuteMultipleRequest>(request), site, sequence);
                case "ExecuteTransaction": return ExecuteTransaction((ExecuteTransactionRequest)Typed<ExecuteTransactionRequest>(request), site, sequence);
                default:
                    throw new NotSupportedException($"The emulator does not implement the message '{MessageName(request)}'. Supported: Create, Retrieve, Update, Delete, RetrieveMultiple, Associate, Disassociate, Upsert, CreateMultiple, UpdateMultiple, ExecuteMultiple, ExecuteTransaction, Win (WinOpportunity).");
            }
        }

        /// <summary>A generic OrganizationRequest("X") carries the same parameters as the typed one.</summary>
        private static OrganizationRequest Typed<T>(OrganizationRequest r) where T : OrganizationRequest, new() =>
            r as T ?? new T { Parameters = r.Parameters, RequestId = r.RequestId };

        // ---------- batches ----------

        private OrganizationResponse ExecuteMultiple(ExecuteMultipleRequest request, CallSite site, int sequence)
        {
            var settings = request.Settings ?? new ExecuteMultipleSettings();
            var requests = request.Requests ?? throw Faults.InvalidArgument("ExecuteMultiple: Requests is required.");
            if (requests.Count > 1000) throw Faults.InvalidArgument($"The number of requests ({requests.Count}) in ExecuteMultiple exceeds the maximum of 1000.");
            if (requests.Any(r => MessageName(r) is "ExecuteMultiple")) throw Faults.InvalidArgument("ExecuteMultiple cannot contain an ExecuteMultiple request.");
            var responses = new ExecuteMultipleResponseItemCollection();
            var faulted = false;
            for (var i = 0; i < requests.Count; i++)
            {
                try
                {
                    var response = Execute(requests[i], site.InBatch(sequence));
                    if (settings.ReturnResponses) responses.Add(new ExecuteMultipleResponseItem { RequestIndex = i, Response = response });
                }
                catch (FaultException<OrganizationServiceFault> f)
                {
                    faulted = true;
                    responses.Add(new ExecuteMultipleResponseItem { RequestIndex = i, Fault = f.Detail });
                    if (!settings.ContinueOnError) break;
                }
            }
            var result = new ExecuteMultipleResponse { ResponseName = "ExecuteMultiple" };
            result.Results["IsFaulted"] = faulted;
            result.Results["Responses"] = responses;
            return result;
        }

        private OrganizationResponse ExecuteTransaction(ExecuteTransactionRequest request, CallSite site, int sequence)
        {
            var requests = request.Requests ?? throw Faults.InvalidArgument("ExecuteTransaction: Requests is required.");
            var owns = !Store.InTransaction;
            if (owns) BeginTransaction();
            var responses = new OrganizationResponseCollection();
            var index = 0;
            try
            {
                for (; index < requests.Count; index++) responses.Add(Execute(requests[index], site.InBatch(sequence)));
                if (owns) CommitTransaction();
            }
            catch (FaultException<OrganizationServiceFault> f)
            {
                if (owns) RollbackTransaction();
                else _doomed ??= f;
                var fault = new ExecuteTransactionFault { ErrorCode = f.Detail.ErrorCode, Message = f.Detail.Message, FaultedRequestIndex = index, InnerFault = f.Detail, TraceText = f.Detail.TraceText, Timestamp = f.Detail.Timestamp };
                throw new FaultException<OrganizationServiceFault>(fault, new FaultReason(f.Detail.Message));
            }
            var result = new ExecuteTransactionResponse { ResponseName = "ExecuteTransaction" };
            if (request.ReturnResponses == true) result.Results["Responses"] = responses;
            return result;
        }

        // ---------- transactions ----------

        private void BeginTransaction()
        {
            Store.Begin();
            _doomed = null;
            _pendingAsync.Clear();
        }

        private void CommitTransaction()
        {
            Store.Commit();
            foreach (var job in _pendingAsync) _asyncQueue.Enqueue(job);
            _pendingAsync.Clear();
        }

        private void RollbackTransaction()
        {
            Store.Rollback();
            _pendingAsync.Clear();
            _doomed = null;
        }

        private static FaultException<OrganizationServiceFault> NoActiveTransaction() =>
            Faults.Create(ErrorCodes.NoActiveTransaction, "There is no active transaction. This error is usually caused by custom plug-ins that ignore errors from service calls and continue processing.");

        /// <summary>
        /// Runs the stages of an operation. The outermost operation runs PreValidation outside the transaction,
        /// then opens it; a failure anywhere inside rolls back everything written since, by this operation and
        /// every nested call. A nested failure that a plug-in swallows still dooms the transaction.
        /// </summary>
        private void Run(Operation op, Action main, Action? beforePreOperation = null)
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
                    if (_doomed != null) throw NoActiveTransaction();
                    CommitTransaction();
                }
            }
            catch (Exception e)
            {
                if (op.OwnsTransaction) RollbackTransaction();
                else if (Store.InTransaction && e is FaultException<OrganizationServiceFault> f) _doomed ??= f;
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
        private void RunBulk(Operation op, Action<OperationItem> prepare, Action<OperationItem> save, Action finish)
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
                    if (_doomed != null) throw NoActiveTransaction();
                    CommitTransaction();
                }
            }
            catch (Exception e)
            {
                if (op.OwnsTransaction) RollbackTransaction();
                else if (Store.InTransaction && e is FaultException<OrganizationServiceFault> f) _doomed ??= f;
                throw;
            }
        }

        // ---------- principals ----------

        public Principal Principal(Guid userId)
        {
            var unit = BusinessUnitOf(userId);
            var teams = Store.Rows("teammembership").Where(r => (Guid?)r.Row["systemuserid"] == userId).Select(r => (Guid)r.Row["teamid"]!).ToHashSet();
            var roleIds = Store.Rows("systemuserroles").Where(r => (Guid?)r.Row["systemuserid"] == userId).Select(r => (Guid)r.Row["roleid"]!)
                .Concat(Store.Rows("teamroles").Where(r => teams.Contains((Guid)r.Row["teamid"]!)).Select(r => (Guid)r.Row["roleid"]!)).ToHashSet();
            var roles = Metadata.Roles.Where(r => roleIds.Contains(r.Id)).ToList();
            var profiles = Store.Rows("systemuserprofiles").Where(r => (Guid?)r.Row["systemuserid"] == userId).Select(r => (Guid)r.Row["fieldsecurityprofileid"]!)
                .Concat(Store.Rows("teamprofiles").Where(r => teams.Contains((Guid)r.Row["teamid"]!)).Select(r => (Guid)r.Row["fieldsecurityprofileid"]!)).ToHashSet();
            var language = Store.Get("usersettings", userId)?.GetValueOrDefault("uilanguageid") as int? ?? 1033;
            return new Principal(userId, unit, userId == SystemUserId, roles, teams, profiles, language);
        }

        /// <summary>The user's business unit: all an execution context needs of the user, without the roles, teams and profiles.</summary>
        public Guid BusinessUnitOf(Guid userId)
        {
            var user = Store.Get("systemuser", userId) ?? throw Faults.DoesNotExist("systemuser", userId);
            return (user.GetValueOrDefault("businessunitid") as EntityReference)?.Id ?? RootBusinessUnitId;
        }

        /// <summary>The environmentvariabledefinition row of a schema name (compared case-insensitively); Row is null when there is none.</summary>
        public (Guid Id, IReadOnlyDictionary<string, object?>? Row) EnvironmentVariableDefinition(string schemaName) =>
            Store.Rows("environmentvariabledefinition").FirstOrDefault(r => string.Equals(r.Row.GetValueOrDefault("schemaname") as string, schemaName, StringComparison.OrdinalIgnoreCase));

        public string? EnvironmentVariable(string schemaName)
        {
            var definition = EnvironmentVariableDefinition(schemaName);
            if (definition.Row == null) return null;
            var value = Store.Rows("environmentvariablevalue").FirstOrDefault(r => (r.Row.GetValueOrDefault("environmentvariabledefinitionid") as EntityReference)?.Id == definition.Id);
            return value.Row?.GetValueOrDefault("value") as string ?? definition.Row.GetValueOrDefault("defaultvalue") as string;
        }

        public TableDefinition Table(string? logicalName)
        {
            if (string.IsNullOrEmpty(logicalName)) throw Faults.InvalidArgument("The entity logical name is required.");
            return Metadata.Table(logicalName) ?? throw Faults.UnknownTable(logicalName);
        }
    }
}
