import { test } from "node:test";
import assert from "node:assert/strict";
import { historyInterruptions, INTERRUPTION_MIN_SECONDS, starvedHistories, trainingInterruptions, untimelyTraining } from "./interruptions.js";

/** Cumulative seconds of `perInterval` seconds per interval, evaluated every `every` epochs. */
const timed = (perInterval: readonly number[], every = 25) => ({
  epochs: [0, ...perInterval.map((_, i) => (i + 1) * every)],
  seconds: perInterval.reduce((acc, s) => [...acc, acc[acc.length - 1] + s], [0]),
});

test("a steady history has no interruption, however long it is", () => {
  assert.deepEqual(historyInterruptions(timed(Array.from({ length: 100 }, () => 60))), []);
});

test("an interval holding a pause longer than both thresholds is found, with its epochs and what its neighbours predict", () => {
  const intervals = Array.from({ length: 40 }, () => 20);
  intervals[17] = 20 + 600;
  const found = historyInterruptions(timed(intervals));
  assert.equal(found.length, 1);
  assert.deepEqual({ from: found[0].fromEpoch, to: found[0].toEpoch, seconds: found[0].seconds, expected: found[0].expectedSeconds }, { from: 425, to: 450, seconds: 620, expected: 20 });
});

test("a pause of under 30 s, or under 5 % of the run, is not flagged: a short hiccup does not move a time ratio", () => {
  const short = Array.from({ length: 40 }, () => 20);
  short[10] = 20 + INTERRUPTION_MIN_SECONDS - 1;
  assert.deepEqual(historyInterruptions(timed(short)), []);
  const smallShare = Array.from({ length: 200 }, () => 20);
  smallShare[50] = 20 + 150; // 150 s of a 4,150 s run: 3.6 %
  assert.deepEqual(historyInterruptions(timed(smallShare)), []);
});

test("a schedule that makes later epochs dearer (Adam, then L-BFGS at 25 times the cost) is not an interruption", () => {
  const adam = Array.from({ length: 100 }, () => 2);
  const lbfgs = Array.from({ length: 100 }, () => 50);
  assert.deepEqual(historyInterruptions(timed([...adam, ...lbfgs])), []);
});

test("every timed history in a record's results is checked, and each finding names where it sits", () => {
  const paused = Array.from({ length: 20 }, () => 10);
  paused[5] = 400;
  const results = { description: "toy", members: [{ history: timed(Array.from({ length: 20 }, () => 10)) }, { history: { ...timed(paused), testError: [] } }] };
  const found = trainingInterruptions(results);
  assert.equal(found.length, 1);
  assert.equal(found[0].where, "results.members[1].history");
});

/** `timed` with the given CPU seconds per interval beside the wall seconds. */
const timedWithCpu = (perInterval: readonly number[], cpu: readonly number[]) => ({
  ...timed(perInterval),
  cpuSeconds: cpu.reduce((acc, s) => [...acc, acc[acc.length - 1] + s], [0]),
});

test("with CPU seconds, an interval whose wall time exceeds its CPU time by a pause is found, and one that only shared its core is not", () => {
  const wall = Array.from({ length: 30 }, () => 20);
  const cpu = Array.from({ length: 30 }, () => 19.5);
  wall[12] = 20 + 500; // stopped for 500 s
  cpu[20] = 100;
  wall[20] = 170; // 70 s beyond its CPU time, over both thresholds, but it had more than half a core: shared, not stopped
  assert.deepEqual(historyInterruptions(timedWithCpu(wall, cpu)).map((f) => [f.fromEpoch, f.basis, f.expectedSeconds]), [[300, "CPU time", 19.5]]);
  wall[20] = 220; // under half a core
  assert.deepEqual(historyInterruptions(timedWithCpu(wall, cpu)).map((f) => f.fromEpoch), [300, 500]);
});

test("with CPU seconds, a dearer phase is judged by its own CPU time, not by its neighbours", () => {
  const wall = [...Array.from({ length: 10 }, () => 1), ...Array.from({ length: 10 }, () => 200)];
  assert.deepEqual(historyInterruptions(timedWithCpu(wall, wall.map((w) => 0.99 * w))), []);
});

test("a history that had under 90 % of a core for more than 30 s is starved; one with CPU seconds to match, or without CPU seconds, is not", () => {
  const wall = Array.from({ length: 20 }, () => 100);
  assert.deepEqual(starvedHistories({ history: timedWithCpu(wall, wall.map((w) => 0.95 * w)) }), []);
  const starved = starvedHistories({ history: timedWithCpu(wall, wall.map((w) => 0.6 * w)) });
  assert.deepEqual(starved, [{ where: "results.history", seconds: 2000, cpuSeconds: 1200 }]);
  assert.deepEqual(starvedHistories({ history: timed(wall) }), []);
  const tiny = Array.from({ length: 20 }, () => 0.01);
  assert.deepEqual(starvedHistories({ history: timedWithCpu(tiny, tiny.map((w) => 0.5 * w)) }), [], "a short run's clock noise is not starvation");
});

test("untimelyTraining names a pause always, and a shared core only when starvation is asked for (a record, not a cache entry)", () => {
  const wall = Array.from({ length: 20 }, () => 100);
  const starved = { history: timedWithCpu(wall, wall.map((w) => 0.6 * w)) };
  assert.equal(untimelyTraining(starved, { starvation: false }), undefined);
  assert.match(untimelyTraining(starved, { starvation: true }) ?? "", /60 % of a core.*shared its core/);
  const paused = [...wall];
  paused[7] = 900;
  assert.match(untimelyTraining({ history: timed(paused) }, { starvation: false }) ?? "", /epochs 175 to 200 took 900 s.*stopped while it ran/);
  assert.equal(untimelyTraining({ history: timed(wall) }, { starvation: true }), undefined);
});
