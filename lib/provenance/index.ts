/** The provenance of each experiment setting: the paper, the authors' code, our profiles. */
export { AUTHORS_REPOSITORY, count, provenanceMarkdown, type FigureProvenance, type SettingProvenance } from "./settingsTable.js";
export { fig1Provenance, type Fig1Settings } from "./fig1.js";
export { fig2Provenance, type Fig2Settings } from "./fig2.js";
export { fig3Provenance, type Fig3ProvenanceSettings } from "./fig3.js";
export { fig4Provenance, type Fig4Settings } from "./fig4.js";
export { fig5Provenance, type Fig5Settings } from "./fig5.js";
export { fig7Provenance, type Fig7Settings } from "./fig7.js";
export { fig8Provenance, type Fig8Settings } from "./fig8.js";
