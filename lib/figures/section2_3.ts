/**
 * Section 2.3's figures (Theorems 2.9-2.11): the decay of V = |w - w*|^2 along gradient flows, the rate
 * lambda(theta) of Theorem 2.10, and dV/dt against the printed and corrected bounds of Theorem 2.10.
 * Line styles follow the house style (lib/plot/style.ts): L² dashed, H¹ solid, H² dash-dot; colours mark
 * initialisations or fields, never a loss colour, since the dash already tells the loss.
 */
import { LOSS_DASH, PARAMETER_COLORS, REFERENCE_COLOR, REFERENCE_DASH, legendBelow, type FigureSpec, type PlotlyTrace } from "../plot/index.js";

/** One state of a flow for the V(t) figure. */
export type LyapunovDecayRow = {
  /** "ReLU" (Theorems 2.9, 2.10) or "ReLU²" (Theorem 2.11). */
  panel: "ReLU" | "ReLU²";
  flow: "L2" | "H1" | "H2";
  /** Index of the initialisation; `label` describes it in the legend. */
  start: number;
  label: string;
  t: number;
  /** The abscissa: t for ReLU, ‖w*‖² t for ReLU² (its losses are homogeneous of degree 4 in (w, w*), so w/‖w*‖ is a
   * function of ‖w*‖² t: this puts teachers of different norms on one time scale). */
  x: number;
  V: number;
};

const FLOW_STYLE: Record<LyapunovDecayRow["flow"], { dash: string; label: string }> = {
  L2: { dash: LOSS_DASH.L2, label: "L² flow (dashed)" },
  H1: { dash: LOSS_DASH.H1, label: "H¹ flow (solid)" },
  H2: { dash: LOSS_DASH.H2, label: "H² flow (dash-dot)" },
};
const COLORS = PARAMETER_COLORS;
/** The closed form λ(θ) and its marked points: one colour for the curve, a second for the marked peak. */
const CURVE_COLOR = "#17becf";
const PEAK_COLOR = "#ff7f0e";

/** V(t) on a log axis, one panel per node type, colour per initialisation, dash per loss. */
export function lyapunovDecayFigure(rows: readonly LyapunovDecayRow[], id: string, title: string): FigureSpec {
  const startsShown = [...new Set(rows.map((r) => r.start))];
  const traces: PlotlyTrace[] = [];
  for (const panel of ["ReLU", "ReLU²"] as const) {
    const axes = panel === "ReLU" ? { xaxis: "x", yaxis: "y" } : { xaxis: "x2", yaxis: "y2" };
    for (const flow of ["L2", "H1", "H2"] as const) {
      startsShown.forEach((start, k) => {
        const curve = rows.filter((r) => r.panel === panel && r.flow === flow && r.start === start);
        if (curve.length === 0) return;
        traces.push({
          type: "scatter", mode: "lines", x: curve.map((r) => r.x), y: curve.map((r) => r.V),
          name: curve[0].label, legendgroup: `start ${start}`, showlegend: panel === "ReLU" && flow === "H1",
          line: { dash: FLOW_STYLE[flow].dash, color: COLORS[k % COLORS.length], width: 2 }, ...axes,
        });
      });
    }
  }
  // Legend entries for the line styles (no data).
  for (const flow of ["L2", "H1", "H2"] as const) {
    traces.push({ type: "scatter", mode: "lines", x: [null], y: [null], name: FLOW_STYLE[flow].label, legendgroup: flow, line: { dash: FLOW_STYLE[flow].dash, color: "black", width: 2 } });
  }
  return {
    id,
    title,
    traces,
    data: [...rows],
    width: 1150,
    height: 560,
    layout: {
      xaxis: { title: "t", domain: [0, 0.44] },
      yaxis: { title: "V(t) = ‖w(t) − w*‖²", type: "log", exponentformat: "power" },
      xaxis2: { title: "‖w*‖² t", domain: [0.54, 1], anchor: "y2" },
      yaxis2: { title: "V(t) = ‖w(t) − w*‖²", type: "log", exponentformat: "power", anchor: "x2" },
      legend: { font: { size: 11 } },
      annotations: [
        { text: "one ReLU node: L² vs H¹ (Thm 2.9, 2.10)", xref: "paper", yref: "paper", x: 0.22, y: 1.0, xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 13 } },
        { text: "one ReLU² node: L² vs H¹ vs H² (Thm 2.11)", xref: "paper", yref: "paper", x: 0.77, y: 1.0, xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 13 } },
      ],
    },
  };
}

/** One point of the lambda(theta) figure. */
export type AccelerationRateRow = {
  theta: number;
  lambda: number;
  /** "eq. 8" (closed form) or the eigenvalue check's name. */
  method: string;
};

/**
 * lambda(theta) on [0, pi/2]: the closed form as a line, computed eigenvalues of M2 as markers, the peak and the
 * end point marked; their values are in the legend, below the plot, so no label sits on the curve.
 */
