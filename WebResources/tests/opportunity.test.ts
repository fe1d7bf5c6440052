// Behaviour of the shipped opportunity form script (mci_/scripts/opportunity.js) on an xrm-mock form.
// Expected messages are written out here on purpose: a change of wording must be a deliberate change of this test.
import { strict as assert } from "node:assert";
import { beforeEach, describe, it } from "node:test";
import { loadShippedScript, opportunityForm, OpportunityId, OpportunityScript, Row, TestForm, warnings } from "./support/harness";

const Revenue = 613000000;
const Overlay = 613000001;
const Draft = 613000000;
const Confirmed = 613000001;
const Superseded = 613000002;
const BranchTechnicalTeam = 613000001;
const SolutionCentre = 613000000;

const Ids = { split: "mci_split_total", confirm: "mci_split_confirm", branch: "mci_missing_branch", unreadable: "mci_split_unreadable" };

const revenue = (percent: unknown, locked = false): Row => ({ mci_splittype: Revenue, mci_percent: percent, mci_locked: locked });
const overlay = (percent: unknown): Row => ({ mci_splittype: Overlay, mci_percent: percent, mci_locked: false });
const minutes = (status: unknown): Row => ({ mci_status: status });
const branch = (name: string): Xrm.LookupValue => ({ id: "{9B1C4E55-0000-4000-8000-000000000001}", entityType: "mci_branch", name });

let script: OpportunityScript;

/** What the form does on load, then waits until the script's reads are shown. */
async function load(form: TestForm): Promise<void> {
    assert.equal(script.onLoad(form.eventContext), undefined, "the form never waits for MCI's reads");
    await script.whenSettled();
}

beforeEach(() => {
    script = loadShippedScript();
});

describe("loading the form", () => {
    it("shows the live Revenue total and what is missing, and the Confirm state", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(50), revenue(20));
        await load(form);
        assert.deepEqual(form.notifications().get(Ids.split), {
            level: "WARNING",
            message: "Revenue split 70.00% of 100%: add 30.00% in Revenue lines to complete it.",
        });
        assert.deepEqual(form.notifications().get(Ids.confirm), {
            level: "INFO",
            message: "Not ready to confirm: the Revenue lines total 70.00% (exactly 100.00% is needed) and there are no minutes yet.",
        });
        assert.equal(form.notifications().size, 2);
    });

    it("reads only this opportunity's lines and minutes, with $select and a page size", async () => {
        const form = opportunityForm();
        await load(form);
        const filter = `&$filter=_mci_opportunityid_value eq ${OpportunityId}`;
        assert.deepEqual(
            form.webApi.calls.map((c) => [c.table, c.options, c.maxPageSize]),
            [
                ["mci_opportunitysplit", "?$select=mci_splittype,mci_percent,mci_locked" + filter, 50],
                ["mci_allocationminutes", "?$select=mci_status" + filter, 50],
            ]);
    });

    it("subscribes to the split-lines subgrid named SplitLines", () => {
        assert.equal(script.SplitLinesControl, "SplitLines");
    });

    it("works on a form without the subgrid", async () => {
        const form = opportunityForm({ grid: false });
        form.webApi.lines(revenue(40));
        await load(form);
        assert.equal(form.notifications().get(Ids.split)?.message, "Revenue split 40.00% of 100%: add 60.00% in Revenue lines to complete it.");
    });

    it("never throws into the form, even when the form itself fails", async () => {
        const broken = { getFormContext: () => { throw new Error("no form"); } } as unknown as Xrm.Events.EventContext;
        assert.doesNotThrow(() => script.onLoad(broken));
        assert.doesNotThrow(() => script.onSplitLinesLoad(broken));
        assert.doesNotThrow(() => script.onDataLoad(broken));
        await script.whenSettled();
        assert.equal(warnings.length, 3);
    });
});

