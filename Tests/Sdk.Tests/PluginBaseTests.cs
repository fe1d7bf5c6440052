using System.ServiceModel;
using Mci.Plugins;
using Mci.Plugins.Registration;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.PluginTelemetry;

namespace Mci.Sdk.Tests;

/// <summary>
/// The path IServiceProvider → PluginBase → the plug-in's work → Target / service calls, through hand-written
/// fakes, and the translation of failures into what the user sees.
/// </summary>
[TestFixture]
public class PluginBaseTests
{
    /// <summary>
    /// A tiny plug-in for these tests only, declared on Create of mci_opportunitysplit (PreOperation): fills an empty
    /// mci_name from the unsecure configuration, and creates a note as the initiating user and one as the plug-in user.
    /// <see cref="Fail"/> makes it throw.
    /// </summary>
    private sealed class NamingPlugin(string? unsecure, string? secure) : PluginBase(unsecure, secure)
    {
        public Exception? Fail { get; set; }
        public ILocalPluginContext? Seen { get; private set; }

        protected override void DeclareSteps(PluginSteps steps)
            => steps.On("Create", "mci_opportunitysplit", Stage.PreOperation).Describe("Names the line.").Handle(Name);

        private void Name(ILocalPluginContext localContext)
        {
            Seen = localContext;
            if (Fail != null) throw Fail;
            var target = (Entity)localContext.PluginExecutionContext.InputParameters["Target"];
            if (string.IsNullOrEmpty(target.GetAttributeValue<string>("mci_name")))
            {
                target["mci_name"] = UnsecureConfiguration + "|" + SecureConfiguration;
            }
            localContext.InitiatingUserService.Create(new Entity("annotation") { ["subject"] = "as initiating user" });
            localContext.PluginUserService.Create(new Entity("annotation") { ["subject"] = "as plug-in user" });
            localContext.Trace("named " + target["mci_name"]);
        }
    }

    private FakePluginContext _context = null!;
    private RecordingTracing _tracing = null!;
    private RecordingFactory _factory = null!;
    private Entity _target = null!;

    [SetUp]
    public void SetUp()
    {
        _context = new FakePluginContext();
        _target = new Entity("mci_opportunitysplit", Guid.NewGuid());
        _context.InputParameters["Target"] = _target;
        _tracing = new RecordingTracing();
        _factory = new RecordingFactory();
    }

    private FakeServiceProvider Provider(params object[] extra) => new([_context, _tracing, _factory, .. extra]);

    [Test]
    public void RunsThePluginAgainstTheTargetWithBothUsersServices()
    {
        var plugin = new NamingPlugin("unsecure", "secure");

        plugin.Execute(Provider());

        Assert.Multiple(() =>
        {
            Assert.That(_target["mci_name"], Is.EqualTo("unsecure|secure"));
            Assert.That(_factory.Created.Select(s => s.UserId), Is.EqualTo(new Guid?[] { _context.InitiatingUserId, _context.UserId }));
            Assert.That(_factory.Created[0].Requests.Single().Parameters["Target"], Has.Property("LogicalName").EqualTo("annotation"));
            Assert.That(((Entity)_factory.Created[0].Requests.Single()["Target"])["subject"], Is.EqualTo("as initiating user"));
            Assert.That(((Entity)_factory.Created[1].Requests.Single()["Target"])["subject"], Is.EqualTo("as plug-in user"));
        });
    }

    [Test]
    public void LeavesAFilledNameAlone()
    {
        _target["mci_name"] = "kept";
        new NamingPlugin(null, null).Execute(Provider());
        Assert.That(_target["mci_name"], Is.EqualTo("kept"));
    }

    [Test]
    public void ServicesAreCreatedOnlyWhenUsed()
    {
        var plugin = new NamingPlugin(null, null) { Fail = new InvalidPluginExecutionException("stop") };
        Assert.Throws<InvalidPluginExecutionException>(() => plugin.Execute(Provider()));
        Assert.That(_factory.Created, Is.Empty);
    }

    [Test]
    public void OffersTheContextTracingLoggerAndNotificationService()
    {
        var logger = new NullLogger();
        var notifications = new NullNotifications();
        var plugin = new NamingPlugin(null, null);

        plugin.Execute(Provider(logger, notifications));

        Assert.Multiple(() =>
        {
            Assert.That(plugin.Seen!.PluginExecutionContext, Is.SameAs(_context));
            Assert.That(plugin.Seen.Logger, Is.SameAs(logger));
            Assert.That(plugin.Seen.NotificationService, Is.SameAs(notifications));
            Assert.That(plugin.Seen.TracingService, Is.Not.Null);
        });
    }

