using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Messages
{
    /// <summary>Disassociate: removes links, in the Disassociate pipeline (the same checks as <see cref="AssociateHandler"/>).</summary>
    internal sealed class DisassociateHandler : MessageHandler
    {
        public override string Message => "Disassociate";

        public override OrganizationResponse Execute(MessageCall call)
        {
            AssociateHandler.Relate(call, Message, associate: false);
            return new DisassociateResponse { ResponseName = Message };
        }
    }
}
