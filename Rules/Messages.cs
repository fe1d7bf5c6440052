using System;
using System.Collections.Generic;

namespace Mci.Rules
{
    /// <summary>
    /// Every text MCI shows or writes, English and Simplified Chinese side by side. Refusals name the record,
    /// the numbers and the way out. Placeholders {0}, {1}... are filled by <see cref="Texts"/>: names in “”,
    /// numbers invariant (2,000,000.00), enum values as the labels below.
    /// </summary>
    internal static class Messages
    {
        private static Bilingual T(string english, string chinese) => new Bilingual(english, chinese);

        // ---------------------------------------------------------------- refusals
        private static readonly Dictionary<RefusalCode, Bilingual> Refusals = new Dictionary<RefusalCode, Bilingual>
        {
            // {0} opportunity, {1} split type
            [RefusalCode.SplitTeamMissing] = T(
                "A {1} split line on “{0}” names no team; choose the sales team the line credits.",
                "“{0}”中有一条{1}分配行未指定团队；请选择该行计入的销售团队。"),
            // {0} opportunity, {1} split type, {2} team
            [RefusalCode.SplitPercentMissing] = T(
                "The {1} split line of “{2}” on “{0}” has no percent; enter a percent above 0.00 and at most 100.00.",
                "“{0}”中“{2}”的{1}分配行未填写比例；请输入大于 0.00 且不超过 100.00 的比例。"),
            // {0} opportunity, {1} split type, {2} team, {3} percent
            [RefusalCode.SplitPercentOutOfRange] = T(
                "The {1} split line of “{2}” on “{0}” has {3}%; a split percent must be above 0.00 and at most 100.00. Enter a percent in that range.",
                "“{0}”中“{2}”的{1}分配比例为 {3}%；分配比例必须大于 0.00 且不超过 100.00，请在此范围内填写。"),
            [RefusalCode.SplitPercentTooPrecise] = T(
                "The {1} split line of “{2}” on “{0}” has {3}%, which has more than two decimals; enter the percent with at most two decimals (for example 33.33).",
                "“{0}”中“{2}”的{1}分配比例 {3}% 超过两位小数；请最多保留两位小数（例如 33.33）。"),
            // {0} opportunity, {1} split type, {2} team
            [RefusalCode.SplitDuplicateLine] = T(
                "“{0}” already has a {1} split line for “{2}”; change that line instead of adding another.",
                "“{0}”已有“{2}”的{1}分配行；请修改该行，不要重复添加。"),
            // {0} opportunity, {1} total percent
            [RefusalCode.SplitRevenueOverHundred] = T(
                "Revenue splits for “{0}” would total {1}%, more than 100.00%; lower this line or another Revenue line so the total is at most 100.00%.",
                "“{0}”的收入分配合计将为 {1}%，超过 100.00%；请调低本行或其他收入分配行，使合计不超过 100.00%。"),
            // {0} opportunity, {1} split type, {2} team
            [RefusalCode.SplitLineLocked] = T(
                "The {1} split line of “{2}” on “{0}” is locked by confirmed minutes; reopen the minutes (set them to Superseded with a reason) before changing it.",
                "“{0}”中“{2}”的{1}分配行已被确认的会议纪要锁定；如需修改，请先重新开启会议纪要（设为“已被取代”并填写原因）。"),
            [RefusalCode.SplitLineLockedDelete] = T(
                "The {1} split line of “{2}” on “{0}” is locked by confirmed minutes and cannot be deleted; reopen the minutes (set them to Superseded with a reason) first.",
                "“{0}”中“{2}”的{1}分配行已被确认的会议纪要锁定，不能删除；请先重新开启会议纪要（设为“已被取代”并填写原因）。"),
            [RefusalCode.SplitAllocationLocked] = T(
                "The split of “{0}” is confirmed in minutes, so no {1} split line for “{2}” can be added; reopen the minutes (set them to Superseded with a reason) first.",
                "“{0}”的分配已在会议纪要中确认，不能再为“{2}”添加{1}分配行；请先重新开启会议纪要（设为“已被取代”并填写原因）。"),
            [RefusalCode.SplitLockSetByMinutes] = T(
                "The lock and minutes of the {1} split line of “{2}” on “{0}” are set only by confirming or reopening minutes; confirm or reopen the minutes instead.",
                "“{0}”中“{2}”的{1}分配行的锁定状态和所属会议纪要只能通过确认或重新开启会议纪要来设置；请改为确认或重新开启会议纪要。"),
            [RefusalCode.SplitLineInactive] = T(
                "Split lines are not deactivated: the {1} split line of “{2}” on “{0}” would still count toward the split. To take it off, delete it (a line locked by confirmed minutes needs the minutes reopened first).",
                "分配行不能停用：“{0}”中“{2}”的{1}分配行停用后仍会计入分配。如需移除，请删除该行（已被确认的会议纪要锁定的行，需先重新开启会议纪要）。"),
            [RefusalCode.SplitDualCreditKept] = T(
                "The {1} split line of “{2}” on “{0}” is the dual credit the deal's support tier gives its presales team: it stays at 100.00% and cannot be changed, moved or deleted by hand. To end it, change what routes the deal (sales mode, estimated value, complexity or branch).",
                "“{0}”中“{2}”的{1}分配行是支持层级给予售前团队的双算额度：固定为 100.00%，不能手动修改、移动或删除。如需取消，请修改决定商机路由的内容（销售模式、预计收入、复杂度或分公司）。"),
            [RefusalCode.SplitOpportunityClosed] = T(
                "“{0}” is closed, so its split stays as the deal closed with it: the {1} split line of “{2}” cannot be added, changed, moved or deleted. Reopen the opportunity first if its split must change.",
                "“{0}”已结束，其分配保持结束时的状态：不能添加、修改、移动或删除“{2}”的{1}分配行。如需修改分配，请先重新打开该商机。"),

            // {0} minutes, {1} opportunity, {2} Revenue total
            [RefusalCode.MinutesRevenueNotHundred] = T(
                "Minutes “{0}” cannot be confirmed: Revenue splits for “{1}” total {2}%, not exactly 100.00%; adjust the Revenue lines to total 100.00% and confirm again.",
                "会议纪要“{0}”无法确认：“{1}”的收入分配合计为 {2}%，不等于 100.00%；请调整收入分配行，使合计正好为 100.00% 后再确认。"),
            // {0} minutes, {1} opportunity, {2} other minutes, {3} its version
            [RefusalCode.MinutesAnotherConfirmed] = T(
                "Minutes “{0}” cannot be confirmed: “{1}” already has confirmed minutes “{2}” (version {3}); reopen those (set them to Superseded with a reason) first.",
                "会议纪要“{0}”无法确认：“{1}”已有已确认的会议纪要“{2}”（第 {3} 版）；请先将其重新开启（设为“已被取代”并填写原因）。"),
            // {0} minutes, {1} opportunity
            [RefusalCode.MinutesReopenReasonMissing] = T(
                "Minutes “{0}” of “{1}” cannot be reopened without a reason; enter the reopen reason and set them to Superseded again.",
                "会议纪要“{0}”（“{1}”）重新开启时必须填写原因；请填写重新开启原因后再设为“已被取代”。"),
            // {0} minutes, {1} opportunity, {2} status asked for
            [RefusalCode.MinutesSupersededIsFinal] = T(
                "Minutes “{0}” of “{1}” are Superseded and cannot become {2} again; create new minutes for the new split.",
                "会议纪要“{0}”（“{1}”）已被取代，不能再改为“{2}”；请为新的分配新建会议纪要。"),
            // {0} minutes, {1} opportunity
            [RefusalCode.MinutesOnlyConfirmedCanBeSuperseded] = T(
                "Minutes “{0}” of “{1}” are not confirmed, so they cannot be Superseded; confirm them, or delete the draft if it is not needed.",
                "会议纪要“{0}”（“{1}”）尚未确认，不能设为“已被取代”；请先确认，或在不需要时删除该草稿。"),
            [RefusalCode.MinutesReopenBySuperseding] = T(
                "Confirmed minutes “{0}” of “{1}” cannot go back to Draft; to reopen the split, set them to Superseded with a reopen reason.",
                "已确认的会议纪要“{0}”（“{1}”）不能改回草稿；如需重新开启分配，请将其设为“已被取代”并填写重新开启原因。"),
            // {0} minutes, {1} opportunity, {2} status
            [RefusalCode.MinutesDeleteNotAllowed] = T(
                "Minutes “{0}” of “{1}” are {2} and are kept as the record of the split, so they cannot be deleted; to change a confirmed split, set its minutes to Superseded with a reason.",
                "会议纪要“{0}”（“{1}”）状态为“{2}”，须作为分配记录保留，不能删除；如需修改已确认的分配，请将会议纪要设为“已被取代”并填写原因。"),

            // {0} minutes, {1} opportunity
            [RefusalCode.MinutesConfirmNotAllowed] = T(
                "Only a sales executive or a system administrator can confirm minutes “{0}” of “{1}”; save them as Draft and ask a sales executive to confirm them.",
                "只有销售高管或系统管理员可以确认会议纪要“{0}”（“{1}”）；请将其保存为草稿，并请销售高管确认。"),
            [RefusalCode.MinutesReopenNotAllowed] = T(
                "Only a sales executive or a system administrator can reopen minutes “{0}” of “{1}” (set them to Superseded); ask a sales executive to reopen the split, with the reason.",
                "只有销售高管或系统管理员可以重新开启会议纪要“{0}”（“{1}”）（设为“已被取代”）；请联系销售高管重新开启分配，并说明原因。"),
            // {0} minutes, {1} opportunity, {2} status
            [RefusalCode.MinutesOpportunityFixed] = T(
                "Minutes “{0}” are {2} and record the split of “{1}”, so they cannot be moved to another opportunity; create new minutes for the other opportunity.",
                "会议纪要“{0}”状态为“{2}”，记录的是“{1}”的分配，不能移到其他商机；请为其他商机新建会议纪要。"),
            // {0} minutes, {1} opportunity, {2} opportunity state
            [RefusalCode.MinutesOpportunityClosed] = T(
                "“{1}” is closed as {2}, so its allocation minutes are read-only: minutes “{0}” cannot be added, changed, confirmed, reopened, moved or deleted. Reopen the opportunity first if its split must change.",
                "“{1}”已结束（{2}），其分配会议纪要为只读：不能添加、修改、确认、重新开启、移动或删除会议纪要“{0}”。如需修改分配，请先重新打开该商机。"),

            // {0} opportunity, {1} team count, {2} team names, {3} allocation status
            [RefusalCode.WinAllocationNotConfirmed] = T(
                "“{0}” cannot be won yet: its Revenue split names {1} teams ({2}) and the allocation is {3}, not Confirmed; confirm the split in allocation minutes first.",
                "“{0}”暂不能赢单：收入分配涉及 {1} 个团队（{2}），分配状态为“{3}”而非“已确认”；请先在分配会议纪要中确认分配。"),
            // {0} opportunity, {1} list of engagements and their problems
            [RefusalCode.WinPartnerExceptionsMissing] = T(
                "“{0}” cannot be won yet: these partner engagements are below margin or floor without an approved exception: {1}. Bring their prices within bounds, or have a sales executive approve the exceptions.",
                "“{0}”暂不能赢单：以下合作伙伴的利润率或价格低于下限，且例外未获批准：{1}。请将价格调整到范围内，或请销售高管批准例外。"),

            // {0} partner, {1} opportunity, {2} figure, {3} amount
            [RefusalCode.PartnerFigureNegative] = T(
                "The {2} of partner “{0}” on “{1}” is {3}; amounts cannot be negative. Enter 0.00 or more.",
                "合作伙伴“{0}”在“{1}”中的{2}为 {3}；金额不能为负数，请输入 0.00 或以上的值。"),
            // {0} partner, {1} opportunity
            [RefusalCode.PartnerPriceZero] = T(
                "The partner price of partner “{0}” on “{1}” is 0.00, so no margin can be computed; enter the partner's price to the customer, or leave it empty until it is known.",
                "合作伙伴“{0}”在“{1}”中的合作伙伴报价为 0.00，无法计算利润率；请填写合作伙伴对客户的报价，或在确定前留空。"),
            // {0} partner, {1} opportunity, {2} problems, {3} exception status
            [RefusalCode.PartnerOutOfBounds] = T(
                "Partner “{0}” on “{1}” is out of bounds ({2}) and its exception is {3}; bring the prices within bounds, or request an exception (status Requested, with a reason) for a sales executive to approve.",
                "合作伙伴“{0}”在“{1}”中超出范围（{2}），例外状态为“{3}”；请将价格调整到范围内，或申请例外（状态设为“已申请”并填写原因）交由销售高管审批。"),
            // {0} partner, {1} opportunity, {2} problems
            [RefusalCode.PartnerExceptionReasonMissing] = T(
                "Partner “{0}” on “{1}” is out of bounds ({2}) and its exception request has no reason; enter why a sales executive should approve it.",
                "合作伙伴“{0}”在“{1}”中超出范围（{2}），但例外申请未填写原因；请填写需要销售高管批准的理由。"),
            // {0} partner, {1} opportunity, {2} exception status
            [RefusalCode.PartnerExceptionDecisionNotAllowed] = T(
                "Only a sales executive or a system administrator can set the exception of partner “{0}” on “{1}” to {2}; set it to Requested with a reason and ask a sales executive to decide.",
                "只有销售高管或系统管理员可以将合作伙伴“{0}”在“{1}”中的例外设为“{2}”；请设为“已申请”并填写原因，交由销售高管决定。"),
            // {0} partner, {1} minimum margin
            [RefusalCode.PartnerMinimumMarginInvalid] = T(
                "The minimum margin of partner “{0}” is {1}%; it must lie between 0.00 and 100.00 with at most two decimals. Enter a value in that range, or leave it empty to use the default.",
                "合作伙伴“{0}”的最低利润率为 {1}%；该值必须在 0.00 到 100.00 之间且最多两位小数。请输入此范围内的值，或留空以使用默认值。"),
            // {0} partner, {1} opportunity, {2} opportunity state
            [RefusalCode.PartnerOpportunityClosed] = T(
                "“{1}” is closed as {2}, so its partner engagements are read-only: the engagement of partner “{0}” cannot be added, changed, moved or deleted. Reopen the opportunity first if its partners must change.",
                "“{1}”已结束（{2}），其合作伙伴参与记录为只读：不能添加、修改、移动或删除合作伙伴“{0}”的参与记录。如需修改，请先重新打开该商机。"),

            // {0} opportunity, {1} sales mode, {2} estimated value, {3} complexity
            [RefusalCode.RoutingNoMatchingTier] = T(
                "No active support tier matches “{0}” (sales mode {1}, estimated value {2}, complexity {3}); change the sales mode, estimated value or complexity, or ask an administrator to add a support tier that covers it.",
                "没有启用的支持层级匹配“{0}”（销售模式：{1}，预计收入：{2}，复杂度：{3}）；请修改销售模式、预计收入或复杂度，或请管理员添加覆盖此情况的支持层级。"),
            // {0} opportunity, {1} tier, {2} presales model
            [RefusalCode.RoutingTierTeamMissing] = T(
                "Support tier “{1}” ({2}) matches “{0}” but names no presales team; ask an administrator to set the tier's presales team.",
                "支持层级“{1}”（{2}）匹配“{0}”，但未指定售前团队；请管理员为该层级设置售前团队。"),

            // {0} tier
            [RefusalCode.TierSalesModeMissing] = T(
                "Support tier “{0}” has no sales mode, so it can never match an opportunity; choose the sales mode it serves.",
                "支持层级“{0}”未设置销售模式，因此不会匹配任何商机；请选择其适用的销售模式。"),
            [RefusalCode.TierPresalesModelMissing] = T(
                "Support tier “{0}” has no presales model; choose the presales model it assigns.",
                "支持层级“{0}”未设置售前模式；请选择其分配的售前模式。"),
            // {0} tier, {1} min, {2} max
            [RefusalCode.TierBandInvalid] = T(
                "Support tier “{0}” has minimum amount {1} and maximum amount {2}; the minimum must be below the maximum (leave the maximum empty for no upper bound).",
                "支持层级“{0}”的最低金额为 {1}，最高金额为 {2}；最低金额必须小于最高金额，请调整金额（最高金额留空表示无上限）。"),
            // {0} tier, {1} presales model
            [RefusalCode.TierPresalesTeamRequired] = T(
                "Support tier “{0}” uses {1} and must name its presales team; choose the presales team.",
                "支持层级“{0}”的售前模式为“{1}”，必须指定售前团队；请选择售前团队。"),
            // {0} tier
            [RefusalCode.TierEvaluationOrderMissing] = T(
                "Active support tier “{0}” has no evaluation order; enter one (lower numbers are evaluated first).",
                "启用的支持层级“{0}”未设置评估顺序；请填写（数字越小越先评估）。"),
            // {0} tier, {1} order, {2} other tier
            [RefusalCode.TierEvaluationOrderTaken] = T(
                "Active support tier “{0}” has evaluation order {1}, which active tier “{2}” already uses; give each active tier its own evaluation order.",
                "启用的支持层级“{0}”的评估顺序 {1} 已被启用的层级“{2}”使用；请为每个启用的层级设置不同的评估顺序。"),

            // {0} request, {1} opportunity, {2} level
            [RefusalCode.EscalationNoSalesExecutive] = T(
                "Resource request “{0}” on “{1}” must be escalated (level {2}) to the sales executive, but no user has the sales executive email (mci_SalesExecutiveEmail); ask an administrator to set that environment variable to an existing user's email.",
                "“{1}”的资源申请“{0}”需要升级（第 {2} 级）至销售高管，但没有用户使用销售高管邮箱（mci_SalesExecutiveEmail）；请管理员将该环境变量设为现有用户的邮箱。"),
            // {0} request, {1} opportunity
            [RefusalCode.EscalationStatusSetByHand] = T(
                "Resource request “{0}” on “{1}” cannot be set to Escalated by hand: MCI escalates a request, with its level, the person and a task, when it is declined or runs late. To escalate it now, set it to Declined.",
                "“{1}”的资源申请“{0}”不能手动设为“已升级”：申请被拒绝或逾期时，MCI 会自动升级并指定级别、接收人和任务。如需立即升级，请将其设为“已拒绝”。"),
            // {0} the caller's name
            [RefusalCode.EscalationSweepNotAllowed] = T(
                "{0} may not run the escalation sweep (mci_EscalateDueRequests): it escalates every due resource request of every deal, so only the MCI Administrator and System Administrator roles may run it. Nothing was escalated; ask an administrator to run it, or to give the flow's connection to someone with one of those roles.",
                "{0} 无权运行升级扫描（mci_EscalateDueRequests）：该操作会升级所有商机中到期的资源申请，因此仅限“MCI 管理员”和“系统管理员”角色运行。未升级任何申请；请让管理员运行，或将该流的连接交给拥有上述角色之一的用户。"),

            // {0} AsOf, {1} today (UTC)
            [RefusalCode.EscalationSweepDateAhead] = T(
                "The escalation sweep cannot run as of {0}: that is later than tomorrow (today is {1}, UTC), and an escalation is not undone, so requests that are not due yet would be escalated. Nothing was escalated; leave AsOf empty for today, or give today's date or an earlier one.",
                "升级扫描不能以 {0} 为基准日运行：该日期晚于明天（今天是 {1}，UTC），而升级无法撤销，尚未到期的申请会被升级。未升级任何申请；请将 AsOf 留空（即今天），或填写今天或更早的日期。"),

            // {0} environment variable, {1} its value
            [RefusalCode.SettingMarginInvalid] = T(
                "The environment variable {0} is “{1}”, which is not a percent from 0.00 to 100.00, so MCI cannot check partner margins; ask an administrator to set it (Solutions, MCI for Dataverse, Environment variables), or to clear it for the default 10.",
                "环境变量 {0} 的值为“{1}”，不是 0.00 到 100.00 之间的百分比，MCI 无法检查合作伙伴利润率；请管理员设置该值（解决方案 → MCI for Dataverse → 环境变量），或清除该值以使用默认值 10。"),
            [RefusalCode.SettingEmailInvalid] = T(
                "The environment variable {0} is “{1}”, which is not an email address, so MCI cannot find the sales executive; ask an administrator to set it to the sales executive's email (Solutions, MCI for Dataverse, Environment variables).",
                "环境变量 {0} 的值为“{1}”，不是电子邮件地址，MCI 无法找到销售高管；请管理员将其设为销售高管的邮箱（解决方案 → MCI for Dataverse → 环境变量）。"),
            [RefusalCode.SettingLeadDaysInvalid] = T(
                "The environment variable {0} is “{1}”, which is not a whole number of days of 0 or more, so MCI cannot tell whether a resource request is due; ask an administrator to set it (Solutions, MCI for Dataverse, Environment variables), or to clear it for the default 5.",
                "环境变量 {0} 的值为“{1}”，不是大于或等于 0 的整数天数，MCI 无法判断资源申请是否到期；请管理员设置该值（解决方案 → MCI for Dataverse → 环境变量），或清除该值以使用默认值 5。"),

            // {0} privilege, {1} what it allows, {2} the MCI roles that include it
            [RefusalCode.PrivilegeMissing] = T(
                "MCI could not finish this for you: your security roles lack the privilege {0} ({1}). Ask your administrator for the security role {2}, which includes it.",
                "MCI 无法为您完成此操作：您的安全角色缺少权限 {0}（{1}）。请联系管理员为您分配包含该权限的安全角色{2}。"),
            // {0} privilege, {1} what it allows
            [RefusalCode.PrivilegeMissingNoMciRole] = T(
                "MCI could not finish this for you: your security roles lack the privilege {0} ({1}), which no MCI role includes. Ask your administrator for a security role that includes it.",
                "MCI 无法为您完成此操作：您的安全角色缺少权限 {0}（{1}），任何 MCI 角色都不包含该权限。请联系管理员为您分配包含该权限的安全角色。"),
            // {0} what was asked, {1} record id, {2} the MCI roles that include the privilege at the widest depth
            [RefusalCode.PrivilegeAccessDenied] = T(
                "MCI could not finish this for you: your security roles do not reach record {1} ({0}). Ask your administrator for the security role {2}, or ask the record's owner to share it with you.",
                "MCI 无法为您完成此操作：您的安全角色无权访问记录 {1}（{0}）。请联系管理员为您分配安全角色{2}，或请记录的所有者与您共享该记录。"),
        };