    [Test]
    public void TracesEntryWorkAndExitWithTimings()
    {
        new NamingPlugin("n", null).Execute(Provider());

        Assert.That(_tracing.Lines, Has.Count.EqualTo(3));
        Assert.That(_tracing.Lines, Has.All.Match(@"^\[\+[\d,]+ms\] "));
        Assert.That(_tracing.Lines[0], Does.Contain("Entered").And.Contain("NamingPlugin").And.Contain("Create of mci_opportunitysplit"));
        Assert.That(_tracing.Lines[1], Does.Contain("[Name] named n|"));
        Assert.That(_tracing.Lines[2], Does.Match(@"Exiting .*NamingPlugin\.Execute\(\) after \d+ ms"));
    }

    [Test]
    public void TimingCountsFromTheOperationsCreation()
    {
        _context.OperationCreatedOn = DateTime.UtcNow.AddSeconds(-2);
        new NamingPlugin(null, null).Execute(Provider());
        var first = int.Parse(System.Text.RegularExpressions.Regex.Match(_tracing.Lines[0], @"\[\+([\d,]+)ms\]").Groups[1].Value.Replace(",", ""));
        Assert.That(first, Is.GreaterThanOrEqualTo(1900));
    }

    [Test]
    public void ARefusalPassesThroughUnchanged()
    {
        var refusal = new InvalidPluginExecutionException(OperationStatus.Failed, 42, "Split lines total 120%, more than 100%.");
        var plugin = new NamingPlugin(null, null) { Fail = refusal };

        var thrown = Assert.Throws<InvalidPluginExecutionException>(() => plugin.Execute(Provider()));

        Assert.That(thrown, Is.SameAs(refusal));
        Assert.That(_tracing.Lines, Has.Some.Contains("Refused: Split lines total 120%"));
    }

    [Test]
    public void AServiceFaultBecomesARefusalWithTheFaultsMessage()
    {
        var fault = RecordingService.Fault("mci_branch With Id = 42 Does Not Exist");
        var plugin = new NamingPlugin(null, null) { Fail = fault };

        var thrown = Assert.Throws<InvalidPluginExecutionException>(() => plugin.Execute(Provider()));

        Assert.That(thrown!.Message, Is.EqualTo("mci_branch With Id = 42 Does Not Exist"));
        Assert.That(thrown.InnerException, Is.SameAs(fault));
        Assert.That(_tracing.Lines, Has.Some.Contains("0x80040217"));
    }

    [Test]
    public void APrivilegeFaultBecomesMcisRefusalNamingTheRoleToAskFor()
    {
        var fault = RecordingService.Fault("Principal user (Id=6d0c3d2e-1e0f-4b6a-9d5c-2f8e7a1b3c4d, type=8, roleCount=1, privilegeCount=12, accessMode=0), is missing "
            + "prvWritemci_allocationminutes privilege (Id=0b5e3c1e-2d4f-4a6b-8c9d-0e1f2a3b4c5d) on OTC=10240 for entity 'mci_allocationminutes'. context.Method=Update.");
        var plugin = new NamingPlugin(null, null) { Fail = fault };

        var thrown = Assert.Throws<InvalidPluginExecutionException>(() => plugin.Execute(Provider()));

        // The fake service cannot read the user's language: the refusal is given in English rather than lost.
        Assert.That(thrown!.Message, Is.EqualTo("MCI could not finish this for you: your security roles lack the privilege prvWritemci_allocationminutes (change allocation minutes). "
            + "Ask your administrator for the security role “MCI Sales Executive” or “MCI Seller”, which includes it."));
        Assert.That(thrown.InnerException, Is.SameAs(fault));
        Assert.That(_tracing.Lines, Has.Some.Contains("prvWritemci_allocationminutes"), "the platform's text stays in the trace for support");
    }

    [Test]
    public void AnythingElseBecomesAGenericBilingualRefusalAndTheDetailsGoToTheTrace()
    {
        var bug = new NullReferenceException("secret internals");
        var plugin = new NamingPlugin(null, null) { Fail = bug };

        var thrown = Assert.Throws<InvalidPluginExecutionException>(() => plugin.Execute(Provider()));

        Assert.Multiple(() =>
        {
            Assert.That(thrown!.InnerException, Is.SameAs(bug));
            Assert.That(thrown.Message, Does.Contain("unexpected error").And.Contain("意外错误").And.Contain(_context.CorrelationId.ToString()));
            Assert.That(thrown.Message, Does.Not.Contain("secret internals"));
            Assert.That(_tracing.Lines, Has.Some.Contains("NullReferenceException: secret internals"));
            Assert.That(_tracing.Lines.Last(), Does.Contain("Exiting"));
        });
    }

