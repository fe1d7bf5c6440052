using System.Activities;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Workflow;

namespace Mci.Sdk.Tests;

/// <summary>
/// The System.Activities stand-in's host API (WF4's WorkflowInvoker): arguments bound by property name,
/// extensions reached through GetExtension, outputs read back, failures as WF4 reports them.
/// </summary>
[TestFixture]
public class WorkflowInvokerTests
{
    /// <summary>Doubles an amount, reports the calling user, and echoes a reference.</summary>
    private sealed class DoubleAmount : CodeActivity
    {
        [RequiredArgument, Input("Amount")]
        public InArgument<decimal> Amount { get; set; } = null!;

        [Input("Note"), Default("none")]
        public InArgument<string> Note { get; set; } = new("none");

        [Input("Team"), ReferenceTarget("team")]
        public InOutArgument<EntityReference> Team { get; set; } = null!;

        [Output("Doubled")]
        public OutArgument<decimal> Doubled { get; set; } = null!;

        [Output("Caller")]
        public OutArgument<Guid> Caller { get; set; } = null!;

        [Output("Summary")]
        public OutArgument<string> Summary { get; set; } = null!;

        public CodeActivityContext? Kept { get; private set; }

        protected override void Execute(CodeActivityContext context)
        {
            Kept = context;
            var workflow = context.GetExtension<IWorkflowContext>();
            context.GetExtension<ITracingService>()?.Trace("doubling {0}", Amount.Get(context));
            Doubled.Set(context, Amount.Get(context) * 2);
            Caller.Set(context, workflow.UserId);
            Summary.Set(context, Note.Get(context) + "/" + (context.GetExtension<IOrganizationServiceFactory>() == null ? "no factory" : "factory"));
            Team.Set(context, Team.Get(context) ?? new EntityReference("team", Guid.Empty));
        }
    }

    private sealed class RequiredWithConstant : CodeActivity
    {
        [RequiredArgument]
        public InArgument<int> Days { get; set; } = new(5);

        [RequiredArgument]
        public InArgument<int> Level { get; set; } = null!;

        public OutArgument<int> Sum { get; set; } = null!;

        protected override void Execute(CodeActivityContext context) => Sum.Set(context, Days.Get(context) + Level.Get(context));
    }

    private sealed class Thrower : CodeActivity
    {
        protected override void Execute(CodeActivityContext context) => throw new InvalidPluginExecutionException("refused");
    }

    private sealed class UsesForeignArgument : CodeActivity
    {
        protected override void Execute(CodeActivityContext context) => new InArgument<int>(1).Get(context);
    }

    private static WorkflowInvoker Invoker(CodeActivity activity, Guid userId, ITracingService? tracing = null)
    {
        var invoker = new WorkflowInvoker(activity);
        invoker.Extensions.Add<IWorkflowContext>(() => new FakeWorkflowContext(userId));
        if (tracing != null) invoker.Extensions.Add(tracing);
        return invoker;
    }

    [Test]
    public void BindsInputsRunsAndReturnsOutputs()
    {
        var user = Guid.NewGuid();
        var team = new EntityReference("team", Guid.NewGuid());
        var tracing = new RecordingTracing();

        var outputs = Invoker(new DoubleAmount(), user, tracing).Invoke(new Dictionary<string, object> { ["Amount"] = 21.5m, ["Team"] = team });

        Assert.Multiple(() =>
        {
            Assert.That(outputs.Keys, Is.EquivalentTo(new[] { "Team", "Doubled", "Caller", "Summary" }), "Out and InOut arguments, by property name");
            Assert.That(outputs["Doubled"], Is.EqualTo(43m));
            Assert.That(outputs["Caller"], Is.EqualTo(user));
            Assert.That(outputs["Summary"], Is.EqualTo("none/no factory"), "an InArgument built with a constant yields it when not bound");
            Assert.That(outputs["Team"], Is.SameAs(team));
            Assert.That(tracing.Lines, Is.EqualTo(new[] { "doubling 21.5" }));
        });
    }

    [Test]
    public void EachRunHasItsOwnValues()
    {
        var activity = new DoubleAmount();
        var invoker = Invoker(activity, Guid.NewGuid());

        var first = invoker.Invoke(new Dictionary<string, object> { ["Amount"] = 1m, ["Note"] = "a" });
        var second = invoker.Invoke(new Dictionary<string, object> { ["Amount"] = 5m });

        Assert.That((first["Doubled"], first["Summary"]), Is.EqualTo(((object)2m, (object)"a/no factory")));
        Assert.That((second["Doubled"], second["Summary"]), Is.EqualTo(((object)10m, (object)"none/no factory")));
    }

