/** Runs scripts/run_notebooks.py in a child process, as `make figures` does, for the integration tests. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";

export interface RunnerResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const RUNNER = path.join(repoRoot, "scripts", "run_notebooks.py");

export function runNotebooks(notebooks: string[], outputDir: string, env: Record<string, string> = {}, flags: string[] = []): RunnerResult {
  const result = spawnSync("/usr/bin/python3", ["-B", RUNNER, "--output-dir", outputDir, ...flags, ...notebooks], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 20 * 60 * 1000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A runner started in the background, for tests that signal or kill it mid-cell. */
export interface RunningRunner {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects after `timeoutMs` or when the runner exits. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit status (or the signal's name) once the runner has exited. */
  exited: Promise<number | string>;
}

export function startRunner(notebooks: string[], outputDir: string, env: Record<string, string> = {}): RunningRunner {
  const child = spawn("/usr/bin/python3", ["-B", RUNNER, "--force", "--output-dir", outputDir, ...notebooks], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  let done = false;
  void exited.then(() => (done = true));
  const waitFor = async (pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(out);
      if (match) return match;
      if (done || Date.now() > deadline) throw new Error(`the runner ${done ? "exited" : "timed out"} before printing ${pattern}\n${out}\n${err}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { process: child, stdout: () => out, stderr: () => err, waitFor, exited };
}