        public static Bilingual For(RefusalCode code)
            => Refusals.TryGetValue(code, out var text) ? text : throw new ArgumentOutOfRangeException(nameof(code), code, "No message text for this refusal code.");

        // ---------------------------------------------------------------- pieces of messages
        /// <summary>Shown for a missing value; rules pass it (via <see cref="Texts.OrEmpty"/>) where a value may be empty.</summary>
        public static readonly Bilingual EmptyValue = T("(empty)", "（空）");
        /// <summary>Shown for a null or blank name: a null argument is always a missing name.</summary>
        public static readonly Bilingual NoName = T("(no name)", "（未命名）");
        /// <summary>Between items of a list of names: "A, B" / "A、B".</summary>
        public static readonly Bilingual NameSeparator = T(", ", "、");
        /// <summary>Between clauses: "A; B" / "A；B".</summary>
        public static readonly Bilingual ClauseSeparator = T("; ", "；");
        /// <summary>Between the problems of one engagement: "A and B" / "A，且B".</summary>
        public static readonly Bilingual ProblemSeparator = T(" and ", "，且");
        // {0} margin, {1} minimum
        public static readonly Bilingual MarginBelowMinimum = T("margin {0}% is below the minimum {1}%", "利润率 {0}% 低于最低利润率 {1}%");
        // {0} our price, {1} floor
        public static readonly Bilingual OurPriceBelowFloor = T("our price {0} is below the floor {1}", "我方价格 {0} 低于底价 {1}");
        // {0} partner, {1} problems
        public static readonly Bilingual EngagementProblems = T("“{0}” ({1})", "“{0}”（{1}）");

