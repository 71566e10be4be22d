/**
 * The shape of a figure: what a notebook hands to `showFigure`.
 *
 * A figure is plotly traces and layout (what is drawn) plus a tidy table (what was measured): one row per plotted
 * point, with columns such as panel, series, seed, x, y. The table is written next to the images as
 * figures/<id>.csv, so anyone can re-plot the figure from its data (DESIGN.md, "Every figure is also a tidy table").
 */

/** One cell of a tidy table. */
export type TidyValue = string | number | boolean | null;

/** One row of a tidy table: column name to value. A missing column is written as an empty field. */
export type TidyRow = Record<string, TidyValue>;

/** Values plotly accepts for a data array: plain arrays or typed arrays (typed arrays are converted to plain ones). */
export type PlotlyArray = ArrayLike<number | string | boolean | Date | null>;

/** A plotly title: plotly.js 3 accepts only the object form; a plain string is converted by `plotlyFigure`. */
export type PlotlyTitle = string | { text?: string; [key: string]: unknown };

/**
 * One plotly trace (https://plotly.com/javascript/reference/), typed loosely: the data arrays that most traces
 * use are named, everything else is passed to plotly as given.
 */
export interface PlotlyTrace {
  type?: string;
  name?: string;
  mode?: string;
  x?: PlotlyArray;
  y?: PlotlyArray;
  z?: PlotlyArray | PlotlyArray[];
  [attribute: string]: unknown;
}

/** A partial plotly layout. Titles may be plain strings here (`title`, `xaxis.title`, ...). */
export interface PlotlyLayout {
  title?: PlotlyTitle;
  [attribute: string]: unknown;
}

/** Everything `showFigure` needs to draw, export and display one figure. */
export interface FigureSpec {
  /** File name stem: letters, digits, '.', '_' and '-', starting with a letter or digit (see `assertFigureId`). */
  id: string;
  /** Human title; used as the plot title unless `layout.title` is given. */
  title: string;
  traces: PlotlyTrace[];
  layout?: PlotlyLayout;
  /** The tidy table behind the figure, one row per plotted point. */
  data: TidyRow[];
  /** Size of the static images in CSS pixels (the PNG is rendered at twice this). Default 900 x 500. */
  width?: number;
  height?: number;
}

/** Paths of the files `showFigure` wrote. */
export interface FigureFiles {
  svg: string;
  png: string;
  csv: string;
  html: string;
}

/** A plotly figure in the exact JSON form plotly.js 3 and the notebook's plotly mime type expect. */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}
