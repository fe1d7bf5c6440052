using System;
using Mci.Emulator.Metadata;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Pipeline
{
    /// <summary>
    /// The one place an <see cref="ExecutionContext"/> is made. <see cref="ForOperation"/> starts from what every context of
    /// an operation shares (message, table, record, depth, user and business unit, organization, correlation, operation id
    /// and time, the stage's parameters and shared variables, the parent context); the step runner, the platform's own
    /// calls and the workflow runner then set what differs.
    /// </summary>
    internal sealed class ContextBuilder
    {
        private readonly Engine _engine;
        private string _message = "";
        private string _table = "none";
        private Guid _record;
        private PipelineStage? _stage;
        private int _mode;
        private int _depth;
        private ParameterCollection _input = new();
        private ParameterCollection _output = new();
        private ParameterCollection _shared = new();
        private ExecutionContext? _parent;
        private Guid _user;
        private Guid _initiatingUser;
        private Guid _correlation;
        private Guid _operation;
        private DateTime _createdOn;
        private bool? _inTransaction;
        private StepDefinition? _step;
        private string? _pluginType;
        private string? _stepName;
        private EntityImageCollection _preImages = new();
        private EntityImageCollection _postImages = new();
        private EntityImageCollection[] _preImageCollections = Array.Empty<EntityImageCollection>();
        private EntityImageCollection[] _postImageCollections = Array.Empty<EntityImageCollection>();
        private bool _workflow;

        private ContextBuilder(Engine engine) => _engine = engine;

        /// <summary>
        /// A context of <paramref name="op"/> at <paramref name="stage"/>: PreValidation has the PreValidation shared variables and
        /// the caller's context as parent; later stages (and the main operation) the operation's shared variables and its
        /// PreValidation context as parent, as Dataverse nests them.
        /// </summary>
        public static ContextBuilder ForOperation(Engine engine, Operation op, PipelineStage stage)
        {
            var pre = stage == PipelineStage.PreValidation;
            return new ContextBuilder(engine)
            {
                _message = op.Message,
                _table = op.Table ?? "none",
                _record = op.PrimaryId,
                _stage = stage,
                _depth = op.Depth,
                _input = op.Input,
                _output = op.Output,
                _shared = pre ? op.PreValidationShared : op.Shared,
                _parent = pre ? op.Site.Parent : PreValidation(engine, op),
                _user = op.Site.UserId,
                _initiatingUser = op.Site.InitiatingUserId,
                _correlation = op.Site.CorrelationId,
                _operation = op.OperationId,
                _createdOn = op.CreatedOn,
            };
        }

        /// <summary>The operation's PreValidation context, made once: the parent of its later stages' contexts.</summary>
        public static ExecutionContext PreValidation(Engine engine, Operation op) =>
            op.PreValidationContext ??= ForOperation(engine, op, PipelineStage.PreValidation).InTransaction(!op.OwnsTransaction).Build();

        /// <summary>The context of a custom workflow activity run on its own (a background process step): depth 1, asynchronous.</summary>
        public static ContextBuilder ForWorkflow(Engine engine, Guid userId, EntityReference? primary) => new(engine)
        {
            _message = "ExecuteWorkflow",
            _table = primary?.LogicalName ?? "none",
            _record = primary?.Id ?? Guid.Empty,
            _depth = 1,
            _mode = (int)StepMode.Asynchronous,
            _user = userId,
            _initiatingUser = userId,
            _correlation = Guid.NewGuid(),
            _operation = Guid.NewGuid(),
            _createdOn = engine.Clock.UtcNow,
            _workflow = true,
        };

        /// <summary>The message the context names (a step on CreateMultiple reached by a Create sees "CreateMultiple").</summary>
        public ContextBuilder Message(string message)
        {
            _message = message;
            return this;
        }

        public ContextBuilder Record(Guid id)
        {
            _record = id;
            return this;
        }

        public ContextBuilder Parameters(ParameterCollection input, ParameterCollection output)
        {
            _input = input;
            _output = output;
            return this;
        }

        public ContextBuilder InTransaction(bool inTransaction)
        {
            _inTransaction = inTransaction;
            return this;
        }

        /// <summary>The registered step the context is for: its message, its id as OwningExtension, its mode (an asynchronous
        /// step gets copies of the parameters, taken now, and runs outside any transaction).</summary>
        public ContextBuilder Step(StepDefinition step)
        {
            _step = step;
            _message = step.Message;
            _pluginType = step.PluginTypeName;
            _stepName = step.Name;
            _mode = (int)step.Mode;
            return this;
        }

        /// <summary>Who the recorder names as making the calls made with this context (a plug-in, an activity).</summary>
        public ContextBuilder Caller(string? pluginType, string? stepName)
        {
            _pluginType = pluginType;
            _stepName = stepName;
            return this;
        }

        public ContextBuilder Images(EntityImageCollection pre, EntityImageCollection post, EntityImageCollection[] preCollections, EntityImageCollection[] postCollections)
        {
            _preImages = pre;
            _postImages = post;
            _preImageCollections = preCollections;
            _postImageCollections = postCollections;
            return this;
        }

        public ExecutionContext Build()
        {
            var queued = _step?.Mode == StepMode.Asynchronous;
            return new ExecutionContext
            {
                MessageName = _message,
                PrimaryEntityName = _table,
                PrimaryEntityId = _record,
                Stage = _stage is { } s ? (int)s : 0,
                Mode = _mode,
                Depth = _depth,
                InputParameters = queued ? Copy(_input) : _input,
                OutputParameters = queued ? Copy(_output) : _output,
                SharedVariables = _shared,
                ParentContext = _parent!,
                UserId = _user,
                InitiatingUserId = _initiatingUser,
                BusinessUnitId = _engine.BusinessUnitOf(_user),
                OrganizationId = _engine.OrganizationId,
                OrganizationName = _engine.Options.OrganizationName,
                CorrelationId = _correlation,
                OperationId = _operation,
                OperationCreatedOn = _createdOn,
                IsInTransaction = !queued && (_inTransaction ?? (!_workflow && _engine.Store.InTransaction)),
                OwningExtension = _step == null ? null! : new EntityReference("sdkmessageprocessingstep", _step.Id) { Name = _step.Name },
                PreEntityImages = _preImages,
                PostEntityImages = _postImages,
                PreEntityImagesCollection = _preImageCollections,
                PostEntityImagesCollection = _postImageCollections,
                WorkflowCategory = 0,
                WorkflowMode = 0,
                StageName = "",
                PluginType = _pluginType,
                StepName = _stepName,
            };
        }

        private static ParameterCollection Copy(ParameterCollection source)
        {
            var copy = new ParameterCollection();
            foreach (var kv in source) copy[kv.Key] = Values.Copy(kv.Value);
            return copy;
        }
    }
}
