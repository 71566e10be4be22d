import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "./select.js";

await selectBackend();

/**
 * The gradient of sum(w ⊙ resize(x)) is the adjoint of the resize applied to w: each input pixel collects the
 * weights of the output pixels copied from it. Computed here by loops, for a batch of two (the cpu kernel of tfjs
 * 4.22 gets the second image wrong) and for the alignCorners and halfPixelCenters variants.
 */
function expectedGradient(w: number[][][][], inH: number, inW: number, source: (i: number, inSize: number, outSize: number) => number): number[] {
  const [n, outH, outW, depth] = [w.length, w[0].length, w[0][0].length, w[0][0][0].length];
  const dx = new Array<number>(n * inH * inW * depth).fill(0);
  for (let b = 0; b < n; b++) for (let r = 0; r < outH; r++) for (let c = 0; c < outW; c++) for (let d = 0; d < depth; d++) {
    dx[((b * inH + source(r, inH, outH)) * inW + source(c, inW, outW)) * depth + d] += w[b][r][c][d];
  }
  return dx;
}

for (const [name, alignCorners, halfPixelCenters, source] of [
  ["plain", false, false, (i: number, inSize: number, outSize: number) => Math.min(inSize - 1, Math.floor((inSize / outSize) * i))],
  ["halfPixelCenters", false, true, (i: number, inSize: number, outSize: number) => Math.max(0, Math.min(inSize - 1, Math.floor((inSize / outSize) * (i + 0.5))))],
  ["alignCorners", true, false, (i: number, inSize: number, outSize: number) => Math.min(inSize - 1, Math.round(((inSize - 1) / (outSize - 1)) * i))],
] as const) {
  test(`ResizeNearestNeighborGrad is the adjoint of the forward resize for a batch of two (${name})`, async () => {
    const x = tf.tensor4d(Array.from({ length: 2 * 3 * 2 * 3 }, (_, i) => i), [2, 3, 2, 3]);
    const w = tf.tensor4d(Array.from({ length: 2 * 7 * 5 * 3 }, (_, i) => ((i * 7) % 11) - 5), [2, 7, 5, 3]);
    const expected = expectedGradient(w.arraySync(), 3, 2, source);
    // WASM's kernel ignores halfPixelCenters too (unused by our models, which upsample with the defaults): cpu only there.
    for (const backend of halfPixelCenters ? ["cpu"] : ["cpu", "wasm"]) {
      await tf.setBackend(backend);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(w, tf.image.resizeNearestNeighbor(v as tf.Tensor4D, [7, 5], alignCorners, halfPixelCenters))))(x);
      assert.deepEqual(Array.from(g.dataSync()), expected, backend);
    }
    await selectBackend().then((r) => tf.setBackend(r.name));
  });
}
