/**
 * make figures SHARD=k/n: computes the k-th of n slices of the selected notebooks' planned runs (lib/runs/shards.ts)
 * and writes their records (long, paper) or cache entries (smoke, quick); executes no notebook. A run already
 * recorded is read, not recomputed, so a shard can be started again after a crash, and a plain `make figures` in the
 * same profile then assembles the notebooks from the records. Notebooks without a run plan are named and skipped;
 * an unknown notebook name stops it before any run (exit 2).
 * Usage: node dist/scripts/runShard.js k/n [NOTEBOOK...]   (no notebook: every notebook of the profile with a plan)
 */
import { RUN_PLANS } from "../lib/plans/index.js";
import { currentProfile, LONG_PROFILE_NOTEBOOKS } from "../lib/profile.js";
import { runPlanned, type RunRequest } from "../lib/runs/plan.js";
import { assignShards, computeShard, parseShard } from "../lib/runs/shards.js";
import { twinNames } from "./buildNotebooks.js";

const [shardText, ...named] = process.argv.slice(2);
let shard;
try {
  shard = parseShard(shardText ?? "");
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
// make checks NOTEBOOK before any recipe (scripts/settings.mk); this is the same check for a direct call, so that
// a typo is not reported as a notebook without a run plan.
const notebooks = twinNames();
const unknown = named.filter((name) => !notebooks.includes(name));
if (unknown.length > 0) {
  console.error(`runShard: no notebook named ${unknown.join(", ")}; the notebooks are ${notebooks.join(", ")}`);
  process.exit(2);
}
const profile = currentProfile();
const planned = Object.keys(RUN_PLANS);
const selected = named.length > 0 ? named : profile === "long" ? [...LONG_PROFILE_NOTEBOOKS] : planned;
const unplanned = selected.filter((name) => !planned.includes(name));
if (unplanned.length > 0) console.log(`shard ${shardText}: no run plan for ${unplanned.join(", ")}: run ${unplanned.length === 1 ? "it" : "them"} whole with \`make figures NOTEBOOK=...\``);
const runs: RunRequest[] = selected.filter((name) => planned.includes(name)).flatMap((name) => [...RUN_PLANS[name](profile)]);
const mine = assignShards(runs, shard.count)[shard.index - 1];
const cost = (list: readonly RunRequest[]): number => list.reduce((sum, r) => sum + r.cost, 0);
console.log(`shard ${shardText} (PROFILE=${profile}): ${mine.length} of ${runs.length} runs, ${((100 * cost(mine)) / Math.max(cost(runs), Number.MIN_VALUE)).toFixed(0)} % of the estimated cost`);
const started = performance.now();
const outcome = await computeShard(mine, runPlanned, (line) => console.log(`shard ${shardText}: ${line}`));
console.log(`shard ${shardText}: done, ${outcome.computed} computed and ${outcome.read} already there, in ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (outcome.refused.length > 0) {
  console.error(
    `shard ${shardText}: ${outcome.refused.length} run${outcome.refused.length === 1 ? " was" : "s were"} refused for their timing (${outcome.refused.map((r) => r.label).join("; ")}). ` +
      "Nothing of them was kept: start the same shard again with its core to itself, and it computes only these.",
  );
  process.exitCode = 1;
}
