import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";
import { JsonLineWorker } from "./benchWorker.js";

/** A fake worker in node: greets, echoes each request's "n" doubled, answers {"error"} to "fail", dies on "die". */
const FAKE = `
const rl = require("node:readline").createInterface({ input: process.stdin });
console.log(JSON.stringify({ hello: "fake" }));
rl.on("line", (line) => {
  const m = JSON.parse(line);
  if (m.die) { console.error("Traceback: the fake worker died"); process.exit(3); }
  console.log(JSON.stringify(m.fail ? { error: "no such workload" } : { twice: 2 * m.n }));
});`;

const fake = (): JsonLineWorker => new JsonLineWorker("fake worker", process.execPath, ["-e", FAKE]);

test("a JSON-line worker greets, then answers requests in order", async () => {
  const worker = fake();
  assert.deepEqual(await worker.receive(), { hello: "fake" });
  const replies = await Promise.all([worker.request({ n: 1 }), worker.request({ n: 2 }), worker.request({ n: 3 })]);
  assert.deepEqual(replies, [{ twice: 2 }, { twice: 4 }, { twice: 6 }]);
  await worker.close();
});

test("a reply with an error field rejects its request only; the worker keeps serving", async () => {
  const worker = fake();
  await worker.receive();
  await assert.rejects(worker.request({ fail: true }), /fake worker: no such workload/);
  assert.deepEqual(await worker.request({ n: 5 }), { twice: 10 });
  await worker.close();
});

test("a worker that dies rejects the waiting request with its stderr, and every later one", async () => {
  const worker = fake();
  await worker.receive();
  await assert.rejects(worker.request({ die: true }), /fake worker exited \(code 3\):\nTraceback: the fake worker died/);
  await assert.rejects(worker.request({ n: 1 }), /exited/);
});

test("a worker that cannot start is reported by its label", async () => {
  const worker = new JsonLineWorker("missing worker", "/nonexistent/python3", []);
  await assert.rejects(worker.receive(), /missing worker (could not start|exited)/);
});

const torchMissing = spawnSync("/usr/bin/python3", ["-c", "import torch"]).status !== 0;

test(
  "the real PyTorch worker greets with its version, times a block and reports an unknown workload as an error",
  { skip: torchMissing ? "PyTorch is not installed (Debian package python3-torch); make bench skips its columns too" : false },
  async () => {
    const worker = new JsonLineWorker("bench_torch.py", "/usr/bin/python3", [path.join(repoRoot, "scripts", "bench_torch.py")]);
    assert.match(String((await worker.receive()).torch), /^\d+\.\d+/);
    const reply = await worker.request({ workload: "fig1-single-node-H1-sgd", threads: 1, steps: 2, warmup: 1 });
    assert.ok(Number(reply.msPerStep) > 0 && Number.isFinite(Number(reply.loss)), JSON.stringify(reply));
    await assert.rejects(worker.request({ workload: "no-such-workload", threads: 1, steps: 1 }), /no workload 'no-such-workload'/);
    await worker.close();
  },
);
