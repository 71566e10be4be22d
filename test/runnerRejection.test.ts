/**
 * A promise no cell awaited that rejects fails the notebook, naming the cell that made it. Before, tslab alone
 * logged it where no cell showed it and the notebook passed; with tfjs-backend-wasm loaded (its handler
 * rethrows) the kernel died and the failure blamed the next cell.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { notebook, scratchFolder } from "./notebookFixtures.js";
import { runNotebooks } from "./notebookRunner.js";

const scratch = scratchFolder("runner-rejection-");
after(() => rmSync(scratch, { recursive: true, force: true }));

const UNAWAITED = 'async function fails() {\n  throw new Error("unawaited boom");\n}\nfails();\nconsole.log("two");';
const NEXT = 'await new Promise((resolve) => setTimeout(resolve, 300));\nconsole.log("three");';

for (const [setting, first] of [
  ["tslab alone", 'console.log("one");'],
  ["tfjs-backend-wasm loaded", 'import "@tensorflow/tfjs-backend-wasm";\nconsole.log("one");'],
] as const) {
  test(`a rejected promise no cell awaited fails the notebook and names the cell that made it (${setting})`, () => {
    const file = path.join(scratch, `unawaited-${setting.split(" ")[0]}.ipynb`);
    writeFileSync(file, notebook([first, UNAWAITED, NEXT]));
    const result = runNotebooks([file], path.join(scratch, "out"), { DATA_DIR: path.join(scratch, "data") });
    assert.equal(result.status, 1, `the notebook passed:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stderr, /cell 2 of 3/);
    assert.match(result.stderr, /a promise that no cell awaited rejected/);
    assert.match(result.stderr, /Error: unawaited boom/);
    assert.doesNotMatch(result.stdout, /three/);
  });
}
