/**
 * Atomic file writes: write a temporary sibling, then rename it over the target.
 *
 * rename(2) within one directory is atomic on POSIX file systems, so a reader (or the cache) sees either the
 * old file or the whole new one, never a half-written file, even when the process dies mid-write.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export function writeFileAtomic(target: string, contents: string | Uint8Array): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
