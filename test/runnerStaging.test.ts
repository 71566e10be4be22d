/**
 * A notebook's figure files and claim rows become visible together, and only when the whole notebook passed:
 * the kernel writes them to a stage folder, and the runner moves them into figures/ just before the notebook.
 * Before, they were written as cells ran, so a failure or an interrupt left new files beside the old notebook.
 * Temporary files live in data/tmp/ and are gone after the run, passed or failed.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { notebook, scratchFolder } from "./notebookFixtures.js";
import { runNotebooks } from "./notebookRunner.js";

const top = scratchFolder("runner-staging-");
after(() => rmSync(top, { recursive: true, force: true }));

// A project at a long path: Chromium's singleton socket must still fit a Unix socket's 107 bytes.
const scratch = path.join(top, "a-project-checked-out-at-a-rather-long-path-like-many-are");
const data = path.join(scratch, "data");
const figures = path.join(scratch, "figures");
const out = path.join(scratch, "out");
const env = { DATA_DIR: data, FIGURES_DIR: figures };

const FIGURE = `import { showFigure } from "../dist/lib/plot/index.js";
await showFigure({ id: "staging-figure", title: "staging", traces: [{ x: [1, 2], y: [1, 2], type: "scatter" }], data: [{ x: 1, y: 1 }] });`;

const TABLE = 'import { showTable } from "../dist/lib/plot/index.js";\nshowTable("staging-test", [{ a: 1 }]);';
const CLAIM = `import { ClaimRecord } from "../dist/lib/checks/index.js";
const record = new ClaimRecord("derivation-checks", "staging-test");
record.check({ id: "one-is-one", source: "test", claim: "1 = 1", method: "arithmetic", measured: 1, expected: 1, tolerance: 0 });
record.save();`;
/** Another notebook's row, already in figures/ before the run: it must survive both runs. */
const OTHER_ROWS = "notebook,id,verdict\nother-notebook,kept,holds\n";

function setUp(): void {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(figures, { recursive: true });
  writeFileSync(path.join(figures, "derivation-checks.csv"), OTHER_ROWS);
}

test("a notebook that fails after writing a table and claim rows leaves figures/ exactly as it was", () => {
  setUp();
  const file = path.join(scratch, "fails-late.ipynb");
  writeFileSync(file, notebook([TABLE, CLAIM, 'throw new Error("fails after writing");']));
  const result = runNotebooks([file], out, env);
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(readdirSync(figures), ["derivation-checks.csv"]);
  assert.equal(readFileSync(path.join(figures, "derivation-checks.csv"), "utf8"), OTHER_ROWS);
  assert.equal(existsSync(path.join(out, "fails-late.ipynb")), false);
  assert.deepEqual(readdirSync(path.join(data, "tmp")), [], "temporary files left after a failed run");
});

test("a notebook that passes publishes its figure, table and claim rows with the notebook, and leaves no temporary file", () => {
  setUp();
  const file = path.join(scratch, "passes.ipynb");
  writeFileSync(file, notebook([TABLE, CLAIM, FIGURE]));
  const result = runNotebooks([file], out, env);
  assert.equal(result.status, 0, result.stderr);
  const figureFiles = ["csv", "html", "png", "svg"].map((extension) => `staging-figure.${extension}`);
  const expected = ["derivation-checks.csv", "derivation-checks.md", ...figureFiles, "plotly.min.js", "staging-test.csv", "staging-test.md"];
  assert.deepEqual(readdirSync(figures).sort(), expected.sort());
  const claims = readFileSync(path.join(figures, "derivation-checks.csv"), "utf8");
  assert.match(claims, /other-notebook,kept/, "another notebook's rows must be kept");
  assert.match(claims, /staging-test,one-is-one/);
  assert.match(readFileSync(path.join(out, "passes.ipynb"), "utf8"), /figures\/staging-test\.csv/, "the notebook names the published file");
  assert.deepEqual(readdirSync(out), ["passes.ipynb"], "temporary files beside the executed notebook");
  assert.deepEqual(readdirSync(path.join(data, "tmp")), [], "temporary files left after a passed run");
});
