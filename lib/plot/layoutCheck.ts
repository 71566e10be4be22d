/**
 * The figure layout check (DESIGN.md, "Style": "a layout test measures text boxes so that a crowded figure fails"): every
 * non-empty <text> of an exported SVG is measured in Chromium, and two texts whose boxes overlap, or a text that
 * leaves the canvas, is a problem. Plotly places titles, legends and tick labels by itself and never refuses a
 * crowded layout, so this is the only guard against a legend on an axis title or a title cut off at the edge.
 *
 * The geometry (`layoutProblems`) is a pure function, tested without a browser; `measureSvgTexts` reads the boxes
 * with getBoundingClientRect (axis-aligned, so a rotated label counts by the box it covers on the page).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { withBrowserPage } from "./browser.js";

/** One measured text: its content and its axis-aligned box in CSS pixels of the SVG. */
export interface TextBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Measured texts of one SVG and the size of its canvas. */
export interface SvgTexts {
  width: number;
  height: number;
  texts: TextBox[];
}

/** Overlaps and overhangs of at most this many pixels are allowed (anti-aliasing, font rounding). */
export const LAYOUT_TOLERANCE_PX = 1;

const quote = (box: TextBox): string => JSON.stringify(box.text.length > 60 ? `${box.text.slice(0, 57)}...` : box.text);

/**
 * The layout problems of one figure, one sentence each: pairs of texts whose boxes overlap by more than
 * `tolerance` pixels in both directions, and texts that reach more than `tolerance` pixels past the canvas.
 */
export function layoutProblems(figure: SvgTexts, tolerance = LAYOUT_TOLERANCE_PX): string[] {
  const problems: string[] = [];
  const texts = figure.texts.filter((box) => box.text.trim() !== "" && box.width > 0 && box.height > 0);
  for (const box of texts) {
    const outside = [
      box.x < -tolerance ? `${(-box.x).toFixed(1)} px past the left edge` : "",
      box.y < -tolerance ? `${(-box.y).toFixed(1)} px past the top edge` : "",
      box.x + box.width > figure.width + tolerance ? `${(box.x + box.width - figure.width).toFixed(1)} px past the right edge` : "",
      box.y + box.height > figure.height + tolerance ? `${(box.y + box.height - figure.height).toFixed(1)} px past the bottom edge` : "",
    ].filter(Boolean);
    if (outside.length > 0) problems.push(`text ${quote(box)} leaves the canvas (${outside.join(", ")})`);
  }
  for (let i = 0; i < texts.length; i += 1) {
    for (let j = i + 1; j < texts.length; j += 1) {
      const [a, b] = [texts[i], texts[j]];
      const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const overlapY = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (overlapX > tolerance && overlapY > tolerance) {
        problems.push(`texts ${quote(a)} and ${quote(b)} overlap (${overlapX.toFixed(1)} x ${overlapY.toFixed(1)} px)`);
      }
    }
  }
  // Repeated labels ("not reached" on every bar) give identical sentences: each is listed once, with its count.
  const counts = new Map<string, number>();
  for (const problem of problems) counts.set(problem, (counts.get(problem) ?? 0) + 1);
  return [...counts].map(([problem, count]) => (count > 1 ? `${problem}, ${count} times` : problem));
}

/**
 * Measures every visible <text> of each SVG in one page of the shared figure browser.
 * Throws naming the file when one is not an SVG.
 */
export async function measureSvgTexts(svgs: ReadonlyArray<{ name: string; svg: string }>): Promise<SvgTexts[]> {
  return withBrowserPage(async (page) => {
    const measured: SvgTexts[] = [];
    for (const { name, svg } of svgs) {
      if (!/<svg[\s>]/.test(svg)) throw new Error(`measureSvgTexts: ${name} is not an SVG (no <svg> element)`);
      await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}</style></head><body>${svg}</body></html>`);
      measured.push(
        await page.evaluate(() => {
          const root = document.querySelector("svg") as SVGSVGElement;
          const origin = root.getBoundingClientRect();
          const texts = Array.from(root.querySelectorAll("text")).flatMap((element) => {
            const style = getComputedStyle(element);
            if (style.display === "none" || style.visibility === "hidden" || Number(style.opacity) === 0) return [];
            const box = element.getBoundingClientRect();
            return [{ text: element.textContent ?? "", x: box.x - origin.x, y: box.y - origin.y, width: box.width, height: box.height }];
          });
          return { width: origin.width, height: origin.height, texts };
        }),
      );
    }
    return measured;
  });
}

/** The exported SVG figures of a folder (none when the folder is missing), sorted by name. */
export function svgFiles(directory: string): string[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  return names.filter((name) => name.endsWith(".svg")).sort().map((name) => path.join(directory, name));
}

/** Layout problems of each SVG file, keyed by path; a file without problems maps to an empty list. */
export async function checkSvgLayout(files: readonly string[], tolerance = LAYOUT_TOLERANCE_PX): Promise<Map<string, string[]>> {
  const measured = await measureSvgTexts(files.map((file) => ({ name: file, svg: readFileSync(file, "utf8") })));
  return new Map(files.map((file, index) => [file, layoutProblems(measured[index], tolerance)]));
}
