/**
 * Forward-mode propagation of input derivatives through a stack of dense layers, in TensorFlow.js: the
 * value a, the input Jacobian J = ∂a/∂x and the input Hessian H = ∂²a/∂x∂x of every layer's output, from
 * ordinary ops only, so that a Sobolev loss needs ONE reverse pass for its parameter gradient (nested
 * tf.grad is wrong for tanh; DESIGN.md, "Facts measured"). For a layer z = ω(aW + b), a′ = φ(z) (chain rule):
 *   J_z = J_a (ωW),   H_z,ij = H_a,ij (ωW),
 *   J′ = φ′(z) ⊙ J_z,   H′_ij = φ″(z) ⊙ J_z,i ⊙ J_z,j + φ′(z) ⊙ H_z,ij.
 * The first layer has J_a = I and H_a = 0, so J_z = ωW (the same for every point) and H′ = φ″ ⊙ ω²W_i W_j.
 * LayeredNetwork uses this for orders 0 and 2; for order 1 the adjoint sweep of reverseGradient.ts gives the
 * same gradient with fewer multiplications when d ≥ 2.
 *
 * Layout, per member s (S members, n points, d inputs, p = d(d+1)/2 Hessian entries i ≤ j, width w):
 * value [S, n, w], Jacobian [S, d, n, w], Hessian [S, p, n, w] (direction-major, so that φ′ [S, 1, n, w]
 * broadcasts over a trailing part). Value, Jacobian and Hessian rows are multiplied by the same W in
 * separate matMuls: concatenating them into one matMul was measured slower on WASM, because splitting the
 * product again (SplitV or Slice, ~1.3 ms for [1, 3072, 64]) costs more than the matMul itself (~0.6 ms
 * per 1024 rows). The Hessian is null while it is identically zero (e.g. ReLU nets, φ″ ≡ 0).
 */
import * as tf from "@tensorflow/tfjs";
import { HESSIAN_JET, HESSIAN_JET_FIRST_LAYER, HESSIAN_JET_GRAD, hessianJetAvailable } from "../backend/hessianJet.js";
import { denseJet, scaled, type DenseLayer, type LayerJet } from "./denseJet.js";
import type { DerivativeOrder, ModelOutput } from "./model.js";

/** One layer as tensors of all members: z = ω (a W + b), then φ, or nothing when activation is null. */
export type LayerTensors = DenseLayer;

interface Jets {
  value: tf.Tensor3D;
  jacobian: tf.Tensor4D | null;
  hessian: tf.Tensor4D | null;
}

/** The Hessian entries (i, j), i ≤ j, in the order they are propagated (row-major upper triangle). */
export function hessianPairs(d: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) pairs.push([i, j]);
  return pairs;
}

/**
 * J_i ⊙ J_j for the pairs i ≤ j, stacked on axis 1: [S, d, m, w] → [S, p, m, w]. The rows are picked by
 * 0/1 selection matrices in a matMul: WASM's Slice/SplitV cost more than a matMul here, and Gather's
 * gradient kernel (UnsortedSegmentSum) is missing on WASM.
 */
function pairProducts(jz: tf.Tensor4D): tf.Tensor4D {
  const [S, d, m, w] = jz.shape;
  if (d === 1) return tf.square(jz);
  const pairs = hessianPairs(d);
  const select = (which: 0 | 1): tf.Tensor3D => {
    const e = new Float32Array(pairs.length * d);
    pairs.forEach((pair, q) => (e[q * d + pair[which]] = 1));
    return tf.broadcastTo(tf.tensor3d(e, [1, pairs.length, d]), [S, pairs.length, d]) as tf.Tensor3D;
  };
  const flat = tf.reshape(jz, [S, d, m * w]) as tf.Tensor3D;
  return tf.reshape(tf.mul(tf.matMul(select(0), flat), tf.matMul(select(1), flat)), [S, pairs.length, m, w]) as tf.Tensor4D;
}

/** a′ = φ(z), J′ = φ′ J_z, H′ = φ″ J_z,i J_z,j + φ′ H_z (module comment) from the layer's jet; hz null means H_z = 0. */
function activate(jet: LayerJet, jz: tf.Tensor4D | null, hz: tf.Tensor4D | null, linear: boolean, order: DerivativeOrder): Jets {
  const [S, n, w] = jet.value.shape;
  if (linear) {
    const jacobian = jz === null ? null : (tf.broadcastTo(jz, [S, jz.shape[1], n, w]) as tf.Tensor4D);
    return { value: jet.value, jacobian, hessian: hz };
  }
  const value = jet.value;
  if (order === 0 || jz === null || jet.first === undefined) return { value, jacobian: null, hessian: null };
  if (order === 2 && jet.second != null && hessianJetAvailable()) {
    // One kernel for the rows below (lib/backend/hessianJet.ts), the same values bit for bit.
    const inputs: tf.NamedTensorMap = hz === null ? { jz, first: jet.first, second: jet.second } : { jz, hz, first: jet.first, second: jet.second };
    const [jacobian, hessian] = tf.engine().runKernel(hz === null ? HESSIAN_JET_FIRST_LAYER : HESSIAN_JET, inputs) as tf.Tensor4D[];
    return { value, jacobian, hessian };
  }
  const first = tf.reshape(jet.first, [S, 1, n, w]);
  const jacobian = tf.mul(jz, first) as tf.Tensor4D;
  if (order === 1) return { value, jacobian, hessian: null };
  const fromHessian = hz === null ? null : tf.mul(hz, first);
  const fromJacobian = jet.second == null ? null : tf.mul(pairProducts(jz), tf.reshape(jet.second, [S, 1, n, w]));
  const terms = [fromHessian, fromJacobian].filter((t): t is tf.Tensor => t !== null);
  const hessian = terms.length === 0 ? null : ((terms.length === 1 ? terms[0] : tf.add(terms[0], terms[1])) as tf.Tensor4D);
  return { value, jacobian, hessian };
}

