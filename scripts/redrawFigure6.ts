/**
 * Redraws Figure 6 (Appendix C.1) from its committed data, figures/<folder>/appC1-figure6.csv, in the current
 * figure style: for a profile whose notebook takes long to re-execute (the paper profile of C.1, about 75 min on
 * one core), so that its figure files follow the style the layout test checks while the runs stay as recorded.
 * The numbers come from the CSV alone; nothing is recomputed.
 * Usage: node dist/scripts/redrawFigure6.js FOLDER TITLE   (e.g. figures/paper)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { AUTODIFF_GRADIENTS, type AutodiffGradient, type Figure6Point } from "../lib/analytic/autodiffEstimators.js";
import { figure6 } from "../lib/figures/index.js";
import { closeFigureBrowser, parseCsv, showFigure } from "../lib/plot/index.js";

const [folder, title] = process.argv.slice(2);
if (folder === undefined || title === undefined) throw new Error("redrawFigure6: usage: node dist/scripts/redrawFigure6.js FOLDER TITLE");
const [header, ...rows] = parseCsv(readFileSync(path.join(folder, "appC1-figure6.csv"), "utf8"));
const column = (name: string): number => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`redrawFigure6: ${folder}/appC1-figure6.csv has no column "${name}"; columns: ${header.join(", ")}`);
  return i;
};
const points: Figure6Point[] = rows.map((r) => {
  const gradient = r[column("panel")] as AutodiffGradient;
  if (!(AUTODIFF_GRADIENTS as readonly string[]).includes(gradient)) throw new Error(`redrawFigure6: unknown panel "${gradient}"`);
  const role = r[column("role")];
  if (role !== "printed" && role !== "alternative") throw new Error(`redrawFigure6: unknown role "${role}"`);
  return {
    gradient, formula: r[column("formula")], role, dimension: Number(r[column("dimension")]), samples: Number(r[column("samples")]),
    repeats: Number(r[column("repeats")]), mse: Number(r[column("mse")]), relativeMse: Number(r[column("relativeMse")]),
  };
});
process.env.FIGURES_DIR = path.resolve(folder);
try {
  const files = await showFigure(figure6(points, "appC1-figure6", title));
  console.log(`redrawFigure6: ${points.length} points from ${folder}/appC1-figure6.csv drawn to ${Object.values(files).join(", ")}`);
} finally {
  await closeFigureBrowser();
}
