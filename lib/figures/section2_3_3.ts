/**
 * Section 2.3.3's figures (Theorems 2.12 and 2.13): phase portraits of the reduced (x, y) flows of eqs. (16)-(17),
 * the decay of the distance to the teacher against t with its measured and printed rates, and the Toeplitz
 * w_1-flow of eq. (28). Line styles follow the paper's Figure 1: L² dashed, H¹ solid.
 *
 * Every builder takes tidy rows (one per plotted point) and draws them as they are: the notebook computes the
 * rows with lib/analytic, these functions only choose panels, colours and legends.
 */
import { LOSS_DASH, PARAMETER_COLORS, legendBelow, legendRight, type FigureSpec, type PlotlyTrace } from "../plot/index.js";

/** Which reduced or w_1 flow a row belongs to: "L2" (eq. (16) / (29)) or "H1" (eq. (17) / (30)). */
export type FlowName = "L2" | "H1";

/** One point of a phase portrait: a trajectory state, the fixed point (1, 0) or a diagonal saddle. */
export type PhasePortraitRow = {
  readonly K: number;
  readonly flow: FlowName;
  /** "trajectory", "fixed point (1, 0)" or "saddle x*" (the diagonal saddle of this flow). */
  readonly series: string;
  /** The trajectory's start as text, e.g. "(0.3, 0.2)"; "" for the markers. */
  readonly start: string;
  /** Time along the trajectory; null for the markers. */
  readonly t: number | null;
  readonly x: number;
  readonly y: number;
};

/** One point of a decay plot: log distance to the teacher against t, or a reference slope exp(-rate t). */
export type DecayRow = {
  readonly K: number;
  readonly flow: FlowName;
  /** "RK4 trajectory", "slope λmin (true linearisation)" or "slope printed (M3 / 2M3)". */
  readonly series: string;
  /** Legend text, with the rate it shows. */
  readonly label: string;
  /** The rate of a reference slope, or the measured decay rate of a trajectory. */
  readonly rate: number;
  readonly t: number;
  readonly distance: number;
};

/** One point of the Toeplitz figure: distance of w_1 to e_1 (w_1-flow) or of W(t) from the Toeplitz family (full flow). */
export type ToeplitzFlowRow = {
  /** "w1-flow: |t - e1|" or "full flow: distance from the Toeplitz family". */
  readonly panel: string;
  readonly K: number;
  readonly flow: FlowName;
  readonly t: number;
  readonly value: number;
};

/** Colours mark K or a start, never a loss colour: the dash tells the flow (house style, lib/plot/style.ts). */
const COLORS = PARAMETER_COLORS;
const DASH: Record<FlowName, string> = { L2: LOSS_DASH.L2, H1: LOSS_DASH.H1 };
const FLOW_LABEL: Record<FlowName, string> = { L2: "L² flow", H1: "H¹ flow" };

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Side-by-side x axes, one per panel, with their domains. */
function panelAxes(count: number, gap = 0.06): Array<{ xaxis: string; yaxis: string; domain: [number, number] }> {
  const width = (1 - gap * (count - 1)) / count;
  return Array.from({ length: count }, (_, k) => ({
    xaxis: k === 0 ? "x" : `x${k + 1}`,
    yaxis: k === 0 ? "y" : `y${k + 1}`,
    domain: [k * (width + gap), k * (width + gap) + width] as [number, number],
  }));
}

/** Two legend-only traces that explain the line styles: L² dashed, H¹ solid. */
function styleLegend(names: Record<FlowName, string>): PlotlyTrace[] {
  return (["L2", "H1"] as const).map((flow) => ({
    type: "scatter", mode: "lines", name: names[flow], x: [null], y: [null],
    line: { color: "black", dash: DASH[flow], width: 2 }, legendgroup: `style-${flow}`,
  }));
}

/**
 * Phase portraits of eqs. (16) and (17), one panel per K: trajectories from starts in Omega (one colour per start,
 * L² dashed, H¹ solid), the teacher (1, 0) and the diagonal saddles x*_L2, x*_H1, with the edges of Omega.
 */
