import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../paths.js";
import { codeHash, COMPUTING_FOLDERS, hashedLibraryFiles, libraryCodeHash, PRESENTATION_FOLDERS } from "./provenance.js";

test("the library version hashes the computing folders' code and leaves out tests, the presentation folders and the top-level files", () => {
  const root = mkdtempSync(path.join(tmpdir(), "library-files-"));
  try {
    const files = ["losses/sobolev.js", "losses/sobolev.test.js", "train/fit.js", "models/deep/layer.js", "paths.js", "plot/figure.js", "notebook/reading.js", "figures/fig7.js", "checks/verdict.js", "provenance/fig7.js", "io/atomicWrite.js", "losses/notes.md"];
    for (const file of files) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), "");
    }
    const hashed = hashedLibraryFiles(root).map((f) => path.relative(root, f)).sort();
    assert.deepEqual(hashed, ["losses/sobolev.js", "models/deep/layer.js", "train/fit.js"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("every folder of lib/ is either hashed (it computes results) or listed as presentation: a new folder must be classified", () => {
  const folders = readdirSync(path.join(repoRoot, "lib"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const classified = [...COMPUTING_FOLDERS, ...PRESENTATION_FOLDERS].sort();
  assert.deepEqual(folders, classified, "classify each folder in lib/runs/provenance.ts");
});

test("the code hash ignores comments and layout but not code, and the memo is used only while the bytes are the same", () => {
  const root = mkdtempSync(path.join(tmpdir(), "library-code-"));
  try {
    const file = path.join(root, "losses", "loss.js");
    mkdirSync(path.dirname(file), { recursive: true });
    const memo = path.join(root, "memo.json");
    writeFileSync(file, "// the loss\nexport const loss = (a, b) => (a - b) ** 2; /* squared */\n");
    const first = libraryCodeHash(root, memo);
    writeFileSync(file, "/** The L2 loss (eq. 3). */\nexport const loss = (a, b) =>\n  (a - b) ** 2;\n");
    assert.equal(libraryCodeHash(root, memo), first, "a comment and a line break changed, the code did not");
    writeFileSync(file, "// the loss\nexport const loss = (a, b) => (a - b) ** 3;\n");
    const changed = libraryCodeHash(root, memo);
    assert.notEqual(changed, first, "the code changed");
    assert.equal(codeHash(root, hashedLibraryFiles(root)), changed, "the memo agrees with a fresh computation");
    writeFileSync(file, "export const loss = (a, b) => '// not a comment' + (a - b);\n");
    const withString = libraryCodeHash(root, memo);
    writeFileSync(file, "export const loss = (a, b) => '// other text' + (a - b);\n");
    assert.notEqual(libraryCodeHash(root, memo), withString, "text inside a string is code, not a comment");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
