/**
 * Test error against epochs, one panel per group (activation, architecture, target), one line per loss with
 * the members' spread as a band, on a log error axis: the layout of the paper's Figures 2, 3 (a, c, e) and 7
 * (left). L² is dashed, as in the paper's Figure 1, H² dash-dot, H¹ and the others solid (DESIGN.md, "Style").
 */
import type { ErrorCurveRow } from "../experiments/curves.js";
import { LOSS_COLORS, LOSS_DASH, METHOD_COLORS, legendBelow, logAxis, panelTitle, seriesLine, type FigureSpec, type PlotlyTrace } from "../plot/index.js";

/** Rgba fill of a hex colour for the spread band. */
const translucent = (hex: string): string => `rgba(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")}, 0.15)`;

/** The values a log error axis must show: every mean and band edge of the curves. */
const curveValues = (rows: readonly ErrorCurveRow[]): number[] => rows.flatMap((r) => [r.min, r.max, r.mean]);

/**
 * Options: `columns` of the grid; `xAxis`, epochs or training seconds; `letters`, the paper's panel letters in
 * panel order (e.g. Figure 3's "(a)", "(c)", "(e)"), put before each panel's title; `yTitle`, the y-axis title
 * (default "test MSE"), for panels that are not all test errors.
 */
export function errorCurvesFigure(rows: readonly ErrorCurveRow[], id: string, title: string, options: { columns?: number; xAxis?: "epoch" | "seconds"; letters?: readonly string[]; yTitle?: string } = {}): FigureSpec {
  const panels = [...new Set(rows.map((r) => r.panel))];
  const series = [...new Set(rows.map((r) => r.series))];
  const columns = Math.min(options.columns ?? 3, panels.length);
  const gridRows = Math.ceil(panels.length / columns);
  const xKey = options.xAxis ?? "epoch";
  const traces: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = { legend: legendBelow(), annotations: [] as unknown[] };
  panels.forEach((panel, p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    const [row, column] = [Math.floor(p / columns), p % columns];
    const axes = { xaxis: `x${suffix}`, yaxis: `y${suffix}` };
    series.forEach((name, s) => {
      const curve = rows.filter((r) => r.panel === panel && r.series === name);
      if (curve.length === 0) return;
      const line = seriesLine(name, s);
      const color = line.color;
      const x = curve.map((r) => r[xKey]);
      if (curve.some((r) => r.members > 1)) {
        traces.push({ type: "scatter", mode: "lines", x: [...x, ...[...x].reverse()], y: [...curve.map((r) => r.max), ...curve.map((r) => r.min).reverse()], fill: "toself", fillcolor: translucent(color), line: { width: 0 }, hoverinfo: "skip", showlegend: false, legendgroup: name, ...axes });
      }
      traces.push({ type: "scatter", mode: "lines", name, legendgroup: name, showlegend: p === 0, x, y: curve.map((r) => r.mean), line, ...axes });
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
    layout[`yaxis${suffix}`] = { domain: [y1 - height, y1], anchor: axes.xaxis, ...logAxis(curveValues(rows.filter((r) => r.panel === panel))), title: column === 0 ? (options.yTitle ?? "test MSE") : undefined, ticklabelstandoff: 4 };
    (layout.annotations as unknown[]).push(panelTitle(panel, x0 + width / 2, y1, options.letters?.[p]));
  });
  return { id, title, traces, layout, data: [...rows], width: 320 * columns + 80, height: 300 * gridRows + 120 };
}

/**
 * The curves of the image figures (4, 5, 8): one line per series, coloured by its loss (a series named "H1..." is
 * H¹, a named method of METHOD_COLORS keeps its colour and counts as H¹, any other is L²) and dashed as its loss (L² dashed, H¹ solid); a main series (no parenthesis in its name) is
 * thick, with the members' spread as a band; a series like "L2 (training noise)" is thin and half transparent,
 * in the same dash, so H¹ stays solid everywhere.
 */
export function lossCurveTraces(curves: readonly ErrorCurveRow[], xaxis: string, yaxis: string, showlegend: boolean): PlotlyTrace[] {
  const traces: PlotlyTrace[] = [];
  for (const series of [...new Set(curves.map((r) => r.series))]) {
    const curve = curves.filter((r) => r.series === series);
    // A named method (the authors' FFT loss of Fig. 4, a variant of H¹) keeps its own colour, solid like H¹.
    const method = METHOD_COLORS[series.replace(/\s*\(.*\)$/, "")];
    const loss = series.startsWith("H1") || method !== undefined ? "H1" : "L2";
    const color = method ?? LOSS_COLORS[loss];
    const main = !series.includes("(");
    const x = curve.map((r) => r.epoch);
    if (main && curve.some((r) => r.members > 1)) {
      traces.push({ type: "scatter", mode: "lines", x: [...x, ...[...x].reverse()], y: [...curve.map((r) => r.max), ...curve.map((r) => r.min).reverse()], fill: "toself", fillcolor: translucent(color), line: { width: 0 }, hoverinfo: "skip", showlegend: false, xaxis, yaxis });
    }
    traces.push({
      type: "scatter", mode: "lines", name: series, legendgroup: series, showlegend, x, y: curve.map((r) => r.mean), xaxis, yaxis,
      line: { color, width: main ? 2.5 : 1.3, dash: LOSS_DASH[loss] }, opacity: main ? 1 : 0.6,
    });
  }
  return traces;
}
