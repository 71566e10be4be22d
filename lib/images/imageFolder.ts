/**
 * A folder of images the user provides (ImageNet 64×64, CelebA-HQ), loaded as one float32 RGB batch.
 *
 * Every file ending in .png, .jpg or .jpeg (case-insensitive) is read in sorted name order (code-unit order);
 * dotfiles and subfolders are skipped, any other file is an error (so a wrong folder is noticed).
 * PNG is decoded by png.ts (node:zlib only), JPEG by jpeg.ts (the npm package jpeg-js); the extension picks
 * the decoder, and a file whose contents do not match it is an error naming the file. Each image is
 * centre-cropped to a square and resized to size×size by area averaging (resize.ts), values in [0, 1],
 * alpha dropped.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { dataDir } from "../paths.js";
import { decodeJpeg } from "./jpeg.js";
import { decodePng } from "./png.js";
import { squareAreaResize } from "./resize.js";

/** A batch of RGB images [n, size, size, 3] in [0, 1], and the file each came from. */
export interface ImageBatch {
  readonly images: Float32Array;
  readonly shape: [number, number, number, number];
  readonly files: string[];
}

export interface ImageFolderOptions {
  /** Output side length in pixels (e.g. 64). */
  readonly size: number;
  /** Read only the first `limit` files in sorted order (default all). */
  readonly limit?: number;
}

/** Where a user puts a dataset by default: data/<name>/ (DATA_DIR overrides data/), e.g. "imagenet64", "celeba-hq". */
export function datasetFolder(name: string): string {
  if (name === "" || name.includes("/") || name.includes("\\") || name.startsWith(".")) {
    throw new Error(`datasetFolder: name must be a plain folder name, got ${JSON.stringify(name)}`);
  }
  return path.join(dataDir(), name);
}

const PNG = /\.png$/i;
const JPEG = /\.jpe?g$/i;

/** The image files of `dir` in sorted order; throws on a missing folder, an empty one or an unsupported file. */
export function listImageFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`loadImageFolder: folder ${dir} does not exist; put the dataset's .png or .jpg images there (ImageNet 64x64 and CelebA-HQ cannot be downloaded by this project)`);
  }
  const names = readdirSync(dir)
    .filter((name) => !name.startsWith(".") && !statSync(path.join(dir, name)).isDirectory())
    .sort();
  const unsupported = names.find((name) => !PNG.test(name) && !JPEG.test(name));
  if (unsupported !== undefined) {
    throw new Error(`loadImageFolder: unsupported file ${path.join(dir, unsupported)}; the folder must hold only .png, .jpg or .jpeg images`);
  }
  if (names.length === 0) throw new Error(`loadImageFolder: folder ${dir} holds no .png, .jpg or .jpeg images`);
  return names;
}

/**
 * Loads the images of a folder as float32 RGB [n, size, size, 3] in [0, 1] (see the module comment).
 * @param dir - the folder
 */
export function loadImageFolder(dir: string, options: ImageFolderOptions): ImageBatch {
  const { size, limit } = options;
  if (!Number.isInteger(size) || size < 1) throw new Error(`loadImageFolder: size must be a positive integer, got ${size}`);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new Error(`loadImageFolder: limit must be a positive integer, got ${limit}`);
  const names = listImageFiles(dir).slice(0, limit);
  const pixels = size * size * 3;
  const images = new Float32Array(names.length * pixels);
  names.forEach((name, k) => {
    const file = path.join(dir, name);
    const bytes = readFileSync(file);
    const image = JPEG.test(name) ? decodeJpeg(bytes, file) : decodePng(bytes, file);
    images.set(squareAreaResize(image, size), k * pixels);
  });
  return { images, shape: [names.length, size, size, 3], files: names.map((name) => path.join(dir, name)) };
}
