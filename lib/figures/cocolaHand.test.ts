import { test } from "node:test";
import assert from "node:assert/strict";
import { cocolaHandFigure, type CocolaHandRow } from "./cocolaHand.js";

const rows: CocolaHandRow[] = [
  ...[1, 2, 3].map((x) => ({ panel: "a", series: "m = 10", group: "m = 10", style: "sobolev" as const, x, y: 10 ** -x })),
  ...[1, 2, 3].map((x) => ({ panel: "a", series: "bound", group: "", style: "bound" as const, x, y: 10 ** (-4 * x) })),
  ...[1, 2].map((x) => ({ panel: "b", series: "bound", group: "", style: "bound" as const, x, y: x })),
];
const panels = [
  { title: "a", xTitle: "t", yTitle: "residual", yLog: true },
  { title: "b", xTitle: "m", yTitle: "drift" },
];

test("cocolaHandFigure draws one trace per (panel, series) and lists a series shared by panels once in the legend", () => {
  const figure = cocolaHandFigure(rows, panels, "test-figure", "test");
  assert.equal(figure.traces.length, 3);
  assert.deepEqual(figure.traces.map((t) => t.showlegend), [true, true, false]);
  assert.equal(figure.data.length, rows.length);
});

test("cocolaHandFigure labels only every few decades on a log axis spanning many decades", () => {
  const layout = cocolaHandFigure(rows, panels, "test-figure", "test").layout as Record<string, Record<string, unknown>>;
  assert.equal(layout.yaxis.type, "log");
  assert.equal(layout.yaxis.dtick, 2);
  assert.equal(layout.yaxis2.type, undefined);
});

test("a Sobolev curve is solid, an L² curve dashed and a printed bound black dotted (house styles)", () => {
  const styled = cocolaHandFigure([
    { panel: "a", series: "H", group: "g", style: "sobolev", x: 1, y: 1 },
    { panel: "a", series: "L", group: "g", style: "l2", x: 1, y: 1 },
    { panel: "a", series: "B", group: "", style: "bound", x: 1, y: 1 },
  ], [panels[0]], "styles", "styles");
  assert.deepEqual(styled.traces.map((t) => (t.line as { dash: string }).dash), ["solid", "dash", "dot"]);
  assert.equal((styled.traces[2].line as { color: string }).color, "black");
});
