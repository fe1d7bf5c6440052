using System;
using Microsoft.Xrm.Sdk;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// Choice option values (Schema.cs) to the rules' enums and back. Each table lists the option values in the
    /// order of the enum's members, so the mapping is explicit: a renumbered option cannot silently map to the wrong
    /// member, and an option value MCI does not know is an error, never a guess.
    /// </summary>
    internal static class Choices
    {
        private static readonly int[] SalesModes = { SalesModeValue.Direct, SalesModeValue.PartnerLed, SalesModeValue.Channel };
        private static readonly int[] Complexities = { ComplexityValue.Standard, ComplexityValue.Complex };
        private static readonly int[] PresalesModels = { PresalesModelValue.SolutionCentre, PresalesModelValue.BranchTechnicalTeam, PresalesModelValue.PartnerSelfService, PresalesModelValue.CallCentre };
        private static readonly int[] Allocations = { AllocationStatusValue.NotRequired, AllocationStatusValue.Draft, AllocationStatusValue.Confirmed, AllocationStatusValue.Reopened };
        private static readonly int[] SplitTypes = { SplitTypeValue.Revenue, SplitTypeValue.Overlay };
        private static readonly int[] MinutesStatuses = { MinutesStatusValue.Draft, MinutesStatusValue.Confirmed, MinutesStatusValue.Superseded };
        private static readonly int[] ExceptionStatuses = { ExceptionStatusValue.None, ExceptionStatusValue.Requested, ExceptionStatusValue.Approved, ExceptionStatusValue.Rejected };
        private static readonly int[] ResourceStatuses = { ResourceStatusValue.Requested, ResourceStatusValue.Booked, ResourceStatusValue.Declined, ResourceStatusValue.Escalated, ResourceStatusValue.Fulfilled };
        private static readonly int[] ResourceRoles = { ResourceRoleValue.SolutionArchitect, ResourceRoleValue.TechnicalPresales, ResourceRoleValue.DemoEngineer, ResourceRoleValue.IndustryExpert };
        private static readonly int[] TierLevels = { TierLevelValue.Tier1, TierLevelValue.Tier2, TierLevelValue.Tier3 };
        private static readonly int[] OpportunityStatuses =
        {
            Standard.OpportunityStatusValue.InProgress, Standard.OpportunityStatusValue.OnHold, Standard.OpportunityStatusValue.Won,
            Standard.OpportunityStatusValue.Canceled, Standard.OpportunityStatusValue.OutSold,
        };

        /// <summary>opportunity.statecode: 0 Open, 1 Won, 2 Lost (the standard states).</summary>
        private static readonly int[] OpportunityStates = { 0, 1, 2 };

        public static SalesMode? SalesMode(OptionSetValue? o) => ToEnum<SalesMode>(o, SalesModes);
        public static Complexity? Complexity(OptionSetValue? o) => ToEnum<Complexity>(o, Complexities);
        public static PresalesModel? PresalesModel(OptionSetValue? o) => ToEnum<PresalesModel>(o, PresalesModels);
        public static AllocationStatus? Allocation(OptionSetValue? o) => ToEnum<AllocationStatus>(o, Allocations);
        public static SplitType? SplitType(OptionSetValue? o) => ToEnum<SplitType>(o, SplitTypes);
        public static MinutesStatus? MinutesStatus(OptionSetValue? o) => ToEnum<MinutesStatus>(o, MinutesStatuses);
        public static ExceptionStatus? ExceptionStatus(OptionSetValue? o) => ToEnum<ExceptionStatus>(o, ExceptionStatuses);
        public static ResourceStatus? ResourceStatus(OptionSetValue? o) => ToEnum<ResourceStatus>(o, ResourceStatuses);
        public static ResourceRole? ResourceRole(OptionSetValue? o) => ToEnum<ResourceRole>(o, ResourceRoles);
        public static TierLevel? TierLevel(OptionSetValue? o) => ToEnum<TierLevel>(o, TierLevels);
        public static OpportunityStatus? OpportunityStatus(OptionSetValue? o) => ToEnum<OpportunityStatus>(o, OpportunityStatuses);
        public static OpportunityState? OpportunityState(OptionSetValue? o) => ToEnum<OpportunityState>(o, OpportunityStates);

        public static OptionSetValue Option(PresalesModel value) => new OptionSetValue(PresalesModels[(int)value]);
        public static OptionSetValue Option(AllocationStatus value) => new OptionSetValue(Allocations[(int)value]);
        public static OptionSetValue Option(SplitType value) => new OptionSetValue(SplitTypes[(int)value]);
        public static OptionSetValue Option(ExceptionStatus value) => new OptionSetValue(ExceptionStatuses[(int)value]);
        public static OptionSetValue Option(ResourceStatus value) => new OptionSetValue(ResourceStatuses[(int)value]);

        private static T? ToEnum<T>(OptionSetValue? option, int[] values) where T : struct, Enum
        {
            if (option == null) return null;
            var index = Array.IndexOf(values, option.Value);
            if (index < 0)
                throw new InvalidOperationException("Option value " + option.Value + " is not one of MCI's " + typeof(T).Name + " options; the solution and Plugins/Common/Schema.cs disagree.");
            return (T)Enum.ToObject(typeof(T), index);
        }
    }
}
