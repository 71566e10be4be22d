/**
 * What every notebook does first and last (its generated set-up and closing cells): select and print the
 * TensorFlow.js backend and the profile; at the end, save the notebook's claim records and release the
 * figure browser so the kernel can exit.
 */
import { describeBackend, describeBackendDetails, selectBackend, type BackendReport } from "../backend/index.js";
import { ClaimRecord } from "../checks/index.js";
import { closeFigureBrowser } from "../plot/index.js";
import { currentProfile, type Profile } from "../profile.js";

export interface NotebookContext {
  name: string;
  profile: Profile;
  backend: BackendReport;
  /** Checks of the paper's derivations: figures/derivation-checks.csv. */
  derivations: ClaimRecord;
  /** Claims about experiments: figures/experiment-claims.csv. */
  experiments: ClaimRecord;
  /** Saves the claim records this notebook touched and closes the figure browser. */
  finish(): Promise<void>;
}

export async function startNotebook(name: string): Promise<NotebookContext> {
  const profile = currentProfile();
  const backend = await selectBackend();
  console.log(`profile: ${profile}   (set PROFILE=smoke|quick|paper to change)`);
  console.log(describeBackend(backend));
  for (const line of describeBackendDetails(backend)) console.log(line);
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
        console.log(`${record.record}: ${record.checks.length} checks (${summary}) saved to figures/${record.record}.csv`);
      }
      await closeFigureBrowser();
    },
  };
}
