/**
 * Run plans: the experiment runs of a notebook, listed outside the notebook, so that they can be computed in
 * shards on many machines (scripts/runShard.ts) and the notebook assembled from their records afterwards. A
 * notebook with a plan takes its runs from it (`runPlanned`), so the shard and the notebook ask for the very same
 * runs: the same experiment, config and compute function, hence the same cache key or record.
 */
import { cachedRun, type CachedRun } from "./cache.js";

export interface RunRequest<Config extends object = object, Results = unknown> {
  readonly experiment: string;
  readonly config: Config;
  readonly compute: (config: Config) => Results | Promise<Results>;
  /** Names the run in progress lines and listings. */
  readonly label: string;
  /** Its estimated cost in CPU-seconds, to balance shards (only the ratios between runs matter). */
  readonly cost: number;
}

/** Runs (or reads) one planned run. */
export function runPlanned<Config extends object, Results>(request: RunRequest<Config, Results>): Promise<CachedRun<Config, Results>> {
  return cachedRun(request.experiment, request.config, request.compute);
}
