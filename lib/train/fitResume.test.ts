/**
 * fit with checkpoints (checkpoint.ts): a run killed (here: its save throws) and restarted with the same store
 * ends with the variables and history of an uninterrupted run bit for bit. The histories are compared without
 * `seconds`, which are measured wall-clock time and differ between any two runs.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { selectBackend } from "../backend/index.js";
import { withFitCheckpoints, activeFitCheckpoints, type FitCheckpointStore, type FitSnapshot } from "./checkpoint.js";
import { fit, type FitHistory } from "./fit.js";
import { testProblem, withoutSeconds, type TestProblemOptions } from "./fitTestProblem.js";
import type { OptimizerSchedule } from "./schedule.js";

await selectBackend();

class Killed extends Error {}

/** An in-memory store through JSON (as a file store), whose save throws `Killed` once `killAt` saves succeeded. */
function memoryStore(intervalSeconds = 0) {
  const files = new Map<number, string>();
  let saves = 0;
  let killAt = Infinity;
  const store: FitCheckpointStore = {
    intervalSeconds,
    load: (i) => (files.has(i) ? (JSON.parse(files.get(i)!) as FitSnapshot) : undefined),
    save(i, snapshot) {
      if (saves >= killAt) throw new Killed(`killed at save ${saves + 1}`);
      files.set(i, JSON.stringify(snapshot));
      saves++;
    },
  };
  return { store, files, killAfter: (n: number) => ((saves = 0), (killAt = n)) };
}

interface Outcome {
  values: Float32Array[];
  history: Omit<FitHistory, "seconds">;
  lossCalls: number;
}

function uninterrupted(schedule: OptimizerSchedule, variant: TestProblemOptions = {}): Outcome {
  const p = testProblem(schedule, variant);
  const history = fit(p.options);
  const outcome = { values: p.values(), history: withoutSeconds(history), lossCalls: p.lossCalls() };
  p.dispose();
  return outcome;
}

/** Runs the fit in a fresh model (as a restarted process would) with `store`; kills after `kills[k]` saves on attempt k; the last attempt finishes. */
async function killedAndResumed(schedule: OptimizerSchedule, kills: number[], variant: TestProblemOptions = {}): Promise<Outcome & { attempts: number[] }> {
  const memory = memoryStore();
  const attempts: number[] = [];
  for (let attempt = 0; ; attempt++) {
    memory.killAfter(kills[attempt] ?? Infinity);
    const p = testProblem(schedule, variant);
    try {
      const history = await withFitCheckpoints(memory.store, () => fit(p.options));
      attempts.push(p.lossCalls());
      return { values: p.values(), history: withoutSeconds(history), lossCalls: p.lossCalls(), attempts };
    } catch (error) {
      if (!(error instanceof Killed)) throw error;
      attempts.push(p.lossCalls());
    } finally {
      p.dispose();
    }
  }
}

const adamThen = (lbfgs: object): OptimizerSchedule => [{ kind: "adam", learningRate: 0.05, epochs: 6 }, { kind: "lbfgs", learningRate: 0.5, epochs: 6, iterationsPerEpoch: 3, ...lbfgs }];

for (const lineSearch of ["strong-wolfe", "none"] as const) {
  test(`Adam then L-BFGS (${lineSearch}) killed twice, inside each phase, resumes to the uninterrupted run's variables and history bit for bit`, async () => {
    const schedule = adamThen({ lineSearch });
    const reference = uninterrupted(schedule);
    // Epoch ends 1-11 save (0 s interval): killed after 3 saves (epoch 3, in Adam), then after 5 more (epoch 8, in L-BFGS).
    const resumed = await killedAndResumed(schedule, [3, 5]);
    assert.deepEqual(resumed.values, reference.values);
    assert.deepEqual(resumed.history, reference.history);
    assert.equal(resumed.attempts.length, 3);
    assert.ok(resumed.attempts[1] < reference.lossCalls && resumed.attempts[2] < reference.lossCalls, `each restart resumed rather than started over: loss calls ${resumed.attempts} vs ${reference.lossCalls}`);
  });
}

test("a kill at a phase boundary resumes with a fresh optimiser for the next phase, bit for bit", async () => {
  const schedule = adamThen({ lineSearch: "none" });
  const reference = uninterrupted(schedule);
  const resumed = await killedAndResumed(schedule, [6, 1]);
  assert.deepEqual(resumed.values, reference.values);
  assert.deepEqual(resumed.history, reference.history);
});

