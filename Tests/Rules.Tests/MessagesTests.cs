using System.Globalization;

namespace Mci.Rules.Tests;

public class MessagesTests
{
    private const string Deal = "ERP rollout";

    private static TextList Problems() => new(Messages.ProblemSeparator, new object?[]
    {
        new Phrase(Messages.MarginBelowMinimum, 4m, 10m),
        new Phrase(Messages.OurPriceBelowFloor, 90m, 100m),
    });

    /// <summary>One realistic argument set per refusal code; a new code without a sample fails <see cref="EveryCodeHasASample"/>.</summary>
    private static readonly Dictionary<RefusalCode, object?[]> Samples = new()
    {
        [RefusalCode.SplitTeamMissing] = [Deal, SplitType.Revenue],
        [RefusalCode.SplitPercentMissing] = [Deal, SplitType.Revenue, "Team East"],
        [RefusalCode.SplitPercentOutOfRange] = [Deal, SplitType.Revenue, "Team East", 100.01m],
        [RefusalCode.SplitPercentTooPrecise] = [Deal, SplitType.Overlay, "Team East", 33.333m],
        [RefusalCode.SplitDuplicateLine] = [Deal, SplitType.Overlay, "Team East"],
        [RefusalCode.SplitRevenueOverHundred] = [Deal, 105m],
        [RefusalCode.SplitLineLocked] = [Deal, SplitType.Revenue, "Team East"],
        [RefusalCode.SplitLineLockedDelete] = [Deal, SplitType.Revenue, "Team East"],
        [RefusalCode.SplitAllocationLocked] = [Deal, SplitType.Revenue, "Team East"],
        [RefusalCode.SplitLockSetByMinutes] = [Deal, SplitType.Revenue, "Team East"],
        [RefusalCode.SplitLineInactive] = [Deal, SplitType.Revenue, "Team East"],
        [RefusalCode.SplitDualCreditKept] = [Deal, SplitType.Overlay, "Solution Centre"],
        [RefusalCode.SplitOpportunityClosed] = [Deal, SplitType.Revenue, "Team West"],
        [RefusalCode.MinutesRevenueNotHundred] = ["Split meeting 3 March", Deal, 99.99m],
        [RefusalCode.MinutesAnotherConfirmed] = ["Split meeting 3 March", Deal, "Split meeting 1 March", 3],
        [RefusalCode.MinutesReopenReasonMissing] = ["Split meeting 3 March", Deal],
        [RefusalCode.MinutesSupersededIsFinal] = ["Split meeting 3 March", Deal, MinutesStatus.Confirmed],
        [RefusalCode.MinutesOnlyConfirmedCanBeSuperseded] = ["Split meeting 3 March", Deal],
        [RefusalCode.MinutesReopenBySuperseding] = ["Split meeting 3 March", Deal],
        [RefusalCode.MinutesDeleteNotAllowed] = ["Split meeting 3 March", Deal, MinutesStatus.Superseded],
        [RefusalCode.MinutesConfirmNotAllowed] = ["Split meeting 3 March", Deal],
        [RefusalCode.MinutesReopenNotAllowed] = ["Split meeting 3 March", Deal],
        [RefusalCode.MinutesOpportunityFixed] = ["Split meeting 3 March", Deal, MinutesStatus.Confirmed],
        [RefusalCode.MinutesOpportunityClosed] = ["Split meeting 3 March", Deal, OpportunityState.Won],
        [RefusalCode.WinAllocationNotConfirmed] = [Deal, 2, new TextList(Messages.NameSeparator, ["Team East", "Team West"]), AllocationStatus.Reopened],
        [RefusalCode.WinPartnerExceptionsMissing] = [Deal, new TextList(Messages.ClauseSeparator, [new Phrase(Messages.EngagementProblems, "Acme", Problems())])],
        [RefusalCode.PartnerFigureNegative] = ["Acme", Deal, PartnerFigure.PartnerCost, -5m],
        [RefusalCode.PartnerPriceZero] = ["Acme", Deal],
        [RefusalCode.PartnerOutOfBounds] = ["Acme", Deal, Problems(), ExceptionStatus.Rejected],
        [RefusalCode.PartnerExceptionReasonMissing] = ["Acme", Deal, Problems()],
        [RefusalCode.PartnerExceptionDecisionNotAllowed] = ["Acme", Deal, ExceptionStatus.Approved],
        [RefusalCode.PartnerMinimumMarginInvalid] = ["Acme", 100.5m],
        [RefusalCode.PartnerOpportunityClosed] = ["Acme", Deal, OpportunityState.Won],
        [RefusalCode.RoutingNoMatchingTier] = [Deal, SalesMode.PartnerLed, 2000000m, Complexity.Complex],
        [RefusalCode.RoutingTierTeamMissing] = [Deal, "Tier 1", PresalesModel.SolutionCentre],
        [RefusalCode.TierSalesModeMissing] = ["Tier 1"],
        [RefusalCode.TierPresalesModelMissing] = ["Tier 1"],
        [RefusalCode.TierBandInvalid] = ["Tier 1", 5000000m, 1000000m],
        [RefusalCode.TierPresalesTeamRequired] = ["Tier 3", PresalesModel.CallCentre],
        [RefusalCode.TierEvaluationOrderMissing] = ["Tier 1"],
        [RefusalCode.TierEvaluationOrderTaken] = ["Tier 1", 10, "Tier 2"],
        [RefusalCode.EscalationNoSalesExecutive] = ["Architect for ERP", Deal, 2],
        [RefusalCode.EscalationStatusSetByHand] = ["Architect for ERP", Deal],
        [RefusalCode.EscalationSweepNotAllowed] = ["Emma Stone"],
        [RefusalCode.EscalationSweepDateAhead] = [new DateTime(2026, 3, 21), new DateTime(2026, 3, 2)],
        [RefusalCode.SettingMarginInvalid] = ["mci_DefaultMinimumPartnerMargin", "110"],
        [RefusalCode.SettingEmailInvalid] = ["mci_SalesExecutiveEmail", "grace at mci"],
        [RefusalCode.SettingLeadDaysInvalid] = ["mci_EscalationLeadDays", "-3"],
        [RefusalCode.PrivilegeMissing] = ["prvWritemci_resourcerequest", new Phrase(Messages.Access(PrivilegeAccess.Write), Messages.TableLabel("mci_resourcerequest")),
            new TextList(Messages.RoleSeparator, [new Phrase(Messages.RoleName, "MCI Administrator"), new Phrase(Messages.RoleName, "MCI Seller")])],
        [RefusalCode.PrivilegeMissingNoMciRole] = ["prvDeleteOpportunity", new Phrase(Messages.Access(PrivilegeAccess.Delete), Messages.TableLabel("opportunity"))],
        [RefusalCode.PrivilegeAccessDenied] = [new Phrase(Messages.Access(PrivilegeAccess.Write), Messages.TableLabel("mci_resourcerequest")), "0b5e3c1e-2d4f-4a6b-8c9d-0e1f2a3b4c5d",
            new TextList(Messages.RoleSeparator, [new Phrase(Messages.RoleName, "MCI Administrator")])],
    };

