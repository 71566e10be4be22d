/**
 * No notebook twin types a measured number into a markdown cell (scripts/markdownNumbers.ts says which numbers
 * are accounted for); the reading of the results is rendered by code from the run, so it cannot go stale.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";
import { twinNames } from "../scripts/buildNotebooks.js";
import { unaccountedNumbers } from "../scripts/markdownNumbers.js";

test("unaccountedNumbers reports a measured value in prose and accepts settings, quotations and references", () => {
  const twin = [
    "// %% [markdown]",
    "// # Title",
    "// Trained for 3,000 epochs (Section 3.2, eq. (14)); the paper says \"50,000 epochs\".",
    "// H1 ends at 0.092 × L2's error after 2,000 digits (2019).",
    "// %%",
    "const epochs = 3_000;",
  ].join("\n");
  assert.deepEqual(unaccountedNumbers(twin, "t.ts").map((n) => n.text), ["0.092", "2,000"]);
});

for (const name of twinNames()) {
  test(`notebook ${name} states no measured number in its markdown cells`, () => {
    const file = path.join(repoRoot, "notebooks", `${name}.ts`);
    const stated = unaccountedNumbers(readFileSync(file, "utf8"), file);
    assert.deepEqual(
      stated.map((n) => `cell ${n.cell + 1}: ${n.text} in "…${n.context}…"`),
      [],
      `notebooks/${name}.ts types numbers into markdown that no code literal or quotation accounts for; render them from the run in a code cell (lib/notebook/reading.ts) or make them settings`,
    );
  });
}
