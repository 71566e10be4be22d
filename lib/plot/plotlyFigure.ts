/**
 * Convert traces and layout into the JSON plotly.js 3 expects, so callers cannot get its breaking changes wrong.
 *
 * plotly.js 3 dropped the string form of titles and the `titlefont`, `titleside`, `titleposition` and
 * `titleoffset` attributes [1, 2]:
 * `layout.title = "Loss"` or `xaxis.title = "epoch"` now draw no title at all, silently. This module rewrites every
 * attribute named `title` that holds a string or number into `{text}`, and moves the legacy attributes into the
 * title object, at any depth of the layout and traces (axes, scene axes, colour bars, legend, pie titles, ...).
 * It also turns typed arrays into plain arrays, because JSON (the notebook's plotly mime type, the HTML page)
 * writes a Float64Array as an object keyed by index.
 *
 * The caller's objects are never modified.
 *
 * [1] plotly.js CHANGELOG, [3.0.0] -- 2025-01-27, Removed: "Drop support for passing a string to the title
 *     attribute, and drop support for deprecated attributes titlefont, titleposition, titleside, and titleoffset"
 *     (plotly/plotly.js#7212).
 * [2] "Version 3 Changes in JavaScript", https://plotly.com/javascript/version-3-changes
 */
import type { PlotlyFigure, PlotlyLayout, PlotlyTrace } from "./spec.js";

const LEGACY_TITLE_ATTRIBUTES: Record<string, string> = {
  titlefont: "font",
  titleside: "side",
  titleposition: "position",
  titleoffset: "offset",
};

/**
 * The plotly figure `{data, layout}` for the given traces and layout, with titles in object form.
 *
 * @param traces plotly traces; typed arrays allowed
 * @param layout partial plotly layout; titles may be strings
 * @param defaultTitle used as `layout.title` when the layout has none
 */
export function plotlyFigure(traces: PlotlyTrace[], layout: PlotlyLayout | undefined, defaultTitle?: string): PlotlyFigure {
  const data = traces.map((trace) => normalisePlotlyValue(trace) as Record<string, unknown>);
  const normalisedLayout = normalisePlotlyValue(layout ?? {}) as Record<string, unknown>;
  if (normalisedLayout.title === undefined && defaultTitle !== undefined && defaultTitle !== "") {
    normalisedLayout.title = { text: defaultTitle };
  }
  return { data, layout: normalisedLayout };
}

/** A deep copy of `value` with titles in object form and typed arrays as plain arrays. */
export function normalisePlotlyValue(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<unknown>, (element) =>
      typeof element === "bigint" ? Number(element) : element,
    );
  }
  if (Array.isArray(value)) return value.map(normalisePlotlyValue);
  if (!isPlainObject(value)) return value;

  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!(key in LEGACY_TITLE_ATTRIBUTES)) result[key] = normalisePlotlyValue(child);
  }
  if (typeof result.title === "string" || typeof result.title === "number") {
    result.title = { text: String(result.title) };
  }
  for (const [legacy, modern] of Object.entries(LEGACY_TITLE_ATTRIBUTES)) {
    if (!(legacy in value) || value[legacy] === undefined) continue;
    const title = isPlainObject(result.title) ? result.title : {};
    if (title[modern] === undefined) title[modern] = normalisePlotlyValue(value[legacy]);
    result.title = title;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
