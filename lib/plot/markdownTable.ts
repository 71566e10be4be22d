/**
 * Tables as GitHub-flavoured markdown [1] and as HTML, from tidy rows.
 *
 * [1] GitHub Flavored Markdown Spec, section 4.10 "Tables (extension)": a pipe inside a cell is written `\|`.
 */
import { escapeHtml } from "./html.js";
import type { TidyRow, TidyValue } from "./spec.js";

/** A cell as text: numbers via `String(n)` (full precision), null as empty. */
export function cellText(value: TidyValue | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}

/** True when every non-empty cell of `column` is a number: such columns are right-aligned. */
function isNumericColumn(rows: readonly TidyRow[], column: string): boolean {
  let seen = false;
  for (const row of rows) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    if (typeof value !== "number") return false;
    seen = true;
  }
  return seen;
}

/** A cell's text made safe inside a markdown table row: pipes escaped, line breaks as <br>. */
function markdownCell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\r\n|\r|\n/g, "<br>");
}

/** A GitHub markdown table: header, alignment row (numbers right-aligned), one line per row. */
export function markdownTable(columns: readonly string[], rows: readonly TidyRow[]): string {
  const line = (cells: string[]): string => `| ${cells.join(" | ")} |`;
  const lines = [
    line(columns.map(markdownCell)),
    line(columns.map((column) => (isNumericColumn(rows, column) ? "---:" : "---"))),
    ...rows.map((row) => line(columns.map((column) => markdownCell(cellText(row[column]))))),
  ];
  return lines.join("\n") + "\n";
}

/** An HTML table with the same content as `markdownTable`. */
export function htmlTable(columns: readonly string[], rows: readonly TidyRow[]): string {
  const align = columns.map((column) => (isNumericColumn(rows, column) ? ' style="text-align: right"' : ""));
  const head = columns.map((column, j) => `<th${align[j]}>${escapeHtml(column)}</th>`).join("");
  const body = rows
    .map((row) => `<tr>${columns.map((column, j) => `<td${align[j]}>${escapeHtml(cellText(row[column]))}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
