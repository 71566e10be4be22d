/**
 * What a reader sees was produced by the code they read (DESIGN.md, "Style"; showyourwork): every committed executed
 * notebook carries the fingerprint the runner computes for the committed code in the quick profile (the long and
 * paper profiles' notebooks, notebooks/<name>.<profile>.ipynb, in theirs), and
 * figures/README.md is what the results page generator makes of the committed claim records.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";
import { buildNotebook, twinNames } from "../scripts/buildNotebooks.js";
import { readRecord, resultsPage } from "../scripts/resultsPage.js";

/** The runner's --check of the given twins' executed copies in notebooks/ for `profile` (0: all up to date). */
function checkFreshness(profile: string, names: readonly string[]): { status: number | null; output: string } {
  const scratch = mkdtempSync(path.join(tmpdir(), "freshness-"));
  try {
    const built = names.map((name) => buildNotebook(name, twinNames(), scratch));
    const env: NodeJS.ProcessEnv = { ...process.env, PROFILE: profile, COMPANION_RECORD: "1" };
    for (const name of ["TFJS_BACKEND", "SOBOLEV_NATIVE", "OPENBLAS_NUM_THREADS", "SOBOLEV_GEMM", "SOBOLEV_CONV", "FIGURES_DIR", "DATA_DIR"]) delete env[name];
    const result = spawnSync("/usr/bin/python3", [path.join(repoRoot, "scripts", "run_notebooks.py"), "--check", "--output-dir", path.join(repoRoot, "notebooks"), ...built], { cwd: repoRoot, env, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

test("every committed executed notebook is up to date with the committed code in the quick profile", () => {
  const result = checkFreshness("quick", twinNames());
  assert.equal(result.status, 0, `stale executed notebooks: rerun them with \`make figures NOTEBOOK="…"\` and commit the outputs\n${result.output}`);
});

test("every committed long- or paper-profile notebook (notebooks/<name>.<profile>.ipynb) is up to date with the committed code in its profile", () => {
  const pattern = /^(.+)\.(long|paper)\.ipynb$/;
  const byProfile = new Map<string, string[]>();
  for (const file of readdirSync(path.join(repoRoot, "notebooks"))) {
    const match = pattern.exec(file);
    if (match) byProfile.set(match[2], [...(byProfile.get(match[2]) ?? []), match[1]]);
  }
  for (const [profile, names] of byProfile) {
    const result = checkFreshness(profile, names);
    assert.equal(result.status, 0, `stale ${profile}-profile notebooks: assemble them again from their records with \`make figures PROFILE=${profile} NOTEBOOK="…"\` and commit the outputs\n${result.output}`);
  }
});

test("figures/README.md is the results page of the committed claim records", () => {
  const rows = (file: string) => readRecord(path.join(repoRoot, "figures", file));
  const expected = resultsPage(rows("experiment-claims.csv"), rows("derivation-checks.csv"), twinNames());
  assert.equal(readFileSync(path.join(repoRoot, "figures", "README.md"), "utf8"), expected, "figures/README.md is out of date: run `make figures` (or node dist/scripts/resultsPage.js) and commit it");
});
