/**
 * Plotly names the defs and clip paths of every render after a random six-hex uid (`defs-3821a7`,
 * `clip3821a7xyplot`) and each trace after another (`trace4c5b1c`), so re-exporting an unchanged figure changed its
 * SVG and every regeneration showed up as a diff. Replacing them with ids derived from the figure id and the trace
 * order makes unchanged figures byte-identical.
 */
import { createHash } from "node:crypto";

export function stableSvg(svg: string, figureId: string): string {
  const uid = /id="defs-([0-9a-f]{6})"/.exec(svg)?.[1];
  const stable = createHash("sha256").update(figureId).digest("hex").slice(0, 6);
  const withStableDefs = uid ? svg.split(uid).join(stable) : svg;
  // Each trace also gets a random class `trace<6 hex>`: number them in order of first appearance.
  const traceNumbers = new Map<string, number>();
  return withStableDefs.replace(/\btrace([0-9a-f]{6})\b/g, (_, traceUid: string) => {
    if (!traceNumbers.has(traceUid)) traceNumbers.set(traceUid, traceNumbers.size);
    return `trace-${traceNumbers.get(traceUid)}`;
  });
}
