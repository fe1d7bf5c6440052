using System;
using System.Collections.Generic;
using System.Reflection;
using Mci.SolutionModel;

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

        /// <summary>
        /// The order in which the items of a CreateMultiple/UpdateMultiple run their Create/Update steps. Dataverse runs a
        /// Create/Update step for each item ("Message pipelines merged") but does not document the order; see
        /// <see cref="Emulator.BulkItemOrder"/>. Test rules that span rows under both.
        /// </summary>
        public BulkItemOrder BulkItemOrder { get; set; } = BulkItemOrder.StageByStage;

        /// <summary>
        /// Messages this environment knows beyond the 14 whose ids Microsoft publishes (Mci.SolutionModel.SdkMessages), by
        /// sdkmessageid: what <c>GET [org]/api/data/v9.2/sdkmessages?$select=sdkmessageid,name</c> returns in the environment a
        /// solution with such steps was exported from. Loading a solution whose step names any other id fails, as an import would.
        /// </summary>
        public IDictionary<Guid, string> SdkMessages { get; } = new Dictionary<Guid, string>();

        /// <summary>
        /// Whether the Win message creates its close activity (opportunityclose) through a Create pipeline that runs the
        /// Create steps of opportunityclose (a child of the Win: depth + 1, ParentContext the Win's). True by default: the
        /// behaviour MCI's shipped win gate relies on, which Microsoft does not document (docs/emulator-bulk-and-win.md).
        /// False: the activity is saved without running any Create step, to test what happens if Dataverse does it so.
        /// </summary>
        public bool WinRunsCloseActivityCreateSteps { get; set; } = true;

        /// <summary>
        /// Steps an admin registered by hand in this environment with the Plug-in Registration Tool (not in the solution),
        /// added to the solution's when the environment is created. Each names its message by id, as a registration does:
        /// a published id (Mci.SolutionModel.SdkMessages) or one of <see cref="SdkMessages"/> (Win's id is not published).
        /// </summary>
        public IList<StepDefinition> StepsRegisteredByHand { get; } = new List<StepDefinition>();

        /// <summary>DrainAsync refuses to run more jobs than this in one call (async steps that keep queueing each other).</summary>
        public int AsyncJobLimit { get; set; } = 10000;
    }

    /// <summary>How the items of a CreateMultiple/UpdateMultiple go through their Create/Update steps.</summary>
    public enum BulkItemOrder
    {
        /// <summary>
        /// The default, and the realistic model of messages made to save every row in one main operation: PreValidation of
        /// every item, PreOperation of every item, one main operation saving all rows, PostOperation of every item.
        /// </summary>
        StageByStage,

        /// <summary>Each item's whole pipeline (PreValidation, PreOperation, its save, PostOperation) before the next item's.</summary>
        ItemByItem,
    }
}
