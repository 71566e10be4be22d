/**
 * Plotly names the defs and clip paths of every render after a random six-hex uid (`defs-3821a7`,
 * `clip3821a7xyplot`) and each trace after another (`trace4c5b1c`), so re-exporting an unchanged figure changed its
 * SVG and every regeneration showed up as a diff. Replacing them with ids derived from the figure id and the trace
 * order makes unchanged figures byte-identical.
 */
import { createHash } from "node:crypto";

/** Colour-bar gradients are named `<uid>-<8 random hex>`: number the suffixes in order of appearance. */
function numberSuffixes(svg: string, stable: string): string {
  const numbers = new Map<string, number>();
  return svg.replace(new RegExp(`${stable}-([0-9a-f]{8})\\b`, "g"), (_, suffix: string) => {
    if (!numbers.has(suffix)) numbers.set(suffix, numbers.size);
    return `${stable}-n${numbers.get(suffix)}`;
  });
}

export function stableSvg(svg: string, figureId: string): string {
  const uid = /id="defs-([0-9a-f]{6})"/.exec(svg)?.[1];
  const stable = createHash("sha256").update(figureId).digest("hex").slice(0, 6);
  const withStableDefs = uid ? numberSuffixes(svg.split(uid).join(stable), stable) : svg;
  // Each trace and colour bar also gets a random class (`trace<6 hex>`, `cb<6 hex>`, `ycb<6 hex>tick`): number them.
  const numbers = new Map<string, number>();
  return withStableDefs.replace(/(?:\b|(?<=[xy]))(trace|cb)([0-9a-f]{6})(?=\b|tick)/g, (_, kind: string, randomUid: string) => {
    const key = `${kind}${randomUid}`;
    if (!numbers.has(key)) numbers.set(key, numbers.size);
    return `${kind}-${numbers.get(key)}`;
  });
}