/** First layer: a = x, J_a = I, H_a = 0, so J_z = ωW for every point and H_z = 0. */
function firstLayer(x: tf.Tensor2D, layer: LayerTensors, order: DerivativeOrder): Jets {
  const [S, d, w] = layer.weights.shape;
  const jet = denseJet(tf.reshape(x, [1, x.shape[0], d]) as tf.Tensor3D, layer, order);
  const jz = order === 0 ? null : (tf.reshape(scaled(layer.weights, layer.scale), [S, d, 1, w]) as tf.Tensor4D);
  return activate(jet, jz, null, layer.activation === null, order);
}

/** Later layer: value, Jacobian and Hessian rows each through one matMul with the same W, bias on the value. */
function laterLayer(jets: Jets, layer: LayerTensors, order: DerivativeOrder): Jets {
  const [S, n, wIn] = jets.value.shape;
  const wOut = layer.weights.shape[2];
  const W = scaled(layer.weights, layer.scale);
  const rows = (t: tf.Tensor4D): tf.Tensor4D => tf.reshape(tf.matMul(tf.reshape(t, [S, -1, wIn]) as tf.Tensor3D, W), [S, -1, n, wOut]) as tf.Tensor4D;
  const jz = jets.jacobian === null ? null : rows(jets.jacobian);
  const hz = jets.hessian === null ? null : rows(jets.hessian);
  return activate(denseJet(jets.value, layer, order), jz, hz, layer.activation === null, order);
}

// The Hessian rows' gradient: one kernel for the adjoints of all inputs (lib/backend/hessianJet.ts).
for (const [kernelName, inputsToSave] of [[HESSIAN_JET, ["jz", "hz", "first", "second"]], [HESSIAN_JET_FIRST_LAYER, ["jz", "first", "second"]]] as const) {
  tf.registerGradient({
    kernelName,
    inputsToSave: [...inputsToSave],
    gradFunc: (dy, saved) => {
      const [dJ, dH] = dy as tf.Tensor[];
      const inputs: tf.NamedTensorMap = { dJ, dH };
      inputsToSave.forEach((name, k) => (inputs[name] = saved[k]));
      const [dFirst, dSecond, dJz, dHz] = tf.engine().runKernel(HESSIAN_JET_GRAD, inputs) as tf.Tensor[];
      return { first: () => dFirst, second: () => dSecond, jz: () => dJz, ...(dHz === undefined ? {} : { hz: () => dHz }) };
    },
  });
}

/** Hessian entries for pairs [S, p, n] → full symmetric [S, n, d, d] by one matMul with a 0/1 matrix. */
function fullHessian(pairs: tf.Tensor4D | null, S: number, n: number, d: number): tf.Tensor4D {
  if (pairs === null) return tf.zeros([S, n, d, d]);
  const list = hessianPairs(d);
  const byPoint = tf.reshape(tf.transpose(tf.reshape(pairs, [S, list.length, n]), [0, 2, 1]), [S * n, list.length]);
  if (d === 1) return tf.reshape(byPoint, [S, n, 1, 1]);
  const expand = new Float32Array(list.length * d * d);
  list.forEach(([i, j], q) => {
    expand[q * d * d + i * d + j] = 1;
    expand[q * d * d + j * d + i] = 1;
  });
  return tf.reshape(tf.matMul(byPoint, tf.tensor2d(expand, [list.length, d * d])), [S, n, d, d]);
}

/**
 * u(x), ∇u(x), ∇²u(x) of every member by forward propagation through `layers` (module comment).
 * @param x - [n, d] points shared by the members
 * @param layers - the stack, last layer of width 1
 * @param order - 0, 1 or 2: the highest input derivative computed
 */
export function forwardJets(x: tf.Tensor2D, layers: readonly LayerTensors[], order: DerivativeOrder): ModelOutput {
  let jets = firstLayer(x, layers[0], order);
  for (const layer of layers.slice(1)) jets = laterLayer(jets, layer, order);
  const [S, n] = jets.value.shape;
  const d = x.shape[1];
  const value = tf.reshape(jets.value, [S, n]) as tf.Tensor2D;
  if (order === 0 || jets.jacobian === null) return { value };
  const gradient = tf.transpose(tf.reshape(jets.jacobian, [S, d, n]), [0, 2, 1]) as tf.Tensor3D;
  if (order === 1) return { value, gradient };
  return { value, gradient, hessian: fullHessian(jets.hessian, S, n, d) };
}
