using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Rules
{
    /// <summary>Why a rule refused a change. Stable: plug-ins and tests may switch on it; the texts live in Messages.cs.</summary>
    public enum RefusalCode
    {
        // Split lines
        SplitTeamMissing,
        SplitPercentMissing,
        SplitPercentOutOfRange,
        SplitPercentTooPrecise,
        SplitDuplicateLine,
        SplitRevenueOverHundred,
        SplitLineLocked,
        SplitLineLockedDelete,
        SplitAllocationLocked,
        SplitLockSetByMinutes,
        SplitLineInactive,
        SplitDualCreditKept,
        SplitOpportunityClosed,
        // Minutes
        MinutesRevenueNotHundred,
        MinutesAnotherConfirmed,
        MinutesReopenReasonMissing,
        MinutesSupersededIsFinal,
        MinutesOnlyConfirmedCanBeSuperseded,
        MinutesReopenBySuperseding,
        MinutesDeleteNotAllowed,
        MinutesConfirmNotAllowed,
        MinutesReopenNotAllowed,
        MinutesOpportunityFixed,
        MinutesOpportunityClosed,
        // Winning
        WinAllocationNotConfirmed,
        WinPartnerExceptionsMissing,
        // Partner engagements and partners
        PartnerFigureNegative,
        PartnerPriceZero,
        PartnerOutOfBounds,
        PartnerExceptionReasonMissing,
        PartnerExceptionDecisionNotAllowed,
        PartnerMinimumMarginInvalid,
        PartnerOpportunityClosed,
        // Tier routing
        RoutingNoMatchingTier,
        RoutingTierTeamMissing,
        // Support tiers keep themselves sound
        TierSalesModeMissing,
        TierPresalesModelMissing,
        TierBandInvalid,
        TierPresalesTeamRequired,
        TierEvaluationOrderMissing,
        TierEvaluationOrderTaken,
        // Escalation
        EscalationNoSalesExecutive,
        EscalationStatusSetByHand,
        EscalationSweepNotAllowed,
        EscalationSweepDateAhead,
        // Environment variables
        SettingMarginInvalid,
        SettingEmailInvalid,
        SettingLeadDaysInvalid,
        // A privilege MCI's own call needed (the platform refused it)
        PrivilegeMissing,
        PrivilegeMissingNoMciRole,
        PrivilegeAccessDenied,
    }

    /// <summary>
    /// One refusal: a stable code plus the names and numbers the message shows, rendered on demand in the
    /// user's language. Plug-ins throw <c>new InvalidPluginExecutionException(refusal.Message(uiLanguageId))</c>.
    /// </summary>
    public sealed class Refusal
    {
        internal Refusal(RefusalCode code, params object?[] args)
        {
            Code = code;
            Args = args;
        }

        /// <summary>What was refused.</summary>
        public RefusalCode Code { get; }

        /// <summary>The record names and numbers the message shows, in the order of the message template.</summary>
        public IReadOnlyList<object?> Args { get; }

        /// <summary>The message in the language of <paramref name="uiLanguageId"/> (1033 English, 2052 Simplified Chinese; others English).</summary>
        public string Message(int? uiLanguageId) => Message(UiLanguages.FromId(uiLanguageId));

        /// <summary>The message in <paramref name="language"/>.</summary>
        public string Message(UiLanguage language) => Texts.Format(Messages.For(Code), language, Args);

        /// <inheritdoc />
        public override string ToString() => Code + ": " + Message(UiLanguage.English);
    }

    /// <summary>The outcome of a check that derives nothing: OK, or one or more refusals.</summary>
    public class RuleResult
    {
        /// <summary>The result of a check that passed.</summary>
        public static readonly RuleResult Ok = new RuleResult(Array.Empty<Refusal>());

        internal RuleResult(IReadOnlyList<Refusal> refusals) => Refusals = refusals;

        /// <summary>Empty when the change may go ahead.</summary>
        public IReadOnlyList<Refusal> Refusals { get; }

        /// <summary>True when nothing was refused.</summary>
        public bool IsOk => Refusals.Count == 0;

        /// <summary>True when one of the refusals is <paramref name="code"/> (a plug-in deciding what to read next).</summary>
        public bool Refuses(RefusalCode code) => Refusals.Any(r => r.Code == code);

        /// <summary>Every refusal's message in the user's language, one per line; empty when OK.</summary>
        public string Message(int? uiLanguageId) => Message(UiLanguages.FromId(uiLanguageId));

        /// <summary>Every refusal's message in <paramref name="language"/>, one per line; empty when OK.</summary>
        public string Message(UiLanguage language) => string.Join("\n", Refusals.Select(r => r.Message(language)));

        internal static RuleResult Refuse(RefusalCode code, params object?[] args) => new RuleResult(new[] { new Refusal(code, args) });
    }

    /// <summary>The outcome of a rule that derives values: OK with <see cref="Value"/>, or refusals.</summary>
    public sealed class RuleResult<T> : RuleResult where T : class
    {
        private readonly T? value;

        private RuleResult(T? value, IReadOnlyList<Refusal> refusals) : base(refusals) => this.value = value;

        /// <summary>The derived values; reading it on a refused result is a programming error and throws.</summary>
        public T Value => value ?? throw new InvalidOperationException("The rule refused the change: " + Message(UiLanguage.English));

        internal static RuleResult<T> Success(T value) => new RuleResult<T>(value, Array.Empty<Refusal>());

        internal static RuleResult<T> Refuse(Refusal refusal) => new RuleResult<T>(null, new[] { refusal });

        internal static new RuleResult<T> Refuse(RefusalCode code, params object?[] args) => Refuse(new Refusal(code, args));

        internal static RuleResult<T> Refuse(IReadOnlyList<Refusal> refusals) => new RuleResult<T>(null, refusals);
    }
}
