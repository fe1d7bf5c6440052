using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using Mci.Plugins.Registration;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Extensions;
using Microsoft.Xrm.Sdk.PluginTelemetry;

namespace Mci.Plugins
{
    /// <summary>
    /// Base of every MCI plug-in, after the `pac plugin init` template: it builds an <see cref="ILocalPluginContext"/>
    /// from the service provider, traces entry and exit with timings, and translates failures into what Dataverse
    /// shows the user with <see cref="Common.Failures"/> (shared with the workflow activities): a refusal passes, a
    /// service fault keeps its message (a privilege refusal reads as MCI's message naming the role to ask for), anything else becomes a bilingual message with the correlation id.
    /// Each plug-in declares its steps in <see cref="DeclareSteps"/> (message, table, stage, mode, rank, filtering
    /// attributes, images, description, and the handler); the step XML of the solution is generated from those
    /// declarations, and <see cref="Execute"/> runs the handler of the declaration the context matches, refusing a context
    /// none matches (a registration that differs from the solution's).
    /// Dataverse creates one instance per step registration and may call it concurrently: derived classes keep
    /// no per-call state in fields.
    /// </summary>
    public abstract class PluginBase : IPlugin
    {
        /// <summary>For plug-ins registered without configuration.</summary>
        protected PluginBase() : this(null, null) { }

        /// <summary>
        /// Dataverse passes the step's unsecure and secure configuration to a public (string, string) constructor
        /// of the derived class, which hands them on here.
        /// </summary>
        protected PluginBase(string? unsecureConfiguration, string? secureConfiguration)
        {
            PluginClassName = GetType().FullName ?? GetType().Name;
            UnsecureConfiguration = unsecureConfiguration;
            SecureConfiguration = secureConfiguration;
            // Declared once here only to fail at instantiation on a declaration the builder refuses; nothing is kept.
            DeclaredSteps();
        }

        /// <summary>
        /// The steps this plug-in declares. Read by the registration generator (`mci registrations`) through reflection:
        /// it writes the solution's step files and docs/registrations.md from them. Built anew on each call (a few small
        /// objects) so that the plug-in instance, which Dataverse caches and may call concurrently, holds no state.
        /// </summary>
        internal IReadOnlyList<StepDeclaration> Steps => DeclaredSteps();

        private IReadOnlyList<StepDeclaration> DeclaredSteps()
        {
            var steps = new PluginSteps(PluginClassName);
            DeclareSteps(steps);
            return steps.Build();
        }

        /// <summary>
        /// Declares every step of the plug-in, each with the method that handles it. Called when Dataverse creates the
        /// instance and on each execution: declare only (no state, no service calls).
        /// </summary>
        protected abstract void DeclareSteps(PluginSteps steps);

        protected string PluginClassName { get; }

        /// <summary>The step's unsecure configuration (visible to anyone who can read the step), or null.</summary>
        protected string? UnsecureConfiguration { get; }

        /// <summary>The step's secure configuration (readable by administrators only), or null.</summary>
        protected string? SecureConfiguration { get; }

        public void Execute(IServiceProvider serviceProvider)
        {
            if (serviceProvider == null) throw new InvalidPluginExecutionException(nameof(serviceProvider));

            var localContext = new LocalPluginContext(serviceProvider);
            var context = localContext.PluginExecutionContext;
            localContext.Trace(string.Format(CultureInfo.InvariantCulture,
                "Entered {0}.Execute(): {1} of {2} {3}, stage {4}, depth {5}",
                PluginClassName, context.MessageName, context.PrimaryEntityName, context.PrimaryEntityId, context.Stage, context.Depth));
            var steps = Steps;
            var step = steps.FirstOrDefault(s => s.Matches(context));
            if (step == null)
            {
                // Registered in this environment otherwise than the solution declares it: running the wrong logic, or the
                // right logic at the wrong stage, could save what MCI's rules refuse.
                var declared = string.Join("; ", steps.Select(s => s.ToString()));
                localContext.Trace("No declared step matches this context. Declared: " + declared);
                throw new InvalidPluginExecutionException(Common.Wording.UndeclaredStep(PluginClassName, context.MessageName, context.PrimaryEntityName, context.Stage, context.Mode));
            }
            localContext.Step = step;
            var stopwatch = Stopwatch.StartNew();
            try
            {
                step.Handler(localContext);
            }
            catch (Exception failure)
            {
                var translated = Common.Failures.Translate(failure, PluginClassName, context.CorrelationId, line => localContext.Trace(line), () => localContext.SystemService, context.InitiatingUserId);
                if (ReferenceEquals(translated, failure)) throw;
                throw translated;
            }
            finally
            {
                localContext.Trace(string.Format(CultureInfo.InvariantCulture,
                    "Exiting {0}.Execute() after {1} ms", PluginClassName, stopwatch.ElapsedMilliseconds));
            }
        }

    }

