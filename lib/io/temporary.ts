/**
 * The one folder for temporary files: data/tmp/ (ignored by git), or the folder the notebook runner gives
 * its kernel (COMPANION_TMP, inside data/tmp/), which the runner removes when the notebook ends, however it
 * ends. A temporary file beside its target (notebooks/tmpXXXX.tmp, figures/.x.png.123.tmp) was neither
 * ignored nor removed after a kill, and `git add -A` would have committed it.
 *
 * Names start with the process id (`<pid>-...`): the runner removes the entries of processes that are gone
 * (scripts/run_folder.py), which is all that can be done for a process killed by SIGKILL.
 */
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { dataDir } from "../paths.js";

/** COMPANION_TMP when set (the runner's folder for its kernel), else data/tmp/. */
export function temporaryDir(): string {
  return process.env.COMPANION_TMP || path.join(dataDir(), "tmp");
}

let counter = 0;

/**
 * A fresh path for the temporary copy of `target`, in temporaryDir() (created if needed) when that is on the
 * same file system as target's folder, so that renaming it over the target stays one atomic rename(2); beside
 * the target otherwise (a rename cannot cross file systems).
 */
export function temporaryPathFor(target: string): string {
  const name = `${process.pid}-${Date.now()}-${counter++}-${path.basename(target)}.tmp`;
  const folder = temporaryDir();
  mkdirSync(folder, { recursive: true });
  return statSync(folder).dev === statSync(path.dirname(target)).dev ? path.join(folder, name) : path.join(path.dirname(target), `.${name}`);
}
