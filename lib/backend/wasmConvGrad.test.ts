/**
 * The convolution gradients we add to WASM (wasmConvGrad.ts) against the cpu backend's loops, on seeded
 * inputs of awkward shapes, within the float32 bound of tolerances.ts: |wasm − cpu| ≤ 2γ_K · (the same
 * kernel on |inputs|), K the number of products summed into one output.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { disableNativeKernels } from "./nativeKernels.js";
import { selectBackend } from "./select.js";
import { conv2DBackpropInputWasm } from "./wasmConvGrad.js";
import { assertWithinBound, NET_GRADIENT_RELATIVE, sumOfProductsFactor } from "./tolerances.js";
import { normals, onWasmAndCpu, runOn } from "./testing.js";

process.env.TFJS_BACKEND = "wasm";
await selectBackend();
// These tests are about the WASM compositions; the native pack's convolutions (which replace them when
// built) are tested in nativeConv.test.ts.
disableNativeKernels();

type Shape4 = [number, number, number, number];
type Pad = "same" | "valid" | number | [[number, number], [number, number], [number, number], [number, number]];
interface Case { x: Shape4; k: [number, number]; out: number; stride: 1 | 2; pad: Pad }

/** Odd sizes, batch > 1, 1 to 6 channels, even and odd filters, crops (valid, stride 2) and explicit pads. */
const CASES: Case[] = [
  { x: [2, 9, 7, 3], k: [3, 3], out: 4, stride: 1, pad: "same" },
  { x: [2, 9, 7, 3], k: [3, 3], out: 4, stride: 2, pad: "same" },
  { x: [3, 10, 8, 1], k: [3, 3], out: 5, stride: 2, pad: "valid" },
  { x: [2, 13, 11, 5], k: [5, 4], out: 2, stride: 2, pad: "same" },
  { x: [1, 8, 8, 2], k: [2, 2], out: 3, stride: 1, pad: "valid" },
  { x: [3, 7, 9, 4], k: [1, 1], out: 6, stride: 2, pad: "valid" },
  { x: [2, 9, 7, 3], k: [3, 3], out: 4, stride: 2, pad: 1 },
  { x: [2, 9, 7, 3], k: [3, 3], out: 4, stride: 1, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
];

const label = (c: Case) => `x [${c.x}], filter ${c.k[0]}x${c.k[1]}, stride ${c.stride}, padding ${JSON.stringify(c.pad)}`;

function kernel(name: string, inputs: Record<string, tf.Tensor>, attrs: object): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Compares `run` on WASM and cpu; the bound is run on |inputs| times 2γ_K. */
async function compare(what: string, terms: number, inputs: Float32Array[], run: (...a: Float32Array[]) => tf.Tensor): Promise<void> {
  const { wasm, cpu } = await onWasmAndCpu(() => run(...inputs));
  const abs = await runOn("cpu", () => run(...inputs.map((a) => a.map(Math.abs))));
  assertWithinBound(wasm, cpu, abs.values.map((v) => v * sumOfProductsFactor(terms)), what);
  await tf.setBackend("wasm");
}

for (const c of CASES) {
  const filterShape: Shape4 = [c.k[0], c.k[1], c.x[3], c.out];
  const info = tf.backend_util.computeConv2DInfo(c.x, filterShape, c.stride, 1, c.pad);
  const dyShape = info.outShape;
  const [N, Ho, Wo] = dyShape;

  test(`Conv2DBackpropFilter on WASM matches the cpu backend for ${label(c)}`, async () => {
    const attrs = { strides: c.stride, pad: c.pad, dataFormat: "NHWC", filterShape };
    await compare(`Conv2DBackpropFilter, ${label(c)}`, N * Ho * Wo, [normals(c.x, 1), normals(dyShape, 2)], (x, dy) =>
      kernel("Conv2DBackpropFilter", { x: tf.tensor(x, c.x), dy: tf.tensor(dy, dyShape) }, attrs));
  });

  test(`Conv2DBackpropInput on WASM (our XNNPACK composition) matches the cpu backend for ${label(c)}`, async () => {
    const attrs = { strides: c.stride, pad: c.pad, dataFormat: "NHWC", inputShape: c.x };
    await compare(`Conv2DBackpropInput, ${label(c)}`, c.k[0] * c.k[1] * c.out, [normals(dyShape, 3), normals(filterShape, 4)], (dy, f) =>
      kernel("Conv2DBackpropInput", { dy: tf.tensor(dy, dyShape), filter: tf.tensor(f, filterShape) }, attrs));
  });

  for (const M of [1, 2]) {
    const dwShape: Shape4 = [c.k[0], c.k[1], c.x[3], M];
    const dwOut = tf.backend_util.computeConv2DInfo(c.x, dwShape, c.stride, 1, c.pad, undefined, true).outShape;
    const attrs = { strides: c.stride, pad: c.pad, dilations: 1 };

    test(`DepthwiseConv2dNativeBackpropFilter on WASM matches the cpu backend for ${label(c)}, multiplier ${M}`, async () => {
      await compare(`DepthwiseConv2dNativeBackpropFilter, ${label(c)}, M ${M}`, N * Ho * Wo, [normals(c.x, 5), normals(dwOut, 6)], (x, dy) =>
        kernel("DepthwiseConv2dNativeBackpropFilter", { x: tf.tensor(x, c.x), dy: tf.tensor(dy, dwOut) }, { ...attrs, filterShape: dwShape }));
    });

    test(`DepthwiseConv2dNativeBackpropInput on WASM matches the cpu backend for ${label(c)}, multiplier ${M}`, async () => {
      await compare(`DepthwiseConv2dNativeBackpropInput, ${label(c)}, M ${M}`, c.k[0] * c.k[1] * M, [normals(dwOut, 7), normals(dwShape, 8)], (dy, f) =>
        kernel("DepthwiseConv2dNativeBackpropInput", { dy: tf.tensor(dy, dwOut), filter: tf.tensor(f, dwShape) }, { ...attrs, inputShape: c.x }));
    });
  }
}

/**
 * A small conv net with every kernel in play: conv2d (filter gradient: Conv2DBackpropFilter), a
 * depthwise conv (both depthwise gradients), conv2dTranspose (whose filter gradient is again
 * Conv2DBackpropFilter). tanh keeps the loss smooth, so rounding cannot flip a ReLU kink.
 */
function convNetGradients(stride: 1 | 2): tf.Tensor {
  const x = tf.tensor(normals([3, 11, 9, 2], 11), [3, 11, 9, 2]);
  const w1 = tf.tensor(normals([3, 3, 2, 4], 12), [3, 3, 2, 4]).mul(0.3);
  const w2 = tf.tensor(normals([3, 3, 4, 2], 13), [3, 3, 4, 2]).mul(0.3);
  const w3 = tf.tensor(normals([3, 3, 2, 8], 14), [3, 3, 2, 8]).mul(0.3);
  const loss = (xx: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
    const h1 = tf.tanh(tf.conv2d(xx as tf.Tensor4D, a as tf.Tensor4D, stride, "same"));
    const h2 = tf.tanh(tf.depthwiseConv2d(h1, b as tf.Tensor4D, 1, "valid"));
    const [n, h, w] = h2.shape;
    const y = tf.conv2dTranspose(h2, c as tf.Tensor4D, [n, (h - 1) * stride + 3, (w - 1) * stride + 3, 2], stride, "valid");
    return tf.mean(tf.square(tf.sub(y, 0.5)));
  };
  const grads = tf.grads(loss)([x, w1, w2, w3]);
  return tf.concat(grads.map((g) => g.flatten()));
}

for (const stride of [1, 2] as const) {
  test(`tf.grads of a conv net loss on WASM equals that on the cpu backend (conv2d, depthwise, conv2dTranspose, stride ${stride})`, async () => {
    const { wasm, cpu } = await onWasmAndCpu(() => convNetGradients(stride));
    const scale = cpu.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assert.ok(scale > 1e-3, `gradient too small to compare: ${scale}`);
    assertWithinBound(wasm, cpu, NET_GRADIENT_RELATIVE * scale, `conv net gradient, stride ${stride}`);
  });
}

test("selectBackend replaces WASM's scalar-loop Conv2DBackpropInput by the XNNPACK composition", () => {
  const registered = tf.getKernel("Conv2DBackpropInput", "wasm")?.kernelFunc as { unguarded?: unknown } | undefined;
  assert.equal(registered?.unguarded, conv2DBackpropInputWasm); // inside the complex64 guard of wasmFourier.ts
});

test("the WASM convolution gradients free every intermediate tensor", () => {
  const b = tf.backend() as unknown as { numDataIds(): number };
  const x = tf.tensor(normals([2, 9, 7, 3], 1), [2, 9, 7, 3]);
  const dy4 = tf.tensor(normals([2, 5, 4, 4], 2), [2, 5, 4, 4]);
  const dy6 = tf.tensor(normals([2, 5, 4, 6], 3), [2, 5, 4, 6]);
  const f = tf.tensor(normals([3, 3, 3, 2], 4), [3, 3, 3, 2]);
  const f6 = tf.tensor(normals([3, 3, 3, 6], 5), [3, 3, 3, 6]);
  const attrs = { strides: 2, pad: "same", dilations: 1 };
  const before = b.numDataIds();
  tf.dispose([
    kernel("Conv2DBackpropFilter", { x, dy: dy4 }, { ...attrs, dataFormat: "NHWC", filterShape: [3, 3, 3, 4] }),
    kernel("DepthwiseConv2dNativeBackpropFilter", { x, dy: dy6 }, { ...attrs, filterShape: [3, 3, 3, 2] }),
    kernel("DepthwiseConv2dNativeBackpropInput", { dy: dy6, filter: f }, { ...attrs, inputShape: [2, 9, 7, 3] }),
    kernel("Conv2DBackpropInput", { dy: dy6, filter: f6 }, { ...attrs, dataFormat: "NHWC", inputShape: [2, 9, 7, 3] }),
  ]);
  assert.equal(b.numDataIds(), before, "data buffers left behind on the WASM backend");
  tf.dispose([x, dy4, dy6, f, f6]);
});

test("Conv2DBackpropFilter on WASM rejects NCHW with a message naming the layout to use", () => {
  const x = tf.ones([1, 5, 5, 2]);
  const dy = tf.ones([1, 5, 5, 3]);
  assert.throws(() => kernel("Conv2DBackpropFilter", { x, dy }, { strides: 1, pad: "same", dataFormat: "NCHW", filterShape: [3, 3, 2, 3] }), /NCHW is not supported.*NHWC/);
});

test("DepthwiseConv2dNativeBackpropFilter on WASM rejects dilations other than 1, as tfjs-core's gradient does", () => {
  const x = tf.ones([1, 7, 7, 2]);
  const dy = tf.ones([1, 3, 3, 2]);
  assert.throws(() => kernel("DepthwiseConv2dNativeBackpropFilter", { x, dy }, { strides: 1, pad: "valid", dilations: 2, filterShape: [3, 3, 2, 1] }), /dilations must be 1/);
});
