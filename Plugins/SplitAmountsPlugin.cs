using System.Linq;
using Microsoft.Xrm.Sdk;
using Mci.Plugins.Common;
using Mci.Plugins.Common.Standard;
using Mci.Plugins.Registration;
using Mci.Rules;

namespace Mci.Plugins
{
    /// <summary>
    /// Split amounts follow the estimated value (opportunity, PostOperation Update, filtering estimatedvalue; Dataverse
    /// runs it for each item of an UpdateMultiple too). The lines are other records: one query for the deal's lines (every
    /// page), one Update for each amount that differs, as a system change (locked lines included: the minutes bind the
    /// percent, the amount follows the deal).
    /// </summary>
    public sealed class SplitAmountsPlugin : PluginBase
    {
        private static readonly string[] LineColumns = { OpportunitySplit.Percent, OpportunitySplit.Amount };

        public SplitAmountsPlugin() : base() { }

        public SplitAmountsPlugin(string? unsecureConfiguration, string? secureConfiguration) : base(unsecureConfiguration, secureConfiguration) { }

        protected override void DeclareSteps(PluginSteps steps)
            => steps.On(MessageNames.Update, Opportunity.EntityName, Stage.PostOperation)
                .Rank(2).Filter(Opportunity.EstimatedValue)
                .Describe("Split amounts follow the estimated value: the deal's lines read once, each changed amount written (after routing's overlay line, rank 2).")
                .Handle(FollowValue);

        private static void FollowValue(ILocalPluginContext local)
        {
            var context = local.PluginExecutionContext;
            var target = PipelineContext.Target(context);
            if (!target.Contains(Opportunity.EstimatedValue)) return;
            var value = new Row(target).Money(Opportunity.EstimatedValue);
            var lines = OpportunityData.LinesOf(local.SystemService, new[] { target.Id }, LineColumns);
            var updates = (lines.TryGetValue(target.Id, out var own) ? SplitRules.AmountsToUpdate(value, own) : new SplitAmount[0])
                .Select(a => new Entity(OpportunitySplit.EntityName, a.LineId) { [OpportunitySplit.Amount] = Entities.Money(a.Amount) })
                .ToList();
            if (updates.Count == 0) return;
            PipelineContext.MarkSystemChange(context);
            foreach (var update in updates) local.SystemService.Update(update);
            local.Trace("Amounts of " + updates.Count + " split line(s) follow the estimated value.");
        }
    }
}
