using System.Linq;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// ExecuteMultiple: up to 1,000 requests, each on its own (no transaction across them: "Each of these requests is
    /// performed independently"), a fault stopping the rest unless ContinueOnError; responses only when asked.
    /// </summary>
    internal sealed class ExecuteMultipleHandler : MessageHandler
    {
        public override string Message => "ExecuteMultiple";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var request = Typed<ExecuteMultipleRequest>(call.Request);
            var settings = request.Settings ?? new ExecuteMultipleSettings();
            var requests = request.Requests ?? throw Faults.InvalidArgument("ExecuteMultiple: Requests is required.");
            if (requests.Count > 1000) throw Faults.InvalidArgument($"The number of requests ({requests.Count}) in ExecuteMultiple exceeds the maximum of 1000.");
            if (requests.Any(r => call.Engine.MessageName(r) is "ExecuteMultiple")) throw Faults.InvalidArgument("ExecuteMultiple cannot contain an ExecuteMultiple request.");
            var responses = new ExecuteMultipleResponseItemCollection();
            var faulted = false;
            for (var i = 0; i < requests.Count; i++)
            {
                try
                {
                    var response = call.Engine.Execute(requests[i], call.Site.InBatch(call.Sequence));
                    if (settings.ReturnResponses) responses.Add(new ExecuteMultipleResponseItem { RequestIndex = i, Response = response });
                }
                catch (FaultException<OrganizationServiceFault> f)
                {
                    faulted = true;
                    responses.Add(new ExecuteMultipleResponseItem { RequestIndex = i, Fault = f.Detail });
                    if (!settings.ContinueOnError) break;
                }
            }
            var result = new ExecuteMultipleResponse { ResponseName = Message };
            result.Results["IsFaulted"] = faulted;
            result.Results["Responses"] = responses;
            return result;
        }
    }
}
