import { test } from "node:test";
import assert from "node:assert/strict";
import { provenanceMarkdown, type FigureProvenance } from "./settingsTable.js";

test("provenanceMarkdown reads our column of each profile from that profile's settings", () => {
  const provenance: FigureProvenance<{ epochs: number }> = {
    figure: "Figure 0",
    commit: "0123456789abcdef0123456789abcdef01234567",
    rows: [{ setting: "epochs", paper: "50,000", paperRef: "Sec 3.2", authors: "50000", authorsRef: "A/main.py:12", ours: (s) => String(s.epochs), note: "", reason: "CPU budget" }],
  };
  const table = provenanceMarkdown(provenance, { smoke: { epochs: 10 }, quick: { epochs: 3000 }, paper: { epochs: 50000 } });
  assert.match(table, /at commit `0123456789`/);
  assert.match(table, /\| epochs \| 50,000 \(Sec 3\.2\) \| 50000 \(`A\/main\.py:12`\) \|  \| 10 \| 3000 \| 50000 \| CPU budget \|/);
});