describe("Chinese (2052) and other languages", () => {
    it("speaks Simplified Chinese to a 2052 user", async () => {
        const form = opportunityForm({ languageId: 2052 });
        form.webApi.lines(revenue(70));
        await load(form);
        assert.deepEqual(form.notifications().get(Ids.split), {
            level: "WARNING",
            message: "收入分配 70.00%（共 100%）：请在收入分配行中再添加 30.00% 以补足。",
        });
        assert.equal(form.notifications().get(Ids.confirm)?.message, "尚不能确认：收入分配行合计 70.00%（须正好为 100.00%），且尚无会议纪要。");
    });

    it("speaks English to 1033 and to any other language", async () => {
        for (const languageId of [1033, 1031, 0]) {
            script = loadShippedScript();
            const form = opportunityForm({ languageId });
            form.webApi.lines(revenue(100)).minutes(minutes(Draft));
            await load(form);
            assert.equal(form.notifications().get(Ids.confirm)?.message,
                "Ready to confirm: the Revenue lines total 100.00% and Draft minutes await a sales executive's confirmation.", `language ${languageId}`);
        }
    });

    it("shows every Chinese message kind", async () => {
        const cases: [Row[], Row[], string | undefined, string | undefined][] = [
            [[revenue(120)], [], "收入分配 120.00% 超过 100%：请将收入分配行调低 20.00%。", "尚不能确认：收入分配行合计 120.00%（须正好为 100.00%），且尚无会议纪要。"],
            [[revenue(60, true)], [minutes(Confirmed)], "收入分配 60.00%（共 100%）：分配行已被确认的会议纪要锁定；请先重新开启会议纪要，再添加 40.00%。",
                "分配已确认：已确认的会议纪要锁定了分配行。如需修改分配，请由销售高管重新开启会议纪要（设为“已被取代”并填写原因）。"],
            [[revenue(110, true)], [], "收入分配 110.00% 超过 100%：请先重新开启会议纪要，再将收入分配行调低 10.00%。", "尚不能确认：收入分配行合计 110.00%（须正好为 100.00%），且尚无会议纪要。"],
            [[revenue(100)], [minutes(Draft)], undefined, "可以确认：收入分配行合计 100.00%，草稿会议纪要等待销售高管确认。"],
            [[revenue(80)], [minutes(Draft)], "收入分配 80.00%（共 100%）：请在收入分配行中再添加 20.00% 以补足。", "草稿会议纪要等待确认，但收入分配行合计为 80.00%：合计正好为 100.00% 时才能确认会议纪要。"],
            [[revenue(100)], [], undefined, "收入分配行合计 100.00%，但尚无会议纪要：请添加分配会议纪要，由销售高管确认分配。"],
        ];
        for (const [lines, minutesRows, split, confirm] of cases) {
            script = loadShippedScript();
            const form = opportunityForm({ languageId: 2052 });
            form.webApi.lines(...lines).minutes(...minutesRows);
            await load(form);
            assert.equal(form.notifications().get(Ids.split)?.message, split);
            assert.equal(form.notifications().get(Ids.confirm)?.message, confirm);
        }
    });
});

describe("the split-lines subgrid changes", () => {
    it("updates the total after each refresh of the subgrid and clears it once complete", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(60));
        await load(form);
        assert.equal(form.notifications().get(Ids.split)?.message, "Revenue split 60.00% of 100%: add 40.00% in Revenue lines to complete it.");

        form.webApi.lines(revenue(60), revenue(30));
        await form.refreshGrid();
        assert.equal(form.notifications().get(Ids.split)?.message, "Revenue split 90.00% of 100%: add 10.00% in Revenue lines to complete it.");

        form.webApi.lines(revenue(60), revenue(40));
        await form.refreshGrid();
        assert.equal(form.notifications().has(Ids.split), false);
        assert.equal(form.notifications().get(Ids.confirm)?.message,
            "The Revenue lines total 100.00%, but there are no minutes yet: add allocation minutes for a sales executive to confirm the split.");
    });

    it("subscribes once, however often the form loads", async () => {
        const form = opportunityForm();
        await load(form);
        await load(form);
        form.webApi.calls.length = 0;
        await form.refreshGrid();
        assert.equal(form.webApi.calls.length, 2, "one read of lines and one of minutes per refresh");
    });

    it("refreshes after the form's data loads again (after a save)", async () => {
        const form = opportunityForm();
        await load(form);
        assert.equal(form.notifications().size, 0);
        form.webApi.lines(revenue(25));
        await form.reloadData();
        assert.equal(form.notifications().get(Ids.split)?.message, "Revenue split 25.00% of 100%: add 75.00% in Revenue lines to complete it.");
    });

    it("shows the newest answer when refreshes overlap, never an older one", async () => {
        const form = opportunityForm();
        let release!: () => void;
        const held = new Promise<void>((resolve) => { release = resolve; });
        form.webApi.lines(revenue(10));
        form.webApi.gate = () => held;
        script.onLoad(form.eventContext);
        // While the first read waits, two lines are added and the grid reloads twice.
        form.webApi.lines(revenue(10), revenue(20));
        const second = form.refreshGrid();
        form.webApi.lines(revenue(10), revenue(20), revenue(30));
        const third = form.refreshGrid();
        form.webApi.gate = undefined;
        release();
        await Promise.all([second, third, script.whenSettled()]);
        assert.equal(form.notifications().get(Ids.split)?.message, "Revenue split 60.00% of 100%: add 40.00% in Revenue lines to complete it.");
        assert.equal(form.webApi.calls.length, 4, "the overlapping triggers share one follow-up read (2 calls each)");
    });
});

