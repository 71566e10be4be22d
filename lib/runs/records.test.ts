import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Records live under DATA_DIR/records/<profile>/; point it at a fresh folder before the modules read it.
const dataDir = mkdtempSync(path.join(tmpdir(), "records-test-"));
process.env.DATA_DIR = dataDir;
process.env.TFJS_BACKEND = "cpu";
after(() => rmSync(dataDir, { recursive: true, force: true }));
const { cachedRun } = await import("./cache.js");
const { missingRuns, readRecord, recordKey, recordPath } = await import("./records.js");

const withProfile = async <T>(profile: string, body: () => Promise<T>): Promise<T> => {
  const previous = process.env.PROFILE;
  process.env.PROFILE = profile;
  try {
    return await body();
  } finally {
    if (previous === undefined) delete process.env.PROFILE;
    else process.env.PROFILE = previous;
  }
};

test("in the long profile a run is written once to data/records/long/<experiment>/<key>.json, keyed by experiment and config only, and read back", async () => {
  let calls = 0;
  const config = { seed: 1, epochs: 5 };
  const first = await withProfile("long", () => cachedRun("toy-long", config, (c) => ({ value: ++calls * c.epochs })));
  // Other compute code: a cache would recompute; a record answers the same request whatever code computed it.
  const second = await withProfile("long", () => cachedRun("toy-long", { epochs: 5, seed: 1 }, (c) => ({ value: -c.epochs })));
  assert.equal(calls, 1);
  assert.equal(first.fromCache, false);
  assert.equal(second.fromCache, true);
  assert.deepEqual(second.record.results, { value: 5 });
  assert.equal(second.record.profile, "long");
  const file = recordPath("toy-long", recordKey("toy-long", config), "long");
  assert.ok(existsSync(file), file);
  assert.ok(!existsSync(path.join(dataDir, "cache", "toy-long")), "nothing in the local cache");
});

test("a record keeps the provenance of the library that computed it: one written by another library version is read, not recomputed", async () => {
  const config = { seed: 2 };
  await withProfile("paper", () => cachedRun("toy-paper", config, () => ({ value: 1 })));
  const file = recordPath("toy-paper", recordKey("toy-paper", config), "paper");
  const stored = JSON.parse(readFileSync(file, "utf8")) as { libraryVersion: string };
  writeFileSync(file, JSON.stringify({ ...stored, libraryVersion: "0.0.1+older" }));
  let calls = 0;
  const again = await withProfile("paper", () => cachedRun("toy-paper", config, () => ({ value: ++calls })));
  assert.equal(calls, 0);
  assert.equal(again.record.libraryVersion, "0.0.1+older");
});

test("a committed record that does not answer its request stops the run with its path and the fix, and is left in place", async () => {
  const config = { seed: 3 };
  const file = recordPath("toy-bad", recordKey("toy-bad", config), "long");
  await withProfile("long", () => cachedRun("toy-bad", config, () => ({ value: 1 })));
  const stored = JSON.parse(readFileSync(file, "utf8")) as { config: object };
  writeFileSync(file, JSON.stringify({ ...stored, config: { seed: 4 } }));
  await assert.rejects(withProfile("long", () => cachedRun("toy-bad", config, () => ({ value: 2 }))), new RegExp(`The run record ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} holds config .*restore it \\(git checkout -- .*\\) or delete it`));
  assert.ok(existsSync(file), "a committed record is never moved aside");
  assert.throws(() => readRecord("toy-bad", config, "long"), /holds config/);
});

test("missingRuns lists the planned runs without a record in the profile", async () => {
  const request = (seed: number) => ({ experiment: "toy-plan", config: { seed }, compute: () => ({ value: seed }), label: `seed ${seed}`, cost: 1 });
  await withProfile("long", () => cachedRun("toy-plan", { seed: 0 }, () => ({ value: 0 })));
  assert.deepEqual(missingRuns([request(0), request(1)], "long").map((r) => r.label), ["seed 1"]);
  assert.deepEqual(missingRuns([request(0)], "paper").map((r) => r.label), ["seed 0"], "records are per profile");
});

test("a record's run checkpoints its fits: killed mid-training and run again, it continues and records what an uninterrupted run records; its checkpoints are then removed", async () => {
  const { fit } = await import("../train/fit.js");
  const { testProblem, withoutSeconds } = await import("../train/fitTestProblem.js");
  const { checkpointDir } = await import("./records.js");
  const schedule = [{ kind: "adam" as const, learningRate: 0.05, epochs: 12 }];
  /** Fits the test problem; with `killAt`, its loss throws at that epoch (a kill after the checkpoints before it). */
  let lossCalls = 0;
  const compute = (killAt?: number) => () => {
    const problem = testProblem(schedule);
    try {
      const history = fit({ ...problem.options, loss: (epoch, step) => {
        if (epoch === killAt) throw new Error("killed");
        lossCalls += 1;
        return problem.options.loss(epoch, step);
      } });
      return { history: withoutSeconds(history), values: problem.values().map((v) => Array.from(v)) };
    } finally {
      problem.dispose();
    }
  };
  const previous = process.env.CHECKPOINT_SECONDS;
  process.env.CHECKPOINT_SECONDS = "0";
  try {
    const config = { problem: "sin", epochs: 12 };
    await assert.rejects(withProfile("long", () => cachedRun("toy-resume", config, compute(8))), /killed/);
    const folder = checkpointDir("toy-resume", recordKey("toy-resume", config), "long");
    assert.ok(existsSync(path.join(folder, "fit-0.json")), "a checkpoint was left by the killed run");
    lossCalls = 0;
    const resumed = await withProfile("long", () => cachedRun("toy-resume", config, compute()));
    const resumedCalls = lossCalls;
    lossCalls = 0;
    const uninterrupted = await withProfile("long", () => cachedRun("toy-resume-whole", config, compute()));
    assert.ok(resumedCalls < lossCalls, `the resumed run trained only what was left: ${resumedCalls} loss calls against ${lossCalls}`);
    assert.deepEqual(resumed.record.results, uninterrupted.record.results);
    assert.ok(!existsSync(folder), "checkpoints are removed once the record is written");
    process.env.CHECKPOINT_SECONDS = "ten";
    await assert.rejects(withProfile("long", () => cachedRun("toy-resume-bad", config, compute())), /CHECKPOINT_SECONDS="ten" is not valid/);
  } finally {
    if (previous === undefined) delete process.env.CHECKPOINT_SECONDS;
    else process.env.CHECKPOINT_SECONDS = previous;
  }
});
