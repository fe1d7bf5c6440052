using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages
{
    /// <summary>
    /// A security principal (systemuser or team) and the access rights it is given or holds on a record: the
    /// PrincipalAccess parameter of GrantAccess/ModifyAccess and the items of RetrieveSharedPrincipalsAndAccess. A data
    /// contract, because the sandbox serializes request parameters by contract name and namespace.
    /// </summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class PrincipalAccess : IExtensibleDataObject
    {
        public PrincipalAccess() { }

        [DataMember]
        public AccessRights AccessMask { get; set; }

        [DataMember]
        public EntityReference Principal { get; set; }

        public ExtensionDataObject ExtensionData { get; set; }
    }
}
