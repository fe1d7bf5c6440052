using System;
using System.Collections.Generic;

namespace Mci.SolutionModel
{
    /// <summary>Solution component type codes (solutioncomponent.componenttype) the model knows.</summary>
    public static class ComponentTypes
    {
        public const int Entity = 1, Attribute = 2, Relationship = 10, OptionSet = 9, Role = 20, View = 26, Workflow = 29,
            Form = 60, WebResource = 61, SiteMap = 62, FieldSecurityProfile = 70, AppModule = 80, PluginAssembly = 91, Step = 92,
            CanvasApp = 300, ConnectionReference = 371, EnvironmentVariableDefinition = 380;

        /// <summary>A name for messages ("table", "form", ...); the number for a type the model does not name.</summary>
        public static string Describe(int type) => type switch
        {
            Entity => "table", Attribute => "column", Relationship => "relationship", OptionSet => "choice", Role => "security role", View => "view",
            Workflow => "process", Form => "form", WebResource => "web resource", SiteMap => "site map", FieldSecurityProfile => "field security profile",
            AppModule => "app", PluginAssembly => "plug-in assembly", Step => "plug-in step", CanvasApp => "canvas app",
            ConnectionReference => "connection reference", EnvironmentVariableDefinition => "environment variable",
            _ => "component type " + type.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A RootComponent of solution.xml: by schema name (tables, choices, ...) or id (roles, forms, steps, ...), as written.</summary>
    public sealed record RootComponent(int Type, string SchemaName, string Id, int Behavior);

    /// <summary>One side of a MissingDependency: the component, and for a required one the solution that provides it.</summary>
    public sealed record DependencyComponent(int Type, string SchemaName, string Id)
    {
        public string DisplayName { get; init; } = string.Empty;
        public string ParentSchemaName { get; init; } = string.Empty;
        /// <summary>"UniqueName (version)" of the solution that provides a required component.</summary>
        public string Solution { get; init; } = string.Empty;

        public override string ToString() =>
            $"{ComponentTypes.Describe(Type)} {(ParentSchemaName.Length > 0 ? ParentSchemaName + "." : "")}{(SchemaName.Length > 0 ? SchemaName : Id)}";
    }

    /// <summary>A MissingDependency of solution.xml: a component of this solution (Dependent) needs one the target environment
    /// must already have (Required).</summary>
    public sealed record DeclaredDependency(DependencyComponent Required, DependencyComponent Dependent);

    public sealed record PublisherDefinition(string UniqueName, string CustomizationPrefix, string CustomizationOptionValuePrefix)
    {
        public LocalizedText Names { get; init; } = LocalizedText.Empty;
    }

    /// <summary>solution.xml's SolutionManifest. Managed: 0 unmanaged, 1 managed, 2 (unpacked as Both) either.</summary>
    public sealed record SolutionManifest(string UniqueName, string Version, string Managed, PublisherDefinition Publisher)
    {
        public LocalizedText Names { get; init; } = LocalizedText.Empty;
        public LocalizedText Descriptions { get; init; } = LocalizedText.Empty;
        public IReadOnlyList<RootComponent> RootComponents { get; init; } = Array.Empty<RootComponent>();
        public IReadOnlyList<DeclaredDependency> MissingDependencies { get; init; } = Array.Empty<DeclaredDependency>();
        public string Source { get; init; } = string.Empty;

        public bool IsManaged => Managed == "1";
    }
}
