/** scripts/parallel_runs.py through the runner's --jobs: notebooks side by side, each written whole or not at all. */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

test("a notebook that read its runs from the cache keeps its recorded compute time, and the longest by compute time starts first", () => {
  const dir = mkdtempSync(path.join(scratch, "compute-"));
  const out = path.join(dir, "out");
  const write = (name: string, text: string, companion: object): string => {
    const file = path.join(dir, `${name}.ipynb`);
    writeFileSync(file, text);
    const executed = JSON.parse(text) as { metadata: Record<string, unknown> };
    executed.metadata.companion = { fingerprint: "an older run", ...companion };
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `${name}.ipynb`), JSON.stringify(executed));
    return file;
  };
  // What lib/runs/cache.ts does for a run it reads from the cache: one "read" line in the runner's tally.
  const fromCache = notebook([`console.log("cached start " + Date.now());\nimport { appendFileSync } from "node:fs";\nappendFileSync(process.env.COMPANION_RUN_TALLY ?? "", "read\\n");`]);
  // "cached" last took 1 s but computes for 500 s; "plain" and "short" last took 100 and 50 s: by compute time
  // "cached" and "plain" start together and "short" after one of them; by last wall time "cached" would start last.
  const files = [
    write("plain", timed("plain", 3000), { seconds: 100 }),
    write("short", timed("short", 3000), { seconds: 50 }),
    write("cached", fromCache, { seconds: 1, computeSeconds: 500 }),
  ];
  const result = runNotebooks(files, out, {}, ["--jobs", "2"]);
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.ok(stamp(result.stdout, "cached", "start") < stamp(result.stdout, "short", "start"), result.stdout);
  const companion = (name: string) => (JSON.parse(readFileSync(path.join(out, `${name}.ipynb`), "utf8")) as { metadata: { companion: { seconds: number; computeSeconds: number } } }).metadata.companion;
  assert.equal(companion("cached").computeSeconds, 500, "read from the cache: the earlier compute time stands");
  assert.ok(companion("cached").seconds < 500);
  assert.equal(companion("plain").computeSeconds, companion("plain").seconds, "computed: its own wall time");
});
