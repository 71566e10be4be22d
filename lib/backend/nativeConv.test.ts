/**
 * The native Conv2D, FusedConv2D, Conv2DBackpropInput and Conv2DBackpropFilter (nativeConv.ts) against
 * the kernels they replace (WASM's, and wasmConvGrad.ts's compositions) and the cpu backend's loops, on
 * seeded inputs of awkward shapes, strides, dilations and paddings, within the float32 bound of
 * tolerances.ts: |Δ| ≤ 2γ_K · (the same kernel on |inputs|), K the products summed into one output.
 * Each case runs on both engines of a pack built with oneDNN (its primitives, the default, and im2col + sgemm),
 * on im2col alone otherwise. Skipped, with the reason, when the pack is off.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { loadedAddon, type ConvEngine } from "./nativeAddon.js";
import { MIN_NATIVE_TAPS } from "./nativeConv.js";
import { assertWithinBound, elementwiseBound, sumOfProductsFactor } from "./tolerances.js";
import { normals, runOn } from "./testing.js";
import { nativePackOffReason, onNativeWasmAndCpu } from "./nativeTesting.js";

const off = await nativePackOffReason();
const addon = off === undefined ? loadedAddon() : undefined;
const ENGINES: ConvEngine[] = addon?.info().dnnl ? ["onednn", "im2col"] : ["im2col"];

/** Runs `body` with the pack's convolutions on `engine`, then puts the backend's choice back. */
async function onEngine(engine: ConvEngine, body: () => Promise<void>): Promise<void> {
  const chosen = addon?.info().conv;
  addon?.setConvDnnl(engine === "onednn");
  try {
    await body();
  } finally {
    addon?.setConvDnnl(chosen === "onednn");
  }
}

type Shape4 = [number, number, number, number];
type Pad = "same" | "valid" | number | [[number, number], [number, number], [number, number], [number, number]];
interface Case { x: Shape4; k: [number, number]; out: number; stride: 1 | 2 | [number, number]; pad: Pad; dilation?: 1 | 2 }

/** Odd sizes, batch > 1, 1 to 6 channels, even and odd filters, crops, explicit pads, 1×1 and dilated filters. */
const CASES: Case[] = [
  { x: [2, 9, 7, 3], k: [3, 3], out: 4, stride: 1, pad: "same" },
  { x: [2, 9, 7, 3], k: [3, 3], out: 4, stride: 2, pad: "same" },
  { x: [3, 10, 8, 2], k: [3, 3], out: 5, stride: 2, pad: "valid" },
  { x: [3, 10, 8, 1], k: [3, 3], out: 5, stride: 1, pad: "same" },
  { x: [2, 13, 11, 5], k: [5, 4], out: 2, stride: 2, pad: "same" },
  { x: [1, 8, 8, 2], k: [2, 2], out: 3, stride: 1, pad: "valid" },
  { x: [3, 7, 9, 6], k: [1, 1], out: 6, stride: 1, pad: "valid" },
  { x: [3, 7, 9, 4], k: [1, 1], out: 6, stride: 2, pad: "valid" },
  { x: [2, 9, 7, 3], k: [3, 3], out: 4, stride: [1, 2], pad: 1 },
  { x: [2, 9, 7, 1], k: [3, 3], out: 2, stride: [2, 1], pad: 1 },
  { x: [2, 9, 7, 3], k: [3, 3], out: 4, stride: 1, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [2, 11, 10, 3], k: [3, 3], out: 4, stride: 1, pad: "same", dilation: 2 },
];

const label = (c: Case) => `x [${c.x}], filter ${c.k[0]}x${c.k[1]}→${c.out}, stride ${JSON.stringify(c.stride)}, padding ${JSON.stringify(c.pad)}${c.dilation === 2 ? ", dilation 2" : ""}`;

