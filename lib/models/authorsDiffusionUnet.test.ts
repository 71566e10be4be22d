import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { SeededRandom } from "../numeric/random.js";
import { authorsDiffusionUnet, MEMORY_KEY_VALUES, type AuthorsDiffusionUnetConfig } from "./authorsDiffusionUnet.js";
import type { Denoiser } from "./denoiser.js";
import { referenceDiffusionUnet, referencePixelUnshuffle } from "./referenceDiffusionUnet.js";
import { pixelUnshuffle } from "./unetAttention.js";
import { unet } from "./unet.js";

await selectBackend();

/**
 * float32 forward through ~40 layers (convs of ≤ 216-term sums, RMSNorms, softmaxes over ≤ 68 positions) of the
 * tiny net against float64: measured 3.3e-7 of max(1, |x̂_0|_∞) (each RMSNorm rescales, so errors do not grow
 * with depth); we allow 1e-5. Mutations checked by hand each fail by far more: spaceToDepth's channel order in
 * the downsample, no softmax on linear attention's q, no d^(−1/2) in full attention, RMSNorm without √C, time
 * scale s instead of 1 + s, memory keys used as memory values.
 */
const REFERENCE_FORWARD_RELATIVE = 1e-5;

/**
 * Parameters of lucidrains' v2.1.1 Unet, counted from its constructor (denoising_diffusion_pytorch.py:276-386),
 * independently of our model's construction. T = 4 dim (time_dim), hd = heads · head width, m = 4 memory pairs:
 *   conv(a, b, k) = k²ab + b;  lin(a, b) = ab + b
 *   R(a → b)      = lin(T, 2b) + conv(a, b, 3) + b + conv(b, b, 3) + b + [a ≠ b] conv(a, b, 1)
 *   linear A(c)   = c + 2·h·d·m + c·3hd + conv(hd, c, 1) + c        (norm, mem_kv, to_qkv, to_out conv + norm)
 *   full A(c)     = c + 2·h·m·d + c·3hd + conv(hd, c, 1)
 * At dim 64, (1, 2, 4), 3 channels (dims 64, 64, 128, 256; T = 256; hd = 128), per module of Unet:
 *   init_conv      conv(3, 64, 7)                                                        9,472
 *   time_mlp       lin(64, 256) + lin(256, 256)                                         82,432
 *   downs[0]       R(64→64) ×2 + linear A(64) + conv(256, 64, 1)                       264,192
 *   downs[1]       R(64→64) ×2 + linear A(64) + conv(256, 128, 1)                      280,640
 *   downs[2]       R(128→128) ×2 + full A(128) + conv(128, 256, 3)                   1,084,416
 *   mid            R(256→256) ×2 + full A(256)                                       2,757,120
 *   ups[0]         R(384→256) ×2 + full A(256) + conv(256, 128, 3)                   3,839,104
 *   ups[1]         R(192→128) ×2 + linear A(128) + conv(128, 64, 3)                  1,060,032
 *   ups[2]         R(128→64) ×2 + linear A(64) + conv(64, 64, 3)                       374,912
 *   final          R(128→64) + conv(64, 3, 1)                                          152,195
 *   total                                                                             9,904,515
 * (The rows were also summed by a separate throwaway Python script of the same arithmetic; no PyTorch here.)
 */
function expectedParameterCount(dim: number, mults: readonly number[], channels: number, heads = 4, headDim = 32): number {
  const m = MEMORY_KEY_VALUES;
  const T = 4 * dim;
  const hd = heads * headDim;
  const conv = (a: number, b: number, k: number): number => k * k * a * b + b;
  const lin = (a: number, b: number): number => a * b + b;
  const R = (a: number, b: number): number => lin(T, 2 * b) + conv(a, b, 3) + b + conv(b, b, 3) + b + (a !== b ? conv(a, b, 1) : 0);
  const attention = (c: number, full: boolean): number => c + 2 * heads * headDim * m + c * 3 * hd + conv(hd, c, 1) + (full ? 0 : c);
  const dims = [dim, ...mults.map((k) => dim * k)];
  const L = mults.length;
  let total = conv(channels, dim, 7) + lin(dim, T) + lin(T, T);
  for (let i = 0; i < L; i++) {
    const [a, b] = [dims[i], dims[i + 1]];
    const last = i === L - 1;
    total += 2 * R(a, a) + attention(a, last) + (last ? conv(a, b, 3) : conv(4 * a, b, 1));
    total += 2 * R(b + a, b) + attention(b, last) + conv(b, a, 3);
  }
  return total + 2 * R(dims[L], dims[L]) + attention(dims[L], true) + R(2 * dim, dim) + conv(dim, channels, 1);
}

function gaussianImages(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const rng = new SeededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.gaussian()), shape);
}

