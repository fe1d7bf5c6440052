using System;
using Microsoft.Xrm.Sdk.Query;

// Typed views over OrganizationRequest.Parameters / OrganizationResponse.Results, with the real SDK's
// message and parameter names. Constructors set RequestName and put each required parameter into
// Parameters (as null), as the real SDK's generated request classes do.
namespace Microsoft.Xrm.Sdk.Messages
{
    public sealed class CreateRequest : OrganizationRequest
    {
        public CreateRequest()
        {
            RequestName = "Create";
            Target = null;
        }

        public Entity Target { get => Get<Entity>("Target"); set => Parameters["Target"] = value; }
    }

    public sealed class CreateResponse : OrganizationResponse
    {
        public CreateResponse() { }

        public Guid id => Get<Guid>("id");
    }

    public sealed class RetrieveRequest : OrganizationRequest
    {
        public RetrieveRequest()
        {
            RequestName = "Retrieve";
            Target = null;
            ColumnSet = null;
        }

        public EntityReference Target { get => Get<EntityReference>("Target"); set => Parameters["Target"] = value; }

        public ColumnSet ColumnSet { get => Get<ColumnSet>("ColumnSet"); set => Parameters["ColumnSet"] = value; }

        public RelationshipQueryCollection RelatedEntitiesQuery { get => Get<RelationshipQueryCollection>("RelatedEntitiesQuery"); set => Parameters["RelatedEntitiesQuery"] = value; }

        public bool ReturnNotifications { get => Get<bool>("ReturnNotifications"); set => Parameters["ReturnNotifications"] = value; }
    }

    public sealed class RetrieveResponse : OrganizationResponse
    {
        public RetrieveResponse() { }

        public Entity Entity => Get<Entity>("Entity");

        public object Notifications => Get<object>("Notifications");
    }

    public sealed class UpdateRequest : OrganizationRequest
    {
        public UpdateRequest()
        {
            RequestName = "Update";
            Target = null;
        }

        public Entity Target { get => Get<Entity>("Target"); set => Parameters["Target"] = value; }

        public ConcurrencyBehavior ConcurrencyBehavior { get => Get<ConcurrencyBehavior>("ConcurrencyBehavior"); set => Parameters["ConcurrencyBehavior"] = value; }
    }

    public sealed class UpdateResponse : OrganizationResponse
    {
        public UpdateResponse() { }
    }

    public sealed class DeleteRequest : OrganizationRequest
    {
        public DeleteRequest()
        {
            RequestName = "Delete";
            Target = null;
        }

        public EntityReference Target { get => Get<EntityReference>("Target"); set => Parameters["Target"] = value; }

        public ConcurrencyBehavior ConcurrencyBehavior { get => Get<ConcurrencyBehavior>("ConcurrencyBehavior"); set => Parameters["ConcurrencyBehavior"] = value; }
    }

    public sealed class DeleteResponse : OrganizationResponse
    {
        public DeleteResponse() { }
    }

    public sealed class RetrieveMultipleRequest : OrganizationRequest
    {
        public RetrieveMultipleRequest()
        {
            RequestName = "RetrieveMultiple";
            Query = null;
        }

        public QueryBase Query { get => Get<QueryBase>("Query"); set => Parameters["Query"] = value; }
    }

    public sealed class RetrieveMultipleResponse : OrganizationResponse
    {
        public RetrieveMultipleResponse() { }

        public EntityCollection EntityCollection => Get<EntityCollection>("EntityCollection");
    }

    public sealed class CreateMultipleRequest : OrganizationRequest
    {
        public CreateMultipleRequest()
        {
            RequestName = "CreateMultiple";
            Targets = null;
        }

        public EntityCollection Targets { get => Get<EntityCollection>("Targets"); set => Parameters["Targets"] = value; }
    }

    public sealed class CreateMultipleResponse : OrganizationResponse
    {
        public CreateMultipleResponse() { }

        public Guid[] Ids => Get<Guid[]>("Ids");
    }

