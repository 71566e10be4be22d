import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { closeFigureBrowser, figureBrowserLaunchCount, parseCsv, showFigure, type FigureSpec } from "./index.js";
import { plotlyBundlePath } from "./plotlyBundle.js";

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A two-series, two-seed line figure with its tidy data: 2 x 2 x 5 = 20 points. */
function lossFigure(id: string): FigureSpec {
  const epochs = [0, 1, 2, 3, 4];
  const rows = ["L2", "H1"].flatMap((series, s) =>
    [0, 1].flatMap((seed) => epochs.map((x) => ({ panel: "a", series, seed, x, y: Math.exp(-(s + 1) * x) + seed * 1e-3 }))),
  );
  const traces = ["L2", "H1"].flatMap((series) =>
    [0, 1].map((seed) => {
      const points = rows.filter((row) => row.series === series && row.seed === seed);
      return { type: "scatter", mode: "lines", name: `${series} seed ${seed}`, x: points.map((p) => p.x), y: points.map((p) => p.y) };
    }),
  );
  return {
    id,
    title: "Training loss </script> & friends",
    traces,
    layout: { xaxis: { title: "epoch" }, yaxis: { title: "loss", type: "log" } },
    data: rows,
    width: 640,
    height: 400,
  };
}

let directory: string;
before(() => {
  directory = mkdtempSync(path.join(tmpdir(), "plot-figure-"));
  process.env.FIGURES_DIR = directory;
});
after(async () => {
  await closeFigureBrowser();
  rmSync(directory, { recursive: true, force: true });
});

test("showFigure writes the SVG, PNG, tidy CSV and interactive HTML of a figure", async () => {
  const files = await showFigure(lossFigure("loss-curves"));
  assert.deepEqual(files, {
    svg: path.join(directory, "loss-curves.svg"),
    png: path.join(directory, "loss-curves.png"),
    csv: path.join(directory, "loss-curves.csv"),
    html: path.join(directory, "loss-curves.html"),
  });

  const svg = readFileSync(files.svg, "utf8");
  assert.ok(svg.startsWith("<svg"), svg.slice(0, 80));
  assert.ok(svg.includes("epoch") && svg.includes("Training loss"), "the SVG draws the axis and plot titles");

  const png = readFileSync(files.png);
  assert.deepEqual(png.subarray(0, 8), PNG_MAGIC);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1280, 800], "PNG is 640 x 400 at scale 2");

  const records = parseCsv(readFileSync(files.csv, "utf8"));
  assert.deepEqual(records[0], ["panel", "series", "seed", "x", "y"]);
  assert.equal(records.length - 1, 20, "one CSV row per plotted point");
  assert.equal(Number(records[20]![4]), Math.exp(-2 * 4) + 1e-3, "y written with full precision");

  const html = readFileSync(files.html, "utf8");
  assert.match(html, /<script src="plotly\.min\.js"><\/script>/);
  const bundle = readFileSync(plotlyBundlePath(), "utf8");
  assert.ok(html.length < 50_000, `the page is small (${html.length} chars), not a copy of plotly`);
  assert.ok(!html.includes(bundle.slice(0, 300)), "the page does not inline plotly");
  assert.equal(html.match(/<\/script>/g)?.length, 2, "the title's </script> is escaped in the page's JSON");
  assert.deepEqual(readFileSync(path.join(directory, "plotly.min.js")), readFileSync(plotlyBundlePath()));
});

test("showFigure restores figures/plotly.min.js when it differs from the installed bundle", async () => {
  writeFileSync(path.join(directory, "plotly.min.js"), "stale");
  await showFigure(lossFigure("restores-bundle"));
  assert.deepEqual(readFileSync(path.join(directory, "plotly.min.js")), readFileSync(plotlyBundlePath()));
  assert.ok(!readdirSync(directory).some((name) => name.endsWith(".tmp")), "no temporary files are left");
});

test("the browser is launched once for two figures exported one after the other", async () => {
  await closeFigureBrowser();
  const launchesBefore = figureBrowserLaunchCount();
  await showFigure(lossFigure("first"));
  await showFigure(lossFigure("second"));
  assert.equal(figureBrowserLaunchCount() - launchesBefore, 1);
});

test("the browser is launched once for two figures exported concurrently", async () => {
  await closeFigureBrowser();
  const launchesBefore = figureBrowserLaunchCount();
  await Promise.all([showFigure(lossFigure("left")), showFigure(lossFigure("right"))]);
  assert.equal(figureBrowserLaunchCount() - launchesBefore, 1);
});
