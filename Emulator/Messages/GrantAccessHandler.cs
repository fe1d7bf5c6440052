using Mci.Emulator.Metadata;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// GrantAccess: shares Target with PrincipalAccess.Principal (a user or team) with PrincipalAccess.AccessMask. The
    /// caller needs the Share privilege on the table and Share access to the record. A principal that already has a share
    /// keeps its rights and gains the new ones (the union; undocumented, the emulator's decision). The grantee's roles are
    /// not checked here: a share only gives a right the grantee also holds the privilege for, when it is used.
    /// </summary>
    internal sealed class GrantAccessHandler : MessageHandler
    {
        public override string Message => "GrantAccess";

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var (table, target) = Sharing.Target(call, Message);
            var access = call.Parameter<PrincipalAccess>("PrincipalAccess") ?? throw Faults.InvalidArgument($"{Message}: PrincipalAccess is required.");
            var principal = Sharing.Principal(engine, access.Principal, "PrincipalAccess.Principal", Message);
            var op = Sharing.Operation(call, Message, target);
            engine.Run(op, () =>
            {
                var caller = Sharing.RequireCaller(engine, op, PrivilegeAccess.Share);
                var share = engine.Shares.Of(target.Id, principal.Id);
                engine.Shares.Set(table.LogicalName, target.Id, principal, (share?.Mask ?? AccessRights.None) | access.AccessMask, share?.Inherited ?? AccessRights.None, engine.NextVersion());
                Sharing.Cascade(engine, caller, table.LogicalName, target.Id, principal, unshare: false, inherited => inherited | access.AccessMask);
            });
            return new GrantAccessResponse { ResponseName = Message };
        }
    }
}