    private static IEnumerable<RefusalCode> AllCodes() => Enum.GetValues<RefusalCode>();

    [Test]
    public void EveryCodeHasASample() => Assert.That(Samples.Keys, Is.EquivalentTo(AllCodes()));

    [TestCaseSource(nameof(AllCodes))]
    public void EveryCodeHasEnglishAndChineseTextsWithTheSamePlaceholders(RefusalCode code)
    {
        var text = Messages.For(code);
        var english = RuleAssert.Placeholders(text.English);
        var chinese = RuleAssert.Placeholders(text.Chinese);
        Assert.Multiple(() =>
        {
            Assert.That(text.English, Has.Length.GreaterThan(40));
            Assert.That(RuleAssert.HasChinese(text.English), Is.False, "English text holds Chinese");
            Assert.That(RuleAssert.HasChinese(text.Chinese), Is.True, "Chinese text holds no Chinese");
            Assert.That(chinese, Is.EquivalentTo(english), "both languages show the same names and numbers");
            Assert.That(english, Is.EquivalentTo(Enumerable.Range(0, english.Count)), "placeholders are 0..n-1");
            Assert.That(text.English, Does.EndWith("."));
            Assert.That(text.Chinese, Does.EndWith("。"));
            // Chinese uses full-width punctuation throughout.
            Assert.That(text.Chinese, Does.Not.Contain(",").And.Not.Contain(";").And.Not.Contain("(").And.Not.Contain(":"));
            // Every refusal says what to do: English gives an imperative after the last semicolon/colon, Chinese a 请.
            Assert.That(text.Chinese, Does.Contain("请"));
        });
    }

