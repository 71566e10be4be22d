/**
 * The navigation links of the notebooks follow the paper's order (Section 2, Section 3, Appendix A, Appendix C):
 * each committed notebook links back to the one before it and on to the one after it, so a reader can walk the
 * whole chain. Two links once skipped a notebook (3.3 → 3.4 and C.2 → C.3).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";
import { twinNames } from "../scripts/buildNotebooks.js";

/** The notebooks that the first markdown cell holding an arrow links to, in order. */
function navigationLinks(name: string): string[] {
  const notebook = JSON.parse(readFileSync(path.join(repoRoot, "notebooks", `${name}.ipynb`), "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  for (const cell of notebook.cells) {
    const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    if (cell.cell_type === "markdown" && /[←→]/.test(text)) return [...text.matchAll(/\]\(([^)]+)\.ipynb\)/g)].map((m) => m[1] ?? "");
  }
  return [];
}

test("the paper's order is Section 2, Section 3, then the appendices, numbers compared as numbers", () => {
  const order = twinNames();
  const at = (prefix: string): number => order.findIndex((name) => name.startsWith(prefix));
  assert.ok(at("2.3-") < at("2.3.3-") && at("2.3.3-") < at("3.1-") && at("3.4-") < at("A-") && at("A-") < at("C.1-") && at("C.2-") < at("C.3-"), order.join(", "));
});

test("every committed notebook links to the previous and the next notebook in the paper's order", () => {
  const order = twinNames();
  order.forEach((name, i) => {
    const expected = [order[i - 1], order[i + 1]].filter((n): n is string => n !== undefined);
    assert.deepEqual(navigationLinks(name), expected, `${name}.ipynb`);
  });
});