    [Test]
    public void WithoutAServiceProviderOrContextItRefuses()
    {
        Assert.Throws<InvalidPluginExecutionException>(() => new NamingPlugin(null, null).Execute(null!));
        Assert.Throws<InvalidPluginExecutionException>(() => new NamingPlugin(null, null).Execute(new FakeServiceProvider(_tracing)));
    }

    [Test]
    public void TheHandlerRunsWithTheStepItWasDeclaredFor()
    {
        var plugin = new NamingPlugin(null, null);
        plugin.Execute(Provider());
        Assert.That(plugin.Seen!.Step.ToString(), Is.EqualTo("Mci.Sdk.Tests.PluginBaseTests+NamingPlugin: Create of mci_opportunitysplit (stage 20)"));
    }

    [TestCase("Update", "mci_opportunitysplit", 20)]
    [TestCase("Create", "mci_opportunitysplit", 40)]
    [TestCase("Create", "opportunity", 20)]
    public void AContextNoDeclarationMatchesIsRefusedAndNothingRuns(string message, string table, int stage)
    {
        _context.MessageName = message;
        _context.PrimaryEntityName = table;
        _context.Stage = stage;
        var plugin = new NamingPlugin(null, null);
        var thrown = Assert.Throws<InvalidPluginExecutionException>(() => plugin.Execute(Provider()))!;
        Assert.Multiple(() =>
        {
            Assert.That(thrown.Message, Does.Contain($"is registered for {message} of {table} at stage {stage}, which it does not declare").And.Contain("未保存任何更改"));
            Assert.That(plugin.Seen, Is.Null, "the handler did not run");
            Assert.That(_tracing.Lines, Has.Some.Contains("Declared: Mci.Sdk.Tests.PluginBaseTests+NamingPlugin: Create of mci_opportunitysplit (stage 20)"));
            Assert.That(_factory.Created, Is.Empty);
        });
    }

