/** Tiny notebooks and scratch folders for the runner's tests. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A notebook of code cells, with a markdown cell first when `text` is given, as nbformat 4 JSON. */
export function notebook(cells: string[], text?: string): string {
  const code = cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null }));
  return JSON.stringify({
    cells: text === undefined ? code : [{ cell_type: "markdown", id: "m", metadata: {}, source: text }, ...code],
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

/** A new folder in the system's temporary folder; the test file removes it in `after`. */
export function scratchFolder(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
