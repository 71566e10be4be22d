/**
 * Calling the WASM backend's own kernels from inside a kernel we register for it.
 *
 * A kernel function receives TensorInfos (dataId, shape, dtype), not Tensors, and must not call tf ops:
 * an op inside a kernel would be recorded on the gradient tape and counted by the engine. The backends
 * of tfjs compose kernels by calling other kernel functions with the same backend (tfjs-backend-webgl
 * does this throughout); we do the same, looking the functions up with `tf.getKernel(name, 'wasm')`, so
 * every step runs in WASM (XNNPACK for convolutions and matrix products). Intermediates are freed with
 * `backend.disposeData`.
 *
 * The WASM backend's fields used here are public in tfjs-backend-wasm 4.22 (dist/backend_wasm.d.ts):
 * `wasm.HEAPU8`, `dataIdMap.get(dataId).memoryOffset`, `makeOutput`, `disposeData`, `readSync`, `read`.
 */
import * as tf from "@tensorflow/tfjs";

/** A tensor as kernels see it: no data, only a handle into the backend. */
export type Info = tf.TensorInfo;

/** What our kernels use of `BackendWasm` (tfjs-backend-wasm 4.22, dist/backend_wasm.d.ts). */
export interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number; shape: number[]; dtype: tf.DataType } };
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: Float32Array): Info;
  disposeData(dataId: object, force?: boolean): boolean;
  readSync(dataId: object, start?: number, end?: number): unknown;
  read(dataId: object): Promise<unknown>;
}

/** Runs the WASM backend's kernel `name`; throws naming the kernel if tfjs-backend-wasm lacks it. */
export function runWasm(backend: WasmBackend, name: string, inputs: object, attrs: object = {}): Info {
  const kernel = tf.getKernel(name, "wasm");
  if (kernel === undefined) {
    throw new Error(`backend/wasm: kernel ${name} is not registered for the WASM backend (tfjs-backend-wasm 4.22 has it; is a second copy of tfjs-core loaded?)`);
  }
  const out = kernel.kernelFunc({ inputs, backend, attrs } as unknown as Parameters<tf.KernelFunc>[0]);
  return Array.isArray(out) ? out[0] : out;
}

/**
 * Frees a kernel's intermediate tensors (a reshape of the result counts as a reference of its own, so
 * freeing it only decrements the count).
 */
export function disposeAll(backend: WasmBackend, infos: Info[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

/** A reshape is free: the result shares the data (the WASM Reshape kernel only increments a count). */
export function reshapeWasm(backend: WasmBackend, x: Info, shape: number[]): Info {
  return runWasm(backend, "Reshape", { x }, { shape });
}

/**
 * A Float32Array view of a float32 or complex64 tensor's memory on the WASM heap, `floats` long.
 * Make the view after every allocation: growing the heap replaces `HEAPU8.buffer`.
 */
export function heapFloats(backend: WasmBackend, t: Info, floats: number): Float32Array {
  const { memoryOffset } = backend.dataIdMap.get(t.dataId);
  return new Float32Array(backend.wasm.HEAPU8.buffer, memoryOffset, floats);
}
