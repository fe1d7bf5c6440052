using System;
using Mci.SolutionModel;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;


namespace Mci.Packaging.Registration
{
    /// <summary>One file the generator writes, relative to the repository root.</summary>
    public sealed record GeneratedFile(string RelativePath, string Content);

    /// <summary>What the step declarations make of the repository: the step files, Solution.xml's step root components, docs/registrations.md.</summary>
    public sealed record GeneratedRegistrations(IReadOnlyList<GeneratedFile> Files, IReadOnlyList<string> ObsoleteStepFiles);

    /// <summary>
    /// Writes the registrations the plug-in classes declare in code (<see cref="DeclaredSteps"/>) as the unpacked solution
    /// carries them: one SdkMessageProcessingSteps/{id}.xml per step in the shape Dataverse exports, the steps' root
    /// components in Other/Solution.xml, and the table in docs/registrations.md. Step and image ids are name-based GUIDs
    /// (RFC 4122 version 5) of the plug-in type, message, table, stage and mode, so the same declaration keeps its id.
    /// Run <see cref="Command"/> after changing a declaration; Tests/Solution.Tests fails while anything differs.
    /// </summary>
    public static class RegistrationGenerator
    {
        public const string Command = "dotnet run --project Cli -- registrations --write";
        public const string StepsFolder = "Solution/src/SdkMessageProcessingSteps";
        public const string SolutionXml = "Solution/src/Other/Solution.xml";
        public const string Document = "docs/registrations.md";

        /// <summary>Namespace of the name-based step and image ids.</summary>
        private static readonly Guid IdNamespace = new("6d636973-7465-5073-8000-726567697374");

        private static readonly string[] MessageOrder = { "Create", "Update", "Delete" };

        /// <param name="mainOperations">The custom APIs whose main operation a plug-in class declares (<see cref="DeclaredSteps.ReadMainOperations"/>):
        /// no step, but a section of docs/registrations.md, each checked against Solution/src/customapis.</param>
        public static GeneratedRegistrations Generate(string repoRoot, IReadOnlyList<DeclaredStep> steps, IReadOnlyList<(string PluginType, string CustomApi)> mainOperations)
        {
            var metadata = SolutionDefinition.ReadFolder(Path.Combine(repoRoot, "Solution", "src"));
            var types = metadata.PluginTypes.Where(t => !t.IsWorkflowActivity).ToDictionary(t => t.TypeName, StringComparer.Ordinal);
            var files = new List<GeneratedFile>();
            var ids = new List<Guid>();
            foreach (var step in Ordered(steps.Where(s => !s.RegisteredByHand)))
            {
                if (SdkMessages.IdOf(step.Message) is not { } messageId)
                    throw new InvalidSolutionException($"{step.Name}: {step.Message} has no published sdkmessageid ({string.Join(", ", SdkMessages.All.Values)}); declare the step on one of those messages.");
                if (!types.TryGetValue(step.PluginType, out var type))
                    throw new InvalidSolutionException($"{step.PluginType} declares steps but has no <PluginType> in Solution/src/PluginAssemblies; register the type first.");
                var id = StepId(step);
                ids.Add(id);
                files.Add(new GeneratedFile($"{StepsFolder}/{{{id}}}.xml", StepXml(step, id, messageId, type)));
            }
            if (ids.Distinct().Count() != ids.Count) throw new InvalidSolutionException("Two declarations make the same step (plug-in, message, table, stage and mode).");
            var solutionXml = File.ReadAllText(Path.Combine(repoRoot, SolutionXml));
            files.Add(new GeneratedFile(SolutionXml, WithStepRootComponents(solutionXml, ids)));
            foreach (var step in steps.Where(s => s.RegisteredByHand && !types.ContainsKey(s.PluginType)))
                throw new InvalidSolutionException($"{step.PluginType} declares a by-hand step but has no <PluginType> in Solution/src/PluginAssemblies; register the type first.");
            var apis = MainOperations(metadata, mainOperations, types);
            files.Add(new GeneratedFile(Document, Markdown(Ordered(steps.Where(s => !s.RegisteredByHand)).ToList(), Ordered(steps.Where(s => s.RegisteredByHand)).ToList(), types, apis)));

            var keep = new HashSet<string>(files.Select(f => f.RelativePath), StringComparer.Ordinal);
            var stepsFolder = Path.Combine(repoRoot, StepsFolder);
            var obsolete = Directory.Exists(stepsFolder)
                ? Directory.EnumerateFiles(stepsFolder, "*.xml").Select(f => StepsFolder + "/" + Path.GetFileName(f)).Where(f => !keep.Contains(f)).OrderBy(f => f, StringComparer.Ordinal).ToList()
                : new List<string>();
            return new GeneratedRegistrations(files, obsolete);
        }

