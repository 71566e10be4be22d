/**
 * Sweeps over the single-ReLU landscape for Section 2.2's figures: condition numbers against theta and against
 * |w*|/|w| (Theorem 2.5), and the convexity regions of Remark 2.7 on a grid of the w-plane. Each sweep computes
 * the closed forms and, independently, ml-matrix eigenvalues of the matrices, and reports how far they differ.
 */
import { BOUNDARY_MARGIN } from "../numeric/tolerances.js";
import { conditionNumber, eigenvalues } from "../numeric/linalg.js";
import { exactHessianH, hessianHPaper, hessianL } from "./singleReluHessians.js";
import { reluGeometry, teacherStudentPair } from "./singleReluGeometry.js";
import { conditionNumberExactH, conditionNumberH, conditionNumberL, convexityBoundH, convexityBoundL } from "./singleReluSpectrum.js";

/** One point of a condition-number curve. */
export interface ConditionNumberRow {
  [column: string]: string | number;
  panel: "theta" | "ratio";
  series: "kappa L" | "kappa H (eq. 2)" | "kappa H (population)";
  method: "closed form" | "ml-matrix eigenvalues";
  ratio: number;
  theta: number;
  kappa: number;
}

export interface ConditionNumberSweep {
  rows: ConditionNumberRow[];
  /** Points per curve. */
  points: number;
  /** Worst relative difference between closed-form kappa and kappa of ml-matrix eigenvalues. */
  worstClosedVsEigen: number;
}

const DIMENSION = 3;
const linspace = (a: number, b: number, n: number): number[] => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

/**
 * kappa(hess L), kappa(eq. 2 hess H) and kappa(hess of the population H) along two sweeps, with |w| = 1, d = 3:
 * panel `theta`: theta in (0, pi/2] for each ratio |w*|/|w| in `ratios`; panel `ratio`: the ratio up to 97% of
 * the bound pi/(2 sin theta) of Theorem 2.5 at the fixed angle `theta`.
 */
export function conditionNumberSweep(options: { ratios: number[]; theta: number; points: number }): ConditionNumberSweep {
  const { ratios, theta, points } = options;
  if (!(points >= 2)) throw new Error(`conditionNumberSweep: points must be >= 2, got ${points}`);
  const rows: ConditionNumberRow[] = [];
  let worstClosedVsEigen = 0;
  const addPoint = (panel: ConditionNumberRow["panel"], ratio: number, angle: number): void => {
    const { w, wStar } = teacherStudentPair(DIMENSION, angle, ratio);
    const closed = { "kappa L": conditionNumberL(w, wStar), "kappa H (eq. 2)": conditionNumberH(w, wStar), "kappa H (population)": conditionNumberExactH(w, wStar) };
    const numeric = {
      "kappa L": conditionNumber(eigenvalues(hessianL(w, wStar))),
      "kappa H (eq. 2)": conditionNumber(eigenvalues(hessianHPaper(w, wStar))),
      "kappa H (population)": conditionNumber(eigenvalues(exactHessianH(w, wStar))),
    };
    for (const series of Object.keys(closed) as Array<keyof typeof closed>) {
      rows.push({ panel, series, method: "closed form", ratio, theta: angle, kappa: closed[series] });
      rows.push({ panel, series, method: "ml-matrix eigenvalues", ratio, theta: angle, kappa: numeric[series] });
      worstClosedVsEigen = Math.max(worstClosedVsEigen, Math.abs(numeric[series] / closed[series] - 1));
    }
  };
  for (const ratio of ratios) {
    for (const angle of linspace(Math.PI / 2 / points, Math.PI / 2, points)) addPoint("theta", ratio, angle);
  }
  const ratioBound = Math.PI / (2 * Math.sin(theta));
  for (const ratio of linspace(0.05, 0.97 * ratioBound, points)) addPoint("ratio", ratio, theta);
  return { rows, points, worstClosedVsEigen };
}

/** One grid point of the w-plane, teacher w* = (1, 0). */
export interface ConvexityRow {
  [column: string]: number | string;
  w1: number;
  w2: number;
  lambdaMinL: number;
  lambdaMinHEq2: number;
  lambdaMinHPopulation: number;
  /** By the eigenvalues: `S` (hess L positive definite), `S' \ S` (only eq. 2's hess H), `neither`. */
  region: "S" | "S' \\ S" | "neither";
}

