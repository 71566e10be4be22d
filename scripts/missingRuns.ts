/**
 * Before a notebook of the long or paper profile is assembled from its records (README.md, "Paper scale"): lists
 * the planned runs (lib/plans) that have no record yet, and the command that computes them. The runner calls it
 * before the first cell; exit 0 when nothing is missing or the notebook has no plan, 3 when runs are missing.
 * Usage: PROFILE=long node dist/scripts/missingRuns.js NOTEBOOK...
 */
import { RUN_PLANS } from "../lib/plans/index.js";
import { currentProfile } from "../lib/profile.js";
import { missingRuns, usesRecords } from "../lib/runs/records.js";

const profile = currentProfile();
const notebooks = process.argv.slice(2);
let missing = 0;
if (usesRecords(profile)) {
  for (const notebook of notebooks) {
    const plan = RUN_PLANS[notebook];
    if (plan === undefined) continue;
    const runs = plan(profile);
    const absent = missingRuns(runs, profile);
    if (absent.length === 0) continue;
    missing += absent.length;
    console.error(`${notebook}: ${absent.length} of ${runs.length} runs of the ${profile} profile have no record in data/records/${profile}/:`);
    for (const run of absent) console.error(`  ${run.label}`);
    console.error(`compute them with \`make figures PROFILE=${profile} NOTEBOOK=${notebook} SHARD=1/1\` (or in shards on several machines: README.md, "Paper scale"), then run this again`);
  }
}
process.exit(missing > 0 ? 3 : 0);