        /// <summary>What differs between the repository and the generated files: empty when they agree.</summary>
        public static IReadOnlyList<string> Differences(string repoRoot, GeneratedRegistrations generated)
        {
            var differences = new List<string>();
            foreach (var file in generated.Files)
            {
                var path = Path.Combine(repoRoot, file.RelativePath);
                if (!File.Exists(path)) differences.Add($"{file.RelativePath} is missing");
                else if (Normalize(File.ReadAllText(path)) != Normalize(file.Content)) differences.Add($"{file.RelativePath} differs from the declarations");
            }
            differences.AddRange(generated.ObsoleteStepFiles.Select(f => $"{f} is declared by no plug-in"));
            return differences;
        }

        public static void Write(string repoRoot, GeneratedRegistrations generated)
        {
            foreach (var file in generated.Files)
            {
                var path = Path.Combine(repoRoot, file.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (File.Exists(path) && Normalize(File.ReadAllText(path)) == Normalize(file.Content)) continue;
                File.WriteAllText(path, file.Content, new UTF8Encoding(false));
            }
            foreach (var obsolete in generated.ObsoleteStepFiles) File.Delete(Path.Combine(repoRoot, obsolete));
        }

        /// <summary>
        /// A by-hand step as the Plug-in Registration Tool registers it from the values docs/registrations.md gives (no images,
        /// calling user, server), naming its message by <paramref name="messageId"/>: the id of the message in the environment
        /// (Win's is not published, so an emulated environment must know it through DataverseOptions.SdkMessages).
        /// </summary>
        public static StepDefinition ByHandStep(DeclaredStep step, Guid messageId, PluginTypeDefinition type)
        {
            if (!step.RegisteredByHand) throw new ArgumentException($"{step.Name} ships in the solution; only a by-hand step is registered by hand.", nameof(step));
            return new StepDefinition(StepId(step), step.Name)
            {
                MessageId = messageId,
                PrimaryEntity = step.Table,
                DeclaredStage = step.Stage,
                DeclaredMode = step.Mode,
                DeclaredRank = step.Rank,
                FilteringAttributes = step.FilteringAttributes,
                PluginTypeId = type.Id,
                PluginTypeQualifiedName = type.AssemblyQualifiedName,
                AssemblyName = type.AssemblyName,
                AsyncAutoDelete = step.Mode == 1,
                EventHandlerTypeCode = 4602,
                Description = step.Description,
                Source = "registered by hand",
            };
        }

        /// <summary>The step's id: a name-based GUID of what identifies the step.</summary>
        public static Guid StepId(DeclaredStep step) => NameGuid($"step|{step.PluginType}|{step.Message}|{step.Table}|{step.Stage}|{step.Mode}");

        private static IEnumerable<DeclaredStep> Ordered(IEnumerable<DeclaredStep> steps)
            => steps.OrderBy(s => s.PluginType, StringComparer.Ordinal).ThenBy(s => s.Table, StringComparer.Ordinal).ThenBy(s => s.Stage)
                .ThenBy(s => Array.IndexOf(MessageOrder, s.Message)).ThenBy(s => s.Mode);

        // ---------- the step file, in the shape of an export ----------

        private static string StepXml(DeclaredStep step, Guid id, Guid messageId, PluginTypeDefinition type)
        {
            var xml = new StringBuilder();
            xml.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
            xml.Append($"<SdkMessageProcessingStep Name=\"{Escape(step.Name)}\" SdkMessageProcessingStepId=\"{{{id}}}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
            Element(xml, 1, "SdkMessageId", messageId.ToString());
            Element(xml, 1, "PluginTypeName", type.AssemblyQualifiedName);
            Element(xml, 1, "PluginTypeId", type.Id.ToString());
            Element(xml, 1, "PrimaryEntity", step.Table);
            // An asynchronous job that succeeded is deleted, so the system jobs list keeps only the failures.
            Element(xml, 1, "AsyncAutoDelete", step.Mode == 1 ? "1" : "0");
            Element(xml, 1, "Description", step.Description);
            Element(xml, 1, "FilteringAttributes", string.Join(",", step.FilteringAttributes));
            Element(xml, 1, "InvocationSource", "0");
            Element(xml, 1, "Mode", step.Mode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Element(xml, 1, "Rank", step.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Element(xml, 1, "EventHandlerTypeCode", "4602");
            Element(xml, 1, "Stage", step.Stage.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Element(xml, 1, "IsCustomizable", "1");
            Element(xml, 1, "IsHidden", "0");
            Element(xml, 1, "SupportedDeployment", "0");
            Element(xml, 1, "IntroducedVersion", "1.0.0.0");
            if (step.Images.Count == 0) xml.Append("  <SdkMessageProcessingStepImages />\n");
            else
            {
                xml.Append("  <SdkMessageProcessingStepImages>\n");
                foreach (var image in step.Images)
                {
                    xml.Append($"    <SdkMessageProcessingStepImage Name=\"{Escape(image.Alias)}\">\n");
                    Element(xml, 3, "SdkMessageProcessingStepImageId", "{" + NameGuid($"image|{id}|{image.Alias}") + "}");
                    Element(xml, 3, "Attributes", string.Join(",", image.Columns));
                    Element(xml, 3, "EntityAlias", image.Alias);
                    Element(xml, 3, "ImageType", image.IsPost ? "1" : "0");
                    Element(xml, 3, "MessagePropertyName", step.Message == "Create" ? "Id" : "Target");
                    Element(xml, 3, "IsCustomizable", "1");
                    xml.Append("    </SdkMessageProcessingStepImage>\n");
                }
                xml.Append("  </SdkMessageProcessingStepImages>\n");
            }
            xml.Append("</SdkMessageProcessingStep>\n");
            return xml.ToString();
        }

        private static void Element(StringBuilder xml, int depth, string name, string value)
            => xml.Append(new string(' ', depth * 2)).Append('<').Append(name).Append('>').Append(Escape(value)).Append("</").Append(name).Append(">\n");

        private static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? "";

        /// <summary>Solution.xml with exactly one step root component (type 92) per generated step, sorted by id, where the
        /// step root components were; the rest of the file as it is.</summary>
        private static string WithStepRootComponents(string solutionXml, IEnumerable<Guid> stepIds)
        {
            var newline = solutionXml.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
            var line = new Regex(@"^[ \t]*<RootComponent type=""92""[^\r\n]*\r?\n", RegexOptions.Multiline);
            var first = line.Match(solutionXml);
            var anchor = first.Success ? first.Index : solutionXml.IndexOf("    </RootComponents>", StringComparison.Ordinal);
            if (anchor < 0) throw new InvalidSolutionException($"{SolutionXml} has no <RootComponents>.");
            var without = line.Replace(solutionXml, "");
            var components = string.Concat(stepIds.Select(id => id.ToString()).OrderBy(id => id, StringComparer.Ordinal)
                .Select(id => $"      <RootComponent type=\"92\" id=\"{{{id}}}\" behavior=\"0\" />{newline}"));
            var at = first.Success ? anchor : without.IndexOf("    </RootComponents>", StringComparison.Ordinal);
            return without.Insert(Math.Min(at, without.Length), components);
        }

        /// <summary>Each declared main operation with its custom API (by unique name), which must name the declaring plug-in type; ordered by API.</summary>
        private static List<(CustomApiDefinition Api, string PluginType)> MainOperations(SolutionDefinition metadata, IReadOnlyList<(string PluginType, string CustomApi)> mainOperations,
            IReadOnlyDictionary<string, PluginTypeDefinition> types)
        {
            var result = new List<(CustomApiDefinition, string)>();
            foreach (var (pluginType, name) in mainOperations)
            {
                var api = metadata.CustomApis.FirstOrDefault(a => string.Equals(a.UniqueName, name, StringComparison.Ordinal))
                          ?? throw new InvalidSolutionException($"{pluginType} declares the main operation of the custom API {name}, which Solution/src/customapis does not have.");
                if (!types.TryGetValue(pluginType, out var type))
                    throw new InvalidSolutionException($"{pluginType} declares the main operation of {name} but has no <PluginType> in Solution/src/PluginAssemblies; register the type first.");
                if (api.PluginTypeId != type.Id)
                    throw new InvalidSolutionException($"{api.Source}: {name} names plug-in type {api.PluginTypeId?.ToString() ?? api.PluginTypeExportKey ?? "(none)"}, but {pluginType} ({type.Id}) declares its main operation.");
                result.Add((api, pluginType));
            }
            if (result.Select(r => r.Item1.UniqueName).Distinct(StringComparer.Ordinal).Count() != result.Count)
                throw new InvalidSolutionException("Two plug-in classes declare the main operation of the same custom API.");
            return result.OrderBy(r => r.Item1.UniqueName, StringComparer.Ordinal).ToList();
        }

        // ---------- docs/registrations.md ----------

        private static string Markdown(IReadOnlyList<DeclaredStep> steps, IReadOnlyList<DeclaredStep> byHand, IReadOnlyDictionary<string, PluginTypeDefinition> types,
            IReadOnlyList<(CustomApiDefinition Api, string PluginType)> apis)
        {
            var md = new StringBuilder();
            md.Append("# Plug-in step registrations\n\n");
            md.Append("Generated from the steps each plug-in class declares in code (`DeclareSteps`, with the builder in `Plugins/Common/Registration`) by\n");
            md.Append($"`{Command}`, which writes `{StepsFolder}/` and the steps' root components too;\n");
            md.Append("`Tests/Solution.Tests` fails while anything here or there differs from the declarations. Do not edit by hand.\n\n");
            md.Append("Every step is on Create, Update or Delete, messages whose sdkmessageid Microsoft publishes (`SolutionModel/Reading/SdkMessages.cs`).\n");
            md.Append("Dataverse also runs a Create or Update step for each item of a CreateMultiple or UpdateMultiple (\"message pipelines merged\";\n");
            md.Append("see [emulator-bulk-and-win.md](emulator-bulk-and-win.md)); MCI registers nothing on the Multiple messages, so nothing runs twice.\n");
            md.Append("Stage 10 = PreValidation, 20 = PreOperation (inside the transaction, before the save), 40 = PostOperation (after the save,\n");
            md.Append("still inside the transaction unless asynchronous). Every step runs as the calling user; the plug-ins write as SYSTEM where they must.\n\n");
            md.Append("| plug-in | message · table | stage | mode | rank | filtering attributes | images | what and why |\n");
            md.Append("|---|---|---|---|---|---|---|---|\n");
            string? previous = null;
            foreach (var step in steps)
            {
                var plugin = step.PluginType == previous ? "" : "`" + step.PluginType.Substring(step.PluginType.LastIndexOf('.') + 1) + "`";
                previous = step.PluginType;
                var stage = step.Stage switch { 10 => "10 PreValidation", 20 => "20 PreOperation", 40 => "40 PostOperation", var s => s.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                var filter = step.FilteringAttributes.Count == 0 ? "—" : string.Join(", ", step.FilteringAttributes);
                var images = step.Images.Count == 0 ? "—" : string.Join("; ", step.Images.Select(i => $"{(i.IsPost ? "post" : "pre")} `{i.Alias}`: {string.Join(", ", i.Columns)}"));
                md.Append($"| {plugin} | {step.Message} · {step.Table} | {stage} | {(step.Mode == 1 ? "async" : "sync")} | {step.Rank} | {filter} | {images} | {step.Description.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }
            if (apis.Count > 0) CustomApiSection(md, apis);
            if (byHand.Count > 0) ByHandSection(md, byHand, types);
            return md.ToString();
        }

        /// <summary>The custom APIs whose main operation a plug-in class declares: which plug-in runs which API, as customapis/ says.</summary>
        private static void CustomApiSection(StringBuilder md, IReadOnlyList<(CustomApiDefinition Api, string PluginType)> apis)
        {
            md.Append("\n## Custom APIs and the plug-in that runs each\n\n");
            md.Append("A custom API's plug-in type is its main operation (stage 30, inside the API's transaction): no step and no sdkmessageid, the\n");
            md.Append("custom API names the type (`Solution/src/customapis/NAME/customapi.xml`). The plug-in class declares it (`MainOperationOf`);\n");
            md.Append("the generator checks that the custom API names that class. Dataverse refuses a caller without the execute privilege.\n\n");
            md.Append("| custom API | plug-in (main operation) | binding | execute privilege | steps others may add |\n");
            md.Append("|---|---|---|---|---|\n");
            foreach (var (api, pluginType) in apis)
            {
                var binding = api.BindingType switch
                {
                    CustomApiBindingType.Entity => $"bound to `{api.BoundEntityLogicalName}`",
                    CustomApiBindingType.EntityCollection => $"bound to the `{api.BoundEntityLogicalName}` collection",
                    _ => "unbound (global)",
                } + (api.IsFunction ? " function" : " action");
                var steps = api.AllowedCustomProcessingStepType switch
                {
                    CustomApiStepType.None => "none",
                    CustomApiStepType.AsyncOnly => "asynchronous only",
                    _ => "synchronous and asynchronous",
                };
                var privilege = api.ExecutePrivilegeName is { } p ? $"`{p}`" : "none (anyone may run it)";
                md.Append($"| `{api.UniqueName}` | `{pluginType.Substring(pluginType.LastIndexOf('.') + 1)}` | {binding} | {privilege} | {steps} |\n");
            }
        }

        /// <summary>The steps an admin registers by hand (not in the solution), with exactly what the Plug-in Registration Tool asks.</summary>
        private static void ByHandSection(StringBuilder md, IReadOnlyList<DeclaredStep> steps, IReadOnlyDictionary<string, PluginTypeDefinition> types)
        {
            md.Append("\n## Register by hand only if …\n\n");
            md.Append("These steps are not in the solution (their message has no published sdkmessageid, so no unpacked step file can name it).\n");
            md.Append("Register one only when its condition holds, in the Plug-in Registration Tool: select the assembly, then the plug-in type,\n");
            md.Append("**Register New Step**, and type the values below. The plug-ins recognise them like their shipped steps.\n");
            foreach (var group in steps.GroupBy(s => s.RegisterByHandOnlyIf!, StringComparer.Ordinal))
            {
                md.Append($"\nOnly if {group.Key}.\n");
                foreach (var step in group)
                {
                    var type = types[step.PluginType];
                    md.Append($"\n### {step.PluginType.Substring(step.PluginType.LastIndexOf('.') + 1)} on {step.Message} of {step.Table}\n\n");
                    md.Append("| Plug-in Registration Tool | value |\n|---|---|\n");
                    void Row(string field, string value) => md.Append($"| {field} | {value.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
                    Row("Assembly", $"`{type.AssemblyName}`");
                    Row("Plug-in type", $"`{step.PluginType}`");
                    Row("Message", $"`{step.Message}`");
                    Row("Primary Entity", $"`{step.Table}`");
                    Row("Secondary Entity", "none");
                    Row("Filtering Attributes", step.FilteringAttributes.Count == 0 ? "none" : string.Join(", ", step.FilteringAttributes));
                    Row("Step Name", $"`{step.Name}`");
                    Row("Run in User's Context", "Calling User");
                    Row("Execution Order", step.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Row("Event Pipeline Stage of Execution", step.Stage switch { 10 => "PreValidation", 20 => "PreOperation", 40 => "PostOperation", var s => s.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                    Row("Execution Mode", step.Mode == 1 ? "Asynchronous" : "Synchronous");
                    Row("Deployment", "Server");
                    if (step.Mode == 1) Row("Delete AsyncOperation if StatusCode = Successful", "yes");
                    Row("Unsecure / Secure Configuration", "empty");
                    Row("Images", step.Images.Count == 0 ? "none" : string.Join("; ", step.Images.Select(i => $"{(i.IsPost ? "post" : "pre")} `{i.Alias}`: {string.Join(", ", i.Columns)}")));
                    Row("Description", step.Description);
                }
            }
        }

        private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

        /// <summary>An RFC 4122 version 5 (SHA-1, name-based) GUID of <paramref name="name"/> in the generator's namespace.</summary>
        public static Guid NameGuid(string name)
        {
            var ns = IdNamespace.ToByteArray();
            SwapToNetworkOrder(ns);
            var bytes = Encoding.UTF8.GetBytes(name);
            var hash = SHA1.HashData(ns.Concat(bytes).ToArray());
            var guid = new byte[16];
            Array.Copy(hash, guid, 16);
            guid[6] = (byte)((guid[6] & 0x0F) | 0x50);
            guid[8] = (byte)((guid[8] & 0x3F) | 0x80);
            SwapToNetworkOrder(guid);
            return new Guid(guid);
        }

        private static void SwapToNetworkOrder(byte[] guid)
        {
            (guid[0], guid[3]) = (guid[3], guid[0]);
            (guid[1], guid[2]) = (guid[2], guid[1]);
            (guid[4], guid[5]) = (guid[5], guid[4]);
            (guid[6], guid[7]) = (guid[7], guid[6]);
        }
    }
}
