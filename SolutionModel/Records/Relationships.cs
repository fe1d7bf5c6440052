namespace Mci.SolutionModel
{
    public enum RelationshipKind { OneToMany, ManyToMany }

    /// <summary>What happens to related rows when the parent row is deleted, assigned, shared, ... (Dataverse's cascade values).</summary>
    public enum CascadeBehavior { NoCascade, Cascade, Active, UserOwned, RemoveLink, Restrict }

    /// <summary>
    /// A relationship of Other/Relationships/ (or a zip's EntityRelationships). One-to-many: the referencing (child) table holds
    /// the lookup to the referenced (parent) table. Many-to-many: Entity1 and Entity2 meet in the intersect table, whose name
    /// and columns default the way Dataverse names them.
    /// </summary>
    public sealed record RelationshipDefinition(string SchemaName, RelationshipKind Kind)
    {
        public string ReferencedEntity { get; init; } = string.Empty;
        public string ReferencingEntity { get; init; } = string.Empty;
        public string ReferencingAttribute { get; init; } = string.Empty;
        public CascadeBehavior CascadeDelete { get; init; } = CascadeBehavior.RemoveLink;
        public CascadeBehavior CascadeAssign { get; init; } = CascadeBehavior.NoCascade;
        public CascadeBehavior CascadeShare { get; init; } = CascadeBehavior.NoCascade;
        public CascadeBehavior CascadeUnshare { get; init; } = CascadeBehavior.NoCascade;
        public CascadeBehavior CascadeReparent { get; init; } = CascadeBehavior.NoCascade;

        public string Entity1 { get; init; } = string.Empty;
        public string Entity2 { get; init; } = string.Empty;
        public string IntersectEntity { get; init; } = string.Empty;
        public string Entity1IntersectAttribute { get; init; } = string.Empty;
        public string Entity2IntersectAttribute { get; init; } = string.Empty;

        public string Source { get; init; } = string.Empty;
    }
}