    [TestCaseSource(nameof(AllCodes))]
    public void EveryRefusalShowsItsNamesAndNumbersInBothLanguages(RefusalCode code)
    {
        var args = Samples[code];
        var refusal = new Refusal(code, args);
        RuleAssert.AssertMessages(refusal);
        foreach (var language in new[] { UiLanguage.English, UiLanguage.SimplifiedChinese })
        {
            var message = refusal.Message(language);
            foreach (var arg in args)
                Assert.That(message, Does.Contain(Texts.Render(arg, language)), $"{language}: {arg}");
        }
    }

    [Test]
    public void NumbersInsideListsAppearInBothLanguages()
    {
        var refusal = new Refusal(RefusalCode.PartnerOutOfBounds, Samples[RefusalCode.PartnerOutOfBounds]);
        RuleAssert.AssertMessages(refusal, "Acme", "4.00%", "10.00%", "90.00", "100.00");
        Assert.That(refusal.Message(1033), Does.Contain("margin 4.00% is below the minimum 10.00% and our price 90.00 is below the floor 100.00"));
        Assert.That(refusal.Message(2052), Does.Contain("利润率 4.00% 低于最低利润率 10.00%，且我方价格 90.00 低于底价 100.00"));
        Assert.That(refusal.Message(2052), Does.Contain("例外状态为“已拒绝”"));
    }

    [Test]
    public void TheExampleFromTheIssueReadsNaturallyInBothLanguages()
    {
        var refusal = new Refusal(RefusalCode.SplitRevenueOverHundred, Deal, 105m);
        Assert.That(refusal.Message(1033), Is.EqualTo(
            "Revenue splits for “ERP rollout” would total 105.00%, more than 100.00%; lower this line or another Revenue line so the total is at most 100.00%."));
        Assert.That(refusal.Message(2052), Is.EqualTo(
            "“ERP rollout”的收入分配合计将为 105.00%，超过 100.00%；请调低本行或其他收入分配行，使合计不超过 100.00%。"));
    }

    [TestCase(1033, UiLanguage.English)]
    [TestCase(2052, UiLanguage.SimplifiedChinese)]
    [TestCase(1028, UiLanguage.English)] // Traditional Chinese is not served: English
    [TestCase(1031, UiLanguage.English)]
    [TestCase(0, UiLanguage.English)]
    [TestCase(-1, UiLanguage.English)]
    [TestCase(null, UiLanguage.English)]
    public void UiLanguageIdPicksTheLanguageAndFallsBackToEnglish(int? id, UiLanguage expected)
        => Assert.That(UiLanguages.FromId(id), Is.EqualTo(expected));

    [Test]
    public void UnknownLanguageIdGetsTheEnglishMessage()
    {
        var refusal = new Refusal(RefusalCode.SplitRevenueOverHundred, Deal, 105m);
        Assert.That(refusal.Message(1036), Is.EqualTo(refusal.Message(1033)));
        Assert.That(refusal.Message(2052), Is.Not.EqualTo(refusal.Message(1033)));
    }

    [TestCase("105", "105.00")]
    [TestCase("0", "0.00")]
    [TestCase("0.1", "0.10")]
    [TestCase("-5", "-5.00")]
    [TestCase("1234.5", "1,234.50")]
    [TestCase("2000000", "2,000,000.00")]
    [TestCase("99999999999.99", "99,999,999,999.99")]
    [TestCase("33.333", "33.333")]                 // shown as typed, never rounded for display
    [TestCase("99.9999999999999999", "99.9999999999999999")]
    [TestCase("100.00", "100.00")]
    public void NumbersAreInvariantWithTwoDecimalsAtLeast(string value, string expected)
        => Assert.That(Texts.Number(decimal.Parse(value, CultureInfo.InvariantCulture)), Is.EqualTo(expected));

    [Test, SetCulture("de-DE")]
    public void NumbersDoNotFollowTheServerCulture()
    {
        var refusal = new Refusal(RefusalCode.RoutingNoMatchingTier, Deal, SalesMode.Direct, 2000000.5m, null);
        Assert.That(refusal.Message(1033), Does.Contain("2,000,000.50"));
        Assert.That(refusal.Message(2052), Does.Contain("2,000,000.50"));
    }

    [Test, SetCulture("zh-CN")]
    public void DatesAreIsoWhateverTheCulture()
        => Assert.That(Texts.Render(new DateTime(2025, 3, 7, 15, 0, 0), UiLanguage.SimplifiedChinese), Is.EqualTo("2025-03-07"));

