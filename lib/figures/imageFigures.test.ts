import { test } from "node:test";
import assert from "node:assert/strict";
import { figure4 } from "./section3_3.js";
import { imageTrace, pixelRows, tileImages } from "./imageGrid.js";
import { figure8 } from "./appendixC3.js";
import { figure5 } from "./section3_4.js";

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

test("imageTrace draws gray images as a heatmap and colour images as 0-255 RGB with white gaps", () => {
  const rgb = [[1, 0, 0, 0, 1, 0], [0, 0, 1, 2, -1, 0.5]]; // two 1 x 2 images, NHWC
  const trace = imageTrace(rgb, 1, 2, 3, 2, "x2", "y2", "rgb");
  assert.equal(trace.type, "image");
  const z = trace.z as unknown as number[][][];
  assert.deepEqual(z[0], [[255, 0, 0], [0, 255, 0], [255, 255, 255], [0, 0, 255], [255, 0, 128]]);
  assert.equal(imageTrace([[0, 1]], 1, 2, 1, 1, "x", "y", "gray").type, "heatmap");
  assert.throws(() => imageTrace([[0, 1]], 1, 1, 2, 1, "x", "y", "two"), /channels must be 1 or 3/);
});

test("figure8 draws the two curves and three image panels", () => {
  const curve = (series: string) => [0, 1].map((epoch) => ({ panel: "p", series, epoch, seconds: epoch, members: 1, mean: 1, min: 1, max: 1 }));
  const image = [0, 0.5, 1, 0.5];
  const spec = figure8({ curves: [...curve("L2"), ...curve("H1")], height: 2, width: 2, channels: 1, originals: [image], l2: [image], h1: [image] }, "fig8-test", "t");
  assert.equal(spec.traces.filter((t) => t.type === "heatmap").length, 3);
  assert.equal(spec.traces.filter((t) => t.type === "scatter").length, 2);
  assert.equal(spec.data.filter((r) => r.plot === "images").length, 12);
});

test("figure5 draws the two distance curves, the real-data line and RGB sample grids", () => {
  const curve = (series: string) => [0, 1].map((epoch) => ({ panel: "FID", series, epoch, seconds: epoch, members: 1, mean: 10 - epoch, min: 9, max: 10 }));
  const rgb = [0, 0.5, 1, 1, 0.5, 0];
  const spec = figure5({ curves: [...curve("L2"), ...curve("H1")], realFloor: 2, metric: "FID", height: 1, width: 2, channels: 3, l2Samples: [rgb], h1Samples: [rgb] }, "fig5-test", "t");
  assert.equal(spec.traces.filter((t) => t.type === "image").length, 2);
  assert.equal(spec.traces.filter((t) => t.type === "scatter").length, 3);
  assert.equal(spec.data.filter((r) => r.plot === "samples").length, 12);
  assert.throws(() => figure5({ curves: curve("L2"), realFloor: 2, metric: "FID", height: 1, width: 2, channels: 3, l2Samples: [rgb], h1Samples: [rgb] }, "fig5-test", "t"), /no H1 curve/);
});
