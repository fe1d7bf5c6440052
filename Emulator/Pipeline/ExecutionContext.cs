using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Workflow;

namespace Mci.Emulator.Pipeline
{
    /// <summary>
    /// The execution context a plug-in (IPluginExecutionContext4) or workflow activity (IWorkflowContext) sees.
    /// Input parameters, shared variables and the Target object are shared by the stages of one operation,
    /// as in Dataverse, so a change a PreValidation or PreOperation plug-in makes to Target is what gets saved.
    /// </summary>
    internal sealed class ExecutionContext : IPluginExecutionContext4, IWorkflowContext
    {
        public int Mode { get; init; }
        public int IsolationMode { get; init; } = 2;
        public int Depth { get; init; }
        public string MessageName { get; init; } = "";
        public string PrimaryEntityName { get; init; } = "none";
        public Guid? RequestId { get; init; }
        public string SecondaryEntityName { get; init; } = "none";
        public ParameterCollection InputParameters { get; init; } = new();
        public ParameterCollection OutputParameters { get; set; } = new();
        public ParameterCollection SharedVariables { get; init; } = new();
        public Guid UserId { get; init; }
        public Guid InitiatingUserId { get; init; }
        public Guid BusinessUnitId { get; init; }
        public Guid OrganizationId { get; init; }
        public string OrganizationName { get; init; } = "";
        public Guid PrimaryEntityId { get; init; }
        public EntityImageCollection PreEntityImages { get; init; } = new();
        public EntityImageCollection PostEntityImages { get; init; } = new();
        public EntityReference OwningExtension { get; init; } = null!;
        public Guid CorrelationId { get; init; }
        public bool IsExecutingOffline => false;
        public bool IsOfflinePlayback => false;
        public bool IsInTransaction { get; init; }
        public Guid OperationId { get; init; }
        public DateTime OperationCreatedOn { get; init; }
        public int Stage { get; init; }
        public IPluginExecutionContext ParentContext { get; init; } = null!;
        public Guid UserAzureActiveDirectoryObjectId => Guid.Empty;
        public Guid InitiatingUserAzureActiveDirectoryObjectId => Guid.Empty;
        public Guid InitiatingUserApplicationId => Guid.Empty;
        public Guid PortalsContactId => Guid.Empty;
        public bool IsPortalsClientCall => false;
        public Guid AuthenticatedUserId => InitiatingUserId;
        public EntityImageCollection[] PreEntityImagesCollection { get; init; } = Array.Empty<EntityImageCollection>();
        public EntityImageCollection[] PostEntityImagesCollection { get; init; } = Array.Empty<EntityImageCollection>();

        // IWorkflowContext
        IWorkflowContext IWorkflowContext.ParentContext => null!;
        public string StageName { get; init; } = "";
        public int WorkflowCategory { get; init; }
        public int WorkflowMode { get; init; }

        /// <summary>Name of the plug-in class running with this context (for the recorder).</summary>
        internal string? PluginType { get; init; }
        internal string? StepName { get; init; }
    }
}
