import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "./assertClose.js";
import { integrateDormandPrince, integrateRk4 } from "./ode.js";
import type { OdeRightHandSide, Trajectory } from "./ode.js";
import { DP5_GLOBAL_ERROR_FACTOR, EVENT_VALUE_ABSOLUTE, RK4_HALVING_RATIO_SPREAD } from "./tolerancesFlows.js";

/** y' = -y, y(0) = 1: y(t) = e^{-t}. */
const decay: OdeRightHandSide = (_t, y) => [-y[0]];
/** x' = v, v' = -x, (x, v)(0) = (1, 0): x = cos t, v = -sin t. */
const oscillator: OdeRightHandSide = (_t, y) => [y[1], -y[0]];
const oscillatorExact = (t: number): number[] => [Math.cos(t), -Math.sin(t)];

function finalState(trajectory: Trajectory): number[] {
  return trajectory.states[trajectory.states.length - 1];
}

function endError(trajectory: Trajectory, exact: number[]): number {
  return Math.max(...finalState(trajectory).map((y, i) => Math.abs(y - exact[i])));
}

test("integrateRk4 is 4th order: halving the step divides the final error by about 16 (decay and oscillator)", () => {
  const cases = [
    { label: "decay on [0, 2]", f: decay, y0: [1], tEnd: 2, exact: [Math.exp(-2)], steps: [0.1, 0.05, 0.025] },
    { label: "oscillator on [0, 2 pi]", f: oscillator, y0: [1, 0], tEnd: 2 * Math.PI, exact: oscillatorExact(2 * Math.PI), steps: [0.2, 0.1, 0.05] },
  ];
  for (const { label, f, y0, tEnd, exact, steps } of cases) {
    const errors = steps.map((h) => endError(integrateRk4(f, y0, 0, tEnd, h), exact));
    for (let k = 0; k + 1 < errors.length; k++) {
      const ratio = errors[k] / errors[k + 1];
      assertClose(ratio, 16, { absolute: RK4_HALVING_RATIO_SPREAD }, `${label}: error ratio h = ${steps[k]} -> ${steps[k + 1]}`);
    }
  }
});

test("integrateRk4 returns every step, starts at t0 and ends exactly at tEnd when the step does not divide it", () => {
  const trajectory = integrateRk4(decay, [1], 0, 1, 0.3);
  assert.deepEqual(trajectory.times.length, 5);
  assert.equal(trajectory.times[0], 0);
  assert.equal(trajectory.times[4], 1);
  assert.equal(trajectory.stoppedBy, "end");
  assert.equal(trajectory.evaluations, 4 * 4);
});

test("integrateDormandPrince meets its tolerance: final error within DP5_GLOBAL_ERROR_FACTOR (atol + rtol |y|)", () => {
  for (const [rtol, atol] of [
    [1e-6, 1e-9],
    [1e-9, 1e-12],
    [1e-11, 1e-14],
  ]) {
    const decayRun = integrateDormandPrince(decay, [1], 0, 5, { rtol, atol });
    const decayBound = DP5_GLOBAL_ERROR_FACTOR * (atol + rtol * Math.exp(-5));
    assert.ok(endError(decayRun, [Math.exp(-5)]) <= decayBound, `decay, rtol ${rtol}: error ${endError(decayRun, [Math.exp(-5)])} > ${decayBound}`);
    const oscillatorRun = integrateDormandPrince(oscillator, [1, 0], 0, 10, { rtol, atol });
    const error = endError(oscillatorRun, oscillatorExact(10));
    const bound = DP5_GLOBAL_ERROR_FACTOR * (atol + rtol);
    assert.ok(error <= bound, `oscillator, rtol ${rtol}: error ${error} > ${bound}`);
    assert.equal(oscillatorRun.times[oscillatorRun.times.length - 1], 10, "ends exactly at tEnd");
  }
});

test("integrateDormandPrince takes fewer steps at a looser tolerance and its error grows accordingly", () => {
  const loose = integrateDormandPrince(oscillator, [1, 0], 0, 10, { rtol: 1e-4, atol: 1e-7 });
  const tight = integrateDormandPrince(oscillator, [1, 0], 0, 10, { rtol: 1e-10, atol: 1e-13 });
  assert.ok(loose.times.length < tight.times.length, "fewer steps when loose");
  // Step counts scale like tol^(-1/5): 1e6 in tolerance is about 16x in steps.
  assert.ok(tight.times.length / loose.times.length > 8, `step ratio ${tight.times.length / loose.times.length}`);
  assert.ok(endError(loose, oscillatorExact(10)) > 1e3 * endError(tight, oscillatorExact(10)), "a 1e6 looser tolerance shows");
});

test("both integrators stop at an event: e^{-t} reaches 1/2 at t = ln 2, to the solver's accuracy", () => {
  const event = (_t: number, y: readonly number[]): number => y[0] - 0.5;
  const rtol = 1e-10;
  const atol = 1e-13;
  const dp = integrateDormandPrince(decay, [1], 0, 5, { rtol, atol, event });
  const rk = integrateRk4(decay, [1], 0, 5, 0.01, { event });
  for (const [label, trajectory, accuracy] of [
    ["DP5", dp, DP5_GLOBAL_ERROR_FACTOR * (atol + rtol)],
    ["RK4", rk, 1e-10],
  ] as const) {
    assert.equal(trajectory.stoppedBy, "event", `${label}: stopped by the event`);
    const tHit = trajectory.times[trajectory.times.length - 1];
    const yHit = finalState(trajectory);
    assertClose(event(tHit, yHit), 0, { absolute: EVENT_VALUE_ABSOLUTE }, `${label}: event value at the located time`);
    // |y'| = 1/2 at the crossing, so a state error e moves the crossing by 2e.
    assertClose(tHit, Math.LN2, { absolute: 2 * accuracy }, `${label}: event time`);
  }
});

test("the integrators reject bad arguments and a right-hand side that returns NaN, naming t", () => {
  assert.throws(() => integrateRk4(decay, [1], 1, 0, 0.1), /t0 < tEnd/);
  assert.throws(() => integrateRk4(decay, [1], 0, 1, 0), /step h/);
  assert.throws(() => integrateDormandPrince(decay, [1], 0, 1, { rtol: 0, atol: 1e-9 }), /rtol and atol/);
  const blowUp: OdeRightHandSide = (t, y) => [t > 0.5 ? Number.NaN : y[0]];
  assert.throws(() => integrateDormandPrince(blowUp, [1], 0, 1, { rtol: 1e-6, atol: 1e-9 }), /non-finite value at t = 0\.[5-9]/);
  assert.throws(() => integrateRk4(decay, [1], 0, 1, 0.1, { event: (_t, y) => y[0] - 1 }), /nonzero/);
});
