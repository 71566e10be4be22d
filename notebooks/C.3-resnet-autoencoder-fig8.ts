// %% [markdown]
// # C.3 Sobolev training for a ResNet-18 autoencoder (Figure 8)
//
// Appendix C.3 of the paper (line 749): "We conduct experiments on a large-scale benchmark dataset, ImageNet, to
// train an autoencoder. In our setup, we resize the input data to (3, 64, 64) and use a batch size of 128. Both
// the encoder and decoder are implemented using the ResNet-18. The model is trained for 300 epochs, and the Adam
// optimizer is used with a learning rate of 1e−3." Its claims (line 751): "the convergence acceleration of the
// test error of the Sobolev training", and "H¹ training performs significantly better than L² training in most
// iterations"; its reconstructions are sharper with H¹.
//
// The model (`lib/models/resnetAutoencoder.ts`): a ResNet-18 encoder (3×3 stride-1 stem for small images, four
// stages of two BasicBlocks, BatchNorm) and its mirror as decoder (nearest-neighbour upsampling), linear output.
// Its tests check torchvision's parameter count, the BatchNorm statistics, and the L² and H¹ parameter gradients
// against central differences. The H¹ loss is the spectral one of Section 3.3 (`imageSobolevLoss`, s = 1).

// %% [markdown]
// ## What we can and cannot reproduce here
// ImageNet cannot be fetched here, and one Adam step of the paper's model (width 64, batch 128, 64 × 64 × 3) takes
// about 12 minutes on this machine's CPU backend. The **quick** profile therefore trains a **width-8** ResNet-18
// autoencoder on **MNIST digits zero-padded to 32 × 32** (2,000 for training, 500 for testing), batch 32,
// Adam 1e−3, 5 epochs, 1 seed (about 7 minutes here). The **paper** profile is the paper's setting on a folder of
// ImageNet images the user provides in `data/imagenet64/` (PNG or JPEG, resized to 64 × 64; every fifth file is a
// test image; the first 50,000 and 10,000 are used, since the loader holds them in memory); it needs a GPU
// backend to finish. `smoke` runs 1 epoch on 64 digits. The output is linear, as in Figure 4's notebook (the paper
// names none). Test error: the pixel MSE of the test reconstructions, BatchNorm in evaluation mode.

// %%
import { byProfile } from "../dist/lib/profile.js";
import { cachedRun } from "../dist/lib/runs/index.js";
import * as C3 from "../dist/lib/experiments/appendixC3.js";
import { commonLevel, errorCurveRows, pooledHistory } from "../dist/lib/experiments/curves.js";
import { figure8 } from "../dist/lib/figures/index.js";
import { showFigure, showTable } from "../dist/lib/plot/index.js";

const settings = byProfile({
  smoke: { dataset: "mnist32" as C3.AppendixC3Dataset, trainImages: 64, testImages: 32, epochs: 1, batchSize: 32, learningRate: C3.PAPER_RESNET_AE_LEARNING_RATE, width: 2, examples: 4, seeds: 1 },
  quick: { dataset: "mnist32" as C3.AppendixC3Dataset, trainImages: 2000, testImages: 500, epochs: 5, batchSize: 32, learningRate: C3.PAPER_RESNET_AE_LEARNING_RATE, width: 8, examples: 4, seeds: 1 },
  paper: { dataset: "imagenet64" as C3.AppendixC3Dataset, trainImages: 50_000, testImages: 10_000, epochs: C3.PAPER_RESNET_AE_EPOCHS, batchSize: C3.PAPER_RESNET_AE_BATCH_SIZE, learningRate: C3.PAPER_RESNET_AE_LEARNING_RATE, width: 64, examples: 4, seeds: 1 },
});
console.log(settings);

// %% [markdown]
// ## The runs
// One run per loss and seed, cached in `data/cache/appendix-c3-fig8/`; L² and H¹ of one seed share the initial
// weights and the batch order.

