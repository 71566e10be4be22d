/**
 * The companion's one figure style (DESIGN.md, "Style"), shared by every figure in lib/figures:
 * - line dash by loss, as in the paper's figures: L² dashed, H¹ solid, H² dash-dot; dotted only for references
 *   (a rate guide, a floor);
 * - one colour per loss or per method, the same in every figure (L² blue, H¹ red, H² green; the H¹ variants of
 *   Figure 7 and other methods have colours of their own), so no colour means two things;
 * - legends outside the plotting area, below the figure, where plotly reserves room for them;
 * - panel letters "(a)", "(b)", ... as in the paper;
 * - log axes labelled at decades when the values span more than one (minor labels crowd), else plainly;
 * - "not reached" written out;
 * - titles wrapped to the figure's width (`showFigure` applies `fitTitle`).
 */

/** The losses of the paper. */
export type Loss = "L2" | "H1" | "H2";

/** Colour of each loss (matplotlib's tab10 blue, red, green). */
export const LOSS_COLORS: Readonly<Record<Loss, string>> = { L2: "#1f77b4", H1: "#d62728", H2: "#2ca02c" };

/** Dash of each loss, as in the paper's figures. */
export const LOSS_DASH: Readonly<Record<Loss, string>> = { L2: "dash", H1: "solid", H2: "dashdot" };

/**
 * Colours of named methods that are not a plain loss, fixed across figures: Figure 7's H¹ variants (all H¹, so
 * all solid, told apart by colour) and others. None is a loss colour.
 */
export const METHOD_COLORS: Readonly<Record<string, string>> = {
  "H1 exact": LOSS_COLORS.H1,
  "H1 finite differences": "#ff7f0e",
  "H1 Chebyshev": "#9467bd",
  /** The loss the authors' code trains where the paper says H¹ (lib/losses/authorsFftLoss.ts), beside L² and H¹ in Fig. 4. */
  "authors' FFT loss": "#8c564b",
};

/**
 * Colours for series that are neither a loss nor a named method (learning rates, dimensions, ...): none of the
 * loss colours, so a curve coloured by a parameter is never read as a loss.
 */
export const PARAMETER_COLORS: readonly string[] = ["#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f"];

/** A second, disjoint set for a second parameter in the same figure (Figure 1's batch sizes beside its learning rates). */
export const SECOND_PARAMETER_COLORS: readonly string[] = ["#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"];

/** Grey for references (bounds, floors, rate guides), drawn dotted. */
export const REFERENCE_COLOR = "#555555";
export const REFERENCE_DASH = "dot";

/** The words written on or beside a threshold that a run never reached. */
export const NOT_REACHED = "not reached";

/** The loss a series name starts with ("L2", "L²", "H1 exact", "H¹ flow", ...), or undefined. */
export function lossOf(series: string): Loss | undefined {
  const match = /^\s*(L2|L²|H1|H¹|H2|H²)(?![\d])/.exec(series);
  if (!match) return undefined;
  return ({ "L²": "L2", "H¹": "H1", "H²": "H2" } as Record<string, Loss>)[match[1]] ?? (match[1] as Loss);
}

/** The colour of a series: its method's, else its loss's, else the `index`-th parameter colour. */
export function seriesColor(series: string, index = 0): string {
  const loss = lossOf(series);
  return METHOD_COLORS[series] ?? (loss ? LOSS_COLORS[loss] : PARAMETER_COLORS[index % PARAMETER_COLORS.length]);
}

/** The dash of a series: its loss's, solid when it names none. */
export function seriesDash(series: string): string {
  const loss = lossOf(series);
  return loss ? LOSS_DASH[loss] : "solid";
}

/** A plotly line in the house style for a series (colour and dash from its name). */
export function seriesLine(series: string, index = 0, width = 2): { color: string; dash: string; width: number } {
  return { color: seriesColor(series, index), dash: seriesDash(series), width };
}

/** "(a)", "(b)", ... for panel `index` (0-based), as the paper letters its panels. */
export function panelLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 25) throw new Error(`panelLetter: index must be an integer in 0..25, got ${index}`);
  return `(${String.fromCharCode(97 + index)})`;
}

/**
 * A panel's bold title centred above its top edge at paper coordinates (x, y), `letter` (the paper's "(a)") first.
 * Raised by 10 px: a tick label at the very top of the panel (10² over a superscript, or 15 on a linear axis)
 * reaches up to 9 px above it.
 */
export function panelTitle(panel: string, x: number, y: number, letter?: string): Record<string, unknown> {
  return { text: `<b>${letter ? `${letter} ` : ""}${panel}</b>`, xref: "paper", yref: "paper", x, y, yshift: 10, xanchor: "center", yanchor: "bottom", showarrow: false };
}

/**
 * A horizontal legend below everything (the x-axis titles included): anchored to the bottom of the figure's
 * container, so plotly grows the bottom margin for it instead of drawing it over an axis title.
 */
export function legendBelow(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { orientation: "h", yref: "container", y: 0.01, yanchor: "bottom", x: 0, xanchor: "left", ...extra };
}

/** A vertical legend right of the plotting area (plotly's own place, which pushes the right margin). */
export function legendRight(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { orientation: "v", x: 1.02, xanchor: "left", y: 1, yanchor: "top", ...extra };
}

