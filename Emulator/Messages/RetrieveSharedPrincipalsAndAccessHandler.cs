using System.Linq;
using Mci.Emulator.Metadata;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// RetrieveSharedPrincipalsAndAccess: the users and teams Target is shared with, each with the rights its share gives
    /// (its own and those inherited from a parent), in the order the shares were made; not ownership nor roles. The caller
    /// needs Read on the table and the record.
    /// </summary>
    internal sealed class RetrieveSharedPrincipalsAndAccessHandler : MessageHandler
    {
        public override string Message => "RetrieveSharedPrincipalsAndAccess";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var (_, target) = Sharing.Target(call, Message);
            var op = Sharing.Operation(call, Message, target);
            engine.Run(op, () =>
            {
                Sharing.RequireCaller(engine, op, PrivilegeAccess.Read);
                op.Output["PrincipalAccesses"] = engine.Shares.Of(target.Id)
                    .Select(s => new PrincipalAccess { Principal = new EntityReference(s.Principal.LogicalName, s.Principal.Id), AccessMask = s.Rights })
                    .ToArray();
            });
            var response = new RetrieveSharedPrincipalsAndAccessResponse { ResponseName = Message };
            response.Results["PrincipalAccesses"] = op.Output["PrincipalAccesses"];
            return response;
        }
    }
}
