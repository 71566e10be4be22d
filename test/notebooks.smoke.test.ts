/**
 * Every notebook runs end to end in the smoke profile, in a scratch copy: figures, cache and executed
 * notebooks go to a temporary folder, so the committed quick-profile results are never touched, and the
 * folder is removed when the tests are done.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildNotebook, twinNames } from "../scripts/buildNotebooks.js";
import { runNotebooks } from "./notebookRunner.js";

const scratch = mkdtempSync(path.join(tmpdir(), "smoke-"));
after(() => rmSync(scratch, { recursive: true, force: true })); // about 80 MB of figures, cache and notebooks
const all = twinNames();

for (const name of all) {
  test(`notebook ${name} runs without error in the smoke profile and writes its figures`, () => {
    const built = buildNotebook(name, all, scratch);
    const figures = path.join(scratch, "figures", name);
    const result = runNotebooks([built], path.join(scratch, "executed"), {
      PROFILE: "smoke",
      FIGURES_DIR: figures,
      DATA_DIR: path.join(scratch, "data"),
    });
    assert.equal(result.status, 0, `notebook ${name} failed:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-8000)}`);
    assert.ok(existsSync(path.join(scratch, "executed", `${name}.ipynb`)));
    const csvs = existsSync(figures) ? readdirSync(figures).filter((f) => f.endsWith(".csv")) : [];
    assert.ok(csvs.length > 0, `notebook ${name} wrote no figure data (.csv) into ${figures}`);
  });
}