describe("totals", () => {
    it("clears the split notification at exactly 100.00%", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(33.33), revenue(33.33), revenue(33.34));
        await load(form);
        assert.equal(form.notifications().has(Ids.split), false);
    });

    it("shows an error over 100%", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(70), revenue(50));
        await load(form);
        assert.deepEqual(form.notifications().get(Ids.split), {
            level: "ERROR",
            message: "Revenue split 120.00% is over 100%: lower the Revenue lines by 20.00%.",
        });
    });

    it("says to reopen the minutes when confirmed minutes lock the lines", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(60, true), revenue(50, true)).minutes(minutes(Confirmed));
        await load(form);
        assert.deepEqual(form.notifications().get(Ids.split), {
            level: "ERROR",
            message: "Revenue split 110.00% is over 100%: reopen the minutes, then lower the Revenue lines by 10.00%.",
        });
        form.webApi.lines(revenue(60, true));
        await form.refreshGrid();
        assert.equal(form.notifications().get(Ids.split)?.message,
            "Revenue split 60.00% of 100%: the lines are locked by confirmed minutes; reopen the minutes to add 40.00%.");
    });

    it("ignores Overlay lines", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(100), overlay(100), overlay(50));
        await load(form);
        assert.equal(form.notifications().has(Ids.split), false);

        form.webApi.lines(overlay(100));
        await form.refreshGrid();
        assert.equal(form.notifications().size, 0, "only Overlay lines: no Revenue split is required and nothing is shown");
    });

    it("counts an empty split type as Revenue, the column's default", async () => {
        const form = opportunityForm();
        form.webApi.lines({ mci_splittype: null, mci_percent: 45, mci_locked: false }, overlay(100));
        await load(form);
        assert.equal(form.notifications().get(Ids.split)?.message, "Revenue split 45.00% of 100%: add 55.00% in Revenue lines to complete it.");
    });

    it("formats with two decimals and a dot whatever the numbers", async () => {
        const form = opportunityForm({ languageId: 1031 });
        form.webApi.lines(revenue(12.5), revenue(0.05));
        await load(form);
        assert.equal(form.notifications().get(Ids.split)?.message, "Revenue split 12.55% of 100%: add 87.45% in Revenue lines to complete it.");
    });

    it("reads every page the server returns through @odata.nextLink", async () => {
        const form = opportunityForm();
        form.webApi.pageSize = 2;
        form.webApi.lines(revenue(10), revenue(10), overlay(100), revenue(10), revenue(10), revenue(5.5), revenue(0.25));
        await load(form);
        assert.equal(form.notifications().get(Ids.split)?.message, "Revenue split 45.75% of 100%: add 54.25% in Revenue lines to complete it.");
        const lineCalls = form.webApi.calls.filter((c) => c.table === "mci_opportunitysplit");
        assert.equal(lineCalls.length, 4);
        assert.deepEqual(lineCalls.slice(1).map((c) => new URLSearchParams(c.options.slice(1)).get("$skiptoken")), ["2", "4", "6"]);
        assert.ok(lineCalls.every((c) => c.options.startsWith("?$select=mci_splittype,mci_percent,mci_locked&")), "the next page is the nextLink's query, unchanged");
    });
});

