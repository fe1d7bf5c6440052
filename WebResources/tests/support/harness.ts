// Test harness: runs the BUILT web resource (the committed file that ships, found through tsconfig.json's outDir) as the
// classic script a model-driven form loads, against an xrm-mock form and an in-memory stand-in for Xrm.WebApi.
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import * as ts from "typescript";
import { XrmMockGenerator } from "xrm-mock";

/** WebResources/ (this file runs from build/tests/support/). */
export const projectRoot = path.resolve(__dirname, "..", "..", "..");

function parsedConfig(): ts.ParsedCommandLine {
    const configPath = path.join(projectRoot, "tsconfig.json");
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); },
    });
    if (!parsed) throw new Error("tsconfig.json could not be read");
    return parsed;
}

/** Path of the committed, built web resource: tsconfig.json's outDir + opportunity.js. */
export function shippedScriptPath(): string {
    const outDir = parsedConfig().options.outDir;
    if (!outDir) throw new Error("tsconfig.json has no outDir");
    return path.join(outDir, "opportunity.js");
}

/** Compiles src/ in memory with tsconfig.json, exactly as `npm run build` does, and returns each output file's text by path. */
export function freshBuild(): Map<string, string> {
    const parsed = parsedConfig();
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    if (diagnostics.length > 0) {
        throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => projectRoot, getNewLine: () => "\n" }));
    }
    const outputs = new Map<string, string>();
    program.emit(undefined, (fileName, text) => outputs.set(path.resolve(fileName), text));
    return outputs;
}

export type OpportunityScript = typeof Mci.Opportunity;

/** What the script logged with console.warn since it was last loaded (kept out of the test output). */
export const warnings: unknown[][] = [];
console.warn = (...args: unknown[]) => { warnings.push(args); };

/** Loads the shipped file into this process as a classic script (its top-level `var Mci` becomes a global). */
export function loadShippedScript(): OpportunityScript {
    const file = shippedScriptPath();
    (globalThis as { Mci?: unknown }).Mci = undefined; // a fresh namespace (and fresh module state) per test
    warnings.length = 0;
    vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
    return (globalThis as unknown as { Mci: typeof Mci }).Mci.Opportunity;
}

// ---------- a stand-in for Xrm.WebApi.retrieveMultipleRecords ----------

export type Row = { [column: string]: unknown };

export interface WebApiCall {
    table: string;
    options: string;
    maxPageSize: number | undefined;
}

/** Rows per table for one opportunity id, served page by page with an @odata.nextLink like Dataverse's. */
export class FakeWebApi {
    readonly tables: { [table: string]: Row[] } = { mci_opportunitysplit: [], mci_allocationminutes: [] };
    readonly calls: WebApiCall[] = [];
    /** Rows per page when smaller than the page size the script asks for (to force paging). */
    pageSize: number | undefined;
    /** When set, every call fails with this error (as a rejected promise, like the Client API). */
    failure: unknown;
    /** When set, each call waits for it before answering (to interleave reads in a test). */
    gate: (() => Promise<void>) | undefined;

    constructor(readonly opportunityId: string) {}

    lines(...rows: Row[]): this {
        this.tables.mci_opportunitysplit = rows.map((r) => ({ _mci_opportunityid_value: this.opportunityId, ...r }));
        return this;
    }

    minutes(...rows: Row[]): this {
        this.tables.mci_allocationminutes = rows.map((r) => ({ _mci_opportunityid_value: this.opportunityId, ...r }));
        return this;
    }

    readonly retrieveMultipleRecords = async (table: string, options?: string, maxPageSize?: number): Promise<Xrm.RetrieveMultipleResult> => {
        this.calls.push({ table, options: options || "", maxPageSize });
        if (this.gate) await this.gate();
        if (this.failure !== undefined) throw this.failure;
        const query = new URLSearchParams((options || "").replace(/^\?/, ""));
        const filter = /^_mci_opportunityid_value eq ([0-9a-f-]{36})$/.exec(query.get("$filter") || "");
        if (!filter) throw new Error(`unexpected $filter in ${options}`);
        const select = (query.get("$select") || "").split(",");
        const rows = (this.tables[table] || []).filter((r) => r._mci_opportunityid_value === filter[1]);
        const start = Number(query.get("$skiptoken") || "0");
        const size = Math.min(maxPageSize || 5000, this.pageSize || 5000);
        const page = rows.slice(start, start + size).map((r) => pick(r, select));
        const result: Xrm.RetrieveMultipleResult = { entities: page } as Xrm.RetrieveMultipleResult;
        if (start + size < rows.length) {
            // Like Dataverse: the same query with a $skiptoken added (a real one is an encoded paging cookie).
            const base = (options || "").replace(/^\?/, "").replace(/&\$skiptoken=[^&]*/, "");
            result.nextLink = `https://contoso.crm.dynamics.com/api/data/v9.2/${table}s?${base}&$skiptoken=${start + size}`;
        }
        return result;
    };
}

