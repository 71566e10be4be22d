import { test } from "node:test";
import assert from "node:assert/strict";
import { resultsPage } from "./resultsPage.js";

const experiment = { notebook: "3.2-activations-fig2", id: "a", source: "Fig 2", claim: "H1 beats L2", measured: "0.5", relation: "<", expected: "1", tolerance: "0", seeds: "5", low: "0.3", high: "0.8", scale: "0.06", verdict: "holds", profile: "quick" };
const derivation = { notebook: "2.2-optimization-landscape", id: "b", source: "Thm 2.5", claim: "κ = 2", measured: "3", relation: "=", expected: "2", tolerance: "0.01", verdict: "erratum", correction: "κ = 3", consequence: "statement", profile: "quick" };

test("resultsPage counts verdicts per record and errata per consequence", () => {
  const page = resultsPage([experiment, { ...experiment, id: "c", verdict: "inconclusive" }], [derivation], ["2.2-optimization-landscape", "3.2-activations-fig2"]);
  assert.match(page, /\| experiment claims \| quick \| 2 \| 1 \| 0 \| 1 \| 0 \|/);
  assert.match(page, /\| derivation checks \| quick \| 1 \| 0 \| 0 \| 0 \| 1 \|/);
  assert.match(page, /\| statement \| 1 \|/);
});

test("resultsPage gives each claim one line with verdict, measured value and interval, seeds, scale, profile, in paper order", () => {
  const page = resultsPage([experiment], [derivation], ["2.2-optimization-landscape", "3.2-activations-fig2"]);
  assert.match(page, /\| ✓ holds \| H1 beats L2 \(Fig 2\) \| 0\.5 \[0\.3, 0\.8\] \| < 1 \| 5 \| 6 % \| quick \|/);
  assert.match(page, /\| ✎ erratum \| κ = 2 \(Thm 2\.5\) \| 3 \| 2 ± 0\.01 \| statement \| κ = 3 \| quick \|/);
  assert.ok(page.indexOf("2.2-optimization-landscape.ipynb") < page.indexOf("3.2-activations-fig2.ipynb"));
});

test("resultsPage totals each profile apart and links each profile's notebook", () => {
  const page = resultsPage([experiment, { ...experiment, id: "a", verdict: "fails", profile: "long", scale: "0.1" }], [], ["3.2-activations-fig2"]);
  assert.match(page, /\| experiment claims \| quick \| 1 \| 1 \| 0 \| 0 \| 0 \|/);
  assert.match(page, /\| experiment claims \| long \| 1 \| 0 \| 1 \| 0 \| 0 \|/);
  assert.match(page, /\[3\.2-activations-fig2\]\(\.\.\/notebooks\/3\.2-activations-fig2\.ipynb\), \[3\.2-activations-fig2 \(long\)\]\(\.\.\/notebooks\/3\.2-activations-fig2\.long\.ipynb\)/);
  assert.match(page, /\| ✗ fails \| H1 beats L2 \(Fig 2\) \| 0\.5 \[0\.3, 0\.8\] \| < 1 \| 5 \| 10 % \| long \|/);
});
