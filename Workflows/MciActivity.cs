using System;
using System.Activities;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Workflow;
using Mci.Plugins.Common;

namespace Mci.Workflows
{
    /// <summary>
    /// Base of MCI's custom workflow activities: hands the activity the workflow context, an organization service acting
    /// as the workflow's user and the trace log, and turns failures into what the process shows with the plug-ins' own
    /// translation (<see cref="Failures"/>): a refusal passes unchanged, a service fault keeps its message (a privilege refusal reads as MCI's message naming the role to ask for), anything else becomes a bilingual
    /// "nothing was saved" with the correlation id. Activities are stateless: one instance may run many processes.
    /// </summary>
    public abstract class MciActivity : CodeActivity
    {
        protected sealed override void Execute(CodeActivityContext executionContext)
        {
            var context = executionContext.GetExtension<IWorkflowContext>()
                ?? throw new InvalidPluginExecutionException("The workflow host offers no IWorkflowContext.");
            var factory = executionContext.GetExtension<IOrganizationServiceFactory>()
                ?? throw new InvalidPluginExecutionException("The workflow host offers no IOrganizationServiceFactory.");
            var tracing = executionContext.GetExtension<ITracingService>();
            var name = GetType().FullName ?? GetType().Name;
            tracing?.Trace("Entered {0} for {1} {2}", name, context.PrimaryEntityName, context.PrimaryEntityId);
            IOrganizationService? service = null;
            try
            {
                service = factory.CreateOrganizationService(context.UserId);
                Run(new ActivityServices(executionContext, context, service, tracing));
            }
            catch (Exception failure)
            {
                var translated = Failures.Translate(failure, name, context.CorrelationId, line => tracing?.Trace("{0}", line), () => service, context.InitiatingUserId);
                if (ReferenceEquals(translated, failure)) throw;
                throw translated;
            }
        }

        /// <summary>The activity's work. Throw InvalidPluginExecutionException with a message a user understands to stop the process.</summary>
        protected abstract void Run(ActivityServices services);
    }

    /// <summary>What an activity gets for one run.</summary>
    public sealed class ActivityServices
    {
        internal ActivityServices(CodeActivityContext activityContext, IWorkflowContext workflowContext, IOrganizationService service, ITracingService? tracing)
        {
            ActivityContext = activityContext;
            WorkflowContext = workflowContext;
            Service = service;
            Tracing = tracing;
        }

        /// <summary>To read inputs and set outputs.</summary>
        public CodeActivityContext ActivityContext { get; }

        public IWorkflowContext WorkflowContext { get; }

        /// <summary>Acts as the workflow's user (the process owner, or the user who ran it on demand).</summary>
        public IOrganizationService Service { get; }

        public ITracingService? Tracing { get; }

        /// <summary>Today as the process sees it: the date of the operation that runs it, never the machine clock.</summary>
        public DateTime Today => WorkflowContext.OperationCreatedOn.Date;
    }
}
