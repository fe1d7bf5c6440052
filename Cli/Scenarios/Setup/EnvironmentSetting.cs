using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Mci.Emulator.Conversion;
using Mci.Emulator.Metadata;
using Mci.SolutionModel;

namespace Mci.Cli.Scenarios
{
    /// <summary>An environment variable's current value as text (what environmentvariablevalue.value holds); null removes it.</summary>
    internal sealed record EnvironmentSetting(string SchemaName, string? Value)
    {
        /// <summary>"environment": { "SCHEMA_NAME": value, ... }, each a variable the solution declares, of its type.</summary>
        public static List<EnvironmentSetting> Read(ReadContext r, JsonElement e, string path)
        {
            var result = new List<EnvironmentSetting>();
            var declared = r.Metadata.EnvironmentVariables;
            var o = CheckedObject.Open(r, e, path, "the environment", declared.Select(v => v.SchemaName).ToArray(), "environment variable");
            if (o == null) return result;
            foreach (var (key, value) in o.Properties)
            {
                var variable = declared.FirstOrDefault(v => v.SchemaName == key);
                if (variable == null) continue; // reported as unknown
                string? text = null;
                var ok = true;
                switch (value.ValueKind)
                {
                    case JsonValueKind.Null:
                        break;
                    case JsonValueKind.Number when variable.Type == EnvironmentVariableType.Number:
                        // A number variable holds a decimal as text; one too large for that is reported as out of range.
                        if (r.Value(value, o.PathOf(key), ValueTarget.Typed($"environment variable {key}", typeof(decimal))) is not NumberValue n) continue;
                        text = n.Value.ToString(CultureInfo.InvariantCulture);
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
                    r.Error(o.PathOf(key), $"environment variable {key} is of type {variable.Type}: its value must be {wanted} (or null), not {ValueConverter.Describe(value)}");
                    continue;
                }
                result.Add(new EnvironmentSetting(key, text));
            }
            return result;
        }

        public void SetUp(ScenarioRun run) => run.Env.SetEnvironmentVariable(SchemaName, Value);
    }
}
