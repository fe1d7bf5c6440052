using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages
{
    /// <summary>RetrieveSharedPrincipalsAndAccess: the principals the Target record is shared with, and what each share gives.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class RetrieveSharedPrincipalsAndAccessRequest : OrganizationRequest
    {
        public RetrieveSharedPrincipalsAndAccessRequest()
        {
            RequestName = "RetrieveSharedPrincipalsAndAccess";
            Target = null;
        }

        public EntityReference Target { get => Contracts.Value<EntityReference>(Parameters, "Target"); set => Parameters["Target"] = value; }
    }

    /// <summary>The answer to RetrieveSharedPrincipalsAndAccess: Results["PrincipalAccesses"].</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class RetrieveSharedPrincipalsAndAccessResponse : OrganizationResponse
    {
        public RetrieveSharedPrincipalsAndAccessResponse() { }

        public PrincipalAccess[] PrincipalAccesses => Contracts.Value<PrincipalAccess[]>(Results, "PrincipalAccesses");
    }
}
