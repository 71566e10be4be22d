/**
 * The layout test (DESIGN.md, "Style"; issue 12): in every committed figure SVG no two texts overlap and no text leaves the
 * canvas. The checker itself is shown to fail on synthetic figures that break each rule.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";
import { checkSvgLayout, layoutProblems, measureSvgTexts, svgFiles } from "../lib/plot/layoutCheck.js";

const box = (text: string, x: number, y: number, width = 40, height = 12) => ({ text, x, y, width, height });

test("layoutProblems flags overlapping text boxes and texts past the canvas, within a 1 px tolerance", () => {
  const figure = { width: 200, height: 100, texts: [box("epoch", 10, 10), box("L2", 30, 15), box("title", 180, 50), box("touching", 50.5, 10), box("", 10, 10)] };
  const problems = layoutProblems(figure);
  assert.deepEqual(problems, [
    'text "title" leaves the canvas (20.0 px past the right edge)',
    'texts "epoch" and "L2" overlap (20.0 x 7.0 px)',
    'texts "L2" and "touching" overlap (19.5 x 7.0 px)',
  ]);
  assert.deepEqual(layoutProblems({ width: 200, height: 100, texts: [box("a", 0, 0), box("b", 40.8, 0)] }), [], "0.8 px overlap is within tolerance");
  assert.deepEqual(layoutProblems({ width: 200, height: 100, texts: [box("x", 0, 0), box("x", 5, 0), box("x", 10, 0)] }), ['texts "x" and "x" overlap (35.0 x 12.0 px), 2 times', 'texts "x" and "x" overlap (30.0 x 12.0 px)'], "identical sentences are merged");
});

test("the browser measurement flags a synthetic SVG whose texts overlap and one that is cut off", async () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">
    <text x="20" y="40" font-size="16">test MSE</text><text x="40" y="44" font-size="16">legend entry</text>
    <text x="250" y="80" font-size="16">cut off at the edge</text><text x="20" y="90" font-size="16"> </text></svg>`;
  const [measured] = await measureSvgTexts([{ name: "synthetic", svg }]);
  assert.equal(measured.width, 300);
  const problems = layoutProblems(measured);
  assert.equal(problems.length, 2, problems.join("\n"));
  assert.match(problems.join("\n"), /"test MSE" and "legend entry" overlap/);
  assert.match(problems.join("\n"), /"cut off at the edge" leaves the canvas \([\d.]+ px past the right edge\)/);
  const [clean] = await measureSvgTexts([{ name: "clean", svg: svg.replace('x="40" y="44"', 'x="40" y="70"').replace('x="250" y="80"', 'x="150" y="20"') }]);
  assert.deepEqual(layoutProblems(clean), []);
});

test("no text of a committed figure (figures/, figures/long/, figures/paper/) overlaps another or leaves the canvas", async () => {
  const files = [path.join(repoRoot, "figures"), path.join(repoRoot, "figures", "long"), path.join(repoRoot, "figures", "paper")].flatMap(svgFiles);
  const started = performance.now();
  const results = await checkSvgLayout(files);
  const failures = [...results].filter(([, problems]) => problems.length > 0).map(([file, problems]) => `${path.relative(repoRoot, file)}:\n  ${problems.join("\n  ")}`);
  console.log(`figure layout: ${files.length} SVGs checked in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  assert.deepEqual(failures, [], `figures with overlapping or cut-off texts (fix the figure's layout in lib/figures, then make figures):\n${failures.join("\n")}`);
});