        /// <summary>A role's name in a list of roles: “MCI Seller”.</summary>
        public static readonly Bilingual RoleName = T("“{0}”", "“{0}”");
        /// <summary>Between the roles a user may ask for: "A or B" / "A或B".</summary>
        public static readonly Bilingual RoleSeparator = T(" or ", "或");

        // ---------------------------------------------------------------- routing's timeline note (English block, then Chinese block)
        // {0} opportunity
        public static readonly Bilingual RoutingNoteSubject = T("“{0}”: routing moved the dual credit", "“{0}”：路由调整了双算额度");
        public static readonly Bilingual RoutingNoteHeading = T(
            "Routing changed the Overlay split lines of “{0}” (the dual credit of its presales team):",
            "路由调整了“{0}”的叠加分配行（售前团队的双算额度）：");
        // {0} team, {1} percent
        public static readonly Bilingual RoutingNoteRemoved = T(
            "- Removed: the Overlay split line of “{0}” ({1}%), the presales team routing credited until now.",
            "- 已移除：此前路由计入的售前团队“{0}”的叠加分配行（{1}%）。");
        // {0} team, {1} tier
        public static readonly Bilingual RoutingNoteAdded = T(
            "- Added: an Overlay split line of “{0}” at 100.00%, the presales team support tier “{1}” credits.",
            "- 已添加：支持层级“{1}”计入的售前团队“{0}”的叠加分配行，比例 100.00%。");

