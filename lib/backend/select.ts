/**
 * Chooses the TensorFlow.js backend once per process, and reports what it chose and why.
 *
 * Order of preference: @tensorflow/tfjs-node-gpu (TensorFlow C library with CUDA), @tensorflow/tfjs-node
 * (TensorFlow C library on the CPU), WASM (@tensorflow/tfjs-backend-wasm, XNNPACK), then the pure
 * JavaScript cpu backend. The first two are optional dependencies whose install downloads libtensorflow;
 * where that failed they are absent and we move on (DESIGN.md, "Facts measured on this machine"). The
 * environment variable TFJS_BACKEND = node-gpu | node | wasm | cpu forces one; a forced backend that
 * cannot load is an error, never a silent fallback. On WASM, the native kernel pack (nativeKernels.ts)
 * replaces the hottest kernels when it is built and SOBOLEV_NATIVE is not 0. The report is a plain
 * object, stored with every run.
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { BackendSettingError, blasThreads, convChoice, gemmChoice, nativePackAllowed } from "./nativeAddon.js";
import { describeNativePack, enableNativeKernels, NATIVE_NOT_APPLICABLE, type NativePackReport } from "./nativeKernels.js";
import { kernelsMissingOnWasm, registerMissingWasmKernels, replaceSlowWasmKernels } from "./wasmKernels.js";
import { fixCpuKernels } from "./cpuKernels.js";

/** The values TFJS_BACKEND accepts, in the order automatic selection tries them. */
export const BACKEND_CHOICES = ["node-gpu", "node", "wasm", "cpu"] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** One backend selection tried, and why it failed (or "loaded"). */
export interface BackendAttempt {
  backend: BackendChoice;
  ok: boolean;
  reason: string;
}

/** What `selectBackend` chose; plain and serialisable (JSON.stringify keeps everything). */
export interface BackendReport {
  /** Which of BACKEND_CHOICES was chosen. */
  choice: BackendChoice;
  /** The tfjs backend name, `tf.getBackend()`: "tensorflow", "wasm" or "cpu". */
  name: string;
  /** The npm package that provides it, and its installed version. */
  package: string;
  version: string;
  /** True when TFJS_BACKEND chose it. */
  forced: boolean;
  /** WASM: simd, threads, binary. tensorflow: gpuPackage, usingGpuDevice. */
  detail: Record<string, string | number | boolean>;
  /** Kernels we registered for this backend (WASM only; see wasmKernels.ts). */
  kernelsRegistered: string[];
  /** The backend's own kernels we replaced by faster ones (WASM only; see wasmKernels.ts). */
  kernelsReplaced: string[];
  /** Kernels the cpu backend has and this backend still lacks (WASM only). */
  kernelsMissing: string[];
  /** Whether the native kernel pack is active (WASM only), and if not, why. */
  native: NativePackReport;
  /** Every backend tried, in order, ending with the chosen one. */
  tried: BackendAttempt[];
}

type Loaded = Omit<BackendReport, "choice" | "forced" | "tried">;

const require = createRequire(import.meta.url);
const PACKAGES: Record<BackendChoice, string> = {
  "node-gpu": "@tensorflow/tfjs-node-gpu",
  node: "@tensorflow/tfjs-node",
  wasm: "@tensorflow/tfjs-backend-wasm",
  cpu: "@tensorflow/tfjs-backend-cpu",
};

function packageVersion(pkg: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
}

/** Why `import(pkg)` failed, in words: absent, or present but broken (first line of the error). */
function unavailableReason(pkg: string, err: unknown): string {
  const e = err as { code?: string; message?: string };
  const first = String(e?.message ?? err).split("\n")[0];
  if (e?.code === "ERR_MODULE_NOT_FOUND" && first.includes(pkg)) return `${pkg} is not installed`;
  return `${pkg} failed to load: ${first}`;
}

/** `tf.setBackend` only warns when a backend fails to initialise; keep the warnings as the reason. */
async function setBackendOrThrow(name: string): Promise<void> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(" "));
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } finally {
    console.warn = warn;
  }
  if (!ok) throw new Error(`tf.setBackend('${name}') failed: ${warnings.join(" ").split("\n")[0] || "no reason given"}`);
}