    public sealed class UpdateMultipleRequest : OrganizationRequest
    {
        public UpdateMultipleRequest()
        {
            RequestName = "UpdateMultiple";
            Targets = null;
        }

        public EntityCollection Targets { get => Get<EntityCollection>("Targets"); set => Parameters["Targets"] = value; }

        public ConcurrencyBehavior ConcurrencyBehavior { get => Get<ConcurrencyBehavior>("ConcurrencyBehavior"); set => Parameters["ConcurrencyBehavior"] = value; }
    }

    public sealed class UpdateMultipleResponse : OrganizationResponse
    {
        public UpdateMultipleResponse() { }
    }

    public sealed class UpsertRequest : OrganizationRequest
    {
        public UpsertRequest()
        {
            RequestName = "Upsert";
            Target = null;
        }

        public Entity Target { get => Get<Entity>("Target"); set => Parameters["Target"] = value; }
    }

    public sealed class UpsertResponse : OrganizationResponse
    {
        public UpsertResponse() { }

        public bool RecordCreated => Get<bool>("RecordCreated");

        public EntityReference Target => Get<EntityReference>("Target");
    }

    public sealed class ExecuteMultipleRequest : OrganizationRequest
    {
        public ExecuteMultipleRequest()
        {
            RequestName = "ExecuteMultiple";
            Requests = null;
            Settings = null;
        }

        public OrganizationRequestCollection Requests { get => Get<OrganizationRequestCollection>("Requests"); set => Parameters["Requests"] = value; }

        public ExecuteMultipleSettings Settings { get => Get<ExecuteMultipleSettings>("Settings"); set => Parameters["Settings"] = value; }
    }

    public sealed class ExecuteMultipleResponse : OrganizationResponse
    {
        public ExecuteMultipleResponse() { }

        public bool IsFaulted => Get<bool>("IsFaulted");

        public ExecuteMultipleResponseItemCollection Responses => Get<ExecuteMultipleResponseItemCollection>("Responses");
    }

    public sealed class ExecuteTransactionRequest : OrganizationRequest
    {
        public ExecuteTransactionRequest()
        {
            RequestName = "ExecuteTransaction";
            Requests = null;
        }

        public OrganizationRequestCollection Requests { get => Get<OrganizationRequestCollection>("Requests"); set => Parameters["Requests"] = value; }

        public bool? ReturnResponses { get => Get<bool?>("ReturnResponses"); set => Parameters["ReturnResponses"] = value; }
    }

    public sealed class ExecuteTransactionResponse : OrganizationResponse
    {
        public ExecuteTransactionResponse() { }

        public OrganizationResponseCollection Responses => Get<OrganizationResponseCollection>("Responses");
    }

    public sealed class AssociateRequest : OrganizationRequest
    {
        public AssociateRequest()
        {
            RequestName = "Associate";
            Target = null;
            Relationship = null;
            RelatedEntities = null;
        }

        public EntityReference Target { get => Get<EntityReference>("Target"); set => Parameters["Target"] = value; }

        public Relationship Relationship { get => Get<Relationship>("Relationship"); set => Parameters["Relationship"] = value; }

        public EntityReferenceCollection RelatedEntities { get => Get<EntityReferenceCollection>("RelatedEntities"); set => Parameters["RelatedEntities"] = value; }
    }

    public sealed class AssociateResponse : OrganizationResponse
    {
        public AssociateResponse() { }
    }

    public sealed class DisassociateRequest : OrganizationRequest
    {
        public DisassociateRequest()
        {
            RequestName = "Disassociate";
            Target = null;
            Relationship = null;
            RelatedEntities = null;
        }

        public EntityReference Target { get => Get<EntityReference>("Target"); set => Parameters["Target"] = value; }

        public Relationship Relationship { get => Get<Relationship>("Relationship"); set => Parameters["Relationship"] = value; }

        public EntityReferenceCollection RelatedEntities { get => Get<EntityReferenceCollection>("RelatedEntities"); set => Parameters["RelatedEntities"] = value; }
    }

    public sealed class DisassociateResponse : OrganizationResponse
    {
        public DisassociateResponse() { }
    }
}
