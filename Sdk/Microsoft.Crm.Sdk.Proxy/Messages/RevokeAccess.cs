using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages
{
    /// <summary>RevokeAccess: removes the Revokee's (systemuser or team) share of the Target record.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class RevokeAccessRequest : OrganizationRequest
    {
        public RevokeAccessRequest()
        {
            RequestName = "RevokeAccess";
            Target = null;
            Revokee = null;
        }

        public EntityReference Target { get => Contracts.Value<EntityReference>(Parameters, "Target"); set => Parameters["Target"] = value; }

        public EntityReference Revokee { get => Contracts.Value<EntityReference>(Parameters, "Revokee"); set => Parameters["Revokee"] = value; }
    }

    /// <summary>The answer to RevokeAccess: no data.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class RevokeAccessResponse : OrganizationResponse
    {
        public RevokeAccessResponse() { }
    }
}
