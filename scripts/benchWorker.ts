/**
 * A persistent worker process spoken to in JSON lines (make bench keeps PyTorch in one, scripts/bench_torch.py):
 * one request object per line on its stdin, one reply object per line on its stdout, in order. A reply with an
 * "error" field rejects its request; a worker that exits or closes its stdout rejects every waiting request with
 * the end of its stderr, so a crash in the worker is reported with its own traceback.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";

type Reply = Record<string, unknown>;

interface Waiting {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

const STDERR_KEPT = 4000;

export class JsonLineWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: Waiting[] = [];
  private readonly early: Reply[] = [];
  private stderr = "";
  private ended: Error | null = null;

  /** Starts `command args` with its stdin and stdout as the channel; `label` names it in errors. */
  constructor(readonly label: string, command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-STDERR_KEPT)));
    createInterface({ input: this.child.stdout }).on("line", (line) => this.onLine(line));
    this.child.on("error", (error) => this.fail(`${this.label} could not start: ${error.message}`));
    this.child.on("close", (code, signal) => this.fail(`${this.label} exited (${signal ?? `code ${code}`})${this.stderr.length > 0 ? `:\n${this.stderr.trimEnd()}` : ""}`));
  }

  private onLine(line: string): void {
    if (line.trim().length === 0) return;
    let reply: Reply;
    try {
      reply = JSON.parse(line) as Reply;
    } catch {
      this.fail(`${this.label} wrote a line that is not JSON: ${line.slice(0, 200)}`);
      this.child.kill();
      return;
    }
    const next = this.waiting.shift();
    if (next === undefined) this.early.push(reply);
    else if (typeof reply.error === "string") next.reject(new Error(`${this.label}: ${reply.error}`));
    else next.resolve(reply);
  }

  private fail(message: string): void {
    this.ended ??= new Error(message);
    for (const w of this.waiting.splice(0)) w.reject(this.ended);
  }

  /** The next reply, whether or not a request was sent for it (the worker's greeting line). */
  receive(): Promise<Reply> {
    const early = this.early.shift();
    if (early !== undefined) return typeof early.error === "string" ? Promise.reject(new Error(`${this.label}: ${early.error}`)) : Promise.resolve(early);
    if (this.ended !== null) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Sends one request and waits for its reply. */
  request(message: Record<string, unknown>): Promise<Reply> {
    if (this.ended !== null) return Promise.reject(this.ended);
    const reply = this.receive();
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
    return reply;
  }

  /** Closes the worker's stdin (its signal to exit) and waits for it to exit. */
  close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once("close", () => resolve());
      this.child.stdin.end();
    });
  }
}
