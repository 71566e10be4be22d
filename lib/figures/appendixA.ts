/**
 * Appendix A's figures (Proposition A.1, the linear model): condition numbers of the two Hessians against lambda,
 * and the measured errors of w_L2 and w_H1 over noise draws against lambda with the closed forms, printed and
 * corrected. Line styles follow the paper's Figure 1: L² dashed, H¹ solid.
 */
import { Matrix } from "ml-matrix";
import * as LM from "../analytic/linearModel.js";
import { conditionNumber, eigenvalues } from "../numeric/linalg.js";
import { LOSS_COLORS, LOSS_DASH, PARAMETER_COLORS, legendBelow, legendRight, type FigureSpec, type PlotlyTrace } from "../plot/index.js";

/** Colours mark the design, never a loss colour: the dash tells the loss (house style, lib/plot/style.ts). */
const COLORS = PARAMETER_COLORS;

/** One point of a kappa-against-lambda curve. */
export interface LinearConditionNumberRow {
  [column: string]: string | number;
  design: string;
  series: "kappa L" | "kappa H";
  method: "printed closed form" | "ml-matrix eigenvalues";
  lambda: number;
  kappa: number;
}

/**
 * kappa(X^T X) and kappa(X^T X + lambda I) for each design and lambda: the printed closed form
 * (s_max + lambda)/(s_min + lambda) and, independently, kappa of ml-matrix eigenvalues of the matrix.
 * Returns the tidy rows and the worst relative difference between the two.
 */
export function linearConditionNumberCurves(designs: Array<{ label: string; X: Matrix }>, lambdas: number[]): { rows: LinearConditionNumberRow[]; worstPrintedVsEigen: number } {
  const rows: LinearConditionNumberRow[] = [];
  let worstPrintedVsEigen = 0;
  for (const { label, X } of designs) {
    const kappaL = conditionNumber(eigenvalues(LM.hessianL(X)));
    for (const lambda of lambdas) {
      const printed = LM.conditionNumberHPrinted(X, lambda);
      const numeric = conditionNumber(eigenvalues(LM.hessianH(X, lambda)));
      worstPrintedVsEigen = Math.max(worstPrintedVsEigen, Math.abs(numeric / printed - 1));
      rows.push({ design: label, series: "kappa L", method: "ml-matrix eigenvalues", lambda, kappa: kappaL });
      rows.push({ design: label, series: "kappa H", method: "printed closed form", lambda, kappa: printed });
      rows.push({ design: label, series: "kappa H", method: "ml-matrix eigenvalues", lambda, kappa: numeric });
    }
  }
  return { rows, worstPrintedVsEigen };
}

export function linearConditionNumberFigure(rows: LinearConditionNumberRow[], id: string, title: string): FigureSpec {
  const designs = [...new Set(rows.map((r) => r.design))];
  const traces: PlotlyTrace[] = designs.flatMap((design, k) => {
    const color = COLORS[k % COLORS.length];
    const pick = (series: string, method: string) => rows.filter((r) => r.design === design && r.series === series && r.method === method);
    const kappaL = pick("kappa L", "ml-matrix eigenvalues");
    const printed = pick("kappa H", "printed closed form");
    const numeric = pick("kappa H", "ml-matrix eigenvalues");
    // One legend group per design: its title names the design (the population covariance S of the rows), its
    // entries what each line is; κ(∇²L) is the sample's κ(XᵀX), which need not equal κ(S).
    const group = { legendgroup: design, legendgrouptitle: { text: `rows xᵢ ~ N(0, S), ${design}` } };
    return [
      { type: "scatter", mode: "lines", name: "κ(∇²L) = κ(XᵀX) of the sample", ...group, x: kappaL.map((r) => r.lambda), y: kappaL.map((r) => r.kappa), line: { dash: LOSS_DASH.L2, color } },
      { type: "scatter", mode: "lines", name: "κ(∇²H) = (s_max + λ)/(s_min + λ)", ...group, x: printed.map((r) => r.lambda), y: printed.map((r) => r.kappa), line: { dash: LOSS_DASH.H1, color } },
      { type: "scatter", mode: "markers", name: "κ(XᵀX + λI), computed eigenvalues", showlegend: false, legendgroup: "check", x: numeric.map((r) => r.lambda), y: numeric.map((r) => r.kappa), marker: { size: 6, color, symbol: "circle-open" } },
    ];
  });
  traces.push({ type: "scatter", mode: "markers", name: "κ(XᵀX + λI) from computed eigenvalues (check)", legendgroup: "check", legendgrouptitle: { text: "every design" }, x: [null], y: [null], marker: { size: 6, color: "#7f7f7f", symbol: "circle-open" } });
  return {
    id,
    title,
    traces,
    data: rows,
    width: 1000,
    height: 520,
    layout: {
      xaxis: { title: "λ", type: "log", dtick: 1 },
      yaxis: { title: "condition number κ", type: "log", dtick: 1 },
      legend: legendRight({ font: { size: 11 }, tracegroupgap: 8 }),
    },
  };
}

/** One plotted value of the error figure. */
export interface LinearErrorRow {
  [column: string]: string | number;
  panel: "in-sample" | "generalisation";
  estimator: "L2" | "H1";
  method: "Monte Carlo" | "closed form" | "as printed";
  lambda: number;
  value: number;
  standardError: number;
}

