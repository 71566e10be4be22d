import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { diffusionX0Loss, type DiffusionLossOptions } from "../diffusion/loss.js";
import { linearBetaSchedule } from "../diffusion/schedule.js";
import { SeededRandom } from "../numeric/random.js";
import { UNet, unet } from "./unet.js";

await selectBackend();

/**
 * Gradient check in float32 (tfjs has no float64): g·v from tf.variableGrads vs the central difference
 * (L(θ + h v) − L(θ − h v)) / 2h along unit directions v, accepted when
 *   |g·v − fd| ≤ FD_RELATIVE · |g·v| + FD_ROUNDING · |L| / h.
 * Directions: the full gradient normalised (so g·v = ‖g‖, never small by chance) and each variable along
 * its own gradient (so an error confined to one small variable, e.g. the time MLP, is not hidden). The
 * first term covers truncation, h²/6 · |∂³_v L|: the net is smooth (SiLU, no kinks); with h = FD_STEP =
 * 1e-2, measured |g·v − fd| / |g·v| is ≤ 1e-5 along the full gradient and ≤ 1.3e-2 per variable, where
 * the second term dominates; we allow 2%. The second term covers float32 rounding of the two loss values:
 * each is a reduction over 2 · 64 pixels (for H1, after two 8-point DFTs) at the end of ~10 conv layers,
 * measured to be off by ≤ ~5e-7 |L|; divided by 2h it bounds the noise of the quotient. A gradient that is
 * off by 3% (checked once by hand: variableGrads of 1.03 L) fails along the full gradient.
 */
const FD_STEP = 1e-2;
const FD_RELATIVE = 2e-2;
const FD_ROUNDING = 2e-6;

/** Parameters of the default U-Net per base width c: nine convs + time MLP e → 4c + projection 4c → 8c. */
function expectedParameterCount(c: number, channels = 1, e = c): number {
  const conv = (cIn: number, cOut: number, k = 3): number => k * k * cIn * cOut + cOut;
  return conv(channels, c) + conv(c, c) + conv(c, c) + conv(c, 2 * c) + conv(2 * c, 2 * c) + conv(2 * c, 2 * c)
    + conv(4 * c, 2 * c) + conv(3 * c, c) + conv(c, channels, 1) + (e * 4 * c + 4 * c) + (4 * c * 8 * c + 8 * c);
}

function gaussianImages(shape: [number, number, number, number], seed: number, offset = 0, scale = 1): tf.Tensor4D {
  const rng = new SeededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => offset + scale * rng.gaussian()), shape);
}

test("unet() maps [n, 28, 28, 1] and n steps to [n, 28, 28, 1], with the documented parameter count", () => {
  const model = unet({ seed: 1 });
  const x = gaussianImages([2, 28, 28, 1], 2);
  const y = model.forward(x, [10, 900]);
  assert.deepEqual(y.shape, [2, 28, 28, 1]);
  assert.ok((y.dataSync() as Float32Array).every(Number.isFinite));
  console.log(`# ${model.description}`);
  assert.equal(model.parameterCount, expectedParameterCount(32));
  assert.equal(model.parameterCount, 249921);
  assert.equal(model.variables.length, 22);
  tf.dispose([x, y]);
  model.dispose();
  const small = unet({ seed: 1, baseWidth: 4, channels: 3, embeddingDim: 6 });
  assert.equal(small.parameterCount, expectedParameterCount(4, 3, 6));
  const z = gaussianImages([1, 8, 12, 3], 3);
  const out = small.forward(z, [0]);
  assert.deepEqual(out.shape, [1, 8, 12, 3]);
  tf.dispose([z, out]);
  small.dispose();
});

test("unet's output depends on t (the time embedding is used), and each image only on its own t", () => {
  const model = unet({ seed: 4, baseWidth: 8 });
  const one = gaussianImages([1, 12, 12, 1], 5);
  const twice = tf.concat([one, one]) as tf.Tensor4D;
  const out = model.forward(twice, [0, 999]).dataSync();
  const half = out.length / 2;
  const gap = Math.max(...Array.from(out.subarray(0, half), (v, m) => Math.abs(v - out[half + m])));
  assert.ok(gap > 1e-3, `outputs at t = 0 and t = 999 differ by at most ${gap}`);
  const alone = model.forward(one, [999]).dataSync();
  // No normalisation across the batch: image 2 of the batch is image 1 alone at t = 999 (same float32 ops).
  const batchGap = Math.max(...Array.from(alone, (v, m) => Math.abs(v - out[half + m])));
  assert.ok(batchGap <= 1e-6, `image alone vs in a batch: ${batchGap}`);
  tf.dispose([one, twice]);
  model.dispose();
});

test("unet draws W and b from U(±1/√fan_in) and is reproducible from its seed", () => {
  const a = unet({ seed: 7, baseWidth: 4 });
  const b = unet({ seed: 7, baseWidth: 4 });
  const c = unet({ seed: 8, baseWidth: 4 });
  const fanIns = [9, 36, 36, 36, 72, 72, 144, 108, 4, 4, 16];
  a.variables.forEach((v, i) => {
    const bound = 1 / Math.sqrt(fanIns[Math.floor(i / 2)]);
    const largest = Math.max(...Array.from(v.dataSync() as Float32Array, Math.abs));
    assert.ok(largest <= bound, `variable ${i}: max |w| = ${largest} > bound ${bound}`);
    assert.deepEqual(v.dataSync(), b.variables[i].dataSync());
  });
  assert.notDeepEqual(a.variables[0].dataSync(), c.variables[0].dataSync());
  [a, b, c].forEach((m) => m.dispose());
});

