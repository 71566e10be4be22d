/**
 * Backend selection. Selection happens once per process, so each case runs `selectBackend()` in a child
 * Node process with its own TFJS_BACKEND and prints the report as JSON (or the error message).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { BACKEND_CHOICES, currentBackend, describeBackend, describeBackendDetails, type BackendReport } from "./select.js";

const SELECT = new URL("./select.js", import.meta.url).href;

/** Runs `body` (ESM, with selectBackend/currentBackend/describeBackend in scope) in a child process. */
function child(tfjsBackend: string | undefined, body: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  if (tfjsBackend === undefined) delete env.TFJS_BACKEND;
  else env.TFJS_BACKEND = tfjsBackend;
  const script = `import { selectBackend, currentBackend, describeBackend } from ${JSON.stringify(SELECT)};
try { ${body} } catch (e) { console.error(e.message); process.exit(3); }`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The report printed by a child that selected successfully. */
function reportOf(tfjsBackend: string | undefined): BackendReport {
  const r = child(tfjsBackend, "const report = await selectBackend(); console.log('REPORT ' + JSON.stringify(report));");
  const line = r.stdout.split("\n").find((l) => l.startsWith("REPORT "));
  assert.ok(r.status === 0 && line !== undefined, `selection failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(line.slice("REPORT ".length)) as BackendReport;
}

const installed = (pkg: string): boolean => {
  try {
    createRequire(import.meta.url).resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
};

test("TFJS_BACKEND=cpu selects the pure-JavaScript cpu backend and says it was forced", () => {
  const r = reportOf("cpu");
  assert.equal(r.name, "cpu");
  assert.equal(r.choice, "cpu");
  assert.equal(r.package, "@tensorflow/tfjs-backend-cpu");
  assert.equal(r.forced, true);
  assert.deepEqual(r.tried, [{ backend: "cpu", ok: true, reason: "loaded" }]);
});

test("TFJS_BACKEND=wasm reports SIMD, one thread in Node, and the kernels it registered", () => {
  const r = reportOf("wasm");
  assert.equal(r.name, "wasm");
  assert.equal(typeof r.detail.simd, "boolean");
  assert.equal(r.detail.threads, 1);
  for (const k of ["Conv2DBackpropFilter", "DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput", "FFT", "IFFT", "SobolevFusedAdam"]) {
    assert.ok(r.kernelsRegistered.includes(k), `${k} not in ${r.kernelsRegistered}`);
  }
  assert.ok(!r.kernelsMissing.includes("Conv2DBackpropFilter"));
  assert.deepEqual(r.kernelsReplaced, ["Conv2DBackpropInput", "Identity"]);
});

test("an unknown TFJS_BACKEND value is an error that lists the valid values", () => {
  const r = child("gpu", "await selectBackend(); console.log('selected');");
  assert.equal(r.status, 3, `expected a failure, got exit ${r.status}: ${r.stdout}`);
  assert.match(r.stderr, /TFJS_BACKEND="gpu" is not a backend; valid values: node-gpu, node, wasm, cpu/);
});

for (const choice of ["node", "node-gpu"] as const) {
  const pkg = choice === "node" ? "@tensorflow/tfjs-node" : "@tensorflow/tfjs-node-gpu";
  test(`forcing TFJS_BACKEND=${choice} without ${pkg} installed is an error naming the package, the cause and the fix`, (t) => {
    if (installed(pkg)) return t.skip(`${pkg} is installed here`);
    const r = child(choice, "await selectBackend(); console.log('selected');");
    assert.equal(r.status, 3, `expected a failure, got exit ${r.status}: ${r.stdout}`);
    assert.match(r.stderr, new RegExp(`TFJS_BACKEND=${choice}: ${pkg} is not installed\\. Fix: install it \\(npm install ${pkg}@`));
    assert.match(r.stderr, /or unset TFJS_BACKEND/);
  });
}

test("automatic selection tries node-gpu and node first and records why each was unavailable", (t) => {
  if (installed("@tensorflow/tfjs-node-gpu") || installed("@tensorflow/tfjs-node")) return t.skip("a native backend is installed here");
  const r = reportOf(undefined);
  assert.equal(r.forced, false);
  assert.equal(r.name, "wasm");
  assert.deepEqual(r.tried.map((a) => [a.backend, a.ok]), [["node-gpu", false], ["node", false], ["wasm", true]]);
  assert.match(r.tried[0].reason, /@tensorflow\/tfjs-node-gpu is not installed/);
});

test("selectBackend is idempotent: a second call returns the same report, also from currentBackend", () => {
  const r = child("wasm", `const a = await selectBackend(); const b = await selectBackend();
console.log('SAME ' + (a === b && currentBackend() === a));`);
  assert.match(r.stdout, /SAME true/, r.stderr);
});

test("currentBackend before selection is an error telling to await selectBackend()", () => {
  assert.throws(() => currentBackend(), /await selectBackend\(\) first/);
});

test("describeBackend is one line naming the backend, package, version, SIMD and threads", () => {
  const line = describeBackend(reportOf("wasm"));
  assert.ok(!line.includes("\n"));
  assert.match(line, /^TensorFlow\.js backend: wasm \[wasm\] \(@tensorflow\/tfjs-backend-wasm 4\.\d+\.\d+; simd (yes|no); threads 1;/);
});

test("describeBackendDetails lists the added kernels and why each faster backend was unavailable", () => {
  const report = reportOf("wasm");
  const lines = describeBackendDetails(report);
  assert.ok(lines.some((l) => l.startsWith("  kernels added: ") && l.includes("Conv2DBackpropFilter")), lines.join("\n"));
  for (const attempt of report.tried.filter((t) => !t.ok)) {
    assert.ok(lines.includes(`  unavailable: ${attempt.backend}: ${attempt.reason}`), lines.join("\n"));
  }
});

test("the report survives JSON serialisation unchanged and BACKEND_CHOICES lists the four backends in order", () => {
  const r = reportOf("cpu");
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  assert.deepEqual([...BACKEND_CHOICES], ["node-gpu", "node", "wasm", "cpu"]);
});
