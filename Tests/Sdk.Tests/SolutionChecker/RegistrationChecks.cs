using Mci.SolutionModel;

namespace Mci.Sdk.Tests.SolutionChecker;

/// <summary>
/// The solution checker's plug-in registration rules (meta-*), decided from the steps of an unpacked solution as
/// SolutionDefinition reads them. One line per violation, naming the step; an empty result passes.
/// </summary>
internal static class RegistrationChecks
{
    /// <summary>Dataverse runs a step on the single message for every item of its Multiple message ("message pipelines merged").</summary>
    private static readonly Dictionary<string, string> MergedWith = new(StringComparer.Ordinal)
    {
        ["CreateMultiple"] = "Create", ["UpdateMultiple"] = "Update", ["UpsertMultiple"] = "Upsert", ["DeleteMultiple"] = "Delete",
    };

    /// <summary>
    /// meta-remove-dup-reg: no two steps run the same plug-in type on the same message, table, stage and mode. A step on
    /// CreateMultiple (UpdateMultiple...) counts as one on Create (Update...), since the merged pipeline would run both for
    /// one record. Filtering attributes do not tell two steps apart: a change to a column both watch fires both.
    /// </summary>
    public static IEnumerable<string> DuplicateRegistrations(IEnumerable<StepDefinition> steps) =>
        steps.GroupBy(s => (Type: TypeOf(s), Message: Merged(s.Message), s.PrimaryEntity, Stage: s.DeclaredStage, Mode: s.DeclaredMode))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Type} runs {g.Count()} times for one {g.Key.Message} of {Table(g.Key.PrimaryEntity)} (stage {g.Key.Stage}, mode {g.Key.Mode}): "
                + string.Join(", ", g.Select(s => $"'{s.Name}' ({Path.GetFileName(s.Source)})")));

    /// <summary>meta-avoid-reg-no-attribute: every step on Update (or UpdateMultiple) lists its filtering attributes.</summary>
    public static IEnumerable<string> UpdateStepsWithoutFilteringAttributes(IEnumerable<StepDefinition> steps) =>
        steps.Where(s => Merged(s.Message) == "Update" && s.FilteringAttributes.Count == 0)
            .Select(s => $"'{s.Name}' ({Path.GetFileName(s.Source)}) runs on every update of {Table(s.PrimaryEntity)}: it has no filtering attributes");

    /// <summary>meta-avoid-reg-retrieve, by the stricter rule MCI keeps: no step on Retrieve or RetrieveMultiple.</summary>
    public static IEnumerable<string> RetrieveSteps(IEnumerable<StepDefinition> steps) =>
        steps.Where(s => s.Message is "Retrieve" or "RetrieveMultiple")
            .Select(s => $"'{s.Name}' ({Path.GetFileName(s.Source)}) runs on {s.Message} of {Table(s.PrimaryEntity)}: it slows every read");

    /// <summary>meta-avoid-retrievemultiple-annotation: no step on RetrieveMultiple of annotation (notes).</summary>
    public static IEnumerable<string> RetrieveMultipleOfAnnotation(IEnumerable<StepDefinition> steps) =>
        steps.Where(s => s.Message == "RetrieveMultiple" && s.PrimaryEntity == "annotation")
            .Select(s => $"'{s.Name}' ({Path.GetFileName(s.Source)}) runs on RetrieveMultiple of annotation");

    /// <summary>meta-avoid-crm4-event: no step in the CRM 4.0 post-event stage (50), which Dataverse keeps only for old registrations.</summary>
    public static IEnumerable<string> Crm4Stage(IEnumerable<StepDefinition> steps) =>
        steps.Where(s => s.DeclaredStage == 50)
            .Select(s => $"'{s.Name}' ({Path.GetFileName(s.Source)}) is registered in stage 50, the CRM 4.0 stage; use 40 (PostOperation)");

    /// <summary>meta-remove-inactive: no disabled step (StateCode 1) shipped in the solution.</summary>
    public static IEnumerable<string> InactiveSteps(IEnumerable<StepDefinition> steps) =>
        steps.Where(s => s.StateCode != 0)
            .Select(s => $"'{s.Name}' ({Path.GetFileName(s.Source)}) is shipped disabled (StateCode {s.StateCode}): remove it");

    private static string Merged(string message) => message.Length == 0 ? "(unknown message)" : MergedWith.GetValueOrDefault(message, message);

    private static string Table(string? table) => table ?? "any table";

    private static string TypeOf(StepDefinition step) =>
        step.PluginTypeName.Length > 0 ? step.PluginTypeName : step.PluginTypeId?.ToString() ?? "(no plug-in type)";
}
