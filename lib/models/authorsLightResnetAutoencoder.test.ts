import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { SeededRandom } from "../numeric/random.js";
import { authorsLightResnetAutoencoder, type AuthorsLightResnetAutoencoder } from "./authorsLightResnetAutoencoder.js";
import { BATCH_NORM_EPSILON } from "./batchNorm.js";
import { float32DirectionalErrors } from "./float32GradientCheck.js";
import { torchReferenceConv, torchReferenceConvTranspose, type Array4 } from "./referenceConv.js";
import { autoencoderLoss } from "./resnetAutoencoder.js";

await selectBackend();

/**
 * float32 forward through 27 conv + BatchNorm layers (sums of ≤ 9 · 16 products each, every BN renormalising to O(1))
 * against float64, training-mode BN on batches of 2 · 2 · 2 latent values per channel: measured max difference
 * 2e-6 (WASM) on outputs of scale 1; 1e-4 leaves room for other backends' summation order. tfjs 'same' padding in
 * the transposed convs instead of PyTorch's padding 1 gives a difference of 1.
 */
const REFERENCE_FORWARD_ABSOLUTE = 1e-4;

/**
 * The directional-derivative check of the ResNet AE test (float32GradientCheck.ts; resnetAutoencoder.test.ts explains
 * the choice): ReLU kinks and the clamp make central differences converge only ∝ h, so the best of three steps must
 * be within 10 %.
 * Measured best: 2e-3 (encoder) and 1e-3 (decoder directions).
 */
const GRADIENT_RELATIVE = 0.1;
const FD_STEPS = [3e-5, 1e-5, 3e-6] as const;

/** Seeded U(0, 1) images [n, size, size, c]. */
function randomImages(n: number, size: number, channels: number, seed: number): tf.Tensor4D {
  const rng = new SeededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: n * size * size * channels }, () => rng.uniform()), [n, size, size, channels]);
}

const parameterCount = (variables: readonly tf.Variable[]): number => variables.reduce((sum, v) => sum + v.size, 0);

/**
 * sum(p.numel() for p in AE('light').parameters()) at the authors' widths, by layer from their code (3x3 convs
 * without bias: 9 · c_in · c_out; BatchNorm2d(c): γ and β, 2c), for 3 × 64 × 64 input (the count does not depend on
 * the image size):
 *   encoder (light encoder file, lines 106-111, 142-148)
 *     conv1 3→16 + bn1                                           432 + 32                       =     464
 *     layer1: 2 blocks × (2 convs 16→16 + 2 BN16)                2 × (2 · 2,304 + 2 · 32)       =   9,344
 *     layer2: block 0 conv 16→32, conv 32→32, downsample 16→32, 3 BN32; block 1 2 · (32→32 + BN32)
 *             4,608 + 9,216 + 4,608 + 3 · 64 = 18,624;            2 · 9,216 + 2 · 64 = 18,560   =  37,184
 *     layer3: the same at 32→64: 18,432 + 36,864 + 18,432 + 3 · 128 = 74,112; 2 · 36,864 + 256 = 73,984
 *                                                                                                = 148,096
 *     encoder                                                                                    = 195,088
 *   decoder (light decoder file, lines 100-106, 142-168; a ConvTranspose2d a→b also has 9ab weights)
 *     layer3: block(64, 64) 2 · (36,864 + 128) = 73,984; last block(32, 64, s2): conv1 T 64→32 18,432 + BN32,
 *             conv2 T 64→64 36,864 + BN64, upsample T 64→32 18,432 + BN32 = 73,984              = 147,968
 *     layer2: the same at 32: 18,560 + (4,608 + 32 + 9,216 + 64 + 4,608 + 32 = 18,560)           =  37,120
 *     layer1: 2 blocks × (2 · (2,304 + 32)) (no upsample: stride 1 and last_block_dim = 16)     =   9,344
 *     de_conv1 T 16→3 + bn1(3)                                    432 + 6                        =     438
 *     decoder                                                                                    = 194,870
 *   total                                                                                         389,958
 */
