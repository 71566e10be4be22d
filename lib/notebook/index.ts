export { startNotebook, type NotebookContext } from "./start.js";
export { claimLines, describeMeasurement, formatPercent, formatValue, md, showMarkdown, verdictCounts } from "./reading.js";
export { coreShareSentence } from "./coreShare.js";
