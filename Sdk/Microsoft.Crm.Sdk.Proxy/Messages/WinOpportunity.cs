using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages
{
    /// <summary>WinOpportunity (the "Win" pipeline on opportunity): closes the opportunity the OpportunityClose activity names as won, with Status.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class WinOpportunityRequest : OrganizationRequest
    {
        public WinOpportunityRequest()
        {
            RequestName = "WinOpportunity";
            OpportunityClose = null;
            Status = null;
        }

        public Entity OpportunityClose { get => Contracts.Value<Entity>(Parameters, "OpportunityClose"); set => Parameters["OpportunityClose"] = value; }

        public OptionSetValue Status { get => Contracts.Value<OptionSetValue>(Parameters, "Status"); set => Parameters["Status"] = value; }
    }

    /// <summary>The answer to WinOpportunity: no data.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class WinOpportunityResponse : OrganizationResponse
    {
        public WinOpportunityResponse() { }
    }
}
