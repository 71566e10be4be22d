import { test } from "node:test";
import { assertClose } from "../numeric/assertClose.js";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { FD_GRADIENT_RELATIVE, FD_STEP, IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { erf, normalCdf, normalPdf } from "./erf.js";

// erf at 0.1, 0.5, 1, 2, 3 from Python 3's math.erf (glibc, within 1 ulp), which agrees with Abramowitz & Stegun
// Table 7.1 to all its digits.
const TABLE: Array<[number, number]> = [
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [2, 0.9953222650189527],
  [3, 0.9999779095030014],
];

test("erf matches tabulated values to double precision, and is odd", () => {
  for (const [x, value] of TABLE) {
    assertClose(erf(x), value, { relative: IDENTITY_RELATIVE }, `erf(${x})`);
    assertClose(erf(-x), -value, { relative: IDENTITY_RELATIVE }, `erf(${-x})`);
  }
  assertClose(erf(0), 0, { absolute: 0 }, "erf(0)");
  assertClose(erf(7), 1, { absolute: 0 }, "erf(7)");
});

test("erf'(x) = 2/sqrt(pi) exp(-x^2) by central differences, on both sides of the series limit", () => {
  for (const x of [-5.9, -2.5, -0.3, 0, 0.7, 1.9, 4.4, 5.99]) {
    const [fd] = centralGradient(([t]) => erf(t), [x], FD_STEP);
    assertClose(fd, (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x), { relative: FD_GRADIENT_RELATIVE }, `erf'(${x})`);
  }
});

test("normalCdf' = normalPdf, and normalCdf(0) = 1/2", () => {
  assertClose(normalCdf(0), 0.5, { absolute: 0 }, "Phi(0)");
  for (const z of [-3, -1, 0.2, 2.5]) {
    const [fd] = centralGradient(([t]) => normalCdf(t), [z], FD_STEP);
    assertClose(fd, normalPdf(z), { relative: FD_GRADIENT_RELATIVE }, `Phi'(${z})`);
  }
});
