/**
 * Test error against epochs, one panel per group (activation, architecture, target), one line per loss with
 * the members' spread as a band, on a log error axis: the layout of the paper's Figures 2, 3 (a, c, e) and 7
 * (left). L² is dashed, as in the paper's Figure 1, H² dash-dot, H¹ and the others solid (DESIGN.md, "Style").
 */
import type { ErrorCurveRow } from "../experiments/curves.js";
import type { FigureSpec, PlotlyTrace } from "../plot/index.js";

const SERIES_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

/** The colours of the L² and H¹ curves of the image figures (4, 5, 8): those of the first two series here. */
const LOSS_COLORS: Record<string, string> = { L2: SERIES_COLORS[0], H1: SERIES_COLORS[1] };

/** Rgba fill of a hex colour for the spread band. */
const translucent = (hex: string): string => `rgba(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")}, 0.15)`;

/**
 * Tick step of a log error axis (DESIGN.md, "Style": decades only where minor labels crowd): whole decades when the panel's
 * values span more than one, otherwise plotly's "D2" (2 and 5 between decades), so a narrow panel keeps labels.
 */
function logTickStep(rows: readonly ErrorCurveRow[]): number | string {
  const values = rows.flatMap((r) => [r.min, r.max]).filter((v) => v > 0 && Number.isFinite(v));
  if (values.length === 0) return "D2";
  return Math.log10(Math.max(...values) / Math.min(...values)) > 1 ? 1 : "D2";
}

export function errorCurvesFigure(rows: readonly ErrorCurveRow[], id: string, title: string, options: { columns?: number; xAxis?: "epoch" | "seconds" } = {}): FigureSpec {
  const panels = [...new Set(rows.map((r) => r.panel))];
  const series = [...new Set(rows.map((r) => r.series))];
  const columns = Math.min(options.columns ?? 3, panels.length);
  const gridRows = Math.ceil(panels.length / columns);
  const xKey = options.xAxis ?? "epoch";
  const traces: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = { legend: { orientation: "h", y: -0.12 }, annotations: [] as unknown[] };
  panels.forEach((panel, p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    const [row, column] = [Math.floor(p / columns), p % columns];
    const axes = { xaxis: `x${suffix}`, yaxis: `y${suffix}` };
    series.forEach((name, s) => {
      const curve = rows.filter((r) => r.panel === panel && r.series === name);
      if (curve.length === 0) return;
      const color = SERIES_COLORS[s % SERIES_COLORS.length];
      const x = curve.map((r) => r[xKey]);
      if (curve.some((r) => r.members > 1)) {
        traces.push({ type: "scatter", mode: "lines", x: [...x, ...[...x].reverse()], y: [...curve.map((r) => r.max), ...curve.map((r) => r.min).reverse()], fill: "toself", fillcolor: translucent(color), line: { width: 0 }, hoverinfo: "skip", showlegend: false, legendgroup: name, ...axes });
      }
      traces.push({ type: "scatter", mode: "lines", name, legendgroup: name, showlegend: p === 0, x, y: curve.map((r) => r.mean), line: { color, width: 2, dash: name.startsWith("L2") ? "dash" : name.startsWith("H2") ? "dashdot" : "solid" }, ...axes });
    });
    // The vertical gap holds a row's tick labels and the next row's panel title; only the lowest panel of each
    // column carries the x-axis title, so no title sits on the panel title below it.
    const [gap, rowGap] = [0.08, 0.14];
    const width = (1 - gap * (columns - 1)) / columns;
    const height = (1 - rowGap * (gridRows - 1)) / gridRows;
    const x0 = column * (width + gap);
    const y1 = 1 - row * (height + rowGap);
    const lowest = p + columns >= panels.length;
    layout[`xaxis${suffix}`] = { domain: [x0, x0 + width], anchor: axes.yaxis, title: lowest ? (xKey === "epoch" ? "epoch" : "training time (s)") : undefined };
    layout[`yaxis${suffix}`] = { domain: [y1 - height, y1], anchor: axes.xaxis, type: "log", exponentformat: "power", dtick: logTickStep(rows.filter((r) => r.panel === panel)), title: column === 0 ? "test MSE" : undefined };
    (layout.annotations as unknown[]).push({ text: `<b>${panel}</b>`, xref: "paper", yref: "paper", x: x0 + width / 2, y: y1, xanchor: "center", yanchor: "bottom", showarrow: false });
  });
  return { id, title, traces, layout, data: [...rows], width: 320 * columns + 80, height: 300 * gridRows + 120 };
}

/**
 * The curves of the image figures (4, 5, 8): one line per series, coloured by its loss (a series named "H1..." is
 * H¹, any other L²); a main series (no parenthesis in its name) is thick, dashed for L² and solid for H¹, with the
 * members' spread as a band; a series like "L2 (training noise)" is thin and dotted.
 */
export function lossCurveTraces(curves: readonly ErrorCurveRow[], xaxis: string, yaxis: string, showlegend: boolean): PlotlyTrace[] {
  const traces: PlotlyTrace[] = [];
  for (const series of [...new Set(curves.map((r) => r.series))]) {
    const curve = curves.filter((r) => r.series === series);
    const loss = series.startsWith("H1") ? "H1" : "L2";
    const color = LOSS_COLORS[loss];
    const main = !series.includes("(");
    const x = curve.map((r) => r.epoch);
    if (main && curve.some((r) => r.members > 1)) {
      traces.push({ type: "scatter", mode: "lines", x: [...x, ...[...x].reverse()], y: [...curve.map((r) => r.max), ...curve.map((r) => r.min).reverse()], fill: "toself", fillcolor: translucent(color), line: { width: 0 }, hoverinfo: "skip", showlegend: false, xaxis, yaxis });
    }
    traces.push({
      type: "scatter", mode: "lines", name: series, legendgroup: series, showlegend, x, y: curve.map((r) => r.mean), xaxis, yaxis,
      line: { color, width: main ? 2.5 : 1.2, dash: main ? (loss === "L2" ? "dash" : "solid") : "dot" },
    });
  }
  return traces;
}
