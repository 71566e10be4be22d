import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../paths.js";
import * as P from "./index.js";

const all = [P.fig1Provenance, P.fig2Provenance, P.fig3Provenance, P.fig4Provenance, P.fig5Provenance, P.fig7Provenance, P.fig8Provenance];

test("every provenance table names the authors' commit and, for each setting, the paper's value and the authors' with a file reference", () => {
  for (const provenance of all) {
    assert.match(provenance.commit, /^[0-9a-f]{40}$/, provenance.figure);
    for (const row of provenance.rows) {
      const where = `${provenance.figure}, ${row.setting}`;
      assert.ok(row.paper.length > 0 && row.authors.length > 0, `${where}: empty paper or authors' value`);
      if (row.authors !== "not in the authors' code") assert.match(row.authorsRef, /[\w )]+\/?[\w .-]+\.(py|yaml|md)(:\d+|\b)/, `${where}: no file reference "${row.authorsRef}"`);
    }
  }
});

test("each experiment notebook shows its figure's provenance table, read from its own per-profile settings", () => {
  const notebooks: Record<string, string> = {
    "3.1-empirical-risk-sgd": "fig1Provenance", "3.2-activations-fig2": "fig2Provenance", "3.2-architectures-fig3": "fig3Provenance",
    "3.3-denoising-fig4": "fig4Provenance", "3.4-diffusion-fig5-table1": "fig5Provenance", "C.2-approximated-derivatives": "fig7Provenance",
    "C.3-resnet-autoencoder-fig8": "fig8Provenance",
  };
  for (const [name, table] of Object.entries(notebooks)) {
    const twin = readFileSync(path.join(repoRoot, "notebooks", `${name}.ts`), "utf8");
    assert.match(twin, new RegExp(`P\\.provenanceMarkdown\\(P\\.${table}, profileSettings\\)`), `notebooks/${name}.ts does not show ${table}`);
  }
});
