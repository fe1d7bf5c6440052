using System;
using System.Runtime.Serialization;

namespace Microsoft.Crm.Sdk.Messages
{
    /// <summary>The access rights a principal holds on a record (a bit mask: shares combine by OR).</summary>
    [Flags]
    [DataContract(Namespace = Contracts.Namespace)]
    public enum AccessRights
    {
        [EnumMember] None = 0,
        [EnumMember] ReadAccess = 1,
        [EnumMember] WriteAccess = 2,
        [EnumMember] AppendAccess = 4,
        [EnumMember] AppendToAccess = 16,
        [EnumMember] CreateAccess = 32,
        [EnumMember] DeleteAccess = 65536,
        [EnumMember] ShareAccess = 262144,
        [EnumMember] AssignAccess = 524288,
    }
}
