/**
 * Helpers for the backend tests: seeded inputs, and running one computation on the WASM and the cpu
 * backends of the same process (both are registered; `tf.setBackend` switches between them).
 */
import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../numeric/random.js";

/** Seeded N(0,1) values as float32, the same on every backend and platform. */
export function normals(shape: number[], seed: number): Float32Array {
  const rng = new SeededRandom(seed);
  return Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => rng.gaussian());
}

/** Result of `compute` on the backend `name`, as float32 values and shape. */
export async function runOn(name: "wasm" | "cpu", compute: () => tf.Tensor): Promise<{ values: Float32Array; shape: number[] }> {
  if (!(await tf.setBackend(name))) throw new Error(`runOn: backend ${name} is not available`);
  return tf.tidy(() => {
    const t = compute();
    return { values: Float32Array.from(t.dataSync() as Float32Array), shape: t.shape.slice() };
  });
}

/**
 * `compute` on the WASM backend and on the cpu backend. It must make its input tensors itself (from
 * arrays): a complex64 tensor cannot move between the two backends. Leaves the WASM backend active.
 */
export async function onWasmAndCpu(compute: () => tf.Tensor): Promise<{ wasm: Float32Array; cpu: Float32Array; shape: number[] }> {
  const cpu = await runOn("cpu", compute);
  const wasm = await runOn("wasm", compute);
  if (wasm.shape.join() !== cpu.shape.join()) throw new Error(`onWasmAndCpu: shapes differ, wasm [${wasm.shape}], cpu [${cpu.shape}]`);
  return { wasm: wasm.values, cpu: cpu.values, shape: wasm.shape };
}
