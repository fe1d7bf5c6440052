using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages
{
    /// <summary>LoseOpportunity (the "Lose" pipeline on opportunity): closes the opportunity the OpportunityClose activity names as lost, with Status.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class LoseOpportunityRequest : OrganizationRequest
    {
        public LoseOpportunityRequest()
        {
            RequestName = "LoseOpportunity";
            OpportunityClose = null;
            Status = null;
        }

        public Entity OpportunityClose { get => Contracts.Value<Entity>(Parameters, "OpportunityClose"); set => Parameters["OpportunityClose"] = value; }

        public OptionSetValue Status { get => Contracts.Value<OptionSetValue>(Parameters, "Status"); set => Parameters["Status"] = value; }
    }

    /// <summary>The answer to LoseOpportunity: no data.</summary>
    [DataContract(Namespace = Contracts.Namespace)]
    public sealed class LoseOpportunityResponse : OrganizationResponse
    {
        public LoseOpportunityResponse() { }
    }
}