    [Test]
    public void ADeclarationDataverseWouldRefuseFailsWhenThePluginIsCreated()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new Declaring(s => s.On("CreateMultiple", "opportunity", Stage.PreOperation).Describe("x").Handle(_ => { })),
                Throws.InvalidOperationException.With.Message.Contains("cannot ship").And.Message.Contains("Create, Update, Delete"));
            Assert.That(() => new Declaring(s => s.On("Create", "opportunity", Stage.PreOperation).Filter("name").Describe("x").Handle(_ => { })),
                Throws.InvalidOperationException.With.Message.Contains("filtering attributes apply only to Update"));
            Assert.That(() => new Declaring(s => s.On("Create", "opportunity", Stage.PreOperation).PreImage("Pre", "name").Describe("x").Handle(_ => { })),
                Throws.InvalidOperationException.With.Message.Contains("Create has no pre-image"));
            Assert.That(() => new Declaring(s => s.On("Update", "opportunity", Stage.PreOperation).PostImage("Post", "name").Describe("x").Handle(_ => { })),
                Throws.InvalidOperationException.With.Message.Contains("a post-image exists only in PostOperation"));
            Assert.That(() => new Declaring(s => s.On("Update", "opportunity", Stage.PreOperation).Asynchronous().Describe("x").Handle(_ => { })),
                Throws.InvalidOperationException.With.Message.Contains("only a PostOperation step may run asynchronously"));
            Assert.That(() => new Declaring(s => s.On("Update", "opportunity", Stage.PostOperation).PreImage("Pre").Describe("x").Handle(_ => { })),
                Throws.InvalidOperationException.With.Message.Contains("must list the columns"));
            Assert.That(() => new Declaring(s => s.On("Update", "opportunity", Stage.PostOperation).Handle(_ => { })),
                Throws.InvalidOperationException.With.Message.Contains("no description"));
            Assert.That(() => new Declaring(s =>
            {
                s.On("Update", "opportunity", Stage.PostOperation).Describe("x").Handle(_ => { });
                s.On("Update", "opportunity", Stage.PostOperation).Describe("y").Handle(_ => { });
            }), Throws.InvalidOperationException.With.Message.Contains("is declared twice"));
        });
    }

    [Test]
    public void A_step_registered_by_hand_says_when_and_runs_like_a_declared_one()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new Declaring(s => s.ByHand("Win", "opportunity", Stage.PreOperation).Describe("x").Handle(_ => { })),
                Throws.InvalidOperationException.With.Message.Contains("must say when to register it (When)"));
            Assert.That(() => new Declaring(s => s.On("Create", "opportunity", Stage.PreOperation).When("always").Describe("x").Handle(_ => { })),
                Throws.InvalidOperationException.With.Message.Contains("only a by-hand step (ByHand) has a condition"));
            Assert.That(() => new Declaring(s => s.ByHand("Win", "opportunity", Stage.PostOperation).When("c").PostImage("Post", "name").Describe("x").Handle(_ => { })),
                Throws.InvalidOperationException.With.Message.Contains("images are registered here only on Create, Update, Delete"));
            Assert.That(() => new Declaring(s => s.ByHand("", "opportunity", Stage.PreOperation)), Throws.InvalidOperationException.With.Message.Contains("needs its message"));
        });
        ILocalPluginContext? seen = null;
        var plugin = new Declaring(s => s.ByHand("Win", "opportunity", Stage.PreOperation).When("the Create steps do not run").Describe("gate").Handle(l => seen = l));
        _context.MessageName = "Win";
        _context.PrimaryEntityName = "opportunity";
        _context.Stage = 20;
        plugin.Execute(Provider());
        Assert.That(seen!.Step.ToString(), Does.EndWith(": Win of opportunity (stage 20, by hand)"));
        Assert.That(seen.Step.RegisteredByHand, Is.True);
    }

    private sealed class Declaring(Action<PluginSteps> declare) : PluginBase
    {
        protected override void DeclareSteps(PluginSteps steps) => declare(steps);
    }

    [Test]
    public void AMalformedTraceFormatDoesNotFailThePlugin()
    {
        var tracing = new LocalTracingService(_tracing, DateTime.UtcNow);
        tracing.Trace("{0} and {1}", "only one");
        Assert.That(_tracing.Lines.Single(), Does.EndWith("{0} and {1}"));
    }

    private sealed class NullNotifications : IServiceEndpointNotificationService
    {
        public string Execute(EntityReference serviceEndpoint, IExecutionContext context) => "";
    }

    private sealed class NullLogger : ILogger
    {
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception, Func<TState, Exception, string> formatter) { }
        public bool IsEnabled(LogLevel logLevel) => false;
        public IDisposable BeginScope<TState>(TState state) => null!;
        public IDisposable BeginScope(string messageFormat, params object[] args) => null!;
        public void LogMetric(string metricName, long value) { }
        public void LogMetric(string metricName, IDictionary<string, string> metricDimensions, long value) { }
        public void AddCustomProperty(string propertyName, string propertyValue) { }
        public void Execute(string activityName, Action action, IEnumerable<KeyValuePair<string, string>> additionalCustomProperties) => action();
        public Task ExecuteAsync(string activityName, Func<Task> action, IEnumerable<KeyValuePair<string, string>> additionalCustomProperties) => action();
        public void LogDebug(EventId eventId, Exception exception, string message, params object[] args) { }
        public void LogDebug(EventId eventId, string message, params object[] args) { }
        public void LogDebug(Exception exception, string message, params object[] args) { }
        public void LogDebug(string message, params object[] args) { }
        public void LogTrace(EventId eventId, Exception exception, string message, params object[] args) { }
        public void LogTrace(EventId eventId, string message, params object[] args) { }
        public void LogTrace(Exception exception, string message, params object[] args) { }
        public void LogTrace(string message, params object[] args) { }
        public void LogInformation(EventId eventId, Exception exception, string message, params object[] args) { }
        public void LogInformation(EventId eventId, string message, params object[] args) { }
        public void LogInformation(Exception exception, string message, params object[] args) { }
        public void LogInformation(string message, params object[] args) { }
        public void LogWarning(EventId eventId, Exception exception, string message, params object[] args) { }
        public void LogWarning(EventId eventId, string message, params object[] args) { }
        public void LogWarning(Exception exception, string message, params object[] args) { }
        public void LogWarning(string message, params object[] args) { }
        public void LogError(EventId eventId, Exception exception, string message, params object[] args) { }
        public void LogError(EventId eventId, string message, params object[] args) { }
        public void LogError(Exception exception, string message, params object[] args) { }
        public void LogError(string message, params object[] args) { }
        public void LogCritical(EventId eventId, Exception exception, string message, params object[] args) { }
        public void LogCritical(EventId eventId, string message, params object[] args) { }
        public void LogCritical(Exception exception, string message, params object[] args) { }
        public void LogCritical(string message, params object[] args) { }
        public void Log(LogLevel logLevel, EventId eventId, Exception exception, string message, params object[] args) { }
        public void Log(LogLevel logLevel, EventId eventId, string message, params object[] args) { }
        public void Log(LogLevel logLevel, Exception exception, string message, params object[] args) { }
        public void Log(LogLevel logLevel, string message, params object[] args) { }
    }
}
