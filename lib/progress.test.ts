import { test } from "node:test";
import assert from "node:assert/strict";
import { progress } from "./progress.js";

test("progress prints at most once per interval, always at the end, with the time left", () => {
  const lines: string[] = [];
  let clock = 0;
  const bar = progress("train", 4, { everySeconds: 10, log: (l) => lines.push(l), now: () => clock });
  clock = 1; bar.tick(1, "loss 0.5");
  clock = 5; bar.tick(2);
  clock = 12; bar.tick(3);
  clock = 16; bar.tick(4);
  assert.deepEqual(lines, [
    "train:  25% (1/4), 1 s elapsed, ~3 s left, loss 0.5",
    "train:  75% (3/4), 12 s elapsed, ~4 s left",
    "train: 100% (4/4), done in 16 s",
  ]);
});

test("progress after a resume estimates the time left from the units done since it began, not from the checkpoint's", () => {
  const lines: string[] = [];
  let clock = 0;
  const bar = progress("train", 100, { everySeconds: 10, log: (l) => lines.push(l), now: () => clock, startedAt: 60 });
  clock = 1; bar.tick(60);
  clock = 20; bar.tick(70);
  assert.deepEqual(lines, [
    "train:  60% (60/100), 1 s elapsed, ~? left",
    "train:  70% (70/100), 20 s elapsed, ~60 s left",
  ]);
});

test("progress rejects a total that is not a positive integer", () => {
  assert.throws(() => progress("x", 0), /total must be a positive integer, got 0/);
});
