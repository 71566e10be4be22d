/**
 * make bench: the fixed workloads of scripts/benchWorkloadSet.ts (one training step of the Fig. 2 MLP with L2,
 * H1 and H2, the Section 3.1 single node, the Section 3.3 conv autoencoder and the Section 3.4 diffusion U-Net
 * with L2 and H1) on our engine and PyTorch, timed INTERLEAVED: our engine runs in this process and PyTorch in one
 * persistent worker (scripts/bench_torch.py, JSON lines), and each round times a block of our steps and then a
 * block of PyTorch's (the order alternating by round) for the same workload and thread count. The ratio
 * ours / PyTorch is the median over rounds of the per-round ratios, with its min–max, so the machine's drift
 * (other processes, the clock) cancels instead of landing in the ratio. Timed in separate processes at separate
 * moments, PyTorch's own MLP H1 step measured 5.22 ms in one run and 2.55 ms in another.
 *
 * Per workload also the multiply-adds of our step (scripts/benchFlops.ts: its matrix products and convolutions,
 * forward and reverse) and the achieved GFLOP/s of both engines at that count, against the machine's sgemm peak at
 * 1 thread and all cores (a 1024² product through our native pack's sgemm and through torch.mm). Then, in the
 * notebooks' own terms, the wall time each notebook recorded at its last execution (scripts/benchNotebooks.ts).
 * Secondary columns, not interleaved (their backends are chosen once per process, so they run in their own
 * processes first): plain WASM (SOBOLEV_NATIVE=0, single-threaded) and the pure-JS cpu backend (conv autoencoder
 * only; its steps take seconds). Writes figures/bench.csv (the step table) and .md (both tables).
 * A benchmark, not a test: it prints measured numbers and asserts nothing about them (except a warning when the
 * two engines' U-Nets report different parameter counts). Usage: node dist/scripts/bench.js [ROUNDS [PATTERN]]
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { describeBackend, selectBackend } from "../lib/backend/index.js";
import { loadedAddon, type NativeAddon } from "../lib/backend/nativeAddon.js";
import { writeFileAtomic } from "../lib/io/atomicWrite.js";
import { repoRoot } from "../lib/paths.js";
import { markdownTable, writeTable, type TidyRow } from "../lib/plot/index.js";
import { gflops, stepMultiplyAdds } from "./benchFlops.js";
import { notebookTimes, totalTime } from "./benchNotebooks.js";
import { nativeSgemmGflops } from "./benchPeak.js";
import { formatRatio, median, pairedRatio } from "./benchStats.js";
import { JsonLineWorker } from "./benchWorker.js";
import { BENCH_WORKLOADS, workloadFamily, type Workload } from "./benchWorkloadSet.js";

/** Debian's interpreter, where python3-torch installs (a python3 earlier on PATH may be another one). */
const PYTHON = "/usr/bin/python3";
const STEPS_PER_BLOCK = 10;
const WARM_UP_STEPS = 5;
/** The square sgemm of the peak: large enough for OpenBLAS's best kernel, small enough to take ~50 ms. */
const PEAK_N = 1024;

const rounds = Number(process.argv[2] ?? 15);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`bench: ROUNDS must be a positive integer, got ${process.argv[2]}`);
const pattern = new RegExp(process.argv[3] ?? ".");
const chosen = BENCH_WORKLOADS.filter(([name]) => pattern.test(name));
if (chosen.length === 0) throw new Error(`bench: no workload matches ${pattern}; the workloads are ${BENCH_WORKLOADS.map(([w]) => w).join(", ")}`);
const cores = os.availableParallelism();
const threadCounts = [...new Set([1, cores])];

interface Measurement {
  workload: string;
  msPerStep: number;
  loss: number;
  parameters?: number;
  vsL2?: number;
}

/** Runs benchWorkloads.js in its own process (a backend fixed at load); null, with the reason printed, when it fails. */
function runSeparately(label: string, args: string[], env: Record<string, string>): Measurement[] | null {
  process.stdout.write(`bench: ${label} ... `);
  const result = spawnSync("node", [path.join("dist", "scripts", "benchWorkloads.js"), ...args], { cwd: repoRoot, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 24 });
  if (result.status !== 0) {
    console.log(`failed (exit ${result.status}):\n${(result.stderr ?? "").slice(-2000)}`);
    return null;
  }
  const backendLine = (result.stderr ?? "").split("\n").filter((l) => l.startsWith("TensorFlow.js backend")).pop() ?? "";
  console.log(backendLine.length > 0 ? `done (${backendLine})` : "done");
  return result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Measurement);
}

