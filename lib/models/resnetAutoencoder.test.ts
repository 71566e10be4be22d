import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { assertClose } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { float32DirectionalErrors } from "./float32GradientCheck.js";
import { autoencoderLoss, ResnetAutoencoder, resnetAutoencoder, type AutoencoderLossOptions } from "./resnetAutoencoder.js";

await selectBackend();

/**
 * Parameter-gradient check of autoencoderLoss in training mode (batch statistics), float32 throughout:
 * tfjs has no float64 and a float64 reference of a 40-conv ResNet with BatchNorm is out of proportion.
 * Tiny model: width 2, 16x16 RGB, batch 2. Why 16x16 and not 8x8: at 8x8 the bottleneck is 1x1, so its
 * BatchNorms see 2 values per channel and map them to ±σ/√(σ² + ε) ≈ ±1, a near-constant map whose
 * gradient is ill-conditioned (cpu and WASM gradients differed by 300x there); 16x16 gives 8 values.
 *
 * What limits the check: ~17,000 ReLU units whose BN-normalised inputs are O(1) with density ~0.4 at the kink,
 * and a gradient norm of ~2 (L2) to ~5e3 (H1) per unit step in θ, so a step h moves pre-activations by
 * ~10 h and crosses ~1e4 h kinks; each crossing puts an O(h) error into the quotient. Measured (8 seeds,
 * both losses, five direction groups): relative error ~30-80% at h = 1e-3, falling ∝ h (kinks, not h²
 * truncation), 0.1-6% at h ≤ 3e-5. Float32 rounding of L (~1e-7 |L|) over 2h = 6e-6 is ≤ 3e-3 of |g·v| at
 * these gradient norms. So we take the best of h ∈ FD_STEPS (a kink crossed at one step is rarely crossed
 * at all three) and allow 10%: the worst best-of-three measured was 4e-2. A wrong gradient (a missing BN
 * mean or variance term, a wrong shortcut, a dropped block) is off by O(1) in some direction group.
 * Directions: the gradient restricted to a group (encoder, decoder, conv filters, BN/bias vectors) with
 * each component scaled by a seeded 1 + z/2, z ~ N(0, 1), so g·v is never small by chance and the
 * direction is not g itself.
 */
const RESNET_GRADIENT_RELATIVE = 0.1;
const FD_STEPS = [3e-5, 1e-5, 3e-6] as const;

/**
 * Eval mode, one image alone vs the same image in a batch of three: BatchNorm uses fixed statistics, so
 * only the convolution kernels may sum in another order for another batch size (float32, sums of ≤ 9·16
 * terms per layer over ~40 layers; ~1e-6 relative). Measured: identical.
 */
const EVAL_BATCH_RELATIVE = 1e-5;

/** 20 Adam steps at the paper's learning rate (1e-3) on one batch: measured −32% (L2) and −19% (H1). */
const ADAM_STEPS = 20;
const ADAM_REQUIRED_DECREASE = 0.9;

/** Seeded U(0, 1) images [n, size, size, c]. */
function randomImages(n: number, size: number, channels: number, seed: number): tf.Tensor4D {
  const rng = new SeededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: n * size * size * channels }, () => rng.uniform()), [n, size, size, channels]);
}

const parameterCount = (variables: readonly tf.Variable[]): number => variables.reduce((sum, v) => sum + v.size, 0);

/**
 * Conv + BatchNorm parameters of ResNet-18's body [He et al. 2016, Table 1] by layer formulas: a stem conv
 * k² C w plus its BN 2w, and per BasicBlock (a → b) two 3x3 convs 9ab + 9b² with two BNs 4b, plus a 1x1
 * projection ab with BN 2b where the width changes. Written independently of the model's code.
 */
function resnet18BodyParameters(w: number, stemKernel: number, imageChannels: number): number {
  const basicBlock = (a: number, b: number): number => 9 * a * b + 9 * b * b + 4 * b + (a === b ? 0 : a * b + 2 * b);
  const stages = [[w, w], [w, w], [w, 2 * w], [2 * w, 2 * w], [2 * w, 4 * w], [4 * w, 4 * w], [4 * w, 8 * w], [8 * w, 8 * w]];
  return stemKernel * stemKernel * imageChannels * w + 2 * w + stages.reduce((sum, [a, b]) => sum + basicBlock(a, b), 0);
}