        // ---------------------------------------------------------------- minutes snapshot (bilingual labels, one record for every reader)
        // {0} version
        public static readonly Bilingual SnapshotTitle = T("Split allocation, version {0}", "分配确认，第 {0} 版");
        public static readonly Bilingual SnapshotOpportunity = T("Opportunity", "商机");
        public static readonly Bilingual SnapshotConfirmedBy = T("Confirmed by", "确认人");
        public static readonly Bilingual SnapshotEstimatedValue = T("Estimated value", "预计收入");
        public static readonly Bilingual[] SnapshotColumns = { T("Type", "类型"), T("Team", "团队"), T("Seller", "销售"), T("Percent", "比例"), T("Amount", "金额") };
        public static readonly Bilingual SnapshotRevenueTotal = T("Revenue total", "收入合计");

        // ---------------------------------------------------------------- change note (English block, then Chinese block)
        // {0} opportunity
        public static readonly Bilingual NoteSubject = T("“{0}” changed", "“{0}”已变更");
        public static readonly Bilingual NoteHeading = T("“{0}” changed:", "“{0}”已变更：");
        // {0} field, {1} from, {2} to
        public static readonly Bilingual NoteLine = T("- {0}: {1} → {2}", "- {0}：{1} → {2}");
        // {0} user
        public static readonly Bilingual NoteChangedBy = T("Changed by {0}.", "修改人：{0}。");

