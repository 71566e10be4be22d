/**
 * The cost of the long profile, measured: for each run of the plans of Figs. 2, 3 and 7 (lib/plans), a short probe
 * of the same config (PROBE_EPOCHS epochs of each optimiser phase, one evaluation) gives the milliseconds per epoch
 * of each phase, training time only; times the run's epochs, summed per figure, that is the CPU time the figure's
 * long profile needs on this machine at one BLAS thread. Runs that differ only by seed (Fig. 3's repeats) are probed
 * once. Written to figures/long-cost.csv and .md (with COMPANION_RECORD=1; otherwise the scratch folder).
 * A measurement, not a test. Usage: node dist/scripts/longCost.js [PROBE_EPOCHS]
 */
import os from "node:os";
import { selectBackend, describeBackend } from "../lib/backend/index.js";
import { runRegression, type RegressionConfig } from "../lib/experiments/regression.js";
import { RUN_PLANS } from "../lib/plans/index.js";
import { markdownTable, writeTable, type TidyRow } from "../lib/plot/index.js";
import type { RunRequest } from "../lib/runs/plan.js";

const probeEpochs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(probeEpochs) || probeEpochs < 2) {
  console.error(`usage: node dist/scripts/longCost.js [PROBE_EPOCHS ≥ 2], got ${process.argv[2]}`);
  process.exit(2);
}

/** The config cut to `epochs` per phase, evaluated once at the end (plus the start, which fit always records). */
function probeConfig(config: RegressionConfig, epochs: number): RegressionConfig {
  const schedule = config.schedule.map((phase) => ({ ...phase, epochs }));
  return { ...config, schedule, evaluateEvery: epochs * schedule.length };
}

/** Milliseconds per epoch of each phase, from the training seconds of two probes (k and 2k epochs per phase). */
function msPerEpochByPhase(config: RegressionConfig, label: string): number[] {
  const phases = config.schedule.length;
  // Per phase: probe with only that phase's epochs varying is not possible through fit; the phases of Fig. 3
  // (Adam, then L-BFGS) are told apart by probing the Adam phase alone, then both.
  const seconds = (c: RegressionConfig): number => {
    const h = runRegression(c, `${label} (probe)`).history;
    return h.seconds[h.seconds.length - 1];
  };
  if (phases === 1) return [(1000 * seconds(probeConfig(config, probeEpochs))) / probeEpochs];
  const first = { ...config, schedule: [config.schedule[0]] };
  const firstMs = (1000 * seconds(probeConfig(first, probeEpochs))) / probeEpochs;
  const bothMs = (1000 * seconds(probeConfig(config, probeEpochs))) / probeEpochs;
  return [firstMs, Math.max(0, bothMs - firstMs)];
}

/** The run's config with the seed taken out: runs equal up to the seed cost the same. */
const costClass = (run: RunRequest): string => JSON.stringify({ ...(run.config as RegressionConfig), seed: 0 });

const backend = await selectBackend();
console.log(`longCost: ${describeBackend(backend)}; ${os.availableParallelism()} cores, probes of ${probeEpochs} epochs per phase`);
const rows: TidyRow[] = [];
for (const [notebook, plan] of Object.entries(RUN_PLANS)) {
  const probed = new Map<string, number[]>();
  let total = 0;
  let runs = 0;
  for (const run of plan("long")) {
    const config = run.config as RegressionConfig;
    const key = costClass(run);
    if (!probed.has(key)) probed.set(key, msPerEpochByPhase(config, run.label));
    const ms = probed.get(key)!;
    const seconds = config.schedule.reduce((sum, phase, i) => sum + (ms[i] * phase.epochs) / 1000, 0);
    total += seconds;
    runs += 1;
    console.log(`${run.label}: ${ms.map((m) => m.toFixed(1)).join(" + ")} ms per epoch (${config.ensembleSize} member(s)) → ${(seconds / 3600).toFixed(2)} CPU-h`);
    rows.push({
      notebook, run: run.label, members: config.ensembleSize, "epochs per phase": config.schedule.map((p) => p.epochs).join(" + "),
      "ms per epoch per phase": ms.map((m) => m.toFixed(2)).join(" + "), "CPU-hours": Number((seconds / 3600).toFixed(3)),
    });
  }
  console.log(`${notebook}: ${runs} runs, ${(total / 3600).toFixed(2)} CPU-hours`);
  rows.push({ notebook, run: "total", members: "", "epochs per phase": "", "ms per epoch per phase": "", "CPU-hours": Number((total / 3600).toFixed(3)) });
}
const columns = ["notebook", "run", "members", "epochs per phase", "ms per epoch per phase", "CPU-hours"];
const files = writeTable("long-cost", rows, columns);
console.log(markdownTable(columns, rows.filter((r) => r.run === "total")));
console.log(`longCost: written to ${files.csv} and .md`);
