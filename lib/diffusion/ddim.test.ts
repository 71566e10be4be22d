import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { unet } from "../models/unet.js";
import { SeededRandom } from "../numeric/random.js";
import { ddimSample, ddimTimesteps } from "./ddim.js";
import type { X0Model } from "./loss.js";
import { linearBetaSchedule } from "./schedule.js";

await selectBackend();

/**
 * The inputs an oracle model sees along a DDIM trajectory vs the float64 closed form
 * x_τ = √ᾱ_τ x_0 + √(1 − ᾱ_τ) ε̂ with ε̂ fixed by the initial noise (with the true x_0, ε̂ is the same at
 * every step). Each float32 step rounds a few times values of size ≤ 5 (~3e-7 each) and the recomputed ε̂
 * divides by √(1 − ᾱ_τ) ≥ 0.1 before the next step multiplies by a smaller √(1 − ᾱ_τ'), so errors do not
 * grow; 20 steps give ≤ ~1e-5. A wrong coefficient or step index is off by ≥ 1e-3 (neighbouring ᾱ differ
 * by ≥ 5e-3 relative on this subsequence).
 */
const TRAJECTORY_ABSOLUTE = 2e-5;

const schedule = linearBetaSchedule();

/** A model that returns `image` whatever its input, recording each input and its steps. */
function oracle(image: tf.Tensor4D): X0Model & { inputs: Float32Array[]; steps: number[][] } {
  const inputs: Float32Array[] = [];
  const steps: number[][] = [];
  return {
    variables: [],
    inputs,
    steps,
    forward(xt, t) {
      inputs.push(xt.dataSync() as Float32Array);
      steps.push(Array.from(t));
      return tf.clone(image);
    },
  };
}

test("ddimTimesteps(1000, 20) is round(linspace(999, 0, 20)): 20 strictly decreasing steps from 999 to 0", () => {
  const taus = ddimTimesteps(1000, 20);
  console.log(`# DDIM steps: ${Array.from(taus).join(", ")}`);
  assert.equal(taus.length, 20);
  assert.equal(taus[0], 999);
  assert.equal(taus[19], 0);
  // 999 · 18/19 = 946.26, 999 · 17/19 = 893.84, 999/19 = 52.58.
  assert.deepEqual([taus[1], taus[2], taus[18]], [946, 894, 53]);
  for (let i = 1; i < taus.length; i++) {
    const gap = taus[i - 1] - taus[i];
    assert.ok(gap === 52 || gap === 53, `τ_${i - 1} − τ_${i} = ${gap}, expected 52 or 53`);
  }
  assert.deepEqual(Array.from(ddimTimesteps(1000, 1)), [999]);
  assert.deepEqual(Array.from(ddimTimesteps(5, 5)), [4, 3, 2, 1, 0]);
  assert.throws(() => ddimTimesteps(1000, 1001), /samplingSteps must be an integer in 1..trainingSteps = 1000, got 1001/);
  assert.throws(() => ddimTimesteps(1000, 0), /samplingSteps must be an integer in 1..trainingSteps = 1000, got 0/);
});

test("the authors' spacing: trunc(linspace(−1, T − 1, S + 1)) reversed without −1 is 999, 949, ..., 49 for T = 1000, S = 20, and the sampler visits exactly those steps", () => {
  assert.deepEqual(Array.from(ddimTimesteps(1000, 20, "lucidrains")), Array.from({ length: 20 }, (_, i) => 999 - 50 * i));
  // T = 10, S = 3: linspace(−1, 9, 4) = −1, 2.33, 5.67, 9 → trunc 9, 5, 2 (torch's .int() truncates toward zero).
  assert.deepEqual(Array.from(ddimTimesteps(10, 3, "lucidrains")), [9, 5, 2]);
  assert.deepEqual(Array.from(ddimTimesteps(5, 5, "lucidrains")), [4, 3, 2, 1, 0]);
  assert.throws(() => ddimTimesteps(1000, 20, "even" as "inclusive"), /spacing must be one of inclusive, lucidrains, got even/);
  const rng = new SeededRandom(2);
  const image = tf.tensor4d(Float32Array.from({ length: 8 * 8 }, () => rng.uniform()), [1, 8, 8, 1]);
  const model = oracle(image);
  tf.dispose(ddimSample(model, { count: 1, height: 8, width: 8, seed: 1, spacing: "lucidrains" }));
  assert.deepEqual(model.steps.map(([t]) => t), Array.from({ length: 20 }, (_, i) => 999 - 50 * i));
  image.dispose();
});

