/**
 * Plotly names the defs and clip paths of every render after a random six-hex uid (`defs-3821a7`,
 * `clip3821a7xyplot`), so re-exporting an unchanged figure changed its SVG and every regeneration showed up as a
 * diff. Replacing that uid with one derived from the figure id makes unchanged figures byte-identical.
 */
import { createHash } from "node:crypto";

export function stableSvg(svg: string, figureId: string): string {
  const uid = /id="defs-([0-9a-f]{6})"/.exec(svg)?.[1];
  if (!uid) return svg;
  const stable = createHash("sha256").update(figureId).digest("hex").slice(0, 6);
  return svg.split(uid).join(stable);
}
