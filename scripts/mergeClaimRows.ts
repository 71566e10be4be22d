/**
 * Merges a finished notebook's own claim rows into the current claim records, for the runner's publish step
 * (scripts/run_folder.py): usage `node dist/scripts/mergeClaimRows.js STAGE`, with FIGURES_DIR the figures
 * folder and COMPANION_STAGE_DIR=STAGE, so the merged records are written to the stage and published with the
 * notebook's other files. The runner holds the records' lock from this merge until they are published, so
 * two runs that finish together both keep their rows (lib/checks/claimRecord.ts).
 */
import { mergeStagedRows } from "../lib/checks/claimRecord.js";

const [stage] = process.argv.slice(2);
if (!stage || process.env.COMPANION_STAGE_DIR !== stage) {
  console.error("usage: COMPANION_STAGE_DIR=STAGE FIGURES_DIR=FIGURES node dist/scripts/mergeClaimRows.js STAGE");
  process.exit(2);
}
mergeStagedRows(stage);