test("resnetAutoencoder maps [n, 64, 64, 3] and [n, 32, 32, 1] to the same shape, in (0, 1) with the sigmoid output", () => {
  for (const [size, channels, n] of [[64, 3, 1], [32, 1, 2]] as const) {
    const model = resnetAutoencoder({ seed: 1, width: 4, channels });
    const x = randomImages(n, size, channels, 2);
    const y = model.forward(x, { training: true });
    const z = model.forward(x);
    assert.deepEqual(y.shape, [n, size, size, channels]);
    assert.deepEqual(z.shape, [n, size, size, channels]);
    assert.ok((y.dataSync() as Float32Array).every((v) => v > 0 && v < 1), "sigmoid output in (0, 1)");
    assert.match(model.description, /widths 4-8-16-32/);
    tf.dispose([x, y, z]);
    model.dispose();
  }
});

test("resnetAutoencoder's encoder at width 64 has ResNet-18's conv and BatchNorm parameters with a 3x3 stem", () => {
  // torchvision.models.resnet18() has 11,689,512 parameters: its 7x7 stem and the 512 → 1000 fc included.
  const fc = 512 * 1000 + 1000;
  assert.equal(resnet18BodyParameters(64, 7, 3) + fc, 11_689_512);
  const model = resnetAutoencoder({ seed: 1, width: 64 });
  assert.equal(parameterCount(model.encoderVariables), resnet18BodyParameters(64, 3, 3));
  assert.equal(resnet18BodyParameters(64, 3, 3), 11_168_832);
  // The decoder: the same block formula on its block list (an up block a → b has the parameters of a
  // projection block a → b), plus the head conv 9 w C and its bias C.
  const w = 64;
  const decoderBlocks = [[8 * w, 8 * w], [8 * w, 4 * w], [4 * w, 4 * w], [4 * w, 2 * w], [2 * w, 2 * w], [2 * w, w], [w, w], [w, w]];
  const basicBlock = (a: number, b: number): number => 9 * a * b + 9 * b * b + 4 * b + (a === b ? 0 : a * b + 2 * b);
  assert.equal(parameterCount(model.decoderVariables), decoderBlocks.reduce((sum, [a, b]) => sum + basicBlock(a, b), 0) + 9 * w * 3 + 3);
  model.dispose();
});

test("eval mode uses the running statistics: deterministic, and an image's output does not depend on its batch", () => {
  const model = resnetAutoencoder({ seed: 2, width: 2, channels: 3 });
  const x = randomImages(3, 16, 3, 3);
  for (let k = 0; k < 3; k++) tf.dispose(model.forward(x, { training: true })); // running stats away from (0, 1)
  const batch = model.forward(x);
  const again = model.forward(x);
  const alone = tf.tidy(() => model.forward(tf.slice(x, [1, 0, 0, 0], [1, 16, 16, 3])));
  assert.deepEqual(Array.from(again.dataSync()), Array.from(batch.dataSync()));
  assertClose(Array.from(alone.dataSync()), Array.from(batch.dataSync()).slice(768, 1536), { relative: EVAL_BATCH_RELATIVE }, "image 1 alone vs in its batch");
  // Training mode is batch-dependent: the same image normalised with other images' statistics differs.
  const trainedAlone = tf.tidy(() => model.forward(tf.concat([tf.slice(x, [1, 0, 0, 0], [1, 16, 16, 3]), randomImages(1, 16, 3, 9)]), { training: true }));
  const trainedBatch = model.forward(x, { training: true });
  assert.notDeepEqual(Array.from(trainedAlone.dataSync()).slice(0, 768), Array.from(trainedBatch.dataSync()).slice(768, 1536));
  tf.dispose([x, batch, again, alone, trainedAlone, trainedBatch]);
  model.dispose();
});

