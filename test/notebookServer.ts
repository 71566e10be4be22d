/**
 * A classic Jupyter Notebook server for tests: headless, on a free port, with a known token and its own Jupyter
 * folders (so no trust database, kernel or config of the user's is read or written), killed with its whole process
 * group on every exit path.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** Python with the classic Notebook, nbformat and nbconvert: Debian's, as `make setup` installs them. */
export const JUPYTER_PYTHON = "/usr/bin/python3";

export interface NotebookServer {
  url: string;
  token: string;
  /** The environment the server runs with: its Jupyter folders; `jupyter trust` must use the same data folder. */
  env: NodeJS.ProcessEnv;
  /** Everything the server printed, for failure messages. */
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Jupyter's own folders inside `scratch`. JUPYTER_PATH names an empty folder, so the notebooks' tslab kernel is
 * not found and opening a notebook starts no kernel: only the saved outputs are rendered.
 */
export function isolatedJupyterEnv(scratch: string): NodeJS.ProcessEnv {
  const folders = { JUPYTER_DATA_DIR: "data", JUPYTER_CONFIG_DIR: "config", JUPYTER_RUNTIME_DIR: "runtime", JUPYTER_PATH: "empty" };
  const env: NodeJS.ProcessEnv = { ...process.env, IPYTHONDIR: path.join(scratch, "ipython") };
  for (const [name, folder] of Object.entries(folders)) {
    env[name] = path.join(scratch, folder);
    mkdirSync(env[name]!, { recursive: true });
  }
  delete env.JUPYTER_CONFIG_PATH;
  return env;
}

/** Starts `jupyter notebook` serving `root`; resolves once its API answers (rejects after `timeoutMs`). */
export async function startNotebookServer(root: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<NotebookServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const args = [
    "-m", "notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0",
    `--NotebookApp.token=${token}`, `--notebook-dir=${root}`, "--KernelSpecManager.ensure_native_kernel=False",
  ];
  // Jupyter refuses to run as root unless told (containers); a normal user never needs the flag.
  if (process.getuid?.() === 0) args.push("--allow-root");
  const child = spawn(JUPYTER_PYTHON, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const killAtExit = (): void => killGroup(child, "SIGKILL", true);
  process.on("exit", killAtExit);
  const stop = async (): Promise<void> => {
    process.off("exit", killAtExit);
    await stopGroup(child);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the Notebook server exited (${child.exitCode ?? child.signalCode})`);
      if (await answers(`${url}/api/status?token=${token}`)) break;
      if (Date.now() > deadline) throw new Error(`the Notebook server did not answer within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    const hint = "it needs Debian's jupyter-notebook for /usr/bin/python3 (`make setup` installs it)";
    throw new Error(`${(error as Error).message}; ${hint}. Its output:\n${output}`, { cause: error });
  }
  return { url, token, env, log: () => output, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Signals the server's process group; `evenIfExited`: also after the server itself exited (its children may not). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals, evenIfExited = false): void {
  if (child.pid === undefined) return;
  if (!evenIfExited && (child.exitCode !== null || child.signalCode !== null)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM (the server shuts down cleanly), then SIGKILL for the whole group after 5 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
  killGroup(child, "SIGKILL", true);
}