function kernel(name: string, inputs: Record<string, tf.Tensor>, attrs: object): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Native against cpu and the replaced kernel; the bound is `run` on |inputs| times 2γ_K. */
async function compare(what: string, terms: number, inputs: Float32Array[], run: (...a: Float32Array[]) => tf.Tensor, withWasm = true): Promise<void> {
  const r = await onNativeWasmAndCpu(() => run(...inputs), withWasm);
  const abs = await runOn("cpu", () => run(...inputs.map((a) => a.map(Math.abs))));
  const bound = abs.values.map((v) => v * sumOfProductsFactor(terms));
  assertWithinBound(r.native, r.cpu, bound, `${what}, native vs cpu`);
  if (!withWasm) return;
  assert.ok(r.wasm !== undefined, r.wasmError);
  assertWithinBound(r.native, r.wasm, bound, `${what}, native vs WASM`);
}

/**
 * A numeric pad with unequal strides: tfjs-core 4.22's computeConv2DInfo sizes both output axes with
 * the height stride (conv_util.ts, getPadAndOutInfo), and WASM's own Conv2D (XNNPACK) then fills an
 * output of another size: measured wrong values, then a corrupted WASM heap. The native kernel follows
 * computeConv2DInfo like the cpu backend, and is compared with cpu only; it never hands this case to WASM.
 * Nor do these tests, for the convolution or its gradients: run once, WASM's kernel corrupted the heap so that
 * a later test trapped ("memory access out of bounds"), which one depending on the order the tests run in.
 */
const wasmConvMisreads = (c: Case) => typeof c.pad === "number" && Array.isArray(c.stride) && c.stride[0] !== c.stride[1];

for (const engine of ENGINES) for (const c of CASES) {
  const filterShape: Shape4 = [c.k[0], c.k[1], c.x[3], c.out];
  const dilation = c.dilation ?? 1;
  const info = tf.backend_util.computeConv2DInfo(c.x, filterShape, c.stride, dilation, c.pad);
  const dyShape = info.outShape;
  const [N, Ho, Wo] = dyShape;
  const native = c.k[0] * c.k[1] * c.x[3] >= MIN_NATIVE_TAPS || wasmConvMisreads(c) ? "natively" : "(through WASM's own kernel, too few taps)";
  // WASM's own kernels do not depend on our engine: they are compared with the first engine only.
  const againstWasm = engine === ENGINES[0];

  test(`Conv2D ${native} (${engine}) matches WASM's own kernel and the cpu backend for ${label(c)}`, { skip: off }, () => onEngine(engine, async () => {
    const attrs = { strides: c.stride, pad: c.pad, dataFormat: "NHWC", dilations: dilation };
    await compare(`Conv2D (${engine}), ${label(c)}`, c.k[0] * c.k[1] * c.x[3], [normals(c.x, 1), normals(filterShape, 2)], (x, f) =>
      kernel("Conv2D", { x: tf.tensor(x, c.x), filter: tf.tensor(f, filterShape) }, attrs), againstWasm && !wasmConvMisreads(c));
  }));

  if (dilation !== 1) continue; // tfjs-core's convolution gradients require dilation 1
  test(`Conv2DBackpropInput natively (${engine}) matches the XNNPACK composition and the cpu backend for ${label(c)}`, { skip: off }, () => onEngine(engine, async () => {
    const attrs = { strides: c.stride, pad: c.pad, dataFormat: "NHWC", inputShape: c.x };
    await compare(`Conv2DBackpropInput (${engine}), ${label(c)}`, c.k[0] * c.k[1] * c.out, [normals(dyShape, 3), normals(filterShape, 4)], (dy, f) =>
      kernel("Conv2DBackpropInput", { dy: tf.tensor(dy, dyShape), filter: tf.tensor(f, filterShape) }, attrs), againstWasm && !wasmConvMisreads(c));
  }));

  test(`Conv2DBackpropFilter natively (${engine}) matches the WASM composition and the cpu backend for ${label(c)}`, { skip: off }, () => onEngine(engine, async () => {
    const attrs = { strides: c.stride, pad: c.pad, dataFormat: "NHWC", filterShape };
    await compare(`Conv2DBackpropFilter (${engine}), ${label(c)}`, N * Ho * Wo, [normals(c.x, 5), normals(dyShape, 6)], (x, dy) =>
      kernel("Conv2DBackpropFilter", { x: tf.tensor(x, c.x), dy: tf.tensor(dy, dyShape) }, attrs), againstWasm && !wasmConvMisreads(c));
  }));
}

