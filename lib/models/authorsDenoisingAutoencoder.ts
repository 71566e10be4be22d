/**
 * The denoising autoencoder of the authors' Figure 4 code (Denoising Autoencoder/model.py:7-28, z_dim 32 from
 * train_config.yaml:6-7), which the paper's text describes only as "three convolution layers" each side: it also has
 * a dense bottleneck. NHWC, 3×3 kernels, LeakyReLU(0.01), for H × W images with H, W divisible by 4:
 *
 *   encoder  conv s1 1 → 32, conv s2 32 → 64, conv s2 64 → 64 (each + LeakyReLU),
 *            flatten, dense (H/4)(W/4)64 → z, LeakyReLU
 *   decoder  dense z → (H/4)(W/4)64, reshape, LeakyReLU,
 *            convT s2 64 → 64, LeakyReLU, convT s2 64 → 32, LeakyReLU, convT s1 32 → 1 (linear output)
 *
 * Their layers use PyTorch's default initialisation, as ours do (convVariables, denseVariables: U(±1/√fan_in)), drawn
 * in layer order from one SeededRandom(seed). Two details follow tfjs rather than PyTorch and change no shape or
 * parameter count: the flatten order is H, W, C (theirs C, H, W; a fixed permutation of the dense weights), and the
 * transposed convolutions use tfjs 'same' padding where theirs use padding 1, output_padding 1.
 */
import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../numeric/random.js";
import { CONV_AUTOENCODER_LEAKY_SLOPE } from "./convAutoencoder.js";
import { convVariables, denseVariables } from "./initialisation.js";
import { checkInteger, checkSeed } from "./validation.js";

export interface AuthorsDenoisingAutoencoderConfig {
  seed: number;
  /** Image side (default 28; a multiple of 4). */
  imageSize?: number;
  /** Bottleneck width (the authors' z_dim, default 32). */
  latent?: number;
}

interface Conv { filter: tf.Variable<tf.Rank.R4>; bias: tf.Variable<tf.Rank.R1>; stride: number; transposed: boolean }

const K = 3;
/** (c_in, c_out, stride, transposed) of the encoder's then the decoder's convolutions. */
const ENCODER: [number, number, number][] = [[1, 32, 1], [32, 64, 2], [64, 64, 2]];
const DECODER: [number, number, number][] = [[64, 64, 2], [64, 32, 2], [32, 1, 1]];

export class AuthorsDenoisingAutoencoder {
  readonly description: string;
  /** Encoder convs (W, b) ×3, encoder dense (W, b), decoder dense (W, b), decoder convTs (W, b) ×3. */
  readonly variables: tf.Variable[];
  private readonly encoder: Conv[];
  private readonly decoder: Conv[];
  private readonly down: { weights: tf.Variable<tf.Rank.R2>; bias: tf.Variable<tf.Rank.R1> };
  private readonly up: { weights: tf.Variable<tf.Rank.R2>; bias: tf.Variable<tf.Rank.R1> };
  private readonly side: number;

  constructor(config: AuthorsDenoisingAutoencoderConfig) {
    const caller = "authorsDenoisingAutoencoder";
    const size = config.imageSize ?? 28;
    const latent = config.latent ?? 32;
    checkInteger(caller, "imageSize", size, 4);
    if (size % 4 !== 0) throw new Error(`${caller}: imageSize must be a multiple of 4 (two stride-2 convolutions), got ${size}`);
    checkInteger(caller, "latent", latent, 1);
    checkSeed(caller, config.seed, 1);
    this.side = size / 4;
    const flat = this.side * this.side * 64;
    const rng = new SeededRandom(config.seed);
    this.encoder = ENCODER.map(([cIn, cOut, stride]) => ({ stride, transposed: false, ...convVariables(rng, [K, K, cIn, cOut], cIn * K * K, cOut) }));
    this.down = denseVariables(rng, flat, latent);
    this.up = denseVariables(rng, latent, flat);
    this.decoder = DECODER.map(([cIn, cOut, stride]) => ({ stride, transposed: true, ...convVariables(rng, [K, K, cOut, cIn], cOut * K * K, cOut) }));
    this.variables = [
      ...this.encoder.flatMap((c) => [c.filter, c.bias]), this.down.weights, this.down.bias,
      this.up.weights, this.up.bias, ...this.decoder.flatMap((c) => [c.filter, c.bias]),
    ];
    this.description = `the authors' conv autoencoder 1-32-64-64-dense ${latent}-64-64-32-1 (3x3, LeakyReLU(${CONV_AUTOENCODER_LEAKY_SLOPE}), linear output)`;
  }

  /** The denoised images of x [n, S, S, 1], S the configured imageSize. */
  forward(x: tf.Tensor4D): tf.Tensor4D {
    const size = this.side * 4;
    const shape = x instanceof tf.Tensor ? x.shape : undefined;
    if (shape === undefined || shape.length !== 4 || shape[1] !== size || shape[2] !== size || shape[3] !== 1) {
      throw new Error(`authorsDenoisingAutoencoder.forward: x must be [n, ${size}, ${size}, 1], got ${shape ? `[${shape.join(", ")}]` : String(x)}`);
    }
    const leaky = (t: tf.Tensor) => tf.leakyRelu(t, CONV_AUTOENCODER_LEAKY_SLOPE);
    return tf.tidy(() => {
      let h: tf.Tensor4D = x;
      for (const c of this.encoder) h = leaky(tf.add(tf.conv2d(h, c.filter, c.stride, "same"), c.bias)) as tf.Tensor4D;
      const n = h.shape[0];
      const z = leaky(tf.add(tf.matMul(tf.reshape(h, [n, -1]), this.down.weights), this.down.bias));
      h = leaky(tf.reshape(tf.add(tf.matMul(z, this.up.weights), this.up.bias), [n, this.side, this.side, 64])) as tf.Tensor4D;
      this.decoder.forEach((c, l) => {
        const [, rows, columns] = h.shape;
        const out = c.filter.shape[2];
        const pre = tf.add(tf.conv2dTranspose(h, c.filter, [n, rows * c.stride, columns * c.stride, out], c.stride, "same"), c.bias);
        h = (l === this.decoder.length - 1 ? pre : leaky(pre)) as tf.Tensor4D;
      });
      return h;
    });
  }

  dispose(): void {
    for (const variable of this.variables) variable.dispose();
  }
}

/** The authors' Figure 4 autoencoder (module comment). @throws Error for a bad image size, latent width or seed */
export function authorsDenoisingAutoencoder(config: AuthorsDenoisingAutoencoderConfig): AuthorsDenoisingAutoencoder {
  return new AuthorsDenoisingAutoencoder(config);
}