const maxAbsDifference = (a: ArrayLike<number>, b: ArrayLike<number>): number => Math.max(...Array.from(a, (v, m) => Math.abs(v - b[m])));

test("the authors' U-Net at their config (dim 64, dim_mults (1, 2, 4), 3 channels) has denoising-diffusion-pytorch 2.1.1's 9,904,515 parameters", () => {
  const model = authorsDiffusionUnet({ seed: 1 });
  console.log(`# ${model.description}`);
  assert.equal(expectedParameterCount(64, [1, 2, 4], 3), 9_904_515);
  assert.equal(model.parameterCount, 9_904_515);
  assert.equal(model.variables.reduce((sum, v) => sum + v.size, 0), 9_904_515);
  model.dispose();
  // Other configs: the count follows their constructor too (linear vs full attention differ by the output norm).
  for (const [dim, mults, channels, heads, headDim] of [[8, [1, 2], 3, 2, 4], [16, [1, 2, 4, 8], 1, 4, 32], [6, [1], 2, 1, 3]] as const) {
    const small = authorsDiffusionUnet({ seed: 1, dim, dimMults: mults, channels, attentionHeads: heads, attentionHeadDim: headDim });
    assert.equal(small.parameterCount, expectedParameterCount(dim, mults, channels, heads, headDim), `dim ${dim}, mults ${mults.join(",")}`);
    small.dispose();
  }
});

test("authorsDiffusionUnet maps [2, 16, 16, 3] and two different steps to [2, 16, 16, 3]; each image depends on its own t only", () => {
  const model = authorsDiffusionUnet({ seed: 2, dim: 8, dimMults: [1, 2] });
  const denoiser: Denoiser = model; // the common interface of both denoisers (compile-time check)
  const ours: Denoiser = unet({ seed: 2, baseWidth: 4 });
  ours.dispose();
  const one = gaussianImages([1, 16, 16, 3], 3);
  const twice = tf.concat([one, one]) as tf.Tensor4D;
  const out = denoiser.forward(twice, [0, 999]);
  assert.deepEqual(out.shape, [2, 16, 16, 3]);
  const values = out.dataSync();
  assert.ok(values.every(Number.isFinite));
  const half = values.length / 2;
  const gap = maxAbsDifference(values.subarray(0, half), values.subarray(half));
  assert.ok(gap > 1e-3, `outputs at t = 0 and t = 999 of the same image differ by at most ${gap}`);
  const alone = model.forward(one, [999]).dataSync();
  const batchGap = maxAbsDifference(alone, values.subarray(half));
  assert.ok(batchGap <= 1e-5, `image alone vs second in a batch: ${batchGap}`);
  tf.dispose([one, twice, out]);
  model.dispose();
});

test("pixelUnshuffle stacks each 2 x 2 block channel-major, as Downsample's rearrange 'b c (h p1) (w p2) -> b (c p1 p2) h w'", () => {
  const x = gaussianImages([2, 4, 6, 3], 4);
  const expected = referencePixelUnshuffle({ data: Float64Array.from(x.dataSync()), shape: [2, 4, 6, 3] });
  const got = pixelUnshuffle(x);
  assert.deepEqual(got.shape, expected.shape);
  assert.equal(maxAbsDifference(got.dataSync(), expected.data), 0);
  tf.dispose([x, got]);
});

test("the float64 reference of Unet.forward reproduces authorsDiffusionUnet (RMSNorm, linear and full attention, pixel-unshuffle, skips, time MLP)", () => {
  const config: AuthorsDiffusionUnetConfig = { seed: 5, dim: 8, dimMults: [1, 2], channels: 3, attentionHeads: 2, attentionHeadDim: 4 };
  const model = authorsDiffusionUnet(config);
  // Perturb every tensor by a factor in [0.5, 1.5] so that norm gains (initially 1) matter too.
  const rng = new SeededRandom(6);
  for (const v of model.variables) v.assign(tf.tensor(Float32Array.from(v.dataSync(), (w) => w * (1 + (rng.uniform() - 0.5))), v.shape));
  const theta = model.variables.map((v) => Float64Array.from(v.dataSync()));
  const x = Float64Array.from({ length: 2 * 8 * 8 * 3 }, () => rng.gaussian());
  const t = [17, 803];
  const expected = referenceDiffusionUnet(theta, { dim: 8, dimMults: [1, 2], channels: 3, heads: 2, headDim: 4, memory: MEMORY_KEY_VALUES }, { data: x, shape: [2, 8, 8, 3] }, t);
  const got = tf.tidy(() => Array.from(model.forward(tf.tensor4d(Float32Array.from(x), [2, 8, 8, 3]), t).dataSync()));
  const scale = Math.max(1, ...Array.from(expected.data, Math.abs));
  const difference = maxAbsDifference(got, expected.data) / scale;
  console.log(`# float32 vs float64 reference: max |difference| / max(1, |x̂_0|) = ${difference.toExponential(2)} (|x̂_0| ≤ ${scale.toFixed(3)})`);
  assert.ok(difference <= REFERENCE_FORWARD_RELATIVE, `relative difference ${difference} > ${REFERENCE_FORWARD_RELATIVE}`);
  model.dispose();
});

