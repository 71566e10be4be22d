/**
 * A FitCheckpointStore in a folder: fit call i's snapshot is `<folder>/fit-<i>.json`, written atomically
 * (lib/io/atomicWrite.ts: a temporary file renamed over the target), so that a run killed while saving leaves
 * the previous checkpoint whole, never half a file.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { DEFAULT_CHECKPOINT_SECONDS, type FitCheckpointStore, type FitSnapshot } from "./checkpoint.js";

/** The file of fit call `fitIndex` in `folder`. */
export function fitCheckpointPath(folder: string, fitIndex: number): string {
  if (!Number.isInteger(fitIndex) || fitIndex < 0) throw new Error(`fitCheckpointPath: fitIndex must be a non-negative integer, got ${fitIndex}`);
  return path.join(folder, `fit-${fitIndex}.json`);
}

/** A store writing `<folder>/fit-<index>.json`; saves at most every `intervalSeconds` (default 600, the 10 minutes). */
export function fileCheckpointStore(folder: string, intervalSeconds: number = DEFAULT_CHECKPOINT_SECONDS): FitCheckpointStore {
  return {
    intervalSeconds,
    load(fitIndex: number): FitSnapshot | undefined {
      const file = fitCheckpointPath(folder, fitIndex);
      if (!existsSync(file)) return undefined;
      try {
        return JSON.parse(readFileSync(file, "utf8")) as FitSnapshot;
      } catch (error) {
        throw new Error(`fileCheckpointStore: ${file} is not valid JSON (${(error as Error).message}); delete it to restart that fit from scratch`);
      }
    },
    save(fitIndex: number, snapshot: FitSnapshot): void {
      let text: string;
      try {
        text = JSON.stringify(snapshot);
      } catch (error) {
        // V8 caps a string at about 2^29 characters: 16 base64 characters a parameter (its value and Adam's two moments) reach it near 33M parameters (the Fig. 5 U-Net has 9.9M).
        if (!(error instanceof RangeError)) throw error;
        const values = snapshot.variables.reduce((n, v) => n + v.shape.reduce((a, b) => a * b, 1), 0);
        throw new Error(`fileCheckpointStore: the checkpoint of fit ${fitIndex} (${values} values) is too large for one JSON string (${error.message}); it needs the tensors in separate files (lib/train/checkpointFile.ts)`);
      }
      writeFileAtomic(fitCheckpointPath(folder, fitIndex), text);
    },
  };
}
