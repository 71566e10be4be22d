/**
 * Training time to first reach each error threshold, grouped bars per panel, one bar per loss: the paper's
 * Figures 3 (b, d, f) and 7 (right). A threshold a run never reached is drawn as a hatched, hollow bar up to the
 * panel's longest time, labelled "not reached", with a legend entry saying what hatching means (DESIGN.md, "Style": "not
 * reached" is drawn, not left as an empty bar); a panel where no loss reached any threshold says so. The CSV leaves
 * the seconds of an unreached threshold empty.
 */
import { NOT_REACHED, legendBelow, panelTitle, seriesColor, type FigureSpec, type PlotlyTrace } from "../plot/index.js";

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

const GREY = "#555555";
/** Gap between panels, a share of the page's width. */
const PANEL_GAP = 0.08;

/**
 * Options: `letters`, the paper's panel letters in panel order (Figure 3's "(b)", "(d)", "(f)"); `axisTitle`, the
 * x-axis title (default "error threshold"), where a notebook says how its thresholds differ from the paper's.
 */
export function thresholdTimesFigure(rows: readonly ThresholdTimeRow[], id: string, title: string, options: { letters?: readonly string[]; axisTitle?: string } = {}): FigureSpec {
  const panels = [...new Set(rows.map((r) => r.panel))];
  const series = [...new Set(rows.map((r) => r.series))];
  const traces: PlotlyTrace[] = [];
  const annotations: unknown[] = [];
  // uniformtext hides a time label too small to read rather than shrinking it to a few pixels (the hover keeps it).
  const layout: Record<string, unknown> = { barmode: "group", legend: legendBelow(), uniformtext: { minsize: 11, mode: "hide" }, annotations };
  const width = (1 - PANEL_GAP * (panels.length - 1)) / panels.length;
  const label = (threshold: number): string => `≤ ${threshold.toExponential(0)}`;
  let hatchInLegend = false;
  panels.forEach((panel, p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    const times = rows.filter((r) => r.panel === panel && typeof r.seconds === "number").map((r) => Number(r.seconds));
    const ceiling = times.length > 0 ? Math.max(...times) : 1;
    series.forEach((name, s) => {
      const bars = rows.filter((r) => r.panel === panel && r.series === name);
      const color = seriesColor(name, s);
      const unreached = bars.map((r) => typeof r.seconds !== "number");
      // A panel where nothing was reached has no time to show: its note says so, and no bars of an arbitrary height
      // (with no time scale) stand in for times that do not exist.
      if (unreached.some(Boolean) && times.length > 0) {
        traces.push({
          type: "bar", name, legendgroup: name, showlegend: false, offsetgroup: name,
          x: bars.map((r) => label(r.threshold)),
          y: unreached.map((u) => (u ? ceiling : null)),
          // In a panel where nothing was reached, one note says so instead of a label on every bar.
          text: unreached.map((u) => (u && times.length > 0 ? NOT_REACHED : "")), textposition: "inside", insidetextanchor: "middle", textangle: -90,
          textfont: { color: color, size: 12 }, hoverinfo: "text", hovertext: unreached.map((u) => (u ? `${name}: ${NOT_REACHED} within the run` : "")),
          marker: { color: "rgba(255,255,255,0)", line: { color: color, width: 1.5 }, pattern: { shape: "/", fgcolor: color, size: 6, solidity: 0.15 } },
          xaxis: `x${suffix}`, yaxis: `y${suffix}`,
        });
        hatchInLegend = true;
      }
      traces.push({
        type: "bar", name, legendgroup: name, showlegend: p === 0, offsetgroup: name,
        x: bars.map((r) => label(r.threshold)),
        y: bars.map((r) => (typeof r.seconds === "number" ? r.seconds : null)),
        text: bars.map((r) => (typeof r.seconds === "number" ? `${r.seconds.toFixed(1)} s` : "")),
        textposition: "inside", insidetextanchor: "end", textangle: -90, textfont: { size: 12 },
        hovertext: bars.map((r) => (typeof r.seconds === "number" ? `${name}: ${r.seconds.toFixed(1)} s (epoch ${r.epoch})` : `${name}: ${NOT_REACHED}`)), hoverinfo: "text",
        marker: { color: color },
        xaxis: `x${suffix}`, yaxis: `y${suffix}`,
      });
    });
    const x0 = p * (width + PANEL_GAP);
    layout[`xaxis${suffix}`] = { domain: [x0, x0 + width], anchor: `y${suffix}`, title: options.axisTitle ?? "error threshold" };
    layout[`yaxis${suffix}`] = { anchor: `x${suffix}`, title: p === 0 ? "training time (s)" : undefined, showticklabels: times.length > 0, showgrid: times.length > 0 };
    annotations.push(panelTitle(panel, x0 + width / 2, 1, options.letters?.[p]));
    if (times.length === 0) {
      annotations.push({ text: `no loss reached any threshold<br>within the run`, xref: `x${suffix} domain`, yref: `y${suffix} domain`, x: 0.5, y: 0.5, showarrow: false, bgcolor: "rgba(255,255,255,0.9)", font: { size: 13 } });
    }
  });
  if (hatchInLegend) {
    // A legend-only bar: what a hatched, hollow bar means, so a listed loss without solid bars is not a mystery.
    traces.push({ type: "bar", name: `hatched: ${NOT_REACHED} within the run`, x: [null], y: [null], showlegend: true, hoverinfo: "skip", marker: { color: "rgba(255,255,255,0)", line: { color: GREY, width: 1.5 }, pattern: { shape: "/", fgcolor: GREY, size: 6, solidity: 0.15 } } });
  }
  return { id, title, traces, layout, data: [...rows], width: Math.max(600, 340 * panels.length), height: 460 };
}
