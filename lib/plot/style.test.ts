import { test } from "node:test";
import assert from "node:assert/strict";
import { LOSS_COLORS, METHOD_COLORS, PARAMETER_COLORS, SECOND_PARAMETER_COLORS, datasetTitle, legendBelow, logAxis, lossOf, panelLetter, seriesLine, wrapTitle } from "./style.js";
import { fitTitle } from "./figure.js";

test("series lines follow the paper: L2 dashed, H1 solid, H2 dash-dot, in the loss's colour, whatever the spelling", () => {
  assert.deepEqual(seriesLine("L2"), { color: LOSS_COLORS.L2, dash: "dash", width: 2 });
  assert.deepEqual(seriesLine("L² flow"), { color: LOSS_COLORS.L2, dash: "dash", width: 2 });
  assert.deepEqual(seriesLine("H1"), { color: LOSS_COLORS.H1, dash: "solid", width: 2 });
  assert.deepEqual(seriesLine("H2 (training noise)"), { color: LOSS_COLORS.H2, dash: "dashdot", width: 2 });
  assert.equal(lossOf("H10 net"), undefined, "H10 is not H1");
  assert.equal(seriesLine("H1 finite differences").dash, "solid");
  assert.equal(seriesLine("something else", 1).color, PARAMETER_COLORS[1]);
});

test("no colour means two things: method and parameter colours avoid the loss colours, and the two parameter sets are disjoint", () => {
  const losses = new Set(Object.values(LOSS_COLORS));
  // "H1 exact" is plain H1 training, so it keeps H1's colour; every other method has its own.
  for (const [name, color] of Object.entries(METHOD_COLORS)) if (name !== "H1 exact") assert.ok(!losses.has(color), name);
  for (const color of [...PARAMETER_COLORS, ...SECOND_PARAMETER_COLORS]) assert.ok(!losses.has(color), color);
  assert.equal(new Set([...PARAMETER_COLORS, ...SECOND_PARAMETER_COLORS]).size, PARAMETER_COLORS.length + SECOND_PARAMETER_COLORS.length);
});

test("log axes show decades only when the values span more than one", () => {
  assert.equal(logAxis([1e-4, 1]).dtick, 1);
  assert.equal(logAxis([1e-13, 10]).dtick, 2, "14 decades: every second decade, at most 7 labels");
  assert.equal(logAxis([1e-20, 1]).dtick, 3, "20 decades: every third");
  assert.deepEqual(logAxis([0.05, 0.13]).tickvals, [0.05, 0.06, 0.08, 0.1], "within a decade: a few plain labels");
  assert.deepEqual(logAxis([0.15, 1.2]).tickvals, [0.2, 0.5, 1], "1-2-5 steps when they give three labels");
  assert.deepEqual(logAxis([0.6, 2.6]).tickvals, [0.6, 0.8, 1, 1.5, 2], "finer steps when 1-2-5 gives fewer");
  assert.equal(logAxis([]).type, "log");
  assert.deepEqual(logAxis([1.24, 1.71]).tickvals, [1.3, 1.4, 1.5, 1.6, 1.7], "a narrow range gets round linear steps");
});

test("wrapTitle keeps every line within the width and fitTitle makes room for the lines", () => {
  const long = "Figure 7 (left): MSE on the Ackley function, tanh 2-64-64-64-64-1, for L2 and H1 with exact, finite-difference and Chebyshev derivatives";
  const wrapped = wrapTitle(long, 400);
  const lines = wrapped.split("<br>");
  assert.ok(lines.length >= 3, wrapped);
  for (const line of lines) assert.ok(line.length * 17 * 0.55 <= 400 - 40 || !line.includes(" "), line);
  assert.equal(lines.join(" "), long, "only breaks are added");
  assert.equal(wrapTitle("short", 900), "short");
  const fitted = fitTitle({ data: [], layout: { title: { text: long } } }, 400);
  assert.equal((fitted.layout.title as { text: string }).text, wrapped);
  assert.ok(((fitted.layout.margin as { t: number }).t) >= 50 + 22 * lines.length);
  const explicit = fitTitle({ data: [], layout: { title: { text: long }, margin: { t: 10 } } }, 400);
  assert.equal((explicit.layout.margin as { t: number }).t, 10, "an explicit margin is kept");
});

test("panel letters, legends and dataset names are what a reader expects", () => {
  assert.equal(panelLetter(0), "(a)");
  assert.equal(panelLetter(5), "(f)");
  assert.throws(() => panelLetter(-1), /0\.\.25/);
  assert.equal(legendBelow().yref, "container");
  assert.equal(datasetTitle("mnist32"), "MNIST at 32 × 32");
  assert.equal(datasetTitle("unknown-set"), "unknown-set");
});