export function accelerationRateFigure(rows: readonly AccelerationRateRow[], peak: { theta: number; lambda: number }, id: string, title: string): FigureSpec {
  const closed = rows.filter((r) => r.method === "eq. 8");
  const numeric = rows.filter((r) => r.method !== "eq. 8");
  const end = closed[closed.length - 1];
  return {
    id,
    title,
    data: [...rows],
    width: 900,
    height: 520,
    traces: [
      { type: "scatter", mode: "lines", name: "λ(θ) = (2π − θ) − √(θ² + (2π − θ)² cos²θ)  (eq. 8)", x: closed.map((r) => r.theta), y: closed.map((r) => r.lambda), line: { color: CURVE_COLOR, width: 2.5 } },
      { type: "scatter", mode: "markers", name: "λmin(M₂) from computed eigenvalues (check)", x: numeric.map((r) => r.theta), y: numeric.map((r) => r.lambda), marker: { color: CURVE_COLOR, size: 7, symbol: "circle-open" } },
      {
        type: "scatter", mode: "markers", name: `peak: θ = ${peak.theta.toFixed(4)}, λ = ${peak.lambda.toFixed(4)} (dotted line)`, x: [peak.theta], y: [peak.lambda],
        marker: { color: PEAK_COLOR, size: 11, symbol: "diamond" },
      },
      {
        type: "scatter", mode: "markers", name: `θ = π/2: λ(π/2) = π = ${end.lambda.toFixed(4)}`, x: [end.theta], y: [end.lambda],
        marker: { color: "black", size: 9, symbol: "square" },
      },
    ],
    layout: {
      xaxis: { title: "θ = ∠(w, w*) (rad)", range: [0, Math.PI / 2 + 0.03], tickvals: [0, Math.PI / 8, Math.PI / 4, (3 * Math.PI) / 8, Math.PI / 2], ticktext: ["0", "π/8", "π/4", "3π/8", "π/2"] },
      // The y range starts a little below 0, so its "0" label does not sit on the x axis's "0" in the corner.
      yaxis: { title: "λ(θ)", range: [-0.04 * Math.max(...closed.map((r) => r.lambda)), 1.06 * Math.max(...closed.map((r) => r.lambda))] },
      shapes: [{ type: "line", x0: peak.theta, x1: peak.theta, y0: 0, y1: peak.lambda, line: { color: PEAK_COLOR, dash: "dot", width: 1.5 } }],
      legend: legendBelow(),
    },
  };
}

/** One state of a Theorem 2.10 flow, with both sides of the printed and of the corrected inequality. */
export type BoundCheckRow = {
  /** "printed" (−(w − w*)ᵀ∇H against the printed right side) or "corrected" (dV/dt against the corrected bound). */
  panel: "printed" | "corrected";
  /** Which ∇H drives the flow, e.g. "paper ∇H (E[per-sample ∇])" or "exact ∇H". */
  field: string;
  start: number;
  t: number;
  V: number;
  /** Left side of the inequality and its right side (the bound). */
  left: number;
  bound: number;
  holds: boolean;
};

/**
 * left side / bound against t, one line per trajectory, one panel per inequality. Both sides are negative, so the
 * inequality left <= bound holds exactly where the ratio is >= 1 (above the dotted line).
 */
export function theorem210BoundFigure(rows: readonly BoundCheckRow[], id: string, title: string): FigureSpec {
  const fields = [...new Set(rows.map((r) => r.field))];
  const traces: PlotlyTrace[] = [];
  const ratio = (r: BoundCheckRow): number => r.left / r.bound;
  const tMax = Math.max(...rows.map((r) => r.t));
  for (const panel of ["printed", "corrected"] as const) {
    const axes = panel === "printed" ? { xaxis: "x", yaxis: "y" } : { xaxis: "x2", yaxis: "y2" };
    traces.push({ type: "scatter", mode: "lines", name: "left side = bound (above: holds, below: violated)", showlegend: panel === "printed", legendgroup: "one", x: [0, tMax], y: [1, 1], line: { color: REFERENCE_COLOR, dash: REFERENCE_DASH, width: 1.5 }, ...axes });
    fields.forEach((field, k) => {
      const starts = [...new Set(rows.filter((r) => r.field === field).map((r) => r.start))];
      starts.forEach((start, j) => {
        const points = rows.filter((r) => r.panel === panel && r.field === field && r.start === start);
        traces.push({
          type: "scatter", mode: "lines", name: field, legendgroup: field, showlegend: panel === "printed" && j === 0,
          x: points.map((r) => r.t), y: points.map(ratio), line: { color: COLORS[k % COLORS.length], width: 1.3 }, opacity: 0.75, ...axes,
        });
      });
    });
  }
  const fractionText = (panel: "printed" | "corrected"): string =>
    fields
      .map((field) => {
        const points = rows.filter((r) => r.panel === panel && r.field === field);
        return `${field}: holds at ${((100 * points.filter((r) => r.holds).length) / points.length).toFixed(1)}% of the states shown`;
      })
      .join("<br>");
  // Each panel's title, with below it how often the inequality holds (above the plot, where it hides no curve).
  const panelTitle = (x: number, text: string, panel: "printed" | "corrected") => ({
    text: `${text}<br><span style="font-size:11px">${fractionText(panel)}</span>`, xref: "paper", yref: "paper", x, y: 1.0, xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 13 },
  });
  const ticks = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500];
  const ratioAxis = { type: "log", tickvals: ticks, ticktext: ticks.map(String) };
  return {
    id,
    title,
    traces,
    data: rows.map((r) => ({ ...r, ratio: ratio(r) })),
    width: 1150,
    height: 600,
    layout: {
      xaxis: { title: "t", domain: [0, 0.44] },
      yaxis: { title: "−(w − w*)ᵀ∇H  /  [−(w − w*)ᵀ∇L − λ(θ)(‖w‖² + ‖w*‖²)]", ...ratioAxis },
      xaxis2: { title: "t", domain: [0.56, 1], anchor: "y2" },
      yaxis2: { title: "dV/dt  /  [−2(w − w*)ᵀ∇L − λ(θ)(‖w‖² + ‖w*‖²)/(2π)]", anchor: "x2", ...ratioAxis },
      legend: legendBelow(),
      margin: { t: 150 },
      annotations: [
        panelTitle(0.22, "printed Theorem 2.10 (its dV/dt = −(w − w*)ᵀ∇H)", "printed"),
        panelTitle(0.78, "corrected: true dV/dt = −2(w − w*)ᵀ∇H, λ/(2π)", "corrected"),
      ],
    },
  };
}