/** The PyTorch worker and its version, or null with the reason when torch does not import. */
async function startTorch(): Promise<{ worker: JsonLineWorker; version: string; blasThreads: string } | null> {
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) {
    console.log("bench: PyTorch is not installed (Debian package python3-torch): its columns are skipped");
    return null;
  }
  const worker = new JsonLineWorker("the PyTorch worker (scripts/bench_torch.py)", PYTHON, [path.join("scripts", "bench_torch.py")], { cwd: repoRoot });
  const hello = await worker.receive();
  // Debian's torch reaches OpenBLAS through the generic BLAS interface: the worker sets OpenBLAS's threads itself.
  const pools = Number(hello.openblasPools ?? 0);
  if (pools === 0) console.log("bench: warning: the PyTorch worker found no OpenBLAS to set the threads of; its products may use more threads than a row says");
  const blasThreads = pools > 0 ? "its OpenBLAS threads and torch.set_num_threads set to each row's count" : "torch.set_num_threads set to each row's count (no OpenBLAS found to set)";
  return { worker, version: String(hello.torch), blasThreads };
}

const plainWasm = runSeparately("plain WASM (SOBOLEV_NATIVE=0, 1 thread)", [String(rounds), pattern.source], { SOBOLEV_NATIVE: "0" });
const cpuBackend = /conv-autoencoder/.test(chosen.map(([n]) => n).join(" "))
  ? runSeparately("tfjs cpu backend (TFJS_BACKEND=cpu), conv-autoencoder only", ["1", "conv-autoencoder", "2"], { TFJS_BACKEND: "cpu" })
  : null;

const report = await selectBackend();
console.log(`bench: ours: ${describeBackend(report)}`);
const addon = report.native.active ? loadedAddon() : null;
/**
 * Our step with one setting of the native pack switched away from its default, timed in the same rounds as ours
 * and PyTorch, so that every run of the bench checks each default against its alternative.
 */
interface Alternative {
  /** Column of its median time, and of its median paired ratio to ours. */
  column: string;
  ratioColumn: string;
  /** Whether it changes anything in this workload. */
  applies: (workload: string) => boolean;
  switchOn: (a: NativeAddon) => void;
  switchBack: (a: NativeAddon) => void;
}
const ALTERNATIVES: Array<Alternative & { available: boolean; note: string }> = [
  {
    // Products: oneDNN's sgemm by default where the pack has it (SOBOLEV_GEMM), OpenBLAS's the alternative.
    column: "ours, OpenBLAS products, ms", ratioColumn: "OpenBLAS / oneDNN products (min–max)", applies: () => true,
    switchOn: (a) => a.setGemmDnnl(false), switchBack: (a) => a.setGemmDnnl(true),
    available: addon !== null && report.native.gemm === "onednn",
    note: "ours, OpenBLAS products: our step with the native pack's larger products on OpenBLAS's sgemm (SOBOLEV_GEMM=openblas); OpenBLAS / oneDNN products: its median paired ratio to ours, which runs them on oneDNN's sgemm, the default where the pack has oneDNN.",
  },
  {
    // Convolutions: oneDNN's primitives by default where the pack has them (SOBOLEV_CONV), im2col + sgemm the alternative.
    column: "ours, im2col convolutions, ms", ratioColumn: "im2col / oneDNN convolutions (min–max)", applies: (w) => /conv|unet/.test(w),
    switchOn: (a) => a.setConvDnnl(false), switchBack: (a) => a.setConvDnnl(true),
    available: addon !== null && report.native.conv === "onednn",
    note: "ours, im2col convolutions: our step with the native pack's convolutions by im2col + sgemm (SOBOLEV_CONV=im2col), convolution workloads only; im2col / oneDNN convolutions: its median paired ratio to ours, which runs them on oneDNN's primitives, the default.",
  },
];
const alternatives = ALTERNATIVES.filter((a) => a.available);
if (addon === null) console.log("bench: the native pack is off: ours runs single-threaded whatever the thread count, and the sgemm peak is PyTorch's only");
const torch = await startTorch();

