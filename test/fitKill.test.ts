/**
 * The proof that checkpoints work: a small run killed twice by SIGKILL continues from its last
 * checkpoint file and ends bit-identical to an uninterrupted run (variables and history; the history's seconds
 * are measured time and left out). Each run is a separate node process (fitKillChild.ts), as after a real kill.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fitCheckpointPath } from "../lib/train/checkpointFile.js";
import type { FitSnapshot } from "../lib/train/checkpoint.js";
import { scratchFolder } from "./notebookFixtures.js";
import { eventually } from "./processes.js";

const scratch = scratchFolder("fit-kill-");
after(() => rmSync(scratch, { recursive: true, force: true }));
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "fitKillChild.js");

function child(folder: string, out: string) {
  const env = { ...process.env, FIT_KILL_CHILD: "1", FIT_KILL_FOLDER: folder, FIT_KILL_OUT: out, FIT_KILL_PACE_MS: "8", COMPANION_TMP: path.join(scratch, "tmp") };
  const process_ = spawn(process.execPath, [CHILD], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  process_.stdout.on("data", (chunk) => (output += chunk));
  process_.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => process_.on("exit", (code) => resolve(code)));
  return { process: process_, exited, output: () => output };
}

/** The epoch of the checkpoint on disk, -1 when there is none yet. */
function checkpointEpoch(folder: string): number {
  const file = fitCheckpointPath(folder, 0);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as FitSnapshot).epoch : -1;
}

test("a fit killed twice by SIGKILL resumes from its checkpoint files to the uninterrupted run's variables and history, bit for bit", { timeout: 60_000 }, async () => {
  const reference = child("", path.join(scratch, "reference.json"));
  assert.equal(await reference.exited, 0, reference.output());

  const folder = path.join(scratch, "checkpoints");
  const out = path.join(scratch, "resumed.json");
  const killedAt: number[] = [];
  // Kill in the Adam phase (epochs 1-40), then in the L-BFGS phase (41-80), each after the run saved past the mark.
  for (const mark of [10, 50]) {
    const run = child(folder, out);
    const reached = await eventually(() => checkpointEpoch(folder) >= mark, 30_000);
    run.process.kill("SIGKILL");
    await run.exited;
    assert.ok(reached, `no checkpoint past epoch ${mark} appeared: ${run.output()}`);
    killedAt.push(checkpointEpoch(folder));
  }
  assert.ok(killedAt[0] < 40 && killedAt[1] > 40 && killedAt[1] < 80, `killed in each phase, after checkpoints at epochs ${killedAt}`);
  assert.equal(existsSync(out), false, "a killed run must not have finished");

  const last = child(folder, out);
  assert.equal(await last.exited, 0, last.output());
  assert.match(last.output(), new RegExp(`resuming from the checkpoint at epoch ${killedAt[1]}`));
  assert.deepEqual(JSON.parse(readFileSync(out, "utf8")), JSON.parse(readFileSync(path.join(scratch, "reference.json"), "utf8")));
  assert.equal((JSON.parse(readFileSync(fitCheckpointPath(folder, 0), "utf8")) as FitSnapshot).completed, true);
});
