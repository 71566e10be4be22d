/**
 * Grayscale images in a plotly figure, for the reconstruction and sample grids of Sections 3.3-3.4 (Figures 4, 5
 * and 8): several images tiled into one heatmap, and the tidy rows of their pixels for the figure's CSV.
 */
import type { PlotlyArray, PlotlyTrace, TidyRow } from "../plot/index.js";

/** Pixels between tiled images, drawn blank (NaN is a gap in a plotly heatmap). */
const TILE_GAP = 1;

/**
 * `images` (each row-major height × width) tiled `columns` to a row, as the rows of one 2-D array, with blank
 * gaps between them.
 * @throws Error when an image does not have height · width pixels or columns < 1
 */
export function tileImages(images: readonly (readonly number[])[], height: number, width: number, columns: number): number[][] {
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`tileImages: columns must be a positive integer, got ${columns}`);
  const bad = images.findIndex((image) => image.length !== height * width);
  if (bad >= 0) throw new Error(`tileImages: image ${bad} has ${images[bad].length} pixels, expected ${height} x ${width} = ${height * width}`);
  const gridRows = Math.ceil(images.length / columns);
  const z = Array.from({ length: gridRows * (height + TILE_GAP) - TILE_GAP }, () => new Array<number>(columns * (width + TILE_GAP) - TILE_GAP).fill(Number.NaN));
  images.forEach((image, k) => {
    const [top, left] = [Math.floor(k / columns) * (height + TILE_GAP), (k % columns) * (width + TILE_GAP)];
    for (let i = 0; i < height; i++) for (let j = 0; j < width; j++) z[top + i][left + j] = image[i * width + j];
  });
  return z;
}

/** A heatmap trace of a tiled grid on the given axes: black 0 to white 1, values outside clipped by the colour scale. */
export function grayscaleHeatmap(z: number[][], xaxis: string, yaxis: string, name: string): PlotlyTrace {
  return {
    type: "heatmap", z, name, xaxis, yaxis, zmin: 0, zmax: 1, showscale: false, hoverongaps: false,
    colorscale: [[0, "#000000"], [1, "#ffffff"]],
  };
}

/** Layout of an image axis pair: no ticks, rows downwards, square pixels. */
export function imageAxes(domainX: [number, number], domainY: [number, number], xName: string, yName: string): Record<string, unknown> {
  const hidden = { showticklabels: false, showgrid: false, zeroline: false, ticks: "" };
  return {
    [`xaxis${xName.slice(1)}`]: { ...hidden, domain: domainX, anchor: yName, constrain: "domain" },
    [`yaxis${yName.slice(1)}`]: { ...hidden, domain: domainY, anchor: xName, autorange: "reversed", scaleanchor: xName, constrain: "domain" },
  };
}

/** One tidy row per pixel of each image, labelled with `labels` (e.g. panel and column) and the image index. */
export function pixelRows(images: readonly (readonly number[])[], width: number, labels: TidyRow): TidyRow[] {
  return images.flatMap((image, k) => Array.from(image, (value, p) => ({ ...labels, image: k, row: Math.floor(p / width), column: p % width, value })));
}

/**
 * A trace of tiled images, gray (channels = 1: grayscaleHeatmap) or colour (channels = 3: a plotly image trace,
 * z[row][column] = [r, g, b] in 0..255, values clipped to [0, 1] first; gaps white). Images are NHWC row-major.
 */
export function imageTrace(images: readonly (readonly number[])[], height: number, width: number, channels: number, columns: number, xaxis: string, yaxis: string, name: string): PlotlyTrace {
  if (channels === 1) return grayscaleHeatmap(tileImages(images, height, width, columns), xaxis, yaxis, name);
  if (channels !== 3) throw new Error(`imageTrace: channels must be 1 or 3, got ${channels}`);
  const planes = [0, 1, 2].map((c) => tileImages(images.map((image) => image.filter((_, p) => p % 3 === c)), height, width, columns));
  const byte = (v: number): number => (Number.isNaN(v) ? 255 : Math.round(255 * Math.min(1, Math.max(0, v))));
  const z = planes[0].map((row, i) => row.map((_, j) => planes.map((plane) => byte(plane[i][j]))));
  // z is [row][column][r, g, b], a shape PlotlyTrace.z does not name; the trace passes it to plotly as given.
  return { type: "image", z: z as unknown as PlotlyArray[], name, xaxis, yaxis, hoverinfo: "skip" };
}
