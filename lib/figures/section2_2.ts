/**
 * Section 2.2's figures, drawn from the sweeps of lib/analytic: condition numbers (Theorem 2.5) and convexity
 * regions (Remark 2.7). Line styles follow the paper's Figure 1: L² dashed, H¹ solid.
 */
import type { ConditionNumberSweep, ConvexityGrid } from "../analytic/singleReluSweeps.js";
import type { FigureSpec, PlotlyTrace } from "../plot/index.js";

const SERIES_STYLE: Record<string, { dash: string; label: string }> = {
  "kappa L": { dash: "dash", label: "κ(∇²L)" },
  "kappa H (eq. 2)": { dash: "solid", label: "κ(∇²H), eq. 2" },
  "kappa H (population)": { dash: "dot", label: "κ(∇²H), population H" },
};
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

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
    traces.push({ type: "scatter", mode: "lines", name: legend, x: closed.map(x), y: closed.map((r) => r.kappa), line: { dash: SERIES_STYLE[series].dash, color }, ...axes });
    traces.push({ type: "scatter", mode: "markers", name: `${legend} (ml-matrix)`, showlegend: false, x: numeric.map(x), y: numeric.map((r) => r.kappa), marker: { size: 5, color, symbol: "circle-open" }, ...axes });
  }
  return {
    id,
    title,
    traces,
    data: sweep.rows,
    width: 1100,
    height: 520,
    layout: {
      xaxis: { title: "θ = ∠(w, w*) (rad)", domain: [0, 0.45] },
      yaxis: { title: "condition number κ", type: "log" },
      xaxis2: { title: "‖w*‖ / ‖w‖ at θ = π/4", domain: [0.55, 1], anchor: "y2" },
      yaxis2: { title: "condition number κ", type: "log", anchor: "x2" },
      legend: { font: { size: 10 } },
    },
  };
}

/** The boundary sin θ = c‖w‖/‖w*‖ in the w-plane (w* = (1, 0)): two circles ‖w‖ = (1/c)|sin φ|. */
function boundary(c: number, name: string, dash: string): PlotlyTrace {
  const phi = Array.from({ length: 361 }, (_, i) => (2 * Math.PI * i) / 360);
  const radius = phi.map((p) => Math.abs(Math.sin(p)) / c);
  return { type: "scatter", mode: "lines", name, x: phi.map((p, i) => radius[i] * Math.cos(p)), y: phi.map((p, i) => radius[i] * Math.sin(p)), line: { color: "black", dash, width: 1.5 } };
}

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
        type: "heatmap", x: xs, y: ys, z, zmin: 0, zmax: 2, showscale: true,
        colorscale: [[0, "#f4a582"], [0.33, "#f4a582"], [0.34, "#fddbc7"], [0.66, "#fddbc7"], [0.67, "#d1e5f0"], [1, "#d1e5f0"]],
        colorbar: { tickvals: [0, 1, 2], ticktext: ["neither", "S′ \\ S: only eq. 2's ∇²H", "S: ∇²L ≻ 0"] },
        name: "region by ml-matrix eigenvalues",
      },
      boundary(Math.PI / 2, "sin θ = π‖w‖/(2‖w*‖)  (∂S)", "solid"),
      boundary((2 * Math.PI) / 3, "sin θ = 2π‖w‖/(3‖w*‖)  (∂S′)", "dash"),
      { type: "scatter", mode: "markers+text", x: [1], y: [0], text: ["w*"], textposition: "top center", marker: { color: "black", size: 8 }, name: "teacher w*" },
    ],
    layout: {
      xaxis: { title: "w₁" },
      yaxis: { title: "w₂", scaleanchor: "x" },
      legend: { orientation: "h", y: -0.15 },
    },
  };
}
