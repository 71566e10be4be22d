/**
 * The machine's sgemm peak as make bench measures it: the best rate of a large square float32 product through our
 * native pack's matMul (on the library of its larger products: oneDNN's sgemm where the pack has it, else OpenBLAS's),
 * 2 n³ flops per product. The
 * steps' GFLOP/s are set against it: no step of ours can run its products faster than this.
 */
import type { NativeAddon } from "../lib/backend/nativeAddon.js";

/** The best GFLOP/s of `repeats` n × n × n products at `threads` threads (left set to `threads`). */
export function nativeSgemmGflops(addon: NativeAddon, n: number, threads: number, repeats = 5): number {
  const heap = new ArrayBuffer(3 * n * n * 4);
  const floats = new Float32Array(heap);
  for (let i = 0; i < 2 * n * n; i++) floats[i] = ((i * 7919) % 1000) / 1000 - 0.5;
  const offsets = Float64Array.from([0, n * n]);
  addon.setThreads(threads);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r <= repeats; r++) {
    const started = performance.now();
    addon.matMul(heap, offsets, 1, 2 * n * n, n, n, n, false, false);
    // The first product warms the threads and caches up: not counted.
    if (r > 0) best = Math.min(best, performance.now() - started);
  }
  return (2 * n ** 3) / (best * 1e6);
}