test("Adam with weightDecay then L-BFGS, killed twice, resumes bit for bit", async () => {
  const schedule: OptimizerSchedule = [{ kind: "adam", learningRate: 0.05, epochs: 6, weightDecay: 0.01, epsilon: 1e-8 }, { kind: "lbfgs", learningRate: 0.5, epochs: 6, iterationsPerEpoch: 3 }];
  const reference = uninterrupted(schedule);
  const resumed = await killedAndResumed(schedule, [2, 6]);
  assert.deepEqual(resumed.values, reference.values);
  assert.deepEqual(resumed.history, reference.history);
});

test("mini-batches drawn from a SeededRandom resume bit for bit with randomState, and not without it (so the comparison can fail)", async () => {
  const schedule: OptimizerSchedule = [{ kind: "adam", learningRate: 0.05, epochs: 6 }, { kind: "sgd", learningRate: 0.05, epochs: 6 }];
  const reference = uninterrupted(schedule, { minibatch: true });
  const resumed = await killedAndResumed(schedule, [3, 5], { minibatch: true });
  assert.deepEqual(resumed.values, reference.values);
  assert.deepEqual(resumed.history, reference.history);
  const unsaved = await killedAndResumed(schedule, [3, 5], { minibatch: true, randomState: false });
  assert.notDeepEqual(unsaved.values, uninterrupted(schedule, { minibatch: true, randomState: false }).values);
});

test("a non-trained variable the loss updates (a BatchNorm-like running mean) resumes bit for bit when passed as buffers, and not otherwise", async () => {
  const schedule = adamThen({ lineSearch: "none" });
  const reference = uninterrupted(schedule, { buffer: "saved" });
  const resumed = await killedAndResumed(schedule, [3, 5], { buffer: "saved" });
  assert.deepEqual(resumed.values, reference.values);
  assert.deepEqual(resumed.history, reference.history);
  const unsaved = await killedAndResumed(schedule, [3, 5], { buffer: "unsaved" });
  assert.notDeepEqual(unsaved.values, uninterrupted(schedule, { buffer: "unsaved" }).values);
});

test("a completed checkpoint sets the variables and returns the history without calling the loss", async () => {
  const schedule = adamThen({});
  const memory = memoryStore();
  const first = testProblem(schedule);
  const history = await withFitCheckpoints(memory.store, () => fit(first.options));
  const again = testProblem(schedule);
  const replayed = await withFitCheckpoints(memory.store, () => fit(again.options));
  assert.equal(again.lossCalls(), 0);
  assert.deepEqual(again.values(), first.values());
  assert.deepEqual(replayed, history);
  [first, again].forEach((p) => p.dispose());
});

test("with checkpointing active but no partial save (interval Infinity), fit's numbers equal those without a store", async () => {
  const schedule = adamThen({ lineSearch: "none" });
  const reference = uninterrupted(schedule);
  const memory = memoryStore(Infinity);
  const p = testProblem(schedule);
  const history = await withFitCheckpoints(memory.store, () => fit(p.options));
  assert.deepEqual([p.values(), withoutSeconds(history), p.lossCalls()], [reference.values, reference.history, reference.lossCalls]);
  assert.deepEqual([...memory.files.keys()], [0], "only the completed snapshot is written");
  p.dispose();
});

test("fit calls in one compute take indices 0, 1, …; a checkpoint of another fit call is refused with the fix; the store is inactive after a throw", async () => {
  const memory = memoryStore();
  const schedule: OptimizerSchedule = [{ kind: "sgd", learningRate: 0.05, epochs: 2 }];
  const a = testProblem(schedule);
  const b = testProblem([{ kind: "adam", learningRate: 0.05, epochs: 2 }]);
  await withFitCheckpoints(memory.store, async () => {
    fit(a.options);
    await Promise.resolve();
    fit(b.options);
  });
  assert.deepEqual([...memory.files.keys()].sort(), [0, 1]);
  assert.equal((JSON.parse(memory.files.get(1)!) as FitSnapshot).schedule[0].kind, "adam");
  await assert.rejects(withFitCheckpoints(memory.store, () => fit(b.options)), /checkpoint number 0 was written by a different fit call \(schedule .*delete the run's checkpoints/);
  assert.equal(activeFitCheckpoints(), undefined);
  [a, b].forEach((p) => p.dispose());
});

test("withFitCheckpoints(undefined) switches checkpoints off inside an outer store, and the outer store is active again after it, also when it throws", async () => {
  const outer = memoryStore();
  await withFitCheckpoints(outer.store, async () => {
    assert.equal(activeFitCheckpoints(), outer.store);
    await assert.rejects(withFitCheckpoints(undefined, async () => {
      assert.equal(activeFitCheckpoints(), undefined);
      throw new Killed("inner");
    }), Killed);
    assert.equal(activeFitCheckpoints(), outer.store);
  });
  assert.equal(activeFitCheckpoints(), undefined);
});
