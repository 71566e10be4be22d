/**
 * Showing one rich output in a tslab notebook cell.
 *
 * tslab's public `display` sends one mime type per output; a figure needs several in ONE output (plotly JSON, HTML,
 * PNG, text) so the front end can pick the richest it can render. tslab keeps the kernel's display function in the
 * module-global `lastWriteDisplayData` of tslab/dist/jupyter.js, set while a cell runs; we call it directly.
 *
 * Outside a kernel (scripts, tests) that module has not been loaded; we do not load it (it pulls in TypeScript,
 * ~0.3 s) and report that nothing was displayed.
 */
import { createRequire } from "node:module";

/** A Jupyter mime bundle: mime type -> data (JSON value, or base64 text for images). */
export type MimeBundle = Record<string, unknown>;

type WriteDisplayData = (
  message: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> },
  update: boolean,
) => void;

const require = createRequire(import.meta.url);

/** The kernel's display function, or null when this process is not a tslab kernel. */
function kernelDisplayFunction(): WriteDisplayData | null {
  let resolved: string;
  try {
    resolved = require.resolve("tslab/dist/jupyter.js");
  } catch {
    return null;
  }
  if (require.cache[resolved] === undefined) return null;
  const jupyter = require(resolved) as { lastWriteDisplayData?: WriteDisplayData | null };
  return typeof jupyter.lastWriteDisplayData === "function" ? jupyter.lastWriteDisplayData : null;
}

/** True when running inside a tslab kernel, where `displayMimeBundle` shows output. */
export function inNotebook(): boolean {
  return kernelDisplayFunction() !== null;
}

/**
 * Shows `data` as one output of the running cell.
 *
 * @param metadata per-mime metadata, e.g. `{"image/png": {width, height}}`
 * @returns false (and shows nothing) outside a tslab kernel
 */
export function displayMimeBundle(data: MimeBundle, metadata: Record<string, unknown> = {}): boolean {
  const write = kernelDisplayFunction();
  if (write === null) return false;
  write({ data, metadata, transient: {} }, false);
  return true;
}
