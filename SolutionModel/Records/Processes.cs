using System;
using System.Collections.Generic;

// Custom APIs (customapis/<unique name>/, in the folder and in the zip alike) and processes (Workflows/): the cloud flows a
// solution ships, with the connection references they connect through.
namespace Mci.SolutionModel
{
    /// <summary>customapi.bindingtype.</summary>
    public enum CustomApiBindingType { Global = 0, Entity = 1, EntityCollection = 2 }

    /// <summary>customapi.allowedcustomprocessingsteptype: who may register steps on the custom API's message.</summary>
    public enum CustomApiStepType { None = 0, AsyncOnly = 1, SyncAndAsync = 2 }

    /// <summary>The type of a custom API request parameter or response property (customapirequestparameter.type).</summary>
    public enum CustomApiFieldType
    {
        Boolean = 0, DateTime = 1, Decimal = 2, Entity = 3, EntityCollection = 4, EntityReference = 5, Float = 6, Integer = 7,
        Money = 8, Picklist = 9, String = 10, StringArray = 11, Guid = 12,
    }

    /// <summary>A request parameter (customapirequestparameters/&lt;unique name&gt;/customapirequestparameter.xml) or response
    /// property (customapiresponseproperties/&lt;unique name&gt;/customapiresponseproperty.xml) of a custom API.</summary>
    public sealed record CustomApiField(string UniqueName, CustomApiFieldType Type)
    {
        /// <summary>The name element (by convention "api.parameter").</summary>
        public string Name { get; init; } = string.Empty;
        /// <summary>Request parameters only: may the caller leave it out.</summary>
        public bool IsOptional { get; init; }
        /// <summary>The table of an Entity or EntityReference, when it is fixed.</summary>
        public string? LogicalEntityName { get; init; }
        public LocalizedText DisplayNames { get; init; } = LocalizedText.Empty;
        public LocalizedText Descriptions { get; init; } = LocalizedText.Empty;
        public string Source { get; init; } = string.Empty;
    }

    /// <summary>
    /// A custom API: a message of the solution's own, run by its plug-in type (the main operation) and by any step
    /// registered on it. Solution.xml lists no root component for it: the folder (or the zip's customapis/ entries) is the
    /// component, as Microsoft's "Create a custom API with solution files" describes.
    /// </summary>
    public sealed record CustomApiDefinition(string UniqueName)
    {
        public string Name { get; init; } = string.Empty;
        public LocalizedText DisplayNames { get; init; } = LocalizedText.Empty;
        public LocalizedText Descriptions { get; init; } = LocalizedText.Empty;
        public CustomApiBindingType BindingType { get; init; }
        public string? BoundEntityLogicalName { get; init; }
        /// <summary>A function (GET) rather than an action (POST).</summary>
        public bool IsFunction { get; init; }
        public bool IsPrivate { get; init; }
        public CustomApiStepType AllowedCustomProcessingStepType { get; init; }
        /// <summary>The privilege a caller must hold to run it (any depth); null when anyone may.</summary>
        public string? ExecutePrivilegeName { get; init; }
        /// <summary>
        /// The plug-in type of the main operation: plugintypeid/plugintypeid, or plugintypeid/plugintypeexportkey when that key is
        /// a GUID (exports write the export key, and for a type of a plug-in assembly it is the type's id).
        /// </summary>
        public Guid? PluginTypeId { get; init; }
        /// <summary>The plug-in type of the main operation, when given by export key (plugintypeid/plugintypeexportkey).</summary>
        public string? PluginTypeExportKey { get; init; }
        public bool WorkflowSdkStepEnabled { get; init; }
        public bool IsCustomizable { get; init; }
        public IReadOnlyList<CustomApiField> RequestParameters { get; init; } = Array.Empty<CustomApiField>();
        public IReadOnlyList<CustomApiField> ResponseProperties { get; init; } = Array.Empty<CustomApiField>();
        /// <summary>The files of the custom API, relative to the solution root with forward slashes (customapis/NAME/...).</summary>
        public IReadOnlyList<string> Files { get; init; } = Array.Empty<string>();
        public string Source { get; init; } = string.Empty;
    }

    /// <summary>workflow.category.</summary>
    public enum WorkflowCategory { Workflow = 0, Dialog = 1, BusinessRule = 2, Action = 3, BusinessProcessFlow = 4, ModernFlow = 5, DesktopFlow = 6 }

    /// <summary>
    /// A process (customizations.xml Workflows/Workflow; unpacked: Workflows/&lt;Name&gt;-&lt;GUID&gt;.json with its
    /// .json.data.xml). A cloud flow (category 5) keeps its definition in the JSON file its JsonFileName names. StateCode 0 /
    /// StatusCode 1 is Draft (off), 1 / 2 Activated (on).
    /// </summary>
    public sealed record WorkflowDefinition(Guid Id, string Name)
    {
        public WorkflowCategory Category { get; init; }
        public int Type { get; init; }
        public int StateCode { get; init; }
        public int StatusCode { get; init; }
        public string PrimaryEntity { get; init; } = string.Empty;
        /// <summary>/Workflows/Name-GUID.json: where the definition is in the zip (and, without the slash, in the folder).</summary>
        public string JsonFileName { get; init; } = string.Empty;
        public LocalizedText Names { get; init; } = LocalizedText.Empty;
        public LocalizedText Descriptions { get; init; } = LocalizedText.Empty;
        /// <summary>The connection reference logical names the flow's JSON connects through (properties.connectionReferences).</summary>
        public IReadOnlyList<string> ConnectionReferences { get; init; } = Array.Empty<string>();
        public string Source { get; init; } = string.Empty;

        public bool IsCloudFlow => Category == WorkflowCategory.ModernFlow;
        public bool IsOn => StateCode == 1;
    }
}
