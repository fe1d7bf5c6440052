using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mci.Emulator.Metadata;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// Reads a scenario file and holds it to the contract (README, "Scenario files"): every key known, every table,
    /// column, choice label, role, profile, environment variable, activity and argument known to the solution, every
    /// value of the right type for its column, every alias defined once and before use. Each problem is reported
    /// with the JSON path of the offending value; a file with any problem is not run.
    /// </summary>
    internal sealed class ScenarioReader
    {
        /// <summary>The UI languages a scenario user may have: the product's two (English and Simplified Chinese).</summary>
        public static readonly IReadOnlyDictionary<string, int> Languages = new Dictionary<string, int>(StringComparer.Ordinal) { ["en"] = 1033, ["zh"] = 2052 };

        private readonly SolutionMetadata _metadata;
        private readonly ActivityCatalog _activities;

        public ScenarioReader(SolutionMetadata metadata, ActivityCatalog activities)
        {
            _metadata = metadata;
            _activities = activities;
        }

        public ScenarioReadResult ReadFile(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return new ScenarioReadResult(path, null, new[] { new ScenarioError(path, "$", $"cannot read the file: {e.Message}") });
            }
            return Parse(path, text);
        }

        public ScenarioReadResult Parse(string file, string json)
        {
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
                return new ScenarioReadResult(file, null, new[] { new ScenarioError(file, string.IsNullOrEmpty(e.Path) ? "$" : e.Path!, $"not valid JSON{where}: {message}") });
            }
            using (document)
            {
                var session = new Session(this, file);
                var scenario = session.Read(document.RootElement);
                return new ScenarioReadResult(file, session.Errors.Count == 0 ? scenario : null, session.Errors);
            }
        }

        /// <summary>What an alias names.</summary>
        private enum AliasKind { User, Team, Record, RunOutputs }

        private sealed record AliasInfo(AliasKind Kind, string? Table, ActivityInfo? Activity, string DefinedAt);

        /// <summary>One file being read: its errors and the aliases defined so far.</summary>
        private sealed class Session
        {
            private static readonly Regex AliasPattern = new("^[A-Za-z][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);
            private static readonly string[] ActionKeys = { "create", "update", "delete", "win", "run" };
            private static readonly string[] CheckKeys = { "clock", "expect", "count" };

            private readonly ScenarioReader _reader;
            private readonly string _file;
            private readonly Dictionary<string, AliasInfo> _aliases = new(StringComparer.Ordinal);

            public Session(ScenarioReader reader, string file)
            {
                _reader = reader;
                _file = file;
            }

            public List<ScenarioError> Errors { get; } = new();

            private SolutionMetadata Metadata => _reader._metadata;

            private void Error(string path, string message) => Errors.Add(new ScenarioError(_file, path, message));

            // ---------- the file ----------

            public Scenario? Read(JsonElement root)
            {
                var o = Obj.Open(this, root, "$", "the scenario", "name", "description", "today", "users", "teams", "environment", "steps");
                if (o == null) return null;
                var name = RequiredText(o, "name");
                var description = OptionalText(o, "description");
                DateTime? today = null;
                if (o.Get("today") is { } t && String(t, o.PathOf("today")) is { } ts)
                {
                    if (ParseDate(ts, out var d, out var dateOnly) && dateOnly) today = d;
                    else Error(o.PathOf("today"), $"'{ts}' is not a date: write yyyy-MM-dd, e.g. \"2026-12-01\"");
                }
                var users = List(o, "users", false, ReadUser);
                var teams = List(o, "teams", false, ReadTeam);
                var environment = o.Get("environment") is { } env ? ReadEnvironment(env, o.PathOf("environment")) : new List<EnvironmentSetting>();
                var steps = List(o, "steps", true, ReadStep);
                if (o.Get("steps") is { ValueKind: JsonValueKind.Array } s && s.GetArrayLength() == 0) Error(o.PathOf("steps"), "a scenario needs at least one step");
                return new Scenario(_file, name ?? "", description, today, users, teams, environment, steps);
            }

            private List<T> List<T>(Obj o, string key, bool required, Func<JsonElement, string, int, T?> read) where T : class
            {
                var result = new List<T>();
                var e = o.Get(key);
                if (e == null)
                {
                    if (required) Error(o.Path, $"'{key}' is required");
                    return result;
                }
                var path = o.PathOf(key);
                if (e.Value.ValueKind != JsonValueKind.Array)
                {
                    Error(path, $"'{key}' must be an array, not {Describe(e.Value)}");
                    return result;
                }
                var i = 0;
                foreach (var item in e.Value.EnumerateArray())
                {
                    if (read(item, $"{path}[{i}]", i) is { } value) result.Add(value);
                    i++;
                }
                return result;
            }

            private UserSpec? ReadUser(JsonElement e, string path, int index)
            {
                var o = Obj.Open(this, e, path, "a user", "alias", "fullname", "email", "roles", "profiles", "language");
                if (o == null) return null;
                var alias = DefineAlias(o, "alias", required: true, new AliasInfo(AliasKind.User, "systemuser", null, path));
                var fullName = RequiredText(o, "fullname", Metadata.Table("systemuser")?.Column("fullname")?.MaxLength);
                var email = OptionalText(o, "email", Metadata.Table("systemuser")?.Column("internalemailaddress")?.MaxLength);
                if (email != null && !Regex.IsMatch(email, @"^[^@\s]+@[^@\s]+$")) Error(o.PathOf("email"), $"'{email}' is not an email address");
                var roles = Names(o, "roles", "security role", Metadata.Roles.Select(r => r.Name));
                var profiles = Names(o, "profiles", "field security profile", Metadata.FieldSecurityProfiles.Select(p => p.Name));
                var language = 1033;
                if (o.Get("language") is { } l && String(l, o.PathOf("language")) is { } code)
                {
                    if (Languages.TryGetValue(code, out var lcid)) language = lcid;
                    else Error(o.PathOf("language"), $"unknown language '{code}': use \"en\" (English) or \"zh\" (Simplified Chinese)");
                }
                return alias == null || fullName == null ? null : new UserSpec(alias, fullName, email, roles, profiles, language);
            }

            private TeamSpec? ReadTeam(JsonElement e, string path, int index)
            {
                var o = Obj.Open(this, e, path, "a team", "alias", "name", "administrator", "members", "roles", "profiles");
                if (o == null) return null;
                var alias = DefineAlias(o, "alias", required: true, new AliasInfo(AliasKind.Team, "team", null, path));
                var name = RequiredText(o, "name", Metadata.Table("team")?.Column("name")?.MaxLength);
                string? administrator = null;
                if (o.Get("administrator") is { } a) administrator = UseAlias(a, o.PathOf("administrator"), "the team's administrator", AliasKind.User);
                else Error(o.Path, "'administrator' is required (the alias of a user)");
                var members = new List<string>();
                if (o.Get("members") is { } m)
                {
                    if (m.ValueKind != JsonValueKind.Array) Error(o.PathOf("members"), $"'members' must be an array of user aliases, not {Describe(m)}");
                    else
                    {
                        var i = 0;
                        foreach (var item in m.EnumerateArray())
                        {
                            var p = $"{o.PathOf("members")}[{i++}]";
                            if (UseAlias(item, p, "a team member", AliasKind.User) is not { } member) continue;
                            if (members.Contains(member)) Error(p, $"'{member}' is listed twice");
                            else members.Add(member);
                        }
                    }
                }
                var roles = Names(o, "roles", "security role", Metadata.Roles.Select(r => r.Name));
                var profiles = Names(o, "profiles", "field security profile", Metadata.FieldSecurityProfiles.Select(p => p.Name));
                return alias == null || name == null || administrator == null ? null : new TeamSpec(alias, name, administrator, members, roles, profiles);
            }

            private List<EnvironmentSetting> ReadEnvironment(JsonElement e, string path)
            {
                var result = new List<EnvironmentSetting>();
                var declared = Metadata.EnvironmentVariables;
                var o = Obj.Open(this, e, path, "the environment", declared.Select(v => v.SchemaName).ToArray(), "environment variable");
                if (o == null) return result;
                foreach (var (key, value) in o.Properties)
                {
                    var variable = declared.FirstOrDefault(v => v.SchemaName == key);
                    if (variable == null) continue; // reported by Obj
                    var p = o.PathOf(key);
                    string? text = null;
                    var ok = true;
                    switch (value.ValueKind)
                    {
                        case JsonValueKind.Null:
                            break;
                        case JsonValueKind.Number when variable.Type == EnvironmentVariableType.Number:
                            text = value.GetRawText();
                            ok = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n);
                            text = ok ? n.ToString(CultureInfo.InvariantCulture) : text;
                            break;
                        case JsonValueKind.True or JsonValueKind.False when variable.Type == EnvironmentVariableType.Boolean:
                            text = value.GetBoolean() ? "yes" : "no";
                            break;
                        case JsonValueKind.String when variable.Type is EnvironmentVariableType.String or EnvironmentVariableType.Json or EnvironmentVariableType.Secret or EnvironmentVariableType.DataSource:
                            text = value.GetString();
                            break;
                        default:
                            ok = false;
                            break;
                    }
                    if (!ok)
                    {
                        var wanted = variable.Type switch { EnvironmentVariableType.Number => "a number", EnvironmentVariableType.Boolean => "true or false", _ => "a string" };
                        Error(p, $"environment variable {key} is of type {variable.Type}: its value must be {wanted} (or null), not {Describe(value)}");
                        continue;
                    }
                    result.Add(new EnvironmentSetting(key, text));
                }
                return result;
            }

            // ---------- steps ----------

            private Step? ReadStep(JsonElement e, string path, int index)
            {
                var o = Obj.Open(this, e, path, "a step", null);
                if (o == null) return null;
                var actions = o.Properties.Select(p => p.Key).Where(k => ActionKeys.Contains(k) || CheckKeys.Contains(k)).ToList();
                if (actions.Count == 0)
                {
                    Error(path, $"a step needs one of {string.Join(", ", ActionKeys.Concat(CheckKeys))}" + (o.Properties.Count > 0 ? $"; it has {string.Join(", ", o.Properties.Select(p => p.Key))}" : ""));
                    return null;
                }
                if (actions.Count > 1)
                {
                    Error(path, $"a step does one thing; this one has {string.Join(" and ", actions)}: split it into {actions.Count} steps");
                    return null;
                }
                var action = actions[0];
                var isAction = ActionKeys.Contains(action);
                var allowed = new List<string> { action, "note" };
                if (isAction) allowed.AddRange(new[] { "as", "fails" });
                allowed.AddRange(action switch
                {
                    "create" => new[] { "alias", "values" },
                    "update" => new[] { "values" },
                    "run" => new[] { "alias", "inputs", "record" },
                    "expect" => new[] { "values", "exists" },
                    "count" => new[] { "where", "equals", "atLeast" },
                    _ => Array.Empty<string>(),
                });
                foreach (var key in o.Properties.Select(p => p.Key).Where(k => !allowed.Contains(k)))
                {
                    if (!isAction && key is "fails" or "as")
                        Error(o.PathOf(key), $"'{key}' belongs to steps that act (create, update, delete, win, run); a {action} step only looks");
                    else if (key == "alias")
                        Error(o.PathOf(key), $"a {action} step defines no alias (only create and run do)");
                    else
                        o.Unknown(key, $"a {action} step", allowed);
                }
                var note = OptionalText(o, "note");
                string? asUser = null;
                Refusal? fails = null;
                if (isAction)
                {
                    if (o.Get("as") is { } a) asUser = UseAlias(a, o.PathOf("as"), "'as'", AliasKind.User);
                    if (o.Get("fails") is { } f) fails = ReadFails(f, o.PathOf("fails"));
                }
                var actionPath = o.PathOf(action);
                var target = o.Get(action)!.Value;
                switch (action)
                {
                    case "create":
                    {
                        var table = TableName(target, actionPath);
                        var values = table == null ? new List<ColumnValue>() : ColumnValues(o, "values", table, required: false, what: "values to write");
                        // The alias is defined after the values are read: a record cannot point at itself.
                        var alias = o.Has("alias") ? DefineAlias(o, "alias", required: true, new AliasInfo(AliasKind.Record, table?.LogicalName, null, path)) : null;
                        return table == null ? null : new CreateStep(index, path, note, asUser, fails, table.LogicalName, alias, values);
                    }
                    case "update":
                    {
                        var (alias, table) = RecordAlias(target, actionPath, "update");
                        var values = table == null ? new List<ColumnValue>() : ColumnValues(o, "values", table, required: true, what: "values to write");
                        return alias == null || table == null ? null : new UpdateStep(index, path, note, asUser, fails, alias, table.LogicalName, values);
                    }
                    case "delete":
                    {
                        var (alias, table) = RecordAlias(target, actionPath, "delete");
                        return alias == null || table == null ? null : new DeleteStep(index, path, note, asUser, fails, alias, table.LogicalName);
                    }
                    case "win":
                    {
                        var (alias, table) = RecordAlias(target, actionPath, "win");
                        if (table != null && table.LogicalName != "opportunity") Error(actionPath, $"only an opportunity can be won; '{alias}' is a {table.LogicalName}");
                        return alias == null || table?.LogicalName != "opportunity" ? null : new WinStep(index, path, note, asUser, fails, alias);
                    }
                    case "run":
                        return ReadRun(o, index, path, note, asUser, fails, target, actionPath);
                    case "clock":
                    {
                        if (String(target, actionPath) is not { } text) return null;
                        if (!ParseDate(text, out var value, out var dateOnly))
                        {
                            Error(actionPath, $"'{text}' is not a date or date-time: write yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ");
                            return null;
                        }
                        return new ClockStep(index, path, note, value, dateOnly);
                    }
                    case "expect":
                        return ReadExpect(o, index, path, note, target, actionPath);
                    default:
                        return ReadCount(o, index, path, note, target, actionPath);
                }
            }

            private Refusal? ReadFails(JsonElement f, string path)
            {
                switch (f.ValueKind)
                {
                    case JsonValueKind.True:
                        return new Refusal(null);
                    case JsonValueKind.String when f.GetString()!.Trim().Length > 0:
                        return new Refusal(f.GetString());
                    case JsonValueKind.False:
                        Error(path, "'fails' is true or a text the refusal must contain; leave it out for a step that must succeed");
                        return null;
                    default:
                        Error(path, $"'fails' is true or a non-empty text the refusal message must contain, not {Describe(f)}");
                        return null;
                }
            }

            private Step? ReadRun(Obj o, int index, string path, string? note, string? asUser, Refusal? fails, JsonElement target, string actionPath)
            {
                if (String(target, actionPath) is not { } name) return null;
                var activity = _reader._activities.Find(name, out var problem);
                if (activity == null)
                {
                    Error(actionPath, problem!);
                    return null;
                }
                string? record = null;
                if (o.Get("record") is { } r) record = RecordAlias(r, o.PathOf("record"), "run the workflow on").Alias;
                var inputs = new List<ColumnValue>();
                var given = new HashSet<string>(StringComparer.Ordinal);
                if (o.Get("inputs") is { } i)
                {
                    var names = activity.Arguments.Values.Where(a => a.IsInput).Select(a => a.Name).ToArray();
                    var io = Obj.Open(this, i, o.PathOf("inputs"), $"the inputs of {activity.Name}", names, "input argument");
                    if (io != null)
                        foreach (var (key, value) in io.Properties)
                        {
                            given.Add(key);
                            if (!activity.Arguments.TryGetValue(key, out var argument) || !argument.IsInput) continue;
                            if (ArgumentValue(value, io.PathOf(key), argument) is { } v) inputs.Add(new ColumnValue(key, v, io.PathOf(key)));
                        }
                }
                foreach (var missing in activity.Arguments.Values.Where(a => a.Required && a.IsInput && !given.Contains(a.Name)))
                    Error(o.Has("inputs") ? o.PathOf("inputs") : path, $"{activity.Name} needs the input '{missing.Name}' ({missing.ValueType.Name})");
                var alias = o.Has("alias") ? DefineAlias(o, "alias", required: true, new AliasInfo(AliasKind.RunOutputs, null, activity, path)) : null;
                return new RunStep(index, path, note, asUser, fails, activity, alias, record, inputs);
            }

            private Step? ReadExpect(Obj o, int index, string path, string? note, JsonElement target, string actionPath)
            {
                if (UseAlias(target, actionPath, "expect", null) is not { } alias) return null;
                var info = _aliases[alias];
                var exists = true;
                if (o.Get("exists") is { } ex)
                {
                    if (info.Kind == AliasKind.RunOutputs) Error(o.PathOf("exists"), $"'exists' checks a record; '{alias}' holds the outputs of a run step");
                    else if (ex.ValueKind is JsonValueKind.True or JsonValueKind.False) exists = ex.GetBoolean();
                    else Error(o.PathOf("exists"), $"'exists' is true or false, not {Describe(ex)}");
                }
                List<ColumnValue> values;
                if (info.Kind == AliasKind.RunOutputs)
                {
                    values = new List<ColumnValue>();
                    var activity = info.Activity!;
                    if (o.Get("values") is { } v)
                    {
                        var names = activity.Arguments.Values.Where(a => a.IsOutput).Select(a => a.Name).ToArray();
                        var vo = Obj.Open(this, v, o.PathOf("values"), $"the outputs of {activity.Name}", names, "output argument");
                        if (vo != null)
                            foreach (var (key, value) in vo.Properties)
                                if (activity.Arguments.TryGetValue(key, out var argument) && argument.IsOutput && ArgumentValue(value, vo.PathOf(key), argument) is { } sv)
                                    values.Add(new ColumnValue(key, sv, vo.PathOf(key)));
                        if (vo != null && vo.Properties.Count == 0) Error(o.PathOf("values"), "'values' names no output to check");
                    }
                    else Error(path, "'values' is required: the outputs to check");
                }
                else if (info.Table == null)
                {
                    values = new List<ColumnValue>(); // its create step's table was unknown (reported there)
                }
                else
                {
                    var table = Metadata.Table(info.Table)!;
                    if (!exists && o.Has("values")) Error(o.PathOf("values"), "a record expected not to exist has no values to check");
                    values = exists ? ColumnValues(o, "values", table, required: !o.Has("exists"), what: "values to check") : new List<ColumnValue>();
                }
                return new ExpectStep(index, path, note, alias, exists, values);
            }

            private Step? ReadCount(Obj o, int index, string path, string? note, JsonElement target, string actionPath)
            {
                var table = TableName(target, actionPath);
                var where = table == null ? new List<ColumnValue>() : ColumnValues(o, "where", table, required: false, what: "conditions");
                int? number = null;
                var atLeast = false;
                if (o.Has("equals") && o.Has("atLeast")) Error(path, "a count has either 'equals' or 'atLeast', not both");
                else if (!o.Has("equals") && !o.Has("atLeast")) Error(path, "a count needs 'equals' or 'atLeast' (a whole number)");
                else
                {
                    atLeast = o.Has("atLeast");
                    var key = atLeast ? "atLeast" : "equals";
                    var n = o.Get(key)!.Value;
                    if (n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var value) && value >= 0) number = value;
                    else Error(o.PathOf(key), $"'{key}' is a whole number of rows (0 or more), not {Describe(n)}");
                }
                return table == null || number == null ? null : new CountStep(index, path, note, table.LogicalName, where, number.Value, atLeast);
            }

            // ---------- names ----------

            private TableMetadata? TableName(JsonElement e, string path)
            {
                if (String(e, path) is not { } name) return null;
                var table = Metadata.Table(name);
                if (table == null || table.IsIntersect)
                    Error(path, $"unknown table '{name}'" + Suggest(name, Metadata.Tables.Values.Where(t => !t.IsIntersect).Select(t => t.LogicalName)));
                return table is { IsIntersect: false } ? table : null;
            }

            private List<string> Names(Obj o, string key, string what, IEnumerable<string> known)
            {
                var result = new List<string>();
                if (o.Get(key) is not { } e) return result;
                var path = o.PathOf(key);
                if (e.ValueKind != JsonValueKind.Array)
                {
                    Error(path, $"'{key}' must be an array of {what} names, not {Describe(e)}");
                    return result;
                }
                var names = known.ToList();
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    var p = $"{path}[{i++}]";
                    if (String(item, p) is not { } name) continue;
                    if (!names.Contains(name, StringComparer.Ordinal)) Error(p, $"unknown {what} '{name}'" + Suggest(name, names, listAll: true));
                    else if (result.Contains(name)) Error(p, $"'{name}' is listed twice");
                    else result.Add(name);
                }
                return result;
            }

            // ---------- aliases ----------

            private string? DefineAlias(Obj o, string key, bool required, AliasInfo info)
            {
                var e = o.Get(key);
                if (e == null)
                {
                    if (required) Error(o.Path, $"'{key}' is required");
                    return null;
                }
                var path = o.PathOf(key);
                if (String(e.Value, path) is not { } alias) return null;
                if (!AliasPattern.IsMatch(alias))
                {
                    Error(path, $"'{alias}' is not an alias: start with a letter, then letters, digits, '_' or '-' (at most 64)");
                    return null;
                }
                if (_aliases.TryGetValue(alias, out var earlier))
                {
                    Error(path, $"alias '{alias}' is already defined at {earlier.DefinedAt}");
                    return null;
                }
                _aliases[alias] = info;
                return alias;
            }

            /// <summary>A bare alias (no '@') in a structural place: as, administrator, members, update/delete/win/expect targets.</summary>
            private string? UseAlias(JsonElement e, string path, string what, AliasKind? kind)
            {
                if (String(e, path) is not { } alias) return null;
                if (alias.StartsWith('@'))
                {
                    Error(path, $"write the alias without '@' here ('{alias[1..]}'); '@' marks an alias inside values, where and inputs");
                    return null;
                }
                if (!_aliases.TryGetValue(alias, out var info))
                {
                    Error(path, $"unknown alias '{alias}'" + (AliasPattern.IsMatch(alias) ? " (aliases are defined by users, teams, and create and run steps, before they are used)" : "") + Suggest(alias, _aliases.Keys));
                    return null;
                }
                if (kind is { } k && info.Kind != k)
                {
                    Error(path, $"{what} must be a {k.ToString().ToLowerInvariant()} alias; '{alias}' is a {KindText(info)}");
                    return null;
                }
                return alias;
            }

            private (string? Alias, TableMetadata? Table) RecordAlias(JsonElement e, string path, string verb)
            {
                if (UseAlias(e, path, verb, null) is not { } alias) return (null, null);
                var info = _aliases[alias];
                if (info.Kind == AliasKind.RunOutputs)
                {
                    Error(path, $"cannot {verb} '{alias}': it holds the outputs of a run step, not a record");
                    return (null, null);
                }
                // A record of a create step whose table was unknown: that error is reported already.
                return (alias, info.Table == null ? null : Metadata.Table(info.Table));
            }

            private static string KindText(AliasInfo info) => info.Kind switch
            {
                AliasKind.RunOutputs => $"run of {info.Activity!.Name}",
                AliasKind.Record => $"{info.Table} record",
                var k => k.ToString().ToLowerInvariant(),
            };

            // ---------- values ----------

            private List<ColumnValue> ColumnValues(Obj o, string key, TableMetadata table, bool required, string what)
            {
                var result = new List<ColumnValue>();
                var e = o.Get(key);
                if (e == null)
                {
                    if (required) Error(o.Path, $"'{key}' is required: the {what}");
                    return result;
                }
                var vo = Obj.Open(this, e.Value, o.PathOf(key), $"the {what} of {table.LogicalName}", table.Columns.Keys.ToArray(), "column", $"{table.LogicalName} has no column");
                if (vo == null) return result;
                if (required && vo.Properties.Count == 0) Error(o.PathOf(key), $"'{key}' names no column");
                foreach (var (column, value) in vo.Properties)
                {
                    var c = table.Column(column);
                    if (c == null) continue; // reported as unknown
                    if (ColumnValue(value, vo.PathOf(column), table, c) is { } v) result.Add(new ColumnValue(column, v, vo.PathOf(column)));
                }
                return result;
            }

            private ScenarioValue? ColumnValue(JsonElement e, string path, TableMetadata table, ColumnMetadata column)
            {
                if (e.ValueKind == JsonValueKind.Null) return new NullValue();
                var what = $"{table.LogicalName}.{column.LogicalName}";
                switch (column.Type)
                {
                    case ColumnType.String:
                    case ColumnType.Memo:
                        return String(e, path, $"{what} is text") is { } s ? new TextValue(s) : null;
                    case ColumnType.Integer:
                        return Whole(e, path, what, NumberKind.Whole);
                    case ColumnType.BigInt:
                        return Whole(e, path, what, NumberKind.BigWhole);
                    case ColumnType.Decimal:
                        return Decimal(e, path, what, NumberKind.Decimal);
                    case ColumnType.Double:
                        return Decimal(e, path, what, NumberKind.Double);
                    case ColumnType.Money:
                        return Decimal(e, path, what, NumberKind.Money);
                    case ColumnType.Boolean:
                        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False) return new BoolValue(e.GetBoolean());
                        Error(path, $"{what} is yes/no: write true or false, not {Describe(e)}");
                        return null;
                    case ColumnType.DateTime:
                        return Date(e, path, what);
                    case ColumnType.Picklist:
                    case ColumnType.State:
                    case ColumnType.Status:
                        return Choice(e, path, what, column.OptionSet);
                    case ColumnType.MultiSelectPicklist:
                        if (e.ValueKind != JsonValueKind.Array)
                        {
                            Error(path, $"{what} is a multi-select choice: write an array of labels, not {Describe(e)}");
                            return null;
                        }
                        var values = new List<int>();
                        var i = 0;
                        foreach (var item in e.EnumerateArray())
                            if (Choice(item, $"{path}[{i++}]", what, column.OptionSet) is ChoiceValue cv) values.Add(cv.Value);
                        return values.Count == i ? new ChoicesValue(values, e.GetRawText()) : null;
                    case ColumnType.Lookup:
                    case ColumnType.Customer:
                    case ColumnType.Owner:
                        return Reference(e, path, what, column.Targets);
                    case ColumnType.PrimaryKey:
                    case ColumnType.UniqueIdentifier:
                        if (String(e, path, $"{what} is an id: a GUID or \"@alias\"") is not { } id) return null;
                        if (id.StartsWith('@'))
                            return Reference(e, path, what, column.Type == ColumnType.PrimaryKey ? new[] { table.LogicalName } : Array.Empty<string>()) is ReferenceValue r ? new IdValue(null, r.Alias) : null;
                        if (Guid.TryParseExact(id, "D", out var g)) return new IdValue(g, null);
                        Error(path, $"'{id}' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) or \"@alias\"");
                        return null;
                    case ColumnType.EntityName:
                        if (String(e, path, $"{what} is a table name") is not { } t) return null;
                        if (Metadata.Table(t) == null) Error(path, $"unknown table '{t}'" + Suggest(t, Metadata.Tables.Keys));
                        return new TextValue(t);
                    default:
                        Error(path, $"{what} is a {column.Type} column, which scenario files neither write nor check");
                        return null;
                }
            }

            private ScenarioValue? ArgumentValue(JsonElement e, string path, ArgumentInfo argument)
            {
                if (e.ValueKind == JsonValueKind.Null) return new NullValue();
                var what = $"argument {argument.Name}";
                var type = argument.ValueType;
                if (type == typeof(string)) return String(e, path, $"{what} is text") is { } s ? new TextValue(s) : null;
                if (type == typeof(int)) return Whole(e, path, what, NumberKind.Whole);
                if (type == typeof(long)) return Whole(e, path, what, NumberKind.BigWhole);
                if (type == typeof(decimal)) return Decimal(e, path, what, NumberKind.Decimal);
                if (type == typeof(double)) return Decimal(e, path, what, NumberKind.Double);
                if (type == typeof(Money)) return Decimal(e, path, what, NumberKind.Money);
                if (type == typeof(bool))
                {
                    if (e.ValueKind is JsonValueKind.True or JsonValueKind.False) return new BoolValue(e.GetBoolean());
                    Error(path, $"{what} is a Boolean: write true or false, not {Describe(e)}");
                    return null;
                }
                if (type == typeof(DateTime)) return Date(e, path, what);
                if (type == typeof(EntityReference))
                    return Reference(e, path, what, argument.ReferenceTarget is { } target ? new[] { target } : Array.Empty<string>());
                if (type == typeof(OptionSetValue))
                {
                    var column = argument.TargetTable is { } t && argument.TargetColumn is { } c ? Metadata.Table(t)?.Column(c) : null;
                    return Choice(e, path, what, column?.OptionSet);
                }
                Error(path, $"{what} is of type {type.Name}, which scenario files cannot express");
                return null;
            }

            private ScenarioValue? Whole(JsonElement e, string path, string what, NumberKind kind)
            {
                if (e.ValueKind == JsonValueKind.Number && (kind == NumberKind.Whole ? e.TryGetInt32(out var i) ? (decimal?)i : null : e.TryGetInt64(out var l) ? l : null) is { } n)
                    return new NumberValue(n, kind);
                Error(path, $"{what} is a whole number{(kind == NumberKind.Whole ? " (32-bit)" : "")}, not {Describe(e)}");
                return null;
            }

            private ScenarioValue? Decimal(JsonElement e, string path, string what, NumberKind kind)
            {
                if (e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var d)) return new NumberValue(d, kind);
                Error(path, $"{what} is a {(kind == NumberKind.Money ? "money amount" : "number")}: write a JSON number, not {Describe(e)}");
                return null;
            }

            private ScenarioValue? Date(JsonElement e, string path, string what)
            {
                if (String(e, path, $"{what} is a date") is not { } text) return null;
                if (ParseDate(text, out var date, out var dateOnly)) return new DateValue(date, dateOnly);
                Error(path, $"'{text}' is not a date: {what} takes yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ");
                return null;
            }

            private ScenarioValue? Choice(JsonElement e, string path, string what, OptionSetMetadata? options)
            {
                if (e.ValueKind == JsonValueKind.Number)
                {
                    if (e.TryGetInt32(out var v)) return new ChoiceValue(v, v.ToString(CultureInfo.InvariantCulture));
                    Error(path, $"{what} takes an option value (a whole number) or its English label, not {e.GetRawText()}");
                    return null;
                }
                if (e.ValueKind != JsonValueKind.String)
                {
                    Error(path, $"{what} is a choice: write its English label or its number, not {Describe(e)}");
                    return null;
                }
                var label = e.GetString()!;
                if (options == null || options.Options.Count == 0)
                {
                    Error(path, $"{what} has no labels to look '{label}' up in: write the option's number");
                    return null;
                }
                var matches = options.Options.Where(o => o.Label(1033) == label).ToList();
                if (matches.Count == 1) return new ChoiceValue(matches[0].Value, label);
                if (matches.Count > 1)
                {
                    Error(path, $"'{label}' is the label of several options of {what} ({string.Join(", ", matches.Select(m => m.Value))}): write the number");
                    return null;
                }
                Error(path, $"unknown label '{label}' for {what}" + Suggest(label, options.Options.Select(o => o.Label(1033)), listAll: true));
                return null;
            }

            private ScenarioValue? Reference(JsonElement e, string path, string what, IReadOnlyList<string> targets)
            {
                if (String(e, path, $"{what} is a lookup: write \"@alias\"") is not { } text) return null;
                if (!text.StartsWith('@'))
                {
                    Error(path, $"{what} is a lookup: write \"@alias\" of a user, team or record of this scenario, not \"{text}\"");
                    return null;
                }
                var alias = text[1..];
                if (!_aliases.TryGetValue(alias, out var info))
                {
                    Error(path, $"unknown alias '{alias}' (aliases are defined by users, teams, and create and run steps, before they are used)" + Suggest(alias, _aliases.Keys));
                    return null;
                }
                if (info.Kind == AliasKind.RunOutputs)
                {
                    Error(path, $"'@{alias}' holds the outputs of a run step, not a record");
                    return null;
                }
                if (targets.Count > 0 && info.Table != null && !targets.Contains(info.Table))
                {
                    Error(path, $"{what} points to {string.Join(" or ", targets)}; '@{alias}' is a {KindText(info)}");
                    return null;
                }
                return new ReferenceValue(alias);
            }

            // ---------- primitives ----------

            private string? RequiredText(Obj o, string key, int? maxLength = null)
            {
                if (o.Get(key) is { } e) return Text(e, o.PathOf(key), key, maxLength);
                Error(o.Path, $"'{key}' is required");
                return null;
            }

            private string? OptionalText(Obj o, string key, int? maxLength = null) => o.Get(key) is { } e ? Text(e, o.PathOf(key), key, maxLength) : null;

            private string? Text(JsonElement e, string path, string key, int? maxLength)
            {
                if (String(e, path) is not { } s) return null;
                if (s.Trim().Length == 0) Error(path, $"'{key}' is empty");
                else if (maxLength is { } max && s.Length > max) Error(path, $"'{key}' is {s.Length} characters long; at most {max}");
                else return s;
                return null;
            }

            private string? String(JsonElement e, string path, string? what = null)
            {
                if (e.ValueKind == JsonValueKind.String) return e.GetString();
                Error(path, $"{what ?? "expected text"}: a JSON string, not {Describe(e)}");
                return null;
            }

            public void Report(string path, string message) => Error(path, message);
        }

        // ---------- helpers shared by the session ----------

        /// <summary>A JSON object with its keys checked: each key once, every key known.</summary>
        private sealed class Obj
        {
            private readonly Session _session;

            private Obj(Session session, string path, List<KeyValuePair<string, JsonElement>> properties)
            {
                _session = session;
                Path = path;
                Properties = properties;
            }

            public string Path { get; }
            public List<KeyValuePair<string, JsonElement>> Properties { get; }

            public static Obj? Open(Session session, JsonElement e, string path, string what, params string[]? allowed) => Open(session, e, path, what, allowed, "key");

            /// <summary>
            /// Opens an object; with <paramref name="allowed"/> given, every other key is reported as unknown
            /// ("unknown KEYKIND 'x' in WHAT", or "UNKNOWN 'x'" when <paramref name="unknown"/> is given).
            /// </summary>
            public static Obj? Open(Session session, JsonElement e, string path, string what, string[]? allowed, string keyKind, string? unknown = null)
            {
                if (e.ValueKind != JsonValueKind.Object)
                {
                    session.Report(path, $"{what} must be a JSON object, not {Describe(e)}");
                    return null;
                }
                var properties = new List<KeyValuePair<string, JsonElement>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var o = new Obj(session, path, properties);
                foreach (var p in e.EnumerateObject())
                {
                    if (!seen.Add(p.Name))
                    {
                        session.Report(o.PathOf(p.Name), $"'{p.Name}' appears twice in {what}");
                        continue;
                    }
                    properties.Add(new KeyValuePair<string, JsonElement>(p.Name, p.Value));
                    if (allowed != null && !allowed.Contains(p.Name, StringComparer.Ordinal))
                    {
                        if (unknown != null) session.Report(o.PathOf(p.Name), $"{unknown} '{p.Name}'" + Suggest(p.Name, allowed, listAll: allowed.Length <= 12));
                        else o.Unknown(p.Name, what, allowed, keyKind);
                    }
                }
                return o;
            }

            public void Unknown(string key, string what, IReadOnlyCollection<string> allowed, string keyKind = "key") =>
                _session.Report(PathOf(key), $"unknown {keyKind} '{key}' in {what}" + Suggest(key, allowed, listAll: allowed.Count <= 12));

            public JsonElement? Get(string key)
            {
                foreach (var p in Properties)
                    if (p.Key == key) return p.Value;
                return null;
            }

            public bool Has(string key) => Get(key) != null;

            public string PathOf(string key) => Regex.IsMatch(key, "^[A-Za-z_][A-Za-z0-9_]*$") ? $"{Path}.{key}" : $"{Path}['{key.Replace("\\", "\\\\").Replace("'", "\\'")}']";
        }

        private static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the text \"{Shorten(e.GetString()!)}\"",
            JsonValueKind.Number => $"the number {e.GetRawText()}",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "null",
        };

        private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

        /// <summary>" (did you mean 'x'?)" for a near miss, or the known names when there are few.</summary>
        internal static string Suggest(string name, IEnumerable<string> known, bool listAll = false)
        {
            var list = known.Distinct(StringComparer.Ordinal).ToList();
            var near = list.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                       ?? list.Select(k => (k, d: Distance(k.ToLowerInvariant(), name.ToLowerInvariant()))).Where(x => x.d <= Math.Max(1, name.Length / 3)).OrderBy(x => x.d).Select(x => x.k).FirstOrDefault();
            if (near != null) return $" (did you mean '{near}'?)";
            return listAll && list.Count > 0 ? $"; known: {string.Join(", ", list.OrderBy(k => k, StringComparer.Ordinal))}" : "";
        }

        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
                for (var j = 1; j <= b.Length; j++)
                {
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1); // a transposition
                }
            return d[a.Length, b.Length];
        }

        private static readonly string[] DateTimeFormats =
        {
            "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
            "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        };

        /// <summary>ISO 8601: a date (yyyy-MM-dd) or a date and time (UTC unless it carries an offset).</summary>
        internal static bool ParseDate(string text, out DateTime value, out bool dateOnly)
        {
            dateOnly = DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
            if (dateOnly) return true;
            return DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        }
    }

    internal sealed record ScenarioReadResult(string File, Scenario? Scenario, IReadOnlyList<ScenarioError> Errors)
    {
        public bool IsValid => Scenario != null && Errors.Count == 0;
    }
}
