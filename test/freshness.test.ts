/**
 * What a reader sees was produced by the code they read (DESIGN.md, "Style"; showyourwork): every committed executed
 * notebook carries the fingerprint the runner computes for the committed code in the quick profile, and
 * figures/README.md is what the results page generator makes of the committed claim records.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";
import { buildNotebook, twinNames } from "../scripts/buildNotebooks.js";
import { readRecord, resultsPage } from "../scripts/resultsPage.js";

test("every committed executed notebook is up to date with the committed code in the quick profile", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "freshness-"));
  try {
    const all = twinNames();
    const built = all.map((name) => buildNotebook(name, all, scratch));
    const env: NodeJS.ProcessEnv = { ...process.env, PROFILE: "quick", COMPANION_RECORD: "1" };
    for (const name of ["TFJS_BACKEND", "SOBOLEV_NATIVE", "OPENBLAS_NUM_THREADS", "FIGURES_DIR", "DATA_DIR"]) delete env[name];
    const result = spawnSync("/usr/bin/python3", [path.join(repoRoot, "scripts", "run_notebooks.py"), "--check", "--output-dir", path.join(repoRoot, "notebooks"), ...built], { cwd: repoRoot, env, encoding: "utf8" });
    assert.equal(result.status, 0, `stale executed notebooks: rerun them with \`make figures NOTEBOOK="…"\` and commit the outputs\n${result.stdout}${result.stderr}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test("figures/README.md is the results page of the committed claim records", () => {
  const rows = (file: string) => readRecord(path.join(repoRoot, "figures", file));
  const expected = resultsPage(rows("experiment-claims.csv"), rows("derivation-checks.csv"), twinNames());
  assert.equal(readFileSync(path.join(repoRoot, "figures", "README.md"), "utf8"), expected, "figures/README.md is out of date: run `make figures` (or node dist/scripts/resultsPage.js) and commit it");
});
