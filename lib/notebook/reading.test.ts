import { test } from "node:test";
import assert from "node:assert/strict";
import { claimLines, formatPercent, formatValue, md, verdictCounts } from "./reading.js";

test("formatValue keeps three significant digits and switches to exponent form for very small or large values", () => {
  assert.equal(formatValue(0.09234), "0.0923");
  assert.equal(formatValue(1234.5), "1,230");
  assert.equal(formatValue(0.00012345), "1.23e-4");
  assert.equal(formatValue(NaN), "n/a");
  assert.equal(formatValue(Infinity), "∞");
});

test("md formats the numbers it interpolates and leaves strings alone", () => {
  assert.equal(md`H1 ends at ${0.09234} × L2 (${"tanh"})`, "H1 ends at 0.0923 × L2 (tanh)");
  assert.equal(formatPercent(0.06), "6 %");
});

test("claimLines states each row's measurement, interval, seeds, scale and verdict", () => {
  const line = claimLines([{ claim: "H1 beats L2", source: "Fig 2", measured: 0.5, low: 0.25, high: 0.75, seeds: 5, scale: 0.06, relation: "<", expected: 1, verdict: "holds" }]);
  assert.equal(line, "- H1 beats L2 (Fig 2): 0.5 (5 seeds, 95 % interval 0.25 to 0.75), claimed < 1, 6 % of the paper's epochs: **holds**.");
});

test("verdictCounts counts each verdict with the right number", () => {
  const rows = [{ verdict: "holds" }, { verdict: "inconclusive" }, { verdict: "inconclusive" }, { verdict: "fails" }];
  assert.equal(verdictCounts(rows), "1 holds, 1 fails, 2 are inconclusive");
});
