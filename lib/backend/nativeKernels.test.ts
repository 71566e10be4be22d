/**
 * The native kernel pack as a whole: how the backend report says whether it is on and why not (each
 * case in a child process, since selection happens once per process), the version check, and a
 * training step of a small MLP computing the same loss and gradients with the pack on and off.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import { DEFAULT_ADDON_PATH, loadNativeAddon, type NativeAddon, NATIVE_PACK_TFJS_VERSION, versionMismatchReason } from "./nativeAddon.js";
import { disableNativeKernels, enableNativeKernels } from "./nativeKernels.js";
import { nativePackOffReason } from "./nativeTesting.js";
import type { BackendReport } from "./select.js";
import { normals } from "./testing.js";
import { assertWithinBound, NET_GRADIENT_RELATIVE } from "./tolerances.js";

const SELECT = new URL("./select.js", import.meta.url).href;
/** The addon under test: SOBOLEV_NATIVE_ADDON's (e.g. a pack built without oneDNN, for the tests that need one), else the build's. */
const ADDON = process.env.SOBOLEV_NATIVE_ADDON?.trim() || DEFAULT_ADDON_PATH;
const built = existsSync(ADDON);
/** Whether the built addon has oneDNN (scripts/buildNative.sh builds it in when libdnnl-dev is installed). */
const addonHasDnnl = (): boolean => built && (createRequire(import.meta.url)(ADDON) as NativeAddon).info().dnnl;

/** selectBackend() in a child process with `env` changed (undefined: removed); its report and describeBackend line. */
function childReport(env: Record<string, string | undefined>): { report: BackendReport; line: string } {
  const childEnv: Record<string, string | undefined> = { ...process.env, TFJS_BACKEND: "wasm", SOBOLEV_NATIVE: undefined, SOBOLEV_NATIVE_ADDON: process.env.SOBOLEV_NATIVE_ADDON, OPENBLAS_NUM_THREADS: undefined, SOBOLEV_GEMM: undefined, SOBOLEV_CONV: undefined, ...env };
  for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k];
  const script = `import { selectBackend, describeBackend } from ${JSON.stringify(SELECT)};
try { const r = await selectBackend(); console.log('REPORT ' + JSON.stringify({ report: r, line: describeBackend(r) })); }
catch (e) { console.error(e.message); process.exit(3); }`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env: childEnv, encoding: "utf8", timeout: 60_000 });
  const out = r.stdout.split("\n").find((l) => l.startsWith("REPORT "));
  if (r.status !== 0 || out === undefined) throw new Error(`selection failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(out.slice("REPORT ".length)) as { report: BackendReport; line: string };
}

test("with the addon built and SOBOLEV_NATIVE unset, WASM runs the native kernels with one BLAS thread, and describeBackend says so", { skip: built ? false : `not built: ${ADDON}` }, () => {
  const { report, line } = childReport({});
  assert.equal(report.native.active, true, report.native.reason);
  assert.equal(report.native.status, "on");
  for (const k of ["BatchMatMul", "_FusedMatMul", "Tanh", "Sin", "Cos", "Exp", "Sum"]) assert.ok(report.native.kernels.includes(k), `${k} not in ${report.native.kernels}`);
  assert.equal(report.native.threads, 1);
  assert.match(report.native.blas, /OpenBLAS/);
  assert.equal(report.native.gemm, addonHasDnnl() ? "onednn" : "openblas");
  const conv = addonHasDnnl() ? "onednn" : "im2col";
  assert.equal(report.native.conv, conv);
  assert.equal(report.native.parallelFrom, 2 ** 23);
  const products = addonHasDnnl() ? "oneDNN + OpenBLAS" : "OpenBLAS";
  assert.ok(line.includes(`native kernels on (products on ${products}, convolutions ${conv === "onednn" ? "on oneDNN" : "by im2col"}, 1 thread)`), line);
});

test("OPENBLAS_NUM_THREADS sets the native pack's threads, and the report and describeBackend give the thread policy", { skip: built ? false : `not built: ${ADDON}` }, () => {
  const { report, line } = childReport({ OPENBLAS_NUM_THREADS: "2" });
  assert.equal(report.native.threads, 2);
  assert.match(line, /native kernels on \(products on (oneDNN \+ )?OpenBLAS, convolutions (on oneDNN|by im2col), 2 threads from 8388608 multiply-adds, 1 below\)/);
});

test("SOBOLEV_GEMM=onednn runs the larger products on oneDNN, and the report and describeBackend say so", { skip: built && addonHasDnnl() ? false : "the pack is not built, or built without oneDNN (libdnnl-dev)" }, () => {
  const { report, line } = childReport({ SOBOLEV_GEMM: "onednn" });
  assert.equal(report.native.gemm, "onednn");
  assert.ok(line.includes("native kernels on (products on oneDNN + OpenBLAS, convolutions on oneDNN, 1 thread)"), line);
});

test("SOBOLEV_GEMM=openblas keeps the products on OpenBLAS in a pack built with oneDNN, and the report and describeBackend say so", { skip: built && addonHasDnnl() ? false : "the pack is not built, or built without oneDNN (libdnnl-dev)" }, () => {
  const { report, line } = childReport({ SOBOLEV_GEMM: "openblas" });
  assert.equal(report.native.gemm, "openblas");
  assert.ok(line.includes("native kernels on (products on OpenBLAS, convolutions on oneDNN, 1 thread)"), line);
});

test("SOBOLEV_CONV=im2col keeps the convolutions on im2col + sgemm in a pack built with oneDNN, and the report and describeBackend say so", { skip: built && addonHasDnnl() ? false : "the pack is not built, or built without oneDNN (libdnnl-dev)" }, () => {
  const { report, line } = childReport({ SOBOLEV_CONV: "im2col", SOBOLEV_GEMM: "openblas" });
  assert.equal(report.native.conv, "im2col");
  assert.ok(line.includes("native kernels on (products on OpenBLAS, convolutions by im2col, 1 thread)"), line);
});

for (const name of ["SOBOLEV_GEMM", "SOBOLEV_CONV"]) {
  test(`${name}=onednn with a pack built without oneDNN stops backend selection, forced or automatic, naming the package and the rebuild, not a reinstall`, { skip: built && !addonHasDnnl() ? false : "the pack is not built, or built with oneDNN" }, () => {
    for (const backend of ["wasm", undefined]) {
      assert.throws(() => childReport({ [name]: "onednn", TFJS_BACKEND: backend }), (err: Error) => {
        assert.match(err.message, new RegExp(`${name}=onednn, but the native pack .* was built without oneDNN; install Debian's libdnnl-dev and rebuild it`));
        assert.doesNotMatch(err.message, /npm ci|Fix: /);
        return true;
      });
    }
  });
}