describe("the Confirm action's state", () => {
    it("tells when Draft minutes can be confirmed", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(100)).minutes(minutes(Superseded), minutes(Draft));
        await load(form);
        assert.deepEqual(form.notifications().get(Ids.confirm), {
            level: "INFO",
            message: "Ready to confirm: the Revenue lines total 100.00% and Draft minutes await a sales executive's confirmation.",
        });
    });

    it("tells when Draft minutes wait for the lines", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(80)).minutes(minutes(null));
        await load(form);
        assert.equal(form.notifications().get(Ids.confirm)?.message,
            "Draft minutes await confirmation, but the Revenue lines total 80.00%: minutes can be confirmed only at exactly 100.00%.");
    });

    it("tells when the split is confirmed", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(70, true), revenue(30, true)).minutes(minutes(Superseded), minutes(Confirmed));
        await load(form);
        assert.equal(form.notifications().has(Ids.split), false);
        assert.equal(form.notifications().get(Ids.confirm)?.message,
            "Split confirmed: the Confirmed minutes lock the split lines. To change the split, a sales executive reopens the minutes (sets them to Superseded with a reason).");
    });

    it("treats only Superseded minutes as no minutes", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(100)).minutes(minutes(Superseded));
        await load(form);
        assert.equal(form.notifications().get(Ids.confirm)?.message,
            "The Revenue lines total 100.00%, but there are no minutes yet: add allocation minutes for a sales executive to confirm the split.");
    });

    it("tells about Draft minutes even before any Revenue line", async () => {
        const form = opportunityForm();
        form.webApi.minutes(minutes(Draft));
        await load(form);
        assert.equal(form.notifications().has(Ids.split), false);
        assert.equal(form.notifications().get(Ids.confirm)?.message,
            "Draft minutes await confirmation, but the Revenue lines total 0.00%: minutes can be confirmed only at exactly 100.00%.");
    });
});

describe("empty opportunities", () => {
    it("shows nothing for a saved opportunity without lines or minutes", async () => {
        const form = opportunityForm();
        await load(form);
        assert.equal(form.notifications().size, 0);
        assert.equal(form.webApi.calls.length, 2);
    });

    it("neither reads nor shows anything for a new, unsaved opportunity", async () => {
        const form = opportunityForm({ id: "", presalesModel: BranchTechnicalTeam });
        form.webApi.lines(revenue(50));
        await load(form);
        await form.refreshGrid();
        assert.equal(form.webApi.calls.length, 0);
        assert.equal(form.notifications().size, 0);
    });

    it("reads once a new opportunity is saved and has an id", async () => {
        const form = opportunityForm({ id: "" });
        await load(form);
        form.webApi.lines(revenue(50));
        (form.formContext.data.entity as unknown as { id: string }).id = `{${OpportunityId}}`;
        await form.reloadData();
        assert.equal(form.notifications().get(Ids.split)?.message, "Revenue split 50.00% of 100%: add 50.00% in Revenue lines to complete it.");
    });

    it("treats an id that is not a GUID like no id", async () => {
        const form = opportunityForm({ id: "{not-a-guid) or 1 eq 1" });
        await load(form);
        assert.equal(form.webApi.calls.length, 0);
    });
});

