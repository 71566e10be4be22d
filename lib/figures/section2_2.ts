/**
 * Section 2.2's figures, drawn from the sweeps of lib/analytic: condition numbers (Theorem 2.5) and convexity
 * regions (Remark 2.7). Line styles follow the paper's Figure 1: L² dashed, H¹ solid.
 */
import type { ConditionNumberSweep, ConvexityGrid } from "../analytic/singleReluSweeps.js";
import { LOSS_DASH, PARAMETER_COLORS, legendBelow, legendRight, logAxis, type FigureSpec, type PlotlyTrace } from "../plot/index.js";

/**
 * κ(∇²L) dashed (L²), κ(∇²H) of eq. 2 solid (H¹); the population H's κ dotted with × markers, so that where it
 * coincides with another curve (κ(∇²L) for large θ) it stays visible rather than turning a dash into a dash-dot.
 */
const SERIES_STYLE: Record<string, { dash: string; label: string; symbol?: string }> = {
  "kappa L": { dash: LOSS_DASH.L2, label: "κ(∇²L)" },
  "kappa H (eq. 2)": { dash: LOSS_DASH.H1, label: "κ(∇²H), eq. 2" },
  "kappa H (population)": { dash: "dot", label: "κ(∇²H), population H", symbol: "x-thin-open" },
};
/** Colours by ‖w*‖/‖w‖, not loss colours: here the dash tells the loss. */
const COLORS = PARAMETER_COLORS;
const CHECK_GREY = "#7f7f7f";

export function conditionNumberFigure(sweep: ConditionNumberSweep, id: string, title: string): FigureSpec {
  const traces: PlotlyTrace[] = [];
  // One curve per (panel, series, fixed parameter), in the order the sweep produced them.
  const curves = new Map<string, ConditionNumberSweep["rows"]>();
  for (const row of sweep.rows) {
    const key = `${row.panel}|${row.series}|${row.panel === "theta" ? row.ratio : row.theta}`;
    const curve = curves.get(key);
    if (curve) curve.push(row);
    else curves.set(key, [row]);
  }
  const thetaPanelRatios = [...new Set(sweep.rows.filter((r) => r.panel === "theta").map((r) => r.ratio))];
  for (const rows of curves.values()) {
    const { panel, series, ratio } = rows[0];
    const axes = panel === "theta" ? { xaxis: "x", yaxis: "y" } : { xaxis: "x2", yaxis: "y2" };
    const legend = panel === "theta" ? `${SERIES_STYLE[series].label}, ‖w*‖/‖w‖ = ${ratio}` : `${SERIES_STYLE[series].label}, θ = π/4`;
    const closed = rows.filter((r) => r.method === "closed form");
    const numeric = rows.filter((r) => r.method !== "closed form").filter((_, i) => i % 4 === 0);
    const x = (r: (typeof rows)[number]): number => (panel === "theta" ? r.theta : r.ratio);
    const color = COLORS[panel === "theta" ? thetaPanelRatios.indexOf(ratio) : 3];
    const style = SERIES_STYLE[series];
    const marked = style.symbol !== undefined;
    traces.push({
      type: "scatter", mode: marked ? "lines+markers" : "lines", name: legend, showlegend: false, x: closed.map(x), y: closed.map((r) => r.kappa),
      line: { dash: style.dash, color, width: marked ? 1.5 : 2 }, ...(marked ? { marker: { symbol: style.symbol, size: 7, color, line: { width: 1.5, color }, maxdisplayed: 14 } } : {}), ...axes,
    });
    traces.push({ type: "scatter", mode: "markers", name: `${legend} (eigenvalues)`, showlegend: false, legendgroup: "check", x: numeric.map(x), y: numeric.map((r) => r.kappa), marker: { size: 5, color, symbol: "circle-open" }, ...axes });
  }
  // A grouped legend (the curves' own names are in their hover text): one entry per line style, one per colour.
  const legendOnly = (name: string, style: Record<string, unknown>): PlotlyTrace => ({ type: "scatter", x: [null], y: [null], name, ...style });
  traces.push(
    ...Object.values(SERIES_STYLE).map((style) => legendOnly(style.label, { mode: style.symbol ? "lines+markers" : "lines", line: { dash: style.dash, color: "black", width: 2 }, marker: { symbol: style.symbol, size: 7, color: "black" } })),
    legendOnly("κ from computed eigenvalues (check)", { mode: "markers", marker: { size: 6, color: CHECK_GREY, symbol: "circle-open" } }),
    ...thetaPanelRatios.map((ratio, k) => legendOnly(`‖w*‖/‖w‖ = ${ratio} (left)`, { mode: "lines", line: { color: COLORS[k], width: 3 } })),
    legendOnly("θ = π/4 (right)", { mode: "lines", line: { color: COLORS[3], width: 3 } }),
  );
  return {
    id,
    title,
    traces,
    data: sweep.rows,
    width: 1100,
    height: 520,
    layout: {
      xaxis: { title: "θ = ∠(w, w*) (rad)", domain: [0, 0.45] },
      yaxis: { title: "condition number κ", ...logAxis(sweep.rows.filter((r) => r.panel === "theta").map((r) => r.kappa)) },
      xaxis2: { title: "‖w*‖ / ‖w‖ at θ = π/4", domain: [0.55, 1], anchor: "y2" },
      yaxis2: { title: "condition number κ", ...logAxis(sweep.rows.filter((r) => r.panel !== "theta").map((r) => r.kappa)), anchor: "x2" },
      legend: legendRight({ font: { size: 11 }, title: { text: "× marks the population H's κ,<br>also where it lies on κ(∇²L):<br>there dashed and dotted overlap<br>and look dash-dotted" } }),
    },
  };
}

