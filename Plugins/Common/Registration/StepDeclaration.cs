using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;

namespace Mci.Plugins.Registration
{
    /// <summary>Event pipeline stage of a step (sdkmessageprocessingstep.stage).</summary>
    public enum Stage
    {
        PreValidation = 10,
        PreOperation = 20,
        /// <summary>A custom API's own plug-in type runs here (its main operation); never a registered step.</summary>
        MainOperation = 30,
        PostOperation = 40,
    }

    /// <summary>sdkmessageprocessingstep.mode.</summary>
    public enum StepMode
    {
        Synchronous = 0,
        Asynchronous = 1,
    }

    /// <summary>An entity image a step registers: its alias (also its name), pre or post, and exactly the columns it needs.</summary>
    public sealed class StepImage
    {
        internal StepImage(string alias, bool isPost, IReadOnlyList<string> columns)
        {
            Alias = alias;
            IsPost = isPost;
            Columns = columns;
        }

        public string Alias { get; }

        /// <summary>False: a pre-image (sdkmessageprocessingstepimage.imagetype 0); true: a post-image (1).</summary>
        public bool IsPost { get; }

        public IReadOnlyList<string> Columns { get; }
    }

    /// <summary>
    /// One step a plug-in declares: what Dataverse registers (message, table, stage, mode, rank, filtering attributes,
    /// images, description; every MCI step runs as the calling user) and the handler that does the work. The step XML in
    /// Solution/src and docs/registrations.md are generated from these declarations (`mci registrations --write`), and
    /// <see cref="PluginBase"/> runs the handler of the declaration a context matches.
    /// </summary>
    public sealed class StepDeclaration
    {
        internal StepDeclaration(string pluginType, string message, string table, Stage stage, StepMode mode, int rank,
            IReadOnlyList<string> filteringAttributes, IReadOnlyList<StepImage> images, string description, Action<ILocalPluginContext> handler,
            string? registerByHandOnlyIf = null, bool isCustomApi = false)
        {
            RegisterByHandOnlyIf = registerByHandOnlyIf;
            IsCustomApi = isCustomApi;
            PluginType = pluginType;
            Message = message;
            Table = table;
            Stage = stage;
            Mode = mode;
            Rank = rank;
            FilteringAttributes = filteringAttributes;
            Images = images;
            Description = description;
            Handler = handler;
        }

        /// <summary>Full name of the plug-in class.</summary>
        public string PluginType { get; }

        /// <summary>Create, Update or Delete for a step the solution ships (messages whose sdkmessageid Microsoft publishes);
        /// any message for a step an admin registers by hand (<see cref="RegisteredByHand"/>); for a custom API's main
        /// operation (<see cref="IsCustomApi"/>), the custom API's unique name.</summary>
        public string Message { get; }

        /// <summary>
        /// True for a step the solution does NOT ship: an admin registers it by hand with the Plug-in Registration Tool, and
        /// only under the condition <see cref="RegisterByHandOnlyIf"/> (e.g. Win, whose sdkmessageid is not published, so no
        /// unpacked step file can name it). docs/registrations.md lists such steps in a section of their own.
        /// </summary>
        public bool RegisteredByHand => RegisterByHandOnlyIf != null;

        /// <summary>When an admin should register this by-hand step ("Register by hand only if ..."); null for a shipped step.</summary>
        public string? RegisterByHandOnlyIf { get; }

        /// <summary>
        /// True for the main operation of a custom API (the plug-in type customapis/NAME/customapi.xml names): no step is
        /// registered for it (the registration generator writes none), Dataverse runs it at stage 30 of the custom API's own
        /// message, with the primary table "none" for an unbound API.
        /// </summary>
        public bool IsCustomApi { get; }

        /// <summary>Logical name of the primary table.</summary>
        public string Table { get; }

        public Stage Stage { get; }

        public StepMode Mode { get; }

        /// <summary>Execution order among the steps of one stage (1 first).</summary>
        public int Rank { get; }

        /// <summary>
        /// Update only: the step runs when the Target carries one of these columns. They are also the columns the plug-in
        /// watches (<see cref="Watches"/>): there is no other list of them.
        /// </summary>
        public IReadOnlyList<string> FilteringAttributes { get; }

        public IReadOnlyList<StepImage> Images { get; }

        /// <summary>What the step does and why it is registered so, in one sentence (the step's Description).</summary>
        public string Description { get; }

        /// <summary>Every MCI step runs as the user who made the change (no impersonation): the plug-ins write as SYSTEM
        /// explicitly where they must.</summary>
        public string RunAs => "Calling user";

        /// <summary>The name the Plug-in Registration Tool gives such a step: "Type: Message of table".</summary>
        public string Name => PluginType + ": " + Message + " of " + Table;

