/**
 * The closed-form eigenvalues of the proof of Theorem 2.5 next to ml-matrix's eigenvalues of the matrices, one row
 * per (pair, matrix): numbers a reviewer can read, not only verdicts.
 */
import type { Matrix } from "ml-matrix";
import { eigenvalues } from "../numeric/linalg.js";
import { exactHessianH, hessianHPaper, hessianL } from "./singleReluHessians.js";
import { reluGeometry } from "./singleReluGeometry.js";
import {
  eigenvaluesExactHessianH,
  eigenvaluesHessianHPaper,
  eigenvaluesHessianL,
  type SingleReluSpectrum,
} from "./singleReluSpectrum.js";

type Pair = { w: readonly number[]; wStar: readonly number[] };
type Row = Record<string, string | number>;

const MATRICES: Array<[string, (w: readonly number[], wStar: readonly number[]) => Matrix, (w: readonly number[], wStar: readonly number[]) => SingleReluSpectrum]> = [
  ["hess L (eq. 2)", hessianL, eigenvaluesHessianL],
  ["hess H (eq. 2)", hessianHPaper, eigenvaluesHessianHPaper],
  ["hess H (population)", exactHessianH, eigenvaluesExactHessianH],
];

const list = (values: number[]): string => values.map((x) => x.toFixed(6)).join(", ");

export function spectrumTable(pairs: readonly Pair[]): Row[] {
  return pairs.flatMap((pair, index) => {
    const { d, theta, normW, normWStar } = reluGeometry(pair.w, pair.wStar);
    return MATRICES.map(([matrix, build, closed]) => {
      const numeric = eigenvalues(build(pair.w, pair.wStar)).real.sort((a, b) => a - b);
      const predicted = closed(pair.w, pair.wStar).values;
      return {
        pair: index + 1,
        d,
        "theta (rad)": Number(theta.toFixed(4)),
        "|w*|/|w|": Number((normWStar / normW).toFixed(4)),
        matrix,
        "closed form (proof)": list(predicted),
        "ml-matrix": list(numeric),
        "max |difference|": Math.max(...numeric.map((x, k) => Math.abs(x - predicted[k]))),
      };
    });
  });
}