// The sgemm peaks first, on a machine not yet warm from the steps.
const peaks = new Map<number, { ours: number | null; torch: number | null }>();
for (const threads of threadCounts) {
  const ours = addon === null ? null : nativeSgemmGflops(addon, PEAK_N, threads);
  const theirs = torch === null ? null : Number((await torch.worker.request({ sgemm: PEAK_N, threads, repeats: 5 })).gflops);
  peaks.set(threads, { ours, torch: theirs });
  console.log(`bench: sgemm ${PEAK_N}² at ${threads} thread(s): ours (${report.native.gemm === "onednn" ? "oneDNN" : "OpenBLAS"}) ${ours?.toFixed(1) ?? "-"} GFLOP/s, torch.mm ${theirs?.toFixed(1) ?? "-"} GFLOP/s`);
}

// Build every workload once (its optimiser state goes on across thread counts, as in the worker) and count its
// multiply-adds by profiling one step, which also warms it up.
const built: Array<Workload & { name: string; multiplyAdds: number }> = [];
for (const [name, build] of chosen) {
  const workload = build();
  const count = await stepMultiplyAdds(workload.step);
  if (count.uncounted.length > 0) console.log(`bench: WARNING ${name} runs product kernels the count skips: ${count.uncounted.join(", ")}`);
  built.push({ name, ...workload, multiplyAdds: count.multiplyAdds });
}

/** 3 significant digits, without exponent for the sizes here (the single node's step is 0.00192 MMAC). */
const significant = (v: number, digits = 3): string => (v >= 10 ** digits ? v.toFixed(0) : String(Number(v.toPrecision(digits))));

const timeOurs = (step: () => number, steps: number): { ms: number; loss: number } => {
  let loss = Number.NaN;
  const started = performance.now();
  for (let i = 0; i < steps; i++) loss = step();
  return { ms: (performance.now() - started) / steps, loss };
};

// Every round times every workload at every thread count, so that the 2-thread / 1-thread ratio of a workload is
// paired as well: the "no slower at 2 threads" check of the thread policy sees the same machine at both counts.
const byThreads = threadCounts.map(() => ({
  ours: built.map((): number[] => []),
  theirs: built.map((): number[] => []),
  alternativeTimes: alternatives.map(() => built.map((): number[] => [])),
  losses: built.map(() => ({ ours: Number.NaN, torch: Number.NaN })),
  torchParameters: built.map((): number | undefined => undefined),
}));
process.stdout.write(`bench: ${rounds} rounds of ${STEPS_PER_BLOCK} steps per engine, workload and thread count (${threadCounts.join(" and ")}) ...`);
for (const threads of threadCounts) {
  addon?.setThreads(threads);
  for (const w of built) timeOurs(w.step, WARM_UP_STEPS);
}
for (let r = 0; r < rounds; r++) {
  for (const [k, w] of built.entries()) {
    for (const [t, threads] of threadCounts.entries()) {
      const at = byThreads[t];
      addon?.setThreads(threads);
      const runOurs = (): void => {
        const timed = timeOurs(w.step, STEPS_PER_BLOCK);
        at.ours[k].push(timed.ms);
        at.losses[k].ours = timed.loss;
      };
      const runTorch = async (): Promise<void> => {
        if (torch === null) return;
        const reply = await torch.worker.request({ workload: w.name, threads, steps: STEPS_PER_BLOCK, warmup: r === 0 ? WARM_UP_STEPS : 0 });
        at.theirs[k].push(Number(reply.msPerStep));
        at.losses[k].torch = Number(reply.loss);
        if (typeof reply.parameters === "number") at.torchParameters[k] = reply.parameters;
      };
      const runAlternatives = alternatives.map((alternative, j) => (): void => {
        if (addon === null || !alternative.applies(w.name)) return;
        alternative.switchOn(addon);
        try {
          at.alternativeTimes[j][k].push(timeOurs(w.step, STEPS_PER_BLOCK).ms);
        } finally {
          alternative.switchBack(addon);
        }
      });
      // Rotate who goes first, so that no engine always runs right after another's busy threads.
      const order = [runOurs, runTorch, ...runAlternatives];
      for (let i = 0; i < order.length; i++) await order[(i + r) % order.length]();
    }
  }
}
console.log(" done");

