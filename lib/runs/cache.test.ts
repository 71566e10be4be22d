import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The cache writes under DATA_DIR; point it at a fresh folder before the module reads it.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "cache-test-"));
process.env.TFJS_BACKEND = "cpu";
const { cachedRun, cacheKey } = await import("./cache.js");

const cacheFiles = (experiment: string): string[] => {
  try {
    return readdirSync(path.join(process.env.DATA_DIR!, "cache", experiment));
  } catch {
    return [];
  }
};

test("cachedRun computes once and then reads the same record back", async () => {
  let calls = 0;
  const config = { seed: 3, lr: 0.1 };
  const compute = ({ lr }: { lr: number }) => ({ value: ++calls * lr });
  const first = await cachedRun("square", config, compute);
  const second = await cachedRun("square", { lr: 0.1, seed: 3 }, compute);
  assert.equal(calls, 1);
  assert.equal(first.fromCache, false);
  assert.equal(second.fromCache, true);
  assert.deepEqual(second.record, first.record);
  assert.equal(first.record.seed, 3);
  assert.match(first.record.runId, /^[2-9a-z]{10}$/);
  assert.equal(first.record.backend.name, "cpu");
});

test("cachedRun keys differ when the config, the experiment, the backend or the compute code differ", () => {
  const key = cacheKey("a", { lr: 1 }, "cpu", "(c) => c.lr * 2");
  assert.notEqual(cacheKey("a", { lr: 2 }, "cpu", "(c) => c.lr * 2"), key);
  assert.notEqual(cacheKey("b", { lr: 1 }, "cpu", "(c) => c.lr * 2"), key);
  assert.notEqual(cacheKey("a", { lr: 1 }, "wasm", "(c) => c.lr * 2"), key);
  assert.notEqual(cacheKey("a", { lr: 1 }, "cpu", "(c) => c.lr * 3"), key);
  assert.equal(cacheKey("a", { lr: 1 }, "cpu", "(c) => c.lr * 2"), key);
});

test("editing the compute function of a run recomputes it", async () => {
  const first = await cachedRun("edited", { n: 2 }, ({ n }) => n * 2);
  const second = await cachedRun("edited", { n: 2 }, ({ n }) => n * 3);
  assert.equal(second.fromCache, false);
  assert.deepEqual([first.record.results, second.record.results], [4, 6]);
});

test("a diverged run throws naming the NaN and leaves nothing in the cache", async () => {
  await assert.rejects(cachedRun("diverges", { lr: 10 }, () => ({ loss: [1, 2, NaN] })), /diverged: results\.loss\[2\] = NaN/);
  assert.deepEqual(cacheFiles("diverges"), []);
});

test("a run that throws mid-way leaves nothing in the cache", async () => {
  await assert.rejects(
    cachedRun("crashes", { n: 1 }, () => {
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.deepEqual(cacheFiles("crashes"), []);
});

test("cachedRun rejects an experiment name that is not a plain folder name", async () => {
  await assert.rejects(cachedRun("../escape", {}, () => 1), /experiment name must match/);
});
