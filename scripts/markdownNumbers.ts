/**
 * Numbers stated in a notebook's markdown that no code or quotation accounts for: the measured values that
 * DESIGN.md ("Style": words computed from numbers) says belong in code cells, which render them from the run.
 *
 * A number in a markdown cell is accounted for when it is
 * - a literal of the same notebook's code cells (a setting: `epochs: 3000` allows "3,000 epochs"), or of a run plan
 *   it imports (lib/plans/<name>.ts: the notebook's settings, kept there so that shards run the same runs);
 * - inside a quotation ("…" or “…”), i.e. the paper's own words, or inside `code`;
 * - an integer from 0 to 10, a year, or the number of a section, figure, table, equation, theorem and so on.
 * Everything else, typically a measured ratio or error, is reported. The rule is mechanical on purpose: it
 * cannot tell a measured 0.092 from a typed setting 0.092, so a setting must be a code literal to be stated.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseTwin } from "./buildNotebooks.js";

const NUMBER = /(?<![\w.])(\d[\d,_]*(?:\.\d+)*(?:e[-+]?\d+)?)(?!\w)/g;
/** What precedes a reference number: "Section 3.2", "eqs. (31)-(34)", "lines 324-326", "notebook 2.2". */
const REFERENCE = /(?:Sections?|Sec\.?|Figs?\.?|Figures?|Tables?|eqs?\.?|equations?|Theorems?|Thms?\.?|Lemmas?|Remarks?|Corollary|Cor\.?|Propositions?|Prop\.?|Appendix|App\.?|Assumptions?|Definitions?|lines?|notebooks?|version)\s*(?:\(?[\dA-Z][\d.]*\)?\s*(?:[-–,]|and|to)\s*)?\(?$/i;

function numericValue(text: string): number {
  return Number(text.replace(/[,_]/g, ""));
}

/** Small integers and years (written without a thousands separator: "2,000" is a count, not a year). */
function isFreeNumber(text: string, value: number): boolean {
  return (Number.isInteger(value) && value >= 0 && value <= 10) || (/^\d{4}$/.test(text) && value >= 1900 && value <= 2100);
}

export interface StatedNumber {
  /** 0-based index among the twin's cells */
  cell: number;
  text: string;
  context: string;
}

/** The unaccounted numbers of a twin's markdown cells, with a little context each. */
export function unaccountedNumbers(twinText: string, file: string): StatedNumber[] {
  const cells = parseTwin(twinText, file);
  const literals = new Set<number>();
  for (const [kind, source] of cells) {
    if (kind !== "code") continue;
    for (const match of source.matchAll(NUMBER)) literals.add(numericValue(match[1]));
    // A run plan the notebook imports holds its settings (the twin sits in notebooks/, the plans in lib/plans/).
    for (const plan of source.matchAll(/dist\/lib\/plans\/([\w.-]+)\.js/g)) {
      const planFile = path.resolve(path.dirname(file), "..", "lib", "plans", `${plan[1]}.ts`);
      if (existsSync(planFile)) for (const match of readFileSync(planFile, "utf8").matchAll(NUMBER)) literals.add(numericValue(match[1]));
    }
  }
  const found: StatedNumber[] = [];
  cells.forEach(([kind, source], cell) => {
    if (kind !== "markdown") return;
    // Quotations and code spans keep their length (blanked) so positions and context stay right.
    const blank = (s: string): string => " ".repeat(s.length);
    const prose = source.replace(/"[^"\n]*"|“[^”]*”|`[^`\n]*`/g, blank);
    for (const match of prose.matchAll(NUMBER)) {
      const text = match[1].replace(/,$/, "");
      const value = numericValue(text);
      const at = match.index ?? 0;
      if (Number.isNaN(value) || isFreeNumber(text, value) || literals.has(value)) continue;
      if (REFERENCE.test(prose.slice(Math.max(0, at - 30), at))) continue;
      // "2.3.1", "C.2", "# 2.2 Title": dotted section numbers and headings are references
      if (/^\d+(\.\d+){2,}$/.test(match[1]) || /[A-Z]\.$/.test(prose.slice(Math.max(0, at - 2), at))) continue;
      if (/^#+ $/.test(prose.slice(prose.lastIndexOf("\n", at) + 1, at))) continue;
      found.push({ cell, text: match[1], context: source.slice(Math.max(0, at - 40), at + match[1].length + 20).replace(/\s+/g, " ") });
    }
  });
  return found;
}
