/**
 * The reading of a notebook's results, rendered from its numbers (DESIGN.md, "Style": words computed from numbers).
 *
 * A markdown cell may carry judgement that no rerun can change; every measured number and every verdict is
 * written by a code cell through these helpers, as Quarto's inline code or knitr's `r x` do, so the prose
 * re-renders with the run and cannot contradict the claim records.
 */
import type { TidyRow } from "../plot/index.js";
import { displayMimeBundle, markdownBundle } from "../plot/index.js";

/** A number for prose: 3 significant digits, exponent form outside [1e-3, 1e5), "not reached" for NaN. */
export function formatValue(x: number, digits = 3): string {
  if (Number.isNaN(x)) return "n/a";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  if (x === 0) return "0";
  const magnitude = Math.abs(x);
  if (magnitude >= 1e5 || magnitude < 1e-3) return x.toExponential(digits - 1).replace("e+", "e");
  return Number(x.toPrecision(digits)).toLocaleString("en-US", { maximumSignificantDigits: digits });
}

/** A fraction as a percentage for prose: 0.06 → "6 %", 0.003 → "0.3 %". */
export function formatPercent(fraction: number): string {
  return `${formatValue(100 * fraction, 2)} %`;
}

/**
 * A template tag that formats every interpolated number with `formatValue`: md`H1 ends at ${ratio} × L2's error`.
 * Strings are inserted as they are.
 */
export function md(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((text, piece, i) => {
    const value = values[i - 1];
    return text + (typeof value === "number" ? formatValue(value) : value) + piece;
  });
}

/** Shows Markdown as the cell's output, with an HTML copy for untrusted notebooks (plain text outside a notebook). */
export function showMarkdown(markdown: string): void {
  if (!displayMimeBundle(markdownBundle(markdown))) console.log(markdown);
}

const VERDICT_WORDS: Record<string, string> = {
  holds: "**holds**",
  fails: "**fails**",
  inconclusive: "*inconclusive*",
  erratum: "**erratum**",
};

/** The interval of a claim row as prose: "0.41 (95 % interval 0.2–0.8, 5 seeds)". */
export function describeMeasurement(row: TidyRow): string {
  const measured = Number(row.measured);
  const seeds = Number(row.seeds);
  if (Number.isNaN(measured)) return `nothing to compare (no seed reached the threshold; ${seeds} seeds)`;
  const low = Number(row.low);
  const high = Number(row.high);
  const interval = low === measured && high === measured ? "" : `, 95 % interval ${formatValue(low)} to ${formatValue(high)}`;
  return `${formatValue(measured)} (${seeds} seed${seeds === 1 ? "" : "s"}${interval})`;
}

/** One line per claim row: the claim, what was measured with its interval, the scale, the verdict. */
export function claimLines(rows: readonly TidyRow[]): string {
  return rows
    .map((row) => {
      const relation = row.relation === "=" ? "≈" : String(row.relation);
      const scale = row.scale === "" || row.scale === undefined ? "" : `, ${formatPercent(Number(row.scale))} of the paper's epochs`;
      return `- ${row.claim} (${row.source}): ${describeMeasurement(row)}, claimed ${relation} ${formatValue(Number(row.expected))}${scale}: ${VERDICT_WORDS[String(row.verdict)] ?? row.verdict}.`;
    })
    .join("\n");
}

/** "3 hold, 1 fails, 2 are inconclusive" for a set of rows. */
export function verdictCounts(rows: readonly TidyRow[]): string {
  const count = (verdict: string): number => rows.filter((row) => row.verdict === verdict).length;
  const parts = [
    [count("holds"), "holds", "hold"],
    [count("fails"), "fails", "fail"],
    [count("inconclusive"), "is inconclusive", "are inconclusive"],
    [count("erratum"), "is an erratum", "are errata"],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`)
    .join(", ");
}
