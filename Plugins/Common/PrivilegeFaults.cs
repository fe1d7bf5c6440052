using System;
using System.Text.RegularExpressions;
using Microsoft.Xrm.Sdk;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// A privilege refusal of a call MCI made in a user's name (a workflow activity acting as its user, or any call of a
    /// plug-in that fails so) reads as MCI's own bilingual refusal naming the MCI role to ask for (<see cref="RoleGuide"/>),
    /// instead of the platform's text with its principal, privilege and object type ids. Two platform texts are read:
    /// a missing privilege ("... is missing prvWritemci_resourcerequest privilege (Id=...) on OTC=... for entity
    /// 'mci_resourcerequest'...") and a depth that does not reach the record ("Principal with ID ... does not have
    /// WriteAccess right(s) for record with ID ... of entity mci_resourcerequest."). Any other fault keeps its message.
    /// </summary>
    internal static class PrivilegeFaults
    {
        private static readonly Regex Missing = new Regex(@"is missing (prv[A-Za-z_0-9]+) privilege", RegexOptions.CultureInvariant);

        private static readonly Regex Denied = new Regex(
            @"does not have (?<access>[A-Za-z]+?)Access right\(s\) for record with ID (?<id>[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}) of entity (?<table>[A-Za-z_0-9]+)",
            RegexOptions.CultureInvariant);

        /// <summary>The rules' refusal for a platform privilege fault's message, or null when it is not one.</summary>
        public static RuleResult? Refusal(string? faultMessage)
        {
            if (string.IsNullOrEmpty(faultMessage)) return null;
            var missing = Missing.Match(faultMessage);
            if (missing.Success) return RoleGuide.PrivilegeMissing(missing.Groups[1].Value);
            var denied = Denied.Match(faultMessage);
            if (denied.Success && Enum.TryParse<PrivilegeAccess>(denied.Groups["access"].Value, ignoreCase: true, out var access)
                && Guid.TryParse(denied.Groups["id"].Value, out var id))
                return RoleGuide.AccessDenied(access, denied.Groups["table"].Value, id);
            return null;
        }

        /// <summary>The message to show for a fault: MCI's refusal in the user's language for a privilege fault (the language
        /// read with <paramref name="service"/>; English when it cannot be read), else the fault's own message.</summary>
        public static string Message(string faultMessage, IOrganizationService? service, Guid userId)
        {
            var refusal = Refusal(faultMessage);
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
