/**
 * Loaded into the tslab kernel before tslab itself: scripts/run_notebooks.py starts the kernel with
 * `--import <this file>` in NODE_OPTIONS. Two guards:
 *
 * 1. The kernel dies with the runner. jupyter_client starts a kernel in a session of its own, so killing
 *    `make figures` (its process group, or the runner by SIGKILL) left the kernel running with parent 1: it
 *    finished its cell and wrote cache entries and figures after the runner was gone. A worker thread watches
 *    the parent's process id and kills the kernel as soon as it changes (the runner died and the kernel was
 *    re-parented). A worker, because the kernel's own thread may be inside a long synchronous computation that
 *    would hold a timer back. Chromium follows the kernel (lib/plot/browser.ts).
 *
 * 2. A promise no cell awaited that rejects, or an exception thrown outside any cell (a timer), stops the
 *    kernel with a report. tslab only logs them, where no cell shows it, so the notebook passed; once
 *    tfjs-backend-wasm is loaded its own handler rethrows them instead, killing the kernel, and the runner
 *    blamed whichever cell it had started next. The report (the file COMPANION_KERNEL_REPORT names) holds the
 *    error and how many cells the kernel had started, and the runner names the cell that was running then
 *    (a time would not do: tslab may send a cell's reply, and the runner start the next cell, before Node
 *    reports the rejection). This listener is registered before tslab's and tfjs's, so it runs first.
 */
import { writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";

/** The watchdog, as CommonJS source for an eval'd worker: poll the parent id every WATCH_MS milliseconds. */
const WATCHDOG = `
const { workerData } = require("node:worker_threads");
setInterval(() => {
  if (process.ppid !== workerData.parent) process.kill(process.pid, "SIGKILL");
}, workerData.everyMs);
`;
const WATCH_MS = 200;

function watchParent(): void {
  const worker = new Worker(WATCHDOG, { eval: true, workerData: { parent: process.ppid, everyMs: WATCH_MS } });
  worker.unref(); // the watchdog alone never keeps the kernel alive
}

/**
 * Counts the cells the kernel has started. tslab points process.stdout.write at the running cell's output at
 * the start of every execution (tslab/dist/jupyter.js, handleExecuteImpl); counting those assignments numbers
 * the executions as the runner numbers the cells it sends.
 */
function countExecutions(): () => number {
  let executions = 0;
  let write = process.stdout.write;
  Object.defineProperty(process.stdout, "write", {
    configurable: true,
    get: () => write,
    set: (next: typeof write) => {
      write = next;
      executions += 1;
    },
  });
  return () => executions;
}

/** What the runner reads when the kernel stopped on an error no cell caught. */
export interface KernelReport {
  kind: "unhandled rejection" | "uncaught exception";
  error: string;
  /** How many cells the kernel had started: the n-th cell the runner sent was running, or had just run. */
  execution: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : `a non-Error value: ${String(error)}`;
}

function stopOn(kind: KernelReport["kind"], executions: () => number): (error: unknown) => void {
  return (error) => {
    const report: KernelReport = { kind, error: describe(error), execution: executions() };
    const file = process.env.COMPANION_KERNEL_REPORT;
    if (file) writeFileSync(file, JSON.stringify(report));
    process.exit(70); // EX_SOFTWARE; exit handlers still run, so playwright closes Chromium
  };
}

/** Our `--import` must not reach the processes the kernel starts: NODE_OPTIONS is inherited. */
function forgetPreload(): void {
  const options = process.env.NODE_OPTIONS;
  if (options === undefined) return;
  const rest = options.replace(/--import=\S*kernelGuard\.js\S*/, "").trim();
  if (rest === "") delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = rest;
}

watchParent();
const executions = countExecutions();
process.on("unhandledRejection", stopOn("unhandled rejection", executions));
process.on("uncaughtException", stopOn("uncaught exception", executions));
forgetPreload();
