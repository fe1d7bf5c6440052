using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Mci.Plugins.Common;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Split amounts follow the estimated value (opportunity, PostOperation UpdateMultiple, filtering estimatedvalue;
    /// a single Update reaches it too). The lines are other records: one query for the lines of every opportunity in
    /// the batch whose value changed, one UpdateMultiple for the amounts that differ, as a system change (locked lines
    /// included: the minutes bind the percent, the amount follows the deal).
    /// </summary>
    public sealed class SplitAmountsPlugin : PluginBase
    {
        private static readonly string[] LineColumns = { OpportunitySplit.Percent, OpportunitySplit.Amount };

        public SplitAmountsPlugin() : base() { }

        public SplitAmountsPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void ExecuteDataversePlugin(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var values = new Dictionary<Guid, decimal?>();
            foreach (var target in PipelineContext.Targets(context).Where(t => t.Contains(Opportunity.EstimatedValue)))
                values[target.Id] = new Row(target).Money(Opportunity.EstimatedValue);
            if (values.Count == 0) return;

            var updates = OpportunityData.LinesOf(local.SystemService, values.Keys, LineColumns)
                .SelectMany(lines => SplitRules.AmountsToUpdate(values[lines.Key], lines.Value))
                .Select(a => new Entity(OpportunitySplit.EntityName, a.LineId) { [OpportunitySplit.Amount] = Entities.Money(a.Amount) })
                .ToList();
            if (updates.Count == 0) return;
            PipelineContext.MarkSystemChange(context);
            local.SystemService.Execute(new UpdateMultipleRequest { Targets = new EntityCollection(updates) { EntityName = OpportunitySplit.EntityName } });
            local.Trace("Amounts of " + updates.Count + " split line(s) follow the estimated value.");
        }
    }
}