describe("failed or unreadable reads", () => {
    const unreadable = {
        level: "WARNING",
        message: "MCI could not read the split lines or minutes of this opportunity, so no split total is shown. Refresh the form to try again; the split is still checked when records are saved.",
    };

    it("shows a neutral warning and no total when the Web API call fails", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(70));
        await load(form);
        assert.ok(form.notifications().has(Ids.split));

        form.webApi.failure = { errorCode: 2147746336, message: "Principal user is missing prvReadmci_opportunitysplit privilege" };
        await form.refreshGrid();
        assert.deepEqual([...form.notifications().keys()], [Ids.unreadable], "the earlier 70.00% is gone: it may no longer be true");
        assert.deepEqual(form.notifications().get(Ids.unreadable), unreadable);
        assert.equal(warnings[0]?.[0], "MCI opportunity form script:", "the failure goes to the console for support");

        form.webApi.failure = undefined;
        await form.refreshGrid();
        assert.equal(form.notifications().has(Ids.unreadable), false, "the warning goes once a read works again");
        assert.ok(form.notifications().has(Ids.split));
    });

    it("speaks Chinese in the warning too", async () => {
        const form = opportunityForm({ languageId: 2052 });
        form.webApi.failure = new Error("network");
        await load(form);
        assert.equal(form.notifications().get(Ids.unreadable)?.message,
            "MCI 无法读取此商机的分配行或会议纪要，因此不显示分配合计。请刷新表单重试；保存记录时仍会检查分配。");
    });

    it("fails the read on a next link it cannot follow, or a server that pages forever", async () => {
        const form = opportunityForm();
        const endless = async (_table: string, options?: string) => ({ entities: [revenue(1)], nextLink: "https://contoso.crm.dynamics.com/api/data/v9.2/x" + (options || "") });
        (Xrm.WebApi as { retrieveMultipleRecords: unknown }).retrieveMultipleRecords = endless;
        await load(form);
        assert.deepEqual([...form.notifications().keys()], [Ids.unreadable]);

        script = loadShippedScript();
        const other = opportunityForm();
        let page = 0;
        (Xrm.WebApi as { retrieveMultipleRecords: unknown }).retrieveMultipleRecords = async () => ({ entities: [revenue(0.01)], nextLink: `https://x/y?$skiptoken=${++page}` });
        await load(other);
        assert.deepEqual([...other.notifications().keys()], [Ids.unreadable]);
        assert.ok(page <= 200, "stops after a bounded number of pages");
    });

    it("counts an empty percent as 0, as the plug-ins do", async () => {
        const form = opportunityForm();
        form.webApi.lines(revenue(70), revenue(null), { mci_splittype: Revenue, mci_locked: false });
        await load(form);
        assert.equal(form.notifications().get(Ids.split)?.message, "Revenue split 70.00% of 100%: add 30.00% in Revenue lines to complete it.");
    });

    it("shows no total when a percent is a string or not a finite number", async () => {
        for (const bad of ["30", "30.00", "abc", "", NaN, Infinity, {}, [], true]) {
            script = loadShippedScript();
            const form = opportunityForm();
            form.webApi.lines(revenue(70), revenue(bad));
            await load(form);
            assert.deepEqual([...form.notifications().keys()], [Ids.unreadable], `percent ${JSON.stringify(bad)}`);
        }
    });

    it("shows no total for a choice value MCI does not know, or a row that is not an object", async () => {
        const cases: [Row[] | unknown[], unknown[]][] = [
            [[{ mci_splittype: 1, mci_percent: 50 }], []],
            [[{ mci_splittype: "613000000", mci_percent: 50 }], []],
            [[revenue(50)], [minutes(4)]],
            [[revenue(50)], [minutes("Draft")]],
            [[null], []],
            [[revenue(50)], ["<script>"]],
        ];
        for (const [lines, minutesRows] of cases) {
            script = loadShippedScript();
            const form = opportunityForm();
            (Xrm.WebApi as { retrieveMultipleRecords: unknown }).retrieveMultipleRecords = async (table: string) =>
                ({ entities: table === "mci_opportunitysplit" ? lines : minutesRows });
            await load(form);
            assert.deepEqual([...form.notifications().keys()], [Ids.unreadable], JSON.stringify([lines, minutesRows]));
        }
    });

    it("treats an answer without an entities array as a failed read", async () => {
        const form = opportunityForm();
        (Xrm.WebApi as { retrieveMultipleRecords: unknown }).retrieveMultipleRecords = async () => ({ value: [] });
        await load(form);
        assert.deepEqual([...form.notifications().keys()], [Ids.unreadable]);
    });
});

