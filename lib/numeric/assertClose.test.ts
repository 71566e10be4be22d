import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { assertClose, assertWithinStandardErrors, maxAbsDifference, relativeDifference } from "./assertClose.js";

test("assertClose passes numbers, arrays and matrices within tolerance", () => {
  assertClose(1 + 1e-13, 1, { absolute: 1e-12 }, "number");
  assertClose([1, 2, 3], [1, 2, 3 + 1e-13], { relative: 1e-12 }, "array");
  assertClose(new Matrix([[1, 2], [3, 4]]), new Matrix([[1, 2], [3, 4 + 1e-12]]), { relative: 1e-12 }, "matrix");
});

test("a relative tolerance scales by max(1, max |expected|) and an absolute one does not", () => {
  assert.ok(Math.abs(relativeDifference([1000.001], [1000]) - 1e-6) < 1e-12);
  assert.ok(Math.abs(relativeDifference([1e-3 + 1e-6], [1e-3]) - 1e-6) < 1e-15);
  assertClose([1000.001], [1000], { relative: 2e-6 }, "relative passes");
  assert.throws(() => assertClose([1000.001], [1000], { absolute: 2e-6 }, "absolute fails"));
});

test("assertClose's failure message names what, got, expected, difference and tolerance", () => {
  assert.throws(
    () => assertClose([1, 2.5], [1, 2], { absolute: 0.1 }, "my quantity"),
    (error: Error) =>
      /my quantity/.test(error.message) &&
      /got: +\[1, 2\.5\]/.test(error.message) &&
      /expected: +\[1, 2\]/.test(error.message) &&
      /difference: 0\.5/.test(error.message) &&
      /tolerance: +0\.1/.test(error.message),
  );
});

test("assertClose never passes NaN and rejects mismatched shapes", () => {
  assert.ok(Number.isNaN(maxAbsDifference([Number.NaN], [0])));
  assert.throws(() => assertClose(Number.NaN, 0, { absolute: Infinity }, "nan"), /not close/);
  assert.throws(() => assertClose([1, 2], [1, 2, 3], { absolute: 1 }, "shape"), /shapes differ/);
  assert.throws(() => assertClose(new Matrix([[1, 2]]), new Matrix([[1], [2]]), { absolute: 1 }, "shape"), /shapes differ/);
});

test("assertWithinStandardErrors accepts a mean within sigmas standard errors and rejects one outside", () => {
  assertWithinStandardErrors([1.0, 2.0], [0.1, 0.1], [1.4, 2.0], 5, "inside");
  assert.throws(
    () => assertWithinStandardErrors([1.0, 2.0], [0.1, 0.1], [1.6, 2.0], 5, "outside"),
    (error: Error) => /outside/.test(error.message) && /worst 6/.test(error.message),
  );
  assert.throws(() => assertWithinStandardErrors([Number.NaN], [1], [0], 5, "nan"));
  assertWithinStandardErrors([0], [0], [0], 5, "constant samples, exact");
  assert.throws(() => assertWithinStandardErrors([0], [0], [1e-12], 5, "constant samples, off"));
});
