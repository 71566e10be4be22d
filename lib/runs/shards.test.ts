import { test } from "node:test";
import assert from "node:assert/strict";
import { UntimelyTrainingError } from "./interruptions.js";
import { assignShards, computeShard, parseShard } from "./shards.js";
import type { RunRequest } from "./plan.js";

const run = (seed: number, cost: number): RunRequest => ({ experiment: "toy", config: { seed }, compute: () => seed, label: `seed ${seed}`, cost });

test("parseShard takes k/n with 1 <= k <= n and names the form otherwise", () => {
  assert.deepEqual(parseShard("2/4"), { index: 2, count: 4 });
  for (const bad of ["0/2", "3/2", "2", "a/b", "1/0", "-1/2", ""]) assert.throws(() => parseShard(bad), /is not valid; use k\/n with 1 <= k <= n/, bad);
});

test("shards are disjoint, together hold every run once, and do not depend on the order the runs are listed in", () => {
  const runs = Array.from({ length: 23 }, (_, i) => run(i, 1 + ((i * 7) % 5)));
  for (const count of [1, 2, 3, 4, 7]) {
    const slices = assignShards(runs, count);
    assert.equal(slices.length, count);
    const labels = slices.flat().map((r) => r.label).sort();
    assert.deepEqual(labels, runs.map((r) => r.label).sort(), `count ${count}`);
    const reversed = assignShards([...runs].reverse(), count);
    assert.deepEqual(reversed.map((s) => s.map((r) => r.label)), slices.map((s) => s.map((r) => r.label)), `count ${count}: order-free`);
  }
});

test("shards are balanced by estimated cost: no slice exceeds the ideal share by more than the largest run", () => {
  const runs = Array.from({ length: 40 }, (_, i) => run(i, 1 + ((i * 13) % 11)));
  const total = runs.reduce((sum, r) => sum + r.cost, 0);
  const largest = Math.max(...runs.map((r) => r.cost));
  for (const count of [2, 3, 5]) {
    for (const slice of assignShards(runs, count)) {
      const cost = slice.reduce((sum, r) => sum + r.cost, 0);
      assert.ok(cost <= total / count + largest, `count ${count}: slice cost ${cost}, ideal ${total / count}`);
    }
  }
});

test("a shard goes on past a run refused for its timing, names it, and stops at once on any other error", async () => {
  const request = (label: string) => ({ experiment: "toy-shard", config: { label }, compute: () => ({}), label, cost: 1 });
  const lines: string[] = [];
  const outcome = await computeShard([request("a"), request("b"), request("c")], async (r) => {
    if (r.label === "b") throw new UntimelyTrainingError("Run b had 60 % of a core");
    return { fromCache: r.label === "c" };
  }, (line) => lines.push(line));
  assert.deepEqual(outcome, { computed: 1, read: 1, refused: [{ label: "b", reason: "Run b had 60 % of a core" }] });
  assert.deepEqual(lines, ["1/3 a: computed", "2/3 b: refused, Run b had 60 % of a core", "3/3 c: already recorded"]);
  let calls = 0;
  await assert.rejects(computeShard([request("a"), request("b")], async () => {
    calls += 1;
    throw new Error("diverged");
  }, () => {}), /diverged/);
  assert.equal(calls, 1, "a real error stops the shard before its next run");
});
