/**
 * strongWolfeLineSearch on the one-dimensional test functions of Moré & Thuente [1, Table 1-3 functions
 * (5.1), (5.2), (5.3)], from initial steps 1e-3 … 1e3: the returned step must satisfy both strong Wolfe
 * conditions [2, eq. (3.7)], checked here by evaluating φ again, not by trusting the search.
 *
 * [1] J. J. Moré, D. J. Thuente, Line search algorithms with guaranteed sufficient decrease, ACM TOMS 20 (1994).
 * [2] J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer 2006.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { cubicMinimizer, strongWolfeLineSearch, type LinePoint } from "./linesearch.js";

type Phi = (alpha: number) => LinePoint;

/** [1, (5.1)]: φ(α) = −α / (α² + β), β = 2; minimiser √2. */
const rational: Phi = (a) => ({ value: -a / (a * a + 2), derivative: (a * a - 2) / (a * a + 2) ** 2 });
/** [1, (5.2)]: φ(α) = (α + β)⁵ − 2(α + β)⁴, β = 0.004; minimiser 1.6 − β. */
const quintic: Phi = (a) => ({ value: (a + 0.004) ** 5 - 2 * (a + 0.004) ** 4, derivative: 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3 });
/** [1, (5.3)]: φ₀ plus a wiggle of 39 half-periods, β = 0.01, l = 39; many local minimisers. */
const wiggly: Phi = (a) => {
  const beta = 0.01;
  const l = 39;
  const base = a <= 1 - beta ? 1 - a : a >= 1 + beta ? a - 1 : (a - 1) ** 2 / (2 * beta) + beta / 2;
  const baseSlope = a <= 1 - beta ? -1 : a >= 1 + beta ? 1 : (a - 1) / beta;
  const wave = (2 * (1 - beta)) / (l * Math.PI);
  return { value: base + wave * Math.sin((l * Math.PI * a) / 2), derivative: baseSlope + (1 - beta) * Math.cos((l * Math.PI * a) / 2) };
};

function assertStrongWolfe(phi: Phi, step: number, c1: number, c2: number, what: string): void {
  const start = phi(0);
  const at = phi(step);
  assert.ok(step > 0, `${what}: step ${step} is not positive`);
  assert.ok(at.value <= start.value + c1 * step * start.derivative, `${what}: sufficient decrease fails, φ(${step}) = ${at.value} > ${start.value} + ${c1}·${step}·${start.derivative}`);
  assert.ok(Math.abs(at.derivative) <= c2 * Math.abs(start.derivative), `${what}: curvature fails, |φ'(${step})| = ${Math.abs(at.derivative)} > ${c2}·${Math.abs(start.derivative)}`);
}

for (const [name, phi] of [["−α/(α²+2)", rational], ["(α+0.004)⁵ − 2(α+0.004)⁴", quintic], ["Moré–Thuente (5.3)", wiggly]] as const) {
  test(`strongWolfeLineSearch returns a step satisfying both strong Wolfe conditions on ${name} from initial steps 1e-3 to 1e3`, () => {
    for (const [c1, c2] of [[1e-4, 0.9], [1e-3, 0.1]]) {
      for (const initial of [1e-3, 1e-1, 10, 1e3]) {
        const result = strongWolfeLineSearch(phi, phi(0), initial, { c1, c2, maxEvaluations: 50 });
        const what = `${name}, c1 = ${c1}, c2 = ${c2}, initial step ${initial}`;
        assert.equal(result.status, "strong-wolfe", `${what}: status ${result.status} after ${result.evaluations} evaluations`);
        assertStrongWolfe(phi, result.step, c1, c2, what);
        assert.equal(result.point?.value, phi(result.step).value, `${what}: the returned point is φ at the returned step`);
      }
    }
  });
}

test("cubicMinimizer returns the exact minimiser of a cubic and of a quadratic from two points and slopes", () => {
  const cubic = (a: number) => a ** 3 - 3 * a; // minimiser 1
  const slope = (a: number) => 3 * a * a - 3;
  assertClose(cubicMinimizer(0, cubic(0), slope(0), 2, cubic(2), slope(2)), 1, { relative: IDENTITY_RELATIVE }, "cubic");
  assertClose(cubicMinimizer(2, cubic(2), slope(2), -0.5, cubic(-0.5), slope(-0.5)), 1, { relative: IDENTITY_RELATIVE }, "cubic, reversed ends");
  const quadratic = (a: number) => (a - 0.3) ** 2;
  assertClose(cubicMinimizer(0, quadratic(0), -0.6, 5, quadratic(5), 9.4), 0.3, { relative: IDENTITY_RELATIVE }, "quadratic");
  assert.ok(Number.isNaN(cubicMinimizer(0, 0, 1, 1, 2, 4)), "α³ + α, which has no local minimiser, gives NaN");
});

test("strongWolfeLineSearch backs off from steps where φ is NaN and still satisfies the strong Wolfe conditions", () => {
  // φ(α) = −log(1 − α) − 2α, minimiser 1/2, is finite only for α < 1; NaN beyond the barrier.
  const barrier: Phi = (a) => (a < 1 ? { value: -Math.log(1 - a) - 2 * a, derivative: 1 / (1 - a) - 2 } : { value: Number.NaN, derivative: Number.NaN });
  const result = strongWolfeLineSearch(barrier, barrier(0), 4);
  assert.equal(result.status, "strong-wolfe");
  assertStrongWolfe(barrier, result.step, 1e-4, 0.9, "barrier from step 4");
});

test("strongWolfeLineSearch reports non-finite with step 0 when every trial value is NaN or Infinity", () => {
  const nowhere: Phi = (a) => (a === 0 ? { value: 0, derivative: -1 } : { value: Number.POSITIVE_INFINITY, derivative: Number.NaN });
  const result = strongWolfeLineSearch(nowhere, nowhere(0), 1, { maxEvaluations: 10 });
  assert.deepEqual(result, { step: 0, point: undefined, evaluations: 10, status: "non-finite" });
});

test("strongWolfeLineSearch rejects an ascent direction and constants outside 0 < c1 < c2 < 1 with messages naming them", () => {
  assert.throws(() => strongWolfeLineSearch(rational, { value: 0, derivative: 1 }, 1), /φ'\(0\) < 0 \(a descent direction\), got φ\(0\) = 0, φ'\(0\) = 1/);
  assert.throws(() => strongWolfeLineSearch(rational, rational(0), 1, { c1: 0.5, c2: 0.4 }), /need 0 < c1 < c2 < 1, got c1 = 0.5, c2 = 0.4/);
  assert.throws(() => strongWolfeLineSearch(rational, rational(0), 0), /initialStep must be a positive finite number, got 0/);
});
