using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages
{
    /// <summary>What every type here shares with the real assembly: its data contract namespace, and how a typed
    /// property reads the Parameters/Results bag (the value when present and not null, else default).</summary>
    internal static class Contracts
    {
        /// <summary>The [DataContract] namespace of Microsoft.Crm.Sdk.Proxy's types (Learn .NET API reference).</summary>
        public const string Namespace = "http://schemas.microsoft.com/crm/2011/Contracts";

        public static T Value<T>(ParameterCollection bag, string key)
        {
            return bag.TryGetValue(key, out object value) && value != null ? (T)value : default(T);
        }
    }
}
