/** Showing figures and tables in notebooks and exporting them to figures/. */
export type {
  FigureFiles,
  FigureSpec,
  PlotlyArray,
  PlotlyFigure,
  PlotlyLayout,
  PlotlyTitle,
  PlotlyTrace,
  TidyRow,
  TidyValue,
} from "./spec.js";
export { showFigure, DEFAULT_FIGURE_HEIGHT, DEFAULT_FIGURE_WIDTH, PNG_SCALE } from "./figure.js";
export { showTable, writeTable, type TableFiles } from "./table.js";
export { closeFigureBrowser, figureBrowserLaunchCount, chromiumPath, renderFigureImages } from "./browser.js";
export { assertFigureId, FIGURE_ID_RULE } from "./figureId.js";
export { plotlyFigure } from "./plotlyFigure.js";
export { csvColumns, parseCsv, toCsv } from "./csv.js";
export { markdownTable } from "./markdownTable.js";
export { markdownBundle, markdownToHtml } from "./markdownHtml.js";
export { displayMimeBundle, inNotebook } from "./notebookDisplay.js";
export { fitTitle } from "./figure.js";
export * from "./style.js";
export { checkSvgLayout, layoutProblems, measureSvgTexts, svgFiles, type SvgTexts, type TextBox } from "./layoutCheck.js";
