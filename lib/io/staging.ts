/**
 * Staging a notebook's outputs, so that they become visible together, and only when the whole notebook
 * succeeded, like the executed notebook itself.
 *
 * While scripts/run_notebooks.py executes a notebook it sets COMPANION_STAGE_DIR for the kernel: every file
 * written under figures/ (figures, tables, claim records) is written to the same relative path in that folder
 * instead, and the runner moves them all into figures/ once every cell has passed, just before it writes the
 * notebook. An interrupted or failed notebook thus leaves figures/ as it was, where figures used to appear as
 * cells ran, beside the old notebook. What a notebook shows and returns still names figures/<file>, where the
 * file will be; reads (the claim records merge the other notebooks' rows) see the files of figures/.
 */
import path from "node:path";
import { figuresDir } from "../paths.js";

/** Where a write meant for `target` goes: its place in the stage folder when one is set and target is in figures/. */
export function stagedPath(target: string): string {
  const stage = process.env.COMPANION_STAGE_DIR;
  if (!stage) return target;
  const relative = path.relative(path.resolve(figuresDir()), path.resolve(target));
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return target;
  return path.join(stage, relative);
}