test("DDIM with an oracle x̂_0 returns that image exactly, for any seed, clipped or not", () => {
  const rng = new SeededRandom(1);
  const image = tf.tensor4d(Float32Array.from({ length: 2 * 8 * 8 }, () => rng.uniform()), [2, 8, 8, 1]);
  const expected = image.dataSync();
  for (const seed of [1, 2, 3]) {
    for (const clip of [undefined, null] as const) {
      const sample = ddimSample(oracle(image), { count: 2, height: 8, width: 8, seed, clip });
      assert.deepEqual(sample.dataSync(), expected, `seed ${seed}, clip ${String(clip)}`);
      sample.dispose();
    }
  }
  image.dispose();
});

test("DDIM with an oracle x̂_0 follows x_τ = √ᾱ_τ x_0 + √(1 − ᾱ_τ) ε̂ with one ε̂, at the steps τ_i for every image", () => {
  const [count, side, seed] = [2, 8, 4];
  const rng = new SeededRandom(5);
  const image = tf.tensor4d(Float32Array.from({ length: count * side * side }, () => rng.uniform()), [count, side, side, 1]);
  const x0 = image.dataSync();
  const model = oracle(image);
  tf.dispose(ddimSample(model, { count, height: side, width: side, seed, clip: null }));
  const taus = ddimTimesteps(1000, 20);
  assert.deepEqual(model.steps, Array.from(taus, (tau) => [tau, tau]));
  // The initial noise as ddimSample draws it (float32), then the fixed ε̂ in float64.
  const noiseRng = new SeededRandom(seed);
  const z = Float32Array.from({ length: x0.length }, () => noiseRng.gaussian());
  const aT = schedule.alphaBars[999];
  const epsilon = Array.from(z, (v, m) => (v - Math.fround(Math.sqrt(aT)) * x0[m]) / Math.sqrt(1 - aT));
  let worst = 0;
  taus.forEach((tau, i) => {
    const a = schedule.alphaBars[tau];
    model.inputs[i].forEach((v, m) => {
      const expected = i === 0 ? z[m] : Math.sqrt(a) * x0[m] + Math.sqrt(1 - a) * epsilon[m];
      worst = Math.max(worst, Math.abs(v - expected));
    });
  });
  assert.ok(worst <= TRAJECTORY_ABSOLUTE, `max |x_τ − closed form| = ${worst}, tolerance ${TRAJECTORY_ABSOLUTE}`);
  image.dispose();
});

test("DDIM with a U-Net is deterministic: the same seed gives the same images, another seed others", () => {
  const model = unet({ seed: 6, baseWidth: 4 });
  const baseline = tf.memory().numTensors;
  const run = (seed: number): Float32Array => {
    const sample = ddimSample(model, { count: 2, height: 8, width: 8, seed, steps: 5, clip: null });
    const values = sample.dataSync() as Float32Array;
    sample.dispose();
    return values;
  };
  const [a, b, c] = [run(7), run(7), run(8)];
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const clipped = ddimSample(model, { count: 2, height: 8, width: 8, seed: 7, steps: 5 });
  assert.ok((clipped.dataSync() as Float32Array).every((v) => v >= 0 && v <= 1), "the default clip keeps samples in [0, 1]");
  clipped.dispose();
  assert.equal(tf.memory().numTensors, baseline, "ddimSample leaves no tensors behind");
  model.dispose();
});

test("ddimSample rejects bad sizes, seeds, clip ranges and models of the wrong output shape", () => {
  const image = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
  const model = oracle(image);
  assert.throws(() => ddimSample(model, { count: 0, height: 4, width: 4, seed: 1 }), /count must be an integer >= 1, got 0/);
  assert.throws(() => ddimSample(model, { count: 1, height: 4, width: 4, seed: 0.5 }), /seed must be a safe integer, got 0.5/);
  assert.throws(() => ddimSample(model, { count: 1, height: 4, width: 4, seed: 1, clip: [1, 0] }), /clip must be \[lo, hi\] with lo < hi, or null, got \[1,0\]/);
  assert.throws(() => ddimSample(model, { count: 1, height: 4, width: 4, seed: 1, steps: 2000 }), /samplingSteps must be an integer in 1..trainingSteps = 1000, got 2000/);
  const before = tf.memory().numTensors;
  assert.throws(() => ddimSample(model, { count: 2, height: 4, width: 4, seed: 1 }), /the model must return \[2, 4, 4, 1\] at step 999, got \[1, 4, 4, 1\]/);
  assert.equal(tf.memory().numTensors, before, "a failed sample frees its noise");
  image.dispose();
});
