/** scripts/parallel_runs.py through the runner's --jobs: notebooks side by side, each written whole or not at all. */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { notebook, scratchFolder } from "./notebookFixtures.js";
import { runNotebooks } from "./notebookRunner.js";

const scratch = scratchFolder("runner-parallel-");
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A notebook that prints when its one cell starts and ends (ms since the epoch), `ms` apart. */
const timed = (name: string, ms: number): string =>
  notebook([`console.log("${name} start " + Date.now());\nawait new Promise((resolve) => setTimeout(resolve, ${ms}));\nconsole.log("${name} end " + Date.now());`]);

const stamp = (stdout: string, name: string, what: "start" | "end"): number => {
  const match = new RegExp(`${name} ${what} (\\d+)`).exec(stdout);
  assert.ok(match, `no "${name} ${what}" line in\n${stdout}`);
  return Number(match[1]);
};

test("with --jobs 2 two notebooks run at the same time, each in its own kernel, and both are written with the seconds they took", () => {
  const dir = mkdtempSync(path.join(scratch, "both-"));
  const files = ["left", "right"].map((name) => {
    const file = path.join(dir, `${name}.ipynb`);
    writeFileSync(file, timed(name, 4000));
    return file;
  });
  const out = path.join(dir, "out");
  const result = runNotebooks(files, out, {}, ["--jobs", "2"]);
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /running 2 notebooks, 2 at a time/);
  assert.match(result.stdout, /notebooks: 2 passed, 0 failed/);
  // Overlap: each started before the other ended.
  assert.ok(stamp(result.stdout, "left", "start") < stamp(result.stdout, "right", "end") && stamp(result.stdout, "right", "start") < stamp(result.stdout, "left", "end"), result.stdout);
  for (const name of ["left", "right"]) {
    const executed = JSON.parse(readFileSync(path.join(out, `${name}.ipynb`), "utf8")) as { metadata: { companion: { fingerprint: string; seconds: number } } };
    assert.ok(executed.metadata.companion.seconds >= 4, `${name}: ${executed.metadata.companion.seconds} s recorded`);
  }
});

test("with --jobs 2, after a failure no further notebook starts, the one running finishes and is written, and the runner exits 1", () => {
  const dir = mkdtempSync(path.join(scratch, "fail-"));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, `${name}.ipynb`);
    writeFileSync(file, text);
    return file;
  };
  // None has a recorded time, so they start in the order given: a and b at once, c after the first to finish.
  const files = [write("a", notebook(['throw new Error("deliberate failure in a");'])), write("b", timed("b", 4000)), write("c", timed("c", 10))];
  const out = path.join(dir, "out");
  const result = runNotebooks(files, out, {}, ["--jobs", "2"]);
  assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stderr, /deliberate failure in a/);
  assert.match(result.stdout, /not started after the failure: c/);
  assert.match(result.stdout, /notebooks: 1 passed, 1 failed/);
  assert.equal(existsSync(path.join(out, "a.ipynb")), false);
  assert.equal(existsSync(path.join(out, "b.ipynb")), true, "b was running: it finishes and is written whole");
  assert.equal(existsSync(path.join(out, "c.ipynb")), false);
});
