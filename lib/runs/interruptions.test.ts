import { test } from "node:test";
import assert from "node:assert/strict";
import { historyInterruptions, INTERRUPTION_MIN_SECONDS, trainingInterruptions } from "./interruptions.js";

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
