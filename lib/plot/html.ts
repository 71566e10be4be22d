/**
 * HTML written for figures: escaping helpers and the interactive page figures/<id>.html (the notebook's figure
 * output is notebookFigure.ts).
 */
import { PLOTLY_BUNDLE_NAME } from "./plotlyBundle.js";
import type { PlotlyFigure } from "./spec.js";

/** `text` with the five HTML-special characters escaped, safe in element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** JSON that is safe inside a <script> element: `<` is escaped so no `</script>` or `<!--` can occur. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c").replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");
}

/**
 * A standalone interactive page for one figure. It loads plotly from `plotly.min.js` next to it (the shared copy in
 * figures/), never an inlined or remote copy, and links the figure's static SVG and data for readers without
 * JavaScript.
 */
export function interactiveFigureHtml(id: string, title: string, figure: PlotlyFigure): string {
  const name = escapeHtml(id);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<script src="${PLOTLY_BUNDLE_NAME}"></script>
<style>body { margin: 0; font-family: sans-serif; } #figure { width: 100vw; height: 92vh; } p { margin: 0.5em 1em; }</style>
</head>
<body>
<div id="figure"></div>
<p><a href="${name}.svg">SVG</a> · <a href="${name}.png">PNG</a> · <a href="${name}.csv">data (CSV)</a></p>
<noscript><img src="${name}.svg" alt="${escapeHtml(title)}"></noscript>
<script>
const figure = ${scriptSafeJson(figure)};
Plotly.newPlot("figure", figure.data, figure.layout, { responsive: true });
</script>
</body>
</html>
`;
}
