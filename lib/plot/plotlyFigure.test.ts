import assert from "node:assert/strict";
import { test } from "node:test";
import { plotlyFigure } from "./plotlyFigure.js";

test("plotlyFigure turns string titles at any depth into the {text} objects plotly.js 3 requires", () => {
  const layout = {
    title: "Loss",
    xaxis: { title: "epoch" },
    yaxis2: { title: { text: "already an object", font: { size: 10 } } },
    scene: { zaxis: { title: "z" } },
    legend: { title: "series" },
  };
  const { layout: out } = plotlyFigure([{ type: "heatmap", z: [[1]], colorbar: { title: "value" } }], layout);
  assert.deepEqual(out.title, { text: "Loss" });
  assert.deepEqual(out.xaxis, { title: { text: "epoch" } });
  assert.deepEqual(out.yaxis2, layout.yaxis2);
  assert.deepEqual(out.scene, { zaxis: { title: { text: "z" } } });
  assert.deepEqual(out.legend, { title: { text: "series" } });
  const { data } = plotlyFigure([{ type: "heatmap", colorbar: { title: "value" } }], {});
  assert.deepEqual(data[0]!.colorbar, { title: { text: "value" } });
});

test("plotlyFigure moves titlefont and titleside, removed in plotly.js 3, into the title object", () => {
  const { layout } = plotlyFigure([], { xaxis: { title: "x", titlefont: { size: 18 }, titleside: "top" } });
  assert.deepEqual(layout.xaxis, { title: { text: "x", font: { size: 18 }, side: "top" } });
});

test("plotlyFigure uses the figure title only when the layout has none, and never mutates its input", () => {
  const layout = { xaxis: { title: "x" } };
  const traces = [{ x: new Float64Array([1, 2]), y: [3, 4] }];
  const figure = plotlyFigure(traces, layout, "Default");
  assert.deepEqual(figure.layout.title, { text: "Default" });
  assert.deepEqual(plotlyFigure([], { title: "Own" }, "Default").layout.title, { text: "Own" });
  assert.deepEqual(layout, { xaxis: { title: "x" } });
  assert.ok(traces[0]!.x instanceof Float64Array);
});

test("plotlyFigure converts typed arrays to plain arrays so the figure's JSON keeps them as arrays", () => {
  const { data } = plotlyFigure([{ x: new Float64Array([0.5, 1.5]), y: new Float32Array([2, 3]) }], {});
  assert.equal(JSON.stringify(data), '[{"x":[0.5,1.5],"y":[2,3]}]');
});
