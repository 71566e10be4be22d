/**
 * Figures of the Cocola & Hand notebook (B.0-global-convergence): side-by-side panels of curves and markers drawn
 * from tidy rows. Styles follow the house convention (DESIGN.md, "Style"): L² training dashed, Sobolev (H¹-type) training
 * solid; a bound printed in the paper is a black dotted line, a reference rate a grey dash-dot line; colour marks
 * one group (a width, a data set, a k) and keeps its meaning across the panels of one figure.
 */
import { logAxis, type FigureSpec, type PlotlyTrace } from "../plot/index.js";

/** How a row is drawn. */
export type CocolaHandStyle = "sobolev" | "l2" | "bound" | "reference" | "marker" | "open-marker" | "open-triangle";

/** One plotted point. */
export type CocolaHandRow = {
  /** Which panel (its title). */
  readonly panel: string;
  /** The legend name of the curve or marker set this point belongs to. */
  readonly series: string;
  /** Colour group (e.g. "m = 1000"); "" for black. */
  readonly group: string;
  readonly style: CocolaHandStyle;
  readonly x: number;
  readonly y: number;
};

/** Axis titles and scales of one panel. */
export type CocolaHandPanel = {
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  /** Tick positions of the x axis (labelled as they are), e.g. the values of n swept. */
  readonly xTicks?: readonly number[];
  /** A fixed range of a linear y axis. */
  readonly yRange?: readonly [number, number];
};

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];

function lineFor(style: CocolaHandStyle, color: string): Record<string, unknown> {
  switch (style) {
    case "sobolev": return { color, width: 2, dash: "solid" };
    case "l2": return { color, width: 2, dash: "dash" };
    case "bound": return { color: "black", width: 2, dash: "dot" };
    default: return { color: "#555", width: 1.5, dash: "dashdot" };
  }
}

/**
 * Panels side by side (shared legend on the right); each (panel, series) becomes one trace, lines sorted by x.
 * A series that appears in several panels is listed once in the legend.
 */
export function cocolaHandFigure(rows: readonly CocolaHandRow[], panels: readonly CocolaHandPanel[], id: string, title: string, size: { width?: number; height?: number } = {}): FigureSpec {
  const groups = [...new Set(rows.map((r) => r.group).filter((g) => g !== ""))];
  const colorOf = (group: string): string => (group === "" ? "black" : COLORS[groups.indexOf(group) % COLORS.length]);
  const gap = 0.07;
  const width = (1 - gap * (panels.length - 1)) / panels.length;
  const layout: Record<string, unknown> = { legend: { font: { size: 11 }, tracegroupgap: 1 }, annotations: [] as unknown[], margin: { t: 80, r: 20 } };
  const traces: PlotlyTrace[] = [];
  const shown = new Set<string>();
  panels.forEach((panel, p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    const xaxis = `x${suffix}`;
    const yaxis = `y${suffix}`;
    const domain = [p * (width + gap), p * (width + gap) + width];
    const here = rows.filter((r) => r.panel === panel.title);
    layout[`xaxis${suffix}`] = { title: panel.xTitle, domain, anchor: yaxis, ...(panel.xLog ? logAxis(here.map((r) => r.x)) : {}), ...(panel.xTicks ? { tickvals: [...panel.xTicks], ticktext: panel.xTicks.map(String) } : {}) };
    layout[`yaxis${suffix}`] = { title: panel.yTitle, anchor: xaxis, ...(panel.yLog ? logAxis(here.map((r) => r.y)) : {}), ...(panel.yRange ? { range: [...panel.yRange] } : {}) };
    (layout.annotations as unknown[]).push({ text: panel.title, xref: `${xaxis} domain`, yref: `${yaxis} domain`, x: 0.5, y: 1.04, xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 13 } });
    const seriesHere = [...new Set(rows.filter((r) => r.panel === panel.title).map((r) => r.series))];
    for (const series of seriesHere) {
      const points = rows.filter((r) => r.panel === panel.title && r.series === series);
      const { style, group } = points[0];
      const isMarker = style === "marker" || style === "open-marker" || style === "open-triangle";
      const sorted = isMarker ? points : [...points].sort((a, b) => a.x - b.x);
      traces.push({
        type: "scatter", mode: isMarker ? "markers" : "lines", name: series, legendgroup: series, showlegend: !shown.has(series),
        x: sorted.map((r) => r.x), y: sorted.map((r) => r.y), xaxis, yaxis,
        ...(isMarker
          ? { marker: { color: colorOf(group), size: 8, symbol: style === "open-marker" ? "circle-open" : style === "open-triangle" ? "triangle-up-open" : "circle", line: { width: 1.5, color: colorOf(group) } } }
          : { line: lineFor(style, colorOf(group)) }),
      });
      shown.add(series);
    }
  });
  return { id, title, traces, data: [...rows], width: size.width ?? 420 * panels.length + 260, height: size.height ?? 520, layout };
}
