using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Security;
using Mci.SolutionModel;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// RetrievePrincipalAccess: the rights Principal (a user or team) has on Target, by every way the access check knows:
    /// each right whose privilege the principal holds (its roles and its teams' roles) and whose depth reaches the record
    /// or which a share with the principal or one of its teams carries. The caller needs Read on the table and the record.
    /// </summary>
    internal sealed class RetrievePrincipalAccessHandler : MessageHandler
    {
        private static readonly PrivilegeAccess[] Accesses =
        {
            PrivilegeAccess.Read, PrivilegeAccess.Write, PrivilegeAccess.Append, PrivilegeAccess.AppendTo,
            PrivilegeAccess.Create, PrivilegeAccess.Delete, PrivilegeAccess.Share, PrivilegeAccess.Assign,
        };

        public override string Message => "RetrievePrincipalAccess";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var (table, target) = Sharing.Target(call, Message);
            var principal = Sharing.Principal(engine, call.Parameter<EntityReference>("Principal"), "Principal", Message);
            var op = Sharing.Operation(call, Message, target);
            engine.Run(op, () =>
            {
                Sharing.RequireCaller(engine, op, PrivilegeAccess.Read);
                var who = engine.PrincipalOf(principal, Message);
                var row = engine.Store.Get(table.LogicalName, target.Id)!;
                op.Output["AccessRights"] = Accesses.Where(a => engine.Security.HasAccess(who, a, table.LogicalName, target.Id, row))
                    .Aggregate(AccessRights.None, (rights, a) => rights | SecurityModel.Right(a));
            });
            var response = new RetrievePrincipalAccessResponse { ResponseName = Message };
            response.Results["AccessRights"] = op.Output["AccessRights"];
            return response;
        }
    }
}
