/**
 * `node dist/scripts/checkFigureLayout.js [folder ...]`: the figure layout check on the SVGs of each folder
 * (default figures/, figures/long/ and figures/paper/), for smoke outputs and scratch folders; prints each problem and exits 1
 * when there is one. The same check runs in `make test` on the committed figures (test/figureLayout.test.ts).
 */
import path from "node:path";
import { repoRoot } from "../lib/paths.js";
import { checkSvgLayout, svgFiles } from "../lib/plot/layoutCheck.js";

const folders = process.argv.length > 2 ? process.argv.slice(2) : [path.join(repoRoot, "figures"), path.join(repoRoot, "figures", "long"), path.join(repoRoot, "figures", "paper")];
const files = folders.flatMap(svgFiles);
if (files.length === 0) {
  console.error(`checkFigureLayout: no .svg files in ${folders.join(", ")}; export figures first (make figures)`);
  process.exit(2);
}
const started = performance.now();
const results = await checkSvgLayout(files);
let failing = 0;
for (const [file, problems] of results) {
  if (problems.length === 0) continue;
  failing += 1;
  console.log(`${path.relative(process.cwd(), file)}:`);
  for (const problem of problems) console.log(`  ${problem}`);
}
console.log(`checkFigureLayout: ${files.length} figures, ${failing} with layout problems (${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = failing > 0 ? 1 : 0;
