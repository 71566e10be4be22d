import assert from "node:assert/strict";
import { after, test } from "node:test";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FitSnapshot } from "./checkpoint.js";
import { fileCheckpointStore, fitCheckpointPath } from "./checkpointFile.js";

const folder = mkdtempSync(path.join(tmpdir(), "fit-checkpoints-"));
after(() => rmSync(folder, { recursive: true, force: true }));

test("the file store keeps fit i's snapshot in fit-<i>.json (nothing else beside it), loads it back equal, and has no snapshot for an unsaved index", () => {
  const store = fileCheckpointStore(path.join(folder, "run"));
  assert.equal(store.intervalSeconds, 600, "the issue's 10 minutes by default");
  assert.equal(store.load(0), undefined);
  const snapshot = { format: 1, label: "x", epoch: 3, completed: false } as unknown as FitSnapshot;
  store.save(2, snapshot);
  assert.deepEqual(store.load(2), snapshot);
  assert.deepEqual(readdirSync(path.join(folder, "run")), ["fit-2.json"]);
});

test("a damaged checkpoint file is reported with its path and the fix", () => {
  const store = fileCheckpointStore(folder, 0);
  writeFileSync(fitCheckpointPath(folder, 0), "{ half a fi");
  assert.throws(() => store.load(0), /fit-0\.json is not valid JSON.*delete it/);
});
