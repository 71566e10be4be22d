import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import * as aq from "arquero";
import { markdownTable, parseCsv, showTable } from "./index.js";

let directory: string;
before(() => {
  directory = mkdtempSync(path.join(tmpdir(), "plot-table-"));
  process.env.FIGURES_DIR = directory;
});
after(() => rmSync(directory, { recursive: true, force: true }));

test("showTable writes an arquero table as CSV and a GitHub markdown table, keeping its column order", () => {
  const table = aq.table({ loss: ["L2", "H1|H2"], steps: [120, 35.5], converged: [true, false] });
  const files = showTable("time-to-threshold", table);
  assert.deepEqual(files, { csv: path.join(directory, "time-to-threshold.csv"), md: path.join(directory, "time-to-threshold.md") });
  assert.deepEqual(parseCsv(readFileSync(files.csv, "utf8")), [
    ["loss", "steps", "converged"],
    ["L2", "120", "true"],
    ["H1|H2", "35.5", "false"],
  ]);
  assert.equal(
    readFileSync(files.md, "utf8"),
    "| loss | steps | converged |\n| --- | ---: | --- |\n| L2 | 120 | true |\n| H1\\|H2 | 35.5 | false |\n",
  );
});

test("showTable accepts plain rows, with columns in first-seen order and missing cells empty", () => {
  const files = showTable("rows", [{ a: 1 }, { b: "x", a: null }]);
  assert.equal(readFileSync(files.csv, "utf8"), "a,b\r\n1,\r\n,x\r\n");
  assert.equal(readFileSync(files.md, "utf8"), "| a | b |\n| ---: | --- |\n| 1 |  |\n|  | x |\n");
});

test("markdownTable escapes pipes and turns line breaks into <br> so every row stays one line", () => {
  assert.equal(markdownTable(["a|b"], [{ "a|b": "x\ny|z" }]), "| a\\|b |\n| --- |\n| x<br>y\\|z |\n");
});
