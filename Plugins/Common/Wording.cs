using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// Texts MCI writes into records (not refusals; those are in Rules/Messages.cs), built with the rules' own text
    /// helpers so names, numbers and labels read exactly as in the messages. Written once in both languages because
    /// every user reads the same record.
    /// </summary>
    internal static class Wording
    {
        // {0} opportunity, {1} Revenue total, {2} team count, {3} teams with their percent, {4} allocation status
        private static readonly Bilingual Summary = new Bilingual(
            "“{0}”: Revenue split {1}% across {2} team(s) ({3}); allocation {4}.",
            "“{0}”：收入分配合计 {1}%，涉及 {2} 个团队（{3}）；分配状态：{4}。");

        // {0} team, {1} percent
        private static readonly Bilingual TeamShare = new Bilingual("{0} {1}%", "{0} {1}%");

        /// <summary>What the user sees when a plug-in or workflow activity fails unexpectedly: nothing saved, and the
        /// reference (correlation id) under which the details are in the trace log.</summary>
        public static string UnexpectedError(string className, Guid correlationId)
            => string.Format(CultureInfo.InvariantCulture,
                "An unexpected error occurred in {0}; nothing was saved. Please give your administrator this reference: {1}.\n" +
                "{0} 发生意外错误，未保存任何更改。请将此参考号提供给管理员：{1}。",
                className, correlationId);

        /// <summary>A plug-in ran for a step it does not declare: the registration in this environment differs from the solution's.</summary>
        public static string UndeclaredStep(string className, string message, string table, int stage, int mode)
            => string.Format(CultureInfo.InvariantCulture,
                "{0} is registered for {1} of {2} at stage {3}{4}, which it does not declare; nothing was saved. Ask your administrator to register MCI's steps as the solution ships them (reimport the solution).\n" +
                "{0} 被注册在 {2} 的 {1}（阶段 {3}{5}）上，但它并未声明此步骤；未保存任何更改。请管理员按解决方案提供的方式注册 MCI 的步骤（重新导入解决方案）。",
                className, message, table, stage, mode == 1 ? ", asynchronous" : "", mode == 1 ? "，异步" : "");

        /// <summary>"Solution Centre East · Overlay · 叠加": the name of the dual-credit line routing adds.</summary>
        public static string OverlayLineName(string? teamName)
            => Texts.Clean(Texts.Name(teamName, UiLanguage.English) + " · " + Texts.Both(Messages.Label(SplitType.Overlay)), 200);

        /// <summary>The Revenue split in one line per language: total, teams and their percent, allocation status.</summary>
        public static string SplitSummary(string? opportunityName, IReadOnlyList<SplitLine> lines, AllocationStatus? allocation)
        {
            var revenue = lines.Where(l => l.EffectiveType == SplitType.Revenue)
                .OrderBy(l => Texts.Clean(l.TeamName), StringComparer.Ordinal).ThenBy(l => l.Id).ToList();
            object shares = revenue.Count == 0
                ? Texts.OrEmpty(null)
                : new TextList(Messages.NameSeparator, revenue.Select(l => (object?)new Phrase(TeamShare, l.TeamName, l.Percent ?? 0m)));
            var args = new object?[]
            {
                opportunityName, SplitRules.RevenueTotal(lines), SplitRules.RevenueTeams(lines).Count, shares, allocation ?? AllocationStatus.NotRequired,
            };
            return Texts.Format(Summary, UiLanguage.English, args) + "\n" + Texts.Format(Summary, UiLanguage.SimplifiedChinese, args);
        }
    }
}
