// MCI's own vocabulary. Members are declared in the order SPEC.md lists the choice options, so for every
// choice the enum value is (option value - 613000000); plug-ins still map option values explicitly
// (Plugins/Common/Schema.cs) and refuse values they do not know.
namespace Mci.Rules
{
    /// <summary>How a deal is sold (opportunity and support tier mci_salesmode).</summary>
    public enum SalesMode { Direct, PartnerLed, Channel }

    /// <summary>Deal complexity (mci_complexity). On a support tier an empty complexity means "any".</summary>
    public enum Complexity { Standard, Complex }

    /// <summary>Who runs presales (mci_presalesmodel).</summary>
    public enum PresalesModel { SolutionCentre, BranchTechnicalTeam, PartnerSelfService, CallCentre }

    /// <summary>State of an opportunity's revenue split (mci_allocationstatus).</summary>
    public enum AllocationStatus { NotRequired, Draft, Confirmed, Reopened }

    /// <summary>Split line type (mci_splittype). Overlay lines (dual credit) do not count toward 100%.</summary>
    public enum SplitType { Revenue, Overlay }

    /// <summary>Allocation minutes status (mci_allocationminutes.mci_status).</summary>
    public enum MinutesStatus { Draft, Confirmed, Superseded }

    /// <summary>Margin/floor exception of a partner engagement (mci_exceptionstatus).</summary>
    public enum ExceptionStatus { None, Requested, Approved, Rejected }

    /// <summary>Presales resource request status (mci_resourcerequest.mci_status).</summary>
    public enum ResourceStatus { Requested, Booked, Declined, Escalated, Fulfilled }

    /// <summary>Presales role asked for (mci_resourcerequest.mci_role).</summary>
    public enum ResourceRole { SolutionArchitect, TechnicalPresales, DemoEngineer, IndustryExpert }

    /// <summary>Support tier level (mci_level).</summary>
    public enum TierLevel { Tier1, Tier2, Tier3 }

    /// <summary>Opportunity status reason (statuscode) as the change note names it: the five standard reasons.</summary>
    public enum OpportunityStatus { InProgress, OnHold, Won, Canceled, OutSold }

    /// <summary>Opportunity state (statecode) as a refusal names it: a won or lost deal is closed.</summary>
    public enum OpportunityState { Open, Won, Lost }

    /// <summary>What an opportunity's state means to the rules.</summary>
    public static class OpportunityStates
    {
        /// <summary>True when the deal is won or lost: what it closed with (its split lines, allocation minutes and partner
        /// engagements) is read-only until the opportunity is reopened. Empty (no deal) is not closed.</summary>
        public static bool IsClosed(OpportunityState? state) => state == OpportunityState.Won || state == OpportunityState.Lost;
    }

    /// <summary>The money figures of a partner engagement, so a refusal can say which one is wrong.</summary>
    public enum PartnerFigure { OurPrice, PartnerPrice, PartnerCost, FloorPrice }

    /// <summary>An opportunity field whose change the timeline note records.</summary>
    public enum OpportunityField { Stage, EstimatedValue, EstimatedCloseDate, Status, Allocation }
}
