using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages
{
    /// <summary>GrantAccess: shares the Target record with PrincipalAccess.Principal, with PrincipalAccess.AccessMask.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class GrantAccessRequest : OrganizationRequest
    {
        public GrantAccessRequest()
        {
            RequestName = "GrantAccess";
            Target = null;
            PrincipalAccess = null;
        }

        public EntityReference Target { get => Contracts.Value<EntityReference>(Parameters, "Target"); set => Parameters["Target"] = value; }

        public PrincipalAccess PrincipalAccess { get => Contracts.Value<PrincipalAccess>(Parameters, "PrincipalAccess"); set => Parameters["PrincipalAccess"] = value; }
    }

    /// <summary>The answer to GrantAccess: no data.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class GrantAccessResponse : OrganizationResponse
    {
        public GrantAccessResponse() { }
    }
}
