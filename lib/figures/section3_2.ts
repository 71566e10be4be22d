/**
 * Figure 3 of the paper (Section 3.2, lines 199-209): for one target, the test error against epochs of each
 * architecture, L² dashed and H¹ solid with the spread over repeats (top row: panels (a, c, e)), above the
 * training time each loss needs to first reach each error threshold (bottom row: panels (b, d, f)). The two rows
 * are errorCurvesFigure and thresholdTimesFigure, stacked; the CSV holds both tables, told apart by `plot`.
 */
import type { Fig3Panel } from "../experiments/section3_2_fig3.js";
import type { FigureSpec, PlotlyTrace } from "../plot/index.js";
import { errorCurvesFigure } from "./errorCurves.js";
import { thresholdTimesFigure } from "./thresholdTimes.js";

const AXIS_KEY = /^([xy])axis(\d*)$/;
const AXIS_REF = /^([xy])(\d*)$/;

/** Axis number of a layout key or trace reference ("" is 1). */
const axisNumber = (digits: string): number => (digits === "" ? 1 : Number(digits));
const axisSuffix = (n: number): string => (n === 1 ? "" : String(n));

/** [y0, y1] of the page → the band [low, high] of it. */
const squeeze = (domain: unknown, low: number, high: number): [number, number] => {
  const [d0, d1] = Array.isArray(domain) ? (domain as number[]) : [0, 1];
  return [low + d0 * (high - low), low + d1 * (high - low)];
};

/**
 * `top` above `bottom` on one page: bottom's axes are renumbered after top's, each figure's vertical domains and
 * paper-anchored annotations are squeezed into its band, and bottom's traces leave the legend to top's.
 */
export function stackFigures(top: FigureSpec, bottom: FigureSpec, id: string, title: string, topShare = 0.55): FigureSpec {
  const topLayout = { ...(top.layout ?? {}) } as Record<string, unknown>;
  const offset = Object.keys(topLayout).filter((k) => AXIS_KEY.test(k) && k.startsWith("x")).length;
  // Room between the halves for the top's tick labels and x-axis title and the bottom's panel titles.
  const gap = 0.14;
  const [topLow, bottomHigh] = [1 - topShare + gap / 2, 1 - topShare - gap / 2];
  const rename = (ref: unknown): unknown => {
    const m = typeof ref === "string" ? AXIS_REF.exec(ref) : null;
    return m ? `${m[1]}${axisSuffix(axisNumber(m[2]) + offset)}` : ref;
  };
  const layout: Record<string, unknown> = {};
  const annotations: unknown[] = [];
  for (const [part, low, high, shift] of [[topLayout, topLow, 1, false], [bottom.layout ?? {}, 0, bottomHigh, true]] as const) {
    for (const [key, value] of Object.entries(part)) {
      const m = AXIS_KEY.exec(key);
      if (key === "annotations" && Array.isArray(value)) {
        annotations.push(...value.map((a: Record<string, unknown>) => {
          if (a.yref === "paper" && typeof a.y === "number") return { ...a, y: low + a.y * (high - low) };
          // An annotation placed on an axis ("x2 domain") follows that axis's new number.
          const onAxis = (ref: unknown): unknown => (shift && typeof ref === "string" && / domain$/.test(ref) ? `${rename(ref.replace(/ domain$/, ""))} domain` : ref);
          return { ...a, xref: onAxis(a.xref), yref: onAxis(a.yref) };
        }));
      } else if (m) {
        const axis = { ...(value as Record<string, unknown>) };
        if (shift) axis.anchor = rename(axis.anchor);
        if (m[1] === "y") axis.domain = squeeze(axis.domain, low, high);
        layout[`${m[1]}axis${axisSuffix(axisNumber(m[2]) + (shift ? offset : 0))}`] = axis;
      } else if (!(key in layout)) {
        layout[key] = value;
      }
    }
  }
  // Bottom's entries that top already lists (the same loss) leave the legend; its own (the hatching) stay.
  const listed = new Set(top.traces.filter((t) => t.showlegend !== false).map((t) => t.name));
  const shifted: PlotlyTrace[] = bottom.traces.map((t) => ({ ...t, xaxis: rename(t.xaxis ?? "x"), yaxis: rename(t.yaxis ?? "y"), showlegend: t.showlegend !== false && !listed.has(t.name) }));
  return {
    id,
    title,
    traces: [...top.traces, ...shifted],
    layout: { ...layout, annotations },
    data: [...top.data.map((r) => ({ plot: "test error", ...r })), ...bottom.data.map((r) => ({ plot: "time to threshold", ...r }))],
    width: Math.max(top.width ?? 900, bottom.width ?? 900),
    height: (top.height ?? 500) + (bottom.height ?? 500),
  };
}

/** Figure 3 for the panels of one target (module comment); rows carry the target in column `target`. */
export function figure3(panels: readonly Fig3Panel[], id: string, title: string): FigureSpec {
  if (panels.length === 0) throw new Error(`figure3 (${id}): no panels to draw`);
  // The paper letters the error panels (a), (c), (e) and the time panels below them (b), (d), (f).
  const letters = panels.map((_, k) => [`(${String.fromCharCode(97 + 2 * k)})`, `(${String.fromCharCode(98 + 2 * k)})`]);
  const curves = errorCurvesFigure(panels.flatMap((p) => p.curves), `${id}-curves`, title, { columns: panels.length, letters: letters.map((l) => l[0]) });
  const times = thresholdTimesFigure(panels.flatMap((p) => p.thresholds), `${id}-times`, title, { letters: letters.map((l) => l[1]) });
  const figure = stackFigures(curves, times, id, title);
  const target = panels[0].target;
  return { ...figure, data: figure.data.map((r) => ({ target, ...r })) };
}