test("autoencoderLoss's parameter gradient matches central differences along seeded directions (L2 and H1)", () => {
  const model = resnetAutoencoder({ seed: 1, width: 2, channels: 3 });
  const x = randomImages(2, 16, 3, 11);
  const encoderCount = model.encoderVariables.length;
  const groups: Record<string, (v: tf.Variable, i: number) => boolean> = {
    encoder: (_, i) => i < encoderCount,
    decoder: (_, i) => i >= encoderCount,
    filters: (v) => v.rank === 4,
    vectors: (v) => v.rank === 1,
  };
  const rng = new SeededRandom(12);
  for (const loss of ["L2", "H1"] as const) {
    const options: AutoencoderLossOptions = { loss, training: true };
    const { value, grads } = tf.variableGrads(() => autoencoderLoss(model, x, options), model.variables);
    const g = model.variables.map((v) => Float64Array.from(grads[v.name].dataSync()));
    tf.dispose([value, grads]);
    for (const [group, member] of Object.entries(groups)) {
      const lossValue = (): number => tf.tidy(() => autoencoderLoss(model, x, options).dataSync()[0]);
      const { gv, errors } = float32DirectionalErrors(model.variables, g, (i) => member(model.variables[i], i), rng, lossValue, FD_STEPS);
      const best = Math.min(...errors);
      assert.ok(best <= RESNET_GRADIENT_RELATIVE, `${loss}, ${group}: g·v = ${gv}, relative FD errors ${errors.map((e) => e.toExponential(1)).join(", ")} at h = ${FD_STEPS.join(", ")}; best ${best} > tolerance ${RESNET_GRADIENT_RELATIVE}`);
    }
  }
  x.dispose();
  model.dispose();
});

test("20 Adam steps (lr 1e-3) on a fixed batch reduce the L2 and the H1 loss, and a step leaks no tensors", () => {
  for (const loss of ["L2", "H1"] as const) {
    const model = resnetAutoencoder({ seed: 3, width: 4, channels: 3 });
    const x = randomImages(4, 16, 3, 7);
    const optimizer = tf.train.adam(1e-3);
    const step = (): number => {
      const cost = optimizer.minimize(() => autoencoderLoss(model, x, { loss, training: true }), true, model.variables);
      const value = cost!.dataSync()[0];
      cost!.dispose();
      return value;
    };
    const first = step(); // creates Adam's moment variables
    const tensors = tf.memory().numTensors;
    let last = first;
    for (let k = 1; k < ADAM_STEPS; k++) last = step();
    assert.equal(tf.memory().numTensors, tensors, `${loss}: tensors after ${ADAM_STEPS - 1} more steps`);
    assert.ok(last < ADAM_REQUIRED_DECREASE * first, `${loss}: loss ${first} → ${last} after ${ADAM_STEPS} steps, expected below ${ADAM_REQUIRED_DECREASE} · ${first}`);
    optimizer.dispose();
    x.dispose();
    model.dispose();
  }
});

test("resnetAutoencoder and autoencoderLoss reject bad configs and inputs with messages naming them", () => {
  assert.throws(() => resnetAutoencoder({ seed: 1, width: 0 }), /width must be an integer >= 1, got 0/);
  assert.throws(() => resnetAutoencoder({ seed: 1, channels: 2 as 3 }), /channels must be 1 or 3, got 2/);
  assert.throws(() => resnetAutoencoder({ seed: 1, output: "tanh" as "linear" }), /output must be "sigmoid" or "linear", got tanh/);
  const model: ResnetAutoencoder = resnetAutoencoder({ seed: 1, width: 2, channels: 1 });
  const odd = tf.zeros([1, 12, 12, 1]) as tf.Tensor4D;
  const rgb = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
  assert.throws(() => model.forward(odd), /x must be \[n, H, W, 1\] with H, W positive multiples of 8, got \[1, 12, 12, 1\]/);
  assert.throws(() => model.forward(rgb), /got \[1, 16, 16, 3\]/);
  const single = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
  assert.throws(() => model.forward(single, { training: true }), /training mode needs n · H\/8 · W\/8 >= 2/);
  tf.dispose([single, model.forward(single)]);
  assert.throws(() => autoencoderLoss(model, rgb, { loss: "H2" as "H1", training: true }), /loss must be one of L2, H1, authors-fft, got H2/);
  tf.dispose([odd, rgb]);
  model.dispose();
});
