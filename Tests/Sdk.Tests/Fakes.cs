using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Sdk.Tests;

// Minimal hand-written stand-ins for what Dataverse hands a plug-in; the real pipeline is the emulator's job.

internal sealed class FakeServiceProvider(params object[] services) : IServiceProvider
{
    public List<Type> Requested { get; } = [];

    public object? GetService(Type serviceType)
    {
        Requested.Add(serviceType);
        return services.FirstOrDefault(serviceType.IsInstanceOfType);
    }
}

internal sealed class FakePluginContext : IPluginExecutionContext
{
    public int Mode => 0;
    public int IsolationMode => 2;
    public int Depth { get; set; } = 1;
    public string MessageName { get; set; } = "Create";
    public string PrimaryEntityName { get; set; } = "mci_opportunitysplit";
    public Guid? RequestId => null;
    public string SecondaryEntityName => "none";
    public ParameterCollection InputParameters { get; } = new();
    public ParameterCollection OutputParameters { get; } = new();
    public ParameterCollection SharedVariables { get; } = new();
    public Guid UserId { get; set; } = Guid.NewGuid();
    public Guid InitiatingUserId { get; set; } = Guid.NewGuid();
    public Guid BusinessUnitId => Guid.Empty;
    public Guid OrganizationId => Guid.Empty;
    public string OrganizationName => "test";
    public Guid PrimaryEntityId { get; set; }
    public EntityImageCollection PreEntityImages { get; } = new();
    public EntityImageCollection PostEntityImages { get; } = new();
    public EntityReference OwningExtension => new("sdkmessageprocessingstep", Guid.Empty);
    public Guid CorrelationId { get; } = Guid.NewGuid();
    public bool IsExecutingOffline => false;
    public bool IsOfflinePlayback => false;
    public bool IsInTransaction => true;
    public Guid OperationId => Guid.Empty;
    public DateTime OperationCreatedOn { get; set; } = DateTime.UtcNow;
    public int Stage { get; set; } = 20;
    public IPluginExecutionContext ParentContext => null!;
}

internal sealed class RecordingTracing : ITracingService
{
    public List<string> Lines { get; } = [];
    public void Trace(string format, params object[] args) => Lines.Add(args.Length == 0 ? format : string.Format(format, args));
}

/// <summary>Hands out one <see cref="RecordingService"/> per requested user id.</summary>
internal sealed class RecordingFactory : IOrganizationServiceFactory
{
    public List<RecordingService> Created { get; } = [];

    public Func<OrganizationRequest, OrganizationResponse>? OnExecute { get; set; }

    public IOrganizationService CreateOrganizationService(Guid? userId)
    {
        var service = new RecordingService(userId, OnExecute);
        Created.Add(service);
        return service;
    }
}

internal sealed class RecordingService(Guid? userId, Func<OrganizationRequest, OrganizationResponse>? onExecute) : IOrganizationService
{
    public Guid? UserId { get; } = userId;
    public List<OrganizationRequest> Requests { get; } = [];

    public OrganizationResponse Execute(OrganizationRequest request)
    {
        Requests.Add(request);
        return onExecute?.Invoke(request) ?? new OrganizationResponse { ResponseName = request.RequestName };
    }

    public Guid Create(Entity entity) => Execute(new Microsoft.Xrm.Sdk.Messages.CreateRequest { Target = entity }).Results.TryGetValue("id", out Guid id) ? id : Guid.Empty;
    public Entity Retrieve(string entityName, Guid id, ColumnSet columnSet) => throw new NotSupportedException();
    public void Update(Entity entity) => Execute(new Microsoft.Xrm.Sdk.Messages.UpdateRequest { Target = entity });
    public void Delete(string entityName, Guid id) => throw new NotSupportedException();
    public void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) => throw new NotSupportedException();
    public void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) => throw new NotSupportedException();
    public EntityCollection RetrieveMultiple(QueryBase query) => throw new NotSupportedException();

    public static FaultException<OrganizationServiceFault> Fault(string message) =>
        new(new OrganizationServiceFault { ErrorCode = -2147220969, Message = message }, new FaultReason(message));
}
