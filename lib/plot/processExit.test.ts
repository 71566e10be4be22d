import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { test } from "node:test";

const INDEX_URL = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), "index.js")).href;
/** Generous: one Chromium launch is ~3 s on a 2-core machine; a hang would run into this. */
const CHILD_TIMEOUT_MS = 60_000;

/** Runs a module script in a fresh node process with FIGURES_DIR (and extra env) set. */
function runNode(script: string, env: Record<string, string>) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: CHILD_TIMEOUT_MS,
  });
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

const EXPORT_ONE_FIGURE = `
import { showFigure } from ${JSON.stringify(INDEX_URL)};
await showFigure({ id: "exits", title: "t", traces: [{ type: "scatter", x: [1, 2], y: [3, 4] }], data: [{ x: 1, y: 3 }, { x: 2, y: 4 }] });
`;

test("a node process that exported a figure exits by itself, printing one line", () => {
  const directory = mkdtempSync(path.join(tmpdir(), "plot-exit-"));
  const child = runNode(EXPORT_ONE_FIGURE, { FIGURES_DIR: directory });
  assert.equal(child.error, undefined, `the child hung or failed to start (${child.error}) after ${child.seconds.toFixed(1)} s`);
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim().split("\n").length, 1, child.stdout);
  assert.match(child.stdout, /showFigure: wrote .*exits\.\{svg,png,csv,html\}/);
  assert.deepEqual(readdirSync(directory).sort(), ["exits.csv", "exits.html", "exits.png", "exits.svg", "plotly.min.js"]);
  rmSync(directory, { recursive: true, force: true });
});

test("without Chromium showFigure fails naming `make setup` and writes no file at all", () => {
  const parent = mkdtempSync(path.join(tmpdir(), "plot-nochrome-"));
  const directory = path.join(parent, "figures");
  const child = runNode(EXPORT_ONE_FIGURE, { FIGURES_DIR: directory, CHROMIUM_PATH: "/nonexistent/chromium" });
  assert.equal(child.error, undefined, String(child.error));
  assert.notEqual(child.status, 0);
  assert.match(child.stderr, /showFigure\(exits\): nothing was written; Chromium, needed to export figures as SVG and PNG, is not at \/nonexistent\/chromium/);
  assert.match(child.stderr, /make setup/);
  assert.match(child.stderr, /apt-get install chromium/);
  assert.equal(existsSync(directory), false, "figures/ was not even created");
  rmSync(parent, { recursive: true, force: true });
});
