/**
 * The benchmark workloads (scripts/benchWorkloadSet.ts) timed in one process on whatever backend the environment
 * selects: make bench runs it for the plain WASM backend (SOBOLEV_NATIVE=0) and the pure-JS cpu backend, whose
 * kernels are chosen once per process; our own engine is timed inside scripts/bench.ts, interleaved with PyTorch.
 * The workloads of one family (the Fig. 2 MLP, the conv autoencoder, the U-Net) are timed in turn, round by round
 * (measureFamily). Prints the backend line on stderr and one JSON object per workload on stdout:
 * {workload, msPerStep, loss, vsL2 (the median paired ratio to the family's L2 step)}, plus {parameters} for the U-Net.
 * Usage: node dist/scripts/benchWorkloads.js ROUNDS [PATTERN [STEPS]]: PATTERN (a regular expression) keeps only
 * the workloads whose names match it, e.g. "fig2" or "conv|unet"; STEPS is the steps per round (default 10).
 */
import { describeBackend, selectBackend } from "../lib/backend/index.js";
import { median } from "./benchStats.js";
import { BENCH_WORKLOADS, workloadFamily, type Workload } from "./benchWorkloadSet.js";

/** Steps per timed round (the 4th argument; the cpu backend's conv steps take ~30 s, so make bench gives it 2). */
const STEPS_PER_ROUND = Number(process.argv[4] ?? 10);
const WARM_UP_STEPS = Math.min(5, STEPS_PER_ROUND);

interface Timed {
  workload: string;
  msPerStep: number;
  loss: number;
  /** Median over rounds of this round's time over the L2 twin's in the same round; only in a family with an L2. */
  vsL2?: number;
}

/**
 * Times the steps of one family round by round in turn (L2, H1, H2, L2, H1, ...), so that a change of the
 * machine's speed during the run (another process, the clock) touches every member alike: the median
 * milliseconds per step of each, and its median paired ratio to the L2 twin. Timed one after the other,
 * H1/L2 of the Fig. 2 MLP scattered from 1.3 to 2.1 between runs on a machine that looked idle.
 */
function measureFamily(members: ReadonlyArray<[string, () => number]>, rounds: number): Timed[] {
  for (const [, step] of members) for (let i = 0; i < WARM_UP_STEPS; i++) step();
  const times = members.map((): number[] => []);
  const losses = members.map(() => Number.NaN);
  for (let r = 0; r < rounds; r++) {
    members.forEach(([, step], k) => {
      const started = performance.now();
      for (let i = 0; i < STEPS_PER_ROUND; i++) losses[k] = step();
      times[k].push((performance.now() - started) / STEPS_PER_ROUND);
    });
  }
  const l2 = members.findIndex(([workload]) => workload.endsWith("-L2"));
  return members.map(([workload], k) => {
    if (!Number.isFinite(losses[k])) throw new Error(`benchWorkloads: the loss of ${workload} became ${losses[k]}`);
    const vsL2 = l2 < 0 ? undefined : median(times[k].map((t, r) => t / times[l2][r]));
    return { workload, msPerStep: median(times[k]), loss: losses[k], ...(vsL2 === undefined ? {} : { vsL2 }) };
  });
}

const rounds = Number(process.argv[2] ?? 15);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`benchWorkloads: ROUNDS must be a positive integer, got ${process.argv[2]}`);
if (!Number.isInteger(STEPS_PER_ROUND) || STEPS_PER_ROUND < 1) throw new Error(`benchWorkloads: STEPS must be a positive integer, got ${process.argv[4]}`);
const report = await selectBackend();
console.error(describeBackend(report));
const pattern = new RegExp(process.argv[3] ?? ".");
const chosen = BENCH_WORKLOADS.filter(([workload]) => pattern.test(workload));
if (chosen.length === 0) throw new Error(`benchWorkloads: no workload matches ${pattern}; the workloads are ${BENCH_WORKLOADS.map(([w]) => w).join(", ")}`);
const families = [...new Set(chosen.map(([workload]) => workloadFamily(workload)))];
for (const family of families) {
  const built = chosen.filter(([workload]) => workloadFamily(workload) === family).map(([workload, build]): [string, Workload] => [workload, build()]);
  const timed = measureFamily(built.map(([workload, { step }]) => [workload, step]), rounds);
  for (const [k, result] of timed.entries()) {
    const parameters = built[k][1].parameters;
    console.log(JSON.stringify({ ...result, ...(parameters === undefined ? {} : { parameters }) }));
  }
}
