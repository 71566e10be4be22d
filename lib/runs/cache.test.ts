import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";

// The cache writes under DATA_DIR; point it at a fresh folder before the module reads it, and remove it after.
const dataDir = mkdtempSync(path.join(tmpdir(), "cache-test-"));
process.env.DATA_DIR = dataDir;
process.env.TFJS_BACKEND = "cpu";
after(() => rmSync(dataDir, { recursive: true, force: true }));
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
  assert.equal(first.record.cpuModel, cpus()[0].model.trim(), "the record names the processor");
});

test("cachedRun tallies each run it was asked for, computed or read from the cache, in COMPANION_RUN_TALLY when set", async () => {
  const tally = path.join(dataDir, "run-tally");
  process.env.COMPANION_RUN_TALLY = tally;
  try {
    const compute = ({ n }: { n: number }) => ({ value: n * n });
    await cachedRun("tallied", { n: 2 }, compute);
    await cachedRun("tallied", { n: 2 }, compute);
    await cachedRun("tallied", { n: 3 }, compute);
    assert.equal(readFileSync(tally, "utf8"), "computed\nread\ncomputed\n");
  } finally {
    delete process.env.COMPANION_RUN_TALLY;
  }
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

/** Runs `body` with console.warn captured, and returns what it warned. */
async function warnings(body: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    await body();
  } finally {
    console.warn = warn;
  }
  return lines;
}

const quarantined = (experiment: string): string[] => {
  try {
    return readdirSync(path.join(dataDir, "cache", "quarantine", experiment));
  } catch {
    return [];
  }
};

/**
 * Caches one run of `experiment`, replaces its entry with `corrupt(entry path, record text)`, and runs it again:
 * the rerun must compute, warn once naming the entry's path and why, move the entry to the quarantine, and
 * leave a good entry that the next run reads back.
 */
async function assertRefusedAndRecomputed(experiment: string, corrupt: (file: string, text: string) => void, why: RegExp): Promise<void> {
  let calls = 0;
  const compute = ({ lr }: { lr: number }) => ({ loss: [lr, ++calls] });
  const first = await cachedRun(experiment, { lr: 9 }, compute);
  const file = path.join(dataDir, "cache", experiment, `${first.record.key}.json`);
  corrupt(file, readFileSync(file, "utf8"));
  let second: Awaited<ReturnType<typeof cachedRun<{ lr: number }, { loss: number[] }>>> | undefined;
  const warned = await warnings(async () => {
    second = await cachedRun(experiment, { lr: 9 }, compute);
  });
  assert.equal(second?.fromCache, false, "a refused entry must be computed again");
  assert.deepEqual(second?.record.results, { loss: [9, 2] });
  assert.equal(warned.length, 1, warned.join("\n"));
  assert.ok(warned[0].includes(file), `the warning must name the entry's path ${file}: ${warned[0]}`);
  assert.match(warned[0], why);
  assert.equal(quarantined(experiment).length, 1, "the refused entry must be moved to data/cache/quarantine/");
  const third = await cachedRun(experiment, { lr: 9 }, compute);
  assert.equal(third.fromCache, true, "the recomputed entry must be read back");
  assert.equal(calls, 2);
}

test("a truncated cache entry is reported with its path, moved to the quarantine and recomputed", async () => {
  await assertRefusedAndRecomputed("truncated", (file, text) => writeFileSync(file, text.slice(0, text.length >> 1)), /is not valid JSON/);
});

test("a cache entry of garbage bytes is reported with its path, moved to the quarantine and recomputed", async () => {
  await assertRefusedAndRecomputed("garbage", (file) => writeFileSync(file, Buffer.from([0xff, 0x00, 0x7b, 0x80, 0x22])), /is not valid JSON/);
});

for (const [name, stored, why] of [
  ["null", "null", /holds null, not a run record/],
  ["an empty object", "{}", /has experiment = undefined/],
  ["an array", "[1, 2]", /holds an array/],
  ["a number", "42", /holds a number/],
] as const) {
  test(`a cache entry holding ${name} is refused, not returned as a hit`, async () => {
    await assertRefusedAndRecomputed(`wrong-type-${name.replace(/ /g, "-")}`, (file) => writeFileSync(file, stored), why);
  });
}

test("a cache record whose results are null is refused, not returned as a hit", async () => {
  await assertRefusedAndRecomputed("null-results", (file, text) => writeFileSync(file, JSON.stringify({ ...JSON.parse(text), results: null })), /has results = null/);
});

test("a cache record with a field of the wrong type is refused", async () => {
  await assertRefusedAndRecomputed("wrong-field", (file, text) => writeFileSync(file, JSON.stringify({ ...JSON.parse(text), wallTimeSeconds: "fast" })), /has wallTimeSeconds = "fast"/);
});

test("a cache record with a processor that is not a string is refused; one without a processor (an older record) is read", async () => {
  await assertRefusedAndRecomputed("wrong-cpu", (file, text) => writeFileSync(file, JSON.stringify({ ...JSON.parse(text), cpuModel: 7 })), /has cpuModel = 7/);
  let calls = 0;
  const compute = ({ lr }: { lr: number }) => ({ loss: [lr, ++calls] });
  const first = await cachedRun("no-cpu", { lr: 2 }, compute);
  const file = path.join(dataDir, "cache", "no-cpu", `${first.record.key}.json`);
  const { cpuModel: _dropped, ...older } = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify(older));
  const second = await cachedRun("no-cpu", { lr: 2 }, compute);
  assert.equal(second.fromCache, true);
  assert.equal(second.record.cpuModel, undefined);
});

test("a directory in place of a cache entry is moved to the quarantine and the run recomputed", async () => {
  await assertRefusedAndRecomputed(
    "directory",
    (file) => {
      rmSync(file);
      mkdirSync(path.join(file, "inner"), { recursive: true });
    },
    /is a directory/,
  );
});

test("another config's record copied under this request's key is refused: stored key and config must equal the request", async () => {
  const other = await cachedRun("swapped", { lr: 100 }, ({ lr }: { lr: number }) => ({ loss: [lr, 0] }));
  const otherFile = path.join(dataDir, "cache", "swapped", `${other.record.key}.json`);
  await assertRefusedAndRecomputed("swapped", (file) => writeFileSync(file, readFileSync(otherFile)), /holds config \{"lr":100\}, but the request is \{"lr":9\}/);
});

test("a record of the same config under another key (other code, backend or library) is refused", async () => {
  await assertRefusedAndRecomputed("other-key", (file, text) => writeFileSync(file, JSON.stringify({ ...JSON.parse(text), key: "0123456789abcdef01234567" })), /holds the record of key 0123456789abcdef01234567, not of its own name's key/);
});

test("a record whose stored config differs from the request is refused even under its own key", async () => {
  await assertRefusedAndRecomputed("edited-config", (file, text) => writeFileSync(file, JSON.stringify({ ...JSON.parse(text), config: { lr: 100 } })), /holds config \{"lr":100\}, but the request is \{"lr":9\}/);
});

test("no experiment may be named after the quarantine folder", async () => {
  await assert.rejects(cachedRun("quarantine", {}, () => 1), /not be "quarantine"/);
  assert.equal(existsSync(path.join(dataDir, "cache", "quarantine", "quarantine")), false);
});
