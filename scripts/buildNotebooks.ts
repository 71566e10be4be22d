/**
 * Builds notebooks/<name>.ipynb from its reviewable text twin notebooks/<name>.ts (percent format: a line
 * `// %%` starts a code cell, `// %% [markdown]` a markdown cell whose lines start with `// `).
 *
 * The header cells are written here, not by hand (DESIGN.md, "Style"): after the twin's title cell come a navigation
 * cell (previous / next notebook, profile, how to run) and the set-up cell that selects the backend and
 * prints it with the profile; a closing cell saves the claim records and releases the figure browser.
 * Cell ids are derived from the notebook name and cell index, so rebuilding an unchanged twin changes nothing.
 *
 * Usage: node dist/scripts/buildNotebooks.js [--out DIR] [name ...]   (default: every twin in notebooks/,
 * written to notebooks/; `make figures` builds into dist/notebooks/ and lets the runner write the executed
 * notebook to notebooks/, so an unchanged executed notebook is never overwritten by an unexecuted one)
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../lib/io/atomicWrite.js";
import { repoRoot } from "../lib/paths.js";
import { LONG_PROFILE_NOTEBOOKS } from "../lib/profile.js";

interface Cell {
  cell_type: "code" | "markdown";
  id: string;
  metadata: Record<string, never>;
  source: string[];
  outputs?: unknown[];
  execution_count?: null;
}

const notebooksDir = path.join(repoRoot, "notebooks");
const CELL_MARKER = /^\/\/ %%( \[markdown\])?\s*$/;

/** Splits a percent-format twin into [kind, text] pairs. */
export function parseTwin(text: string, file: string): Array<["code" | "markdown", string]> {
  const cells: Array<["code" | "markdown", string[]]> = [];
  text.split("\n").forEach((line, index) => {
    const marker = CELL_MARKER.exec(line);
    if (marker) {
      cells.push([marker[1] ? "markdown" : "code", []]);
    } else if (cells.length === 0) {
      if (line.trim() !== "") throw new Error(`${file}:${index + 1}: text before the first "// %%" cell marker.`);
    } else {
      const cell = cells[cells.length - 1];
      if (cell[0] === "markdown") {
        if (line.trim() !== "" && !line.startsWith("//")) {
          throw new Error(`${file}:${index + 1}: a markdown cell line must start with "// ", got: ${line}`);
        }
        cell[1].push(line.replace(/^\/\/ ?/, ""));
      } else {
        cell[1].push(line);
      }
    }
  });
  return cells
    .map(([kind, lines]): ["code" | "markdown", string] => [kind, lines.join("\n").trim()])
    .filter(([, source]) => source !== "");
}

function cellId(notebook: string, index: number): string {
  return createHash("sha256").update(`${notebook}#${index}`).digest("hex").slice(0, 12);
}

function makeCell(kind: "code" | "markdown", source: string, notebook: string, index: number): Cell {
  const lines = source.split("\n").map((line, i, all) => (i < all.length - 1 ? `${line}\n` : line));
  const cell: Cell = { cell_type: kind, id: cellId(notebook, index), metadata: {}, source: lines };
  if (kind === "code") {
    cell.outputs = [];
    cell.execution_count = null;
  }
  return cell;
}

function navigation(name: string, all: string[], title: (n: string) => string): string {
  const at = all.indexOf(name);
  const link = (n: string): string => `[${title(n)}](${n}.ipynb)`;
  const previous = at > 0 ? `← ${link(all[at - 1])}` : "";
  const next = at < all.length - 1 ? `${link(all[at + 1])} →` : "";
  return [
    [previous, next].filter(Boolean).join(" · "),
    "",
    `Generated from the text twin \`notebooks/${name}.ts\`: edit the twin, then \`make figures NOTEBOOK=${name}\` ` +
      "rebuilds and runs this notebook. The set-up cell below prints the profile (`PROFILE=smoke|quick|long|paper`) " +
      "and the TensorFlow.js backend in use.",
  ].join("\n");
}

function titleOf(name: string): string {
  return titleFromCells(parseTwin(readFileSync(path.join(notebooksDir, `${name}.ts`), "utf8"), name), name);
}

/** The "# " title that must open a twin's first (markdown) cell. */
function titleFromCells(cells: Array<["code" | "markdown", string]>, name: string): string {
  const [first] = cells;
  if (!first || first[0] !== "markdown" || !first[1].startsWith("# ")) {
    throw new Error(`notebooks/${name}.ts must start with a markdown cell whose first line is the "# " title.`);
  }
  return first[1].split("\n")[0].slice(2).trim();
}

/** Writes <outDir>/<name>.ipynb (default notebooks/) from the twin and returns its absolute path. */
export function buildNotebook(name: string, all: string[], outDir: string = notebooksDir): string {
  const twin = path.join(notebooksDir, `${name}.ts`);
  const cells = parseTwin(readFileSync(twin, "utf8"), twin);
  titleFromCells(cells, name);
  const [titleCell, ...body] = cells;
  const sources: Array<["code" | "markdown", string]> = [
    titleCell,
    ["markdown", navigation(name, all, titleOf)],
    ["code", `import { startNotebook } from "../dist/lib/notebook/index.js";\nconst nb = await startNotebook(${JSON.stringify(name)});`],
    ...body,
    ["code", "await nb.finish();"],
  ];
  const notebook = {
    cells: sources.map(([kind, source], index) => makeCell(kind, source, name, index)),
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const target = path.join(outDir, `${name}.ipynb`);
  writeFileAtomic(target, `${JSON.stringify(notebook, null, 1)}\n`);
  return target;
}

/** Twin names in paper order: "2.2-x" before "2.10-y" before "A-z". */
export function twinNames(): string[] {
  return readdirSync(notebooksDir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map((file) => file.slice(0, -3))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const all = twinNames();
  const args = process.argv.slice(2);
  const outAt = args.indexOf("--out");
  const outDir = outAt >= 0 ? path.resolve(args[outAt + 1] ?? "") : notebooksDir;
  if (outAt >= 0) args.splice(outAt, 2);
  const requested = args.map((arg) => path.basename(arg).replace(/\.(ts|ipynb)$/, ""));
  // With PROFILE=long and no names, the notebooks that have a long profile (the others would stop at byProfile).
  const unnamed = process.env.PROFILE === "long" ? all.filter((name) => LONG_PROFILE_NOTEBOOKS.includes(name)) : all;
  const chosen = requested.length ? all.filter((name) => requested.includes(name)) : unnamed;
  const unknown = requested.filter((name) => !all.includes(name));
  if (unknown.length > 0) {
    // A typo is the user's to fix, in one line, not a stack trace of ours.
    console.error(`buildNotebooks: no twin notebooks/<name>.ts for ${unknown.join(", ")}; valid names: ${all.join(", ")}`);
    process.exit(2);
  }
  for (const name of chosen) {
    // The built paths go to stdout in paper order, for the runner; nothing else is printed there.
    console.log(path.relative(process.cwd(), buildNotebook(name, all, outDir)));
  }
}
