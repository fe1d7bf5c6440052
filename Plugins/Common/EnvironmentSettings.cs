using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Plugins.Common.Standard;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// MCI's environment variables, read with ONE query when first needed: the definitions (schema name, default value,
    /// type) outer-joined to their current value; the value overrides the definition's default. (IEnvironmentVariableService
    /// is marked "internal use only" by Microsoft, so MCI does not use it.) Each value is checked by
    /// <see cref="SettingRules"/> before use: a bad one is refused with a message naming the variable and the value.
    /// </summary>
    internal sealed class EnvironmentSettings
    {
        private const string ValueAlias = "v";

        private readonly IOrganizationService _service;
        private readonly string[] _names;
        private Dictionary<string, string?>? _values;

        /// <param name="names">The variables the caller may read; all of them come with the one query.</param>
        public EnvironmentSettings(IOrganizationService service, params string[] names)
        {
            _service = service;
            _names = names;
        }

        /// <summary>mci_DefaultMinimumPartnerMargin (0-100), or null for the rules' default.</summary>
        public RuleResult<SettingValue> DefaultMinimumPartnerMargin => SettingRules.MinimumMargin(Raw(EnvironmentVariables.DefaultMinimumPartnerMargin));

        /// <summary>mci_SalesExecutiveEmail (an email address), or null.</summary>
        public RuleResult<SettingValue> SalesExecutiveEmail => SettingRules.ExecutiveEmail(Raw(EnvironmentVariables.SalesExecutiveEmail));

        /// <summary>mci_EscalationLeadDays (whole days, 0 or more), or null for the rules' default.</summary>
        public RuleResult<SettingValue> EscalationLeadDays => SettingRules.LeadDays(Raw(EnvironmentVariables.EscalationLeadDays));

        /// <summary>The value as stored (else the default), or null when neither is set.</summary>
        public string? Raw(string schemaName)
        {
            if (!_names.Contains(schemaName, StringComparer.OrdinalIgnoreCase))
                throw new InvalidOperationException(schemaName + " was not asked for when the settings were created.");
            if (_values == null) _values = Load();
            return _values.TryGetValue(schemaName, out var value) ? value : null;
        }

        private Dictionary<string, string?> Load()
        {
            var query = new QueryExpression(EnvironmentVariableDefinition.EntityName)
            {
                ColumnSet = new ColumnSet(EnvironmentVariableDefinition.SchemaName, EnvironmentVariableDefinition.DefaultValue, EnvironmentVariableDefinition.Type),
            };
            query.Criteria.AddCondition(EnvironmentVariableDefinition.SchemaName, ConditionOperator.In, _names.Cast<object>().ToArray());
            var current = query.AddLink(EnvironmentVariableValue.EntityName, EnvironmentVariableDefinition.Id, EnvironmentVariableValue.DefinitionId, JoinOperator.LeftOuter);
            current.EntityAlias = ValueAlias;
            current.Columns = new ColumnSet(EnvironmentVariableValue.Value);
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in Paging.RetrieveAll(_service, query, rootRowsRepeat: true))
            {
                var name = row.GetAttributeValue<string>(EnvironmentVariableDefinition.SchemaName);
                if (name == null) continue;
                var value = new Row(row, ValueAlias).Text(EnvironmentVariableValue.Value) ?? row.GetAttributeValue<string>(EnvironmentVariableDefinition.DefaultValue);
                values[name] = string.IsNullOrWhiteSpace(value) ? null : value;
            }
            return values;
        }
    }
}
