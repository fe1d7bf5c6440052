using System;

namespace Microsoft.Xrm.Sdk
{
    /// <summary>The context Dataverse passes to plug-ins and custom workflow activities.</summary>
    public interface IExecutionContext
    {
        int Mode { get; }
        int IsolationMode { get; }
        int Depth { get; }
        string MessageName { get; }
        string PrimaryEntityName { get; }
        Guid? RequestId { get; }
        string SecondaryEntityName { get; }
        ParameterCollection InputParameters { get; }
        ParameterCollection OutputParameters { get; }
        ParameterCollection SharedVariables { get; }
        Guid UserId { get; }
        Guid InitiatingUserId { get; }
        Guid BusinessUnitId { get; }
        Guid OrganizationId { get; }
        string OrganizationName { get; }
        Guid PrimaryEntityId { get; }
        EntityImageCollection PreEntityImages { get; }
        EntityImageCollection PostEntityImages { get; }
        EntityReference OwningExtension { get; }
        Guid CorrelationId { get; }
        bool IsExecutingOffline { get; }
        bool IsOfflinePlayback { get; }
        bool IsInTransaction { get; }
        Guid OperationId { get; }
        DateTime OperationCreatedOn { get; }
    }

    /// <summary>Plug-in context: adds the pipeline stage and the parent context.</summary>
    public interface IPluginExecutionContext : IExecutionContext
    {
        int Stage { get; }
        IPluginExecutionContext ParentContext { get; }
    }

    public interface IPluginExecutionContext2 : IPluginExecutionContext
    {
        Guid UserAzureActiveDirectoryObjectId { get; }
        Guid InitiatingUserAzureActiveDirectoryObjectId { get; }
        Guid InitiatingUserApplicationId { get; }
        Guid PortalsContactId { get; }
        bool IsPortalsClientCall { get; }
    }

    public interface IPluginExecutionContext3 : IPluginExecutionContext2
    {
        Guid AuthenticatedUserId { get; }
    }

    public interface IPluginExecutionContext4 : IPluginExecutionContext3
    {
        EntityImageCollection[] PreEntityImagesCollection { get; }
        EntityImageCollection[] PostEntityImagesCollection { get; }
    }

    /// <summary>Interface every plug-in implements; Dataverse calls Execute once per registered step.</summary>
    public interface IPlugin
    {
        void Execute(IServiceProvider serviceProvider);
    }

    public interface IOrganizationService
    {
        Guid Create(Entity entity);
        Entity Retrieve(string entityName, Guid id, Query.ColumnSet columnSet);
        void Update(Entity entity);
        void Delete(string entityName, Guid id);
        OrganizationResponse Execute(OrganizationRequest request);
        void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities);
        void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities);
        EntityCollection RetrieveMultiple(Query.QueryBase query);
    }

    /// <summary>Creates organization services acting as a given user.</summary>
    public interface IOrganizationServiceFactory
    {
        /// <summary>
        /// In a plug-in: <c>null</c> acts as the SYSTEM user (no security checks), <see cref="Guid.Empty"/> as
        /// <c>IPluginExecutionContext.UserId</c> (the step's run-as user, else the caller), any other id as that user.
        /// In a custom workflow activity every call runs as the workflow context's <c>UserId</c>, whatever is passed.
        /// </summary>
        IOrganizationService CreateOrganizationService(Guid? userId);
    }

    /// <summary>Writes to the plug-in trace log (format string + arguments, as string.Format).</summary>
    public interface ITracingService
    {
        void Trace(string format, params object[] args);
    }

    /// <summary>Posts the execution context to a service endpoint (Azure Service Bus, webhook...).</summary>
    public interface IServiceEndpointNotificationService
    {
        string Execute(EntityReference serviceEndpoint, IExecutionContext context);
    }

    /// <summary>Reads environment variable values (by schema name).</summary>
    public interface IEnvironmentVariableService
    {
        string RetrieveEnvironmentVariableValue(string variableName);
    }
}