type Activation = "linear" | "relu" | "relu6" | "elu" | "leakyrelu" | "prelu" | "sigmoid";
const ACTIVATIONS: Activation[] = ["linear", "relu", "relu6", "elu", "leakyrelu", "prelu", "sigmoid"];

for (const biasShape of [[5], [1], undefined]) {
  test(`FusedConv2D natively matches the cpu backend, and WASM's own kernel where it takes the bias, with bias ${biasShape ? `[${biasShape}]` : "none"} under every activation`, { skip: off }, async () => {
    const [xs, fs]: [Shape4, Shape4] = [[2, 9, 7, 3], [3, 3, 3, 5]];
    const [xv, fv] = [normals(xs, 7), normals(fs, 8)];
    const biasValues = biasShape && normals(biasShape, 9);
    const slopes = normals([5], 10).map((v) => 0.5 * v);
    const lipschitz = Math.max(1, ...slopes.map(Math.abs));
    for (const activation of ACTIVATIONS) {
      for (const stride of [1, 2]) {
        const fused = (x: Float32Array, f: Float32Array, bias: Float32Array | undefined, act: Activation) =>
          tf.fused.conv2d({
            x: tf.tensor(x, xs) as tf.Tensor4D, filter: tf.tensor(f, fs) as tf.Tensor4D, strides: stride, pad: "same", activation: act,
            leakyreluAlpha: 0.3, bias: bias && tf.tensor(bias, biasShape), preluActivationWeights: act === "prelu" ? tf.tensor(slopes, [5]) : undefined,
          });
        const r = await onNativeWasmAndCpu(() => fused(xv, fv, biasValues, activation));
        const abs = await runOn("cpu", () => fused(xv.map(Math.abs), fv.map(Math.abs), biasValues?.map(Math.abs), "linear"));
        const factor = sumOfProductsFactor(3 * 3 * 3 + 1) * lipschitz;
        const bound = abs.values.map((v, i) => v * factor + elementwiseBound(r.cpu[i]));
        const what = `FusedConv2D ${activation}, stride ${stride}, bias ${biasShape ? `[${biasShape}]` : "none"}`;
        assertWithinBound(r.native, r.cpu, bound, `${what}, native vs cpu`);
        if (biasShape?.[0] === 1) {
          assert.match(r.wasmError ?? "", /bias shape \(1\) does not match the number of output channels/); // WASM takes [Co] only
        } else {
          assert.ok(r.wasm !== undefined, r.wasmError);
          assertWithinBound(r.native, r.wasm, bound, `${what}, native vs WASM`);
        }
      }
    }
  });
}

for (const engine of ENGINES) test(`a conv net's parameter gradients through native convolutions (${engine}) equal those on the cpu backend`, { skip: off }, () => onEngine(engine, async () => {
  const grads = () => {
    const x = tf.tensor(normals([3, 11, 9, 2], 11), [3, 11, 9, 2]) as tf.Tensor4D;
    const w1 = tf.tensor(normals([3, 3, 2, 8], 12), [3, 3, 2, 8]).mul(0.3);
    const w2 = tf.tensor(normals([3, 3, 4, 8], 13), [3, 3, 4, 8]).mul(0.3);
    const b1 = tf.tensor(normals([8], 14), [8]);
    const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
      const h = tf.fused.conv2d({ x, filter: a as tf.Tensor4D, strides: 2, pad: "same", bias: c, activation: "linear" }).tanh();
      const [n, hh, ww] = h.shape;
      const y = tf.conv2dTranspose(h, b as tf.Tensor4D, [n, 2 * hh, 2 * ww, 4], 2, "same");
      return tf.mean(tf.square(tf.sub(y, 0.5)));
    };
    return tf.concat(tf.grads(loss)([w1, w2, b1]).map((g) => g.flatten()));
  };
  const r = await onNativeWasmAndCpu(grads);
  const scale = Math.max(...r.cpu.map(Math.abs));
  assertWithinBound(r.native, r.cpu, 1e-4 * scale, `conv net gradient (${engine}), native vs cpu`);
}));

test("oneDNN computed every convolution it was given: none fell back to im2col", { skip: off ?? (ENGINES.includes("onednn") ? false : "the pack was built without oneDNN") }, () => {
  assert.equal(addon?.info().convFallbacks, 0);
});
