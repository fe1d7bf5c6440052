using Mci.Emulator.Metadata;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// RevokeAccess: removes Revokee's (a user or team) share of Target, and what its children inherited from it
    /// (CascadeUnshare). Other shares stay: a user who loses a team's share keeps a share of their own. The caller needs
    /// what GrantAccess needs. Revoking a share that does not exist changes nothing (undocumented; the emulator's decision).
    /// </summary>
    internal sealed class RevokeAccessHandler : MessageHandler
    {
        public override string Message => "RevokeAccess";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var (table, target) = Sharing.Target(call, Message);
            var revokee = Sharing.Principal(engine, call.Parameter<EntityReference>("Revokee"), "Revokee", Message);
            var op = Sharing.Operation(call, Message, target);
            engine.Run(op, () =>
            {
                var caller = Sharing.RequireCaller(engine, op, PrivilegeAccess.Share);
                if (engine.Shares.Of(target.Id, revokee.Id) is { } share) engine.Shares.Remove(share);
                Sharing.Cascade(engine, caller, table.LogicalName, target.Id, revokee, unshare: true, _ => AccessRights.None);
            });
            return new RevokeAccessResponse { ResponseName = Message };
        }
    }
}