test("SOBOLEV_NATIVE=0 turns the native pack off and the report and describeBackend say so", () => {
  const { report, line } = childReport({ SOBOLEV_NATIVE: "0" });
  assert.deepEqual(report.native, { active: false, status: "disabled", reason: "disabled by SOBOLEV_NATIVE=0", blas: "", threads: 0, gemm: "openblas", conv: "im2col", parallelFrom: 0, kernels: [] });
  assert.ok(line.includes("native kernels off (disabled by SOBOLEV_NATIVE=0)"), line);
});

test("a missing addon file is reported as not built, naming the file and how to build it", () => {
  const missing = "/nonexistent/sobolev_native.node";
  const { report, line } = childReport({ SOBOLEV_NATIVE_ADDON: missing });
  assert.equal(report.native.status, "not-built");
  assert.equal(report.native.active, false);
  assert.match(report.native.reason, /^not built: no \/nonexistent\/sobolev_native\.node; build it with scripts\/buildNative\.sh/);
  assert.ok(line.includes(`native kernels off (not built: no ${missing}`), line);
});

test("an addon file that does not load is reported as a load error with the loader's message", () => {
  const notAnAddon = fileURLToPath(import.meta.url);
  const { report } = childReport({ SOBOLEV_NATIVE_ADDON: notAnAddon });
  assert.equal(report.native.status, "load-error");
  assert.match(report.native.reason, new RegExp(`^load error: ${notAnAddon.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: .+; rebuild it with scripts/buildNative\\.sh$`));
});

test("an invalid SOBOLEV_NATIVE value stops backend selection with the valid values", () => {
  assert.throws(() => childReport({ SOBOLEV_NATIVE: "yes" }), /SOBOLEV_NATIVE="yes" is not valid; use SOBOLEV_NATIVE=0 to disable/);
});

test("on the cpu backend the native pack is not applicable and describeBackend does not mention it", () => {
  const { report, line } = childReport({ TFJS_BACKEND: "cpu" });
  assert.equal(report.native.status, "not-wasm");
  assert.ok(!line.includes("native kernels"), line);
});

