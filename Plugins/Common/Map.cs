using System;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// Dataverse rows to the rules' records: the one place where columns become rule inputs, used by plug-ins and
    /// workflow activities alike. Names come from the lookups' Name (Dataverse fills it in images and query results).
    /// </summary>
    internal static class Map
    {
        public static SplitLine SplitLine(Row r, Guid? id = null)
        {
            var team = r.Ref(OpportunitySplit.TeamId);
            var seller = r.Ref(OpportunitySplit.SellerId);
            return new SplitLine
            {
                Id = id ?? r.Id(OpportunitySplit.Id) ?? Guid.Empty,
                TeamId = team?.Id,
                TeamName = team?.Name,
                SellerId = seller?.Id,
                SellerName = seller?.Name,
                Type = Choices.SplitType(r.Option(OpportunitySplit.SplitType)),
                Percent = r.Decimal(OpportunitySplit.Percent),
                Amount = r.Money(OpportunitySplit.Amount),
                Locked = r.Bool(OpportunitySplit.Locked),
                MinutesId = r.RefId(OpportunitySplit.MinutesId),
                Active = (r.Option(OpportunitySplit.StateCode)?.Value ?? 0) == 0,
            };
        }

        public static MinutesInfo Minutes(Row r) => new MinutesInfo
        {
            Id = r.Id(AllocationMinutes.Id) ?? Guid.Empty,
            Name = r.Text(AllocationMinutes.Name),
            Status = Choices.MinutesStatus(r.Option(AllocationMinutes.Status)),
            Version = r.Int(AllocationMinutes.Version),
        };

        public static Rules.SupportTier SupportTier(Row r)
        {
            var team = r.Ref(Common.SupportTier.PresalesTeamId);
            return new Rules.SupportTier
            {
                Id = r.Id(Common.SupportTier.Id) ?? Guid.Empty,
                Name = r.Text(Common.SupportTier.Name),
                Level = Choices.TierLevel(r.Option(Common.SupportTier.Level)),
                Active = (r.Option(Common.SupportTier.StateCode)?.Value ?? 0) == 0,
                SalesMode = Choices.SalesMode(r.Option(Common.SupportTier.SalesMode)),
                MinAmount = r.Money(Common.SupportTier.MinAmount),
                MaxAmount = r.Money(Common.SupportTier.MaxAmount),
                Complexity = Choices.Complexity(r.Option(Common.SupportTier.Complexity)),
                PresalesModel = Choices.PresalesModel(r.Option(Common.SupportTier.PresalesModel)),
                PresalesTeamId = team?.Id,
                PresalesTeamName = team?.Name,
                DualCredit = r.Bool(Common.SupportTier.DualCredit),
                EvaluationOrder = r.Int(Common.SupportTier.EvaluationOrder),
            };
        }

        public static BranchInfo Branch(Row r, Guid id)
        {
            var team = r.Ref(Common.Branch.TechnicalTeamId);
            return new BranchInfo { Id = id, Name = r.Text(Common.Branch.Name), TechnicalTeamId = team?.Id, TechnicalTeamName = team?.Name };
        }

        /// <summary>An engagement; the partner's name and minimum margin come from <paramref name="partner"/> (the mci_partner row or link).</summary>
        public static PartnerEngagement Engagement(Row r, Row partner, string? opportunityName) => new PartnerEngagement
        {
            Id = r.Id(OpportunityPartner.Id) ?? Guid.Empty,
            PartnerId = r.RefId(OpportunityPartner.PartnerId),
            OpportunityId = r.RefId(OpportunityPartner.OpportunityId),
            PartnerName = partner.Text(Partner.Name) ?? r.Ref(OpportunityPartner.PartnerId)?.Name,
            OpportunityName = opportunityName ?? r.Ref(OpportunityPartner.OpportunityId)?.Name,
            OurPrice = r.Money(OpportunityPartner.OurPrice),
            PartnerPrice = r.Money(OpportunityPartner.PartnerPrice),
            PartnerCost = r.Money(OpportunityPartner.PartnerCost),
            FloorPrice = r.Money(OpportunityPartner.FloorPrice),
            PartnerMinimumMarginPercent = partner.Decimal(Partner.MinMarginPercent),
            ExceptionStatus = Choices.ExceptionStatus(r.Option(OpportunityPartner.ExceptionStatus)),
            ExceptionReason = r.Text(OpportunityPartner.ExceptionReason),
            ExceptionApproverId = r.RefId(OpportunityPartner.ExceptionApproverId),
        };

        /// <summary>The watched facts of an opportunity (change notes).</summary>
        public static OpportunityFacts Facts(Row r) => new OpportunityFacts
        {
            Stage = r.Text(Opportunity.StepName),
            EstimatedValue = r.Money(Opportunity.EstimatedValue),
            EstimatedCloseDate = r.Date(Opportunity.EstimatedCloseDate),
            Status = Choices.OpportunityStatus(r.Option(Opportunity.StatusCode)),
            Allocation = Choices.Allocation(r.Option(Opportunity.AllocationStatus)),
        };
    }
}