export function phasePortraitFigure(rows: readonly PhasePortraitRow[], id: string, title: string): FigureSpec {
  const Ks = unique(rows.map((r) => r.K)).sort((a, b) => a - b);
  const starts = unique(rows.filter((r) => r.series === "trajectory").map((r) => r.start));
  const axes = panelAxes(Ks.length);
  const traces: PlotlyTrace[] = [...styleLegend({ L2: "L² flow, eq. (16)", H1: "H¹ flow, eq. (17)" })];
  const layout: Record<string, unknown> = {
    legend: legendBelow({ font: { size: 11 } }),
    shapes: [] as unknown[],
    annotations: [] as unknown[],
    margin: { t: 70 },
  };
  Ks.forEach((K, panel) => {
    const { xaxis, yaxis, domain } = axes[panel];
    const suffix = panel === 0 ? "" : String(panel + 1);
    layout[`xaxis${suffix}`] = { title: "x", domain, range: [0, 1.05], anchor: yaxis };
    layout[`yaxis${suffix}`] = { title: panel === 0 ? "y" : "", range: [-0.03, 1.02], anchor: xaxis };
    (layout.annotations as unknown[]).push({
      text: `K = ${K}`, xref: `${xaxis} domain`, yref: `${yaxis} domain`, x: 0.5, y: 1.06, showarrow: false, font: { size: 14 },
    });
    // Edges of Omega = {0 < x <= 1, 0 <= y, x > y}: the diagonal y = x, the axis y = 0 and the line x = 1.
    (layout.shapes as unknown[]).push({
      type: "path", path: "M 0 0 L 1 0 L 1 1 Z", xref: xaxis, yref: yaxis, line: { color: "#999", width: 1, dash: "dot" }, fillcolor: "rgba(0,0,0,0.03)",
    });
    starts.forEach((start, s) => {
      for (const flow of ["L2", "H1"] as const) {
        const points = rows.filter((r) => r.K === K && r.flow === flow && r.series === "trajectory" && r.start === start);
        traces.push({
          type: "scatter", mode: "lines", name: `start ${start}`, legendgroup: `start-${start}`, showlegend: panel === 0 && flow === "H1",
          x: points.map((r) => r.x), y: points.map((r) => r.y), xaxis, yaxis,
          line: { color: COLORS[s % COLORS.length], dash: DASH[flow], width: flow === "H1" ? 2 : 1.6 },
        });
      }
    });
    const markers: Array<{ series: string; flow?: FlowName; name: string; symbol: string; color: string }> = [
      { series: "fixed point (1, 0)", name: "teacher (1, 0)", symbol: "star", color: "black" },
      { series: "saddle x*", flow: "L2", name: "saddle (x*, x*) of L²", symbol: "diamond-open", color: "black" },
      { series: "saddle x*", flow: "H1", name: "saddle (x*, x*) of H¹", symbol: "diamond", color: "black" },
    ];
    for (const marker of markers) {
      const points = rows.filter((r) => r.K === K && r.series === marker.series && (marker.flow === undefined || r.flow === marker.flow));
      traces.push({
        type: "scatter", mode: "markers", name: marker.name, legendgroup: marker.name, showlegend: panel === 0,
        x: points.map((r) => r.x), y: points.map((r) => r.y), xaxis, yaxis,
        marker: { symbol: marker.symbol, size: marker.symbol === "star" ? 14 : 10, color: marker.color, line: { width: 1.5, color: marker.color } },
      });
    }
  });
  return { id, title, traces, data: [...rows], width: 1200, height: 560, layout };
}

/**
 * Log distance to (1, 0) against t, one panel per flow: RK4 trajectories for several K (colour per K) with two
 * reference slopes beside each: the slowest eigenvalue of the true linearisation (dotted) and the printed rate
 * (thin, long dashes). The legend is grouped: one entry per K (colour), one per kind of line (style); each line's
 * rate is in its hover text and in the rate table beside the figure.
 */
