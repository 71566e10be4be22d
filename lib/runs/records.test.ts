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
