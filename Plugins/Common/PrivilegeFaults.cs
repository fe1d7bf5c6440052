using System;
using Microsoft.Xrm.Sdk;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// A privilege refusal of a call MCI made in a user's name (a workflow activity acting as its user, or any call of a
    /// plug-in that fails so) reads as MCI's own bilingual refusal naming the MCI role to ask for (<see cref="RoleGuide"/>),
    /// instead of the platform's text with its principal, privilege and object type ids (the texts it reads:
    /// <see cref="RoleGuide.ForPlatformRefusal"/>). Any other fault keeps its message.
    /// </summary>
    internal static class PrivilegeFaults
    {
        /// <summary>The message to show for a fault: MCI's refusal in the user's language for a privilege fault (the language
        /// read with <paramref name="service"/>; English when it cannot be read), else the fault's own message.</summary>
        public static string Message(string faultMessage, IOrganizationService? service, Guid userId)
        {
            var refusal = RoleGuide.ForPlatformRefusal(faultMessage);
            if (refusal == null) return faultMessage;
            int? language = null;
            try
            {
                if (service != null) language = Refusals.UiLanguageId(service, userId);
            }
            catch (Exception)
            {
                // The refusal matters more than its language: English when the user's settings cannot be read.
            }
            return refusal.Message(language);
        }
    }
}
