/** Closed forms for a single ReLU node under Gaussian inputs (Section 2.2 and Appendix B of the paper). */
export { angleBetween, randomStudentNearTeacher, reluGeometry, teacherStudentPair } from "./singleReluGeometry.js";
export type { SingleReluGeometry } from "./singleReluGeometry.js";
export {
  exactGradientJ,
  indicatorJumpTermJ,
  paperGradientJ,
  populationGradientL,
  populationLossJ,
  populationLossL,
} from "./singleRelu.js";
export {
  exactHessianH,
  exactHessianJ,
  hessianHPaper,
  hessianHPaperAppendixPrint,
  hessianL,
  hessianLAppendixPrint,
  inPlaneDirection,
  jacobianPaperGradientJ,
} from "./singleReluHessians.js";
export {
  conditionNumberExactH,
  conditionNumberH,
  conditionNumberL,
  convexityBoundH,
  convexityBoundL,
  eigenvaluesExactHessianH,
  eigenvaluesHessianHPaper,
  eigenvaluesHessianL,
  inRegionS,
  inRegionSPrime,
} from "./singleReluSpectrum.js";
export type { Eigenpair, SingleReluSpectrum } from "./singleReluSpectrum.js";
export { monteCarloGradientJ, monteCarloGradientL, monteCarloLossJ, monteCarloLossL } from "./singleReluMonteCarlo.js";
export type { MonteCarloEstimate } from "./singleReluMonteCarlo.js";
export { conditionNumberSweep, convexityRegionGrid } from "./singleReluSweeps.js";
export type { ConditionNumberRow, ConditionNumberSweep, ConvexityGrid, ConvexityRow } from "./singleReluSweeps.js";
export { spectrumTable } from "./singleReluSpectrumTable.js";