    [Test]
    public void EmptyValuesAndNamesReadAsSuch()
    {
        var refusal = new Refusal(RefusalCode.RoutingNoMatchingTier, null, SalesMode.Channel, Texts.OrEmpty(null), Texts.OrEmpty(null));
        Assert.That(refusal.Message(1033), Is.EqualTo(
            "No active support tier matches “(no name)” (sales mode Channel, estimated value (empty), complexity (empty)); change the sales mode, estimated value or complexity, or ask an administrator to add a support tier that covers it."));
        Assert.That(refusal.Message(2052), Does.StartWith("没有启用的支持层级匹配“（未命名）”（销售模式：渠道，预计收入：（空），复杂度：（空））"));
    }

    public static IEnumerable<Type> LabelledEnums() =>
    [
        typeof(SalesMode), typeof(Complexity), typeof(PresalesModel), typeof(AllocationStatus), typeof(SplitType),
        typeof(MinutesStatus), typeof(ExceptionStatus), typeof(ResourceStatus), typeof(ResourceRole), typeof(TierLevel),
        typeof(OpportunityStatus), typeof(PartnerFigure), typeof(OpportunityField), typeof(OpportunityState),
    ];

    [TestCaseSource(nameof(LabelledEnums))]
    public void EveryChoiceHasAnEnglishAndAChineseLabel(Type enumType)
    {
        foreach (Enum value in Enum.GetValues(enumType))
        {
            var label = Messages.Label(value);
            Assert.That(RuleAssert.HasChinese(label.Chinese), Is.True, $"{enumType.Name}.{value}");
            Assert.That(label.English, Is.Not.Empty.And.Not.EqualTo(label.Chinese));
        }
    }

    [Test]
    public void LabelsMatchTheSpecOptionNames()
    {
        Assert.That(Messages.Label(SalesMode.PartnerLed).English, Is.EqualTo("Partner Led"));
        Assert.That(Messages.Label(PresalesModel.BranchTechnicalTeam).English, Is.EqualTo("Branch Technical Team"));
        Assert.That(Messages.Label(AllocationStatus.NotRequired).English, Is.EqualTo("Not Required"));
        Assert.That(Messages.Label(OpportunityStatus.OutSold).English, Is.EqualTo("Out-Sold"));
    }

    [Test]
    public void UnknownEnumValueFallsBackToItsNumberRatherThanThrowing()
        => Assert.That(Texts.Render((SalesMode)7, UiLanguage.SimplifiedChinese), Is.EqualTo("7"));

    [Test]
    public void ResultsJoinSeveralRefusalsAndValueThrowsWhenRefused()
    {
        var ok = RuleResult<SplitLineOutcome>.Success(new SplitLineOutcome());
        Assert.That(ok.IsOk, Is.True);
        Assert.That(ok.Message(2052), Is.Empty);
        Assert.That(RuleResult.Ok.IsOk, Is.True);

        var refused = RuleResult<SplitLineOutcome>.Refuse(new[]
        {
            new Refusal(RefusalCode.SplitRevenueOverHundred, Deal, 105m),
            new Refusal(RefusalCode.TierSalesModeMissing, "Tier 1"),
        });
        Assert.That(refused.IsOk, Is.False);
        Assert.That(refused.Message(1033).Split('\n'), Has.Length.EqualTo(2));
        Assert.That(refused.Refuses(RefusalCode.TierSalesModeMissing), Is.True);
        Assert.That(refused.Refuses(RefusalCode.SplitTeamMissing), Is.False);
        Assert.That(ok.Refuses(RefusalCode.SplitRevenueOverHundred), Is.False);
        var error = Assert.Throws<InvalidOperationException>(() => _ = refused.Value);
        Assert.That(error!.Message, Does.Contain("105.00%"));
        Assert.That(refused.Refusals[0].ToString(), Does.StartWith("SplitRevenueOverHundred: Revenue splits"));
    }

    // ------------------------------------------------------------ "a" and "an" in English texts

    // "a" before a vowel-initial word, or "an" before a consonant-initial one. Exceptions where the sound differs from the
    // letter: none of MCI's words need one today; add them here (with the word) if a text ever says "a user" or "an hour".
    private static readonly System.Text.RegularExpressions.Regex AThenVowel = new(@"\b[Aa] (?<word>[AEIOUaeiou][\w-]*)");
    private static readonly System.Text.RegularExpressions.Regex AnThenConsonant = new(@"\b[Aa]n (?<word>[B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z0-9][\w-]*)");

