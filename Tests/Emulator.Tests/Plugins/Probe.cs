using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests.Plugins;

/// <summary>What a plug-in saw when it ran: copied at the time, so later changes do not show.</summary>
public sealed record ProbeRecord(
    string Step,
    string Message,
    int Stage,
    int Mode,
    int Depth,
    string Entity,
    Guid PrimaryId,
    Entity? Target,
    IReadOnlyList<Entity>? Targets,
    EntityReference? TargetReference,
    IReadOnlyDictionary<string, Entity> PreImages,
    IReadOnlyDictionary<string, Entity> PostImages,
    IReadOnlyList<IReadOnlyDictionary<string, Entity>> PreImageCollections,
    IReadOnlyList<IReadOnlyDictionary<string, Entity>> PostImageCollections,
    IReadOnlyDictionary<string, object?> Shared,
    IReadOnlyDictionary<string, object?>? ParentShared,
    int? ParentStage,
    bool InTransaction,
    Guid UserId,
    Guid InitiatingUserId,
    DateTime OperationCreatedOn,
    IReadOnlyDictionary<string, object?> Output,
    IReadOnlyCollection<string> InputKeys,
    string? Threshold,
    string? Ancestors = null);

/// <summary>Collects probe records. Tests in this assembly run one at a time (see AssemblyInfo), so one list serves.</summary>
public static class Probe
{
    public static readonly List<ProbeRecord> Records = new();

    public static IReadOnlyList<ProbeRecord> For(string message, string entity) => Records.Where(r => r.Message == message && r.Entity == entity).ToList();

    public static ProbeRecord At(string message, string entity, int stage) => For(message, entity).Single(r => r.Stage == stage);

    internal static Entity Copy(Entity e)
    {
        var copy = new Entity(e.LogicalName, e.Id);
        foreach (var a in e.Attributes) copy[a.Key] = a.Value switch
        {
            EntityReference r => new EntityReference(r.LogicalName, r.Id) { Name = r.Name },
            Money m => new Money(m.Value),
            OptionSetValue o => new OptionSetValue(o.Value),
            var v => v,
        };
        return copy;
    }

    internal static IReadOnlyDictionary<string, Entity> Images(EntityImageCollection images) => images.ToDictionary(i => i.Key, i => Copy(i.Value));
}
