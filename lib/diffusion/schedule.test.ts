import { test } from "node:test";
import assert from "node:assert/strict";
import { selectBackend } from "../backend/index.js";
import { linearBetaSchedule, sigmoidBetaSchedule } from "./schedule.js";

await selectBackend();

/**
 * β_t and their differences vs the exact linspace values: each β_t is β_start + (Δ t)/(T − 1), three
 * float64 operations on numbers ≤ 0.02 whose ulp is 3.5e-18, so ≤ ~1e-17 off; a wrong endpoint or
 * spacing is off by ≥ 2e-5 (one step of the linspace).
 */
const BETA_ABSOLUTE = 1e-16;

/**
 * ᾱ_{T−1} as a running product vs exp(Σ_t log1p(−β_t)): the product of T = 1000 float64 factors is
 * within T u ≈ 1.1e-13 relative (Higham, Accuracy and Stability, Lemma 3.1); the sum of 1000 logs of
 * size ≤ 0.02 (total ≈ 10.1) is within ~1000 u · 10 ≈ 1e-12 absolute, which exp turns into 1e-12
 * relative. A factor dropped or repeated changes ᾱ_{T−1} by ≥ β_0 = 1e-4 relative.
 */
const ALPHA_BAR_PRODUCT_RELATIVE = 1e-11;

test("linearBetaSchedule() has Ho et al.'s endpoints β_0 = 1e-4, β_999 = 0.02 and constant spacing 0.0199/999", () => {
  const { betas, alphas, steps } = linearBetaSchedule();
  assert.equal(steps, 1000);
  assert.equal(betas.length, 1000);
  assert.ok(Math.abs(betas[0] - 1e-4) <= BETA_ABSOLUTE, `β_0 = ${betas[0]}`);
  assert.ok(Math.abs(betas[999] - 0.02) <= BETA_ABSOLUTE, `β_999 = ${betas[999]}`);
  const spacing = (0.02 - 1e-4) / 999;
  for (let t = 1; t < steps; t++) {
    const difference = betas[t] - betas[t - 1];
    assert.ok(Math.abs(difference - spacing) <= BETA_ABSOLUTE, `β_${t} − β_${t - 1} = ${difference}, expected ${spacing}, tolerance ${BETA_ABSOLUTE}`);
    assert.equal(alphas[t], 1 - betas[t]);
  }
});

test("ᾱ_t is strictly decreasing from 1 − β_0, and ᾱ_999 equals exp(Σ log(1 − β_t)) computed independently", () => {
  const { betas, alphaBars } = linearBetaSchedule();
  assert.equal(alphaBars[0], 1 - 1e-4);
  for (let t = 1; t < alphaBars.length; t++) assert.ok(alphaBars[t] < alphaBars[t - 1], `ᾱ_${t} = ${alphaBars[t]} ≥ ᾱ_${t - 1} = ${alphaBars[t - 1]}`);
  const expected = Math.exp(betas.reduce((sum, beta) => sum + Math.log1p(-beta), 0));
  const got = alphaBars[999];
  console.log(`# ᾱ_999 = ${got} (exp of the log-sum: ${expected}); √ᾱ_999 = ${Math.sqrt(got)}`);
  const error = Math.abs(got - expected) / expected;
  assert.ok(error <= ALPHA_BAR_PRODUCT_RELATIVE, `ᾱ_999 = ${got}, expected ${expected}, relative difference ${error}, tolerance ${ALPHA_BAR_PRODUCT_RELATIVE}`);
  // The value quoted for this schedule (about 4e-5): the signal left at t = T − 1 is √ᾱ ≈ 0.006.
  assert.ok(got > 3e-5 && got < 5e-5, `ᾱ_999 = ${got} should be about 4e-5`);
});

test("linearBetaSchedule rejects bad step counts and betas, naming what it received", () => {
  assert.throws(() => linearBetaSchedule(1), /steps must be an integer >= 2, got 1/);
  assert.throws(() => linearBetaSchedule(10.5), /steps must be an integer >= 2, got 10.5/);
  assert.throws(() => linearBetaSchedule(10, 0), /betaStart must be a positive finite number, got 0/);
  assert.throws(() => linearBetaSchedule(10, 0.1, 0.01), /betaEnd must satisfy betaStart = 0.1 <= betaEnd < 1, got 0.01/);
  assert.throws(() => linearBetaSchedule(10, 0.1, 1), /betaEnd must satisfy betaStart = 0.1 <= betaEnd < 1, got 1/);
  assert.throws(() => linearBetaSchedule(10, Number.NaN), /betaStart must be a positive finite number, got NaN/);
});

test("sigmoidBetaSchedule's ᾱ_t is the normalised logistic closed form at s = (t + 1)/T, ᾱ = 1/2 at mid-schedule by symmetry, and only the last β is clipped to 0.999", () => {
  const T = 1000;
  const schedule = sigmoidBetaSchedule(T);
  const logistic = (z: number) => 1 / (1 + Math.exp(-z));
  const closed = (s: number) => (logistic(3) - logistic(6 * s - 3)) / (logistic(3) - logistic(-3));
  for (const t of [0, 1, 250, 499, 750, 998]) {
    const expected = closed((t + 1) / T) / closed(0);
    assert.ok(Math.abs(schedule.alphaBars[t] / expected - 1) < 1e-9, `t = ${t}: ${schedule.alphaBars[t]} vs ${expected}`);
  }
  assert.ok(Math.abs(schedule.alphaBars[499] - 0.5) < 1e-12, "s = 1/2 sits at the logistic's centre");
  assert.equal(schedule.betas[T - 1], 0.999, "ᾱ(1) = 0 would make β = 1: clipped");
  assert.ok(schedule.betas.slice(0, T - 1).every((b) => b > 0 && b < 0.999), "every other β is untouched");
  for (let t = 1; t < T; t++) assert.ok(Math.abs(schedule.alphaBars[t] - schedule.alphaBars[t - 1] * schedule.alphas[t]) <= 1e-15, `product at ${t}`);
  const snr = (t: number) => schedule.alphaBars[t] / (1 - schedule.alphaBars[t]);
  assert.ok(snr(0) > 1e3 && snr(0) < 1e4 && snr(T - 1) < 1e-6, `SNR ${snr(0)} at t = 0, ${snr(T - 1)} at the end`);
});

test("sigmoidBetaSchedule rejects bad arguments, naming them", () => {
  assert.throws(() => sigmoidBetaSchedule(1), /steps must be an integer >= 2, got 1/);
  assert.throws(() => sigmoidBetaSchedule(10, 3, -3), /start < end, got 3 and -3/);
  assert.throws(() => sigmoidBetaSchedule(10, -3, 3, 0), /tau must be positive and finite, got 0/);
});
