using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Pipeline
{
    /// <summary>
    /// The organization service of one user, from outside or inside a plug-in. Every method is a request through
    /// the event pipeline (so CRUD calls reach the registered steps), recorded as one round trip.
    /// </summary>
    internal sealed class OrganizationService : IOrganizationService
    {
        private readonly Engine _engine;
        private readonly CallSite _site;

        public OrganizationService(Engine engine, CallSite site)
        {
            _engine = engine;
            _site = site;
        }

        public Guid UserId => _site.UserId;

        public Guid Create(Entity entity) => ((CreateResponse)Execute(new CreateRequest { Target = entity })).id;

        public Entity Retrieve(string entityName, Guid id, ColumnSet columnSet) =>
            ((RetrieveResponse)Execute(new RetrieveRequest { Target = new EntityReference(entityName, id), ColumnSet = columnSet })).Entity;

        public void Update(Entity entity) => Execute(new UpdateRequest { Target = entity });

        public void Delete(string entityName, Guid id) => Execute(new DeleteRequest { Target = new EntityReference(entityName, id) });

        public OrganizationResponse Execute(OrganizationRequest request) => _engine.Execute(request, _site);

        public void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) =>
            Execute(new AssociateRequest { Target = new EntityReference(entityName, entityId), Relationship = relationship, RelatedEntities = relatedEntities });

        public void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) =>
            Execute(new DisassociateRequest { Target = new EntityReference(entityName, entityId), Relationship = relationship, RelatedEntities = relatedEntities });

        public EntityCollection RetrieveMultiple(QueryBase query) =>
            ((RetrieveMultipleResponse)Execute(new RetrieveMultipleRequest { Query = query })).EntityCollection;
    }
}
