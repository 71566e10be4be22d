/**
 * Where the settings of Figure 8 come from: the paper's text, the authors' code and our profiles (settingsTable.ts).
 * Facts read from the authors' repository at the commit below; values of ours are read from the notebook's settings.
 */
import type { FigureProvenance } from "./settingsTable.js";
import { count } from "./settingsTable.js";

/** The fields of the notebook's per-profile settings this table reads. */
export type Fig8Settings = { readonly dataset: string; readonly architecture?: string; readonly trainImages: number; readonly testImages: number; readonly epochs: number; readonly batchSize: number; readonly learningRate: number; readonly weightDecay?: number; readonly width: number; readonly seeds: number; readonly losses: readonly string[] };

/** Whether a profile trains the authors' light network (architecture "authors-light") rather than our ResNet-18. */
const authorsNet = (s: Fig8Settings): boolean => s.architecture === "authors-light";

export const fig8Provenance: FigureProvenance<Fig8Settings> = {
  figure: "Figure 8",
  commit: "e819fd06e242c42767584075f1cab726f09612d6",
  rows: [
    {
      setting: "architecture",
      paper: "ResNet-18 encoder and decoder",
      paperRef: "App C.3 (line 749)",
      authors: "AE('light'): stem 3→16, 3 stages [2,2,2] of 16/32/64 ch (CIFAR-style; 3×3 stride-2 projection shortcuts), mirrored ConvT decoder; 16×16×64 latent; 389,958 parameters",
      authorsRef: "Resnet18_Autoencoder/main.py:27; classes/resnet_autoencoder.py:42-47; classes/resnet_using_light_basic_block_encoder.py:93-111,142-148; classes/resnet_using_light_basic_block_decoder.py:96-106,142-168",
      ours: (s) => (authorsNet(s) ? `the authors' light net, width ${s.width} (lib/models/authorsLightResnetAutoencoder.ts)` : `ResNet-18 [2, 2, 2, 2], width ${s.width}, 3×3 stem, nearest-neighbour upsampling decoder`),
      note: "authors' net is not ResNet-18",
      reason: "paper: as the authors. smoke and quick: the paper's ResNet-18 read from the text, narrowed (quick: width 8) for the CPU; these are the runs this machine makes",
    },
    {
      setting: "output",
      paper: "not stated",
      paperRef: "App C.3",
      authors: "ConvT 16→3, BatchNorm, ReLU, then clamp to [0, 1]",
      authorsRef: "Resnet18_Autoencoder/classes/resnet_using_light_basic_block_decoder.py:100-102,171-179; classes/resnet_autoencoder.py:71",
      ours: (s) => (authorsNet(s) ? "ConvT w→C, BN, ReLU, clamp to [0, 1]" : "linear"),
      note: "",
      reason: "paper: as the authors. smoke and quick: a linear output, as in Figure 4; the paper does not describe theirs",
    },
    {
      setting: "initialisation",
      paper: "not stated",
      paperRef: "App C.3",
      authors: "encoder Conv2d kaiming_normal_(fan_out, relu); decoder ConvTranspose2d keeps PyTorch default (not a Conv2d); BN 1/0",
      authorsRef: "Resnet18_Autoencoder/classes/resnet_using_light_basic_block_encoder.py:113-118; classes/resnet_using_light_basic_block_decoder.py:109-114",
      ours: (s) => (authorsNet(s) ? "as the authors: encoder N(0, 2/(9 c_out)), decoder ConvT U(±1/√(9 c_out)); BN γ=1, β=0" : "PyTorch default conv U(±1/√fan_in); BN γ=1, β=0"),
      note: "",
      reason: "paper: as the authors. smoke and quick: the authors' kaiming-normal encoder init belongs to their light network; our ResNet-18 keeps PyTorch's defaults",
    },
    {
      setting: "data",
      paper: "ImageNet resized to (3, 64, 64)",
      paperRef: "App C.3 (line 749)",
      authors: "Mini-ImageNet (HF timm) ImageFolder: train 50,000, test 10,000 (asserted); Resize(64,64)+ToTensor",
      authorsRef: "README.md:25-29; Resnet18_Autoencoder/scripts/data_loading.py:70-88",
      ours: (s) => `${s.dataset}: ${count(s.trainImages)} training / ${count(s.testImages)} test images`,
      note: "authors: Mini-ImageNet, not ImageNet",
      reason: "ImageNet cannot be fetched here: quick uses padded MNIST, the paper profile a folder the user provides",
    },
    {
      setting: "batch size",
      paper: "128",
      paperRef: "App C.3 (line 749)",
      authors: "128 (shuffle; 391 steps per epoch)",
      authorsRef: "Resnet18_Autoencoder/scripts/config.py:2; main.py:41",
      ours: (s) => String(s.batchSize),
      note: "",
      reason: "quick: smaller batches for the small training set",
    },
    {
      setting: "optimiser and lr",
      paper: "Adam, lr 1e-3",
      paperRef: "App C.3 (line 749)",
      authors: "torch Adam lr 1e-4, weight_decay 1e-5 (coupled L2 penalty)",
      authorsRef: "Resnet18_Autoencoder/scripts/config.py:6; main.py:35",
      ours: (s) => `Adam ${s.learningRate}${s.weightDecay === undefined ? "" : `, weight decay ${s.weightDecay} (coupled, as PyTorch)`}`,
      note: "paper 1e-3 vs code 1e-4",
      reason: "paper: as the authors. smoke and quick keep the paper's 1e-3, which moves further in their few epochs",
    },
    {
      setting: "epochs",
      paper: "300",
      paperRef: "App C.3 (line 749)",
      authors: "300 (EARLY_STOP_THRESH imported, unused)",
      authorsRef: "Resnet18_Autoencoder/scripts/config.py:3,5; main.py:50",
      ours: (s) => count(s.epochs),
      note: "",
      reason: "the quick profile fits a 2-core CPU; the paper profile takes the paper's value",
    },
    {
      setting: "H1 loss",
      paper: "H1 (method not stated here; Sec 3.3's spectral loss)",
      paperRef: "App C.3 (line 751)",
      authors: "per axis mean|IFFT(FFT(e)·(1+ξ²)^(1/2))|², ξ_k=2πk/n unwrapped, x+y summed; the H1 run trains only this loss. The same cheb_loss2 as Sec 3.3's, squared and averaged inside the function",
      authorsRef: "Resnet18_Autoencoder/scripts/utils.py:35-38,177-185; Denoising Autoencoder/train.py:16-24,69-70",
      ours: (s) => (s.losses.includes("authors-fft") ? "H1 = imageSobolevLoss s=1 on [0,1]² (ξ = 2πκ), and the authors' FFT loss as a third series (lib/losses/authorsFftLoss.ts)" : "imageSobolevLoss s=1 on [0,1]² (ξ = 2πκ)"),
      note: "per real mode k: authors 20.1 (k=1)→10.9 (k=32), falls with k; ours 1+(2πk)², 40→40,427 (64×64)",
      reason: "H¹ is the norm the paper defines; paper: the authors' loss (not an H¹ norm: its weights fall with frequency) runs beside it, with claims of its own; smoke and quick: L² vs H¹ only (CPU budget)",
    },
    {
      setting: "L2 loss",
      paper: "L2",
      paperRef: "App C.3",
      authors: "nn.MSELoss (pixel mean)",
      authorsRef: "Resnet18_Autoencoder/main.py:33; scripts/utils.py:32-34",
      ours: "pixel MSE",
      note: "",
      reason: "",
    },
    {
      setting: "plotted error",
      paper: "test error; 'in most iterations'",
      paperRef: "App C.3 (line 751)",
      authors: "MSE over all 10,000 test images after each epoch, BN in eval; plot x-axis labelled 'Iteration' = epochs",
      authorsRef: "Resnet18_Autoencoder/scripts/utils.py:49-82; main.py:52-60; plot_val_loss.py:13-18",
      ours: "test MSE each epoch, BN in eval mode",
      note: "",
      reason: "",
    },
    {
      setting: "repeats",
      paper: "not stated",
      paperRef: "App C.3",
      authors: "1 run per loss; no seed",
      authorsRef: "Resnet18_Autoencoder/main.py (whole file)",
      ours: (s) => `${s.seeds} seed(s), paired`,
      note: "",
      reason: "paired seeds give an interval; the paper profile runs one (GPU time)",
    },
    {
      setting: "reconstruction panels",
      paper: "two rows of original / L2 / H1",
      paperRef: "App C.3 (line 751)",
      authors: "one random test image (np.random, unseeded) per call",
      authorsRef: "Resnet18_Autoencoder/plot_reconstructed.py:32-42",
      ours: "first 4 test images",
      note: "",
      reason: "fixed images, the same for both losses",
    },
  ],
};
