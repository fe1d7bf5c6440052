namespace Mci.Rules.Tests;

/// <summary>Names typed by users end up in messages, snapshots, notes and tasks: they must stay plain, one-line and bounded.</summary>
public class HostileTextTests
{
    private static string Over(string name, UiLanguage language = UiLanguage.English)
        => new Refusal(RefusalCode.SplitRevenueOverHundred, name, 105m).Message(language);

    [Test]
    public void QuotesStayAndDoNotEndTheName()
    {
        var message = Over("He said \"go\" and “stop”");
        Assert.That(message, Does.Contain("“He said \"go\" and “stop””"));
        Assert.That(message, Does.EndWith("at most 100.00%."));
    }

    [Test]
    public void LineBreaksAndTabsBecomeSingleSpaces()
    {
        var message = Over("ERP\r\nrollout\t\t2025\u2028phase 2\u0000");
        Assert.That(message, Does.Contain("“ERP rollout 2025 phase 2”"));
        // ordinal checks: culture-aware Contains ignores control characters
        Assert.That(message.IndexOfAny(['\n', '\r', '\t', '\0', '\u2028']), Is.EqualTo(-1));
    }

    [Test]
    public void VeryLongNamesAreCutWithAnEllipsis()
    {
        var name = new string('x', 10_000);
        var message = Over(name, UiLanguage.SimplifiedChinese);
        Assert.That(message, Does.Contain("“" + new string('x', Texts.MaxNameLength - 1) + "…”"));
        Assert.That(message, Has.Length.LessThan(Texts.MaxNameLength + 80));
        Assert.That(message, Does.Contain("105.00%"));
    }

    [Test]
    public void CuttingNeverSplitsASurrogatePair()
    {
        var name = new string('a', Texts.MaxNameLength - 2) + "😀😀😀";
        var cleaned = Texts.Clean(name);
        Assert.That(cleaned, Does.EndWith("…"));
        Assert.That(cleaned.Where(char.IsSurrogate).Count() % 2, Is.Zero, cleaned);
        Assert.That(char.IsHighSurrogate(cleaned[^2]), Is.False);
    }

    [Test]
    public void MarkupIsPlainTextNotInterpreted()
    {
        // Dataverse shows plug-in messages as text; encoding here would show "&lt;" to the seller.
        var message = Over("<script>alert('x')</script>");
        Assert.That(message, Does.Contain("“<script>alert('x')</script>”"));
    }

    [Test]
    public void FormatPlaceholdersInNamesAreNotExpanded()
    {
        Assert.That(Over("{0} {1} {99}"), Does.Contain("“{0} {1} {99}”"));
        Assert.That(Over("{0} {1} {99}", UiLanguage.SimplifiedChinese), Does.Contain("“{0} {1} {99}”的收入分配合计将为 105.00%"));
    }

    [Test]
    public void BidiOverridesCannotReorderTheMessage()
    {
        var message = Over("abc\u202Eevil\u202C\u2066x\u2069");
        Assert.That(message.IndexOfAny(['\u202E', '\u202C', '\u2066', '\u2069']), Is.EqualTo(-1));
        Assert.That(message, Does.Contain("“abc evil x”"));
    }

    [Test]
    public void ChineseNamesAppearUnchanged()
    {
        Assert.That(Over("华东区 ERP 项目", UiLanguage.SimplifiedChinese), Does.StartWith("“华东区 ERP 项目”的收入分配合计将为 105.00%"));
        Assert.That(Over("华东区 ERP 项目"), Does.Contain("“华东区 ERP 项目”"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   \n\t ")]
    public void BlankNamesReadNoName(string? name)
    {
        Assert.That(Over(name!), Does.Contain("“(no name)”"));
        Assert.That(Over(name!, UiLanguage.SimplifiedChinese), Does.Contain("“（未命名）”"));
    }
}
