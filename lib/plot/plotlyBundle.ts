/**
 * The plotly.js bundle: loaded into the headless browser for static export, and copied once to
 * figures/plotly.min.js where every interactive figures/<id>.html page refers to it (one 4.8 MB copy, not one per
 * figure). The copy is generated, never committed.
 */
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";

/** File name of the shared bundle inside figures/. */
export const PLOTLY_BUNDLE_NAME = "plotly.min.js";

/** Absolute path of plotly.js-dist-min's bundle in node_modules. */
export function plotlyBundlePath(): string {
  return createRequire(import.meta.url).resolve("plotly.js-dist-min/plotly.min.js");
}

/** Copies already verified in this process: target path -> the size and mtime it had then. */
const verifiedCopies = new Map<string, string>();

/**
 * Makes `<directory>/plotly.min.js` a copy of the installed bundle: copies it (atomically) when missing or different.
 *
 * @returns the path of the copy
 */
export function ensurePlotlyBundle(directory: string): string {
  const target = path.join(directory, PLOTLY_BUNDLE_NAME);
  if (verifiedCopies.get(target) === fileStamp(target)) return target;
  const source = readFileSync(plotlyBundlePath());
  let current: Buffer | null = null;
  try {
    current = readFileSync(target);
  } catch {
    current = null;
  }
  if (current === null || !current.equals(source)) writeFileAtomic(target, source);
  verifiedCopies.set(target, fileStamp(target));
  return target;
}

function fileStamp(file: string): string {
  try {
    const stats = statSync(file);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return "missing";
  }
}
