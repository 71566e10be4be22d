/**
 * Training time to first reach each error threshold, grouped bars per panel, one bar per loss: the paper's
 * Figures 3 (b, d, f) and 7 (right). A threshold a run never reached is drawn as a hatched, hollow bar up to the
 * panel's longest time, labelled "not reached" (DESIGN.md, "Style": "not reached" is drawn, not left as an empty bar); the CSV
 * leaves its seconds empty.
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
  // uniformtext hides a time label too small to read rather than shrinking it to a few pixels (the hover keeps it).
  const layout: Record<string, unknown> = { barmode: "group", legend: { orientation: "h", x: 1, xanchor: "right", y: 1.02, yanchor: "bottom" }, uniformtext: { minsize: 10, mode: "hide" } };
  const width = (1 - 0.06 * (panels.length - 1)) / panels.length;
  panels.forEach((panel, p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    const times = rows.filter((r) => r.panel === panel && typeof r.seconds === "number").map((r) => Number(r.seconds));
    const ceiling = times.length > 0 ? Math.max(...times) : 1;
    series.forEach((name, s) => {
      const bars = rows.filter((r) => r.panel === panel && r.series === name);
      const color = SERIES_COLORS[s % SERIES_COLORS.length];
      const unreached = bars.map((r) => typeof r.seconds !== "number");
      if (unreached.some(Boolean)) {
        traces.push({
          type: "bar", name, legendgroup: name, showlegend: false, offsetgroup: name,
          x: bars.map((r) => `≤ ${r.threshold.toExponential(0)}`),
          y: unreached.map((u) => (u ? ceiling : null)),
          text: unreached.map((u) => (u ? "not reached" : "")), textposition: "inside", insidetextanchor: "middle", textangle: -90,
          textfont: { color: color, size: 11 }, hoverinfo: "text", hovertext: unreached.map((u) => (u ? `${name}: not reached within the run` : "")),
          marker: { color: "rgba(255,255,255,0)", line: { color: color, width: 1.5 }, pattern: { shape: "/", fgcolor: color, size: 6, solidity: 0.15 } },
          xaxis: `x${suffix}`, yaxis: `y${suffix}`,
        });
      }
      traces.push({
        type: "bar", name, legendgroup: name, showlegend: p === 0, offsetgroup: name,
        x: bars.map((r) => `≤ ${r.threshold.toExponential(0)}`),
        y: bars.map((r) => (typeof r.seconds === "number" ? r.seconds : null)),
        text: bars.map((r) => (typeof r.seconds === "number" ? `${r.seconds.toFixed(1)} s (epoch ${r.epoch})` : "not reached")),
        marker: { color: color },
        xaxis: `x${suffix}`, yaxis: `y${suffix}`,
      });
    });
    const x0 = p * (width + 0.06);
    layout[`xaxis${suffix}`] = { domain: [x0, x0 + width], anchor: `y${suffix}`, title: `${panel}: error threshold` };
    layout[`yaxis${suffix}`] = { anchor: `x${suffix}`, title: p === 0 ? "training time (s)" : undefined };
  });
  return { id, title, traces, layout, data: [...rows], width: Math.max(600, 330 * panels.length), height: 420 };
}
