import assert from "node:assert/strict";
import { test } from "node:test";
import { csvColumns, parseCsv, toCsv } from "./csv.js";
import type { TidyRow } from "./spec.js";

test("toCsv quotes commas, quotes and line breaks, and parseCsv reads every field back unchanged", () => {
  const rows: TidyRow[] = [
    { label: "plain", note: "a,b", quote: 'say "hi"' },
    { label: "line\nbreak", note: "crlf\r\ninside", quote: '"' },
    { label: " spaces kept ", note: "", quote: "," },
  ];
  const text = toCsv(rows);
  assert.equal(text.split("\r\n")[1], 'plain,"a,b","say ""hi"""');
  const parsed = parseCsv(text);
  assert.deepEqual(parsed[0], ["label", "note", "quote"]);
  assert.deepEqual(
    parsed.slice(1),
    rows.map((row) => [row.label, row.note, row.quote]),
  );
});

test("toCsv writes numbers with full precision, booleans as words and null or missing cells as empty", () => {
  const rows: TidyRow[] = [
    { x: 0.1 + 0.2, y: 1e-300, ok: true },
    { x: -1.5e21, y: null, ok: false },
    { x: Number.NaN, ok: null },
  ];
  const parsed = parseCsv(toCsv(rows));
  assert.deepEqual(parsed, [
    ["x", "y", "ok"],
    ["0.30000000000000004", "1e-300", "true"],
    ["-1.5e+21", "", "false"],
    ["NaN", "", ""],
  ]);
  assert.equal(Number(parsed[1]![0]), 0.1 + 0.2);
});

test("csvColumns is the union of the rows' keys in first-seen order", () => {
  assert.deepEqual(csvColumns([{ b: 1 }, { a: 2, b: 3 }, { c: 4 }]), ["b", "a", "c"]);
});

test("toCsv ends every record, the last one included, with CRLF as RFC 4180 says", () => {
  assert.equal(toCsv([{ a: 1 }, { a: 2 }]), "a\r\n1\r\n2\r\n");
  assert.equal(toCsv([]), "");
  assert.equal(toCsv([], ["x", "y"]), "x,y\r\n");
});
