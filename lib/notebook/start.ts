/**
 * What every notebook does first and last (its generated set-up and closing cells): select and print the
 * TensorFlow.js backend and the profile; at the end, save the notebook's claim records and release the
 * figure browser so the kernel can exit.
 */
import { describeBackend, describeBackendDetails, selectBackend, type BackendReport } from "../backend/index.js";
import { ClaimRecord } from "../checks/index.js";
import { closeFigureBrowser } from "../plot/index.js";
import { figuresDir, profileFiguresDir, repoRoot, scratchDir } from "../paths.js";
import { currentProfile, type Profile } from "../profile.js";
import path from "node:path";

/** figures/ or the scratch folder, as the reader sees it: relative to the repository when inside it. */
function shownFolder(folder: string): string {
  const relative = path.relative(repoRoot, folder);
  return relative.startsWith("..") || path.isAbsolute(relative) ? folder : relative;
}

/** Where this run's files go, and why: exploration never overwrites the record (lib/paths.ts). */
function destinationLine(folder: string): string {
  const where = `figures and claim records go to ${shownFolder(folder)}/`;
  const resolved = path.resolve(folder);
  if (resolved === path.join(repoRoot, "figures")) {
    const own = profileFiguresDir() === figuresDir() ? "" : `, this profile's figures to ${shownFolder(profileFiguresDir())}/`;
    return `${where}${own}: the committed record (\`make figures\`)`;
  }
  if (resolved === path.resolve(scratchDir(), "figures")) {
    return `${where}, a scratch folder: only \`make figures\` with PROFILE=quick, long or paper writes the record in figures/`;
  }
  return `${where} (FIGURES_DIR)`;
}

export interface NotebookContext {
  name: string;
  profile: Profile;
  backend: BackendReport;
  /** Checks of the paper's derivations: derivation-checks.csv in the figures folder (lib/paths.ts). */
  derivations: ClaimRecord;
  /** Claims about experiments: experiment-claims.csv in the figures folder. */
  experiments: ClaimRecord;
  /** Saves the claim records this notebook touched and closes the figure browser. */
  finish(): Promise<void>;
}

export async function startNotebook(name: string): Promise<NotebookContext> {
  const profile = currentProfile();
  const backend = await selectBackend();
  console.log(`profile: ${profile}   (set PROFILE=smoke|quick|long|paper to change)`);
  console.log(describeBackend(backend));
  for (const line of describeBackendDetails(backend)) console.log(line);
  const folder = shownFolder(figuresDir());
  console.log(destinationLine(figuresDir()));
  const derivations = new ClaimRecord("derivation-checks", name);
  const experiments = new ClaimRecord("experiment-claims", name);
  return {
    name,
    profile,
    backend,
    derivations,
    experiments,
    async finish() {
      for (const record of [derivations, experiments]) {
        if (record.checks.length === 0) continue;
        record.save();
        record.show();
        const counts = new Map<string, number>();
        for (const row of record.checks) counts.set(String(row.verdict), (counts.get(String(row.verdict)) ?? 0) + 1);
        const summary = [...counts].map(([verdict, n]) => `${n} ${verdict}`).join(", ");
        console.log(`${record.record}: ${record.checks.length} checks (${summary}) saved to ${folder}/${record.record}.csv`);
      }
      await closeFigureBrowser();
    },
  };
}
