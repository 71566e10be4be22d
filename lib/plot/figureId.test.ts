import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { showFigure, showTable } from "./index.js";
import { assertFigureId } from "./figureId.js";

const ALLOWED = /letters A-Z a-z, digits 0-9, '\.', '_' and '-'/;

test("assertFigureId accepts file-safe ids such as fig-2.3_loss", () => {
  for (const id of ["fig-2.3_loss", "a", "2.2-landscape"]) assertFigureId(id, "test");
});

test("a bad figure id throws a message naming the id and the allowed characters", async () => {
  for (const id of ["../escape", "has space", "", ".hidden", "a/b", "x".repeat(101)]) {
    assert.throws(() => assertFigureId(id, "showFigure"), (error: Error) => {
      assert.match(error.message, /^showFigure: id must use only/);
      assert.ok(error.message.includes(JSON.stringify(id)), error.message);
      assert.match(error.message, ALLOWED);
      return true;
    });
  }
});

test("showFigure and showTable reject a bad id before writing anything", async () => {
  const directory = mkdtempSync(path.join(tmpdir(), "plot-id-"));
  process.env.FIGURES_DIR = directory;
  await assert.rejects(
    showFigure({ id: "bad id", title: "t", traces: [], data: [] }),
    /showFigure: id must use only .*; got "bad id"/,
  );
  assert.throws(() => showTable("bad|id", [{ a: 1 }]), /showTable: id must use only .*; got "bad\|id"/);
  assert.deepEqual(readdirSync(directory), []);
  rmSync(directory, { recursive: true, force: true });
});
