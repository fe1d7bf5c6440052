using System.Collections.Generic;
using System.Reflection;

namespace Mci.Emulator
{
    /// <summary>How an environment is put together beyond the solution folder.</summary>
    public sealed class DataverseOptions
    {
        /// <summary>Built plug-in / workflow assemblies: dll paths, or directories searched for the registered assembly names.</summary>
        public IList<string> AssemblyPaths { get; } = new List<string>();

        /// <summary>Assemblies already loaded (a test project registering its own test plug-ins).</summary>
        public IList<Assembly> Assemblies { get; } = new List<Assembly>();

        /// <summary>Secure configuration per step (key: step id or step name). Solutions never carry it, as in Dataverse.</summary>
        public IDictionary<string, string> SecureConfigurations { get; } = new Dictionary<string, string>();

        public string OrganizationName { get; set; } = "MCI";

        /// <summary>
        /// Business-required columns are a form rule: Dataverse's API does not enforce them, and neither does the
        /// emulator unless this is set (to test as the form would). System-required columns are always enforced.
        /// </summary>
        public bool EnforceBusinessRequired { get; set; }

        /// <summary>DrainAsync refuses to run more jobs than this in one call (async steps that keep queueing each other).</summary>
        public int AsyncJobLimit { get; set; } = 10000;
    }
}
