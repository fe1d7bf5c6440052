namespace Mci.SolutionModel
{
    public enum EnvironmentVariableType { String = 100000000, Number = 100000001, Boolean = 100000002, Json = 100000003, DataSource = 100000004, Secret = 100000005 }

    /// <summary>
    /// An environment variable definition (environmentvariabledefinitions/&lt;schema name&gt;/environmentvariabledefinition.xml,
    /// in the folder and in the zip alike). A definition without a type is a String. DefaultValue is null when there is none.
    /// </summary>
    public sealed record EnvironmentVariableDefinition(string SchemaName, EnvironmentVariableType Type)
    {
        public string? DefaultValue { get; init; }
        public bool IsRequired { get; init; }
        public LocalizedText DisplayNames { get; init; } = LocalizedText.Empty;
        public LocalizedText Descriptions { get; init; } = LocalizedText.Empty;
        public string Source { get; init; } = string.Empty;
    }

    /// <summary>A connection reference (customizations.xml connectionreferences): what a cloud flow connects through.</summary>
    public sealed record ConnectionReferenceDefinition(string LogicalName, string ConnectorId)
    {
        public string DisplayName { get; init; } = string.Empty;
        public string Source { get; init; } = string.Empty;
    }
}
