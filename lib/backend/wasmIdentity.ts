/**
 * Identity for the WASM backend without a copy: the output shares the input's data, as the WASM Reshape kernel
 * and the cpu backend's Identity do (tensors are immutable, and every kernel here writes only outputs it has
 * allocated). tfjs-backend-wasm 4.22's Identity copies the data (kernels/Identity.js), and the engine runs it on
 * every tensor it saves for the backward pass (engine.js, `saveTensorsForBackwardMode`: `this.clone(tensor)`), so
 * a training step copied each saved activation once more: 29 copies in a step of the Fig. 2 MLP with the L2 loss,
 * 63 with H1, each up to [1024, 64] floats there and [48, 28, 28, 32] in the U-Net.
 */
import type { Info } from "./wasmCall.js";

/** What the kernel uses of BackendWasm: its reference count per data. */
interface CountingBackend {
  incRef(dataId: object): void;
}

export function identityWasm(args: { inputs: { x: Info }; backend: CountingBackend }): Info {
  const { x } = args.inputs;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}