    private static IEnumerable<string> ArticleMistakes(string english)
        => AThenVowel.Matches(english).Concat(AnThenConsonant.Matches(english)).Select(m => m.Value);

    /// <summary>Every English text of Messages.cs: refusal templates, labels, access phrases, table names and the pieces (notes, snapshot, task).</summary>
    private static IEnumerable<(string Name, string English)> EnglishTexts()
    {
        foreach (var code in AllCodes()) yield return (code.ToString(), Messages.For(code).English);
        foreach (var field in typeof(Messages).GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
        {
            var value = field.GetValue(null);
            var texts = value switch
            {
                Bilingual one => [one],
                Bilingual[] many => many,
                System.Collections.IDictionary dictionary => dictionary.Values.OfType<Bilingual>().ToArray(),
                _ => Array.Empty<Bilingual>(),
            };
            foreach (var text in texts) yield return (field.Name, text.English);
        }
    }

    [Test]
    public void NoEnglishTextPutsAOrAnBeforeTheWrongWord()
    {
        var texts = EnglishTexts().ToList();
        Assert.That(texts, Has.Count.GreaterThan(150), "the scan reads every text of Messages.cs");
        var mistakes = texts.SelectMany(t => ArticleMistakes(t.English).Select(m => t.Name + ": " + m)).ToList();
        Assert.That(mistakes, Is.Empty);
    }

    /// <summary>Each sample with its choice arguments replaced, one at a time, by every label of their choice: the article
    /// written before a placeholder must fit whatever label goes there ("a Revenue", "an Overlay").</summary>
    private static IEnumerable<object?[]> WithEveryLabel(object?[] sample)
    {
        yield return sample;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] is not Enum value) continue;
            foreach (Enum other in Enum.GetValues(value.GetType()))
            {
                var copy = (object?[])sample.Clone();
                copy[i] = other;
                yield return copy;
            }
        }
    }

    [TestCaseSource(nameof(AllCodes))]
    public void EveryRefusalReadsAOrAnRightWhateverChoiceItNames(RefusalCode code)
    {
        var mistakes = WithEveryLabel(Samples[code])
            .Select(args => new Refusal(code, args).Message(UiLanguage.English))
            .SelectMany(ArticleMistakes).Distinct().ToList();
        Assert.That(mistakes, Is.Empty);
    }

    [Test]
    public void TheDuplicateOverlayLineReadsAnOverlay()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new Refusal(RefusalCode.SplitDuplicateLine, Deal, SplitType.Overlay, "Team East").Message(1033),
                Is.EqualTo("“ERP rollout” already has an Overlay split line for “Team East”; change that line instead of adding another."));
            Assert.That(new Refusal(RefusalCode.SplitDuplicateLine, Deal, SplitType.Revenue, "Team East").Message(1033), Does.StartWith("“ERP rollout” already has a Revenue split line"));
            Assert.That(new Refusal(RefusalCode.SplitTeamMissing, Deal, SplitType.Overlay).Message(1033), Does.StartWith("An Overlay split line on “ERP rollout” names no team"));
            Assert.That(new Refusal(RefusalCode.SplitTeamMissing, Deal, SplitType.Revenue).Message(1033), Does.StartWith("A Revenue split line on"));
            Assert.That(new Refusal(RefusalCode.SplitDuplicateLine, Deal, SplitType.Overlay, "Team East").Message(2052), Is.EqualTo("“ERP rollout”已有“Team East”的叠加分配行；请修改该行，不要重复添加。"), "Chinese has no article");
        });
    }

    [TestCase("a {0} line", "Overlay", "an Overlay line")]
    [TestCase("a {0} line", "Revenue", "a Revenue line")]
    [TestCase("A {0} line", "Approved", "An Approved line")]
    [TestCase("an {0} line", "Draft", "a Draft line")]
    [TestCase("a {0} line", "Beta", "a Beta line")]
    [TestCase("a {0} line", "Acme", "an Acme line")]
    [TestCase("a {0} line", "“Orion”", "an “Orion” line")]
    [TestCase("data {0} and a {1}", "x", "data x and an Out-Sold")]
    [TestCase("a {0}", "", "a (no name)")]
    public void TheArticleBeforeAPlaceholderFollowsTheValue(string template, string value, string expected)
    {
        var args = new object?[] { value, OpportunityStatus.OutSold };
        Assert.That(Texts.Format(new Bilingual(template, "中文{0}"), UiLanguage.English, args.Take(template.Contains("{1}") ? 2 : 1).ToArray()), Is.EqualTo(expected));
    }
}
