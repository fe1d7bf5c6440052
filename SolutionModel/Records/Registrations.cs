using System;
using System.Collections.Generic;

// Plug-in assemblies, their types and the steps that run them. A value the XML leaves out stays null in the Declared*
// properties (the registration checker reports it); the plain properties give what Dataverse runs (its defaults).
namespace Mci.SolutionModel
{
    public enum PipelineStage { PreValidation = 10, PreOperation = 20, MainOperation = 30, PostOperation = 40 }

    public enum StepMode { Synchronous = 0, Asynchronous = 1 }

    public enum ImageType { PreImage = 0, PostImage = 1, Both = 2 }

    /// <summary>A class of a plug-in assembly registered as a plug-in or (with a WorkflowActivityGroupName) a workflow activity.</summary>
    public sealed record PluginTypeDefinition(Guid Id, string TypeName, string AssemblyQualifiedName)
    {
        /// <summary>The Name attribute as written (usually the full type name).</summary>
        public string Name { get; init; } = string.Empty;
        public string FriendlyName { get; init; } = string.Empty;
        public string? WorkflowActivityGroupName { get; init; }
        /// <summary>Simple name of the assembly it is in (MciDataverse.Plugins).</summary>
        public string AssemblyName { get; init; } = string.Empty;

        public bool IsWorkflowActivity => WorkflowActivityGroupName != null;
    }

    /// <summary>A registered assembly (PluginAssemblies/&lt;Name&gt;-&lt;GUID&gt;/&lt;Name&gt;.dll.data.xml, or a zip's SolutionPluginAssemblies).</summary>
    public sealed record PluginAssemblyDefinition(Guid Id, string Name, string FullName, IReadOnlyList<PluginTypeDefinition> Types)
    {
        /// <summary>2 = sandbox.</summary>
        public int IsolationMode { get; init; }
        /// <summary>0 = database (the assembly travels in the solution).</summary>
        public int SourceType { get; init; }
        /// <summary>Where the assembly is in the zip (FileName, e.g. /PluginAssemblies/Name-GUID/Name.dll).</summary>
        public string FileName { get; init; } = string.Empty;
        public string Source { get; init; } = string.Empty;
    }

    /// <summary>An image a step registers: Name, EntityAlias (the key plug-ins use), type and columns (none listed = all).</summary>
    public sealed record StepImageDefinition(string Name, string EntityAlias, IReadOnlyList<string> Attributes)
    {
        /// <summary>0 pre-image, 1 post-image, 2 both; null when the XML leaves it out.</summary>
        public int? DeclaredImageType { get; init; }
        public string MessagePropertyName { get; init; } = string.Empty;

        /// <summary>The key plug-ins use: PreEntityImages[Alias].</summary>
        public string Alias => EntityAlias.Length > 0 ? EntityAlias : Name.Length > 0 ? Name : "Image";
        public ImageType Type => (ImageType)(DeclaredImageType ?? 0);
        public bool IsPre => Type is ImageType.PreImage or ImageType.Both;
        public bool IsPost => Type is ImageType.PostImage or ImageType.Both;
    }

    /// <summary>
    /// A registered step (SdkMessageProcessingSteps/{id}.xml). Message is the SDK message of a published SdkMessageId
    /// (<see cref="SdkMessages"/>), else empty: an unpacked step names its message by id alone. PrimaryEntity is null for a step
    /// on any table. StateCode 1 = disabled.
    /// </summary>
    public sealed record StepDefinition(Guid Id, string Name)
    {
        public Guid? MessageId { get; init; }
        public string Message { get; init; } = string.Empty;
        public string? PrimaryEntity { get; init; }
        public string? SecondaryEntity { get; init; }
        public int? DeclaredStage { get; init; }
        public int? DeclaredMode { get; init; }
        public int? DeclaredRank { get; init; }
        /// <summary>Columns whose change runs an Update step; none = any change.</summary>
        public IReadOnlyList<string> FilteringAttributes { get; init; } = Array.Empty<string>();
        public Guid? PluginTypeId { get; init; }
        /// <summary>PluginTypeName as written: "Namespace.Class, Assembly, Version=..., Culture=..., PublicKeyToken=...".</summary>
        public string PluginTypeQualifiedName { get; init; } = string.Empty;
        /// <summary>Simple name of the registered assembly (from PluginTypeName, else from the registered type).</summary>
        public string AssemblyName { get; init; } = string.Empty;
        /// <summary>The unsecure configuration (Configuration); null when there is no such element.</summary>
        public string? UnsecureConfiguration { get; init; }
        public bool AsyncAutoDelete { get; init; }
        public int SupportedDeployment { get; init; }
        public int EventHandlerTypeCode { get; init; }
        public IReadOnlyList<StepImageDefinition> Images { get; init; } = Array.Empty<StepImageDefinition>();
        public string? Description { get; init; }
        public int StateCode { get; init; }
        public string Source { get; init; } = string.Empty;

        public PipelineStage Stage => (PipelineStage)(DeclaredStage ?? 40);
        public StepMode Mode => (StepMode)(DeclaredMode ?? 0);
        public int Rank => DeclaredRank ?? 1;
        /// <summary>Full name of the plug-in class (namespace.class).</summary>
        public string PluginTypeName => PluginTypeQualifiedName.Split(',')[0].Trim();
        public bool Enabled => StateCode == 0;

        public override string ToString() => Name;
    }
}