    [Test]
    public void AMissingRequiredArgumentUnknownKeyOrWrongTypeIsRefusedBeforeRunning()
    {
        var activity = new DoubleAmount();
        var invoker = Invoker(activity, Guid.NewGuid());

        var missing = Assert.Throws<ArgumentException>(() => invoker.Invoke(new Dictionary<string, object>()));
        Assert.That(missing!.Message, Does.Contain("required activity argument 'Amount'"));
        var unknown = Assert.Throws<ArgumentException>(() => invoker.Invoke(new Dictionary<string, object> { ["Amount"] = 1m, ["amount"] = 1m, ["Doubled"] = 1m }));
        Assert.That(unknown!.Message, Does.Contain("do not map to arguments").And.Contain("amount, Doubled"));
        var wrongType = Assert.Throws<ArgumentException>(() => invoker.Invoke(new Dictionary<string, object> { ["Amount"] = "12" }));
        Assert.That(wrongType!.Message, Does.Contain("System.String").And.Contain("Amount"));
        Assert.Throws<ArgumentException>(() => invoker.Invoke(new Dictionary<string, object> { ["Amount"] = null! }));
        Assert.That(activity.Kept, Is.Null, "never ran");
    }

    [Test]
    public void ARequiredArgumentBuiltWithAConstantNeedsNoInput()
    {
        Assert.That(WorkflowInvoker.Invoke(new RequiredWithConstant(), new Dictionary<string, object> { ["Level"] = 2 })["Sum"], Is.EqualTo(7));
        var missing = Assert.Throws<ArgumentException>(() => WorkflowInvoker.Invoke(new RequiredWithConstant()));
        Assert.That(missing!.Message, Does.Contain("'Level'").And.Not.Contain("'Days'"));
    }

    [Test]
    public void TheActivitysExceptionPropagatesUnchanged()
    {
        var thrown = Assert.Throws<InvalidPluginExecutionException>(() => WorkflowInvoker.Invoke(new Thrower()));
        Assert.That(thrown!.Message, Is.EqualTo("refused"));
    }

    [Test]
    public void TheContextIsDeadAfterExecute()
    {
        var activity = new DoubleAmount();
        Invoker(activity, Guid.NewGuid()).Invoke(new Dictionary<string, object> { ["Amount"] = 1m });

        Assert.Throws<ObjectDisposedException>(() => activity.Amount.Get(activity.Kept!));
        Assert.Throws<ObjectDisposedException>(() => activity.Kept!.GetExtension<IWorkflowContext>());
    }

    [Test]
    public void AnArgumentNotDeclaredOnTheActivityCannotBeUsed()
    {
        Assert.Throws<InvalidOperationException>(() => WorkflowInvoker.Invoke(new UsesForeignArgument()));
    }

    [Test]
    public void ExtensionsAreFoundByAssignableTypeAndMissingOnesAreNull()
    {
        var factory = new RecordingFactory();
        var invoker = Invoker(new DoubleAmount(), Guid.NewGuid());
        invoker.Extensions.Add(factory);

        var outputs = invoker.Invoke(new Dictionary<string, object> { ["Amount"] = 1m });

        Assert.That(outputs["Summary"], Is.EqualTo("none/factory"));
    }

    [Test]
    public void ArgumentsKnowTheirTypeAndDirection()
    {
        var created = Argument.Create(typeof(int), ArgumentDirection.Out);
        Assert.That(created, Is.InstanceOf<OutArgument<int>>());
        Assert.That((created.ArgumentType, created.Direction), Is.EqualTo((typeof(int), ArgumentDirection.Out)));
        InArgument<string> implicitConstant = "x";
        Assert.That(implicitConstant.Direction, Is.EqualTo(ArgumentDirection.In));
    }

    private sealed class FakeWorkflowContext(Guid userId) : IWorkflowContext
    {
        public IWorkflowContext ParentContext => null!;
        public string StageName => "";
        public int WorkflowCategory => 0;
        public int WorkflowMode => 0;
        public int Mode => 0;
        public int IsolationMode => 2;
        public int Depth => 1;
        public string MessageName => "Update";
        public string PrimaryEntityName => "mci_resourcerequest";
        public Guid? RequestId => null;
        public string SecondaryEntityName => "none";
        public ParameterCollection InputParameters { get; } = new();
        public ParameterCollection OutputParameters { get; } = new();
        public ParameterCollection SharedVariables { get; } = new();
        public Guid UserId => userId;
        public Guid InitiatingUserId => userId;
        public Guid BusinessUnitId => Guid.Empty;
        public Guid OrganizationId => Guid.Empty;
        public string OrganizationName => "test";
        public Guid PrimaryEntityId => Guid.Empty;
        public EntityImageCollection PreEntityImages { get; } = new();
        public EntityImageCollection PostEntityImages { get; } = new();
        public EntityReference OwningExtension => null!;
        public Guid CorrelationId => Guid.Empty;
        public bool IsExecutingOffline => false;
        public bool IsOfflinePlayback => false;
        public bool IsInTransaction => false;
        public Guid OperationId => Guid.Empty;
        public DateTime OperationCreatedOn => DateTime.UtcNow;
    }
}
