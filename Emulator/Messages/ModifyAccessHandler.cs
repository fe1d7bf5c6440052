using Mci.Emulator.Metadata;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// ModifyAccess: replaces the rights of PrincipalAccess.Principal's share of Target with PrincipalAccess.AccessMask
    /// ("replace the access rights", Learn), and the rights its children inherited from it. The caller needs what
    /// GrantAccess needs. A principal without a share is refused (undocumented; the emulator's decision, so that code
    /// keeps to the documented pattern: GrantAccess a first share, ModifyAccess an existing one).
    /// </summary>
    internal sealed class ModifyAccessHandler : MessageHandler
    {
        public override string Message => "ModifyAccess";

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
                var share = engine.Shares.Of(target.Id, principal.Id)
                    ?? throw Faults.Create(ErrorCodes.ObjectDoesNotExist, $"{Message}: {table.LogicalName} {target.Id:D} is not shared with {principal.LogicalName} {principal.Id:D}; give a first share with GrantAccess.");
                engine.Shares.Set(table.LogicalName, target.Id, principal, access.AccessMask, share.Inherited, engine.NextVersion());
                Sharing.Cascade(engine, caller, table.LogicalName, target.Id, principal, unshare: false, _ => access.AccessMask);
            });
            return new ModifyAccessResponse { ResponseName = Message };
        }
    }
}
