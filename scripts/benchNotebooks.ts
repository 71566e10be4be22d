/**
 * make bench in the notebooks' own terms: the wall time of each notebook's last execution, which
 * scripts/run_notebooks.py records as metadata.companion.seconds in notebooks/<name>.ipynb, and their total.
 * That is the time of the last `make figures` (or run_notebooks.py into notebooks/) that executed the notebook,
 * in the profile it ran in, not a measurement of this bench run. A notebook whose runs were read from the run
 * cache (its outputs say "read from the cache" or "cached") spent that time mostly on plotting and loading, not
 * training: such a time is flagged, and it is not a compute time.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** One notebook's recorded time. */
export interface NotebookTime {
  notebook: string;
  /** metadata.companion.seconds, or null when the notebook carries none (executed before it was recorded). */
  seconds: number | null;
  /** Output lines that say a run was read from the cache: > 0 means the time is not (all) compute. */
  cachedRuns: number;
}

interface NotebookJson {
  metadata?: { companion?: { seconds?: unknown } };
  cells?: Array<{ cell_type?: string; outputs?: Array<{ text?: string | string[]; data?: Record<string, string | string[]> }> }>;
}

const CACHE_LINE = /read from the cache|\bcached\b/i;
const joined = (text: string | string[] | undefined): string => (Array.isArray(text) ? text.join("") : text ?? "");

/** The recorded time and cache mentions of one notebook's JSON (an .ipynb's contents). */
export function notebookTime(notebook: string, json: string): NotebookTime {
  let nb: NotebookJson;
  try {
    nb = JSON.parse(json) as NotebookJson;
  } catch (error) {
    throw new Error(`benchNotebooks: ${notebook} is not valid JSON (${(error as Error).message}); re-execute it with make figures NOTEBOOK=${notebook}`);
  }
  const seconds = nb.metadata?.companion?.seconds;
  let cachedRuns = 0;
  for (const cell of nb.cells ?? []) {
    if (cell.cell_type !== "code") continue;
    for (const output of cell.outputs ?? []) {
      const text = joined(output.text) + joined(output.data?.["text/plain"]);
      cachedRuns += text.split("\n").filter((line) => CACHE_LINE.test(line)).length;
    }
  }
  return { notebook, seconds: typeof seconds === "number" && Number.isFinite(seconds) ? seconds : null, cachedRuns };
}

/** Every notebooks/<name>.ipynb in `directory`, sorted by name. */
export function notebookTimes(directory: string): NotebookTime[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith(".ipynb"))
    .sort()
    .map((file) => notebookTime(file.replace(/\.ipynb$/, ""), readFileSync(path.join(directory, file), "utf8")));
}

/** The sum of the recorded times, and how many notebooks have none or read runs from the cache. */
export function totalTime(times: readonly NotebookTime[]): { seconds: number; missing: number; fromCache: number } {
  return {
    seconds: times.reduce((sum, t) => sum + (t.seconds ?? 0), 0),
    missing: times.filter((t) => t.seconds === null).length,
    fromCache: times.filter((t) => t.cachedRuns > 0).length,
  };
}
