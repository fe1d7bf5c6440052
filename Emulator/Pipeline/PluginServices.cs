using System;
using System.Globalization;
using System.Text;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Workflow;

namespace Mci.Emulator.Pipeline
{
    /// <summary>Collects what one plug-in execution traces (Dataverse keeps it per execution in the plug-in trace log).</summary>
    internal sealed class TracingService : ITracingService
    {
        private readonly StringBuilder _text = new();

        public void Trace(string format, params object[] args)
        {
            _text.AppendLine(args is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, format, args) : format);
        }

        public string Text => _text.ToString();
    }

    /// <summary>
    /// IOrganizationServiceFactory as a plug-in gets it: null = the SYSTEM user, Guid.Empty = the context's
    /// user, any other id = that user. A workflow activity's calls always run as the workflow context's user.
    /// </summary>
    internal sealed class ServiceFactory : IOrganizationServiceFactory
    {
        private readonly Engine _engine;
        private readonly ExecutionContext _context;
        private readonly bool _workflow;

        public ServiceFactory(Engine engine, ExecutionContext context, bool workflow)
        {
            _engine = engine;
            _context = context;
            _workflow = workflow;
        }

        public IOrganizationService CreateOrganizationService(Guid? userId)
        {
            var user = _workflow ? _context.UserId : userId switch
            {
                null => _engine.SystemUserId,
                { } id when id == Guid.Empty => _context.UserId,
                { } id => id,
            };
            return new OrganizationService(_engine, new CallSite(user, _context, _context.InitiatingUserId, _context.CorrelationId));
        }
    }

    internal sealed class EnvironmentVariableService : IEnvironmentVariableService
    {
        private readonly Engine _engine;

        public EnvironmentVariableService(Engine engine) => _engine = engine;

        public string RetrieveEnvironmentVariableValue(string variableName) =>
            _engine.EnvironmentVariable(variableName)
            ?? throw Faults.Create(ErrorCodes.ObjectDoesNotExist, $"Environment variable '{variableName}' has neither a value nor a default value.");
    }

    /// <summary>The IServiceProvider handed to IPlugin.Execute; unknown services are null, as in Dataverse.</summary>
    internal sealed class PluginServiceProvider : IServiceProvider
    {
        private readonly ExecutionContext _context;
        private readonly TracingService _tracing;
        private readonly ServiceFactory _factory;
        private readonly EnvironmentVariableService _variables;

        public PluginServiceProvider(ExecutionContext context, TracingService tracing, ServiceFactory factory, EnvironmentVariableService variables)
        {
            _context = context;
            _tracing = tracing;
            _factory = factory;
            _variables = variables;
        }

        public object? GetService(Type serviceType)
        {
            if (serviceType == typeof(IPluginExecutionContext) || serviceType == typeof(IExecutionContext) || serviceType == typeof(IPluginExecutionContext2)
                || serviceType == typeof(IPluginExecutionContext3) || serviceType == typeof(IPluginExecutionContext4)) return _context;
            if (serviceType == typeof(ITracingService)) return _tracing;
            if (serviceType == typeof(IOrganizationServiceFactory)) return _factory;
            if (serviceType == typeof(IEnvironmentVariableService)) return _variables;
            if (serviceType == typeof(IWorkflowContext)) return null;
            return null;
        }
    }
}
