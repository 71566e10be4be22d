/** Numerical utilities: tolerances, comparisons, finite differences, seeded randomness, small linear algebra. */
export * from "./tolerances.js";
export { assertClose, assertWithinStandardErrors, maxAbsDifference, relativeDifference } from "./assertClose.js";
export type { Numeric, Tolerance } from "./assertClose.js";
export { centralGradient, centralJacobian } from "./finiteDifferences.js";
export { SeededRandom } from "./random.js";
export type { SeededRandomState } from "./random.js";
export { add, conditionNumber, dot, eigenvalues, norm, outer, scale, sub, symmetricPart } from "./linalg.js";
export type { Eigenvalues } from "./linalg.js";
export * from "./tolerancesFlows.js";
export { fieldExpectation, gaussianPlane, gaussLegendreRule, planeExpectation, planeExpectations, radialGaussRule, radialMoment } from "./quadrature.js";
export type { FieldCoefficients, GaussianPlane, PlanePoint, QuadratureOptions, QuadratureRule } from "./quadrature.js";
export { integrateDormandPrince, integrateRk4 } from "./ode.js";
export type { DormandPrinceOptions, EventOptions, OdeRightHandSide, Trajectory } from "./ode.js";
export { studentTQuantile, studentTTwoSidedProbability } from "./studentT.js";
