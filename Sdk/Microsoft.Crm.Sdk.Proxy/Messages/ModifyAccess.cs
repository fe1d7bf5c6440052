using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages
{
    /// <summary>ModifyAccess: replaces the rights PrincipalAccess.Principal's share of the Target record gives with PrincipalAccess.AccessMask.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class ModifyAccessRequest : OrganizationRequest
    {
        public ModifyAccessRequest()
        {
            RequestName = "ModifyAccess";
            Target = null;
            PrincipalAccess = null;
        }

        public EntityReference Target { get => Contracts.Value<EntityReference>(Parameters, "Target"); set => Parameters["Target"] = value; }

        public PrincipalAccess PrincipalAccess { get => Contracts.Value<PrincipalAccess>(Parameters, "PrincipalAccess"); set => Parameters["PrincipalAccess"] = value; }
    }

    /// <summary>The answer to ModifyAccess: no data.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class ModifyAccessResponse : OrganizationResponse
    {
        public ModifyAccessResponse() { }
    }
}
