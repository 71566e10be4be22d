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
const { UntimelyTrainingError } = await import("./interruptions.js");

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

/** A history of 20 evaluation intervals of 10 s, one of them holding a 400 s pause when `paused`. */
const history = (paused: boolean) => {
  const intervals = Array.from({ length: 20 }, (_, i) => (paused && i === 7 ? 410 : 10));
  return { epochs: intervals.map((_, i) => 25 * i), seconds: intervals.map((_, i) => intervals.slice(0, i).reduce((a, b) => a + b, 0)) };
};

test("a run whose training seconds hold a pause is neither recorded nor cached, and says where the pause is", async () => {
  for (const profile of ["long", "quick"]) {
    const config = { seed: 5, profile };
    await assert.rejects(withProfile(profile, () => cachedRun("toy-paused", config, () => ({ history: history(true) }))), (error: Error) => {
      assert.ok(error instanceof UntimelyTrainingError, "a refusal a shard can tell from a failure");
      assert.match(error.message, /Run "toy-paused" .*epochs 175 to 200 took 410 s where the intervals around them predict 10 s.*Nothing was (recorded|cached)/);
      return true;
    });
    let calls = 0;
    const again = await withProfile(profile, () => cachedRun("toy-paused", config, () => ({ history: history(false), call: ++calls })));
    assert.equal(again.fromCache, false, `${profile}: the paused run left nothing to read`);
    assert.equal(calls, 1);
  }
});

test("a committed record whose training seconds hold a pause stops the run with its path, the pause, and the fix", async () => {
  const config = { seed: 6 };
  await withProfile("long", () => cachedRun("toy-paused-record", config, () => ({ history: history(false) })));
  const file = recordPath("toy-paused-record", recordKey("toy-paused-record", config), "long");
  const stored = JSON.parse(readFileSync(file, "utf8")) as object;
  writeFileSync(file, JSON.stringify({ ...stored, results: { history: history(true) } }));
  assert.throws(() => readRecord("toy-paused-record", config, "long"), new RegExp(`The run record .*toy-paused-record.* counts time its training did not use \\(results\\.history: epochs 175 to 200 took 410 s.*git rm .*make figures PROFILE=long SHARD=1/1`));
  assert.ok(existsSync(file), "a committed record is never moved aside");
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

test("a record whose run had under 90 % of a core is refused when written and when read; a cache entry is not", async () => {
  const starved = { ...history(false), cpuSeconds: history(false).seconds.map((s) => 0.5 * s) };
  await assert.rejects(withProfile("long", () => cachedRun("toy-starved", { seed: 7 }, () => ({ history: starved }))), /Run "toy-starved" .*results\.history: 95 s of CPU time in 190 s of training \(50 % of a core\): it shared its core with other work.*Nothing was recorded.*one shard per core/);
  const quick = await withProfile("quick", () => cachedRun("toy-starved", { seed: 7 }, () => ({ history: starved })));
  assert.equal(quick.fromCache, false, "a quick run that shared its core is cached");
  const config = { seed: 8 };
  await withProfile("long", () => cachedRun("toy-starved-record", config, () => ({ history: history(false) })));
  const file = recordPath("toy-starved-record", recordKey("toy-starved-record", config), "long");
  const stored = JSON.parse(readFileSync(file, "utf8")) as object;
  writeFileSync(file, JSON.stringify({ ...stored, results: { history: starved } }));
  assert.throws(() => readRecord("toy-starved-record", config, "long"), /counts time its training did not use \(results\.history: 95 s of CPU time in 190 s .*git rm/);
});
