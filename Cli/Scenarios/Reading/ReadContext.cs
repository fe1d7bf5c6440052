using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mci.Emulator.Conversion;
using Mci.Emulator.Metadata;
using Mci.Emulator.Workflows;
using Mci.SolutionModel;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// One scenario file being read: its errors, the aliases defined so far, and the checks every section and step
    /// kind shares (text, names, aliases, tables, and values through the emulator's <see cref="ValueConverter"/>).
    /// </summary>
    internal sealed class ReadContext : IAliasScope
    {
        private static readonly Regex AliasPattern = new("^[A-Za-z][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);
        private readonly Dictionary<string, AliasInfo> _aliases = new(StringComparer.Ordinal);

        public ReadContext(string file, EnvironmentMetadata metadata, ActivityCatalog activities)
        {
            File = file;
            Metadata = metadata;
            Activities = activities;
        }

        public string File { get; }
        public EnvironmentMetadata Metadata { get; }
        public ActivityCatalog Activities { get; }
        public List<ScenarioError> Errors { get; } = new();

        public void Error(string path, string message) => Errors.Add(new ScenarioError(File, path, message));

        // ---------- structure ----------

        /// <summary>An optional (or required) array under <paramref name="key"/>, each item read by <paramref name="read"/> (item, path, index).</summary>
        public List<T> List<T>(CheckedObject o, string key, bool required, Func<JsonElement, string, int, T?> read) where T : class
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
                Error(path, $"'{key}' must be an array, not {ValueConverter.Describe(e.Value)}");
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

        /// <summary>An array of names, each one of <paramref name="known"/> and listed once (roles, profiles).</summary>
        public List<string> Names(CheckedObject o, string key, string what, IEnumerable<string> known)
        {
            var result = new List<string>();
            if (o.Get(key) is not { } e) return result;
            var path = o.PathOf(key);
            if (e.ValueKind != JsonValueKind.Array)
            {
                Error(path, $"'{key}' must be an array of {what} names, not {ValueConverter.Describe(e)}");
                return result;
            }
            var names = known.ToList();
            var i = 0;
            foreach (var item in e.EnumerateArray())
            {
                var p = $"{path}[{i++}]";
                if (String(item, p) is not { } name) continue;
                if (!names.Contains(name, StringComparer.Ordinal)) Error(p, $"unknown {what} '{name}'" + Suggestions.For(name, names, listAll: true));
                else if (result.Contains(name)) Error(p, $"'{name}' is listed twice");
                else result.Add(name);
            }
            return result;
        }

        // ---------- text ----------

        public string? RequiredText(CheckedObject o, string key, int? maxLength = null)
        {
            if (o.Get(key) is { } e) return Text(e, o.PathOf(key), key, maxLength);
            Error(o.Path, $"'{key}' is required");
            return null;
        }

        public string? OptionalText(CheckedObject o, string key, int? maxLength = null) => o.Get(key) is { } e ? Text(e, o.PathOf(key), key, maxLength) : null;

        private string? Text(JsonElement e, string path, string key, int? maxLength)
        {
            if (String(e, path) is not { } s) return null;
            if (s.Trim().Length == 0) Error(path, $"'{key}' is empty");
            else if (maxLength is { } max && s.Length > max) Error(path, $"'{key}' is {s.Length} characters long; at most {max}");
            else return s;
            return null;
        }

        public string? String(JsonElement e, string path, string? what = null)
        {
            if (e.ValueKind == JsonValueKind.String) return e.GetString();
            Error(path, $"{what ?? "expected text"}: a JSON string, not {ValueConverter.Describe(e)}");
            return null;
        }

        /// <summary>An ISO date or date-time in text (today, clock).</summary>
        public bool ParseDate(string text, out DateTime value, out bool dateOnly) => ValueConverter.TryParseDate(text, out value, out dateOnly);

        // ---------- tables and values ----------

        /// <summary>A table a step names (not an intersect table, which scenarios reach through their relationships only).</summary>
        public TableDefinition? TableName(JsonElement e, string path)
        {
            if (String(e, path) is not { } name) return null;
            var table = Metadata.Table(name);
            if (table == null || table.IsIntersect)
                Error(path, $"unknown table '{name}'" + Suggestions.For(name, Metadata.Tables.Values.Where(t => !t.IsIntersect).Select(t => t.LogicalName)));
            return table is { IsIntersect: false } ? table : null;
        }

        /// <summary>The columns and values of <paramref name="key"/> (values, where), each converted for its column.</summary>
        public List<ColumnValue> ColumnValues(CheckedObject o, string key, TableDefinition table, bool required, string what)
        {
            var result = new List<ColumnValue>();
            var e = o.Get(key);
            if (e == null)
            {
                if (required) Error(o.Path, $"'{key}' is required: the {what}");
                return result;
            }
            var vo = CheckedObject.Open(this, e.Value, o.PathOf(key), $"the {what} of {table.LogicalName}", table.Columns.Keys.ToArray(), "column", $"{table.LogicalName} has no column");
            if (vo == null) return result;
            if (required && vo.Properties.Count == 0) Error(o.PathOf(key), $"'{key}' names no column");
            foreach (var (column, value) in vo.Properties)
            {
                if (table.Column(column) is not { } c) continue; // reported as unknown
                if (Value(value, vo.PathOf(column), ValueTarget.Column(table, c, Metadata)) is { } v) result.Add(new ColumnValue(column, v, vo.PathOf(column)));
            }
            return result;
        }

        /// <summary>Named values (a run's inputs, an expect's outputs) of the allowed names, each converted for its target.</summary>
        public List<ColumnValue> NamedValues(CheckedObject named, IReadOnlyDictionary<string, ValueTarget> targets)
        {
            var result = new List<ColumnValue>();
            foreach (var (key, value) in named.Properties)
                if (targets.TryGetValue(key, out var target) && Value(value, named.PathOf(key), target) is { } v)
                    result.Add(new ColumnValue(key, v, named.PathOf(key)));
            return result;
        }

        /// <summary>
        /// The named arguments of a step that calls code (a run's inputs, an execute's parameters): the object under
        /// <paramref name="key"/> of <paramref name="o"/>, holding only names of <paramref name="targets"/> (each a
        /// <paramref name="argumentKind"/>), each converted for its target; each <paramref name="required"/> one left out is
        /// reported as "OWNER needs the NEEDS 'NAME' (TYPE)".
        /// </summary>
        public List<ColumnValue> Arguments(CheckedObject o, string key, string stepPath, string owner, string argumentKind, string needs,
            IReadOnlyDictionary<string, ValueTarget> targets, IEnumerable<(string Name, string Type)> required)
        {
            var values = new List<ColumnValue>();
            var given = new HashSet<string>(StringComparer.Ordinal);
            if (o.Get(key) is { } e && CheckedObject.Open(this, e, o.PathOf(key), $"the {key} of {owner}", targets.Keys.ToArray(), argumentKind) is { } named)
            {
                given.UnionWith(named.Properties.Select(p => p.Key));
                values = NamedValues(named, targets);
            }
            foreach (var (name, type) in required.Where(a => !given.Contains(a.Name)))
                Error(o.Has(key) ? o.PathOf(key) : stepPath, $"{owner} needs the {needs} '{name}' ({type})");
            return values;
        }

        /// <summary>The step's optional "alias", naming what the code it calls returns (<paramref name="outputs"/>, each an <paramref name="outputKind"/>) for expect.</summary>
        public string? OutputsAlias(CheckedObject o, string stepPath, string stepKey, string owner, string outputKind, IReadOnlyDictionary<string, ValueTarget> outputs)
            => o.Has("alias") ? DefineAlias(o, "alias", new AliasInfo(AliasKind.Outputs, null, new OutputsInfo(stepKey, owner, outputKind, outputs), stepPath)) : null;

        /// <summary>A value converted strictly for its target; each problem is reported at its path.</summary>
        public TypedValue? Value(JsonElement e, string path, ValueTarget target)
        {
            var converted = ValueConverter.Convert(e, target, this);
            foreach (var problem in converted.Problems) Error(path + problem.Path, problem.Message);
            return converted.Value;
        }

        // ---------- aliases ----------

        public IReadOnlyDictionary<string, AliasInfo> Aliases => _aliases;

        public string? DefineAlias(CheckedObject o, string key, AliasInfo info)
        {
            if (o.Get(key) is not { } e)
            {
                Error(o.Path, $"'{key}' is required");
                return null;
            }
            var path = o.PathOf(key);
            if (String(e, path) is not { } alias) return null;
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

        /// <summary>"users, teams, and create and run steps": what defines aliases, for messages.</summary>
        private static string Definers => $"users, teams, and {Words.And(StepKinds.All.Where(k => k.DefinesAlias).Select(k => k.Key))} steps";

        /// <summary>A bare alias (no '@') in a structural place: as, administrator, members, the target of a step.</summary>
        public string? UseAlias(JsonElement e, string path, string what, AliasKind? kind)
        {
            if (String(e, path) is not { } alias) return null;
            if (alias.StartsWith('@'))
            {
                Error(path, $"write the alias without '@' here ('{alias[1..]}'); '@' marks an alias inside values, where and inputs");
                return null;
            }
            if (!_aliases.TryGetValue(alias, out var info))
            {
                Error(path, $"unknown alias '{alias}'" + (AliasPattern.IsMatch(alias) ? $" (aliases are defined by {Definers}, before they are used)" : "") + Suggestions.For(alias, _aliases.Keys));
                return null;
            }
            if (kind is { } k && info.Kind != k)
            {
                Error(path, $"{what} must be a {k.ToString().ToLowerInvariant()} alias; '{alias}' is a {info.KindText}");
                return null;
            }
            return alias;
        }

        /// <summary>The alias of a record (not a step's outputs) and its table; the table is null when its create named an unknown one.</summary>
        public (string? Alias, TableDefinition? Table) RecordAlias(JsonElement e, string path, string verb)
        {
            if (UseAlias(e, path, verb, null) is not { } alias) return (null, null);
            var info = _aliases[alias];
            if (info.Kind == AliasKind.Outputs)
            {
                Error(path, $"cannot {verb} '{alias}': it holds {info.OutputsText}, not a record");
                return (null, null);
            }
            return (alias, info.Table == null ? null : Metadata.Table(info.Table));
        }

        /// <summary>"@alias" inside values, where and inputs (the converter asks).</summary>
        string? IAliasScope.Problem(string alias, IReadOnlyList<string> targets, string what)
        {
            if (!_aliases.TryGetValue(alias, out var info))
                return $"unknown alias '{alias}' (aliases are defined by {Definers}, before they are used)" + Suggestions.For(alias, _aliases.Keys);
            if (info.Kind == AliasKind.Outputs)
                return $"'@{alias}' holds {info.OutputsText}, not a record";
            if (targets.Count > 0 && info.Table != null && !targets.Contains(info.Table))
                return $"{what} points to {string.Join(" or ", targets)}; '@{alias}' is a {info.KindText}";
            return null;
        }
    }
}
