/**
 * Naming the files an export wrote, briefly: relative to the working directory (the notebook's folder in a
 * kernel), as `figures/<id>.{svg,png,csv,html}`.
 */
import path from "node:path";
import { inspect } from "node:util";

/** `file` relative to the working directory, with forward slashes (usable as a link from the notebook). */
export function relativeToCwd(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join("/");
}

/** `<dir>/<id>.{ext1,ext2}` for files `<dir>/<id>.<ext>` in one folder, relative to the working directory. */
export function filesSummary(directory: string, id: string, extensions: readonly string[]): string {
  return `${relativeToCwd(path.join(directory, id))}.{${extensions.join(",")}}`;
}

/**
 * `files` with a one-line `util.inspect` form (non-enumerable, so keys and JSON are unchanged). tslab prints a
 * cell's last value with console.log; this keeps `await showFigure(...)` at the end of a cell to one short line.
 */
export function withOneLineInspect<T extends object>(files: T, summary: string): T {
  Object.defineProperty(files, inspect.custom, { value: () => summary, enumerable: false });
  return files;
}
