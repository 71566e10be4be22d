/**
 * Loading the native kernel pack (native/: a C++ N-API addon over OpenBLAS and glibc's libmvec), and
 * deciding whether it may be used.
 *
 * The pack is optional. It is off, with the reason kept for the backend report, when SOBOLEV_NATIVE=0,
 * when the addon was not built (scripts/buildNative.sh warns and moves on where g++ or OpenBLAS is
 * missing), when it fails to load, or when the installed tfjs is not the version its kernels were
 * written against: they read tfjs-backend-wasm's private memory layout and re-implement kernels of
 * tfjs-core 4.22's registry, so another version could silently compute something else.
 * SOBOLEV_NATIVE_ADDON=<file> loads the addon from another path (the tests point it at a missing file).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { repoRoot } from "../paths.js";

/** The versions of @tensorflow/tfjs-core and @tensorflow/tfjs-backend-wasm the pack was written against. */
export const NATIVE_PACK_TFJS_VERSION = "4.22.0";

/** Where scripts/buildNative.sh (node-gyp) puts the addon. */
export const DEFAULT_ADDON_PATH = path.join(repoRoot, "native", "build", "Release", "sobolev_native.node");

/** What the addon exports (native/src/addon.cc). Offsets and sizes count floats; `heap` is the WASM memory. */
export interface NativeAddon {
  /** C[b] = op(A[b]) op(B[b]), offsets = [a0, b0, a1, b1, ...] (in floats), C contiguous at `out`. */
  matMul(heap: ArrayBuffer, offsets: Float64Array, batch: number, out: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean): void;
  /** In place on [batch, m, n]: + bias (offset, or −1), then the activation (weights: prelu slopes, or −1). */
  matMulEpilogue(
    heap: ArrayBuffer, out: number, batch: number, m: number, n: number,
    bias: number, biasBatch: number, biasRow: number, biasCol: number,
    activation: number, alpha: number, weights: number, weightsBatch: number, weightsRow: number, weightsCol: number,
  ): void;
  /** y = f(x) elementwise, n floats; op numbers as in native/src/kernels.h (`Unary`). */
  unary(heap: ArrayBuffer, op: number, x: number, y: number, n: number): void;
  /** out[i] = a[i mod aPeriod] ∘ b[i mod bPeriod], i < n; op numbers as in native/src/kernels.h (`Binary`). */
  binary(heap: ArrayBuffer, op: number, a: number, aPeriod: number, b: number, bPeriod: number, out: number, n: number): void;
  /**
   * NHWC convolution, on oneDNN's primitives or by im2col + sgemm (setConvDnnl): mode 0 out = conv(x = in1, filter = in2), 1 out = dx from
   * (dy = in1, filter = in2), 2 out = dfilter from (x = in1, dy = in2); `geometry` as native/src/kernels.h's ConvGeometry.
   */
  conv2d(heap: ArrayBuffer, mode: number, in1: number, in2: number, out: number, geometry: Float64Array): void;
  /** y[o, i] = Σ_r x[o, r, i], x viewed as [outer, reduce, inner]. */
  sum(heap: ArrayBuffer, x: number, y: number, outer: number, reduce: number, inner: number): void;
  /**
   * The fused dense layer (lib/backend/denseJet.ts): per member, z = a w + b (b −1: none; aStride 0: one a for all),
   * then φ(z), φ′(z) and φ″(z) (first or second −1: not computed); activation codes as JET_ACTIVATIONS. Missing from packs
   * built before it (a failed rebuild keeps the previous build).
   */
  denseJet?(
    heap: ArrayBuffer, a: number, aStride: number, w: number, b: number, members: number, n: number, wIn: number, wOut: number,
    activation: number, alpha: number, value: number, first: number, second: number,
  ): void;
  /**
   * The Hessian rows of a forward jet (lib/backend/hessianJet.ts): sizes [S, d, n, w, jzShared]; offsets [jz, hz, first,
   * second, J′, H′] forward, [jz, hz, first, second, dJ, dH, dFirst, dSecond, dJz, dHz] backward (hz, dHz −1: none).
   */
  hessianJet?(heap: ArrayBuffer, backward: boolean, sizes: Float64Array, offsets: Float64Array): void;
  /**
   * One step of the adjoint sweep (lib/backend/adjointStep.ts): sizes [S, n, wIn, wOut, gShared]; offsets [g, slope, w,
   * out] forward, [dOut, g, slope, w, dg, dSlope, dW] backward.
   */
  adjointStep?(heap: ArrayBuffer, backward: boolean, sizes: Float64Array, offsets: Float64Array): void;
  /** dz = dValue φ′ + dFirst φ″ + dSecond φ‴ over `size` floats (an adjoint −1: zero; first −1: φ′ recovered from φ). */
  denseJetAdjoint?(heap: ArrayBuffer, activation: number, alpha: number, value: number, first: number, dValue: number, dFirst: number, dSecond: number, dz: number, size: number): void;
  /** The threads of OpenBLAS and, in a build with oneDNN, of oneDNN's OpenMP. */
  setThreads(n: number): void;
  /** Whether the pack's sgemm may use oneDNN (no effect in a build without it). */
  setGemmDnnl(allowed: boolean): void;
  /** Whether the pack's convolutions may run on oneDNN's primitives (no effect in a build without it). */
  setConvDnnl(allowed: boolean): void;
  /**
   * gemm: the library of the pack's larger products now ("onednn" or "openblas"); dnnl: built with oneDNN; conv: how
   * its convolutions run now; convFallbacks: convolutions oneDNN refused and im2col computed; parallelFrom: the
   * multiply-adds from which a product or convolution uses all the threads set (smaller ones use one).
   */
  info(): {
    blas: string; core: string; threads: number; vectorMath: boolean; gemm: GemmLibrary; dnnl: boolean;
    conv: ConvEngine; convFallbacks: number; parallelFrom: number;
  };
}

