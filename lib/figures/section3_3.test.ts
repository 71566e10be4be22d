import { test } from "node:test";
import assert from "node:assert/strict";
import { figure4 } from "./section3_3.js";
import { pixelRows, tileImages } from "./imageGrid.js";

test("tileImages places image k at row k / columns, column k mod columns, with one blank pixel between images", () => {
  const images = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]; // three 2 x 2 images
  const z = tileImages(images, 2, 2, 2);
  assert.equal(z.length, 5);
  assert.equal(z[0].length, 5);
  assert.deepEqual(z[0].slice(0, 2), [1, 2]);
  assert.deepEqual(z[1].slice(3, 5), [7, 8]);
  assert.deepEqual(z[4].slice(0, 2), [11, 12]);
  assert.ok(Number.isNaN(z[2][0]) && Number.isNaN(z[0][2]) && Number.isNaN(z[3][3]), "gaps and the empty fourth tile are blank");
  assert.throws(() => tileImages([[1, 2, 3]], 2, 2, 1), /image 0 has 3 pixels, expected 2 x 2 = 4/);
  assert.throws(() => tileImages(images, 2, 2, 0), /columns must be a positive integer/);
});

test("pixelRows writes one row per pixel with its image, row and column", () => {
  const rows = pixelRows([[0, 0.5, 1, 0.25]], 2, { panel: "clean" });
  assert.deepEqual(rows[2], { panel: "clean", image: 0, row: 1, column: 0, value: 1 });
  assert.equal(rows.length, 4);
});

test("figure4 draws per noise one error panel and four image panels, and its data holds curves and pixels", () => {
  const image = [0, 1, 0, 1];
  const curve = (series: string) => [0, 1].map((epoch) => ({ panel: "n", series, epoch, seconds: epoch, members: 2, mean: 1 / (epoch + 1), min: 0.5, max: 1 }));
  const row = { noise: "ε1", curves: [...curve("L2"), ...curve("H1"), ...curve("L2 (training noise)")], height: 2, width: 2, clean: [image], noisy: [image], l2: [image], h1: [image] };
  const spec = figure4([row, { ...row, noise: "ε2" }], "fig4-test", "test");
  const heatmaps = spec.traces.filter((t) => t.type === "heatmap");
  assert.equal(heatmaps.length, 8);
  const lines = spec.traces.filter((t) => t.type === "scatter" && t.fill === undefined);
  assert.equal(lines.length, 6);
  assert.equal(spec.traces.filter((t) => t.fill === "toself").length, 4, "bands for the main series only");
  assert.equal(spec.data.filter((r) => r.plot === "digits").length, 2 * 4 * 4);
  assert.equal(spec.data.filter((r) => r.plot === "test error").length, 2 * 6);
  assert.throws(() => figure4([], "fig4-test", "test"), /no rows to draw/);
});