test("the gradient of a squared loss reaches every variable of authorsDiffusionUnet (finite, non-zero)", () => {
  const model = authorsDiffusionUnet({ seed: 7, dim: 8, dimMults: [1, 2], attentionHeads: 2, attentionHeadDim: 4 });
  const x = gaussianImages([2, 8, 8, 3], 8);
  const target = gaussianImages([2, 8, 8, 3], 9);
  const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(model.forward(x, [3, 600]), target))), model.variables);
  model.variables.forEach((v, i) => {
    const g = grads[v.name].dataSync();
    assert.ok(g.every(Number.isFinite), `variable ${i} ${JSON.stringify(v.shape)}: non-finite gradient`);
    assert.ok(g.some((w) => w !== 0), `variable ${i} ${JSON.stringify(v.shape)}: gradient is zero`);
  });
  tf.dispose([value, grads, x, target]);
  model.dispose();
});

test("authorsDiffusionUnet rejects bad configurations and inputs, naming cause and fix", () => {
  const make = (c: Partial<AuthorsDiffusionUnetConfig>) => () => authorsDiffusionUnet({ seed: 1, dim: 8, dimMults: [1, 2], ...c });
  assert.throws(make({ dim: 9 }), /dim must be even \(the time embedding has dim\/2 sines and dim\/2 cosines\), got 9; use 10/);
  assert.throws(make({ dim: 2 }), /dim must be an integer >= 4, got 2/);
  assert.throws(make({ dimMults: [] }), /dimMults must be a non-empty array of width multipliers such as \[1, 2, 4\], got \[\]/);
  assert.throws(make({ dimMults: [1, 1.5] }), /dimMults\[1\] must be an integer >= 1, got 1.5/);
  assert.throws(make({ channels: 0 }), /channels must be an integer >= 1, got 0/);
  assert.throws(make({ attentionHeads: 0 }), /attentionHeads must be an integer >= 1, got 0/);
  assert.throws(make({ seed: 0.5 }), /seed must be a safe integer, got 0.5/);
  const model = authorsDiffusionUnet({ seed: 1, dim: 8, dimMults: [1, 2, 4], attentionHeads: 1, attentionHeadDim: 4 });
  const odd = tf.zeros([1, 10, 12, 3]) as tf.Tensor4D;
  const gray = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
  const fine = tf.zeros([2, 8, 8, 3]) as tf.Tensor4D;
  assert.throws(() => model.forward(odd, [0]), /xt must be \[n, H, W, 3\] with n >= 1 and H, W positive multiples of 4 \(2\^\(stages − 1\): the net halves the image 2 times\), got \[1, 10, 12, 3\]; crop or pad the images, or use fewer dimMults/);
  assert.throws(() => model.forward(gray, [0]), /xt must be \[n, H, W, 3\].*got \[1, 8, 8, 1\]/);
  assert.throws(() => model.forward(fine, [0]), /t must have one step per image, length 2, got length 1/);
  assert.throws(() => model.forward(fine, [0, 1000]), /t\[1\] must be an integer step in 0..999, got 1000/);
  assert.throws(() => model.forward(fine, [0.5, 0]), /t\[0\] must be an integer step in 0..999, got 0.5/);
  tf.dispose([odd, gray, fine]);
  model.dispose();
});

test("authorsDiffusionUnet is reproducible from its seed, with RMSNorm gains 1 and weights within U(±1/√fan_in)", () => {
  const config: AuthorsDiffusionUnetConfig = { seed: 11, dim: 4, dimMults: [1], channels: 1, attentionHeads: 1, attentionHeadDim: 2 };
  const [a, b, c] = [authorsDiffusionUnet(config), authorsDiffusionUnet(config), authorsDiffusionUnet({ ...config, seed: 12 })];
  a.variables.forEach((v, i) => assert.deepEqual(v.dataSync(), b.variables[i].dataSync(), `variable ${i}`));
  assert.notDeepEqual(a.variables[0].dataSync(), c.variables[0].dataSync());
  // init conv 7x7, 1 → 4: fan_in 49; its bias the same bound.
  const bound = 1 / 7;
  for (const v of a.variables.slice(0, 2)) assert.ok(Math.max(...Array.from(v.dataSync(), Math.abs)) <= bound);
  // The first ResnetBlock (after init conv W, b and time Linear W, b ×2): Linear W, b, conv W, b, then g = 1.
  assert.deepEqual(Array.from(a.variables[10].dataSync()), [1, 1, 1, 1]);
  [a, b, c].forEach((m) => m.dispose());
});
