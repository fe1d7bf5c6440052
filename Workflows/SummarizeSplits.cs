using System.Activities;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Workflow;
using Mci.Plugins.Common;
using Mci.Rules;
using Deal = Mci.Plugins.Common.Opportunity;

namespace Mci.Workflows
{
    /// <summary>
    /// Summarizes an opportunity's revenue split for a process (e.g. an approval e-mail): the Revenue total, the number
    /// of Revenue teams, whether the allocation is Confirmed, and a one-line summary in English and Chinese. One query:
    /// the opportunity joined to its lines.
    /// </summary>
    public sealed class SummarizeSplits : MciActivity
    {
        private static readonly string[] OpportunityColumns = { Deal.Name, Deal.AllocationStatus };
        private static readonly string[] LineColumns = { OpportunitySplit.TeamId, OpportunitySplit.SplitType, OpportunitySplit.Percent };

        [RequiredArgument]
        [Input("Opportunity / 商机")]
        [ReferenceTarget(Deal.EntityName)]
        public InArgument<EntityReference> Opportunity { get; set; } = null!;

        [Output("Revenue total % / 收入分配合计 %")]
        public OutArgument<decimal> RevenueTotal { get; set; } = null!;

        [Output("Revenue teams / 收入分配团队数")]
        public OutArgument<int> TeamCount { get; set; } = null!;

        [Output("Allocation confirmed / 分配已确认")]
        public OutArgument<bool> Confirmed { get; set; } = null!;

        [Output("Summary / 摘要")]
        public OutArgument<string> Summary { get; set; } = null!;

        protected override void Run(ActivityServices services)
        {
            var context = services.ActivityContext;
            var reference = Opportunity.Get(context) ?? throw new InvalidPluginExecutionException("SummarizeSplits needs the opportunity. / SummarizeSplits 需要商机。");
            var data = OpportunityData.Load(services.Service, reference.Id, OpportunityColumns, LineColumns)
                       ?? throw new InvalidPluginExecutionException("The opportunity " + reference.Id + " does not exist. / 商机 " + reference.Id + " 不存在。");
            RevenueTotal.Set(context, SplitRules.RevenueTotal(data.Lines));
            TeamCount.Set(context, SplitRules.RevenueTeams(data.Lines).Count);
            Confirmed.Set(context, data.Allocation == AllocationStatus.Confirmed);
            Summary.Set(context, Wording.SplitSummary(data.Name, data.Lines, data.Allocation));
        }
    }
}
