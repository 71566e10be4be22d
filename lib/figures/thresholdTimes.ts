/**
 * Training time to first reach each error threshold, grouped bars per panel, one bar per loss: the paper's
 * Figures 3 (b, d, f) and 7 (right). A threshold a run never reached has no bar and is named in the hover text
 * and in the CSV (seconds empty).
 */
import type { FigureSpec, PlotlyTrace } from "../plot/index.js";

export interface ThresholdTimeRow {
  [column: string]: string | number;
  panel: string;
  series: string;
  threshold: number;
  /** Training seconds to reach the threshold, "" when not reached. */
  seconds: number | string;
  /** Epoch at which it was reached, "" when not reached. */
  epoch: number | string;
}

const SERIES_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

export function thresholdTimesFigure(rows: readonly ThresholdTimeRow[], id: string, title: string): FigureSpec {
  const panels = [...new Set(rows.map((r) => r.panel))];
  const series = [...new Set(rows.map((r) => r.series))];
  const traces: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = { barmode: "group", legend: { orientation: "h", y: -0.2 } };
  const width = (1 - 0.06 * (panels.length - 1)) / panels.length;
  panels.forEach((panel, p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    series.forEach((name, s) => {
      const bars = rows.filter((r) => r.panel === panel && r.series === name);
      traces.push({
        type: "bar", name, legendgroup: name, showlegend: p === 0,
        x: bars.map((r) => `≤ ${r.threshold.toExponential(0)}`),
        y: bars.map((r) => (typeof r.seconds === "number" ? r.seconds : null)),
        text: bars.map((r) => (typeof r.seconds === "number" ? `${r.seconds.toFixed(1)} s (epoch ${r.epoch})` : "not reached")),
        marker: { color: SERIES_COLORS[s % SERIES_COLORS.length] },
        xaxis: `x${suffix}`, yaxis: `y${suffix}`,
      });
    });
    const x0 = p * (width + 0.06);
    layout[`xaxis${suffix}`] = { domain: [x0, x0 + width], anchor: `y${suffix}`, title: panel };
    layout[`yaxis${suffix}`] = { anchor: `x${suffix}`, title: p === 0 ? "training time (s)" : undefined };
  });
  return { id, title, traces, layout, data: [...rows], width: Math.max(600, 330 * panels.length), height: 420 };
}
