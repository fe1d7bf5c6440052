using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mci.Emulator.Conversion;

namespace Mci.Cli.Scenarios
{
    /// <summary>A JSON object of a scenario file with its keys checked: each key once, every key known.</summary>
    internal sealed class CheckedObject
    {
        private readonly ReadContext _context;

        private CheckedObject(ReadContext context, string path, List<KeyValuePair<string, JsonElement>> properties)
        {
            _context = context;
            Path = path;
            Properties = properties;
        }

        public string Path { get; }
        public List<KeyValuePair<string, JsonElement>> Properties { get; }

        public static CheckedObject? Open(ReadContext context, JsonElement e, string path, string what, params string[]? allowed) => Open(context, e, path, what, allowed, "key");

        /// <summary>
        /// Opens an object; with <paramref name="allowed"/> given, every other key is reported as unknown
        /// ("unknown KEYKIND 'x' in WHAT", or "UNKNOWN 'x'" when <paramref name="unknown"/> is given).
        /// </summary>
        public static CheckedObject? Open(ReadContext context, JsonElement e, string path, string what, string[]? allowed, string keyKind, string? unknown = null)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                context.Error(path, $"{what} must be a JSON object, not {ValueConverter.Describe(e)}");
                return null;
            }
            var properties = new List<KeyValuePair<string, JsonElement>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var o = new CheckedObject(context, path, properties);
            foreach (var p in e.EnumerateObject())
            {
                if (!seen.Add(p.Name))
                {
                    context.Error(o.PathOf(p.Name), $"'{p.Name}' appears twice in {what}");
                    continue;
                }
                properties.Add(new KeyValuePair<string, JsonElement>(p.Name, p.Value));
                if (allowed != null && !allowed.Contains(p.Name, StringComparer.Ordinal))
                {
                    if (unknown != null) context.Error(o.PathOf(p.Name), $"{unknown} '{p.Name}'" + Suggestions.For(p.Name, allowed, listAll: allowed.Length <= 12));
                    else o.Unknown(p.Name, what, allowed, keyKind);
                }
            }
            return o;
        }

        public void Unknown(string key, string what, IReadOnlyCollection<string> allowed, string keyKind = "key") =>
            _context.Error(PathOf(key), $"unknown {keyKind} '{key}' in {what}" + Suggestions.For(key, allowed, listAll: allowed.Count <= 12));

        public JsonElement? Get(string key)
        {
            foreach (var p in Properties)
                if (p.Key == key) return p.Value;
            return null;
        }

        public bool Has(string key) => Get(key) != null;

        /// <summary>The JSON path of a key: $.a.b, or $.a['my key'] for a key that is not an identifier.</summary>
        public string PathOf(string key) => Regex.IsMatch(key, "^[A-Za-z_][A-Za-z0-9_]*$") ? $"{Path}.{key}" : $"{Path}['{key.Replace("\\", "\\\\").Replace("'", "\\'")}']";
    }
}
