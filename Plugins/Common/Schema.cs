// Logical names and choice values of the MCI tables, as declared in Solution/src (publisher prefix mci,
// option value prefix 61300). Plug-ins and workflow activities name columns only through these constants;
// Tests/Solution.Tests proves each one against the solution's metadata, so a rename cannot drift silently.
namespace Mci.Plugins.Common
{
    internal static class Opportunity
    {
        public const string EntityName = "opportunity";
        public const string Id = "opportunityid";
        public const string Name = "name";
        public const string EstimatedValue = "estimatedvalue";
        public const string EstimatedCloseDate = "estimatedclosedate";
        public const string StepName = "stepname";
        public const string StateCode = "statecode";
        public const string StatusCode = "statuscode";
        public const string TransactionCurrencyId = "transactioncurrencyid";
        public const string OwnerId = "ownerid";
        public const string SalesMode = "mci_salesmode";
        public const string Complexity = "mci_complexity";
        public const string BranchId = "mci_branchid";
        public const string SupportTierId = "mci_supporttierid";
        public const string PresalesModel = "mci_presalesmodel";
        public const string PresalesTeamId = "mci_presalesteamid";
        public const string LeadTeamId = "mci_leadteamid";
        public const string AllocationStatus = "mci_allocationstatus";
        public const string DualCredit = "mci_dualcredit";
    }

    internal static class Branch
    {
        public const string EntityName = "mci_branch";
        public const string Id = "mci_branchid";
        public const string Name = "mci_name";
        public const string TechnicalTeamId = "mci_technicalteamid";
        public const string ManagerId = "mci_managerid";
    }

    internal static class SupportTier
    {
        public const string EntityName = "mci_supporttier";
        public const string Id = "mci_supporttierid";
        public const string Name = "mci_name";
        public const string Level = "mci_level";
        public const string SalesMode = "mci_salesmode";
        public const string MinAmount = "mci_minamount";
        public const string MaxAmount = "mci_maxamount";
        public const string Complexity = "mci_complexity";
        public const string PresalesModel = "mci_presalesmodel";
        public const string PresalesTeamId = "mci_presalesteamid";
        public const string DualCredit = "mci_dualcredit";
        public const string EvaluationOrder = "mci_evaluationorder";
        public const string StateCode = "statecode";
    }

    internal static class Partner
    {
        public const string EntityName = "mci_partner";
        public const string Id = "mci_partnerid";
        public const string Name = "mci_name";
        public const string AccountId = "mci_accountid";
        public const string PartnerType = "mci_partnertype";
        public const string MinMarginPercent = "mci_minmarginpercent";
    }

    internal static class OpportunityPartner
    {
        public const string EntityName = "mci_opportunitypartner";
        public const string Id = "mci_opportunitypartnerid";
        public const string Name = "mci_name";
        public const string OpportunityId = "mci_opportunityid";
        public const string PartnerId = "mci_partnerid";
        public const string Role = "mci_role";
        public const string OurPrice = "mci_ourprice";
        public const string PartnerPrice = "mci_partnerprice";
        public const string PartnerCost = "mci_partnercost";
        public const string FloorPrice = "mci_floorprice";
        public const string MarginPercent = "mci_marginpercent";
        public const string SolutionAgreedOn = "mci_solutionagreedon";
        public const string SolutionMinutes = "mci_solutionminutes";
        public const string ExceptionStatus = "mci_exceptionstatus";
        public const string ExceptionApproverId = "mci_exceptionapproverid";
        public const string ExceptionReason = "mci_exceptionreason";
        public const string StateCode = "statecode";
        public const string StatusCode = "statuscode";
        public const string TransactionCurrencyId = "transactioncurrencyid";
    }

    internal static class OpportunitySplit
    {
        public const string EntityName = "mci_opportunitysplit";
        public const string Id = "mci_opportunitysplitid";
        public const string Name = "mci_name";
        public const string OpportunityId = "mci_opportunityid";
        public const string TeamId = "mci_teamid";
        public const string SellerId = "mci_sellerid";
        public const string SplitType = "mci_splittype";
        public const string Percent = "mci_percent";
        public const string Amount = "mci_amount";
        public const string Locked = "mci_locked";
        public const string MinutesId = "mci_minutesid";
        public const string StateCode = "statecode";
    }

