/**
 * Fashion-MNIST [1] from the Debian package `dataset-fashion-mnist`, which installs the four gzipped IDX files
 * of the original release under /usr/share/datasets/fashion-mnist/:
 *   train-images-idx3-ubyte.gz  [60000, 28, 28]    train-labels-idx1-ubyte.gz  [60000]
 *   t10k-images-idx3-ubyte.gz   [10000, 28, 28]    t10k-labels-idx1-ubyte.gz   [10000]
 * The folder is, in order of precedence: the `dir` argument, the environment variable FASHION_MNIST_DIR, the
 * Debian location. A file may also be present un-gzipped (same name without `.gz`).
 * Pixels are bytes 0..255 mapped to float32 p/255 in [0, 1]; labels are class indices 0..9 (FASHION_MNIST_CLASSES).
 *
 * References
 * [1] Xiao, Rasul & Vollgraf, "Fashion-MNIST: a novel image dataset for benchmarking machine learning
 *     algorithms", arXiv:1708.07747 (2017); https://github.com/zalandoresearch/fashion-mnist
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { readIdxFile } from "./idx.js";

/** Where the Debian package dataset-fashion-mnist puts the files. */
export const FASHION_MNIST_DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

/** Class names of labels 0..9 [1]. */
export const FASHION_MNIST_CLASSES = [
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
] as const;

const FILES = {
  train: { images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz" },
  test: { images: "t10k-images-idx3-ubyte.gz", labels: "t10k-labels-idx1-ubyte.gz" },
} as const;

const HOW_TO_GET =
  "install the Debian package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist) or set " +
  "FASHION_MNIST_DIR to a folder holding the four *-ubyte.gz files of https://github.com/zalandoresearch/fashion-mnist";

/** One split of Fashion-MNIST: images [n, 28, 28] row-major in [0, 1] and their labels. */
export interface FashionMnistSplit {
  readonly images: Float32Array;
  readonly shape: [number, number, number];
  readonly labels: Uint8Array;
}

export interface FashionMnistOptions {
  /** "train" (60,000 images) or "test" (10,000). */
  readonly split: "train" | "test";
  /** The folder; default FASHION_MNIST_DIR, else FASHION_MNIST_DEBIAN_DIR. */
  readonly dir?: string;
  /** Keep only the first `limit` images (default all). */
  readonly limit?: number;
}

/** The folder loadFashionMnist reads: `dir`, else $FASHION_MNIST_DIR, else the Debian location. */
export function fashionMnistDir(dir?: string): string {
  return dir ?? process.env.FASHION_MNIST_DIR ?? FASHION_MNIST_DEBIAN_DIR;
}

/** The file's path in `dir`, gzipped or not; null when neither is there. */
function findFile(dir: string, gzName: string): string | null {
  const gz = path.join(dir, gzName);
  if (existsSync(gz)) return gz;
  const plain = gz.slice(0, -".gz".length);
  return existsSync(plain) ? plain : null;
}

function resolveFile(dir: string, gzName: string): string {
  const found = findFile(dir, gzName);
  if (found === null) throw new Error(`loadFashionMnist: ${path.join(dir, gzName)} is missing; ${HOW_TO_GET}`);
  return found;
}

/** Whether all four files loadFashionMnist reads are in the folder (fashionMnistDir(dir)). */
export function fashionMnistInstalled(dir?: string): boolean {
  const folder = fashionMnistDir(dir);
  return Object.values(FILES).every((split) => findFile(folder, split.images) !== null && findFile(folder, split.labels) !== null);
}

/** Loads one split of Fashion-MNIST; throws, naming the missing path and the fix, when the data are absent. */
export function loadFashionMnist(options: FashionMnistOptions): FashionMnistSplit {
  const { split, limit } = options;
  if (split !== "train" && split !== "test") throw new Error(`loadFashionMnist: split must be "train" or "test", got ${String(split)}`);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new Error(`loadFashionMnist: limit must be a non-negative integer, got ${limit}`);
  }
  const dir = fashionMnistDir(options.dir);
  if (!existsSync(dir)) throw new Error(`loadFashionMnist: folder ${dir} does not exist; ${HOW_TO_GET}`);
  const imagesPath = resolveFile(dir, FILES[split].images);
  const labelsPath = resolveFile(dir, FILES[split].labels);
  const images = readIdxFile(imagesPath, HOW_TO_GET);
  const labels = readIdxFile(labelsPath, HOW_TO_GET);
  if (images.shape.length !== 3 || images.shape[1] !== 28 || images.shape[2] !== 28) {
    throw new Error(`loadFashionMnist: ${imagesPath} has shape [${images.shape.join(", ")}], expected [n, 28, 28]`);
  }
  if (labels.shape.length !== 1 || labels.shape[0] !== images.shape[0]) {
    throw new Error(
      `loadFashionMnist: ${labelsPath} has shape [${labels.shape.join(", ")}], expected [${images.shape[0]}] to match ${imagesPath}`,
    );
  }
  const badLabel = labels.data.findIndex((label) => label >= FASHION_MNIST_CLASSES.length);
  if (badLabel >= 0) throw new Error(`loadFashionMnist: ${labelsPath} has label ${labels.data[badLabel]} at index ${badLabel}, expected 0..9`);
  const n = Math.min(images.shape[0], limit ?? Infinity);
  const pixels = new Float32Array(n * 28 * 28);
  for (let k = 0; k < pixels.length; k++) pixels[k] = images.data[k] / 255;
  return { images: pixels, shape: [n, 28, 28], labels: labels.data.slice(0, n) };
}