        // ---------------------------------------------------------------- escalation task
        // {0} level, {1} request
        public static readonly Bilingual TaskSubject = T("Escalation level {0}: resource request “{1}”", "升级（第 {0} 级）：资源申请“{1}”");
        // {0} request, {1} role, {2} opportunity, {3} needed by
        public static readonly Bilingual TaskDeclined = T(
            "Resource request “{0}” ({1}) for “{2}” was declined; it is needed by {3}. Please find the resource or decide how to cover it.",
            "“{2}”的资源申请“{0}”（{1}）已被拒绝，需求日期为 {3}。请协调资源或决定替代方案。");
        // {0} request, {1} role, {2} opportunity, {3} needed by, {4} days left
        public static readonly Bilingual TaskDueSoon = T(
            "Resource request “{0}” ({1}) for “{2}” is still Requested and is needed by {3}, in {4} days. Please get it booked.",
            "“{2}”的资源申请“{0}”（{1}）仍处于“已申请”状态，需求日期为 {3}（还剩 {4} 天）。请尽快落实预订。");
        // {0} request, {1} role, {2} opportunity, {3} needed by, {4} status
        public static readonly Bilingual TaskOverdue = T(
            "Resource request “{0}” ({1}) for “{2}” was needed by {3} and is still {4}, not booked or fulfilled. Please step in.",
            "“{2}”的资源申请“{0}”（{1}）的需求日期为 {3}，目前仍为“{4}”，尚未预订或完成。请介入处理。");

