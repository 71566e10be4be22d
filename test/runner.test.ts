import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { notebook, scratchFolder } from "./notebookFixtures.js";
import { runNotebooks } from "./notebookRunner.js";

const scratch = scratchFolder("runner-");
after(() => rmSync(scratch, { recursive: true, force: true }));

test("a notebook with a failing cell makes the runner exit non-zero and print that cell's own error", () => {
  const dir = mkdtempSync(path.join(scratch, "fail-"));
  const file = path.join(dir, "failing.ipynb");
  writeFileSync(
    file,
    notebook([
      'console.log("first cell ran");',
      'console.error("context printed by the cell");\nthrow new Error("deliberate failure 42");',
      'console.log("must never run");',
    ]),
  );
  const out = path.join(dir, "out");
  const result = runNotebooks([file], out);
  assert.equal(result.status, 1, `runner exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stderr, /FAILED: .*failing\.ipynb/);
  assert.match(result.stderr, /cell 2 of 3/);
  assert.match(result.stderr, /deliberate failure 42/);
  assert.match(result.stderr, /context printed by the cell/);
  assert.doesNotMatch(result.stdout, /must never run/);
  assert.match(result.stdout, /notebooks: 0 passed, 1 failed/);
  assert.equal(existsSync(path.join(out, "failing.ipynb")), false, "a failed notebook must not be written");
});

test("a notebook whose cells all succeed is written back with its outputs", () => {
  const dir = mkdtempSync(path.join(scratch, "pass-"));
  const file = path.join(dir, "passing.ipynb");
  writeFileSync(file, notebook(['const answer: number = 6 * 7;', "console.log(`answer ${answer}`);"]));
  const result = runNotebooks([file], dir);
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const executed = JSON.parse(readFileSync(file, "utf8")) as { cells: Array<{ outputs: Array<{ text?: string | string[] }> }> };
  const text = executed.cells[1].outputs[0].text; // nbformat stores multi-line strings as lists of lines
  assert.equal(Array.isArray(text) ? text.join("") : text, "answer 42\n");
  assert.match(result.stdout, /\[passing\] answer 42/);
});

test("an unchanged notebook is skipped on the next run and rerun when forced or edited", () => {
  const dir = mkdtempSync(path.join(scratch, "skip-"));
  const source = path.join(dir, "source");
  const out = path.join(dir, "out");
  mkdirSync(source);
  const file = path.join(source, "stamp.ipynb");
  writeFileSync(file, notebook(["console.log(`ran ${6 * 7}`);"]));
  const first = runNotebooks([file], out);
  assert.match(first.stdout, /\[stamp\] ran 42/);
  const second = runNotebooks([file], out);
  assert.equal(second.status, 0);
  assert.match(second.stdout, /unchanged since its last run, skipped/);
  assert.doesNotMatch(second.stdout, /ran 42/);
  assert.match(runNotebooks([file], out, {}, ["--force"]).stdout, /\[stamp\] ran 42/);
  assert.match(runNotebooks([file], out, { PROFILE: "smoke" }).stdout, /\[stamp\] ran 42/, "a different profile must rerun");
  writeFileSync(file, notebook(["console.log(`ran ${6 * 8}`);"]));
  assert.match(runNotebooks([file], out, { PROFILE: "smoke" }).stdout, /\[stamp\] ran 48/, "edited code must rerun");
  writeFileSync(file, notebook(["console.log(`ran ${6 * 8}`);"], "# A new title"));
  assert.match(runNotebooks([file], out, { PROFILE: "smoke" }).stdout, /\[stamp\] ran 48/, "edited text must rerun: the executed copy carries it");
  assert.match(readFileSync(path.join(out, "stamp.ipynb"), "utf8"), /A new title/);
});