    internal static class AllocationMinutes
    {
        public const string EntityName = "mci_allocationminutes";
        public const string Id = "mci_allocationminutesid";
        public const string Name = "mci_name";
        public const string OpportunityId = "mci_opportunityid";
        public const string MeetingDate = "mci_meetingdate";
        public const string Attendees = "mci_attendees";
        public const string Decision = "mci_decision";
        public const string Snapshot = "mci_snapshot";
        public const string ReopenReason = "mci_reopenreason";
        public const string Status = "mci_status";
        public const string ConfirmedById = "mci_confirmedbyid";
        public const string ConfirmedOn = "mci_confirmedon";
        public const string Version = "mci_version";
        public const string StateCode = "statecode";
        public const string StatusCode = "statuscode";
    }

    internal static class ResourceRequest
    {
        public const string EntityName = "mci_resourcerequest";
        public const string Id = "mci_resourcerequestid";
        public const string Name = "mci_name";
        public const string OpportunityId = "mci_opportunityid";
        public const string Role = "mci_role";
        public const string NeededBy = "mci_neededby";
        public const string EffortDays = "mci_effortdays";
        public const string Status = "mci_status";
        public const string AssigneeId = "mci_assigneeid";
        public const string EscalatedToId = "mci_escalatedtoid";
        public const string EscalationLevel = "mci_escalationlevel";
    }

    internal static class EnvironmentVariables
    {
        public const string DefaultMinimumPartnerMargin = Rules.SettingRules.DefaultMinimumPartnerMargin;
        public const string SalesExecutiveEmail = Rules.SettingRules.SalesExecutiveEmail;
        public const string EscalationLeadDays = Rules.SettingRules.EscalationLeadDays;
    }

    internal static class SecurityRoles
    {
        public const string Seller = "MCI Seller";
        public const string Presales = "MCI Presales";
        public const string PartnerManager = "MCI Partner Manager";
        public const string SalesExecutive = "MCI Sales Executive";
        public const string Administrator = "MCI Administrator";
        public const string SystemAdministrator = "System Administrator";
    }

    // Choice values. Global choices: mci_salesmode, mci_complexity, mci_presalesmodel; the rest are local.
    internal static class SalesModeValue { public const int Direct = 613000000, PartnerLed = 613000001, Channel = 613000002; }
    internal static class ComplexityValue { public const int Standard = 613000000, Complex = 613000001; }
    internal static class PresalesModelValue { public const int SolutionCentre = 613000000, BranchTechnicalTeam = 613000001, PartnerSelfService = 613000002, CallCentre = 613000003; }
    internal static class AllocationStatusValue { public const int NotRequired = 613000000, Draft = 613000001, Confirmed = 613000002, Reopened = 613000003; }
    internal static class TierLevelValue { public const int Tier1 = 613000000, Tier2 = 613000001, Tier3 = 613000002; }
    internal static class PartnerTypeValue { public const int Reseller = 613000000, SystemIntegrator = 613000001, Isv = 613000002, Distributor = 613000003; }
    internal static class PartnerRoleValue { public const int Prime = 613000000, Supporting = 613000001; }
    internal static class ExceptionStatusValue { public const int None = 613000000, Requested = 613000001, Approved = 613000002, Rejected = 613000003; }
    internal static class SplitTypeValue { public const int Revenue = 613000000, Overlay = 613000001; }
    internal static class MinutesStatusValue { public const int Draft = 613000000, Confirmed = 613000001, Superseded = 613000002; }
    internal static class ResourceRoleValue { public const int SolutionArchitect = 613000000, TechnicalPresales = 613000001, DemoEngineer = 613000002, IndustryExpert = 613000003; }
    internal static class ResourceStatusValue { public const int Requested = 613000000, Booked = 613000001, Declined = 613000002, Escalated = 613000003, Fulfilled = 613000004; }
}