        internal Action<ILocalPluginContext> Handler { get; }

        /// <summary>The image registered under <paramref name="alias"/>, or null.</summary>
        public StepImage? Image(string alias) => Images.FirstOrDefault(i => string.Equals(i.Alias, alias, StringComparison.Ordinal));

        /// <summary>True when the context is one this step was registered for.</summary>
        public bool Matches(IPluginExecutionContext context)
            => string.Equals(context.MessageName, Message, StringComparison.OrdinalIgnoreCase)
               && string.Equals(context.PrimaryEntityName, Table, StringComparison.OrdinalIgnoreCase)
               && context.Stage == (int)Stage
               && context.Mode == (int)Mode;

        /// <summary>
        /// True when <paramref name="target"/> carries a column the step watches: any column for Create and Delete, one of
        /// the filtering attributes for Update. A single Create/Update step also runs for each item of a CreateMultiple/
        /// UpdateMultiple, where the filter applies per item.
        /// </summary>
        public bool Watches(Entity target)
            => FilteringAttributes.Count == 0 || FilteringAttributes.Any(target.Contains);

        public override string ToString() => Name + " (stage " + (int)Stage + (Mode == StepMode.Asynchronous ? ", async" : "") + (RegisteredByHand ? ", by hand" : "") + ")";
    }

    /// <summary>
    /// The steps of one plug-in class, declared in its <see cref="PluginBase.DeclareSteps"/>:
    /// <code>
    /// steps.On("Update", "mci_partner", Stage.PreOperation)
    ///      .Filter("mci_name", "mci_minmarginpercent")
    ///      .PreImage("PreImage", "mci_name", "mci_minmarginpercent")
    ///      .Describe("The partner's minimum margin lies in 0-100.")
    ///      .Handle(Check);
    /// </code>
    /// In the spirit of DLaB.Xrm's RegisteredEventBuilder; a declaration that Dataverse would refuse, or that would run the
    /// logic twice, is an error when the plug-in is constructed.
    /// A step the solution cannot ship but an admin may register by hand (a message without a published id) is declared with
    /// <see cref="ByHand"/> and a condition: <c>steps.ByHand("Win", "opportunity", Stage.PreOperation).When("...")...</c>.
    /// </summary>
    public sealed class PluginSteps
    {
        /// <summary>The messages MCI registers on: all three have an sdkmessageid Microsoft publishes.</summary>
        public static readonly IReadOnlyList<string> Messages = new[] { "Create", "Update", "Delete" };

        private readonly string _pluginType;
        private readonly List<StepDeclaration> _declared = new List<StepDeclaration>();

        internal PluginSteps(string pluginType) => _pluginType = pluginType;

        /// <summary>
        /// Declares the plug-in as the main operation of the unbound custom API <paramref name="customApi"/> (not a step: the
        /// custom API names the plug-in type). Dataverse runs it synchronously at stage 30 of the API's message.
        /// </summary>
        public StepBuilder MainOperationOf(string customApi)
        {
            if (string.IsNullOrWhiteSpace(customApi)) throw new InvalidOperationException(_pluginType + ": a custom API's main operation needs the API's unique name.");
            return new StepBuilder(this, customApi, "none", Stage.MainOperation, byHand: false, isCustomApi: true);
        }

