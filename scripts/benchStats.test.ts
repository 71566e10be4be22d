import { test } from "node:test";
import assert from "node:assert/strict";
import { formatRatio, median, pairedRatio } from "./benchStats.js";

test("median takes the middle value, the mean of the two middle ones for an even count, whatever the order", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]), /no values/);
});

test("pairedRatio is the median of per-round ratios, not the ratio of medians, with their min and max", () => {
  // Round 2 ran on a machine four times as slow for both engines: its ratio is still 2. Ratios 2, 2, 4 → median 2,
  // range 2..4; the ratio of the medians, 20 / 5 = 4, mixes the slow round of one engine with a fast one of the other.
  const ours = [10, 40, 20];
  const theirs = [5, 20, 5];
  assert.deepEqual(pairedRatio(ours, theirs), { median: 2, min: 2, max: 4, rounds: 3 });
  assert.notEqual(median(ours) / median(theirs), 2);
});

test("pairedRatio refuses unpaired rounds and non-positive times, naming the cause", () => {
  assert.throws(() => pairedRatio([1, 2], [1]), /2 numerator rounds against 1/);
  assert.throws(() => pairedRatio([1, 0], [1, 1]), /a time of 0/);
  assert.throws(() => pairedRatio([1, Number.NaN], [1, 1]), /a time of NaN/);
});

test("formatRatio prints the median with its range", () => {
  assert.equal(formatRatio({ median: 1.234, min: 1.1, max: 1.5, rounds: 3 }), "1.23 (1.10–1.50)");
});
