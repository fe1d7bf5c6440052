using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages
{
    /// <summary>RetrievePrincipalAccess: the rights a Principal (systemuser or team) holds on the Target record, by any means.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class RetrievePrincipalAccessRequest : OrganizationRequest
    {
        public RetrievePrincipalAccessRequest()
        {
            RequestName = "RetrievePrincipalAccess";
            Target = null;
            Principal = null;
        }

        public EntityReference Target { get => Contracts.Value<EntityReference>(Parameters, "Target"); set => Parameters["Target"] = value; }

        public EntityReference Principal { get => Contracts.Value<EntityReference>(Parameters, "Principal"); set => Parameters["Principal"] = value; }
    }

    /// <summary>The answer to RetrievePrincipalAccess: Results["AccessRights"].</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class RetrievePrincipalAccessResponse : OrganizationResponse
    {
        public RetrievePrincipalAccessResponse() { }

        public AccessRights AccessRights => Contracts.Value<AccessRights>(Results, "AccessRights");
    }
}