test("a tfjs version other than the pack's is refused with a message naming both versions and the fix", () => {
  assert.equal(versionMismatchReason(NATIVE_PACK_TFJS_VERSION, NATIVE_PACK_TFJS_VERSION), undefined);
  const reason = versionMismatchReason("4.23.0", NATIVE_PACK_TFJS_VERSION) ?? "";
  assert.match(reason, /written against @tensorflow\/tfjs-core 4\.22\.0 and @tensorflow\/tfjs-backend-wasm 4\.22\.0, but 4\.23\.0 and 4\.22\.0 are installed/);
  assert.match(reason, /npm ci/);
  const previous = { addon: process.env.SOBOLEV_NATIVE_ADDON, allowed: process.env.SOBOLEV_NATIVE };
  process.env.SOBOLEV_NATIVE_ADDON = fileURLToPath(import.meta.url); // exists; a mismatch is decided before loading it
  delete process.env.SOBOLEV_NATIVE;
  try {
    const load = loadNativeAddon({ tfjsCore: "4.23.0", tfjsBackendWasm: "4.21.0" });
    assert.ok(load.status === "version-mismatch" && load.reason.includes("4.23.0 and 4.21.0"), JSON.stringify(load));
  } finally {
    for (const [name, value] of [["SOBOLEV_NATIVE_ADDON", previous.addon], ["SOBOLEV_NATIVE", previous.allowed]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});

/** u(x) of a 2-16-16-1 MLP; `fused`: layers through tf.fused.matMul (the _FusedMatMul kernel), else matMul + add. */
function mlp(params: tf.Tensor[], x: tf.Tensor, activation: "tanh" | "sin", fused: boolean): tf.Tensor {
  let h = x;
  for (let i = 0; i < params.length; i += 2) {
    const [w, b] = [params[i] as tf.Tensor2D, params[i + 1] as tf.Tensor1D];
    h = fused ? tf.fused.matMul({ a: h as tf.Tensor2D, b: w, bias: b }) : tf.add(tf.matMul(h, w), b);
    if (i + 2 < params.length) h = activation === "tanh" ? tf.tanh(h) : tf.sin(h);
  }
  return h;
}

/** H1 loss mean (u − y)² + mean |∇u − ∇y|², its parameter gradients, and the loss after 3 Adam steps. */
function trainingStep(activation: "tanh" | "sin", fused: boolean): Float32Array[] {
  const widths = [2, 16, 16, 1];
  const x = tf.tensor(normals([64, 2], 21), [64, 2]);
  const y = tf.sum(tf.sin(x), 1, true);
  const dy = tf.cos(x);
  const params: tf.Variable[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    params.push(tf.variable(tf.tensor(normals([widths[i], widths[i + 1]], 30 + i).map((v) => v / Math.sqrt(widths[i])), [widths[i], widths[i + 1]])));
    params.push(tf.variable(tf.tensor(normals([widths[i + 1]], 40 + i).map((v) => 0.1 * v))));
  }
  const loss = () => {
    const f = (z: tf.Tensor) => mlp(params, z, activation, fused);
    const du = tf.grad((z: tf.Tensor) => tf.sum(f(z)))(x);
    return tf.add(tf.mean(tf.square(tf.sub(f(x), y))), tf.mean(tf.square(tf.sub(du, dy)))) as tf.Scalar;
  };
  const { value, grads } = tf.variableGrads(loss, params);
  const results = [value, ...params.map((p) => grads[p.name])].map((t) => Float32Array.from(t.dataSync()));
  const optimizer = tf.train.adam(1e-2);
  for (let step = 0; step < 3; step++) optimizer.minimize(loss);
  const after = tf.tidy(() => loss());
  results.push(Float32Array.from(after.dataSync()));
  after.dispose();
  tf.dispose([value, ...Object.values(grads), x, y, dy, ...params]);
  optimizer.dispose();
  return results;
}

const off = await nativePackOffReason();

for (const [activation, fused] of [["tanh", false], ["sin", true]] as const) {
  test(`an H1 training step of a ${activation} MLP${fused ? " with fused layers" : ""} gives the same loss, gradients and Adam updates with the native pack on and off`, { skip: off }, async () => {
    await tf.setBackend("wasm");
    const on = trainingStep(activation, fused);
    disableNativeKernels();
    let plain: Float32Array[];
    try {
      plain = trainingStep(activation, fused);
    } finally {
      enableNativeKernels();
    }
    const names = ["loss", "dW1", "db1", "dW2", "db2", "dW3", "db3", "loss after 3 Adam steps"];
    on.forEach((got, i) => {
      const scale = Math.max(...plain[i].map(Math.abs));
      assertWithinBound(got, plain[i], NET_GRADIENT_RELATIVE * scale, `${activation} MLP ${names[i]}, pack on vs off`);
    });
  });
}