export function decayRateFigure(rows: readonly DecayRow[], id: string, title: string): FigureSpec {
  const Ks = unique(rows.map((r) => r.K)).sort((a, b) => a - b);
  const flows: FlowName[] = ["L2", "H1"];
  const axes = panelAxes(2, 0.12);
  const traces: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = { legend: legendRight({ font: { size: 11 } }), annotations: [] as unknown[], margin: { t: 70 } };
  // Plotly's "longdash" at this width is a 15 px dash and a 15 px gap, which the legend's short sample shows as a
  // single stroke that reads as solid; a 12 px dash with 5 px gaps still reads as long dashes and shows two there.
  const PRINTED_DASH = "12px,5px";
  const traces0: PlotlyTrace[] = [
    ...Ks.map((K, k): PlotlyTrace => ({ type: "scatter", mode: "lines", name: `K = ${K}`, legendgroup: `K-${K}`, x: [null], y: [null], line: { color: COLORS[k % COLORS.length], width: 2.5 } })),
    ...([
      ["RK4 trajectory (L² dashed, H¹ solid)", { dash: "solid", width: 2.5 }],
      ["slope of λmin of the linearisation (dotted)", { dash: "dot", width: 1.5 }],
      ["slope of the printed rate (long dashes)", { dash: PRINTED_DASH, width: 1.2 }],
    ] as const).map(([name, line]): PlotlyTrace => ({ type: "scatter", mode: "lines", name, legendgroup: `style-${name}`, x: [null], y: [null], line: { color: "black", ...line } })),
  ];
  traces.push(...traces0);
  flows.forEach((flow, panel) => {
    const { xaxis, yaxis, domain } = axes[panel];
    const suffix = panel === 0 ? "" : "2";
    layout[`xaxis${suffix}`] = { title: "t", domain, anchor: yaxis };
    layout[`yaxis${suffix}`] = { title: "distance |(x − 1, y)| to the teacher", type: "log", exponentformat: "power", anchor: xaxis };
    (layout.annotations as unknown[]).push({
      text: flow === "L2" ? "L² flow, eq. (16)" : "H¹ flow, eq. (17)", xref: `${xaxis} domain`, yref: `${yaxis} domain`, x: 0.5, y: 1.06, showarrow: false, font: { size: 14 },
    });
    Ks.forEach((K, k) => {
      const color = COLORS[k % COLORS.length];
      for (const series of unique(rows.filter((r) => r.K === K && r.flow === flow).map((r) => r.series))) {
        const points = rows.filter((r) => r.K === K && r.flow === flow && r.series === series);
        const isTrajectory = series.startsWith("RK4");
        const isPrinted = series.includes("printed");
        traces.push({
          type: "scatter", mode: "lines", name: `${FLOW_LABEL[flow]}, K = ${K}: ${points[0].label}`, legendgroup: `K-${K}`, showlegend: false,
          x: points.map((r) => r.t), y: points.map((r) => r.distance), xaxis, yaxis,
          line: isTrajectory ? { color, width: 2.5, dash: DASH[flow] } : isPrinted ? { color, width: 1.2, dash: PRINTED_DASH } : { color, width: 1.5, dash: "dot" },
        });
      }
    });
  });
  return { id, title, traces, data: [...rows], width: 1200, height: 600, layout };
}

/**
 * The Toeplitz initialisation of Theorem 2.13: left, |t(t) - e_1| along the w_1-flow of eq. (28) for each K
 * (log scale); right, how far the full K-node flow from the same start drifts from the Toeplitz matrices.
 */
export function toeplitzFlowFigure(rows: readonly ToeplitzFlowRow[], id: string, title: string): FigureSpec {
  const panels = unique(rows.map((r) => r.panel));
  const Ks = unique(rows.map((r) => r.K)).sort((a, b) => a - b);
  const axes = panelAxes(panels.length, 0.08);
  const traces: PlotlyTrace[] = [...styleLegend({ L2: "L² flow", H1: "H¹ flow" })];
  const layout: Record<string, unknown> = { legend: { font: { size: 11 } }, annotations: [] as unknown[], margin: { t: 70 } };
  panels.forEach((panel, p) => {
    const { xaxis, yaxis, domain } = axes[p];
    const suffix = p === 0 ? "" : String(p + 1);
    layout[`xaxis${suffix}`] = { title: "t", domain, anchor: yaxis };
    // The right panel spans about two decades: its axis runs over whole decades so that each end is labelled
    // (with the data's own range only two labels showed).
    const values = rows.filter((r) => r.panel === panel && r.value > 0).map((r) => Math.log10(r.value));
    const [low, high] = [Math.floor(Math.min(...values)), Math.ceil(Math.max(...values))];
    const wholeDecades = high - low <= 3 ? { range: [low, high] } : {};
    layout[`yaxis${suffix}`] = { title: panel, type: "log", exponentformat: "power", dtick: p === 0 ? 2 : 1, ...wholeDecades, anchor: xaxis };
    Ks.forEach((K, k) => {
      for (const flow of ["L2", "H1"] as const) {
        const points = rows.filter((r) => r.panel === panel && r.K === K && r.flow === flow);
        if (points.length === 0) continue;
        traces.push({
          type: "scatter", mode: "lines", name: `K = ${K}`, legendgroup: `K-${K}`, showlegend: p === 0 && flow === "H1",
          x: points.map((r) => r.t), y: points.map((r) => r.value), xaxis, yaxis,
          line: { color: COLORS[k % COLORS.length], dash: DASH[flow], width: flow === "H1" ? 2 : 1.6 },
        });
      }
    });
  });
  return { id, title, traces, data: [...rows], width: 1200, height: 520, layout };
}