const rows: TidyRow[] = [];
// The issue's targets, from the unrounded medians: ours / PyTorch ≤ 1 on every row, no workload slower with more threads.
const slowerThanTorch: string[] = [];
const slowerWithThreads: string[] = [];
let torchRows = 0;
for (const [t, threads] of threadCounts.entries()) {
  const { ours, theirs, alternativeTimes, losses, torchParameters } = byThreads[t];
  for (const [k, w] of built.entries()) {
    if (!Number.isFinite(losses[k].ours)) throw new Error(`bench: the loss of ${w.name} became ${losses[k].ours} on our stack`);
    if (w.parameters !== undefined && torchParameters[k] !== undefined && w.parameters !== torchParameters[k]) {
      console.log(`bench: WARNING ${w.name} has ${w.parameters} parameters on our stack and ${torchParameters[k]} in PyTorch; its ratios compare different networks`);
    }
    const l2 = built.findIndex((v) => workloadFamily(v.name) === workloadFamily(w.name) && v.name.endsWith("-L2"));
    const separate = (engine: Measurement[] | null): number | undefined => engine?.find((m) => m.workload === w.name)?.msPerStep;
    const ourMs = median(ours[k]);
    const torchMs = theirs[k].length > 0 ? median(theirs[k]) : undefined;
    const vsTorch = torchMs === undefined ? undefined : pairedRatio(ours[k], theirs[k]);
    const vsOneThread = t === 0 ? undefined : pairedRatio(ours[k], byThreads[0].ours[k]);
    if (vsTorch !== undefined) torchRows++;
    if (vsTorch !== undefined && vsTorch.median > 1) slowerThanTorch.push(`${w.name} at ${threads} thread${threads === 1 ? "" : "s"} (${vsTorch.median.toFixed(2)})`);
    if (vsOneThread !== undefined && vsOneThread.median > 1) slowerWithThreads.push(`${w.name} (${vsOneThread.median.toFixed(2)})`);
    const peak = peaks.get(threads)?.ours ?? null;
    const fixed = (v: number | undefined, digits = 2): string => (v === undefined ? "" : v.toFixed(digits));
    const plainMs = separate(plainWasm);
    const cpuMs = separate(cpuBackend);
    rows.push({
      workload: w.name,
      threads,
      "MMAC/step": significant(w.multiplyAdds / 1e6),
      "ours ms": ourMs.toFixed(2),
      "PyTorch ms": fixed(torchMs),
      "ours / PyTorch": fixed(vsTorch?.median),
      "ours / PyTorch (min–max)": vsTorch === undefined ? "" : formatRatio(vsTorch),
      "ours / ours at 1 thread (min–max)": vsOneThread === undefined ? "" : formatRatio(vsOneThread),
      "ours GFLOP/s": significant(gflops(w.multiplyAdds, ourMs)),
      "PyTorch GFLOP/s": torchMs === undefined ? "" : significant(gflops(w.multiplyAdds, torchMs)),
      "ours % of sgemm peak": peak === null ? "" : significant((100 * gflops(w.multiplyAdds, ourMs)) / peak, 2),
      "plain WASM ms": fixed(plainMs),
      "plain WASM / ours": plainMs === undefined ? "" : (plainMs / ourMs).toFixed(2),
      "cpu backend ms": fixed(cpuMs, 1),
      "cpu backend / ours": cpuMs === undefined ? "" : (cpuMs / ourMs).toFixed(2),
      ...Object.fromEntries(
        alternatives.flatMap((alternative, j) => {
          const times = alternativeTimes[j][k];
          return times.length === 0 ? [] : [[alternative.column, median(times).toFixed(2)], [alternative.ratioColumn, formatRatio(pairedRatio(times, ours[k]))]];
        }),
      ),
      "ours vs L2": l2 < 0 ? "" : pairedRatio(ours[k], ours[l2]).median.toFixed(2),
      "PyTorch vs L2": l2 < 0 || torchMs === undefined ? "" : pairedRatio(theirs[k], theirs[l2]).median.toFixed(2),
    });
  }
}
await torch?.worker.close();

for (const threads of threadCounts) {
  const peak = peaks.get(threads);
  rows.push({
    workload: `sgemm ${PEAK_N}² (peak)`,
    threads,
    "MMAC/step": (PEAK_N ** 3 / 1e6).toFixed(1),
    "ours GFLOP/s": peak?.ours?.toFixed(1) ?? "",
    "PyTorch GFLOP/s": peak?.torch?.toFixed(1) ?? "",
    "ours % of sgemm peak": peak?.ours == null ? "" : "100",
  });
}

