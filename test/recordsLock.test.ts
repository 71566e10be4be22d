/**
 * Two runs that finish together keep each other's claim rows. The kernel merges its rows into the records it
 * read when it saved, so a run that published in between would be lost; the runner therefore merges each
 * notebook's own rows again into the current records, under an exclusive lock, when it publishes
 * (scripts/run_folder.py, lib/checks/claimRecord.ts).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ClaimRecord } from "../lib/checks/index.js";
import { repoRoot } from "../lib/paths.js";
import { scratchFolder } from "./notebookFixtures.js";

const scratch = scratchFolder("records-lock-");
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A run folder whose stage holds what notebook `name`'s kernel saved, with figures/ as it is now. */
function stagedRun(figures: string, name: string): string {
  const run = path.join(scratch, `run-${name}`);
  mkdirSync(path.join(run, "tmp"), { recursive: true });
  const saved = { stage: process.env.COMPANION_STAGE_DIR, figures: process.env.FIGURES_DIR, tmp: process.env.COMPANION_TMP };
  Object.assign(process.env, { COMPANION_STAGE_DIR: path.join(run, "stage"), FIGURES_DIR: figures, COMPANION_TMP: path.join(run, "tmp") });
  try {
    const record = new ClaimRecord("derivation-checks", name);
    record.check({ id: `${name}-check`, source: "test", claim: "1 = 1", method: "arithmetic", measured: 1, expected: 1, tolerance: 0 });
    record.save();
  } finally {
    for (const [key, value] of [["COMPANION_STAGE_DIR", saved.stage], ["FIGURES_DIR", saved.figures], ["COMPANION_TMP", saved.tmp]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return run;
}

const PUBLISH = `import sys
from pathlib import Path
sys.path.insert(0, ${JSON.stringify(path.join(repoRoot, "scripts"))})
from run_folder import RunFolder
folder = RunFolder.__new__(RunFolder)
folder.path = Path(sys.argv[1])
folder.stage = folder.path / "stage"
folder.publish(Path(sys.argv[2]))`;

function publish(run: string, figures: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/python3", ["-B", "-c", PUBLISH, run, figures], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("exit", (code) => (code === 0 ? resolve(stderr) : reject(new Error(`publish exited ${code}: ${stderr}`))));
  });
}

const OTHER = "notebook,id,verdict\nother-notebook,kept,holds\n";

test("two runs saved from the same records and published one after the other keep both notebooks' rows", async () => {
  const figures = path.join(scratch, "sequential");
  mkdirSync(figures, { recursive: true });
  writeFileSync(path.join(figures, "derivation-checks.csv"), OTHER);
  const first = stagedRun(figures, "first");
  const second = stagedRun(figures, "second"); // saved before the first published: its stage lacks first's rows
  await publish(first, figures);
  await publish(second, figures);
  const record = readFileSync(path.join(figures, "derivation-checks.csv"), "utf8");
  for (const row of ["other-notebook,kept", "first,first-check", "second,second-check"]) assert.ok(record.includes(row), `${row} lost:\n${record}`);
  assert.match(readFileSync(path.join(figures, "derivation-checks.md"), "utf8"), /first-check[\s\S]*second-check/, "the .md is merged too");
});

test("many runs publishing at the same moment keep every notebook's rows (the records' lock)", async () => {
  const figures = path.join(scratch, "concurrent");
  mkdirSync(figures, { recursive: true });
  writeFileSync(path.join(figures, "derivation-checks.csv"), OTHER);
  const names = ["n1", "n2", "n3", "n4", "n5", "n6"];
  const runs = names.map((name) => stagedRun(figures, name));
  await Promise.all(runs.map((run) => publish(run, figures)));
  const record = readFileSync(path.join(figures, "derivation-checks.csv"), "utf8");
  for (const name of names) assert.ok(record.includes(`${name},${name}-check`), `${name}'s row lost:\n${record}`);
  assert.ok(record.includes("other-notebook,kept"));
});
