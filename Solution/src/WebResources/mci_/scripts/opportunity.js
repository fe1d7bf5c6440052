"use strict";
/*
 * MCI opportunity form script: web resource mci_/scripts/opportunity.js, built from WebResources/src/opportunity.ts
 * (edit the TypeScript and run `npm run build`; never edit the built file).
 *
 * It only informs. Every rule it talks about (Revenue lines total at most 100%, minutes are confirmed only at exactly
 * 100.00%, locked lines, the branch's technical team) is enforced by the MCI plug-ins on the server, which stay the
 * authority: this script blocks nothing, cancels no save and is never the only guard of a rule. When it cannot read
 * the data it shows no total rather than a wrong one.
 *
 * Form wiring (see WebResources/README.md): the form's OnLoad calls Mci.Opportunity.onLoad with the execution context;
 * onLoad itself subscribes to the split-lines subgrid (control "SplitLines") and to the form's data load (after a save
 * or refresh), so every change of the lines shows a fresh total.
 */
var Mci;
(function (Mci) {
    var Opportunity;
    (function (Opportunity) {
        /** Name of the split-lines subgrid control on the MCI opportunity form (FormXml control id). */
        Opportunity.SplitLinesControl = "SplitLines";
        /** The form notifications this script sets (uniqueId of setFormNotification), one per message kind. */
        Opportunity.NotificationIds = {
            /** Live Revenue total while it is not exactly 100% (warning; error when over 100%). */
            split: "mci_split_total",
            /** State of the minutes' Confirm action (info). */
            confirm: "mci_split_confirm",
            /** Branch Technical Team presales without a presales team (warning). */
            branch: "mci_missing_branch",
            /** The lines or minutes could not be read, so no total is shown (warning). */
            unreadable: "mci_split_unreadable",
        };
        // Option values of the solution's choices (Solution/src/Entities/*/Entity.xml, OptionSets/): they start at 613000000.
        const SplitType = { Revenue: 613000000, Overlay: 613000001 };
        const MinutesStatus = { Draft: 613000000, Confirmed: 613000001, Superseded: 613000002 };
        const BranchTechnicalTeam = 613000001; // mci_presalesmodel
        const PageSize = 50;
        const MaxPages = 100; // 5,000 rows: far beyond any real split; a server that keeps paging is treated as a failed read
        const Complete = 10000; // 100.00% in hundredths: percents are summed as whole hundredths, so 33.33 + 33.33 + 33.34 is exactly 100
        const Texts = {
            en: {
                under: (total, missing) => `Revenue split ${total}% of 100%: add ${missing}% in Revenue lines to complete it.`,
                underLocked: (total, missing) => `Revenue split ${total}% of 100%: the lines are locked by confirmed minutes; reopen the minutes to add ${missing}%.`,
                over: (total, excess) => `Revenue split ${total}% is over 100%: lower the Revenue lines by ${excess}%.`,
                overLocked: (total, excess) => `Revenue split ${total}% is over 100%: reopen the minutes, then lower the Revenue lines by ${excess}%.`,
                confirmed: () => "Split confirmed: the Confirmed minutes lock the split lines. To change the split, a sales executive reopens the minutes (sets them to Superseded with a reason).",
                draftReady: () => "Ready to confirm: the Revenue lines total 100.00% and Draft minutes await a sales executive's confirmation.",
                draftNotReady: (total) => `Draft minutes await confirmation, but the Revenue lines total ${total}%: minutes can be confirmed only at exactly 100.00%.`,
                noMinutesReady: () => "The Revenue lines total 100.00%, but there are no minutes yet: add allocation minutes for a sales executive to confirm the split.",
                noMinutesNotReady: (total) => `Not ready to confirm: the Revenue lines total ${total}% (exactly 100.00% is needed) and there are no minutes yet.`,
                noBranch: () => "Presales is Branch Technical Team, but this opportunity has no branch: set the branch, so that its technical team runs presales.",
                branchUnsaved: (branch) => `Presales is Branch Technical Team: save the opportunity, so that the technical team of branch “${branch}” becomes its presales team.`,
                branchWithoutTeam: (branch) => `Presales is Branch Technical Team, but branch “${branch}” has no technical team: ask an MCI administrator to give the branch a technical team, or set another branch.`,
                unreadable: () => "MCI could not read the split lines or minutes of this opportunity, so no split total is shown. Refresh the form to try again; the split is still checked when records are saved.",
            },
            zh: {
                under: (total, missing) => `收入分配 ${total}%（共 100%）：请在收入分配行中再添加 ${missing}% 以补足。`,
                underLocked: (total, missing) => `收入分配 ${total}%（共 100%）：分配行已被确认的会议纪要锁定；请先重新开启会议纪要，再添加 ${missing}%。`,
                over: (total, excess) => `收入分配 ${total}% 超过 100%：请将收入分配行调低 ${excess}%。`,
                overLocked: (total, excess) => `收入分配 ${total}% 超过 100%：请先重新开启会议纪要，再将收入分配行调低 ${excess}%。`,
                confirmed: () => "分配已确认：已确认的会议纪要锁定了分配行。如需修改分配，请由销售高管重新开启会议纪要（设为“已被取代”并填写原因）。",
                draftReady: () => "可以确认：收入分配行合计 100.00%，草稿会议纪要等待销售高管确认。",
                draftNotReady: (total) => `草稿会议纪要等待确认，但收入分配行合计为 ${total}%：合计正好为 100.00% 时才能确认会议纪要。`,
                noMinutesReady: () => "收入分配行合计 100.00%，但尚无会议纪要：请添加分配会议纪要，由销售高管确认分配。",
                noMinutesNotReady: (total) => `尚不能确认：收入分配行合计 ${total}%（须正好为 100.00%），且尚无会议纪要。`,
                noBranch: () => "售前支持模式为“分公司技术团队”，但此商机未设置分公司：请设置分公司，由其技术团队提供售前支持。",
                branchUnsaved: (branch) => `售前支持模式为“分公司技术团队”：请保存商机，分公司“${branch}”的技术团队将成为售前团队。`,
                branchWithoutTeam: (branch) => `售前支持模式为“分公司技术团队”，但分公司“${branch}”没有技术团队：请联系 MCI 管理员为该分公司指定技术团队，或设置其他分公司。`,
                unreadable: () => "MCI 无法读取此商机的分配行或会议纪要，因此不显示分配合计。请刷新表单重试；保存记录时仍会检查分配。",
            },
        };
        // ---------- handlers the form calls ----------
        // They return nothing and never throw: the form does not wait for MCI's reads (even where an app turns on async
        // OnLoad handlers), and a failure never reaches the seller as a script error.
        /** Form OnLoad handler (FormXml functionName "Mci.Opportunity.onLoad", pass execution context). */
        function onLoad(executionContext) {
            guarded(() => {
                const formContext = executionContext.getFormContext();
                subscribe(formContext);
                refresh(formContext);
            });
        }
        Opportunity.onLoad = onLoad;
        /** OnLoad of the split-lines subgrid: fires when the grid loads and after each line is added, changed or removed.
         * onLoad subscribes it; it is exported so the form can also name it. */
        function onSplitLinesLoad(executionContext) {
            guarded(() => refresh(executionContext.getFormContext()));
        }
        Opportunity.onSplitLinesLoad = onSplitLinesLoad;
        /** Form data OnLoad (after a save or refresh): routing may have changed the presales team, and a new record now has an id. */
        function onDataLoad(executionContext) {
            guarded(() => refresh(executionContext.getFormContext()));
        }
        Opportunity.onDataLoad = onDataLoad;
        /** Settles once every refresh started so far shows its result (for tests and support in the browser console). */
        function whenSettled() {
            const running = Object.keys(refreshes).map((id) => refreshes[id].running).filter((p) => p !== null);
            return Promise.all(running).then(() => undefined);
        }
        Opportunity.whenSettled = whenSettled;
        function subscribe(formContext) {
            // remove before add: the form may call onLoad again (record navigation) and each handler must run once.
            const grid = formContext.getControl(Opportunity.SplitLinesControl);
            if (grid && typeof grid.addOnLoad === "function") {
                grid.removeOnLoad(onSplitLinesLoad); // @types/xrm types it narrower than addOnLoad's
                grid.addOnLoad(onSplitLinesLoad);
            }
            const data = formContext.data;
            if (data && typeof data.addOnLoad === "function") {
                data.removeOnLoad(onDataLoad);
                data.addOnLoad(onDataLoad);
            }
        }
        function guarded(work) {
            try {
                work();
            }
            catch (error) {
                report(error);
            }
        }
        function report(error) {
            if (typeof console !== "undefined")
                console.warn("MCI opportunity form script:", error);
        }
        const refreshes = {};
        /** Reads and shows. A trigger that arrives while a read runs does not start a second one in parallel: it asks for
         * one more read after the current one, whose result is the one shown (an older answer never overwrites a newer). */
        function refresh(formContext) {
            const id = recordId(formContext);
            if (id === null) {
                // A new, unsaved opportunity: nothing to read and nothing to tell yet.
                clearAll(formContext);
                return;
            }
            const state = refreshes[id] || (refreshes[id] = { formContext, running: null, again: false });
            state.formContext = formContext;
            if (state.running) {
                state.again = true;
                return;
            }
            state.running = run(id, state);
        }
        async function run(id, state) {
            try {
                do {
                    state.again = false;
                    const split = await readSplit(id);
                    if (state.again)
                        continue; // lines changed while reading: only the next read is shown
                    show(state.formContext, split);
                } while (state.again);
            }
            catch (error) {
                report(error); // the form itself failed (a notification call): nothing more to do than tell support
            }
            finally {
                state.running = null;
            }
        }
        function recordId(formContext) {
            const raw = formContext.data && formContext.data.entity ? formContext.data.entity.getId() : "";
            const id = typeof raw === "string" ? raw.replace(/[{}]/g, "").toLowerCase() : "";
            return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) ? id : null;
        }
        // ---------- reading ----------
        /** The split as the plug-ins see it, or undefined when it could not be read (failed call or a value MCI cannot interpret). */
        async function readSplit(id) {
            // Like the plug-ins, every line of the opportunity counts, active or not (lines are deleted, never deactivated),
            // and every minutes record: a total that differs from the server's would mislead.
            const filter = `&$filter=_mci_opportunityid_value eq ${id}`;
            let lines;
            let minutes;
            try {
                [lines, minutes] = await Promise.all([
                    readAll("mci_opportunitysplit", "?$select=mci_splittype,mci_percent,mci_locked" + filter),
                    readAll("mci_allocationminutes", "?$select=mci_status" + filter),
                ]);
            }
            catch (error) {
                report(error);
                return undefined;
            }
            return summarize(lines, minutes);
        }
        /** Every page of a query: the next page is asked for with the query part of @odata.nextLink, unchanged, as the
         * Client API reference says. */
        async function readAll(table, query) {
            const rows = [];
            let options = query;
            for (let page = 0; page < MaxPages; page++) {
                const result = await Xrm.WebApi.retrieveMultipleRecords(table, options, PageSize);
                if (!result || !Array.isArray(result.entities))
                    throw new Error(`Unexpected answer reading ${table}.`);
                rows.push(...result.entities);
                const next = result.nextLink;
                if (!next)
                    return rows;
                const at = typeof next === "string" ? next.indexOf("?") : -1;
                if (at < 0 || next.substring(at) === options)
                    throw new Error(`Unusable next link reading ${table}.`);
                options = next.substring(at);
            }
            throw new Error(`${table}: more than ${MaxPages} pages.`);
        }
        function summarize(lines, minutes) {
            const split = { revenueLines: 0, revenueTotal: 0, locked: false, draftMinutes: false, confirmedMinutes: false };
            for (const line of lines) {
                if (!isRow(line))
                    return undefined;
                const type = choice(line.mci_splittype, SplitType.Revenue, [SplitType.Revenue, SplitType.Overlay]);
                const percent = hundredths(line.mci_percent);
                if (type === undefined || percent === undefined)
                    return undefined;
                if (line.mci_locked === true)
                    split.locked = true;
                if (type !== SplitType.Revenue)
                    continue; // Overlay lines (dual credit) do not count toward 100%
                split.revenueLines++;
                split.revenueTotal += percent;
            }
            for (const record of minutes) {
                if (!isRow(record))
                    return undefined;
                const status = choice(record.mci_status, MinutesStatus.Draft, [MinutesStatus.Draft, MinutesStatus.Confirmed, MinutesStatus.Superseded]);
                if (status === undefined)
                    return undefined;
                if (status === MinutesStatus.Draft)
                    split.draftMinutes = true;
                if (status === MinutesStatus.Confirmed)
                    split.confirmedMinutes = split.locked = true;
            }
            return split;
        }
        function isRow(value) {
            return typeof value === "object" && value !== null;
        }
        /** A choice value: empty takes the column's default (the server stores defaults); a value MCI does not know is unreadable. */
        function choice(value, empty, known) {
            if (value === null || value === undefined)
                return empty;
            return typeof value === "number" && known.indexOf(value) >= 0 ? value : undefined;
        }
        /** A percent in whole hundredths. Empty counts 0, as the plug-ins count it; anything but a finite number is unreadable. */
        function hundredths(value) {
            if (value === null || value === undefined)
                return 0;
            return typeof value === "number" && isFinite(value) ? Math.round(value * 100) : undefined;
        }
        // ---------- showing ----------
        function show(formContext, split) {
            const texts = Texts[language()];
            notify(formContext, Opportunity.NotificationIds.branch, branchNotice(formContext, texts));
            if (split === undefined) {
                notify(formContext, Opportunity.NotificationIds.split, null);
                notify(formContext, Opportunity.NotificationIds.confirm, null);
                notify(formContext, Opportunity.NotificationIds.unreadable, { level: "WARNING", text: texts.unreadable() });
                return;
            }
            notify(formContext, Opportunity.NotificationIds.unreadable, null);
            notify(formContext, Opportunity.NotificationIds.split, splitNotice(split, texts));
            notify(formContext, Opportunity.NotificationIds.confirm, confirmNotice(split, texts));
        }
        function splitNotice(split, texts) {
            if (split.revenueLines === 0 || split.revenueTotal === Complete)
                return null; // nothing required, or complete
            const total = percent(split.revenueTotal);
            if (split.revenueTotal > Complete) {
                const excess = percent(split.revenueTotal - Complete);
                return { level: "ERROR", text: split.locked ? texts.overLocked(total, excess) : texts.over(total, excess) };
            }
            const missing = percent(Complete - split.revenueTotal);
            return { level: "WARNING", text: split.locked ? texts.underLocked(total, missing) : texts.under(total, missing) };
        }
        function confirmNotice(split, texts) {
            const complete = split.revenueTotal === Complete;
            const total = percent(split.revenueTotal);
            let text;
            if (split.confirmedMinutes)
                text = texts.confirmed();
            else if (split.draftMinutes)
                text = complete ? texts.draftReady() : texts.draftNotReady(total);
            else if (split.revenueLines > 0)
                text = complete ? texts.noMinutesReady() : texts.noMinutesNotReady(total);
            else
                return null; // no Revenue lines and no open minutes: there is nothing to confirm
            return { level: "INFO", text };
        }
        /** SPEC "Missing branch": routing leaves the presales team empty when a Branch Technical Team tier meets a deal
         * without a branch or a branch without a technical team; the seller is told to set the branch. */
        function branchNotice(formContext, texts) {
            const model = formContext.getAttribute("mci_presalesmodel");
            const team = formContext.getAttribute("mci_presalesteamid");
            if (!model || !team || model.getValue() !== BranchTechnicalTeam || hasLookup(team.getValue()))
                return null;
            const branch = formContext.getAttribute("mci_branchid");
            const value = branch ? branch.getValue() : null;
            if (!hasLookup(value))
                return { level: "WARNING", text: texts.noBranch() };
            const name = displayName(value[0].name);
            return { level: "WARNING", text: branch.getIsDirty() ? texts.branchUnsaved(name) : texts.branchWithoutTeam(name) };
        }
        function hasLookup(value) {
            return Array.isArray(value) && value.length > 0 && isRow(value[0]);
        }
        /** A record name for a message: plain text, no control characters, at most 100 characters. */
        function displayName(name) {
            const text = typeof name === "string" ? name.replace(/[\u0000-\u001f\u007f]+/g, " ").trim() : "";
            if (text === "")
                return "?";
            return text.length > 100 ? text.substring(0, 99) + "…" : text;
        }
        /** Hundredths as "70.00": two decimals, "." as separator, whatever the user's locale (toFixed is locale-independent). */
        function percent(hundredthsValue) {
            return (hundredthsValue / 100).toFixed(2);
        }
        function language() {
            try {
                return Xrm.Utility.getGlobalContext().userSettings.languageId === 2052 ? "zh" : "en";
            }
            catch (error) {
                return "en";
            }
        }
        function notify(formContext, id, notice) {
            // Cleared first: setFormNotification with an id already shown does not replace its text everywhere.
            formContext.ui.clearFormNotification(id);
            if (notice)
                formContext.ui.setFormNotification(notice.text, notice.level, id);
        }
        function clearAll(formContext) {
            for (const key of Object.keys(Opportunity.NotificationIds)) {
                formContext.ui.clearFormNotification(Opportunity.NotificationIds[key]);
            }
        }
    })(Opportunity = Mci.Opportunity || (Mci.Opportunity = {}));
})(Mci || (Mci = {}));
