/** The provenance of each experiment setting: the paper, the authors' code, our profiles. */
export { AUTHORS_REPOSITORY, provenanceMarkdown, type FigureProvenance, type SettingProvenance } from "./settingsTable.js";
