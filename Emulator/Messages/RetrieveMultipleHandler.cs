using Mci.Emulator.Pipeline;
using Mci.Emulator.Query;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Emulator.Messages
{
    /// <summary>RetrieveMultiple: QueryExpression, QueryByAttribute or FetchXML over the rows the user may read
    /// (<see cref="QueryEngine"/>), in the RetrieveMultiple pipeline (a PreOperation step may change the query).</summary>
    internal sealed class RetrieveMultipleHandler : MessageHandler
    {
        public override string Message => "RetrieveMultiple";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var query = call.Parameter<QueryBase>("Query") ?? throw Faults.InvalidArgument("RetrieveMultiple: the Query is required.");
            var table = engine.Table(QueryEngine.TableOf(query));
            var op = new Operation(Message, table.LogicalName, call.Site, call.Site.Depth, engine.Clock.UtcNow);
            op.Input["Query"] = query;
            engine.Run(op, () => op.Output["BusinessEntityCollection"] = new QueryEngine(engine, engine.Principal(op.Site.UserId)).Execute((QueryBase)op.Input["Query"]));
            var response = new RetrieveMultipleResponse { ResponseName = Message };
            response.Results["EntityCollection"] = Values.Copy(op.Output["BusinessEntityCollection"]);
            return response;
        }
    }
}