        /// <summary>Starts the declaration of a step; <see cref="StepBuilder.Handle"/> completes it.</summary>
        public StepBuilder On(string message, string table, Stage stage)
        {
            var known = Messages.FirstOrDefault(m => string.Equals(m, message, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException(_pluginType + ": a step on '" + message + "' cannot ship; MCI registers only on " + string.Join(", ", Messages) +
                                                       " (messages whose sdkmessageid is published; a Create/Update step also runs for each item of CreateMultiple/UpdateMultiple).");
            if (string.IsNullOrWhiteSpace(table)) throw new InvalidOperationException(_pluginType + ": a " + known + " step needs its table.");
            return new StepBuilder(this, known, table, stage, byHand: false);
        }

        /// <summary>
        /// Starts the declaration of a step that is NOT shipped in the solution: the registration generator leaves it out of
        /// Solution/src and lists it in docs/registrations.md for an admin to register by hand with the Plug-in Registration
        /// Tool, under the condition given with <see cref="StepBuilder.When"/> (required). <see cref="PluginBase"/> runs it like
        /// any declared step once registered.
        /// </summary>
        public StepBuilder ByHand(string message, string table, Stage stage)
        {
            if (string.IsNullOrWhiteSpace(message)) throw new InvalidOperationException(_pluginType + ": a by-hand step needs its message.");
            if (string.IsNullOrWhiteSpace(table)) throw new InvalidOperationException(_pluginType + ": a by-hand " + message + " step needs its table.");
            return new StepBuilder(this, message, table, stage, byHand: true);
        }

        internal void Add(StepDeclaration step)
        {
            if (_declared.Any(d => d.Message == step.Message && d.Table == step.Table && d.Stage == step.Stage && d.Mode == step.Mode))
                throw new InvalidOperationException(step + " is declared twice: one declaration per message, table, stage and mode.");
            _declared.Add(step);
        }

        internal IReadOnlyList<StepDeclaration> Build() => _declared.ToArray();

        /// <summary>Fluent parts of one step's declaration.</summary>
        public sealed class StepBuilder
        {
            private readonly PluginSteps _owner;
            private readonly string _message;
            private readonly string _table;
            private readonly Stage _stage;
            private StepMode _mode = StepMode.Synchronous;
            private int _rank = 1;
            private string[] _filter = Array.Empty<string>();
            private readonly List<StepImage> _images = new List<StepImage>();
            private string _description = "";
            private readonly bool _byHand;
            private string? _onlyIf;
            private readonly bool _isCustomApi;

            internal StepBuilder(PluginSteps owner, string message, string table, Stage stage, bool byHand, bool isCustomApi = false)
            {
                _isCustomApi = isCustomApi;
                _owner = owner;
                _message = message;
                _table = table;
                _stage = stage;
                _byHand = byHand;
            }

            /// <summary>By-hand steps only: when an admin should register the step (docs/registrations.md: "Register by hand only if ...").</summary>
            public StepBuilder When(string condition)
            {
                if (!_byHand) throw Error("only a by-hand step (ByHand) has a condition; a shipped step is always registered");
                if (string.IsNullOrWhiteSpace(condition)) throw Error("the condition is empty");
                _onlyIf = condition;
                return this;
            }

            /// <summary>Runs after the transaction commits (PostOperation only).</summary>
            public StepBuilder Asynchronous()
            {
                if (_stage != Stage.PostOperation) throw Error("only a PostOperation step may run asynchronously");
                _mode = StepMode.Asynchronous;
                return this;
            }

            public StepBuilder Rank(int rank)
            {
                if (rank < 1) throw Error("rank " + rank + " must be 1 or more");
                _rank = rank;
                return this;
            }

            /// <summary>Update only: the columns whose change runs the step (and which the plug-in watches).</summary>
            public StepBuilder Filter(params string[] columns)
            {
                if (_message != "Update") throw Error("filtering attributes apply only to Update");
                if (columns.Length == 0) throw Error("an empty filter means every column: leave Filter out instead");
                _filter = columns.Distinct(StringComparer.Ordinal).ToArray();
                return this;
            }

            /// <summary>The record before the operation (Update and Delete).</summary>
            public StepBuilder PreImage(string alias, params string[] columns)
            {
                if (_message == "Create") throw Error("Create has no pre-image (the record does not exist yet)");
                return AddImage(alias, false, columns);
            }

            /// <summary>The record after the operation (Create and Update, PostOperation).</summary>
            public StepBuilder PostImage(string alias, params string[] columns)
            {
                if (_message == "Delete") throw Error("Delete has no post-image");
                if (_stage != Stage.PostOperation) throw Error("a post-image exists only in PostOperation");
                return AddImage(alias, true, columns);
            }

            public StepBuilder Describe(string description)
            {
                _description = description;
                return this;
            }

            /// <summary>Completes the declaration with the method that does the step's work.</summary>
            public void Handle(Action<ILocalPluginContext> handler)
            {
                if (handler == null) throw Error("it has no handler");
                if (string.IsNullOrWhiteSpace(_description)) throw Error("it has no description (Describe)");
                if (_byHand && _onlyIf == null) throw Error("a by-hand step must say when to register it (When)");
                _owner.Add(new StepDeclaration(_owner._pluginType, _message, _table, _stage, _mode, _rank, _filter, _images.ToArray(), _description, handler, _onlyIf, _isCustomApi));
            }

            private StepBuilder AddImage(string alias, bool post, string[] columns)
            {
                if (!Messages.Contains(_message)) throw Error("images are registered here only on " + string.Join(", ", Messages));
                if (string.IsNullOrWhiteSpace(alias) || _images.Any(i => i.Alias == alias)) throw Error("every image needs an alias of its own");
                if (columns.Length == 0) throw Error("image '" + alias + "' must list the columns it needs (none means all)");
                _images.Add(new StepImage(alias, post, columns.Distinct(StringComparer.Ordinal).ToArray()));
                return this;
            }

            private InvalidOperationException Error(string problem)
                => new InvalidOperationException(_owner._pluginType + ": the " + (_byHand ? "by-hand " : "") + _message + " step on " + _table + " (stage " + (int)_stage + ") cannot be registered: " + problem + ".");
        }
    }
}
