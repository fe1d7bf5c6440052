using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Mci.Packaging.Metadata
{
    /// <summary>
    /// SDK messages a step may name. Platform messages have the same sdkmessageid in every environment, so an exported step
    /// names its message by id alone (&lt;SdkMessageId&gt;); for others (Win, custom APIs) the message is read from the step
    /// name the Plug-in Registration Tool writes: "TypeName: Message of table". The one table of the repository: the
    /// registration checker and the emulator both resolve messages here.
    /// </summary>
    public static class SdkMessages
    {
        private static readonly Dictionary<Guid, string> WellKnown = new()
        {
            [new Guid("8cbdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "Assign",
            [new Guid("9ebdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "Create",
            [new Guid("a1bdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "Delete",
            [new Guid("a6bdbb1b-ea3e-db11-86a7-000a3a5473e8")] = "Execute",
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

        // The message is one word without blanks or colons, so custom API names (mci_DoThing) resolve too.
        private static readonly Regex StepName = new(@"^(?<type>.+?):\s*(?<message>[^\s:]+)\s+of\s+.+$", RegexOptions.CultureInvariant);

        /// <summary>The well-known id of a platform message, or null.</summary>
        public static Guid? IdOf(string message)
        {
            foreach (var kv in WellKnown)
            {
                if (string.Equals(kv.Value, message, StringComparison.OrdinalIgnoreCase)) return kv.Key;
            }
            return null;
        }

        /// <summary>The message name of a well-known sdkmessageid, or null.</summary>
        public static string? NameOf(Guid id) => WellKnown.TryGetValue(id, out var name) ? name : null;

        /// <summary>The message name from the id when it is well known, else from the step name.</summary>
        public static string? Resolve(Guid? id, string stepName) =>
            (id.HasValue ? NameOf(id.Value) : null) ?? FromStepName(stepName);

        /// <summary>The message named in a Plug-in Registration Tool step name ("Type: Message of table"), or null.</summary>
        public static string? FromStepName(string? stepName)
        {
            if (string.IsNullOrWhiteSpace(stepName)) return null;
            var m = StepName.Match(stepName.Trim());
            return m.Success ? m.Groups["message"].Value : null;
        }
    }
}