const AUTHORS_LIGHT_ENCODER_PARAMETERS = 195_088;
const AUTHORS_LIGHT_DECODER_PARAMETERS = 194_870;

test("the authors' light autoencoder has AE('light')'s 389,958 parameters (195,088 encoder, 194,870 decoder)", () => {
  const model = authorsLightResnetAutoencoder({ seed: 1 });
  assert.equal(parameterCount(model.encoderVariables), AUTHORS_LIGHT_ENCODER_PARAMETERS);
  assert.equal(parameterCount(model.decoderVariables), AUTHORS_LIGHT_DECODER_PARAMETERS);
  assert.equal(parameterCount(model.variables), 389_958);
  assert.match(model.description, /widths 16-32-64/);
  model.dispose();
});

test("authorsLightResnetAutoencoder maps [n, 64, 64, 3] and [n, 32, 32, 1] to the same shape, inside [0, 1], both BN modes", () => {
  for (const [size, channels, width] of [[64, 3, 16], [32, 1, 4]] as const) {
    const model = authorsLightResnetAutoencoder({ seed: 2, width, channels });
    const x = randomImages(2, size, channels, 3);
    for (const training of [true, false]) {
      const y = model.forward(x, { training });
      assert.deepEqual(y.shape, [2, size, size, channels]);
      const values = y.dataSync() as Float32Array;
      assert.ok(values.every((v) => v >= 0 && v <= 1), `${size}x${size}x${channels}, training ${training}: output outside [0, 1]`);
      // The clamp and the ReLU both act: some outputs 0, some 1 (BN puts the pre-ReLU values near N(0, 1)), most between.
      if (training) assert.ok(values.some((v) => v === 0) && values.some((v) => v === 1) && values.some((v) => v > 0 && v < 1));
      y.dispose();
    }
    x.dispose();
    model.dispose();
  }
});

test("encoder convs are kaiming-normal (fan_out), decoder transposed convs PyTorch's default U(±1/√(9 c_out)), BN γ = 1, β = 0", () => {
  const model = authorsLightResnetAutoencoder({ seed: 4 });
  const filters = (variables: tf.Variable[]) => variables.filter((v) => v.rank === 4);
  // The encoder's last conv 64 → 64 (36,864 draws): std √(2 / (9 · 64)); sampling error of the std ~0.4 %.
  const encoderLast = Array.from(filters(model.encoderVariables).at(-1)!.dataSync());
  const std = (a: number[]) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
  assert.ok(Math.abs(std(encoderLast) / Math.sqrt(2 / (9 * 64)) - 1) < 0.02, `encoder std ${std(encoderLast)}`);
  // A decoder convT 64 → 64 (layer3's first block): bounded by 1/24, std bound/√3.
  const decoderConv = filters(model.decoderVariables)[1];
  assert.deepEqual(decoderConv.shape, [3, 3, 64, 64]);
  const values = Array.from(decoderConv.dataSync());
  assert.ok(values.every((v) => Math.abs(v) <= 1 / 24), "decoder weights inside ±1/√(9 · 64)");
  assert.ok(Math.abs(std(values) / (1 / 24 / Math.sqrt(3)) - 1) < 0.02, `decoder std ${std(values)}`);
  const vectors = model.variables.filter((v) => v.rank === 1).map((v) => Array.from(v.dataSync()));
  assert.ok(vectors.every((v, i) => v.every((z) => z === (i % 2 === 0 ? 1 : 0))), "BN γ = 1 and β = 0");
  model.dispose();
});

