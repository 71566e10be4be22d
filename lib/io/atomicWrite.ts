/**
 * Atomic file writes: write a temporary file, then rename it over the target.
 *
 * rename(2) within one file system is atomic on POSIX, so a reader (or the cache) sees either the old file or
 * the whole new one, never a half-written file, even when the process dies mid-write. The temporary file lives
 * in the project's one temporary folder (temporary.ts), so a kill between the write and the rename leaves
 * nothing beside the target. Files meant for figures/ go to the notebook's stage folder while the runner
 * executes a notebook (staging.ts).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stagedPath } from "./staging.js";
import { temporaryPathFor } from "./temporary.js";

export function writeFileAtomic(target: string, contents: string | Uint8Array): void {
  const destination = stagedPath(target);
  mkdirSync(path.dirname(destination), { recursive: true });
  const temporary = temporaryPathFor(destination);
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, destination);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
