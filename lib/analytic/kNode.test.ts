import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { SeededRandom } from "../numeric/random.js";
import { CLEARLY_NONZERO, DETECTABLE_PERTURBATION, FD_GRADIENT_RELATIVE, FD_STEP, IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import {
  indicatorPairKernel,
  kNodeExactGradientH,
  kNodeExactGradientJ,
  kNodeExpectedGradientJ,
  kNodeGradientL,
  kNodeIndicatorJumpTermJ,
  kNodeLossH,
  kNodeLossJ,
  kNodeLossL,
  kNodePaperGradientH,
  orthonormalTeacher,
  reluPairKernel,
  type NetworkRows,
} from "./kNode.js";
import { exactGradientJ, paperGradientJ, populationGradientL, populationLossJ, populationLossL } from "./singleRelu.js";

interface Case {
  readonly label: string;
  readonly W: number[][];
  readonly WStar: number[][];
}

/** Seeded students near (but not at) their teachers: orthonormal teachers for K = 2..5, and two general ones. */
function cases(): Case[] {
  const rng = new SeededRandom(4242);
  const near = (teacher: number[][]): number[][] => teacher.map((row) => row.map((v) => v + 0.3 * rng.gaussian()));
  const out: Case[] = [2, 3, 4, 5].map((K) => ({ label: `K=${K}, orthonormal teacher`, W: near(orthonormalTeacher(K)), WStar: orthonormalTeacher(K) }));
  const general = [0, 1, 2].map(() => rng.gaussianVector(5));
  out.push({ label: "K=3 student, K'=3 Gaussian teacher, d=5", W: near(general), WStar: general });
  out.push({ label: "K=4 student, K'=2 teacher, d=3", W: [0, 1, 2, 3].map(() => rng.gaussianVector(3)), WStar: [rng.gaussianVector(3), rng.gaussianVector(3)] });
  return out;
}

const flat = (rows: NetworkRows): number[] => rows.flat();
const unflat = (v: readonly number[], K: number): number[][] => Array.from({ length: K }, (_, j) => v.slice((j * v.length) / K, ((j + 1) * v.length) / K));
const fdGradient = (loss: (W: NetworkRows, WStar: NetworkRows) => number, { W, WStar }: Case): number[] =>
  centralGradient((v) => loss(unflat(v, W.length), WStar), flat(W), FD_STEP);

test("reluPairKernel(a, a) = |a|^2/2 and indicatorPairKernel(a, a) = |a|^2/2, and both are symmetric", () => {
  const a = [0.3, -1.2, 0.7];
  const b = [1.1, 0.4, -0.2];
  const half = (0.09 + 1.44 + 0.49) / 2;
  assertClose(reluPairKernel(a, a), half, { relative: IDENTITY_RELATIVE }, "k(a, a)");
  assertClose(indicatorPairKernel(a, a), half, { relative: IDENTITY_RELATIVE }, "q(a, a)");
  assertClose(reluPairKernel(a, b), reluPairKernel(b, a), { relative: IDENTITY_RELATIVE }, "k symmetric");
  assertClose(indicatorPairKernel(a, b), indicatorPairKernel(b, a), { relative: IDENTITY_RELATIVE }, "q symmetric");
});

test("for K = 1 the K-node losses and gradients reduce to the single-ReLU closed forms", () => {
  const w = [0.8, -0.4, 0.5];
  const wStar = [1.0, 0.3, -0.2];
  assertClose(kNodeLossL([w], [wStar]), populationLossL(w, wStar), { relative: IDENTITY_RELATIVE }, "L");
  assertClose(kNodeLossJ([w], [wStar]), populationLossJ(w, wStar), { relative: IDENTITY_RELATIVE }, "J");
  assertClose(kNodeGradientL([w], [wStar])[0], populationGradientL(w, wStar), { relative: IDENTITY_RELATIVE }, "grad L");
  assertClose(kNodeExpectedGradientJ([w], [wStar])[0], paperGradientJ(w, wStar), { relative: IDENTITY_RELATIVE }, "E autodiff grad J");
  assertClose(kNodeExactGradientJ([w], [wStar])[0], exactGradientJ(w, wStar), { relative: IDENTITY_RELATIVE }, "exact grad J");
});

test("the population losses vanish at the teacher and are invariant under reordering the nodes", () => {
  for (const { label, W, WStar } of cases()) {
    assertClose(kNodeLossH(WStar, WStar), 0, { absolute: IDENTITY_RELATIVE }, `${label}: H(W*)`);
    const reversed = [...W].reverse();
    assertClose(kNodeLossH(reversed, WStar), kNodeLossH(W, WStar), { relative: IDENTITY_RELATIVE }, `${label}: H after reordering`);
  }
});

test("eq. (15), L line: kNodeGradientL equals the central-difference gradient of the closed-form population loss L", () => {
  for (const c of cases()) {
    assertClose(flat(kNodeGradientL(c.W, c.WStar)), fdGradient(kNodeLossL, c), { relative: FD_GRADIENT_RELATIVE }, `${c.label}: grad L`);
  }
});

test("kNodeExactGradientJ equals the central-difference gradient of the population loss J; the mean autodiff gradient does not", () => {
  for (const c of cases()) {
    const fd = fdGradient(kNodeLossJ, c);
    assertClose(flat(kNodeExactGradientJ(c.W, c.WStar)), fd, { relative: FD_GRADIENT_RELATIVE }, `${c.label}: exact grad J`);
    const missing = fd.map((v, i) => v - flat(kNodeExpectedGradientJ(c.W, c.WStar))[i]);
    assertClose(missing, flat(kNodeIndicatorJumpTermJ(c.W, c.WStar)), { relative: FD_GRADIENT_RELATIVE }, `${c.label}: FD - E autodiff = jump term`);
    assert.ok(Math.max(...missing.map(Math.abs)) > CLEARLY_NONZERO, `${c.label}: the jump term should be clearly nonzero`);
  }
});

test("eq. (15), H line as printed equals grad L + E[autodiff grad J], and is not the gradient of the population loss H", () => {
  for (const c of cases()) {
    const printed = flat(kNodePaperGradientH(c.W, c.WStar));
    const sum = flat(kNodeGradientL(c.W, c.WStar)).map((v, i) => v + flat(kNodeExpectedGradientJ(c.W, c.WStar))[i]);
    assertClose(printed, sum, { relative: IDENTITY_RELATIVE }, `${c.label}: printed H = L + E autodiff J`);
    const fd = fdGradient(kNodeLossH, c);
    assertClose(flat(kNodeExactGradientH(c.W, c.WStar)), fd, { relative: FD_GRADIENT_RELATIVE }, `${c.label}: exact grad H`);
    assert.throws(() => assertClose(printed, fd, { relative: FD_GRADIENT_RELATIVE }, `${c.label}: printed grad H vs FD`), /not close/);
  }
});

test("the gradient check detects a DETECTABLE_PERTURBATION change of the pi in eq. (15)", () => {
  const c = cases()[1];
  // (pi + delta - theta) instead of (pi - theta) in the L line adds delta/(2 pi) (sum_j' w_j' - sum_j' w*_j') to every row.
  const perturbed = (W: NetworkRows, WStar: NetworkRows): number[][] => {
    const shift = W[0].map((_, i) => (W.reduce((s, r) => s + r[i], 0) - WStar.reduce((s, r) => s + r[i], 0)) * (DETECTABLE_PERTURBATION / (2 * Math.PI)));
    return kNodeGradientL(W, WStar).map((row) => row.map((v, i) => v + shift[i]));
  };
  assert.throws(() => assertClose(flat(perturbed(c.W, c.WStar)), fdGradient(kNodeLossL, c), { relative: FD_GRADIENT_RELATIVE }, "perturbed grad L"), /not close/);
});

test("the exact gradient of J is NaN where two rows are parallel (J has a kink there)", () => {
  const teacher = orthonormalTeacher(2);
  assert.ok(kNodeExactGradientJ([[1, 0], [0.2, 0.9]], teacher)[0].every(Number.isNaN));
  assert.ok(kNodeExpectedGradientJ([[1, 0], [0.2, 0.9]], teacher)[0].every(Number.isFinite));
});

test("the K-node functions check their arguments", () => {
  assert.throws(() => kNodeLossL([[1, 0]], [[1, 0, 0]]), /length d = 2/);
  assert.throws(() => kNodeGradientL([], [[1]]), /at least one row/);
  assert.throws(() => kNodeLossJ([[0, 0]], [[1, 0]]), /nonzero/);
  assert.throws(() => orthonormalTeacher(0), /K must be an integer >= 1/);
});
