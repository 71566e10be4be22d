/** Choosing and reporting the TensorFlow.js backend, and the kernels we add to the WASM backend. */
export { BACKEND_CHOICES, currentBackend, describeBackend, describeBackendDetails, selectBackend } from "./select.js";
export type { BackendAttempt, BackendChoice, BackendReport } from "./select.js";
export { kernelsMissingOnWasm, registerMissingWasmKernels, replaceSlowWasmKernels } from "./wasmKernels.js";
export { MAX_DFT_LENGTH } from "./wasmFourier.js";
export { describeNativePack, disableNativeKernels, enableNativeKernels } from "./nativeKernels.js";
export type { NativePackReport } from "./nativeKernels.js";
