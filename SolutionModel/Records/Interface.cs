using System;
using System.Collections.Generic;

// What users see: forms, views, web resources, apps and their site maps. Each record keeps the names it refers to (columns,
// relationships, tables, web resources), so a check can tell a reference from what it names.
namespace Mci.SolutionModel
{
    /// <summary>A subgrid on a form: the related rows of a relationship, shown through a view of the target table.</summary>
    public sealed record SubgridReference(string ControlId, string RelationshipName, string TargetTable, Guid? ViewId);

    /// <summary>A form (systemform) of a table: the columns its controls show, its subgrids and its script libraries.</summary>
    public sealed record FormDefinition(string Table, Guid Id, string FormType)
    {
        public LocalizedText Names { get; init; } = LocalizedText.Empty;
        /// <summary>The columns bound to controls (datafieldname), in form order.</summary>
        public IReadOnlyList<string> Columns { get; init; } = Array.Empty<string>();
        public IReadOnlyList<SubgridReference> Subgrids { get; init; } = Array.Empty<SubgridReference>();
        /// <summary>Web resources named as form libraries (formLibraries/Library name).</summary>
        public IReadOnlyList<string> Libraries { get; init; } = Array.Empty<string>();
        public string Source { get; init; } = string.Empty;
    }

    /// <summary>A system view (savedquery): the columns its FetchXML and layout name, each with the table it belongs to
    /// (a link-entity's columns belong to the linked table).</summary>
    public sealed record ViewDefinition(string Table, Guid Id)
    {
        public LocalizedText Names { get; init; } = LocalizedText.Empty;
        public int? QueryType { get; init; }
        public IReadOnlyList<(string Table, string Column)> Columns { get; init; } = Array.Empty<(string, string)>();
        public IReadOnlyList<string> LinkedTables { get; init; } = Array.Empty<string>();
        public string Source { get; init; } = string.Empty;
    }

    /// <summary>A web resource (script, style, image, ...). Type: 1 HTML, 2 CSS, 3 JavaScript, 4 XML, 5 PNG, ... 11 SVG, 12 RESX.</summary>
    public sealed record WebResourceDefinition(string Name, int Type)
    {
        public Guid Id { get; init; }
        public string DisplayName { get; init; } = string.Empty;
        /// <summary>Where its content is in the zip (FileName).</summary>
        public string FileName { get; init; } = string.Empty;
        public string Source { get; init; } = string.Empty;
    }

    /// <summary>An app's site map: the tables its areas name (SubArea Entity).</summary>
    public sealed record SiteMapDefinition(string UniqueName)
    {
        public IReadOnlyList<string> Tables { get; init; } = Array.Empty<string>();
        public string Source { get; init; } = string.Empty;
    }

    /// <summary>A model-driven app (AppModule): the tables, site map, forms and views it includes and the roles it is for.</summary>
    public sealed record AppDefinition(string UniqueName)
    {
        public IReadOnlyList<string> Tables { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> SiteMaps { get; init; } = Array.Empty<string>();
        public IReadOnlyList<Guid> Forms { get; init; } = Array.Empty<Guid>();
        public IReadOnlyList<Guid> Views { get; init; } = Array.Empty<Guid>();
        public IReadOnlyList<Guid> Roles { get; init; } = Array.Empty<Guid>();
        public string Source { get; init; } = string.Empty;
    }
}
