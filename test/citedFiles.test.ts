/**
 * No source comment, notebook or README cites a file that is not in the repository (DESIGN.md was cited for
 * months before it existed). A cited path is a repository-relative path that starts at a top-level folder and
 * names a file (`lib/paths.ts`) or a folder (`data/tmp/`), or a top-level Markdown file in capitals. It is fine when it exists,
 * when git ignores it (generated: dist/, figures/*.html, data/cache/), when it is a folder that data/README.md
 * says the user provides, or when it is the compiled name (`.js`) of a source that exists. Placeholders
 * (`figures/<id>.svg`, `*`) and the authors' repository's files (provenance rows' `authorsRef`, quoted as
 * `Differentiation/...py`) are not ours to check. In TypeScript only comments are read (a notebook twin's
 * markdown cells are comments too): a string in code names a file the code makes or reads, which its own tests
 * cover.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";

const TOP_FOLDERS = ["lib", "scripts", "test", "notebooks", "native", "figures", "data", "shared", "dist", "docs"];
const CITED = new RegExp(String.raw`(?<![\w./<>-])((?:${TOP_FOLDERS.join("|")})/[\w./-]*(?:\.[A-Za-z]+|/)|[A-Z][A-Z_]+\.md)(?![\w<>*{$-])`, "g");
const SCANNED_EXTENSIONS = new Set([".ts", ".py", ".sh", ".md", ".mk", ".cc", ".h", ".gyp"]);

/** The files whose text is scanned: the library, scripts, tests, notebook twins, the native sources, the docs. */
function scannedFiles(): string[] {
  const files: string[] = ["README.md", "DESIGN.md", "data/README.md", "Makefile"].filter((file) => existsSync(path.join(repoRoot, file)));
  const walk = (folder: string): void => {
    for (const entry of readdirSync(path.join(repoRoot, folder))) {
      const relative = path.join(folder, entry);
      if (statSync(path.join(repoRoot, relative)).isDirectory()) walk(relative);
      else if (SCANNED_EXTENSIONS.has(path.extname(entry)) && !entry.endsWith(".d.ts")) files.push(relative);
    }
  };
  for (const folder of ["lib", "scripts", "test", "native/src"]) if (existsSync(path.join(repoRoot, folder))) walk(folder);
  files.push(...readdirSync(path.join(repoRoot, "notebooks")).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).map((f) => `notebooks/${f}`));
  return files;
}

function ignoredByGit(cited: string): boolean {
  return spawnSync("git", ["check-ignore", "-q", "--no-index", cited], { cwd: repoRoot }).status === 0;
}

/** The folders data/README.md says a user provides (`imagenet64/` in its table). */
const providedData = new Set(
  [...readFileSync(path.join(repoRoot, "data", "README.md"), "utf8").matchAll(/^\| `([\w-]+\/)` \|/gm)].map((m) => `data/${m[1]}`),
);

function resolves(cited: string): boolean {
  if (existsSync(path.join(repoRoot, cited)) || ignoredByGit(cited) || providedData.has(cited)) return true;
  if (cited.endsWith(".tmp")) return true; // an example of a temporary file's name, never a file of the repository
  // A module named by its compiled name, as imports name it: lib/plot/index.js for lib/plot/index.ts.
  return cited.endsWith(".js") && existsSync(path.join(repoRoot, cited.replace(/\.js$/, ".ts")));
}

/** The comment text of a TypeScript line: a line of a block comment, or what follows `//`. */
function commentOf(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith("*") || trimmed.startsWith("/*")) return trimmed;
  const at = line.indexOf("//");
  return at >= 0 && !line.slice(0, at).endsWith(":") ? line.slice(at) : "";
}

/** Every cited path that does not resolve, as "file:line: path". */
export function missingCitations(): string[] {
  const missing: string[] = [];
  for (const file of scannedFiles()) {
    const lines = readFileSync(path.join(repoRoot, file), "utf8").split("\n");
    lines.forEach((whole, i) => {
      const line = file.endsWith(".ts") ? commentOf(whole) : whole;
      if (/authorsRef/.test(line)) return; // the authors' repository's files
      for (const match of line.matchAll(CITED)) {
        const cited = match[1] ?? "";
        if (!resolves(cited)) missing.push(`${file}:${i + 1}: ${cited}`);
      }
    });
  }
  return missing;
}

test("every repository file that a source comment, notebook twin or README cites exists (or is generated, or user-provided)", () => {
  assert.deepEqual(missingCitations(), []);
});

test("no source file, notebook twin or README names a path of this machine's workspace (/work/...)", () => {
  const absolute = scannedFiles().filter((file) => file !== "test/citedFiles.test.ts").filter((file) => /(?<![\w.])\/work\//.test(readFileSync(path.join(repoRoot, file), "utf8")));
  assert.deepEqual(absolute, []);
});

test("the citation scan finds a missing file, so that it can fail", () => {
  const line = "see DESIGN.md and lib/no-such-module.ts and NOSUCH.md, not figures/<id>.svg";
  const found = [...line.matchAll(CITED)].map((m) => m[1] ?? "").filter((cited) => !resolves(cited));
  assert.deepEqual(found, ["lib/no-such-module.ts", "NOSUCH.md"]);
});
