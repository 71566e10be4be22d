/**
 * make bench in the notebooks' own terms: each notebook's compute time and the wall time of its last execution,
 * which scripts/run_notebooks.py records in notebooks/<name>.ipynb (metadata.companion), and their totals. Not a
 * measurement of this bench run.
 * - seconds: the wall time of the last execution by `make figures`, in the profile it ran in. When that execution
 *   read its runs from the run cache, it is mostly loading and plotting.
 * - computeSeconds: the time of the last execution that computed its runs (the runner tells the two apart by the
 *   library's own tally of runs read and computed, lib/runs/cache.ts): what `FORCE=1 make figures` costs.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** One notebook's recorded times; null when the notebook carries none (executed before they were recorded). */
export interface NotebookTime {
  notebook: string;
  seconds: number | null;
  computeSeconds: number | null;
}

interface NotebookJson {
  metadata?: { companion?: { seconds?: unknown; computeSeconds?: unknown } };
}

const finiteOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The recorded times of one notebook's JSON (an .ipynb's contents). */
export function notebookTime(notebook: string, json: string): NotebookTime {
  let nb: NotebookJson;
  try {
    nb = JSON.parse(json) as NotebookJson;
  } catch (error) {
    throw new Error(`benchNotebooks: ${notebook} is not valid JSON (${(error as Error).message}); re-execute it with make figures NOTEBOOK=${notebook}`);
  }
  const companion = nb.metadata?.companion;
  return { notebook, seconds: finiteOrNull(companion?.seconds), computeSeconds: finiteOrNull(companion?.computeSeconds) };
}

/**
 * Every quick-profile notebooks/<name>.ipynb in `directory`, sorted by name; the long and paper notebooks
 * (<name>.long.ipynb, <name>.paper.ipynb) are assembled from committed records, not computed by make figures.
 */
export function notebookTimes(directory: string): NotebookTime[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith(".ipynb") && !/\.(smoke|long|paper)\.ipynb$/.test(file))
    .sort()
    .map((file) => notebookTime(file.replace(/\.ipynb$/, ""), readFileSync(path.join(directory, file), "utf8")));
}

/** The sums of the recorded times, and how many notebooks have no compute time. */
export function totalTime(times: readonly NotebookTime[]): { seconds: number; computeSeconds: number; missing: number } {
  return {
    seconds: times.reduce((sum, t) => sum + (t.seconds ?? 0), 0),
    computeSeconds: times.reduce((sum, t) => sum + (t.computeSeconds ?? 0), 0),
    missing: times.filter((t) => t.computeSeconds === null).length,
  };
}