    /// <summary>What a plug-in needs from Dataverse for one execution.</summary>
    public interface ILocalPluginContext
    {
        /// <summary>Acts as the user whose action started the pipeline (their security applies).</summary>
        IOrganizationService InitiatingUserService { get; }

        /// <summary>Acts as the user the step runs as (the registered impersonation, else the calling user).</summary>
        IOrganizationService PluginUserService { get; }

        /// <summary>
        /// Acts as SYSTEM (CreateOrganizationService(null)). MCI reads with it because a rule must see every split
        /// line and partner figure of a deal, not only those the user may see, and writes with it the values the rules
        /// derive on other records (locks, allocation, amounts, notes), which users are not allowed to set themselves.
        /// </summary>
        IOrganizationService SystemService { get; }

        IPluginExecutionContext PluginExecutionContext { get; }

        /// <summary>The declared step this execution runs (its filtering attributes are the columns the plug-in watches).</summary>
        StepDeclaration Step { get; }

        /// <summary>Null when the host offers none.</summary>
        IServiceEndpointNotificationService? NotificationService { get; }

        /// <summary>The plug-in trace log, each line prefixed with the milliseconds since the previous one.</summary>
        ITracingService TracingService { get; }

        /// <summary>Application Insights telemetry; null when the host offers none.</summary>
        ILogger? Logger { get; }

        /// <summary>Writes one trace line naming the calling member.</summary>
        void Trace(string message, [CallerMemberName] string? method = null);
    }

    /// <summary>The <see cref="ILocalPluginContext"/> built from Dataverse's service provider.</summary>
    public sealed class LocalPluginContext : ILocalPluginContext
    {
        private readonly IOrganizationServiceFactory? _serviceFactory;
        private IOrganizationService? _initiatingUserService;
        private IOrganizationService? _pluginUserService;
        private IOrganizationService? _systemService;
        private StepDeclaration? _step;

        public LocalPluginContext(IServiceProvider serviceProvider)
        {
            if (serviceProvider == null) throw new InvalidPluginExecutionException(nameof(serviceProvider));

            PluginExecutionContext = serviceProvider.Get<IPluginExecutionContext>()
                ?? throw new InvalidPluginExecutionException("The service provider has no IPluginExecutionContext.");
            _serviceFactory = serviceProvider.Get<IOrganizationServiceFactory>();
            TracingService = new LocalTracingService(serviceProvider.Get<ITracingService>(), PluginExecutionContext.OperationCreatedOn);
            NotificationService = serviceProvider.Get<IServiceEndpointNotificationService>();
            Logger = serviceProvider.Get<ILogger>();
        }

        public IPluginExecutionContext PluginExecutionContext { get; }

        // Created on first use: most executions need one of the two services, or none.
        public IOrganizationService InitiatingUserService
            => _initiatingUserService ?? (_initiatingUserService = CreateService(PluginExecutionContext.InitiatingUserId));

        public IOrganizationService PluginUserService
            => _pluginUserService ?? (_pluginUserService = CreateService(PluginExecutionContext.UserId));

        public IOrganizationService SystemService
            => _systemService ?? (_systemService = CreateService(null));

        public StepDeclaration Step
        {
            get => _step ?? throw new InvalidOperationException("The step is known once PluginBase has matched the context.");
            internal set => _step = value;
        }

        public IServiceEndpointNotificationService? NotificationService { get; }

        public ITracingService TracingService { get; }

        public ILogger? Logger { get; }

        public void Trace(string message, [CallerMemberName] string? method = null)
        {
            if (string.IsNullOrWhiteSpace(message)) return;
            TracingService.Trace("{0}", method == null ? message : "[" + method + "] " + message);
        }

        private IOrganizationService CreateService(Guid? userId)
        {
            if (_serviceFactory == null) throw new InvalidPluginExecutionException("The service provider has no IOrganizationServiceFactory.");
            return _serviceFactory.CreateOrganizationService(userId);
        }
    }

    /// <summary>
    /// Wraps Dataverse's tracing service: prefixes each line with the time since the previous line (the first since
    /// the operation was created), which shows support where a slow execution spent its time.
    /// </summary>
    public sealed class LocalTracingService : ITracingService
    {
        private readonly ITracingService? _inner;
        private DateTime _previous;

        public LocalTracingService(ITracingService? inner, DateTime operationCreatedOnUtc)
        {
            _inner = inner;
            var now = DateTime.UtcNow;
            _previous = operationCreatedOnUtc == default(DateTime) || operationCreatedOnUtc > now ? now : operationCreatedOnUtc;
        }

        public void Trace(string format, params object[] args)
        {
            if (_inner == null || format == null) return;
            var now = DateTime.UtcNow;
            string text;
            try
            {
                text = args == null || args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
            }
            catch (FormatException)
            {
                // A malformed format string must not turn tracing into the failure: keep the raw text.
                text = format;
            }
            _inner.Trace("{0}", string.Format(CultureInfo.InvariantCulture, "[+{0:N0}ms] {1}", (now - _previous).TotalMilliseconds, text));
            _previous = now;
        }
    }
}