describe("missing branch (SPEC Clarifications)", () => {
    it("asks the seller to set the branch when Branch Technical Team presales has no team and no branch", async () => {
        const form = opportunityForm({ presalesModel: BranchTechnicalTeam });
        await load(form);
        assert.deepEqual(form.notifications().get(Ids.branch), {
            level: "WARNING",
            message: "Presales is Branch Technical Team, but this opportunity has no branch: set the branch, so that its technical team runs presales.",
        });
    });

    it("names the branch that has no technical team", async () => {
        const form = opportunityForm({ presalesModel: BranchTechnicalTeam, branch: branch("East China") });
        await load(form);
        assert.equal(form.notifications().get(Ids.branch)?.message,
            "Presales is Branch Technical Team, but branch “East China” has no technical team: ask an MCI administrator to give the branch a technical team, or set another branch.");
    });

    it("asks to save when the branch was just changed on the form", async () => {
        const form = opportunityForm({ presalesModel: BranchTechnicalTeam });
        form.formContext.getAttribute("mci_branchid")!.setValue([branch("North")]);
        await load(form);
        assert.equal(form.notifications().get(Ids.branch)?.message,
            "Presales is Branch Technical Team: save the opportunity, so that the technical team of branch “North” becomes its presales team.");
    });

    it("speaks Chinese", async () => {
        const cases: [Xrm.LookupValue | null, string][] = [
            [null, "售前支持模式为“分公司技术团队”，但此商机未设置分公司：请设置分公司，由其技术团队提供售前支持。"],
            [branch("华东"), "售前支持模式为“分公司技术团队”，但分公司“华东”没有技术团队：请联系 MCI 管理员为该分公司指定技术团队，或设置其他分公司。"],
        ];
        for (const [value, message] of cases) {
            script = loadShippedScript();
            const form = opportunityForm({ languageId: 2052, presalesModel: BranchTechnicalTeam, branch: value });
            await load(form);
            assert.equal(form.notifications().get(Ids.branch)?.message, message);
        }
        script = loadShippedScript();
        const form = opportunityForm({ languageId: 2052, presalesModel: BranchTechnicalTeam });
        form.formContext.getAttribute("mci_branchid")!.setValue([branch("华南")]);
        await load(form);
        assert.equal(form.notifications().get(Ids.branch)?.message, "售前支持模式为“分公司技术团队”：请保存商机，分公司“华南”的技术团队将成为售前团队。");
    });

    it("says nothing once a presales team is set, or for another presales model", async () => {
        const team: Xrm.LookupValue = { id: "{00000000-0000-4000-8000-0000000000AA}", entityType: "team", name: "East tech" };
        for (const options of [
            { presalesModel: BranchTechnicalTeam, presalesTeam: team },
            { presalesModel: SolutionCentre },
            { presalesModel: null },
        ]) {
            script = loadShippedScript();
            const form = opportunityForm(options);
            await load(form);
            assert.equal(form.notifications().has(Ids.branch), false, JSON.stringify(options));
        }
    });

    it("follows routing: the notice goes once the saved opportunity has its presales team", async () => {
        const form = opportunityForm({ presalesModel: BranchTechnicalTeam, branch: branch("East China") });
        await load(form);
        assert.ok(form.notifications().has(Ids.branch));
        form.formContext.getAttribute("mci_presalesteamid")!.setValue([{ id: "{00000000-0000-4000-8000-0000000000AB}", entityType: "team", name: "East tech" }]);
        await form.reloadData();
        assert.equal(form.notifications().has(Ids.branch), false);
    });

    it("keeps a hostile branch name plain and short", async () => {
        const form = opportunityForm({ presalesModel: BranchTechnicalTeam, branch: branch("<b>x</b>\u0000\n" + "y".repeat(300)) });
        await load(form);
        const message = form.notifications().get(Ids.branch)!.message;
        assert.ok(message.includes("“<b>x</b> yyyy"), message);
        assert.ok(!/[\u0000-\u001f]/.test(message));
        assert.ok(message.length < 300, `${message.length} characters`);
    });

    it("is shown even when the lines cannot be read", async () => {
        const form = opportunityForm({ presalesModel: BranchTechnicalTeam });
        form.webApi.failure = new Error("offline");
        await load(form);
        assert.deepEqual([...form.notifications().keys()].sort(), [Ids.branch, Ids.unreadable].sort());
    });
});
