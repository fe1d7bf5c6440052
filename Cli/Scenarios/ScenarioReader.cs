using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Mci.Emulator.Conversion;
using Mci.Emulator.Metadata;
using Mci.Emulator.Workflows;
using Mci.SolutionModel;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// Reads a scenario file and holds it to the contract (docs/scenarios.md): every key known, every table,
    /// column, choice label, role, profile, environment variable, activity and argument known to the solution, every
    /// value of the right type for its column, every alias defined once and before use. Each problem is reported
    /// with the JSON path of the offending value; a file with any problem is not run. The file's sections are read
    /// by Setup/ (users, teams, environment) and each step by its kind in Steps/ (<see cref="StepKinds"/>).
    /// </summary>
    internal sealed class ScenarioReader
    {
        private readonly EnvironmentMetadata _metadata;
        private readonly ActivityCatalog _activities;

        public ScenarioReader(EnvironmentMetadata metadata, ActivityCatalog activities)
        {
            _metadata = metadata;
            _activities = activities;
        }

        public ScenarioReadResult ReadFile(string path)
        {
            if (Directory.Exists(path))
                return Invalid(path, $"this is a directory, not a scenario file: name the scenario files in it, e.g. {Path.Combine(path, "*.json")}");
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return Invalid(path, $"cannot read the file: {e.Message}");
            }
            return Parse(path, text);
        }

        public ScenarioReadResult Parse(string file, string json)
        {
            if (json.Trim().Length == 0)
                return Invalid(file, "the file is empty: a scenario file is a JSON object with a name and steps, e.g. { \"name\": \"…\", \"steps\": [ … ] }");
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
            }
            catch (JsonException e)
            {
                var message = e.Message;
                var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
                if (cut > 0) message = message[..cut];
                var where = e.LineNumber is { } line ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})" : "";
                return Invalid(file, $"not valid JSON{where}: {message}", string.IsNullOrEmpty(e.Path) ? "$" : e.Path!);
            }
            using (document)
            {
                var context = new ReadContext(file, _metadata, _activities);
                var scenario = Read(context, document.RootElement);
                return new ScenarioReadResult(file, context.Errors.Count == 0 ? scenario : null, context.Errors);
            }
        }

        private static ScenarioReadResult Invalid(string file, string message, string path = "$") => new(file, null, new[] { new ScenarioError(file, path, message) });

        // ---------- the file ----------

        private static Scenario? Read(ReadContext r, JsonElement root)
        {
            var o = CheckedObject.Open(r, root, "$", "the scenario", "name", "description", "today", "users", "teams", "environment", "steps");
            if (o == null) return null;
            var name = r.RequiredText(o, "name");
            var description = r.OptionalText(o, "description");
            DateTime? today = null;
            if (o.Get("today") is { } t && r.String(t, o.PathOf("today")) is { } ts)
            {
                if (r.ParseDate(ts, out var d, out var dateOnly) && dateOnly) today = d;
                else r.Error(o.PathOf("today"), $"'{ts}' is not a date: write yyyy-MM-dd, e.g. \"2026-12-01\"");
            }
            var users = r.List(o, "users", false, (e, path, i) => UserSpec.Read(r, e, path, i));
            var teams = r.List(o, "teams", false, (e, path, i) => TeamSpec.Read(r, e, path, i));
            var environment = o.Get("environment") is { } env ? EnvironmentSetting.Read(r, env, o.PathOf("environment")) : new List<EnvironmentSetting>();
            var steps = r.List(o, "steps", true, (e, path, i) => ReadStep(r, e, path, i));
            if (o.Get("steps") is { ValueKind: JsonValueKind.Array } s && s.GetArrayLength() == 0) r.Error(o.PathOf("steps"), "a scenario needs at least one step");
            return new Scenario(r.File, name ?? "", description, today, users, teams, environment, steps);
        }

        // ---------- a step: its kind, the keys every step shares, then the kind reads the rest ----------

        private static Step? ReadStep(ReadContext r, JsonElement e, string path, int index)
        {
            var o = CheckedObject.Open(r, e, path, "a step", null);
            if (o == null) return null;
            var named = o.Properties.Select(p => p.Key).Where(k => StepKinds.Find(k) != null).ToList();
            if (named.Count == 0)
            {
                r.Error(path, $"a step needs one of {string.Join(", ", StepKinds.All.Select(k => k.Key))}" + (o.Properties.Count > 0 ? $"; it has {string.Join(", ", o.Properties.Select(p => p.Key))}" : ""));
                return null;
            }
            if (named.Count > 1)
            {
                r.Error(path, $"a step does one thing; this one has {string.Join(" and ", named)}: split it into {named.Count} steps");
                return null;
            }
            var kind = StepKinds.Find(named[0])!;
            var allowed = new List<string> { kind.Key, "note" };
            if (kind.Acts) allowed.AddRange(new[] { "as", "fails" });
            allowed.AddRange(kind.Keys);
            foreach (var key in o.Properties.Select(p => p.Key).Where(k => !allowed.Contains(k)))
            {
                if (!kind.Acts && key is "fails" or "as")
                    r.Error(o.PathOf(key), $"'{key}' belongs to steps that act ({string.Join(", ", StepKinds.All.Where(k => k.Acts).Select(k => k.Key))}); {Words.A(kind.Key)} step only looks");
                else if (key == "alias")
                    r.Error(o.PathOf(key), $"{Words.A(kind.Key)} step defines no alias (only {Words.And(StepKinds.All.Where(k => k.DefinesAlias).Select(k => k.Key))} do)");
                else
                    o.Unknown(key, $"{Words.A(kind.Key)} step", allowed);
            }
            var note = r.OptionalText(o, "note");
            string? asUser = null;
            Refusal? fails = null;
            if (kind.Acts)
            {
                if (o.Get("as") is { } a) asUser = r.UseAlias(a, o.PathOf("as"), "'as'", AliasKind.User);
                if (o.Get("fails") is { } f) fails = ReadFails(r, f, o.PathOf("fails"));
            }
            return kind.Read(new StepSource(r, o, index, path, note, asUser, fails, o.Get(kind.Key)!.Value, o.PathOf(kind.Key)));
        }

        private static Refusal? ReadFails(ReadContext r, JsonElement f, string path)
        {
            switch (f.ValueKind)
            {
                case JsonValueKind.True:
                    return new Refusal(null);
                case JsonValueKind.String when f.GetString()!.Trim().Length > 0:
                    return new Refusal(f.GetString());
                case JsonValueKind.False:
                    r.Error(path, "'fails' is true or a text the refusal must contain; leave it out for a step that must succeed");
                    return null;
                default:
                    r.Error(path, $"'fails' is true or a non-empty text the refusal message must contain, not {ValueConverter.Describe(f)}");
                    return null;
            }
        }
    }
}