        // ---------------------------------------------------------------- labels of MCI's choices (keep in step with Solution/src)
        private static readonly Dictionary<Enum, Bilingual> Labels = new Dictionary<Enum, Bilingual>
        {
            [SalesMode.Direct] = T("Direct", "直销"),
            [SalesMode.PartnerLed] = T("Partner Led", "合作伙伴主导"),
            [SalesMode.Channel] = T("Channel", "渠道"),
            [Complexity.Standard] = T("Standard", "标准"),
            [Complexity.Complex] = T("Complex", "复杂"),
            [PresalesModel.SolutionCentre] = T("Solution Centre", "解决方案中心"),
            [PresalesModel.BranchTechnicalTeam] = T("Branch Technical Team", "分公司技术团队"),
            [PresalesModel.PartnerSelfService] = T("Partner Self Service", "合作伙伴自助"),
            [PresalesModel.CallCentre] = T("Call Centre", "呼叫中心"),
            [AllocationStatus.NotRequired] = T("Not Required", "无需分配"),
            [AllocationStatus.Draft] = T("Draft", "草稿"),
            [AllocationStatus.Confirmed] = T("Confirmed", "已确认"),
            [AllocationStatus.Reopened] = T("Reopened", "已重新开启"),
            [SplitType.Revenue] = T("Revenue", "收入"),
            [SplitType.Overlay] = T("Overlay", "叠加"),
            [MinutesStatus.Draft] = T("Draft", "草稿"),
            [MinutesStatus.Confirmed] = T("Confirmed", "已确认"),
            [MinutesStatus.Superseded] = T("Superseded", "已被取代"),
            [ExceptionStatus.None] = T("None", "无"),
            [ExceptionStatus.Requested] = T("Requested", "已申请"),
            [ExceptionStatus.Approved] = T("Approved", "已批准"),
            [ExceptionStatus.Rejected] = T("Rejected", "已拒绝"),
            [ResourceStatus.Requested] = T("Requested", "已申请"),
            [ResourceStatus.Booked] = T("Booked", "已预订"),
            [ResourceStatus.Declined] = T("Declined", "已拒绝"),
            [ResourceStatus.Escalated] = T("Escalated", "已升级"),
            [ResourceStatus.Fulfilled] = T("Fulfilled", "已完成"),
            [ResourceRole.SolutionArchitect] = T("Solution Architect", "解决方案架构师"),
            [ResourceRole.TechnicalPresales] = T("Technical Presales", "技术售前"),
            [ResourceRole.DemoEngineer] = T("Demo Engineer", "演示工程师"),
            [ResourceRole.IndustryExpert] = T("Industry Expert", "行业专家"),
            [TierLevel.Tier1] = T("Tier 1", "一级"),
            [TierLevel.Tier2] = T("Tier 2", "二级"),
            [TierLevel.Tier3] = T("Tier 3", "三级"),
            [OpportunityStatus.InProgress] = T("In Progress", "进行中"),
            [OpportunityStatus.OnHold] = T("On Hold", "暂停"),
            [OpportunityStatus.Won] = T("Won", "赢单"),
            [OpportunityStatus.Canceled] = T("Canceled", "已取消"),
            [OpportunityStatus.OutSold] = T("Out-Sold", "输单"),
            [PartnerFigure.OurPrice] = T("our price", "我方价格"),
            [PartnerFigure.PartnerPrice] = T("partner price", "合作伙伴报价"),
            [PartnerFigure.PartnerCost] = T("partner cost", "合作伙伴成本"),
            [PartnerFigure.FloorPrice] = T("floor price", "底价"),
            [OpportunityField.Stage] = T("Stage", "阶段"),
            [OpportunityField.EstimatedValue] = T("Estimated value", "预计收入"),
            [OpportunityField.EstimatedCloseDate] = T("Estimated close date", "预计结束日期"),
            [OpportunityField.Status] = T("Status", "状态"),
            [OpportunityField.Allocation] = T("Allocation", "分配状态"),
            [OpportunityState.Open] = T("Open", "进行中"),
            [OpportunityState.Won] = T("Won", "赢单"),
            [OpportunityState.Lost] = T("Lost", "丢单"),
        };

