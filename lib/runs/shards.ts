/**
 * Shards: the planned runs of some notebooks (plan.ts) cut into n disjoint slices of about equal estimated cost, the
 * same on every machine, so that `make figures SHARD=k/n` on n machines (or cores) computes each run exactly once.
 * Runs are dealt longest first to the slice with the least cost so far (ties to the lower slice), in an order fixed
 * by estimated cost and then by run key: the assignment depends only on the runs, never on the machine.
 */
import { UntimelyTrainingError } from "./interruptions.js";
import { recordKey } from "./records.js";
import type { RunRequest } from "./plan.js";

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** "k/n" with 1 ≤ k ≤ n, as SHARD gives it. @throws Error naming the value and the form otherwise */
export function parseShard(text: string): Shard {
  const match = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(text.trim());
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!match || index > count) throw new Error(`SHARD="${text}" is not valid; use k/n with 1 <= k <= n, e.g. SHARD=2/4 for the second of four shards`);
  return { index, count };
}

/** The runs of every slice: slices[k − 1] is shard k's, in the order its runs are computed. */
export function assignShards<R extends RunRequest>(runs: readonly R[], count: number): R[][] {
  const keyed = runs.map((run) => ({ run, key: `${run.experiment}/${recordKey(run.experiment, run.config)}` }));
  keyed.sort((a, b) => b.run.cost - a.run.cost || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const slices: R[][] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  for (const { run } of keyed) {
    const lightest = load.indexOf(Math.min(...load));
    slices[lightest].push(run);
    load[lightest] += run.cost;
  }
  return slices;
}

/** What a shard did: runs computed, read, and refused for their timing (UntimelyTrainingError), with the reasons. */
export interface ShardOutcome {
  computed: number;
  read: number;
  refused: Array<{ label: string; reason: string }>;
}

/**
 * Computes (or reads) `runs` in order with `run`, logging one line each. A run refused for its timing (another
 * process took its core, the machine was suspended) does not stop the shard: the others may be fine, and a
 * refused run left nothing behind, so the next start of the same shard computes only it. Any other error stops
 * the shard at once.
 */
export async function computeShard<R extends RunRequest>(runs: readonly R[], run: (request: R) => Promise<{ fromCache: boolean }>, log: (line: string) => void): Promise<ShardOutcome> {
  const outcome: ShardOutcome = { computed: 0, read: 0, refused: [] };
  for (const [i, request] of runs.entries()) {
    const position = `${i + 1}/${runs.length} ${request.label}`;
    try {
      const { fromCache } = await run(request);
      if (fromCache) outcome.read += 1;
      else outcome.computed += 1;
      log(`${position}: ${fromCache ? "already recorded" : "computed"}`);
    } catch (error) {
      if (!(error instanceof UntimelyTrainingError)) throw error;
      outcome.refused.push({ label: request.label, reason: error.message });
      log(`${position}: refused, ${error.message}`);
    }
  }
  return outcome;
}