/** Training-mode BatchNorm2d in float64: per channel, batch mean and biased variance over (N, H, W). */
function referenceBatchNorm(h: Array4, gamma: Float64Array, beta: Float64Array): Array4 {
  const C = h.shape[3];
  const count = h.data.length / C;
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  h.data.forEach((v, m) => { mean[m % C] += v / count; });
  h.data.forEach((v, m) => { variance[m % C] += (v - mean[m % C]) ** 2 / count; });
  return { data: h.data.map((v, m) => gamma[m % C] * (v - mean[m % C]) / Math.sqrt(variance[m % C] + BATCH_NORM_EPSILON) + beta[m % C]), shape: h.shape };
}

const relu = (h: Array4): Array4 => ({ data: h.data.map((v) => Math.max(v, 0)), shape: h.shape });
const add = (a: Array4, b: Array4): Array4 => ({ data: a.data.map((v, m) => v + b.data[m]), shape: a.shape });

/**
 * AE('light').forward in float64 with training-mode BN, written from the authors' code (module lines in the model's
 * comment), θ in the order of their model.parameters(): each conv's weight then its BN's γ and β.
 */
function referenceForward(theta: readonly Float64Array[], x: Array4, w: number): number[] {
  let next = 0;
  const unit = () => ({ f: theta[next++], gamma: theta[next++], beta: theta[next++] });
  type Unit = ReturnType<typeof unit>;
  const conv = (h: Array4, u: Unit, cOut: number, s: number) => referenceBatchNorm(torchReferenceConv(h, u.f, 3, cOut, s, 1), u.gamma, u.beta);
  const convT = (h: Array4, u: Unit, cOut: number, s: number, q: number) => referenceBatchNorm(torchReferenceConvTranspose(h, u.f, 3, cOut, s, 1, q), u.gamma, u.beta);
  const C = x.shape[3];
  // Encoder: conv1, bn1, relu, layer1-3 (LightBasicBlockEnc: conv1 (stride), conv2, downsample where stride 2).
  let h = relu(conv(x, unit(), w, 1));
  for (const [planes, stride] of [[w, 1], [2 * w, 2], [4 * w, 2]]) {
    for (let block = 0; block < 2; block++) {
      const s = block === 0 ? stride : 1;
      const [conv1, conv2] = [unit(), unit()];
      const downsample = s !== 1 ? unit() : undefined;
      const out = conv(relu(conv(h, conv1, planes, s)), conv2, planes, 1);
      h = relu(add(out, downsample ? conv(h, downsample, planes, s) : h));
    }
  }
  // Decoder: de_conv1 registered first; layer3, layer2, layer1 (LightBasicBlockDec: conv2 first, then conv1).
  const deConv1 = unit();
  for (const [planes, stride] of [[4 * w, 2], [2 * w, 2], [w, 1]]) {
    const lastBlockDim = stride === 1 ? w : planes / 2;
    for (let block = 0; block < 2; block++) {
      const last = block === 1;
      const [inplanes, s, q] = last ? [lastBlockDim, stride, stride === 2 ? 1 : 0] : [planes, 1, 0];
      const [conv1, conv2] = [unit(), unit()];
      const upsample = last && stride !== 1 ? unit() : undefined;
      const out = convT(relu(convT(h, conv2, planes, 1, 0)), conv1, inplanes, s, q);
      h = relu(add(out, upsample ? convT(h, upsample, inplanes, s, 1) : h));
    }
  }
  assert.equal(next, theta.length, "every parameter used once");
  return Array.from(relu(convT(h, deConv1, C, 1, 0)).data, (v) => Math.min(Math.max(v, 0), 1));
}