test("unet rejects bad shapes, t of the wrong length or range, and bad configurations, naming what it received", () => {
  const model = unet({ seed: 1, baseWidth: 4 });
  const odd = tf.zeros([1, 10, 8, 1]) as tf.Tensor4D;
  const rgb = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
  const fine = tf.zeros([2, 8, 8, 1]) as tf.Tensor4D;
  assert.throws(() => model.forward(odd, [0]), /xt must be \[n, H, W, 1\] with n >= 1 and H, W positive multiples of 4, got \[1, 10, 8, 1\]/);
  assert.throws(() => model.forward(rgb, [0]), /xt must be \[n, H, W, 1\].*got \[1, 8, 8, 3\]/);
  assert.throws(() => model.forward(fine, [0]), /t must have one step per image, length 2, got length 1/);
  assert.throws(() => model.forward(fine, [0, 1000]), /t\[1\] must be an integer step in 0..999, got 1000/);
  assert.throws(() => model.forward(fine, [-1, 0]), /t\[0\] must be an integer step in 0..999, got -1/);
  assert.throws(() => model.forward(fine, [0.5, 0]), /t\[0\] must be an integer step in 0..999, got 0.5/);
  assert.throws(() => unet({ seed: 1, embeddingDim: 5 }), /embeddingDim must be even, got 5/);
  assert.throws(() => unet({ seed: 1, embeddingDim: 2 }), /embeddingDim must be an integer >= 4, got 2/);
  assert.throws(() => unet({ seed: 1, baseWidth: 0 }), /baseWidth must be an integer >= 1, got 0/);
  assert.throws(() => unet({ seed: 1.5 }), /seed must be a safe integer, got 1.5/);
  tf.dispose([odd, rgb, fine]);
  model.dispose();
});

/** L at θ + step·v (v one array per variable), restoring θ afterwards. */
function lossAlong(model: UNet, theta: Float32Array[], v: Float64Array[], step: number, loss: () => tf.Scalar): number {
  model.variables.forEach((variable, i) => variable.assign(tf.tensor(Float32Array.from(theta[i], (w, m) => w + step * v[i][m]), variable.shape)));
  const value = tf.tidy(() => loss().dataSync()[0]);
  model.variables.forEach((variable, i) => variable.assign(tf.tensor(theta[i], variable.shape)));
  return value;
}

for (const loss of ["L2", "H1"] as const) {
  test(`the parameter gradient of diffusionX0Loss (${loss}) through a tiny U-Net agrees with central differences`, () => {
    const model = unet({ seed: 11, baseWidth: 4 });
    const schedule = linearBetaSchedule();
    const x0 = gaussianImages([2, 8, 8, 1], 12, 0.5, 0.3);
    const noise = gaussianImages([2, 8, 8, 1], 13);
    const t = [37, 640];
    const options: DiffusionLossOptions = { loss };
    const lossFn = (): tf.Scalar => diffusionX0Loss(model, x0, t, noise, schedule, options);
    const { value: lossTensor, grads } = tf.variableGrads(lossFn, model.variables);
    const gradient = model.variables.map((v) => Float64Array.from(grads[v.name].dataSync()));
    tf.dispose([lossTensor, grads]);
    const theta = model.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    const value = tf.tidy(() => lossFn().dataSync()[0]);
    const norm = Math.hypot(...gradient.flatMap((g) => Array.from(g)));
    const directions: { what: string; v: Float64Array[] }[] = [
      { what: "the full gradient", v: gradient.map((g) => g.map((x) => x / norm)) },
      ...gradient.map((g, i) => {
        const n = Math.hypot(...g);
        return { what: `variable ${i} along its gradient`, v: gradient.map((h, j) => (j === i ? h.map((x) => x / n) : new Float64Array(h.length))) };
      }),
    ];
    for (const { what, v } of directions) {
      const fd = (lossAlong(model, theta, v, FD_STEP, lossFn) - lossAlong(model, theta, v, -FD_STEP, lossFn)) / (2 * FD_STEP);
      const ad = gradient.reduce((sum, g, i) => sum + g.reduce((s, x, m) => s + x * v[i][m], 0), 0);
      const tolerance = FD_RELATIVE * Math.abs(ad) + (FD_ROUNDING * Math.abs(value)) / FD_STEP;
      console.log(`# ${loss} ${what}: g·v ${ad.toExponential(4)} fd ${fd.toExponential(4)} rel ${(Math.abs(ad - fd) / Math.abs(ad)).toExponential(2)} tol ${tolerance.toExponential(2)}`);
      assert.ok(Math.abs(ad - fd) <= tolerance, `${loss}, ${what}: g·v = ${ad}, central difference ${fd}, difference ${Math.abs(ad - fd)}, tolerance ${tolerance}`);
    }
    tf.dispose([x0, noise]);
    model.dispose();
  });
}
