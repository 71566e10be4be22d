export { conditionNumberFigure, convexityRegionFigure } from "./section2_2.js";
export { linearConditionNumberCurves, linearConditionNumberFigure, linearErrorFigure, linearErrorRows } from "./appendixA.js";
export type { LinearConditionNumberRow, LinearErrorRow } from "./appendixA.js";
export { decayRateFigure, phasePortraitFigure, toeplitzFlowFigure } from "./section2_3_3.js";
export { accelerationRateFigure, lyapunovDecayFigure, theorem210BoundFigure, type AccelerationRateRow, type BoundCheckRow, type LyapunovDecayRow } from "./section2_3.js";
export { figure6 } from "./appendixC1.js";
export { errorCurvesFigure } from "./errorCurves.js";
export { thresholdTimesFigure, type ThresholdTimeRow } from "./thresholdTimes.js";
export { section31Figure, section31LossFigure } from "./section3_1.js";
