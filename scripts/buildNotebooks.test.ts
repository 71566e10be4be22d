import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTwin } from "./buildNotebooks.js";

test("parseTwin splits a percent-format twin into markdown and code cells", () => {
  const cells = parseTwin("// %% [markdown]\n// # Title\n//\n// text\n\n// %%\nconst a = 1;\n\n// %%\nconsole.log(a);\n", "t.ts");
  assert.deepEqual(cells, [
    ["markdown", "# Title\n\ntext"],
    ["code", "const a = 1;"],
    ["code", "console.log(a);"],
  ]);
});

test("parseTwin rejects code before the first cell marker and bare lines in markdown", () => {
  assert.throws(() => parseTwin("const a = 1;\n// %%\n", "t.ts"), /t\.ts:1: text before the first/);
  assert.throws(() => parseTwin("// %% [markdown]\nnot a comment\n", "t.ts"), /t\.ts:2: a markdown cell line must start/);
});