const columns = [
  "workload", "threads", "MMAC/step", "ours ms", "PyTorch ms", "ours / PyTorch", "ours / PyTorch (min–max)", "ours / ours at 1 thread (min–max)", "ours GFLOP/s",
  "PyTorch GFLOP/s", "ours % of sgemm peak", "plain WASM ms", "plain WASM / ours", "cpu backend ms", "cpu backend / ours",
  ...ALTERNATIVES.flatMap((a) => [a.column, a.ratioColumn]), "ours vs L2", "PyTorch vs L2",
];
const peakLine = threadCounts.map((t) => `${t} thread${t === 1 ? "" : "s"}: ours ${peaks.get(t)?.ours?.toFixed(1) ?? "-"}, torch.mm ${peaks.get(t)?.torch?.toFixed(1) ?? "-"} GFLOP/s`).join("; ");
const listed = (names: string[]): string => (names.length === 0 ? "none" : names.join(", "));
const targetLine =
  `Against the targets: ours / PyTorch above 1 on ${slowerThanTorch.length} of ${torchRows} rows: ${listed(slowerThanTorch)}. ` +
  (threadCounts.length > 1 ? `Ours slower at ${cores} threads than at 1 (median paired ratio above 1) on ${slowerWithThreads.length} of ${built.length} workloads: ${listed(slowerWithThreads)}.` : "One core: no thread-count comparison.");
const notes = [
  targetLine,
  `Measured on ${cores} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), ${rounds} rounds of ${STEPS_PER_BLOCK} steps per engine, workload and thread count; ours: ${describeBackend(report)}, its OpenBLAS threads set to each row's count (setThreads) in this one process; PyTorch ${torch === null ? "not installed" : `${torch.version}, ${torch.blasThreads}`}.`,
  `sgemm peak (${PEAK_N}² float32, best of 5): ${peakLine}.`,
  "ours / PyTorch: median over rounds of the paired ratio (each round times a block of our steps and a block of PyTorch's, same workload and threads, in alternating order), with its min–max. ours ms and PyTorch ms: medians over rounds. ours / ours at 1 thread: the same paired ratio between the thread counts (each round times every workload at every count), the check that no workload runs slower for being given more threads.",
  "MMAC/step: the multiply-adds of the matrix products and 2-D convolutions our step executes (forward, loss and reverse pass; scripts/benchFlops.ts). GFLOP/s = 2 · MMAC over the step time, for PyTorch too: the rate at which it does our step's work (its double backpropagation runs other products).",
  "plain WASM and cpu backend: timed in their own processes before the interleaved rounds, so their ratios to ours are not paired. vs L2: median paired ratio to the family's L2 step on the same engine.",
  "The alternatives below are timed in the same rounds as ours and PyTorch, all engines in rotating order.",
  ...ALTERNATIVES.map((a) => (a.available ? a.note : `${a.column.replace(/, ms$/, "")}: not timed (the native pack is off, was built without oneDNN, or runs so already).`)),
];
const times = notebookTimes(path.join(repoRoot, "notebooks"));
const total = totalTime(times);
const notebookRows: TidyRow[] = [
  ...times.map((t) => ({ notebook: t.notebook, "compute seconds": t.computeSeconds?.toFixed(1) ?? "not recorded", "last execution seconds": t.seconds?.toFixed(1) ?? "not recorded" })),
  { notebook: "total", "compute seconds": total.computeSeconds.toFixed(1), "last execution seconds": total.seconds.toFixed(1) },
];
const notebookNote =
  "compute seconds: the wall time of the notebook's last execution by make figures that computed its runs (metadata.companion.computeSeconds " +
  "in notebooks/<name>.ipynb), what FORCE=1 make figures costs it, in the profile it ran in, with the other notebooks running beside it (JOBS); " +
  "last execution seconds: the wall time of its last execution, mostly loading and plotting when its runs were read from the run cache. " +
  `Recorded by scripts/run_notebooks.py, not measured by this bench. ${total.missing} of ${times.length} notebooks carry no compute time: the total leaves them out.`;
const notebookColumns = ["notebook", "compute seconds", "last execution seconds"];

// The markdown file carries both tables and their notes; the CSV the step table only (the notebook times are
// read from the notebooks, not measured here).
const markdown = [
  markdownTable(columns, rows),
  ...notes.map((n) => `${n}\n`),
  "## The notebooks' recorded wall times\n",
  markdownTable(notebookColumns, notebookRows),
  `${notebookNote}\n`,
].join("\n");
console.log(`\n${markdown}`);
const files = writeTable("bench", rows, columns);
writeFileAtomic(files.md, markdown);
console.log(`bench: written to ${path.relative(repoRoot, files.csv)} and .md`);
