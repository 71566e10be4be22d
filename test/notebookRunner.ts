/** Runs scripts/run_notebooks.py in a child process, as `make figures` does, for the integration tests. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";

export interface RunnerResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runNotebooks(notebooks: string[], outputDir: string, env: Record<string, string> = {}, flags: string[] = []): RunnerResult {
  const result = spawnSync("/usr/bin/python3", [path.join(repoRoot, "scripts", "run_notebooks.py"), "--output-dir", outputDir, ...flags, ...notebooks], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 20 * 60 * 1000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
