using System;
using System.Collections.Generic;

namespace Mci.SolutionModel
{
    /// <summary>
    /// The SDK messages a step may name, by id. An unpacked step names its message only by &lt;SdkMessageId&gt; (the
    /// 9.x schema has no name element), so a step on a message whose id is not known cannot be imported here with
    /// confidence: the packer refuses it, the registration checker reports it and the emulator will not load it.
    /// The one table of the repository.
    ///
    /// Source: Microsoft Learn, "Use messages with the SDK for .NET" — the output of its Web API sample
    /// <c>GET [org]/api/data/v9.2/sdkmessagefilters?$select=_sdkmessageid_value&amp;$filter=primaryobjecttypecode eq 'account'</c>
    /// lists these 14 messages with their sdkmessageid, each ending -ea3e-db11-86a7-000a3a5473e8. Platform messages keep
    /// one id in every environment. No public source gives the ids of other messages (Win, CreateMultiple,
    /// UpdateMultiple, Execute, ...), so they are not here: MCI registers its steps on these messages only.
    /// </summary>
    public static class SdkMessages
    {
        private static readonly Dictionary<Guid, string> Published = new()
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

        /// <summary>Every message with a published id, by id.</summary>
        public static IReadOnlyDictionary<Guid, string> All => Published;

        /// <summary>The published id of a message, or null.</summary>
        public static Guid? IdOf(string message)
        {
            foreach (var kv in Published)
            {
                if (string.Equals(kv.Value, message, StringComparison.OrdinalIgnoreCase)) return kv.Key;
            }
            return null;
        }

        /// <summary>The message name of a published sdkmessageid, or null.</summary>
        public static string? NameOf(Guid id) => Published.TryGetValue(id, out var name) ? name : null;
    }
}
