using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.ServiceModel;
using Mci.Emulator.Messages;
using Mci.Emulator.Metadata;
using Mci.Emulator.Recording;
using Mci.Emulator.Security;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    /// <summary>
    /// The Dataverse core: takes requests, hands each to its message's handler (<see cref="MessageRegistry"/>), runs
    /// operations through the event pipeline (PreValidation outside the transaction for the outermost operation,
    /// PreOperation, the main operation, PostOperation, async steps after commit; Engine.Stages.cs), keeps the
    /// transaction and the depth, and records every call and plug-in run. docs/emulator.md maps it.
    /// </summary>
    internal sealed partial class Engine
    {
        /// <summary>Dataverse stops a chain of plug-in calls past this depth.</summary>
        public const int MaxDepth = 8;

        private readonly StepIndex _steps;
        private readonly Queue<AsyncJob> _asyncQueue = new();

        public Engine(EnvironmentMetadata metadata, PluginCatalog plugins, EmulatorClock clock, Recorder recorder, DataverseOptions options)
        {
            Metadata = metadata;
            Plugins = plugins;
            Clock = clock;
            Recorder = recorder;
            Options = options;
            Store = new DataStore();
            Shares = new ShareStore(Store);
            Security = new SecurityModel(metadata, Store, Shares);
            Validator = new AttributeValidator(metadata, Store);
            _steps = StepIndex.For(metadata);
            Messages = new MessageRegistry(metadata);
            EnvironmentVariables = new EnvironmentVariableService(this);
        }

        public EnvironmentMetadata Metadata { get; }
        public PluginCatalog Plugins { get; }
        public EmulatorClock Clock { get; }
        public Recorder Recorder { get; }
        public DataverseOptions Options { get; }
        public DataStore Store { get; }
        public SecurityModel Security { get; }
        public ShareStore Shares { get; }
        public AttributeValidator Validator { get; }
        public EnvironmentVariableService EnvironmentVariables { get; }
        public MessageRegistry Messages { get; }
        public Guid OrganizationId { get; } = Guid.NewGuid();
        public Guid SystemUserId { get; set; }
        public Guid RootBusinessUnitId { get; set; }
        public Guid BaseCurrencyId { get; set; }
        public List<AsyncJob> AsyncHistory { get; } = new();
        public int QueuedAsync => _asyncQueue.Count;

        // ---------- entry ----------

        /// <summary>One request from a service (a round trip): recorded, handed to its message's handler, its failure reported as a fault.</summary>
        public OrganizationResponse Execute(OrganizationRequest request, CallSite site)
        {
            if (request == null) throw Faults.InvalidArgument("The request is null.");
            var requestName = RequestName(request);
            var handler = Messages.Find(requestName);
            var (table, id) = handler?.Describe(request) ?? MessageHandler.DescribeByParameters(request);
            var message = handler?.PipelineName(requestName) ?? requestName;
            var call = Recorder.Call(message, table, id, site.UserId, site.Depth, site.Parent?.PluginType, site.Parent?.StepName, site.Batch == 0 ? null : site.Batch);
            var watch = Stopwatch.StartNew();
            try
            {
                if (Doomed != null) throw NoActiveTransaction();
                RefuseBatchInsidePlugins(message, site);
                if (handler == null) throw Messages.NotImplemented(requestName);
                var response = handler.Execute(new MessageCall(this, request, site, call.Sequence));
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
        private static void RefuseBatchInsidePlugins(string message, CallSite site)
        {
            if (site.Parent == null || !BatchMessages.Contains(message)) return;
            var from = site.Parent.PluginType ?? "a plug-in or workflow activity";
            throw Faults.Create(ErrorCodes.BatchInsidePlugin,
                $"{message} was sent from inside {from} (step '{site.Parent.StepName ?? site.Parent.MessageName}'). Dataverse does not support batch or bulk requests " +
                "(ExecuteMultiple, ExecuteTransaction, CreateMultiple, UpdateMultiple, UpsertMultiple) in plug-ins and workflow activities: send individual Create, Update or Delete requests.");
        }

        /// <summary>The request's name: RequestName, or the typed request's class name without "Request".</summary>
        private static string RequestName(OrganizationRequest request) =>
            string.IsNullOrEmpty(request.RequestName) ? request.GetType().Name.Replace("Request", "", StringComparison.Ordinal) : request.RequestName;

        /// <summary>The pipeline name of a request ("WinOpportunity" → "Win"); the request's own name when no handler answers it.</summary>
        public string MessageName(OrganizationRequest request)
        {
            var name = RequestName(request);
            return Messages.Find(name)?.PipelineName(name) ?? name;
        }

        // ---------- transactions ----------

        /// <summary>What the engine keeps per open transaction: the fault that dooms it, the async steps it queues at commit.</summary>
        private sealed class TransactionState
        {
            public FaultException<OrganizationServiceFault>? Doomed;
            public readonly List<AsyncJob> PendingAsync = new();
        }

        private TransactionState? Current => Store.Current?.State as TransactionState;

        /// <summary>The fault that doomed the calling thread's open transaction, if any.</summary>
        internal FaultException<OrganizationServiceFault>? Doomed => Current?.Doomed;

        /// <summary>Opens a transaction for the calling thread (the test's own, or an interleaved call's, named after it).</summary>
        internal void BeginTransaction() =>
            Store.Begin(new TransactionState(), Concurrency.Interleaving.Current is { } call ? $"'{call.Name}'" : "the test's own thread", Concurrency.Interleaving.Current);

        /// <summary>Commits: the test may pause an interleaved call here, its locks held; then the async steps it queued are queued.</summary>
        internal void CommitTransaction()
        {
            Store.Waiter?.BeforeCommit();
            var state = Current;
            Store.Commit();
            if (state != null) foreach (var job in state.PendingAsync) _asyncQueue.Enqueue(job);
        }

        internal void RollbackTransaction() => Store.Rollback();

        /// <summary>An async step to queue when the calling thread's transaction commits.</summary>
        internal void QueueAtCommit(AsyncJob job)
        {
            if (Current is { } state) state.PendingAsync.Add(job);
            else _asyncQueue.Enqueue(job);
        }

        /// <summary>A failure inside a transaction this operation does not own: the owner must fail too, even if a plug-in swallows it.</summary>
        internal void Doom(FaultException<OrganizationServiceFault> fault)
        {
            if (Current is { } state) state.Doomed ??= fault;
        }

        internal static FaultException<OrganizationServiceFault> NoActiveTransaction() =>
            Faults.Create(ErrorCodes.NoActiveTransaction, "There is no active transaction. This error is usually caused by custom plug-ins that ignore errors from service calls and continue processing.");

        private long _version = 1000;

        /// <summary>The next row version (versionnumber), for every write.</summary>
        internal long NextVersion() => ++_version;

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

        /// <summary>
        /// A team as a principal (RetrievePrincipalAccess of a team): its own roles and field profiles, its business unit;
        /// the team itself is whose shares count and what Basic depth reaches (records it owns).
        /// </summary>
        public Principal TeamPrincipal(Guid teamId)
        {
            var team = Store.Get("team", teamId) ?? throw Faults.DoesNotExist("team", teamId);
            var unit = (team.GetValueOrDefault("businessunitid") as EntityReference)?.Id ?? RootBusinessUnitId;
            var roleIds = Store.Rows("teamroles").Where(r => (Guid?)r.Row["teamid"] == teamId).Select(r => (Guid)r.Row["roleid"]!).ToHashSet();
            var profiles = Store.Rows("teamprofiles").Where(r => (Guid?)r.Row["teamid"] == teamId).Select(r => (Guid)r.Row["fieldsecurityprofileid"]!).ToHashSet();
            return new Principal(teamId, unit, false, Metadata.Roles.Where(r => roleIds.Contains(r.Id)).ToList(), new[] { teamId }, profiles, 1033);
        }

        /// <summary>A systemuser or team reference as a principal; anything else is refused.</summary>
        public Principal PrincipalOf(EntityReference principal, string message) => principal.LogicalName switch
        {
            "systemuser" => Principal(principal.Id),
            "team" => TeamPrincipal(principal.Id),
            _ => throw Faults.InvalidArgument($"{message}: the principal must be a systemuser or a team, not '{principal.LogicalName}'."),
        };

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
