/**
 * What a run record says about where its numbers came from: the library version (package version plus a
 * content hash of the compiled library, so any change to the code that computes results invalidates the
 * cache) and the git commit of the working tree.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../paths.js";

/** Folders of dist/lib whose code shapes how results are shown or recorded, not what they are (provenance: the
 * settings tables against the authors' code): excluded from the hash, so restyling a figure or a table does not
 * recompute the experiments behind it. */
const PRESENTATION_ONLY = new Set(["plot", "notebook", "figures", "checks", "provenance"]);

/** The compiled files under `dir` that the library version hashes: every .js but tests and the presentation folders. */
export function hashedLibraryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return PRESENTATION_ONLY.has(entry.name) ? [] : hashedLibraryFiles(full);
    return entry.name.endsWith(".js") && !entry.name.endsWith(".test.js") ? [full] : [];
  });
}

let cachedVersion: string | undefined;

/** `<package version>+<12 hex digits of the compiled library's content hash>`. */
export function libraryVersion(): string {
  if (cachedVersion) return cachedVersion;
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
  const libDir = path.join(repoRoot, "dist", "lib");
  const hash = createHash("sha256");
  for (const file of hashedLibraryFiles(libDir).sort()) {
    hash.update(path.relative(libDir, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  cachedVersion = `${pkg.version}+${hash.digest("hex").slice(0, 12)}`;
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