// %%
const runs = new Map<string, C3.ResnetAutoencoderRunResult[]>();
for (const loss of ["L2", "H1"] as const) {
  const results: C3.ResnetAutoencoderRunResult[] = [];
  for (let seed = 0; seed < settings.seeds; seed++) {
    const { seeds, ...rest } = settings;
    const config: C3.ResnetAutoencoderRunConfig = { ...rest, loss: loss, seed: seed };
    const { record } = await cachedRun("appendix-c3-fig8", config, (c) => C3.runResnetAutoencoder(c, `Fig. 8, ${loss}, seed ${seed}`));
    results.push(record.results);
  }
  runs.set(loss, results);
  console.log(`${loss}: ${results[0].description}; ${results.map((r) => r.secondsPerEpoch.toFixed(1)).join(", ")} s per epoch`);
}
const histories = (loss: string) => pooledHistory((runs.get(loss) ?? []).map((r) => r.history));
const first = (loss: string): C3.ResnetAutoencoderRunResult => (runs.get(loss) ?? [])[0];

// %% [markdown]
// ## Figure 8
// Left: test MSE against epochs, L² dashed, H¹ solid. Right: test images and their reconstructions by the L²- and
// the H¹-trained autoencoders (seed 0).

// %%
const curves = ["L2", "H1"].flatMap((loss) => errorCurveRows(histories(loss), "ResNet-18 autoencoder", loss));
await showFigure(figure8({
  curves: curves, height: first("L2").height, width: first("L2").width, channels: first("L2").channels,
  originals: first("L2").originals, l2: first("L2").reconstructions, h1: first("H1").reconstructions,
}, "fig8", `Figure 8: ResNet-18 autoencoder (width ${settings.width}, ${settings.dataset}), L2 vs H1`));
showTable("fig8-errors", curves.map((r) => ({ loss: r.series, epoch: r.epoch, "test MSE": Number(r.mean.toPrecision(4)), "training s": Number(r.seconds.toFixed(1)) })));

// %% [markdown]
// ## The claims
// (1) "Convergence acceleration of the test error": H¹ first reaches the test error both runs end at or below in
// fewer epochs than L² (ratio < 1). (2) "H¹ training performs significantly better than L² training in most
// iterations": the share of evaluations after initialisation at which H¹'s test error is below L²'s exceeds 1/2.
// A claim our runs do not support is recorded as `fails`.

// %%
const [l2, h1] = [histories("L2"), histories("H1")];
const level = commonLevel(l2, h1);
const meanOf = (errors: number[]): number => errors.reduce((a, b) => a + b, 0) / errors.length;
const better = h1.testError.slice(1).filter((e, k) => meanOf(e) < meanOf(l2.testError[k + 1])).length / (h1.testError.length - 1);
const setup = `ResNet-18 autoencoder width ${settings.width}, ${settings.dataset}, ${settings.trainImages} training images, batch ${settings.batchSize}, Adam ${settings.learningRate}, ${settings.epochs} epochs, ${settings.seeds} seed(s)`;
nb.experiments.check({
  id: "fig8-convergence", source: "App C.3, Fig 8", claim: "Sobolev training accelerates the convergence of the autoencoder's test error",
  method: `epochs to first reach the test MSE ${level.level.toPrecision(3)} (the larger final one), H1 / L2 = ${level.firstEpochs[1]} / ${level.firstEpochs[0]}; ${setup}`,
  measured: level.firstEpochs[1] / level.firstEpochs[0], expected: 1, tolerance: 0, relation: "<",
}, { onFail: "record" });
nb.experiments.check({
  id: "fig8-most-iterations", source: "App C.3, Fig 8", claim: "H1 training performs significantly better than L2 training in most iterations",
  method: `share of the ${h1.testError.length - 1} evaluations after initialisation at which H1's test MSE is below L2's; ${setup}`,
  measured: better, expected: 0.5, tolerance: 0, relation: ">",
}, { onFail: "record" });

// %% [markdown]
// ## Reading the results (quick profile: width 8, padded MNIST, 5 epochs, 1 seed)
// **Both claims fail in our quick run, clearly.** L² lowers the test MSE from 0.081 to 0.017 in five epochs; H¹
// first rises (0.088 after one epoch) and ends at 0.043, 2.6 times L²'s. The level both reach (0.043) takes L² two
// epochs and H¹ five (ratio 2.5); H¹ is below L² at none of the five evaluations. The reconstructions show it: L²'s
// digits are sharp, H¹'s are blurred blobs with a grey halo, the opposite of the paper's observation (there L² is
// the blurry one). An epoch costs the same with either loss (42 against 40 s). Five epochs of a width-8 network on
// digits is far from 300 epochs of ResNet-18 on ImageNet, which the paper profile runs when given the data and a GPU.
