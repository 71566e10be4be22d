/**
 * Where the companion reads and writes: the repository root and its data/ and figures/ folders.
 *
 * The compiled library lives in dist/lib/, so the root is two levels above this file. FIGURES_DIR and
 * DATA_DIR override the folders (tests point them at temporary directories).
 */
import { fileURLToPath } from "node:url";
import path from "node:path";

export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** figures/: every figure (.svg, .png, .html, .csv) and table (.csv, .md). */
export function figuresDir(): string {
  return process.env.FIGURES_DIR ?? path.join(repoRoot, "figures");
}

/** data/: datasets the user provides and the run cache (data/cache/). */
export function dataDir(): string {
  return process.env.DATA_DIR ?? path.join(repoRoot, "data");
}
