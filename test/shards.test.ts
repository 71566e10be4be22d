/**
 * Shards and assembly end to end: two shards of Fig. 7's planned runs computed at the same time in two processes,
 * then the notebook assembled from what they wrote without training anything; and in the long profile, a notebook
 * whose runs have no records stops before its first cell with the list and the command that computes them.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";
import { buildNotebook, twinNames } from "../scripts/buildNotebooks.js";
import { scratchFolder } from "./notebookFixtures.js";
import { runNotebooks } from "./notebookRunner.js";

const scratch = scratchFolder("shards-");
after(() => rmSync(scratch, { recursive: true, force: true }));
const NOTEBOOK = "C.2-approximated-derivatives";

function shard(spec: string, env: Record<string, string>): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "dist", "scripts", "runShard.js"), spec, NOTEBOOK], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.on("exit", (status) => resolve({ status, out }));
  });
}

test("two shards run at the same time compute disjoint halves of Fig. 7's runs, and the notebook is then assembled without training", { timeout: 300_000 }, async () => {
  const env = { PROFILE: "smoke", DATA_DIR: path.join(scratch, "data"), FIGURES_DIR: path.join(scratch, "figures") };
  const [first, second] = await Promise.all([shard("1/2", env), shard("2/2", env)]);
  assert.equal(first.status, 0, first.out);
  assert.equal(second.status, 0, second.out);
  const computed = (out: string): number => (out.match(/: computed$/gm) ?? []).length;
  assert.equal(computed(first.out) + computed(second.out), 4, `${first.out}\n${second.out}`);
  assert.ok(computed(first.out) > 0 && computed(second.out) > 0, "both shards worked");
  assert.equal(readdirSync(path.join(env.DATA_DIR, "cache", "appc2-figure7")).length, 4);
  // A shard started again finds its runs done.
  const again = await shard("1/2", env);
  assert.match(again.out, /done, 0 computed/);
  const built = buildNotebook(NOTEBOOK, twinNames(), path.join(scratch, "built"));
  const result = runNotebooks([built], path.join(scratch, "executed"), env, ["--force"]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal((result.stdout.match(/read from the cache/g) ?? []).length, 4, result.stdout);
  assert.doesNotMatch(result.stdout, /trained in/);
});

test("in the long profile a notebook whose planned runs have no records stops before its first cell, listing them with the command that computes them", () => {
  const env = { PROFILE: "long", COMPANION_RECORD: "1", DATA_DIR: path.join(scratch, "empty"), FIGURES_DIR: path.join(scratch, "long-figures") };
  const built = buildNotebook(NOTEBOOK, twinNames(), path.join(scratch, "built-long"));
  const result = runNotebooks([built], path.join(scratch, "executed-long"), env);
  assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stderr, /4 of 4 runs of the long profile have no record in data\/records\/long\//);
  assert.match(result.stderr, /Fig\. 7, H1 Chebyshev/);
  assert.match(result.stderr, /make figures PROFILE=long NOTEBOOK=C\.2-approximated-derivatives SHARD=1\/1/);
  assert.doesNotMatch(result.stdout, /running \d+ cells/, "no cell ran");
});

test("a shard named with an unknown notebook stops before any run, naming it and the notebooks, exit 2", () => {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist", "scripts", "runShard.js"), "1/1", "C.2-aproximated-derivatives"], { cwd: repoRoot, env: { ...process.env, PROFILE: "smoke", DATA_DIR: path.join(scratch, "unknown") }, encoding: "utf8" });
  assert.equal(result.status, 2, `${result.stdout}${result.stderr}`);
  assert.match(result.stderr, /runShard: no notebook named C\.2-aproximated-derivatives; the notebooks are .*C\.2-approximated-derivatives/);
  assert.doesNotMatch(result.stdout, /of the estimated cost/);
});
