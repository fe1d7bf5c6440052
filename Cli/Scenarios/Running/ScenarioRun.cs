using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mci.Emulator;
using Mci.Emulator.Conversion;
using Mci.Emulator.Metadata;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// One scenario running: its environment and what its aliases name (users, teams, created records, the outputs
    /// a step kept). The steps act and check through it.
    /// </summary>
    internal sealed class ScenarioRun : IAliasResolver
    {
        private readonly Dictionary<string, EntityReference> _records = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _refusedCreates = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HeldOutputs> _outputs = new(StringComparer.Ordinal);
        private readonly Dictionary<Guid, string> _aliasById = new();
        private readonly Dictionary<string, UserSpec> _users = new(StringComparer.Ordinal);

        public ScenarioRun(Dataverse env, EnvironmentMetadata metadata)
        {
            Env = env;
            Metadata = metadata;
        }

        public Dataverse Env { get; }
        public EnvironmentMetadata Metadata { get; }

        /// <summary>The outputs a step kept under its alias; null values when the step was refused.</summary>
        public sealed record HeldOutputs(string StepKey, IDictionary<string, object?>? Values);

        /// <summary>Creates the file's users and teams and sets its environment variables.</summary>
        public void SetUp(Scenario s)
        {
            if (s.Today is { } today) Env.Clock.Today = today;
            foreach (var u in s.Users) u.SetUp(this);
            foreach (var t in s.Teams) t.SetUp(this);
            foreach (var v in s.Environment) v.SetUp(this);
        }

        public void AddUser(UserSpec user) => _users[user.Alias] = user;

        public void Remember(string alias, EntityReference reference)
        {
            _records[alias] = reference;
            _aliasById[reference.Id] = alias;
        }

        /// <summary>A create that was refused: its alias names no record, and a later use says why.</summary>
        public void RememberRefused(string alias, string path) => _refusedCreates[alias] = path;

        public void SetOutputs(string alias, string stepKey, IDictionary<string, object?>? outputs) => _outputs[alias] = new HeldOutputs(stepKey, outputs);

        public HeldOutputs? Outputs(string alias) => _outputs.TryGetValue(alias, out var held) ? held : null;

        public EntityReference Reference(string alias)
        {
            if (_records.TryGetValue(alias, out var r)) return r;
            if (_refusedCreates.TryGetValue(alias, out var path)) throw new StepFailure($"'{alias}' names no record: its create step ({path}) was refused");
            throw new StepFailure($"'{alias}' names no record yet");
        }

        public string? AliasOf(Guid id) => _aliasById.TryGetValue(id, out var a) ? a : null;

        /// <summary>The user a step acts as: an alias of "users", or (null) the System Administrator the runner provides.</summary>
        public Guid UserId(string? alias) => alias == null ? Env.AdministratorId : _records[alias].Id;

        public string UserText(string? alias) => alias == null ? "admin" : $"{alias} ({_users[alias].FullName})";

        /// <summary>A stored value as a reader would name it: a choice by its label, a lookup by its alias.</summary>
        public string DescribeValue(object? value, ColumnDefinition? column) => value switch
        {
            null => "null",
            string s => $"\"{s}\"",
            bool b => b ? "true" : "false",
            OptionSetValue o => column?.Choice?.Find(o.Value) is { } option ? $"{option.Label(1033)} ({o.Value})" : o.Value.ToString(CultureInfo.InvariantCulture),
            OptionSetValueCollection c => "[" + string.Join(", ", c.Select(o => DescribeValue(o, column))) + "]",
            EntityReference r => AliasOf(r.Id) is { } a ? "@" + a : $"{r.LogicalName} {r.Name ?? r.Id.ToString("D")}",
            Money m => m.Value.ToString(CultureInfo.InvariantCulture),
            DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Guid g => AliasOf(g) is { } a ? "@" + a : g.ToString("D"),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    /// <summary>A problem met while a step runs that makes the step fail (not the file invalid): e.g. an alias whose create was refused.</summary>
    internal sealed class StepFailure : Exception
    {
        public StepFailure(string message) : base(message) { }
    }
}
