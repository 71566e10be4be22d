/** Differentiation of sampled functions: Chebyshev and Fourier spectral methods, uniform-grid finite differences. */
export {
  applyMatrix,
  chebyshevDiffMatrix,
  chebyshevDiffMatrixOfOrder,
  chebyshevDiffMatrixOn,
  chebyshevPoints,
  chebyshevPointsOn,
} from "./chebyshev.js";
export { chebyshevGrid2d, chebyshevPartial2d } from "./chebyshev2d.js";
export type { ChebyshevGrid2d } from "./chebyshev2d.js";
export { finiteDifferenceDerivative, finiteDifferencePartial2d } from "./finiteDifferences.js";
export { dft, inverseDft, naiveDft } from "./fft.js";
export type { ComplexVector } from "./fft.js";
export { fourierDerivative, fourierFrequencies, fourierPartial2d } from "./fourier.js";
export { applyAlongAxis, PARTIAL_ORDERS } from "./gridAxis.js";
export type { Partial2d } from "./gridAxis.js";
