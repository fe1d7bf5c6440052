using System;
using Mci.SolutionModel;
using System.Collections.Generic;
using System.IO;
using System.Linq;


namespace Mci.Packaging.Registration
{
    /// <summary>One thing wrong with the registrations; Where names the file (or type) to fix.</summary>
    public sealed record RegistrationIssue(string Where, string Message)
    {
        public override string ToString() => $"{Where}: {Message}";
    }

    /// <summary>
    /// Proves the registrations kept as XML in the solution (PluginAssemblies/*.dll.data.xml, SdkMessageProcessingSteps/*.xml)
    /// agree with the code and with Dataverse's rules. Data-driven: it checks whatever types and steps exist.
    /// </summary>
    public static class RegistrationChecker
    {
        public const int PreValidation = 10, PreOperation = 20, PostOperation = 40;
        public const int Synchronous = 0, Asynchronous = 1;
        public const int PreImage = 0, PostImage = 1, BothImages = 2;
        private const int PluginTypeHandler = 4602;

        /// <summary>Messages whose steps may have images, with the message property the image is taken from.</summary>
        public static readonly IReadOnlyDictionary<string, string> ImageMessageProperty = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Create"] = "Id", ["Update"] = "Target", ["Delete"] = "Target", ["Assign"] = "Target", ["Merge"] = "Target",
            ["SetState"] = "EntityMoniker", ["SetStateDynamicEntity"] = "EntityMoniker", ["Route"] = "Target", ["Send"] = "EmailId",
            ["DeliverIncoming"] = "EmailId", ["DeliverPromote"] = "EmailId",
        };

        public static IReadOnlyList<RegistrationIssue> Check(SolutionDefinition metadata, IPluginTypeCatalog catalog)
        {
            var issues = new List<RegistrationIssue>();
            var typesById = new Dictionary<Guid, (PluginAssemblyDefinition Assembly, PluginTypeDefinition Type)>();
            foreach (var assembly in metadata.PluginAssemblies)
            {
                CheckAssembly(assembly, catalog, issues);
                foreach (var t in assembly.Types)
                {
                    if (!typesById.TryAdd(t.Id, (assembly, t)))
                    {
                        issues.Add(new RegistrationIssue(assembly.Source, $"PluginTypeId {t.Id} is used twice."));
                    }
                }
            }
            var stepIds = new HashSet<Guid>();
            foreach (var step in metadata.Steps)
            {
                if (!stepIds.Add(step.Id)) issues.Add(new RegistrationIssue(step.Source, $"SdkMessageProcessingStepId {step.Id} is used twice."));
                CheckStep(metadata, step, typesById, issues);
            }
            return issues;
        }

