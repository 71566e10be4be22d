import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { NOTEBOOK_FIGURE_CLASS, notebookFigureBundle, notebookFigureHtml, type NotebookFigure } from "./notebookFigure.js";

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="90" height="50"><text>0100020003000</text></svg>';
const shown: NotebookFigure = {
  id: "fig-test",
  title: 'Loss "L2" < H1',
  figure: { data: [{ type: "scatter", x: [1, 2], y: [3, 4], name: "</script><script>alert(1)" }], layout: {} },
  svg,
  png: Buffer.from("png bytes"),
  width: 90,
  height: 50,
  links: { SVG: "../figures/fig-test.svg", "data (CSV)": "../figures/fig-test.csv" },
};

test("the HTML shows the picture as an <img> data URI, never inline <svg> (an untrusted notebook strips that to text)", () => {
  const html = notebookFigureHtml(shown);
  assert.ok(!/<svg/i.test(html), "inline <svg> found");
  const src = /<img src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html);
  assert.ok(src, "no <img> with an SVG data URI");
  assert.equal(Buffer.from(src[1], "base64").toString("utf8"), svg);
  assert.ok(html.includes(`<figure class="${NOTEBOOK_FIGURE_CLASS}"`));
});

test("the figure's data cannot end the script element early", () => {
  const html = notebookFigureHtml(shown);
  assert.equal(html.match(/<\/script>/g)?.length, 1, "exactly one </script>: the script's own");
  assert.equal(html.match(/<script/g)?.length, 1);
});

test("the caption links exactly the given files, escaped", () => {
  const html = notebookFigureHtml(shown);
  const hrefs = [...html.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1]);
  assert.deepEqual(hrefs, ["../figures/fig-test.svg", "../figures/fig-test.csv"]);
  assert.ok(html.includes("Loss &quot;L2&quot; &lt; H1"));
});

test("the script loads the installed plotly.js by a path relative to the working directory, never a URL", () => {
  const html = notebookFigureHtml(shown);
  const script = /\)\("[^"]+", "([^"]+)"/.exec(html);
  assert.ok(script, "no plotly script path in the call");
  assert.ok(!/^[a-z]+:/i.test(script[1]) && !script[1].startsWith("/"), `not relative: ${script[1]}`);
  assert.ok(existsSync(path.resolve(process.cwd(), script[1])), `${script[1]} does not exist`);
});

test("an unchanged figure gives byte-identical output; a changed one a new element id", () => {
  assert.equal(notebookFigureHtml(shown), notebookFigureHtml({ ...shown }));
  const id = (html: string): string | undefined => /id="([^"]+)"/.exec(html)?.[1];
  const changed = { ...shown, figure: { ...shown.figure, layout: { title: { text: "other" } } } };
  assert.notEqual(id(notebookFigureHtml(shown)), id(notebookFigureHtml(changed)));
});

test("the bundle carries plotly's mime type (JupyterLab), HTML, PNG and text", () => {
  const { data, metadata } = notebookFigureBundle(shown);
  assert.deepEqual(Object.keys(data).sort(), ["application/vnd.plotly.v1+json", "image/png", "text/html", "text/plain"]);
  assert.deepEqual(data["application/vnd.plotly.v1+json"], shown.figure);
  assert.equal(data["image/png"], shown.png.toString("base64"));
  assert.deepEqual(metadata, { "image/png": { width: 90, height: 50 } });
});
