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
export {
  indicatorPairKernel,
  kNodeExactGradientH,
  kNodeExactGradientJ,
  kNodeExpectedGradientJ,
  kNodeGradientL,
  kNodeIndicatorJumpTermJ,
  kNodeLossH,
  kNodeLossJ,
  kNodeLossL,
  kNodePaperGradientH,
  orthonormalTeacher,
  reluPairKernel,
} from "./kNode.js";
export type { NetworkRows } from "./kNode.js";
export { monteCarloKNodeGradients } from "./kNodeMonteCarlo.js";
export type { KNodeGradientEstimates } from "./kNodeMonteCarlo.js";
export {
  REDUCED_FLOW_GRADIENTS,
  inOmega,
  reducedFieldExactH,
  reducedFieldFromGradient,
  reducedFieldPrinted,
  symmetricFamilyAngles,
  symmetricFamilyDefect,
  symmetricStudent,
} from "./kNodeSymmetric.js";
export type { RowsGradient, SobolevFlow, SymmetricFamilyAngles } from "./kNodeSymmetric.js";
export {
  diagonalFixedPoint,
  diagonalRatePrinted,
  diagonalSaddlePrinted,
  directionalDerivativeH1,
  eigenvaluesLinearisationL2,
  eigenvaluesM3Printed,
  jacobianF4F5Printed,
  linearisationL2,
  matrixM3Printed,
  oneSidedLinearisationH1,
} from "./kNodeSymmetricFixedPoints.js";
export {
  toeplitzDirectionalDerivative,
  toeplitzFamilyDefect,
  toeplitzFieldPrinted29,
  toeplitzFieldW1,
  toeplitzLinearPart,
  toeplitzMatrixPrinted,
  toeplitzStudent,
} from "./kNodeToeplitz.js";
export { decayRate, diagonalSolution, distanceToTeacher, reducedFlowTrajectory } from "./kNodeFlow.js";
export type { DecayWindow, ReducedFlowOptions } from "./kNodeFlow.js";
export {
  accelerationRate,
  accelerationRatePeak,
  gradientDescentStep,
  gradientHExact,
  gradientHPaper,
  lyapunovRate,
  lyapunovV,
  matrixM1,
  matrixM2,
  matrixN1,
  matrixN2,
  matrixN3,
  matrixN4,
  matrixN5,
  normQuadraticForm,
  printedLyapunovRate,
  squaredDistanceGain,
  stepImprovementF,
  stepSizeBoundC,
  theorem210BoundCorrected,
  theorem210BoundPrinted,
} from "./singleReluFlow.js";
export type { GradientField } from "./singleReluFlow.js";
export {
  arcCosineJ,
  expectationFI1Printed,
  expectationFI2Printed,
  gramEntries,
  jumpTermI3,
  perSampleGradientsReluSquared,
  perSampleLossesReluSquared,
  printedRatesReluSquared,
  reluSquaredGradientI1,
  reluSquaredGradientI1Printed,
  reluSquaredGradientI2,
  reluSquaredGradientI3,
  reluSquaredGradientI3Printed,
  reluSquaredLossI1,
  reluSquaredLossI2,
  reluSquaredLossI3,
  reluSquaredMatrixM,
  reluSquaredMatrixM2,
  reluSquaredMatrixMCorrected,
  reluSquaredMatrixMI3,
} from "./singleReluSquared.js";
export type { FieldTriple, GramEntries, PrintedRatesReluSquared } from "./singleReluSquared.js";
/** Proposition A.1 (Appendix A): the linear model g(x; w) = w^T x, as a namespace (its names overlap the ReLU ones). */
export * as linearModel from "./linearModel.js";
export {
  AUTODIFF_GRADIENTS,
  FIGURE6_FORMULAS,
  HESSIAN_BLOCK_ELEMENTS,
  SAMPLE_BLOCK_ELEMENTS,
  appendixC1Pair,
  autodiffGradientSum,
  autodiffMonteCarloGradients,
  figure6Points,
  figure6Run,
  figure6Slopes,
  logLogFit,
  meanSquaredError,
} from "./autodiffEstimators.js";
export type { AnalyticGradient, AutodiffGradient, Figure6Config, Figure6Point, Figure6Run, Figure6Slope } from "./autodiffEstimators.js";
/** Cocola & Hand, global convergence of Sobolev training: data, the Gram matrix H∞ and its bounds, Monte Carlo. */
export * from "./cocolaHandData.js";
export * from "./cocolaHandGram.js";
export * from "./cocolaHandMonteCarlo.js";
