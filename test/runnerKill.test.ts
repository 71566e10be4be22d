/**
 * The kernel and its Chromium die with the runner, however the runner dies: here by SIGKILL in the middle of a
 * cell, after a figure cell started Chromium. Before, the kernel (about 370 MB) lived on with parent 1, finished
 * its cell and wrote files after the runner was gone, and Chromium's processes stayed with it.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { notebook, scratchFolder } from "./notebookFixtures.js";
import { runNotebooks, startRunner } from "./notebookRunner.js";
import { alive, descendants, eventually, processesMentioning } from "./processes.js";

const scratch = scratchFolder("runner-kill-");
after(() => rmSync(scratch, { recursive: true, force: true }));

const FIGURE_CELL = `import { showFigure } from "../dist/lib/plot/index.js";
await showFigure({ id: "kill-test", title: "kill test", traces: [{ x: [1, 2], y: [1, 2], type: "scatter" }], data: [{ x: 1, y: 1 }] });`;
const LATE_WRITE_CELL = `import { writeFileSync } from "node:fs";
console.log("ready");
await new Promise((resolve) => setTimeout(resolve, 4000));
writeFileSync(process.env.LATE_MARKER!, "written after the runner died");`;

test("a runner killed by SIGKILL mid-cell takes its kernel and Chromium along within seconds, and nothing new is written", { timeout: 180_000 }, async () => {
  const data = path.join(scratch, "data");
  const figures = path.join(scratch, "figures");
  const out = path.join(scratch, "out");
  const marker = path.join(scratch, "late-write");
  mkdirSync(figures, { recursive: true });
  const file = path.join(scratch, "kill.ipynb");
  writeFileSync(file, notebook(['console.log(`kernel pid ${process.pid}`);', FIGURE_CELL, LATE_WRITE_CELL]));
  const env = { DATA_DIR: data, FIGURES_DIR: figures, LATE_MARKER: marker, PROFILE: "smoke" };

  const runner = startRunner([file], out, env);
  const kernel = Number((await runner.waitFor(/kernel pid (\d+)/))[1]);
  await runner.waitFor(/\bready\b/);
  // Chromium's profile is in the kernel's TMPDIR, under DATA_DIR/tmp; its helpers are the kernel's descendants.
  const chromium = [...new Set([...descendants(kernel), ...processesMentioning(path.join(data, "tmp"))])];
  assert.ok(chromium.length > 0, "the figure cell should have started Chromium");

  runner.process.kill("SIGKILL");
  await runner.exited;
  const gone = await eventually(() => !alive(kernel) && chromium.every((pid) => !alive(pid)), 5000);
  const survivors = [kernel, ...chromium].filter(alive);
  // A survivor holds the runner's output pipes open, which would keep this test process alive: end it here.
  for (const pid of survivors) process.kill(pid, "SIGKILL");
  assert.ok(gone, `still alive 5 s after the runner was killed: ${survivors.join(", ")}`);

  await new Promise((resolve) => setTimeout(resolve, 5000)); // past the moment the cell would have written
  assert.equal(existsSync(marker), false, "the kernel finished its cell after the runner died");
  assert.deepEqual(readdirSync(figures), [], "figure files of an unfinished notebook appeared in figures/");
  assert.equal(existsSync(path.join(out, "kill.ipynb")), false);

  // What the killed runner left (it could not remove it) goes with the next run: its folder in data/tmp/, and
  // Chromium's short temporary folder in the system's.
  const leftovers = readdirSync(path.join(data, "tmp"));
  assert.ok(leftovers.some((name) => name.endsWith("-run-kill")), `expected the killed run's folder in ${leftovers}`);
  const chromiumTmp = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`sobolev-chromium-${runner.process.pid}-`));
  assert.equal(chromiumTmp().length, 1, "expected the killed run's Chromium folder in the system's temporary folder");
  const next = path.join(scratch, "next.ipynb");
  writeFileSync(next, notebook(['console.log("next run");']));
  assert.equal(runNotebooks([next], out, env).status, 0);
  assert.deepEqual(readdirSync(path.join(data, "tmp")), [], "the next run must remove the folders of dead runs");
  assert.deepEqual(chromiumTmp(), [], "the next run must remove the Chromium folders of dead runs");
});
