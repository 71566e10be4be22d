/**
 * make bench: the same fixed workloads (scripts/benchWorkloads.ts, scripts/bench_torch.py: one training step of the
 * Fig. 2 MLP with L2, H1 and H2, the Section 3.1 single node, the Section 3.3 conv autoencoder and the Section 3.4
 * diffusion U-Net with L2 and H1) on each engine, one process per engine and thread count, and a table of
 * milliseconds per step with the ratios ours/PyTorch, ours/plain WASM, cpu backend/ours and H1/L2, H2/L2 (the
 * median of paired ratios: each family's steps are timed in turn, round by round); written to
 * figures/bench.csv and .md. A benchmark, not a test: it prints measured numbers and asserts nothing about them
 * (except a warning when the two engines' U-Nets report different parameter counts).
 *
 * Engines: ours (WASM backend with the native kernel pack, OPENBLAS_NUM_THREADS threads), plain WASM
 * (SOBOLEV_NATIVE=0; single-threaded, so run once), the pure-JS cpu backend for the conv autoencoder only (its
 * steps take seconds; single-threaded, run once), and PyTorch CPU when Debian's python3-torch is installed.
 * Usage: node dist/scripts/bench.js [ROUNDS]
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { markdownTable, writeTable, type TidyRow } from "../lib/plot/index.js";
import { repoRoot } from "../lib/paths.js";

interface Measurement {
  workload: string;
  msPerStep: number;
  loss: number;
  /** The model's parameter count, where both engines report it (the U-Net): checked equal across engines. */
  parameters?: number;
  /** The median paired ratio to the family's L2 step, timed in turn with it (benchWorkloads.ts, measureFamily). */
  vsL2?: number;
}

/** Runs one engine in its own process and parses its JSON lines; null (with the reason printed) when it cannot run. */
function runEngine(label: string, command: string, args: string[], env: Record<string, string>): Measurement[] | null {
  process.stdout.write(`bench: ${label} ... `);
  const result = spawnSync(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 24 });
  if (result.status !== 0) {
    console.log(`failed (exit ${result.status}):\n${(result.stderr ?? "").slice(-2000)}`);
    return null;
  }
  // benchWorkloads.js prints describeBackend's line; tfjs may print its own banner after it (the cpu backend does).
  const backendLine = (result.stderr ?? "").split("\n").filter((l) => l.startsWith("TensorFlow.js backend")).pop() ?? "";
  console.log(backendLine.length > 0 && command !== PYTHON ? `done (${backendLine})` : "done");
  return result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Measurement);
}

/** Debian's interpreter, where python3-torch installs (a python3 earlier on PATH may be another one). */
const PYTHON = "/usr/bin/python3";

const torchVersion = (): string | null => {
  const probe = spawnSync(PYTHON, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8" });
  return probe.status === 0 ? probe.stdout.trim() : null;
};

const rounds = process.argv[2] ?? "15";
const CPU_BACKEND_WORKLOADS = "conv-autoencoder";
const cores = os.availableParallelism();
const threadCounts = [...new Set([1, cores])];
const workloadScript = path.join("dist", "scripts", "benchWorkloads.js");
const torch = torchVersion();
if (torch === null) console.log("bench: PyTorch is not installed (Debian package python3-torch): its column is skipped");

const plainWasm = runEngine("plain WASM (SOBOLEV_NATIVE=0, 1 thread)", "node", [workloadScript, rounds], { SOBOLEV_NATIVE: "0" });
// The pure-JS cpu backend only for the conv autoencoder, one round of 2 steps: a step takes ~30 s there.
const cpuBackend = runEngine(`tfjs cpu backend (TFJS_BACKEND=cpu), ${CPU_BACKEND_WORKLOADS} only`, "node", [workloadScript, "1", CPU_BACKEND_WORKLOADS, "2"], { TFJS_BACKEND: "cpu" });
const rows: TidyRow[] = [];
for (const threads of threadCounts) {
  const ours = runEngine(`ours, WASM + native pack, ${threads} thread(s)`, "node", [workloadScript, rounds], { OPENBLAS_NUM_THREADS: String(threads) });
  const reference = torch === null ? null : runEngine(`PyTorch ${torch} CPU, ${threads} thread(s)`, PYTHON, [path.join("scripts", "bench_torch.py"), String(threads), rounds], {});
  const ms = (engine: Measurement[] | null, workload: string): number | null => engine?.find((m) => m.workload === workload)?.msPerStep ?? null;
  const vsL2 = (engine: Measurement[] | null, workload: string): string => engine?.find((m) => m.workload === workload)?.vsL2?.toFixed(2) ?? "";
  const ratio = (a: number | null, b: number | null): string => (a === null || b === null ? "" : (a / b).toFixed(2));
  const workloads = (ours ?? plainWasm ?? []).map((m) => m.workload);
  // The twins must time the same network: a parameter-count mismatch means one side's architecture drifted.
  for (const m of ours ?? []) {
    const theirs = reference?.find((r) => r.workload === m.workload)?.parameters;
    if (m.parameters !== undefined && theirs !== undefined && theirs !== m.parameters) {
      console.log(`bench: WARNING ${m.workload} has ${m.parameters} parameters on our stack and ${theirs} in PyTorch; its ratios compare different networks`);
    }
  }
  for (const workload of workloads) {
    const ourMs = ms(ours, workload);
    const torchMs = ms(reference, workload);
    rows.push({
      workload,
      threads,
      "ours ms": ourMs?.toFixed(2) ?? "",
      "plain WASM ms": ms(plainWasm, workload)?.toFixed(2) ?? "",
      "PyTorch ms": torchMs?.toFixed(2) ?? "",
      "ours / PyTorch": ratio(ourMs, torchMs),
      "plain WASM / ours": ratio(ms(plainWasm, workload), ourMs),
      "cpu backend ms": ms(cpuBackend, workload)?.toFixed(1) ?? "",
      "cpu backend / ours": ratio(ms(cpuBackend, workload), ourMs),
      "cpu backend / plain WASM": ratio(ms(cpuBackend, workload), ms(plainWasm, workload)),
      "ours vs L2": vsL2(ours, workload),
      "PyTorch vs L2": vsL2(reference, workload),
    });
  }
}
const columns = [
  "workload", "threads", "ours ms", "plain WASM ms", "PyTorch ms", "ours / PyTorch", "plain WASM / ours",
  "cpu backend ms", "cpu backend / ours", "cpu backend / plain WASM", "ours vs L2", "PyTorch vs L2",
];
console.log(`\n${markdownTable(columns, rows)}\n`);
const files = writeTable("bench", rows, columns);
console.log(`bench: written to ${path.relative(repoRoot, files.csv)} and .md (${cores} cores on this machine)`);
