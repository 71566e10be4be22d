/**
 * What a run record says about where its numbers came from: the library version (package version plus a hash of
 * the code of the compiled library's computing folders, comments left out, so any change to the code that computes
 * results invalidates the cache) and the git commit of the working tree.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { repoRoot } from "../paths.js";

/**
 * The folders of dist/lib whose code computes results: the hash covers these and nothing else, so that restyling a
 * figure, rewording a settings table, or changing where files are written or how progress is shown does not
 * recompute the experiments behind them. Left out: checks, figures, io, notebook, plans, plot, provenance, runs and
 * the files at the top of lib/ (paths, profile, progress). plans/ only chooses configs and compute functions, and both
 * are part of every cache key already. A new folder that computes results must be added here (a test lists every
 * folder of lib/ as hashed or not).
 */
export const COMPUTING_FOLDERS: readonly string[] = ["analytic", "backend", "data", "differentiation", "diffusion", "experiments", "images", "losses", "metrics", "models", "numeric", "train"];
/** The folders of lib/ that present, record or locate results without computing them. */
export const PRESENTATION_FOLDERS: readonly string[] = ["checks", "figures", "io", "notebook", "plans", "plot", "provenance", "runs"];

/** The compiled files under `dir` that the library version hashes: every .js but tests, in the computing folders. */
export function hashedLibraryFiles(dir: string): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.name.endsWith(".js") && !entry.name.endsWith(".test.js") ? [full] : [];
    });
  return COMPUTING_FOLDERS.flatMap((name) => {
    const folder = path.join(dir, name);
    return existsSync(folder) ? walk(folder) : [];
  });
}

/**
 * sha256 of the files' code with comments and layout left out (TypeScript's printer reprints each file without
 * them), so that mending a comment does not recompute the experiments; any change to the code itself changes it.
 */
export function codeHash(dir: string, files: readonly string[]): string {
  const printer = ts.createPrinter({ removeComments: true });
  const hash = createHash("sha256");
  for (const file of [...files].sort()) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    hash.update(path.relative(dir, file)).update("\0").update(printer.printFile(source)).update("\0");
  }
  return hash.digest("hex");
}

/** sha256 of the files' bytes: cheap, the key under which codeHash is remembered. */
function byteHash(dir: string, files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort()) hash.update(path.relative(dir, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

/**
 * codeHash of the computing folders under `dir`, remembered in `memo` under the files' byte hash: reprinting takes
 * about a second, reading the bytes a few milliseconds, and the memo is used only while the bytes are the same.
 */
export function libraryCodeHash(dir: string, memo: string): string {
  const files = hashedLibraryFiles(dir);
  const bytes = byteHash(dir, files);
  try {
    const known = JSON.parse(readFileSync(memo, "utf8")) as { bytes?: unknown; code?: unknown };
    if (known.bytes === bytes && typeof known.code === "string") return known.code;
  } catch {
    // No memo yet, or an unreadable one: compute and write it.
  }
  const code = codeHash(dir, files);
  writeFileAtomic(memo, `${JSON.stringify({ bytes, code })}\n`);
  return code;
}

let cachedVersion: string | undefined;

/** `<package version>+<12 hex digits of the computing folders' code hash>` (libraryCodeHash). */
export function libraryVersion(): string {
  if (cachedVersion) return cachedVersion;
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
  const code = libraryCodeHash(path.join(repoRoot, "dist", "lib"), path.join(repoRoot, "dist", ".library-code-hash.json"));
  cachedVersion = `${pkg.version}+${code.slice(0, 12)}`;
  return cachedVersion;
}

/** The commit checked out, with `-dirty` when the work tree has changes, or `unknown` outside git. */
export function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return "unknown";
  }
}
