import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashedLibraryFiles } from "./provenance.js";

test("the library version hashes the code that computes results and leaves out tests and the presentation folders (plot, notebook, figures, checks, provenance)", () => {
  const root = mkdtempSync(path.join(tmpdir(), "library-files-"));
  try {
    const files = ["losses/sobolev.js", "losses/sobolev.test.js", "train/fit.js", "paths.js", "plot/figure.js", "notebook/reading.js", "figures/fig7.js", "checks/verdict.js", "provenance/fig7.js", "losses/notes.md"];
    for (const file of files) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), "");
    }
    const hashed = hashedLibraryFiles(root).map((f) => path.relative(root, f)).sort();
    assert.deepEqual(hashed, ["losses/sobolev.js", "paths.js", "train/fit.js"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
