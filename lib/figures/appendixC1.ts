/**
 * Appendix C.1's Figure 6: log-log plots of the relative squared error ||estimate − formula||² / ||formula||²,
 * averaged over random pairs (w, w*) (Figure6Point in lib/analytic/autodiffEstimators.ts says why relative),
 * between the analytic population gradients (∇J, ∇I1, ∇I2, ∇I3) and their autodiff Monte Carlo estimates
 * against the number of samples N, one panel per gradient, one colour per input dimension. Solid lines with markers compare with the formula as printed;
 * dashed lines with the other candidate of lib/analytic FIGURE6_FORMULAS (the corrected ∇I1; the gradients of
 * the population J and I3). A grey dotted line of slope −1 in each panel is the 1/N rate.
 */
import { AUTODIFF_GRADIENTS, FIGURE6_FORMULAS, type AutodiffGradient, type Figure6Point } from "../analytic/autodiffEstimators.js";
import { PARAMETER_COLORS, REFERENCE_COLOR, REFERENCE_DASH, legendBelow, logAxis, type FigureSpec, type PlotlyTrace, type TidyRow } from "../plot/index.js";

/** Colours mark the input dimension d (not a loss colour: no loss is compared here). */
const COLORS = PARAMETER_COLORS;
const PANEL_TITLES: Record<AutodiffGradient, string> = {
  J: "∇J  (ReLU, ∇ₓ)",
  I1: "∇I₁  (ReLU², values)",
  I2: "∇I₂  (ReLU², ∇ₓ)",
  I3: "∇I₃  (ReLU², Hessian in x)",
};
/** Panel k of the 2 x 2 grid: its axes and their domains. */
const PANELS = AUTODIFF_GRADIENTS.map((gradient, k) => {
  const [row, column] = [Math.floor(k / 2), k % 2];
  const suffix = k === 0 ? "" : String(k + 1);
  return {
    gradient,
    xaxis: `x${suffix}`,
    yaxis: `y${suffix}`,
    xDomain: column === 0 ? [0, 0.45] : [0.55, 1],
    yDomain: row === 0 ? [0.6, 0.97] : [0, 0.37],
  };
});

export function figure6(points: readonly Figure6Point[], id: string, title: string): FigureSpec {
  const dimensions = [...new Set(points.map((p) => p.dimension))].sort((a, b) => a - b);
  const traces: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = { legend: legendBelow({ font: { size: 12 } }), annotations: [] as unknown[] };
  for (const panel of PANELS) {
    const inPanel = points.filter((p) => p.gradient === panel.gradient);
    const axes = { xaxis: panel.xaxis, yaxis: panel.yaxis };
    for (const [i, d] of dimensions.entries()) {
      for (const role of ["printed", "alternative"] as const) {
        const curve = inPanel.filter((p) => p.dimension === d && p.role === role).sort((a, b) => a.samples - b.samples);
        if (curve.length === 0) continue;
        const printed = role === "printed";
        traces.push({
          type: "scatter",
          mode: printed ? "lines+markers" : "lines",
          // One legend entry per dimension (its colour); the dashed candidate differs by panel, so a single grey
          // entry below points to the line under each panel's title instead of one entry per dimension.
          name: printed ? `d = ${d}, formula as printed` : `d = ${d}, the other candidate`,
          legendgroup: `${d}`,
          showlegend: printed && panel.gradient === "I1",
          x: curve.map((p) => p.samples),
          y: curve.map((p) => p.relativeMse),
          text: curve.map((p) => p.formula),
          line: { color: COLORS[i % COLORS.length], dash: printed ? "solid" : "dash", width: printed ? 2 : 1.5 },
          marker: { size: 6 },
          ...axes,
        });
      }
    }
    if (panel.gradient === "I1" && inPanel.some((p) => p.role === "alternative")) {
      traces.push({
        type: "scatter", mode: "lines", name: "dashed: the other candidate named under each panel's title", legendgroup: "alternative",
        x: [null], y: [null], line: { color: REFERENCE_COLOR, dash: "dash", width: 1.5 }, hoverinfo: "skip", ...axes,
      });
    }
    // The 1/N guide through the first point of the highest printed curve of this panel.
    const printedCurves = inPanel.filter((p) => p.role === "printed");
    const first = Math.min(...printedCurves.map((p) => p.samples));
    const last = Math.max(...printedCurves.map((p) => p.samples));
    const top = Math.max(...printedCurves.filter((p) => p.samples === first).map((p) => p.relativeMse));
    traces.push({
      type: "scatter",
      mode: "lines",
      name: "∝ 1/N",
      legendgroup: "guide",
      showlegend: panel.gradient === "I1",
      x: [first, last],
      y: [top * 3, (top * 3 * first) / last],
      line: { color: REFERENCE_COLOR, dash: REFERENCE_DASH, width: 1.5 },
      hoverinfo: "skip",
      ...axes,
    });
    layout[panel.xaxis.replace("x", "xaxis")] = { type: "log", domain: panel.xDomain, anchor: panel.yaxis, title: "number of samples N", exponentformat: "power", dtick: 1 };
    layout[panel.yaxis.replace("y", "yaxis")] = { type: "log", domain: panel.yDomain, anchor: panel.xaxis, title: "relative MSE (paper: MSE)", ...logAxis(inPanel.map((p) => p.relativeMse)) };
    const alternative = FIGURE6_FORMULAS[panel.gradient].find((f) => f.role === "alternative");
    (layout.annotations as unknown[]).push({
      text: `<b>${PANEL_TITLES[panel.gradient]}</b>${alternative ? `<br><span style="font-size:11px">dashed: ${alternative.formula}</span>` : "<br> "}`,
      showarrow: false,
      xref: "paper",
      yref: "paper",
      x: (panel.xDomain[0] + panel.xDomain[1]) / 2,
      y: panel.yDomain[1] + 0.01,
      xanchor: "center",
      yanchor: "bottom",
      font: { size: 14 },
    });
  }
  const data: TidyRow[] = points.map((p) => ({
    panel: p.gradient,
    formula: p.formula,
    role: p.role,
    dimension: p.dimension,
    samples: p.samples,
    repeats: p.repeats,
    mse: p.mse,
    relativeMse: p.relativeMse,
  }));
  return { id, title, traces, data, width: 1100, height: 860, layout };
}