/**
 * Layout of a log axis over `values` (DESIGN.md, "Style": decades only where minor labels crowd): whole decades when the
 * positive values span more than one decade (every k-th decade, k the smallest giving at most MAX_DECADE_LABELS labels) (plotly would add small 2...9 labels that crowd); within one decade,
 * a few full-size labels at 1-2-5 steps (or 1-1.5-2-3-4-5-6-8, or round linear steps, while that gives fewer than
 * three), since plotly's
 * own choice there is either small minor labels or every tenth, which crowd on a short axis.
 */
/** The most decade labels a log axis shows before it labels every second (third, ...) decade. */
const MAX_DECADE_LABELS = 7;

export function logAxis(values: readonly number[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { type: "log", exponentformat: "power", ...extra };
  const [low, high] = [Math.min(...positive), Math.max(...positive)];
  const decades = Math.log10(high / low);
  // Over many decades every decade's label would touch the next (14 decades on a 250-px axis): label every 2nd, 3rd, ...
  if (decades > 1) return { type: "log", exponentformat: "power", dtick: Math.max(1, Math.ceil(decades / MAX_DECADE_LABELS)), ...extra };
  const ticks = (mantissas: number[]): number[] => {
    const result: number[] = [];
    for (let decade = Math.floor(Math.log10(low)) - 1; decade <= Math.ceil(Math.log10(high)); decade += 1) {
      for (const m of mantissas) {
        const value = Number((m * 10 ** decade).toPrecision(3));
        if (value >= low / 1.02 && value <= high * 1.02) result.push(value);
      }
    }
    return result;
  };
  let tickvals = ticks([1, 2, 5]);
  if (tickvals.length < 3) tickvals = ticks([1, 1.5, 2, 3, 4, 5, 6, 8]);
  // A very narrow range (κ from 1.2 to 1.7): evenly spaced round values, as on a linear axis.
  for (let step = 10 ** Math.floor(Math.log10(high - low || high)); tickvals.length < 3 && step > high * 1e-6; step /= step.toExponential(0).startsWith("5") ? 2.5 : 2) {
    tickvals = [];
    for (let value = Math.ceil(low / step) * step; value <= high * 1.001; value += step) tickvals.push(Number(value.toPrecision(6)));
  }
  return { type: "log", tickvals, ticktext: tickvals.map((v) => String(v)), ...extra };
}

/** Average width of a title character as a share of the font size (plotly's default sans-serif, measured). */
const CHARACTER_WIDTH = 0.55;

/**
 * `text` with <br> between words so that no line is wider than `width` pixels at `fontSize` (plotly never wraps
 * a title, so a long one is cut off at both edges). Existing <br> are kept; a single over-long word stays whole.
 */
export function wrapTitle(text: string, width: number, fontSize = 17): string {
  const perLine = Math.max(10, Math.floor((width - 40) / (fontSize * CHARACTER_WIDTH)));
  return text
    .split(/<br\s*\/?>/i)
    .map((line) => {
      const lines: string[] = [];
      let current = "";
      for (const word of line.split(" ")) {
        const visible = (s: string): number => s.replace(/<[^>]+>/g, "").length;
        if (current !== "" && visible(`${current} ${word}`) > perLine) {
          lines.push(current);
          current = word;
        } else {
          current = current === "" ? word : `${current} ${word}`;
        }
      }
      lines.push(current);
      return lines.join("<br>");
    })
    .join("<br>");
}

/** How figures name the datasets (identifiers such as "mnist32" are for code and file names, not for readers). */
const DATASET_TITLES: Readonly<Record<string, string>> = {
  mnist: "MNIST",
  "fashion-mnist": "Fashion-MNIST",
  mnist32: "MNIST at 32 × 32",
  "celeba-hq": "CelebA-HQ",
  imagenet64: "ImageNet 64 × 64",
};

/** The reader's name of dataset `id` ("mnist32" → "MNIST at 32 × 32"); an unknown id is returned as given. */
export function datasetTitle(id: string): string {
  return DATASET_TITLES[id] ?? id;
}

/** Width of a legend entry's symbol and gaps, in pixels (plotly: 40 px of line sample and padding). */
const LEGEND_SYMBOL_WIDTH = 50;

/**
 * How many rows the legends anchored below the figure (`legendBelow`) take at `width` pixels: the entries of each
 * such legend (traces shown in it, and their group titles) laid out left to right from the legend's x, wrapping
 * like plotly's horizontal legend; the largest over the legends. 0 when no legend is below.
 */
export function legendRowsBelow(traces: readonly Record<string, unknown>[], layout: Record<string, unknown>, width: number): number {
  let most = 0;
  for (const [key, value] of Object.entries(layout)) {
    if (!/^legend\d*$/.test(key) || typeof value !== "object" || value === null) continue;
    const legend = value as { yref?: string; orientation?: string; x?: number; font?: { size?: number } };
    if (legend.yref !== "container" || legend.orientation !== "h") continue;
    const fontSize = legend.font?.size ?? 12;
    const available = Math.max(200, (width - 160) * (1 - (legend.x ?? 0)));
    const inLegend = traces.filter((t) => (t.legend ?? "legend") === key && t.showlegend !== false && t.type !== "heatmap" && typeof t.name === "string" && t.name !== "");
    let rows = inLegend.length > 0 ? 1 : 0;
    let used = 0;
    for (const trace of inLegend) {
      const entry = LEGEND_SYMBOL_WIDTH + String(trace.name).replace(/<[^>]+>/g, "").length * fontSize * CHARACTER_WIDTH;
      if (used > 0 && used + entry > available) {
        rows += 1;
        used = 0;
      }
      used += entry;
    }
    most = Math.max(most, rows);
  }
  return most;
}
