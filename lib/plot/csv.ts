/**
 * Tidy tables as CSV (RFC 4180 [1]): the file format of every figure's data and every table in figures/.
 *
 * - Columns: the union of the rows' keys in first-seen order, unless given explicitly.
 * - Records end in CRLF, as RFC 4180 section 2 rule 1 says; the last record ends in CRLF too.
 * - A field is quoted when it contains a comma, a double quote, CR or LF; quotes inside are doubled (rules 5-7).
 * - Numbers are written with `String(n)`: the shortest text that reads back as the same double (`0.1`, `1e-7`,
 *   `NaN`, `Infinity`), so no precision is lost. Booleans are `true`/`false`. null and missing cells are empty.
 *
 * [1] RFC 4180, "Common Format and MIME Type for Comma-Separated Values (CSV) Files", section 2.
 */
import type { TidyRow, TidyValue } from "./spec.js";

const RECORD_END = "\r\n";
const NEEDS_QUOTES = /[",\r\n]/;

/** The union of the rows' keys, in the order they are first seen. */
export function csvColumns(rows: readonly TidyRow[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

/** One CSV field: quoted if it must be (RFC 4180 section 2, rules 5-7). */
export function csvField(value: TidyValue | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The rows as CSV text: a header record, then one record per row.
 *
 * @param rows tidy rows
 * @param columns column order; default `csvColumns(rows)`. With no rows and no columns the result is "".
 */
export function toCsv(rows: readonly TidyRow[], columns: readonly string[] = csvColumns(rows)): string {
  if (columns.length === 0) return "";
  const records = [columns.map(csvField).join(",")];
  for (const row of rows) records.push(columns.map((column) => csvField(row[column])).join(","));
  return records.join(RECORD_END) + RECORD_END;
}

/**
 * Parse CSV text (RFC 4180, also accepting bare LF line ends) into records of string fields.
 * Used by the tests to check `toCsv` round-trips, and by anyone re-plotting a figure from its data.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i += 1; continue; }
      field += c; i += 1; continue;
    }
    if (c === '"' && field === "") { quoted = true; i += 1; continue; }
    if (c === ",") { record.push(field); field = ""; i += 1; continue; }
    if (c === "\r" || c === "\n") {
      record.push(field); records.push(record); record = []; field = "";
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    field += c; i += 1;
  }
  if (quoted) throw new Error("parseCsv: unterminated quoted field at end of input");
  if (field !== "" || record.length > 0) { record.push(field); records.push(record); }
  return records;
}
