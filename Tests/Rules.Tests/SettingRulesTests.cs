namespace Mci.Rules.Tests;

/// <summary>Environment variables are checked before use: a bad value is refused naming the variable and the value.</summary>
public class SettingRulesTests
{
    [TestCase(null, null)]
    [TestCase("", null)]
    [TestCase("  ", null)]
    [TestCase("0", "0")]
    [TestCase("10", "10")]
    [TestCase("12.5", "12.5")]
    [TestCase(" 100 ", "100")]
    public void TheDefaultMinimumMarginIsAPercentFrom0To100OrEmpty(string? text, string? expected)
        => Assert.That(RuleAssert.Ok(SettingRules.MinimumMargin(text)).Number, Is.EqualTo(expected == null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [TestCase("120")]
    [TestCase("-1")]
    [TestCase("100.01")]
    [TestCase("ten")]
    [TestCase("10,5")]
    [TestCase("1e2")]
    public void ADefaultMinimumMarginOutsideTheRangeIsRefusedNamingTheVariableAndTheValue(string text)
    {
        var refusal = RuleAssert.Refused(SettingRules.MinimumMargin(text), RefusalCode.SettingMarginInvalid, "mci_DefaultMinimumPartnerMargin", "“" + text + "”");
        Assert.That(refusal.Message(1033), Does.Contain("not a percent from 0.00 to 100.00"));
    }

    [TestCase("grace@mci.test")]
    [TestCase(" li.lei+sales@contoso.com.cn ")]
    public void TheSalesExecutiveEmailLooksLikeAnEmail(string text)
        => Assert.That(RuleAssert.Ok(SettingRules.ExecutiveEmail(text)).Text, Is.EqualTo(text.Trim()));

    [TestCase("grace")]
    [TestCase("grace@")]
    [TestCase("@mci.test")]
    [TestCase("grace@mci")]
    [TestCase("grace @mci.test")]
    [TestCase("a@b.c; d@e.f")]
    [TestCase("<script>@x.y")]
    public void AnythingElseIsRefusedForTheSalesExecutiveEmail(string text)
        => RuleAssert.Refused(SettingRules.ExecutiveEmail(text), RefusalCode.SettingEmailInvalid, "mci_SalesExecutiveEmail");

    [Test]
    public void AnEmptySalesExecutiveEmailIsNobody()
        => Assert.That(RuleAssert.Ok(SettingRules.ExecutiveEmail("")).Text, Is.Null);

    [TestCase("0", 0)]
    [TestCase("5", 5)]
    [TestCase("365", 365)]
    public void LeadDaysAreAWholeNumberOf0OrMore(string text, int expected)
        => Assert.That(RuleAssert.Ok(SettingRules.LeadDays(text)).Number, Is.EqualTo(expected));

    [TestCase("-3")]
    [TestCase("2.5")]
    [TestCase("five")]
    [TestCase("99999999999")]
    public void OtherLeadDaysAreRefused(string text)
        => RuleAssert.Refused(SettingRules.LeadDays(text), RefusalCode.SettingLeadDaysInvalid, "mci_EscalationLeadDays", "“" + text + "”");

    [Test]
    public void AHostileValueIsShownAsOneLineOfPlainText()
    {
        var refusal = RuleAssert.Refused(SettingRules.LeadDays("5\n<b>bold</b>\u202E" + new string('9', 300)), RefusalCode.SettingLeadDaysInvalid);
        Assert.That(refusal.Message(1033).IndexOfAny(new[] { '\n', '\u202E' }), Is.EqualTo(-1));
        Assert.That(refusal.Message(1033), Does.Contain("…”"), "capped");
    }

    [Test]
    public void OnlyARequestStillRequestedAndDueLaterNeedsTheLeadDays()
    {
        var today = new DateTime(2026, 3, 2);
        Assert.Multiple(() =>
        {
            Assert.That(EscalationRules.NeedsLeadDays(ResourceStatus.Requested, today.AddDays(3), today), Is.True);
            Assert.That(EscalationRules.NeedsLeadDays(null, today.AddDays(3), today), Is.True, "empty is Requested");
            Assert.That(EscalationRules.NeedsLeadDays(ResourceStatus.Requested, today, today), Is.False, "due today: overdue, whatever the lead days");
            Assert.That(EscalationRules.NeedsLeadDays(ResourceStatus.Requested, null, today), Is.False);
            Assert.That(EscalationRules.NeedsLeadDays(ResourceStatus.Declined, today.AddDays(3), today), Is.False);
        });
    }
}