test("the float64 reference of the authors' code reproduces the light autoencoder's forward (training-mode BN, padding, clamp)", () => {
  const w = 4;
  const model: AuthorsLightResnetAutoencoder = authorsLightResnetAutoencoder({ seed: 5, width: w, channels: 3 });
  // γ and β away from 1 and 0, so that their wiring is checked too.
  const rng = new SeededRandom(6);
  for (const v of model.variables.filter((u) => u.rank === 1)) v.assign(tf.tensor1d(Float32Array.from({ length: v.size }, () => 1 + 0.5 * rng.gaussian())));
  const x = Float64Array.from({ length: 2 * 8 * 8 * 3 }, () => rng.uniform());
  const theta = model.variables.map((v) => Float64Array.from(v.dataSync() as Float32Array));
  const expected = referenceForward(theta, { data: x, shape: [2, 8, 8, 3] }, w);
  const got = tf.tidy(() => Array.from(model.forward(tf.tensor4d(Float32Array.from(x), [2, 8, 8, 3]), { training: true }).dataSync()));
  assert.equal(got.length, expected.length);
  const inside = expected.filter((v) => v > 0 && v < 1).length;
  assert.ok(inside > expected.length / 10, `only ${inside} of ${expected.length} reference outputs strictly inside (0, 1)`);
  const difference = Math.max(...got.map((v, m) => Math.abs(v - expected[m])));
  assert.ok(difference <= REFERENCE_FORWARD_ABSOLUTE, `max |tfjs − float64| = ${difference}`);
  model.dispose();
});

test("every variable gets a gradient, and the L2 gradient matches central differences along seeded directions (encoder, decoder)", () => {
  const model = authorsLightResnetAutoencoder({ seed: 7, width: 2, channels: 3 });
  const x = randomImages(2, 16, 3, 8);
  for (const loss of ["L2", "authors-fft"] as const) {
    const { value, grads } = tf.variableGrads(() => autoencoderLoss(model, x, { loss, training: true }), model.variables);
    const silent = model.variables.filter((v) => !(grads[v.name].dataSync() as Float32Array).some((z) => z !== 0));
    assert.equal(silent.length, 0, `${loss}: ${silent.length} variables without gradient (shapes ${silent.map((v) => `[${v.shape.join(", ")}]`).join(" ")})`);
    tf.dispose([value, grads]);
  }
  const options = { loss: "L2", training: true } as const;
  const { value, grads } = tf.variableGrads(() => autoencoderLoss(model, x, options), model.variables);
  const g = model.variables.map((v) => Float64Array.from(grads[v.name].dataSync()));
  tf.dispose([value, grads]);
  const encoderCount = model.encoderVariables.length;
  const rng = new SeededRandom(9);
  const lossValue = (): number => tf.tidy(() => autoencoderLoss(model, x, options).dataSync()[0]);
  for (const [group, member] of [["encoder", (i: number) => i < encoderCount], ["decoder", (i: number) => i >= encoderCount]] as const) {
    const { gv, errors } = float32DirectionalErrors(model.variables, g, member, rng, lossValue, FD_STEPS);
    assert.ok(Math.min(...errors) <= GRADIENT_RELATIVE, `${group}: g·v = ${gv}, relative FD errors ${errors.map((e) => e.toExponential(1)).join(", ")}`);
  }
  x.dispose();
  model.dispose();
});

test("authorsLightResnetAutoencoder rejects bad configs and inputs with messages naming them", () => {
  assert.throws(() => authorsLightResnetAutoencoder({ seed: 1, width: 0 }), /width must be an integer >= 1, got 0/);
  assert.throws(() => authorsLightResnetAutoencoder({ seed: 1, channels: 2 as 3 }), /channels must be 1 or 3, got 2/);
  const model = authorsLightResnetAutoencoder({ seed: 1, width: 2, channels: 1 });
  const odd = tf.zeros([1, 10, 10, 1]) as tf.Tensor4D;
  const single = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
  assert.throws(() => model.forward(odd), /x must be \[n, H, W, 1\] with H, W positive multiples of 4, got \[1, 10, 10, 1\]/);
  assert.throws(() => model.forward(single, { training: true }), /training mode needs n · H\/4 · W\/4 >= 2/);
  tf.dispose([odd, single, model.forward(single)]);
  model.dispose();
});
