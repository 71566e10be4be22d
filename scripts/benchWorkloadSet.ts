/**
 * The benchmark workloads on our stack (make bench, scripts/bench.ts; the plain-WASM and cpu-backend runs of
 * scripts/benchWorkloads.ts): one training step of the Fig. 2 network (2-64-64-64-1 tanh, 1,024 points, Adam)
 * with the L2, H1 and H2 losses, one SGD step of the Section 3.1 single ReLU node (d = 10, batch 64, H1), one Adam
 * step of the Section 3.3 denoising autoencoder (batch 64 of 28 x 28 images, L2 and image-H1 losses; linear
 * output, because with the sigmoid output L2 training drives pixels into float32 subnormals, which slow WASM
 * down), and one Adam step of the Section 3.4 diffusion U-Net (lib/models/unet.ts at base width 16, 62,753
 * parameters; batch 48 of 28 x 28 images, the x0-prediction loss with L2 and image-H1, fixed steps and noise so
 * every step does the same work). scripts/bench_torch.py is the PyTorch twin of each. Building one needs the
 * backend selected first (selectBackend).
 */
import * as tf from "@tensorflow/tfjs";
import { fig2 } from "../lib/data/index.js";
import { diffusionX0Loss, linearBetaSchedule, sampleTimesteps, unet } from "../lib/diffusion/index.js";
import { sobolevBatch, targetSamples } from "../lib/experiments/index.js";
import { PAPER_DIFFUSION_BATCH_SIZE, PAPER_DIFFUSION_LEARNING_RATE } from "../lib/experiments/section3_4.js";
import { h1Weights, h2Weights, l2Weights, sobolevLoss, type SobolevBatch, type SobolevWeights } from "../lib/losses/index.js";
import { convAutoencoder, denoisingLoss, mlp, singleNode, type SobolevModel } from "../lib/models/index.js";
import { SeededRandom } from "../lib/numeric/random.js";
import { FusedAdamOptimizer, optimizerStep } from "../lib/train/index.js";

/** The family of a workload: its name without the loss ("fig2-mlp-H1" → "fig2-mlp"). */
export const workloadFamily = (workload: string): string => workload.replace(/-(L2|H1|H2)$/, "");

function trainingStep(model: SobolevModel, batch: SobolevBatch, weights: SobolevWeights, optimizer: tf.Optimizer): () => number {
  return optimizerStep(optimizer, () => sobolevLoss(model, batch, weights), model.variables);
}

function fig2Workload(weights: SobolevWeights): () => number {
  const batch = sobolevBatch(targetSamples(fig2, { kind: "uniform", count: 1024, seed: 1 }, "exact", (weights.length - 1) as 0 | 1 | 2));
  const model = mlp({ inputDimension: 2, widths: [64, 64, 64], activation: "tanh", seed: 0 });
  return trainingStep(model, batch, weights, new FusedAdamOptimizer(1e-4));
}

function singleNodeWorkload(): () => number {
  const d = 10;
  const rng = new SeededRandom(3);
  const wStar = rng.gaussianVector(d);
  const xs = Array.from({ length: 64 }, () => rng.gaussianVector(d));
  const active = xs.map((x) => x.reduce((a, v, i) => a + v * wStar[i], 0) > 0);
  const batch: SobolevBatch = {
    x: tf.tensor2d(xs.flat(), [64, d]),
    value: tf.tensor1d(xs.map((x, j) => (active[j] ? x.reduce((a, v, i) => a + v * wStar[i], 0) : 0))),
    gradient: tf.tensor2d(active.flatMap((on) => (on ? wStar : wStar.map(() => 0))), [64, d]),
  };
  const model = singleNode({ inputDimension: d, seed: 4, initialWeights: [wStar.map((v) => v + 0.5 * rng.gaussian())] });
  return trainingStep(model, batch, h1Weights(), tf.train.sgd(1e-2));
}

function convAutoencoderWorkload(loss: "L2" | "H1"): () => number {
  const rng = new SeededRandom(5);
  const clean = tf.tensor4d(Float32Array.from({ length: 64 * 28 * 28 }, () => rng.uniform()), [64, 28, 28, 1]);
  const noisy = tf.tidy(() => tf.add(clean, tf.mul(0.5, tf.randomNormal([64, 28, 28, 1], 0, 1, "float32", 6))) as tf.Tensor4D);
  const model = convAutoencoder({ seed: 7, output: "linear" });
  return optimizerStep(new FusedAdamOptimizer(5e-3), () => denoisingLoss(model, noisy, clean, { loss }), model.variables);
}

/**
 * The U-Net's parameter count at base width 16 (convs 53,345 + time MLP 1,088 + bias projection 8,320):
 * scripts/bench_torch.py asserts the same number for its twin, so a change to either architecture fails loudly
 * instead of timing two different networks.
 */
const UNET_BENCH_WIDTH = 16;
const UNET_BENCH_PARAMETERS = 62_753;

/** One Adam step of the Section 3.4 diffusion loss; returns the step and the model's parameter count. */
function unetWorkload(loss: "L2" | "H1"): { step: () => number; parameters: number } {
  const n = PAPER_DIFFUSION_BATCH_SIZE;
  const rng = new SeededRandom(8);
  const x0 = tf.tensor4d(Float32Array.from({ length: n * 28 * 28 }, () => rng.uniform()), [n, 28, 28, 1]);
  const noise = tf.tensor4d(Float32Array.from({ length: n * 28 * 28 }, () => rng.gaussian()), [n, 28, 28, 1]);
  const schedule = linearBetaSchedule();
  // Fixed steps and noise (drawn once) rather than fresh draws per step: the step's cost does not depend on
  // them, and fixing them keeps the host-side sampling out of the timing, as in the PyTorch twin.
  const t = sampleTimesteps(rng, n, schedule.steps);
  const model = unet({ seed: 9, baseWidth: UNET_BENCH_WIDTH });
  if (model.parameterCount !== UNET_BENCH_PARAMETERS) {
    throw new Error(`benchWorkloadSet: the bench U-Net has ${model.parameterCount} parameters, bench_torch.py expects ${UNET_BENCH_PARAMETERS}: update both`);
  }
  const step = optimizerStep(new FusedAdamOptimizer(PAPER_DIFFUSION_LEARNING_RATE), () => diffusionX0Loss(model, x0, t, noise, schedule, { loss }), model.variables);
  return { step, parameters: model.parameterCount };
}

/** A built workload: its step, and its parameter count where the driver cross-checks it against the twin's. */
export interface Workload {
  step: () => number;
  parameters?: number;
}
const stepOnly = (step: () => number): Workload => ({ step });

/** The workloads by name, each with the function that builds it (its model, data and optimiser). */
export const BENCH_WORKLOADS: Array<[string, () => Workload]> = [
  ["fig2-mlp-L2", () => stepOnly(fig2Workload(l2Weights()))],
  ["fig2-mlp-H1", () => stepOnly(fig2Workload(h1Weights()))],
  ["fig2-mlp-H2", () => stepOnly(fig2Workload(h2Weights()))],
  ["fig1-single-node-H1-sgd", () => stepOnly(singleNodeWorkload())],
  ["fig4-conv-autoencoder-L2", () => stepOnly(convAutoencoderWorkload("L2"))],
  ["fig4-conv-autoencoder-H1", () => stepOnly(convAutoencoderWorkload("H1"))],
  ["fig5-unet-L2", () => unetWorkload("L2")],
  ["fig5-unet-H1", () => unetWorkload("H1")],
];
