using System;
using System.Collections.Generic;

// What users see: forms, views, web resources, apps and their site maps. Each record keeps the names it refers to (columns,
// relationships, tables, web resources), so a check can tell a reference from what it names.
namespace Mci.SolutionModel
{
    /// <summary>A subgrid on a form: the related rows of a relationship, shown through a view of the target table.</summary>
    public sealed record SubgridReference(string ControlId, string RelationshipName, string TargetTable, Guid? ViewId);

    /// <summary>A handler a form event calls: the function and the script library (web resource) it is in.</summary>
    public sealed record FormEventHandler(string Event, string FunctionName, string Library);

    /// <summary>A form (systemform) of a table: the columns its controls show, its subgrids, its script libraries and handlers,
    /// and whom it is shown to (DisplayConditions).</summary>
    public sealed record FormDefinition(string Table, Guid Id, string FormType)
    {
        public LocalizedText Names { get; init; } = LocalizedText.Empty;
        /// <summary>The columns bound to controls (datafieldname), in form order.</summary>
        public IReadOnlyList<string> Columns { get; init; } = Array.Empty<string>();
        public IReadOnlyList<SubgridReference> Subgrids { get; init; } = Array.Empty<SubgridReference>();
        /// <summary>Web resources named as form libraries (formLibraries/Library name).</summary>
        public IReadOnlyList<string> Libraries { get; init; } = Array.Empty<string>();
        /// <summary>The handlers its events call (events/event/Handlers/Handler).</summary>
        public IReadOnlyList<FormEventHandler> Handlers { get; init; } = Array.Empty<FormEventHandler>();
        /// <summary>The ids of the controls on it (cells, header and footer), in form order.</summary>
        public IReadOnlyList<string> ControlIds { get; init; } = Array.Empty<string>();
        /// <summary>Shown to everyone (DisplayConditions/Everyone, or no condition at all).</summary>
        public bool ForEveryone { get; init; } = true;
        /// <summary>The security roles it is shown to (DisplayConditions/Role Id), when not to everyone.</summary>
        public IReadOnlyList<Guid> DisplayRoles { get; init; } = Array.Empty<Guid>();
        /// <summary>DisplayConditions Order: among the forms a user may see, the lowest comes first.</summary>
        public int? DisplayOrder { get; init; }
        /// <summary>DisplayConditions FallbackForm: shown to users for whom no role-based form fits.</summary>
        public bool IsFallback { get; init; }
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
        /// <summary>Where <see cref="SolutionDefinition.ReadFile"/> finds its content: FileName in a zip, WebResources/&lt;name&gt; in a folder.</summary>
        public string ContentPath { get; init; } = string.Empty;
        public string Source { get; init; } = string.Empty;

        /// <summary>
        /// The FileName a Dataverse export gives a web resource's content in the zip: /WebResources/, the name without any
        /// character but letters, digits and underscores, cut to 50 characters, then the id in upper case without braces
        /// (mci_/scripts/opportunity.js → /WebResources/mci_scriptsopportunityjs85099F6B-…). Every one of the 65 web
        /// resources of DEFRA/trade-imports-pims (an unpacked export) and both of SalesWin's follow it.
        /// </summary>
        public static string ExportFileName(string name, Guid id)
        {
            var kept = new System.Text.StringBuilder();
            foreach (var c in name)
                if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_') kept.Append(c);
            var stem = kept.Length > 50 ? kept.ToString(0, 50) : kept.ToString();
            return "/WebResources/" + stem + id.ToString("D").ToUpperInvariant();
        }
    }

    /// <summary>An app's site map: the tables its areas name (SubArea Entity).</summary>
    public sealed record SiteMapDefinition(string UniqueName)
    {
        public LocalizedText Names { get; init; } = LocalizedText.Empty;
        /// <summary>The area ids, in order.</summary>
        public IReadOnlyList<string> Areas { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> Tables { get; init; } = Array.Empty<string>();
        public string Source { get; init; } = string.Empty;
    }

    /// <summary>A model-driven app (AppModule): the tables, site map, forms and views it includes and the roles it is for.</summary>
    public sealed record AppDefinition(string UniqueName)
    {
        public LocalizedText Names { get; init; } = LocalizedText.Empty;
        public LocalizedText Descriptions { get; init; } = LocalizedText.Empty;
        public IReadOnlyList<string> Tables { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> SiteMaps { get; init; } = Array.Empty<string>();
        public IReadOnlyList<Guid> Forms { get; init; } = Array.Empty<Guid>();
        public IReadOnlyList<Guid> Views { get; init; } = Array.Empty<Guid>();
        public IReadOnlyList<Guid> Roles { get; init; } = Array.Empty<Guid>();
        public string Source { get; init; } = string.Empty;
    }
}
