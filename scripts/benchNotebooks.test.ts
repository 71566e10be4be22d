import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { notebookTime, notebookTimes, totalTime } from "./benchNotebooks.js";

const notebook = (companion: Record<string, unknown>): string =>
  JSON.stringify({ metadata: { companion: { fingerprint: "f", ...companion } }, cells: [{ cell_type: "code", outputs: [{ output_type: "stream", name: "stdout", text: ["read from the cache\n"] }] }] });

test("notebookTime reads the wall time and the compute time the runner recorded, not the outputs' wording", () => {
  assert.deepEqual(notebookTime("fig2", notebook({ seconds: 15.8, computeSeconds: 457.2 })), { notebook: "fig2", seconds: 15.8, computeSeconds: 457.2 });
});

test("a notebook without recorded times has them null; invalid JSON names the notebook and the fix", () => {
  assert.deepEqual(notebookTime("a", notebook({})), { notebook: "a", seconds: null, computeSeconds: null });
  assert.deepEqual(notebookTime("b", notebook({ seconds: "12", computeSeconds: Number.NaN })), { notebook: "b", seconds: null, computeSeconds: null });
  assert.throws(() => notebookTime("broken", "{"), /broken is not valid JSON.*NOTEBOOK=broken/);
});

test("totalTime adds both times and counts the notebooks without a compute time", () => {
  const total = totalTime([
    { notebook: "a", seconds: 10, computeSeconds: 100 },
    { notebook: "b", seconds: 5.5, computeSeconds: 20.5 },
    { notebook: "c", seconds: 3, computeSeconds: null },
  ]);
  assert.deepEqual(total, { seconds: 18.5, computeSeconds: 120.5, missing: 1 });
});

test("notebookTimes lists the quick notebooks only, by name, not those assembled for the long and paper profiles", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "bench-notebooks-"));
  try {
    for (const name of ["b.ipynb", "a.ipynb", "a.long.ipynb", "c.paper.ipynb", "notes.md"]) writeFileSync(path.join(folder, name), notebook({ seconds: 1, computeSeconds: 2 }));
    assert.deepEqual(notebookTimes(folder).map((t) => t.notebook), ["a", "b"]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
