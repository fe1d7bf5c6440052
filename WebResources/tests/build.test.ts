// The shipped file: fresh (equals a build of src/), loadable as a classic ES2017 script, reachable by the FormXml
// function names, and described by its solution data file.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { describe, it } from "node:test";
import * as acorn from "acorn";
import { freshBuild, projectRoot, shippedScriptPath } from "./support/harness";

const lf = (text: string) => text.replace(/\r\n/g, "\n"); // a Windows checkout may turn LF into CRLF
const shipped = () => fs.readFileSync(shippedScriptPath(), "utf8");

/** The handlers the form names in FormXml (README.md lists the same). */
const FormXmlFunctions = ["Mci.Opportunity.onLoad"];

describe("the built web resource", () => {
    it("is the fresh build of src/ (run `npm run build` and commit the result when this fails)", () => {
        const outputs = freshBuild();
        assert.deepEqual([...outputs.keys()], [path.resolve(shippedScriptPath())], "the build emits exactly the shipped file");
        assert.equal(lf(shipped()), lf(outputs.get(path.resolve(shippedScriptPath()))!),
            `${path.relative(projectRoot, shippedScriptPath())} is stale: run \`npm run build\` in WebResources/ and commit it`);
    });

    it("is a classic ES2017 script: no module syntax, no loader, nothing newer than ES2017", () => {
        const code = shipped();
        assert.doesNotThrow(() => acorn.parse(code, { ecmaVersion: 2017, sourceType: "script" }));
        assert.doesNotMatch(code, /\brequire\s*\(|\bdefine\s*\(|\bexports\b|\bimport\s*\(/);
    });

    it("exposes the global namespace the form's handlers name, without touching Xrm while loading", () => {
        const sandbox = vm.createContext({});
        vm.runInContext(shipped(), sandbox, { filename: shippedScriptPath() });
        for (const name of [...FormXmlFunctions, "Mci.Opportunity.onSplitLinesLoad", "Mci.Opportunity.onDataLoad"]) {
            const target = name.split(".").reduce<unknown>((scope, part) => (scope as { [k: string]: unknown } | undefined)?.[part], sandbox);
            assert.equal(typeof target, "function", name);
        }
        assert.equal(vm.runInContext("Mci.Opportunity.SplitLinesControl", sandbox), "SplitLines");
    });

    it("says at the top that it only informs and the plug-ins stay the authority", () => {
        const header = shipped().slice(0, 1200);
        assert.match(header, /It only informs/);
        assert.match(header, /plug-ins on the server, which stay the\s+\* authority/);
    });

    it("has its solution data file beside it, naming it as the unpacked layout does", () => {
        const file = shippedScriptPath();
        const data = fs.readFileSync(file + ".data.xml", "utf8");
        const element = (name: string) => {
            const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(data);
            assert.ok(match, `<${name}> in ${path.basename(file)}.data.xml`);
            return match![1];
        };
        assert.match(data, /^<\?xml version="1.0" encoding="utf-8"\?>\s*<WebResource xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance">/);
        assert.match(element("WebResourceId"), /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/);
        assert.equal(element("Name"), "mci_/scripts/opportunity.js");
        assert.equal(element("WebResourceType"), "3");
        // FileName is the content's entry in the zip, named as a Dataverse export names it: the name without characters other
        // than letters, digits and "_" (at most 50), then the id in upper case without braces.
        const id = element("WebResourceId").replace(/[{}]/g, "").toUpperCase();
        assert.equal(element("FileName"), `/WebResources/${element("Name").replace(/[^A-Za-z0-9_]/g, "").slice(0, 50)}${id}`);
        // The file sits at WebResources/<Name> below the solution folder, as `pac solution unpack` writes it.
        const solutionFolder = path.resolve(path.dirname(file), "..", "..", "..");
        assert.equal(path.join(solutionFolder, "WebResources", element("Name")), file);
        for (const flag of ["IsEnabledForMobileClient", "IsAvailableForMobileOffline", "IsCustomizable", "CanBeDeleted", "IsHidden"]) {
            assert.match(element(flag), /^[01]$/, flag);
        }
        assert.match(element("IntroducedVersion"), /^\d+\.\d+\.\d+\.\d+$/);
        assert.ok(element("DisplayName").length > 0);
    });
});

describe("the Node project", () => {
    it("pins every package to one version (npm ci installs exactly the lock file)", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8"));
        const lock = JSON.parse(fs.readFileSync(path.join(projectRoot, "package-lock.json"), "utf8"));
        for (const [name, version] of Object.entries<string>({ ...pkg.dependencies, ...pkg.devDependencies })) {
            assert.match(version, /^\d+\.\d+\.\d+$/, `${name} ${version}`);
            assert.equal(lock.packages[`node_modules/${name}`]?.version, version, `${name} in package-lock.json`);
        }
    });

    it("documents the FormXml function names it exports", () => {
        const readme = fs.readFileSync(path.join(projectRoot, "README.md"), "utf8");
        for (const name of FormXmlFunctions) assert.ok(readme.includes(`functionName="${name}"`), name);
        assert.ok(readme.includes("mci_/scripts/opportunity.js"));
        assert.ok(readme.includes("SplitLines"));
    });
});
