using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// ExecuteTransaction: the requests in one database transaction; the first fault rolls back all of them and reaches
    /// the caller as an ExecuteTransactionFault naming the request's index.
    /// </summary>
    internal sealed class ExecuteTransactionHandler : MessageHandler
    {
        public override string Message => "ExecuteTransaction";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var request = Typed<ExecuteTransactionRequest>(call.Request);
            var requests = request.Requests ?? throw Faults.InvalidArgument("ExecuteTransaction: Requests is required.");
            var owns = !engine.Store.InTransaction;
            if (owns) engine.BeginTransaction();
            var responses = new OrganizationResponseCollection();
            var index = 0;
            try
            {
                for (; index < requests.Count; index++) responses.Add(engine.Execute(requests[index], call.Site.InBatch(call.Sequence)));
                if (owns) engine.CommitTransaction();
            }
            catch (FaultException<OrganizationServiceFault> f)
            {
                if (owns) engine.RollbackTransaction();
                else engine.Doom(f);
                var fault = new ExecuteTransactionFault { ErrorCode = f.Detail.ErrorCode, Message = f.Detail.Message, FaultedRequestIndex = index, InnerFault = f.Detail, TraceText = f.Detail.TraceText, Timestamp = f.Detail.Timestamp };
                throw new FaultException<OrganizationServiceFault>(fault, new FaultReason(f.Detail.Message));
            }
            catch
            {
                // Not a fault (a message the emulator does not implement): nothing of the transaction stays either.
                if (owns) engine.RollbackTransaction();
                throw;
            }
            var result = new ExecuteTransactionResponse { ResponseName = Message };
            if (request.ReturnResponses == true) result.Results["Responses"] = responses;
            return result;
        }
    }
}
