import { test } from "node:test";
import assert from "node:assert/strict";
import { verdictOf, type ClaimCheck } from "./verdict.js";

const base: ClaimCheck = { id: "x", source: "Thm 0", claim: "a = 1", method: "by hand", measured: 1, expected: 1, tolerance: 1e-9 };

test("verdictOf says holds within tolerance and fails outside it", () => {
  assert.equal(verdictOf({ ...base, measured: 1 + 5e-10 }), "holds");
  assert.equal(verdictOf({ ...base, measured: 1 + 2e-9 }), "fails");
});

test("verdictOf says erratum only when the printed claim disagrees and the correction's own check agrees", () => {
  const correction = { statement: "a = 2", measured: 2, expected: 2 };
  assert.equal(verdictOf({ ...base, measured: 2, correction }), "erratum");
  assert.equal(verdictOf({ ...base, measured: 1, correction }), "holds");
  assert.equal(verdictOf({ ...base, measured: 2, correction: { ...correction, measured: 3 } }), "fails");
});

test("verdictOf fails a NaN measurement whatever the tolerance", () => {
  assert.equal(verdictOf({ ...base, measured: NaN, tolerance: Infinity }), "fails");
});

test("verdictOf reads < and > as strict comparisons with expected, loosened by the tolerance when it is positive", () => {
  const below: ClaimCheck = { ...base, relation: "<", expected: 1, tolerance: 0 };
  assert.equal(verdictOf({ ...below, measured: 0.5 }), "holds");
  assert.equal(verdictOf({ ...below, measured: 1 }), "fails");
  assert.equal(verdictOf({ ...below, measured: 1.05, tolerance: 0.1 }), "holds");
  const above: ClaimCheck = { ...base, relation: ">", expected: 1, tolerance: 0 };
  assert.equal(verdictOf({ ...above, measured: 2 }), "holds");
  assert.equal(verdictOf({ ...above, measured: 0.99 }), "fails");
  assert.equal(verdictOf({ ...above, measured: NaN }), "fails");
});

test("verdictOf with an interval holds only when the whole interval lies on the claimed side", () => {
  const below: ClaimCheck = { ...base, relation: "<", expected: 1, tolerance: 0, measured: 0.6 };
  assert.equal(verdictOf({ ...below, interval: { low: 0.4, high: 0.9 } }), "holds");
  assert.equal(verdictOf({ ...below, interval: { low: 0.4, high: 1.2 } }), "inconclusive");
  assert.equal(verdictOf({ ...below, measured: 1.5, interval: { low: 1.1, high: 2 } }), "fails");
  const above: ClaimCheck = { ...base, relation: ">", expected: 1, tolerance: 0, measured: 2 };
  assert.equal(verdictOf({ ...above, interval: { low: 1.5, high: 3 } }), "holds");
  assert.equal(verdictOf({ ...above, measured: 0.5, interval: { low: 0.2, high: 0.9 } }), "fails");
  assert.equal(verdictOf({ ...above, interval: { low: 0.9, high: 3 } }), "inconclusive");
});

test("verdictOf with an interval for = holds inside the band, fails outside it, is inconclusive across its edge", () => {
  const equal: ClaimCheck = { ...base, expected: 1, tolerance: 0.1, measured: 1 };
  assert.equal(verdictOf({ ...equal, interval: { low: 0.95, high: 1.05 } }), "holds");
  assert.equal(verdictOf({ ...equal, measured: 2, interval: { low: 1.5, high: 2.5 } }), "fails");
  assert.equal(verdictOf({ ...equal, interval: { low: 0.8, high: 1.05 } }), "inconclusive");
});

test("verdictOf with an interval is inconclusive for one seed's whole-line interval and for NaN (nothing reached)", () => {
  const below: ClaimCheck = { ...base, relation: "<", expected: 1, tolerance: 0, measured: 0.01 };
  assert.equal(verdictOf({ ...below, interval: { low: 0, high: Infinity } }), "inconclusive");
  assert.equal(verdictOf({ ...below, measured: NaN, interval: { low: NaN, high: NaN } }), "inconclusive");
});