        private static void CheckAssembly(PluginAssemblyDefinition assembly, IPluginTypeCatalog catalog, List<RegistrationIssue> issues)
        {
            var where = assembly.Source;
            if (assembly.IsolationMode != 2) issues.Add(new RegistrationIssue(where, $"IsolationMode is {assembly.IsolationMode}; Dataverse online runs only sandboxed (2) assemblies."));
            if (assembly.SourceType != 0) issues.Add(new RegistrationIssue(where, $"SourceType is {assembly.SourceType}; the assembly ships in the solution (0 = Database)."));
            if (!assembly.FullName.StartsWith(assembly.Name + ",", StringComparison.Ordinal)) issues.Add(new RegistrationIssue(where, $"FullName '{assembly.FullName}' does not name assembly {assembly.Name}."));

            var built = catalog.TypesOf(assembly.Name);
            if (built == null)
            {
                issues.Add(new RegistrationIssue(where, $"the built assembly {assembly.Name} is not available to check against."));
                return;
            }
            var byName = built.ToDictionary(t => t.FullName, StringComparer.Ordinal);
            foreach (var t in assembly.Types)
            {
                var typeWhere = $"{where} ({t.TypeName})";
                var assemblyPart = t.AssemblyQualifiedName.Substring(t.AssemblyQualifiedName.IndexOf(',') + 1).Trim();
                if (!string.Equals(assemblyPart, assembly.FullName, StringComparison.Ordinal))
                {
                    issues.Add(new RegistrationIssue(typeWhere, $"AssemblyQualifiedName names '{assemblyPart}', not the assembly '{assembly.FullName}'."));
                }
                if (t.Id == Guid.Empty) issues.Add(new RegistrationIssue(typeWhere, "PluginTypeId is missing or not a GUID."));
                if (t.FriendlyName.Length == 0) issues.Add(new RegistrationIssue(typeWhere, "FriendlyName is required."));
                if (!byName.TryGetValue(t.TypeName, out var type))
                {
                    issues.Add(new RegistrationIssue(typeWhere, $"type {t.TypeName} does not exist in {assembly.Name}."));
                    continue;
                }
                if (!type.IsPublic || type.IsAbstract) issues.Add(new RegistrationIssue(typeWhere, $"{t.TypeName} must be public and not abstract to be instantiated by Dataverse."));
                if (t.IsWorkflowActivity && !type.IsWorkflowActivity)
                {
                    issues.Add(new RegistrationIssue(typeWhere, $"{t.TypeName} has a WorkflowActivityGroupName but does not derive from {AssemblyTypeCatalog.WorkflowActivityBase}."));
                }
                if (!t.IsWorkflowActivity && !type.IsPlugin)
                {
                    issues.Add(new RegistrationIssue(typeWhere, type.IsWorkflowActivity
                        ? $"{t.TypeName} is a workflow activity: give its PluginType a <WorkflowActivityGroupName>."
                        : $"{t.TypeName} does not implement {AssemblyTypeCatalog.PluginInterface}."));
                }
            }
            var registered = assembly.Types.Select(t => t.TypeName).ToHashSet(StringComparer.Ordinal);
            foreach (var type in built.Where(t => t.IsPublic && !t.IsAbstract && (t.IsPlugin || t.IsWorkflowActivity)))
            {
                if (!registered.Contains(type.FullName))
                {
                    issues.Add(new RegistrationIssue(where, $"{type.FullName} is a public {(type.IsPlugin ? "plug-in" : "workflow activity")} in {assembly.Name} but has no <PluginType> here."));
                }
            }
        }