/** The boundary sin θ = c‖w‖/‖w*‖ in the w-plane (w* = (1, 0)): two circles ‖w‖ = (1/c)|sin φ|. */
function boundary(c: number, name: string, dash: string): PlotlyTrace {
  const phi = Array.from({ length: 361 }, (_, i) => (2 * Math.PI * i) / 360);
  const radius = phi.map((p) => Math.abs(Math.sin(p)) / c);
  return { type: "scatter", mode: "lines", name, x: phi.map((p, i) => radius[i] * Math.cos(p)), y: phi.map((p, i) => radius[i] * Math.sin(p)), line: { color: "black", dash, width: 1.5 } };
}

const REGION_COLORS = { S: "#d1e5f0", between: "#fddbc7", neither: "#f4a582" } as const;

export function convexityRegionFigure(grid: ConvexityGrid, id: string, title: string): FigureSpec {
  const xs = [...new Set(grid.rows.map((r) => r.w1))].sort((a, b) => a - b);
  const ys = [...new Set(grid.rows.map((r) => r.w2))].sort((a, b) => a - b);
  const code = { S: 2, "S' \\ S": 1, neither: 0 } as const;
  const lookup = new Map(grid.rows.map((r) => [`${r.w1},${r.w2}`, code[r.region]]));
  const z = ys.map((y) => xs.map((x) => lookup.get(`${x},${y}`) ?? null));
  return {
    id,
    title,
    data: grid.rows,
    width: 800,
    height: 620,
    traces: [
      {
        type: "heatmap", x: xs, y: ys, z, zmin: 0, zmax: 2, showscale: false,
        colorscale: [[0, REGION_COLORS.neither], [0.33, REGION_COLORS.neither], [0.34, REGION_COLORS.between], [0.66, REGION_COLORS.between], [0.67, REGION_COLORS.S], [1, REGION_COLORS.S]],
        name: "region by computed eigenvalues",
      },
      // A categorical legend for the three regions (a colour bar would suggest a continuous scale).
      ...([["S: ∇²L ≻ 0", REGION_COLORS.S], ["S′ \\ S: only eq. 2's ∇²H ≻ 0", REGION_COLORS.between], ["neither", REGION_COLORS.neither]] as const).map(([name, color]): PlotlyTrace => ({
        type: "scatter", mode: "markers", name, x: [null], y: [null], marker: { symbol: "square", size: 14, color, line: { color: "#999999", width: 1 } },
      })),
      boundary(Math.PI / 2, "sin θ = π‖w‖/(2‖w*‖)  (∂S)", "solid"),
      boundary((2 * Math.PI) / 3, "sin θ = 2π‖w‖/(3‖w*‖)  (∂S′)", "dash"),
      { type: "scatter", mode: "markers+text", x: [1], y: [0], text: ["w*"], textposition: "top center", marker: { color: "black", size: 8 }, name: "teacher w*" },
    ],
    layout: {
      // Equal scales; the plotting area shrinks to the grid rather than the axes running past it.
      xaxis: { title: "w₁", constrain: "domain", range: [xs[0], xs[xs.length - 1]] },
      yaxis: { title: "w₂", scaleanchor: "x", constrain: "domain", range: [ys[0], ys[ys.length - 1]] },
      legend: legendBelow(),
    },
  };
}