/** The library of the native pack's matrix products (native/src/gemm.cc): oneDNN where built with it, else OpenBLAS. */
export type GemmLibrary = "onednn" | "openblas";

/**
 * SOBOLEV_GEMM: unset runs the pack's larger matrix products on oneDNN's sgemm where the pack was built with oneDNN,
 * on OpenBLAS's otherwise; "onednn" requires oneDNN, "openblas" keeps OpenBLAS. Thin products (fewer than 8 rows or
 * columns) stay on OpenBLAS either way (native/src/gemm.cc). oneDNN is the default where it is there since the fused
 * kernels (denseJet.ts and its kin) left the MLP steps mostly matrix products: `make bench` on the project's 2-core
 * machine, oneDNN's time over OpenBLAS's on the same step in the same rounds, 1 thread, two runs (3 and 9 rounds):
 * MLP L2 0.88 and 0.90, H1 0.73 and 0.83, H2 0.76 and 0.80; conv autoencoder 0.98–1.00, U-Net 1.00–1.07 (its
 * convolutions run on oneDNN's primitives either way), within the machine's noise. Before the fused kernels the MLP
 * steps measured the same on both (3.35–3.74 ms against 2.94–3.81). Returns undefined when unset: the pack decides.
 */
export function gemmChoice(value = process.env.SOBOLEV_GEMM): GemmLibrary | undefined {
  const v = value?.trim() ?? "";
  if (v === "") return undefined;
  if (v === "openblas" || v === "onednn") return v;
  throw new Error(`SOBOLEV_GEMM="${value}" is not valid; use onednn (needs a native pack built with Debian's libdnnl-dev), openblas, or leave it unset (oneDNN where the pack has it)`);
}

/** How the native pack computes its convolutions (native/src/conv.cc): oneDNN's primitives, or im2col + sgemm. */
export type ConvEngine = "onednn" | "im2col";

/**
 * SOBOLEV_CONV: unset runs the convolutions on oneDNN's primitives where the pack was built with oneDNN, by im2col
 * + sgemm otherwise; "onednn" requires oneDNN, "im2col" keeps im2col. oneDNN is the default where it is there
 * because it measured about twice as fast: 1 thread, quiet machine, the 12 convolution shapes of the bench's
 * autoencoder and U-Net (forward and both gradients, 30 repeats each), 60 ms in all against 112 ms by im2col.
 * Returns undefined when unset: the pack decides.
 */
export function convChoice(value = process.env.SOBOLEV_CONV): ConvEngine | undefined {
  const v = value?.trim() ?? "";
  if (v === "") return undefined;
  if (v === "onednn" || v === "im2col") return v;
  throw new Error(`SOBOLEV_CONV="${value}" is not valid; use onednn (needs a native pack built with Debian's libdnnl-dev), im2col, or leave it unset (oneDNN where the pack has it)`);
}

/**
 * A backend setting the machine cannot honour (so far: oneDNN asked for, with a pack built without it). Backend
 * selection passes it on as it is: it is neither a reason to try another backend nor fixed by reinstalling one.
 */
export class BackendSettingError extends Error {}

/** The error for a oneDNN setting `name`=onednn with a pack built without oneDNN. */
function withoutDnnl(name: string, file: string): BackendSettingError {
  return new BackendSettingError(`${name}=onednn, but the native pack ${file} was built without oneDNN; install Debian's libdnnl-dev and rebuild it (REBUILD_NATIVE=1 scripts/buildNative.sh), or unset ${name}`);
}

/** Why the pack is on or off; `reason` is empty when it is on. */
export type NativePackStatus = "on" | "disabled" | "not-built" | "version-mismatch" | "load-error" | "not-wasm";

/** The outcome of `loadNativeAddon`: the addon and its BLAS threads, or why there is none. */
export type NativeLoad =
  | { status: "on"; addon: NativeAddon; path: string; threads: number; gemm: GemmLibrary; conv: ConvEngine; parallelFrom: number }
  | { status: Exclude<NativePackStatus, "on">; reason: string };