        private static void CheckStep(SolutionDefinition metadata, StepDefinition step, Dictionary<Guid, (PluginAssemblyDefinition Assembly, PluginTypeDefinition Type)> types, List<RegistrationIssue> issues)
        {
            void Issue(string message) => issues.Add(new RegistrationIssue(step.Source, message));

            var fileId = Path.GetFileNameWithoutExtension(step.Source).Trim('{', '}');
            if (!Guid.TryParse(fileId, out var fid) || fid != step.Id) Issue($"the file name must be the step id {{{step.Id}}}.xml.");

            // The plug-in type it runs.
            if (step.PluginTypeId is not { } typeId || !types.TryGetValue(typeId, out var registered))
            {
                Issue($"PluginTypeId {step.PluginTypeId} names no <PluginType> in PluginAssemblies/.");
            }
            else
            {
                if (!string.Equals(step.PluginTypeQualifiedName, registered.Type.AssemblyQualifiedName, StringComparison.Ordinal))
                {
                    Issue($"PluginTypeName '{step.PluginTypeQualifiedName}' differs from the registered type '{registered.Type.AssemblyQualifiedName}'.");
                }
                if (registered.Type.IsWorkflowActivity) Issue($"{registered.Type.TypeName} is a workflow activity; steps run plug-ins only.");
            }
            if (step.EventHandlerTypeCode != PluginTypeHandler) Issue($"EventHandlerTypeCode must be {PluginTypeHandler} (plug-in type), not {step.EventHandlerTypeCode}.");

            // Message, stage, mode. The import reads the message from SdkMessageId alone.
            var message = step.Message;
            if (message.Length == 0)
            {
                Issue(step.MessageId == null
                    ? "SdkMessageId is missing or not a GUID."
                    : $"SdkMessageId {step.MessageId} is not a message with a published id ({string.Join(", ", SdkMessages.All.Values)}).");
                return;
            }
            if (step.DeclaredStage is not (PreValidation or PreOperation or PostOperation)) Issue($"Stage {Show(step.DeclaredStage)} is not 10 (PreValidation), 20 (PreOperation) or 40 (PostOperation).");
            if (step.DeclaredMode is not (Synchronous or Asynchronous)) Issue($"Mode {Show(step.DeclaredMode)} is not 0 (synchronous) or 1 (asynchronous).");
            if (step.DeclaredMode == Asynchronous && step.DeclaredStage != PostOperation) Issue("asynchronous steps are allowed only in PostOperation (40).");
            if (step.AsyncAutoDelete && step.DeclaredMode != Asynchronous) Issue("AsyncAutoDelete applies only to asynchronous steps.");
            if (step.DeclaredRank is not >= 1) Issue($"Rank {Show(step.DeclaredRank)} must be 1 or more.");
            if (step.SupportedDeployment != 0) Issue("SupportedDeployment must be 0 (server).");

            // Table and columns.
            var table = step.PrimaryEntity;
            var columns = table == null ? null : Columns(metadata, table);
            if (table != null && columns == null) Issue($"PrimaryEntity {table} is not a table of the solution nor a known standard table.");
            if (step.FilteringAttributes.Count > 0 && !string.Equals(message, "Update", StringComparison.OrdinalIgnoreCase))
            {
                Issue($"FilteringAttributes apply only to Update steps, not {message}.");
            }
            foreach (var c in step.FilteringAttributes.Where(c => columns != null && !columns.Contains(c)))
            {
                Issue($"filtering attribute {c} is not a column of {table}.");
            }

            // Images.
            if (step.Images.Count > 0 && !ImageMessageProperty.ContainsKey(message)) Issue($"{message} steps cannot have images.");
            var aliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var image in step.Images)
            {
                var label = $"image '{image.EntityAlias}'";
                if (image.EntityAlias.Length == 0 || !aliases.Add(image.EntityAlias)) Issue($"{label}: every image needs its own EntityAlias.");
                if (image.DeclaredImageType is not (PreImage or PostImage or BothImages)) Issue($"{label}: ImageType {Show(image.DeclaredImageType)} is not 0 (pre), 1 (post) or 2 (both).");
                var hasPre = image.DeclaredImageType is PreImage or BothImages;
                var hasPost = image.DeclaredImageType is PostImage or BothImages;
                if (hasPost && step.DeclaredStage != PostOperation) Issue($"{label}: a post-image exists only in PostOperation (40).");
                if (hasPre && string.Equals(message, "Create", StringComparison.OrdinalIgnoreCase)) Issue($"{label}: Create has no pre-image (the record does not exist yet).");
                if (hasPost && string.Equals(message, "Delete", StringComparison.OrdinalIgnoreCase)) Issue($"{label}: Delete has no post-image.");
                if (ImageMessageProperty.TryGetValue(message, out var property) && !string.Equals(image.MessagePropertyName, property, StringComparison.Ordinal))
                {
                    Issue($"{label}: MessagePropertyName for {message} is {property}, not '{image.MessagePropertyName}'.");
                }
                if (image.Attributes.Count == 0) Issue($"{label}: list only the columns needed (an empty list takes all columns).");
                foreach (var c in image.Attributes.Where(c => columns != null && !columns.Contains(c)))
                {
                    Issue($"{label}: column {c} is not a column of {table}.");
                }
            }
        }

        private static string Show(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(missing)";

        /// <summary>The columns of a table: those the solution declares, those of the platform's table of that name
        /// (<see cref="PlatformTables"/>: the standard columns of a table the solution extends), and the system columns every
        /// table has; null for a table neither the solution nor the platform has.</summary>
        public static IReadOnlySet<string>? Columns(SolutionDefinition metadata, string table)
        {
            var declared = metadata.Table(table);
            var platform = PlatformTables.Find(table);
            if (declared == null && platform == null) return null;
            var set = new HashSet<string>(PlatformTables.UnmodelledSystemColumns, StringComparer.OrdinalIgnoreCase);
            if (declared != null)
            {
                set.UnionWith(declared.Columns.Keys);
                set.Add(declared.PrimaryIdAttribute);
                if (platform == null) set.UnionWith(PlatformTables.SystemColumnsOf(declared).Select(c => c.LogicalName));
            }
            if (platform != null) set.UnionWith(platform.Columns.Keys);
            return set;
        }
    }
}
