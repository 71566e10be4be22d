/**
 * Helpers for the native pack's tests: one computation with the native kernels, with the WASM backend's
 * own kernels (the pack switched off in between), and on the cpu backend, all in one process.
 */
import * as tf from "@tensorflow/tfjs";
import { disableNativeKernels, enableNativeKernels } from "./nativeKernels.js";
import { currentBackend, selectBackend } from "./select.js";
import { runOn } from "./testing.js";

/**
 * Selects the WASM backend (TFJS_BACKEND=wasm) and returns why the native pack is off, or undefined
 * when it is on; the kernel tests skip with that reason.
 */
export async function nativePackOffReason(): Promise<string | undefined> {
  process.env.TFJS_BACKEND = "wasm";
  await selectBackend();
  const native = currentBackend().native;
  return native.active ? undefined : `native kernel pack off: ${native.reason}`;
}

export interface ThreeWay {
  native: Float32Array;
  /** Undefined when the WASM backend's own kernel throws for this case (its error message in `wasmError`). */
  wasm: Float32Array | undefined;
  wasmError: string | undefined;
  cpu: Float32Array;
  shape: number[];
}

/**
 * `compute` with the native kernels, with WASM's own and on cpu; it must make its inputs itself (from
 * arrays). Leaves the WASM backend active with the native kernels on. `withWasm: false` leaves WASM's own
 * kernels out (`wasm` undefined), for a case they corrupt the WASM heap on (nativeConv.ts, wasmMisreads).
 */
export async function onNativeWasmAndCpu(compute: () => tf.Tensor, withWasm = true): Promise<ThreeWay> {
  const cpu = await runOn("cpu", compute);
  const native = await runOn("wasm", compute);
  if (!withWasm) return { native: native.values, wasm: undefined, wasmError: "not run", cpu: cpu.values, shape: native.shape };
  disableNativeKernels();
  let wasm: Float32Array | undefined;
  let wasmError: string | undefined;
  try {
    wasm = (await runOn("wasm", compute)).values;
  } catch (err) {
    wasmError = err instanceof Error ? err.message : String(err);
  } finally {
    enableNativeKernels();
  }
  if (native.shape.join() !== cpu.shape.join()) throw new Error(`onNativeWasmAndCpu: shapes differ, native [${native.shape}], cpu [${cpu.shape}]`);
  return { native: native.values, wasm, wasmError, cpu: cpu.values, shape: native.shape };
}

/**
 * Runs `compute` on the WASM backend with our fused kernels `names` unregistered, so that the code that calls them
 * takes the unfused tfjs ops; registers them again afterwards, also when `compute` throws.
 */
export function withoutKernels<T>(names: readonly string[], compute: () => T): T {
  const configs = names.map((name) => {
    const config = tf.getKernel(name, "wasm");
    if (config === undefined) throw new Error(`withoutKernels: kernel ${name} is not registered for WASM`);
    return config;
  });
  for (const config of configs) tf.unregisterKernel(config.kernelName, "wasm");
  try {
    return compute();
  } finally {
    for (const config of configs) tf.registerKernel(config);
  }
}

/** The float32 bit patterns of `values`, so that equality is bitwise (−0 and NaN included). */
export const float32Bits = (values: Float32Array): number[] => Array.from(new Uint32Array(Float32Array.from(values).buffer));