const SECOND_COPY = (pkg: string) =>
  `${pkg} registered its backend with another copy of @tensorflow/tfjs-core than @tensorflow/tfjs ${tf.version.tfjs} uses; align their versions and run npm dedupe`;

async function loadNative(choice: "node-gpu" | "node"): Promise<Loaded> {
  const pkg = PACKAGES[choice];
  try {
    await import(pkg);
  } catch (err) {
    throw new Error(unavailableReason(pkg, err));
  }
  if (tf.findBackendFactory("tensorflow") == null) throw new Error(SECOND_COPY(pkg));
  await setBackendOrThrow("tensorflow");
  // NodeJSKernelBackend exposes what its TensorFlow session placed ops on (tfjs-node src/nodejs_kernel_backend.ts).
  const be = tf.backend() as { isUsingGpuDevice?: boolean };
  const usingGpuDevice = typeof be.isUsingGpuDevice === "boolean" ? be.isUsingGpuDevice : "unknown";
  return { name: "tensorflow", package: pkg, version: packageVersion(pkg), detail: { gpuPackage: choice === "node-gpu", usingGpuDevice }, kernelsRegistered: [], kernelsReplaced: [], kernelsMissing: [], native: NATIVE_NOT_APPLICABLE };
}

async function loadWasm(): Promise<Loaded> {
  const pkg = PACKAGES.wasm;
  let wasm: typeof import("@tensorflow/tfjs-backend-wasm");
  try {
    wasm = await import("@tensorflow/tfjs-backend-wasm");
  } catch (err) {
    throw new Error(unavailableReason(pkg, err));
  }
  if (tf.findBackendFactory("wasm") == null) throw new Error(SECOND_COPY(pkg));
  // In Node the .wasm binaries are read from disk, next to the package's main file (no network).
  const folder = path.dirname(require.resolve(pkg)) + path.sep;
  if (!existsSync(path.join(folder, "tfjs-backend-wasm.wasm"))) throw new Error(`${pkg}: no tfjs-backend-wasm.wasm in ${folder}; reinstall it (npm ci)`);
  wasm.setWasmPaths(folder);
  await setBackendOrThrow("wasm");
  const simd = (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true;
  const multithread = (await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT")) === true;
  const binary = simd && multithread ? "tfjs-backend-wasm-threaded-simd.wasm" : simd ? "tfjs-backend-wasm-simd.wasm" : "tfjs-backend-wasm.wasm";
  const kernelsReplaced = replaceSlowWasmKernels();
  const kernelsRegistered = registerMissingWasmKernels();
  const native = enableNativeKernels({ tfjsCore: tf.version["tfjs-core"], tfjsBackendWasm: wasm.version_wasm });
  // tfjs-backend-wasm turns threads off in Node (flags_wasm.ts, tfjs issue 3830): expect threads = 1.
  const detail = { simd, threads: wasm.getThreadsCount(), binary };
  return { name: "wasm", package: pkg, version: wasm.version_wasm, detail, kernelsRegistered, kernelsReplaced, kernelsMissing: kernelsMissingOnWasm(), native };
}

async function loadCpu(): Promise<Loaded> {
  await setBackendOrThrow("cpu");
  return { name: "cpu", package: PACKAGES.cpu, version: tf.version["tfjs-backend-cpu"], detail: { javascript: true }, kernelsRegistered: [], kernelsReplaced: [], kernelsMissing: [], native: NATIVE_NOT_APPLICABLE };
}

const LOADERS: Record<BackendChoice, () => Promise<Loaded>> = {
  "node-gpu": () => loadNative("node-gpu"),
  node: () => loadNative("node"),
  wasm: loadWasm,
  cpu: loadCpu,
};

const FIX: Record<BackendChoice, string> = {
  "node-gpu": `install it (npm install ${PACKAGES["node-gpu"]}@${tf.version.tfjs}; its install downloads libtensorflow, and it needs CUDA 11.2 and cuDNN 8.1)`,
  node: `install it (npm install ${PACKAGES.node}@${tf.version.tfjs}; its install downloads libtensorflow, so it needs internet access)`,
  wasm: `reinstall it (npm ci)`,
  cpu: `reinstall @tensorflow/tfjs (npm ci)`,
};

/**
 * Checks every backend setting a user types before any backend is tried. The automatic loop below reads any
 * error of a loader as "this backend is unavailable" and moves on, so an invalid SOBOLEV_NATIVE or
 * OPENBLAS_NUM_THREADS, met inside the WASM loader, used to fall back silently to the cpu backend (300x
 * slower, and cached under cpu). Fallback is for a backend that is not installed, never for a typo.
 */
function checkBackendSettings(requested: string): void {
  if (requested !== "" && !(BACKEND_CHOICES as readonly string[]).includes(requested)) {
    throw new Error(`TFJS_BACKEND="${requested}" is not a backend; valid values: ${BACKEND_CHOICES.join(", ")} (or leave it unset to choose automatically)`);
  }
  nativePackAllowed();
  blasThreads();
  gemmChoice();
  convChoice();
}

async function choose(): Promise<BackendReport> {
  const requested = process.env.TFJS_BACKEND?.trim() ?? "";
  checkBackendSettings(requested);
  if (requested !== "") {
    const choice = requested as BackendChoice;
    try {
      const loaded = await LOADERS[choice]();
      return { choice, forced: true, ...loaded, tried: [{ backend: choice, ok: true, reason: "loaded" }] };
    } catch (err) {
      if (err instanceof BackendSettingError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`TFJS_BACKEND=${choice}: ${reason}. Fix: ${FIX[choice]}, or unset TFJS_BACKEND to choose automatically.`);
    }
  }
  const tried: BackendAttempt[] = [];
  for (const choice of BACKEND_CHOICES) {
    try {
      const loaded = await LOADERS[choice]();
      tried.push({ backend: choice, ok: true, reason: "loaded" });
      return { choice, forced: false, ...loaded, tried };
    } catch (err) {
      if (err instanceof BackendSettingError) throw err;
      tried.push({ backend: choice, ok: false, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new Error(`no TensorFlow.js backend could be loaded: ${tried.map((t) => `${t.backend}: ${t.reason}`).join("; ")}`);
}

let selection: Promise<BackendReport> | undefined;
let chosen: BackendReport | undefined;

/**
 * Chooses the backend (first call) and returns its report; later calls return the same report, or the
 * same error. Everything that computes awaits this first.
 */
export function selectBackend(): Promise<BackendReport> {
  // The cpu backend is always there (the fallback, and the reference of the kernel tests): correct it first.
  fixCpuKernels();
  selection ??= choose().then((report) => (chosen = report));
  return selection;
}

/** The report of the finished selection; throws if `selectBackend()` has not completed. */
export function currentBackend(): BackendReport {
  if (chosen === undefined) throw new Error("currentBackend: no backend selected yet; await selectBackend() first");
  return chosen;
}

/**
 * One line for the top of a notebook, e.g. "TensorFlow.js backend: wasm [wasm] (@tensorflow/tfjs-backend-wasm
 * 4.22.0; simd yes; threads 1; ...; native kernels on (products on OpenBLAS, 2 threads from ...); chosen automatically)".
 */
export function describeBackend(r: BackendReport): string {
  const detail = Object.entries(r.detail).map(([k, v]) => `${k} ${v === true ? "yes" : v === false ? "no" : v}`);
  const native = r.name === "wasm" ? [describeNativePack(r.native)] : [];
  const parts = [`${r.package} ${r.version}`, ...detail, ...native, r.forced ? "forced by TFJS_BACKEND" : "chosen automatically"];
  return `TensorFlow.js backend: ${r.name} [${r.choice}] (${parts.join("; ")})`;
}

/** The rest of the report, one indented line per item: kernels we added or replaced, kernels still missing, and
 * the backends that could not be used, with why. */
export function describeBackendDetails(r: BackendReport): string[] {
  const lines: string[] = [];
  if (r.kernelsRegistered.length > 0) lines.push(`  kernels added: ${r.kernelsRegistered.join(", ")}`);
  if (r.kernelsReplaced.length > 0) lines.push(`  kernels replaced by faster ones: ${r.kernelsReplaced.join(", ")}`);
  if (r.native.active) lines.push(`  native kernels (${r.native.blas}): ${r.native.kernels.join(", ")}`);
  if (r.kernelsMissing.length > 0) lines.push(`  kernels still missing on this backend: ${r.kernelsMissing.join(", ")}`);
  for (const t of r.tried.filter((attempt) => !attempt.ok)) lines.push(`  unavailable: ${t.backend}: ${t.reason}`);
  return lines;
}