function pick(row: Row, columns: string[]): Row {
    const out: Row = {};
    for (const c of columns) if (c in row) out[c] = row[c];
    return out;
}

// ---------- an opportunity form ----------

export interface FormOptions {
    /** Record id as getId() gives it ("{GUID}"); empty for a new, unsaved opportunity. */
    id?: string;
    /** userSettings.languageId (1033 when not given). */
    languageId?: number;
    presalesModel?: number | null;
    presalesTeam?: Xrm.LookupValue | null;
    branch?: Xrm.LookupValue | null;
    /** Put the split-lines subgrid on the form (default true). */
    grid?: boolean;
}

export const OpportunityId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

export interface TestForm {
    formContext: Xrm.FormContext;
    eventContext: Xrm.Events.EventContext;
    webApi: FakeWebApi;
    /** The notifications on the form, by id. */
    notifications(): Map<string, { level: string; message: string }>;
    /** Calls what the subgrid calls after it (re)loads. */
    refreshGrid(): Promise<void>;
    /** Calls what the form calls after its data loads (save or refresh). */
    reloadData(): Promise<void>;
}

/** Waits until the loaded script has shown the result of every refresh it started. */
function settled(): Promise<void> {
    return (globalThis as unknown as { Mci: typeof Mci }).Mci.Opportunity.whenSettled();
}

export function opportunityForm(options: FormOptions = {}): TestForm {
    const id = options.id ?? `{${OpportunityId.toUpperCase()}}`;
    XrmMockGenerator.initialise({ entity: { id, entityName: "opportunity" } });
    XrmMockGenerator.context.userSettings.languageId = options.languageId ?? 1033; // what Xrm.Utility.getGlobalContext() returns
    (XrmMockGenerator.formContext.data.entity as unknown as { id: string }).id = id; // xrm-mock would put a made-up id for ""
    XrmMockGenerator.Attribute.createOptionSet("mci_presalesmodel", options.presalesModel ?? undefined);
    XrmMockGenerator.Attribute.createLookup("mci_presalesteamid", options.presalesTeam ?? undefined);
    XrmMockGenerator.Attribute.createLookup("mci_branchid", options.branch ?? undefined);
    const grid = options.grid === false ? undefined : XrmMockGenerator.Control.createGrid("SplitLines");

    const webApi = new FakeWebApi(OpportunityId);
    (Xrm.WebApi as { retrieveMultipleRecords: unknown }).retrieveMultipleRecords = webApi.retrieveMultipleRecords;
    const eventContext = XrmMockGenerator.getEventContext();
    const formContext = eventContext.getFormContext();
    return {
        formContext,
        eventContext,
        webApi,
        notifications() {
            const list = (formContext.ui as unknown as { formNotifications?: { uniqueId: string; level: string; message: string }[] }).formNotifications || [];
            const byId = new Map<string, { level: string; message: string }>();
            for (const n of list) {
                if (byId.has(n.uniqueId)) throw new Error(`notification ${n.uniqueId} shown twice`);
                byId.set(n.uniqueId, { level: n.level, message: n.message });
            }
            return byId;
        },
        async refreshGrid() {
            if (!grid) throw new Error("no grid on this form");
            for (const handler of grid.onLoadHandlers) handler(eventContext);
            await settled();
        },
        async reloadData() {
            const handlers = (formContext.data as unknown as { loadEventHandlers: ((c: Xrm.Events.EventContext) => unknown)[] }).loadEventHandlers;
            for (const handler of handlers) handler(eventContext);
            await settled();
        },
    };
}
