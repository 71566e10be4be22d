import { test } from "node:test";
import assert from "node:assert/strict";
import { notebookTime, totalTime } from "./benchNotebooks.js";

const notebook = (seconds: unknown, outputs: string[]): string =>
  JSON.stringify({
    metadata: { companion: { fingerprint: "f", ...(seconds === undefined ? {} : { seconds }) } },
    cells: [
      { cell_type: "markdown", source: "cached in the text of a markdown cell does not count" },
      { cell_type: "code", outputs: outputs.map((text) => ({ output_type: "stream", name: "stdout", text: [text] })) },
    ],
  });

test("notebookTime reads metadata.companion.seconds and counts output lines that say a run came from the cache", () => {
  const t = notebookTime("fig2", notebook(496.2, ["relu L2: cached, 8.1 ms per epoch\nrelu H1: computed\n", "run k: read from the cache (3.4 s)\n"]));
  assert.deepEqual(t, { notebook: "fig2", seconds: 496.2, cachedRuns: 2 });
});

test("a notebook without a recorded time has seconds null; a computed one has no cache lines", () => {
  assert.deepEqual(notebookTime("a", notebook(undefined, ["trained in 3 s\n"])), { notebook: "a", seconds: null, cachedRuns: 0 });
  assert.throws(() => notebookTime("broken", "{"), /broken is not valid JSON.*NOTEBOOK=broken/);
});

test("totalTime adds the recorded times and counts the notebooks without one or with cached runs", () => {
  const total = totalTime([
    { notebook: "a", seconds: 10, cachedRuns: 0 },
    { notebook: "b", seconds: 5.5, cachedRuns: 3 },
    { notebook: "c", seconds: null, cachedRuns: 0 },
  ]);
  assert.deepEqual(total, { seconds: 15.5, missing: 1, fromCache: 1 });
});
