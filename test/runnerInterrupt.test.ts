/**
 * Interrupting the runner: SIGINT ends with one line and exit 130, with the kernel gone and nothing written
 * (before: about 50 lines of tracebacks, and never "interrupted").
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { notebook, scratchFolder } from "./notebookFixtures.js";
import { startRunner } from "./notebookRunner.js";
import { alive, eventually } from "./processes.js";

const scratch = scratchFolder("runner-interrupt-");
after(() => rmSync(scratch, { recursive: true, force: true }));

test("SIGINT mid-cell ends the runner with one line, exit 130, the kernel gone and nothing written", { timeout: 120_000 }, async () => {
  const data = path.join(scratch, "data");
  const figures = path.join(scratch, "figures");
  const out = path.join(scratch, "out");
  mkdirSync(figures, { recursive: true });
  const file = path.join(scratch, "interrupted.ipynb");
  writeFileSync(
    file,
    notebook([
      'console.log(`kernel pid ${process.pid}`);',
      'import { showTable } from "../dist/lib/plot/index.js";\nshowTable("interrupt-test", [{ a: 1 }]);',
      'console.log("ready");\nawait new Promise((resolve) => setTimeout(resolve, 60000));',
    ]),
  );
  const runner = startRunner([file], out, { DATA_DIR: data, FIGURES_DIR: figures });
  const kernel = Number((await runner.waitFor(/kernel pid (\d+)/))[1]);
  await runner.waitFor(/\bready\b/);
  runner.process.kill("SIGINT");
  const status = await Promise.race([runner.exited, new Promise((resolve) => setTimeout(() => resolve("still running 20 s after SIGINT"), 20_000))]);
  const kernelGone = await eventually(() => !alive(kernel), 3000);
  // Whatever survived holds this test's pipes open: end it, by its id, before asserting.
  if (typeof status === "string" && status.startsWith("still")) runner.process.kill("SIGKILL");
  if (!kernelGone) process.kill(kernel, "SIGKILL");
  assert.equal(status, 130, runner.stderr());
  assert.equal(runner.stderr(), "interrupted: nothing from this notebook was written\n");
  assert.ok(kernelGone, "the kernel outlived the interrupted runner");
  assert.deepEqual(readdirSync(figures), [], "the table of an interrupted notebook appeared in figures/");
  assert.equal(existsSync(path.join(out, "interrupted.ipynb")), false);
  assert.deepEqual(readdirSync(path.join(data, "tmp")), [], "the run's temporary folder must be removed");
});