/**
 * The Monte Carlo means (with standard errors) of the in-sample error sum_i ((w - w*)^T x_i)^2 and of the
 * generalisation error E_x (w^T x - w*^T x)^2 of both estimators, against lambda, with the corrected closed forms
 * and the printed ones (Var_L2 = d, Var_H1 = sum s_i/(sqrt(s_i) + lambda)^2, E_x = Var + sigma^2) on `curveLambdas`.
 */
export function linearErrorRows(
  result: LM.LinearMonteCarloResult,
  problem: { X: Matrix; sigma: number; secondMoment: Matrix },
  curveLambdas: number[],
): LinearErrorRow[] {
  const { X, sigma, secondMoment } = problem;
  const rows: LinearErrorRow[] = [];
  const push = (panel: LinearErrorRow["panel"], estimator: LinearErrorRow["estimator"], method: LinearErrorRow["method"], lambda: number, value: number, standardError = 0) =>
    rows.push({ panel, estimator, method, lambda, value, standardError });
  for (const h of result.h1) {
    push("in-sample", "L2", "Monte Carlo", h.lambda, result.l2.inSample.mean[0], result.l2.inSample.standardError[0]);
    push("in-sample", "H1", "Monte Carlo", h.lambda, h.inSample.mean[0], h.inSample.standardError[0]);
    push("generalisation", "L2", "Monte Carlo", h.lambda, result.l2.generalisation.mean[0], result.l2.generalisation.standardError[0]);
    push("generalisation", "H1", "Monte Carlo", h.lambda, h.generalisation.mean[0], h.generalisation.standardError[0]);
  }
  for (const lambda of curveLambdas) {
    const printedL2 = LM.varianceL2Printed(X);
    const printedH1 = LM.varianceH1Printed(X, lambda);
    push("in-sample", "L2", "closed form", lambda, LM.varianceL2(X, sigma));
    push("in-sample", "H1", "closed form", lambda, LM.varianceH1(X, lambda, sigma));
    push("in-sample", "L2", "as printed", lambda, printedL2);
    push("in-sample", "H1", "as printed", lambda, printedH1);
    push("generalisation", "L2", "closed form", lambda, LM.generalisationErrorL2(X, sigma, secondMoment));
    push("generalisation", "H1", "closed form", lambda, LM.generalisationErrorH1(X, lambda, sigma, secondMoment));
    push("generalisation", "L2", "as printed", lambda, LM.generalisationErrorPrinted(printedL2, sigma));
    push("generalisation", "H1", "as printed", lambda, LM.generalisationErrorPrinted(printedH1, sigma));
  }
  return rows;
}

const ESTIMATOR_STYLE = { L2: { dash: LOSS_DASH.L2, color: LOSS_COLORS.L2, label: "ŵ_L²" }, H1: { dash: LOSS_DASH.H1, color: LOSS_COLORS.H1, label: "ŵ_H¹" } } as const;

export function linearErrorFigure(rows: LinearErrorRow[], id: string, title: string): FigureSpec {
  const traces: PlotlyTrace[] = [];
  (["in-sample", "generalisation"] as const).forEach((panel, p) => {
    const axes = p === 0 ? { xaxis: "x", yaxis: "y" } : { xaxis: "x2", yaxis: "y2" };
    (["L2", "H1"] as const).forEach((estimator) => {
      const style = ESTIMATOR_STYLE[estimator];
      const pick = (method: string) => rows.filter((r) => r.panel === panel && r.estimator === estimator && r.method === method);
      const closed = pick("closed form");
      const printed = pick("as printed");
      const measured = pick("Monte Carlo");
      const legend = p === 0;
      traces.push({ type: "scatter", mode: "lines", name: `${style.label}, closed form (corrected)`, showlegend: legend, x: closed.map((r) => r.lambda), y: closed.map((r) => r.value), line: { dash: style.dash, color: style.color }, ...axes });
      traces.push({ type: "scatter", mode: "lines", name: `${style.label}, as printed`, showlegend: legend, x: printed.map((r) => r.lambda), y: printed.map((r) => r.value), line: { dash: "dot", color: style.color, width: 1.5 }, opacity: 0.6, ...axes });
      traces.push({
        type: "scatter", mode: "markers", name: `${style.label}, Monte Carlo mean ± 2 s.e.`, showlegend: legend,
        x: measured.map((r) => r.lambda), y: measured.map((r) => r.value),
        error_y: { type: "data", array: measured.map((r) => 2 * r.standardError), visible: true, color: style.color },
        marker: { size: 6, color: style.color, symbol: estimator === "L2" ? "square-open" : "circle-open" }, ...axes,
      });
    });
  });
  return {
    id,
    title,
    traces,
    data: rows,
    width: 1100,
    height: 540,
    layout: {
      xaxis: { title: "λ", type: "log", domain: [0, 0.45] },
      yaxis: { title: "E Σᵢ ((ŵ − w*)ᵀxᵢ)²  (in-sample, 'Var')", type: "log", dtick: 1, exponentformat: "power" },
      xaxis2: { title: "λ", type: "log", domain: [0.55, 1], anchor: "y2" },
      yaxis2: { title: "E_ε E_x (ŵᵀx − w*ᵀx)²  (generalisation)", type: "log", anchor: "x2", dtick: 1, exponentformat: "power" },
      legend: legendBelow({ font: { size: 11 } }),
    },
  };
}