/** The value of SOBOLEV_NATIVE: unset or "1" allows the pack, "0" disables it; anything else is an error. */
export function nativePackAllowed(value = process.env.SOBOLEV_NATIVE): boolean {
  const v = value?.trim() ?? "";
  if (v === "" || v === "1") return true;
  if (v === "0") return false;
  throw new Error(`SOBOLEV_NATIVE="${value}" is not valid; use SOBOLEV_NATIVE=0 to disable the native kernel pack, 1 (or unset) to use it`);
}

/**
 * OpenBLAS threads: OPENBLAS_NUM_THREADS when set (a positive integer), else 1. One thread by default because the
 * products of our networks are small enough that a second thread measured slower, not faster (the U-Net step took
 * 297 ms at 2 threads against 142 ms at 1 on this project's 2-core machine), and because the thread count changes
 * float32 rounding and with it a run's numbers: with one thread a run gives the same numbers on any number of
 * cores. The cores are used by running notebooks side by side instead (scripts/parallel_runs.py).
 */
export const DEFAULT_BLAS_THREADS = 1;

export function blasThreads(value = process.env.OPENBLAS_NUM_THREADS): number {
  const v = value?.trim() ?? "";
  if (v === "") return DEFAULT_BLAS_THREADS;
  // Digits only: Number() would also take "1e1", "0x10" or "2.0", which make and the runner refuse.
  const n = /^[1-9][0-9]*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new Error(`OPENBLAS_NUM_THREADS="${value}" is not a positive integer; set it to the number of threads for matrix products (this machine has ${availableParallelism()} cores), or unset it for ${DEFAULT_BLAS_THREADS}`);
  return n;
}

/** The error message for a tfjs version the pack was not written against, naming both and the fix. */
export function versionMismatchReason(tfjsCore: string, tfjsBackendWasm: string): string | undefined {
  if (tfjsCore === NATIVE_PACK_TFJS_VERSION && tfjsBackendWasm === NATIVE_PACK_TFJS_VERSION) return undefined;
  return (
    `version mismatch: the native kernel pack was written against @tensorflow/tfjs-core ${NATIVE_PACK_TFJS_VERSION} and ` +
    `@tensorflow/tfjs-backend-wasm ${NATIVE_PACK_TFJS_VERSION}, but ${tfjsCore} and ${tfjsBackendWasm} are installed; ` +
    `restore the pinned versions (npm ci), or port lib/backend/native*.ts to the new versions and update NATIVE_PACK_TFJS_VERSION`
  );
}

const require = createRequire(import.meta.url);

/** The file the addon is loaded from: SOBOLEV_NATIVE_ADDON, or where scripts/buildNative.sh puts it. */
const addonFile = (): string => process.env.SOBOLEV_NATIVE_ADDON?.trim() || DEFAULT_ADDON_PATH;

/**
 * The addon as the backend loaded it (require caches it by path: the same module, threads and settings), for the
 * bench and the tests that switch its settings; load the backend first (selectBackend).
 */
export function loadedAddon(): NativeAddon {
  return require(addonFile()) as NativeAddon;
}

/**
 * Loads the addon if allowed, built and matching the installed tfjs, and sets its BLAS threads
 * (`blasThreads`), its products' library (`gemmChoice`) and its convolutions' engine (`convChoice`). Throws only
 * for invalid SOBOLEV_NATIVE, OPENBLAS_NUM_THREADS, SOBOLEV_GEMM or SOBOLEV_CONV values, or for SOBOLEV_GEMM or
 * SOBOLEV_CONV set to onednn with a pack built without oneDNN.
 */
export function loadNativeAddon(versions: { tfjsCore: string; tfjsBackendWasm: string }): NativeLoad {
  if (!nativePackAllowed()) return { status: "disabled", reason: "disabled by SOBOLEV_NATIVE=0" };
  const threads = blasThreads();
  const gemm = gemmChoice();
  const conv = convChoice();
  const file = addonFile();
  if (!existsSync(file)) {
    return { status: "not-built", reason: `not built: no ${file}; build it with scripts/buildNative.sh (needs g++ and libopenblas-dev)` };
  }
  const mismatch = versionMismatchReason(versions.tfjsCore, versions.tfjsBackendWasm);
  if (mismatch !== undefined) return { status: "version-mismatch", reason: mismatch };
  let addon: NativeAddon;
  try {
    addon = require(file) as NativeAddon;
    addon.setThreads(threads);
    addon.setGemmDnnl(gemm !== "openblas");
  } catch (err) {
    const first = String((err as Error)?.message ?? err).split("\n")[0];
    return { status: "load-error", reason: `load error: ${file}: ${first}; rebuild it with scripts/buildNative.sh` };
  }
  const built = addon.info();
  if (gemm === "onednn" && !built.dnnl) throw withoutDnnl("SOBOLEV_GEMM", file);
  if (conv === "onednn" && !built.dnnl) throw withoutDnnl("SOBOLEV_CONV", file);
  addon.setConvDnnl(conv !== "im2col");
  const info = addon.info();
  return { status: "on", addon, path: file, threads: info.threads, gemm: info.gemm, conv: info.conv, parallelFrom: info.parallelFrom };
}
