using System.Globalization;
using System.Text.RegularExpressions;

namespace Mci.Rules
{
    /// <summary>The value of an environment variable once checked: a number, a text, or nothing (empty: the rules' default applies).</summary>
    public sealed record SettingValue
    {
        public static readonly SettingValue Empty = new SettingValue();

        public decimal? Number { get; init; }

        public string? Text { get; init; }
    }

    /// <summary>
    /// MCI's environment variables, checked before use. Dataverse runs no plug-in when an administrator changes a value, so
    /// a bad value is refused where it is used, naming the variable and the value, instead of silently counting as empty.
    /// The text is the value (else the definition's default) as Dataverse stores it: invariant culture.
    /// </summary>
    public static class SettingRules
    {
        public const string DefaultMinimumPartnerMargin = "mci_DefaultMinimumPartnerMargin";
        public const string SalesExecutiveEmail = "mci_SalesExecutiveEmail";
        public const string EscalationLeadDays = "mci_EscalationLeadDays";

        // One address, no spaces or angle brackets: "name@domain.tld". Dataverse's own email columns check no more.
        private static readonly Regex Email = new Regex(@"^[^\s@<>()\[\],;:""]+@[^\s@<>()\[\],;:""]+\.[^\s@<>()\[\],;:""]+$", RegexOptions.CultureInvariant);

        /// <summary>mci_DefaultMinimumPartnerMargin: a decimal from 0 to 100; empty: the rules' default (10).</summary>
        public static RuleResult<SettingValue> MinimumMargin(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return RuleResult<SettingValue>.Success(SettingValue.Empty);
            if (!decimal.TryParse(text!.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < 0m || value > 100m)
                return RuleResult<SettingValue>.Refuse(RefusalCode.SettingMarginInvalid, DefaultMinimumPartnerMargin, text);
            return RuleResult<SettingValue>.Success(new SettingValue { Number = value });
        }

        /// <summary>mci_SalesExecutiveEmail: one email address; empty: nobody (an escalation to level 2 is then refused).</summary>
        public static RuleResult<SettingValue> ExecutiveEmail(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return RuleResult<SettingValue>.Success(SettingValue.Empty);
            var trimmed = text!.Trim();
            if (trimmed.Length > 100 || !Email.IsMatch(trimmed))
                return RuleResult<SettingValue>.Refuse(RefusalCode.SettingEmailInvalid, SalesExecutiveEmail, text);
            return RuleResult<SettingValue>.Success(new SettingValue { Text = trimmed });
        }

        /// <summary>mci_EscalationLeadDays: a whole number of days, 0 or more; empty: the rules' default (5).</summary>
        public static RuleResult<SettingValue> LeadDays(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return RuleResult<SettingValue>.Success(SettingValue.Empty);
            if (!int.TryParse(text!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days) || days < 0)
                return RuleResult<SettingValue>.Refuse(RefusalCode.SettingLeadDaysInvalid, EscalationLeadDays, text);
            return RuleResult<SettingValue>.Success(new SettingValue { Number = days });
        }
    }
}