export interface ConvexityGrid {
  rows: ConvexityRow[];
  /** Grid points classified (away from theta = 0 and from the boundaries by BOUNDARY_MARGIN). */
  classified: number;
  /** Fraction of points where sign(lambda_min(hess L)) agrees with sin theta < pi |w| / (2 |w*|). */
  agreementS: number;
  /** Fraction of points where sign(lambda_min(eq. 2 hess H)) agrees with sin theta < 2 pi |w| / (3 |w*|). */
  agreementSPrime: number;
  /** Points in S'. */
  inSPrime: number;
  /** Fraction of the points of S' where the Hessian of the population H is positive definite. */
  populationHConvexOnSPrime: number;
  /** Fraction of points where [Hessian of the population H positive definite] <=> [w in S]. */
  populationHConvexExactlyOnS: number;
}

/** Ten significant digits: the figure's CSV stays readable and small, and the sign is never changed. */
const tenDigits = (x: number): number => Number(x.toPrecision(10));
const smallestReal = (values: number[]): number => Math.min(...values);

/**
 * Classifies a size x size grid of w in [x0, x1] x [y0, y1] (d = 2, w* = (1, 0)) by the smallest eigenvalue of
 * each Hessian (ml-matrix) and compares with Remark 2.7's inequalities.
 */
export function convexityRegionGrid(options: { size: number; extent: [number, number, number, number] }): ConvexityGrid {
  const { size, extent } = options;
  const [x0, x1, y0, y1] = extent;
  const wStar = [1, 0];
  const rows: ConvexityRow[] = [];
  let agreeS = 0, agreeSPrime = 0, inSPrime = 0, convexInSPrime = 0, convexExactlyOnS = 0, classified = 0;
  for (const w2 of linspace(y0, y1, size)) {
    for (const w1 of linspace(x0, x1, size)) {
      const w = [w1, w2];
      const { sinTheta } = reluGeometry(w, wStar);
      if (!(sinTheta > BOUNDARY_MARGIN)) continue;
      const lambdaMinL = smallestReal(eigenvalues(hessianL(w, wStar)).real);
      const lambdaMinHEq2 = smallestReal(eigenvalues(hessianHPaper(w, wStar)).real);
      const lambdaMinHPopulation = smallestReal(eigenvalues(exactHessianH(w, wStar)).real);
      const region = lambdaMinL > 0 ? "S" : lambdaMinHEq2 > 0 ? "S' \\ S" : "neither";
      rows.push({ w1, w2, lambdaMinL: tenDigits(lambdaMinL), lambdaMinHEq2: tenDigits(lambdaMinHEq2), lambdaMinHPopulation: tenDigits(lambdaMinHPopulation), region });
      const boundS = convexityBoundL(w, wStar), boundSPrime = convexityBoundH(w, wStar);
      if (Math.abs(sinTheta - boundS) < BOUNDARY_MARGIN || Math.abs(sinTheta - boundSPrime) < BOUNDARY_MARGIN) continue;
      classified++;
      const memberS = sinTheta < boundS, memberSPrime = sinTheta < boundSPrime;
      if (lambdaMinL > 0 === memberS) agreeS++;
      if (lambdaMinHEq2 > 0 === memberSPrime) agreeSPrime++;
      if (lambdaMinHPopulation > 0 === memberS) convexExactlyOnS++;
      if (memberSPrime) {
        inSPrime++;
        if (lambdaMinHPopulation > 0) convexInSPrime++;
      }
    }
  }
  if (classified === 0) throw new Error(`convexityRegionGrid: no grid point could be classified (size ${size}, extent ${extent})`);
  return {
    rows,
    classified,
    agreementS: agreeS / classified,
    agreementSPrime: agreeSPrime / classified,
    inSPrime,
    populationHConvexOnSPrime: inSPrime ? convexInSPrime / inSPrime : NaN,
    populationHConvexExactlyOnS: convexExactlyOnS / classified,
  };
}
