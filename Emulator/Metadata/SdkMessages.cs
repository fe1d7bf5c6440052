using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Mci.Emulator.Metadata
{
    /// <summary>
    /// Platform messages have the same sdkmessageid in every environment, so an exported step names its message
    /// by id alone (&lt;SdkMessageId&gt;). Ids the table does not know fall back to the step name the Plug-in
    /// Registration Tool writes: "Type: Message of table".
    /// </summary>
    public static class SdkMessages
    {
        private static readonly Dictionary<Guid, string> ById = new()
        {
            [new Guid("8cbdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "Assign",
            [new Guid("9ebdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "Create",
            [new Guid("a1bdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "Delete",
            [new Guid("c5bdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "GrantAccess",
            [new Guid("dbbdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "Merge",
            [new Guid("dcbdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "ModifyAccess",
            [new Guid("f2bdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "Retrieve",
            [new Guid("03bebb1b-ea3e-db11-86a7-000a3a5473e8")] = "RetrieveMultiple",
            [new Guid("04bebb1b-ea3e-db11-86a7-000a3a5473e8")] = "RetrievePrincipalAccess",
            [new Guid("10bebb1b-ea3e-db11-86a7-000a3a5473e8")] = "RetrieveSharedPrincipalsAndAccess",
            [new Guid("11bebb1b-ea3e-db11-86a7-000a3a5473e8")] = "RevokeAccess",
            [new Guid("1cbebb1b-ea3e-db11-86a7-000a3a5473e8")] = "SetState",
            [new Guid("1dbebb1b-ea3e-db11-86a7-000a3a5473e8")] = "SetStateDynamicEntity",
            [new Guid("20bebb1b-ea3e-db11-86a7-000a3a5473e8")] = "Update",
        };

        private static readonly Regex StepName = new(@"^(?<type>.+?):\s*(?<message>[A-Za-z]+)\s+of\s+(?<table>.+)$", RegexOptions.CultureInvariant);

        /// <summary>The message name for a well-known sdkmessageid, else null.</summary>
        public static string? NameOf(Guid sdkMessageId) => ById.TryGetValue(sdkMessageId, out var n) ? n : null;

        /// <summary>The message named in a Plug-in Registration Tool step name ("Type: Message of table"), else null.</summary>
        public static string? FromStepName(string? stepName)
        {
            if (string.IsNullOrWhiteSpace(stepName)) return null;
            var m = StepName.Match(stepName.Trim());
            return m.Success ? m.Groups["message"].Value : null;
        }
    }
}
