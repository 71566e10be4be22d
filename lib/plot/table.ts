/**
 * `showTable`: the one way a notebook shows a table and exports it to figures/<id>.csv and figures/<id>.md.
 */
import path from "node:path";
import type { ColumnTable } from "arquero";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { figuresDir, profileFiguresDir } from "../paths.js";
import { csvColumns, toCsv } from "./csv.js";
import { filesSummary, relativeToCwd, withOneLineInspect } from "./exportedFiles.js";
import { assertFigureId } from "./figureId.js";
import { htmlTable, markdownTable } from "./markdownTable.js";
import { displayMimeBundle } from "./notebookDisplay.js";
import type { TidyRow, TidyValue } from "./spec.js";

/** Paths of the files `showTable` wrote. */
export interface TableFiles {
  csv: string;
  md: string;
}

/**
 * Exports a table to figures/<id>.csv and figures/<id>.md and shows it in the notebook (markdown, HTML and text;
 * outside a notebook: prints one line naming the files).
 *
 * @param id file-safe id (see `assertFigureId`)
 * @param table an arquero table (its column order is kept) or tidy rows (columns in first-seen order)
 */
export function showTable(id: string, table: ColumnTable | readonly TidyRow[]): TableFiles {
  assertFigureId(id, "showTable");
  const { columns, rows } = tableContents(id, table);
  const directory = profileFiguresDir();
  const files = writeTable(id, rows, columns, directory);
  const markdown = markdownTable(columns, rows);
  const written = filesSummary(directory, id, ["csv", "md"]);
  const displayed = displayMimeBundle({
    "text/markdown": markdown,
    "text/html": htmlTable(columns, rows),
    "text/plain": `${markdown}\n${relativeToCwd(files.csv)}\n${relativeToCwd(files.md)}`,
  });
  if (!displayed) console.log(`showTable: wrote ${written}`);
  return withOneLineInspect(files, `TableFiles ${written}`);
}

/**
 * Writes tidy rows to figures/<id>.csv and figures/<id>.md (atomically) without showing them: for records
 * that many notebooks add to, such as the claim records.
 *
 * @param columns column order (default: first-seen order of the rows' keys)
 * @param directory where (default figuresDir(), the claim records' folder; a notebook's own tables go to profileFiguresDir())
 */
export function writeTable(id: string, rows: readonly TidyRow[], columns: readonly string[] = csvColumns(rows), directory: string = figuresDir()): TableFiles {
  assertFigureId(id, "writeTable");
  const files: TableFiles = { csv: path.join(directory, `${id}.csv`), md: path.join(directory, `${id}.md`) };
  writeFileAtomic(files.csv, toCsv(rows, columns));
  writeFileAtomic(files.md, markdownTable(columns, rows));
  return files;
}

function tableContents(id: string, table: ColumnTable | readonly TidyRow[]): { columns: string[]; rows: TidyRow[] } {
  if (Array.isArray(table)) {
    const rows = table as readonly TidyRow[];
    return { columns: csvColumns(rows), rows: rows.map((row) => tidyRow(row)) };
  }
  if (isArqueroTable(table)) {
    const rows = (table.objects() as Record<string, unknown>[]).map((row) => tidyRow(row));
    return { columns: table.columnNames(), rows };
  }
  throw new Error(`showTable(${id}): expected an arquero table or an array of rows, got ${typeof table}`);
}

function isArqueroTable(value: unknown): value is ColumnTable {
  const candidate = value as { objects?: unknown; columnNames?: unknown } | null;
  return typeof candidate?.objects === "function" && typeof candidate.columnNames === "function";
}

/** A row with every cell as a tidy value: Dates as ISO text, other objects as JSON. */
function tidyRow(row: Record<string, unknown>): TidyRow {
  const result: TidyRow = {};
  for (const [column, value] of Object.entries(row)) result[column] = tidyValue(value);
  return result;
}

function tidyValue(value: unknown): TidyValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