        // ---------------------------------------------------------------- privileges (a refusal names what the privilege allows)
        // {0} table
        private static readonly Dictionary<PrivilegeAccess, Bilingual> AccessPhrases = new Dictionary<PrivilegeAccess, Bilingual>
        {
            [PrivilegeAccess.Create] = T("create {0}", "创建{0}"),
            [PrivilegeAccess.Read] = T("read {0}", "读取{0}"),
            [PrivilegeAccess.Write] = T("change {0}", "修改{0}"),
            [PrivilegeAccess.Delete] = T("delete {0}", "删除{0}"),
            [PrivilegeAccess.Append] = T("link {0} to other records", "将{0}关联到其他记录"),
            [PrivilegeAccess.AppendTo] = T("link other records to {0}", "将其他记录关联到{0}"),
            [PrivilegeAccess.Assign] = T("assign {0}", "分派{0}"),
            [PrivilegeAccess.Share] = T("share {0}", "共享{0}"),
        };

        /// <summary>Tables by the name their privileges carry (case ignored), in the plural a privilege speaks of.</summary>
        private static readonly Dictionary<string, Bilingual> TableLabels = new Dictionary<string, Bilingual>(StringComparer.OrdinalIgnoreCase)
        {
            ["mci_opportunitysplit"] = T("split lines", "分配行"),
            ["mci_allocationminutes"] = T("allocation minutes", "分配会议纪要"),
            ["mci_opportunitypartner"] = T("partner engagements", "合作伙伴参与记录"),
            ["mci_resourcerequest"] = T("resource requests", "资源申请"),
            ["mci_supporttier"] = T("support tiers", "支持层级"),
            ["mci_branch"] = T("branches", "分公司"),
            ["mci_partner"] = T("partners", "合作伙伴"),
            ["opportunity"] = T("opportunities", "商机"),
            ["account"] = T("accounts", "客户"),
            ["note"] = T("notes", "备注"),
            ["annotation"] = T("notes", "备注"),
            ["activity"] = T("activities", "活动"),
            ["user"] = T("users", "用户"),
            ["systemuser"] = T("users", "用户"),
            ["team"] = T("teams", "团队"),
            ["environmentvariablevalue"] = T("environment variable values", "环境变量值"),
            ["environmentvariabledefinition"] = T("environment variable definitions", "环境变量定义"),
        };

        public static Bilingual Access(PrivilegeAccess access) => AccessPhrases[access];

        /// <summary>A table's label in a privilege's phrase; a table MCI does not know is named as it is.</summary>
        public static Bilingual TableLabel(string table) => TableLabels.TryGetValue(table, out var label) ? label : T(table, table);

        public static Bilingual Label(Enum value)
            => Labels.TryGetValue(value, out var text) ? text : T(value.ToString(), value.ToString());
    }
}
