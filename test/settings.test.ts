/**
 * Settings a user types are refused before any work, with one line naming the valid values and exit 2: by make
 * (scripts/settings.mk, before any recipe or shell sees a value), by the runner (scripts/notebook_settings.py),
 * and by the backend selection, which must never read a typo as "backend unavailable" and fall back to cpu.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { BACKEND_CHOICES } from "../lib/backend/index.js";
import { repoRoot } from "../lib/paths.js";
import { profiles } from "../lib/profile.js";
import { twinNames } from "../scripts/buildNotebooks.js";

/** Settings the user may have in their environment are removed, so each case sees only its own. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["PROFILE", "NOTEBOOK", "TFJS_BACKEND", "SOBOLEV_NATIVE", "SOBOLEV_GEMM", "SOBOLEV_CONV", "OPENBLAS_NUM_THREADS", "FORCE", "REBUILD_NATIVE", "ROUNDS", "MAKEFLAGS", "MFLAGS"]) delete env[name];
  return { ...env, ...extra };
}

/** `make -n figures <assignment>`: -n runs no recipe, so a setting that passed could do no harm here. */
function makeDryRun(...assignments: string[]) {
  return spawnSync("make", ["--no-print-directory", "-n", "figures", ...assignments], { cwd: repoRoot, env: cleanEnv({}), encoding: "utf8", timeout: 30_000 });
}

const INVALID: Array<[string, RegExp]> = [
  ["PROFILE=fast", /PROFILE="fast" is not valid; valid values: smoke, quick, long, paper/],
  ["TFJS_BACKEND=gpu", /TFJS_BACKEND="gpu" is not valid; valid values: node-gpu, node, wasm, cpu, or unset/],
  ["SOBOLEV_NATIVE=maybe", /SOBOLEV_NATIVE="maybe" is not valid; valid values: 0, 1, or unset/],
  ["SOBOLEV_GEMM=mkl", /SOBOLEV_GEMM="mkl" is not valid; valid values: openblas, onednn, or unset/],
  ["SOBOLEV_CONV=direct", /SOBOLEV_CONV="direct" is not valid; valid values: onednn, im2col, or unset/],
  ["OPENBLAS_NUM_THREADS=0", /OPENBLAS_NUM_THREADS="0" is not valid; valid values: a positive integer/],
  ["OPENBLAS_NUM_THREADS=abc", /OPENBLAS_NUM_THREADS="abc" is not valid; valid values: a positive integer/],
  ["FORCE=yes", /FORCE="yes" is not valid; valid values: 0, 1, or unset/],
  ["JOBS=0", /JOBS="0" is not valid; valid values: a positive integer, or unset for the number of cores/],
  ["JOBS=two", /JOBS="two" is not valid; valid values: a positive integer/],
];

for (const [assignment, message] of INVALID) {
  test(`make figures ${assignment} stops before any recipe with one line naming the valid values, exit 2`, () => {
    const result = makeDryRun(assignment);
    assert.equal(result.status, 2, `make exited ${result.status}\n${result.stdout}${result.stderr}`);
    assert.equal(result.stdout, "", "no recipe may be printed, let alone run");
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    assert.match(result.stderr, message);
  });
}

test("make figures with a NOTEBOOK that names no twin stops at once, and a shell never sees it", () => {
  const result = makeDryRun("NOTEBOOK=x;touch pwned");
  assert.equal(result.status, 2, `make exited ${result.status}\n${result.stdout}${result.stderr}`);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /NOTEBOOK="x;touch pwned" names no notebook \(x;touch, pwned\); valid names: 2\.2-optimization-landscape, /);
  assert.equal(existsSync(path.join(repoRoot, "pwned")), false);
});

test("make figures passes NOTEBOOK to its recipe through the environment, never as command text", () => {
  const [name] = twinNames();
  const result = makeDryRun(`NOTEBOOK=${name}`);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /buildNotebooks\.js --out dist\/notebooks \$NOTEBOOK/);
  assert.ok(!result.stdout.includes(name), `the recipe text holds the notebook name:\n${result.stdout}`);
});

test("building an unknown notebook prints one line naming the valid names, exit 2, no stack trace", () => {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist", "scripts", "buildNotebooks.js"), "--out", path.join(repoRoot, "dist", "notebooks"), "no-such-notebook"], { cwd: repoRoot, encoding: "utf8" });
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /no twin notebooks\/<name>\.ts for no-such-notebook; valid names: 2\.2-optimization-landscape, /);
});

test("make's and the runner's lists of profiles and backends are the library's", () => {
  const settings = readFileSync(path.join(repoRoot, "scripts", "settings.mk"), "utf8");
  const makeList = (name: string) => (new RegExp(`^${name} := (.*)$`, "m").exec(settings)?.[1] ?? "").trim().split(/\s+/);
  assert.deepEqual(makeList("PROFILES"), [...profiles]);
  assert.deepEqual(makeList("BACKENDS"), [...BACKEND_CHOICES]);
  const python = spawnSync("/usr/bin/python3", ["-B", "-c", "import json, notebook_settings as s; print(json.dumps([s.PROFILES, s.BACKENDS]))"], { cwd: path.join(repoRoot, "scripts"), encoding: "utf8" });
  assert.deepEqual(JSON.parse(python.stdout), [[...profiles], [...BACKEND_CHOICES]], python.stderr);
});

for (const [assignment, message] of INVALID) {
  test(`the runner refuses ${assignment} before starting a kernel, with one line and exit 2`, () => {
    const [name, value] = assignment.split("=");
    const result = spawnSync("/usr/bin/python3", ["-B", path.join(repoRoot, "scripts", "run_notebooks.py"), "no-such.ipynb"], { cwd: repoRoot, env: cleanEnv({ [name]: value }), encoding: "utf8", timeout: 30_000 });
    assert.equal(result.status, 2, `runner exited ${result.status}\n${result.stdout}${result.stderr}`);
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    assert.match(result.stderr, message);
  });
}

for (const [name, value] of [["SOBOLEV_NATIVE", "maybe"], ["SOBOLEV_GEMM", "mkl"], ["SOBOLEV_CONV", "direct"], ["OPENBLAS_NUM_THREADS", "abc"], ["OPENBLAS_NUM_THREADS", "1e1"]]) {
  test(`automatic backend selection with ${name}=${value} is an error naming it, not a silent fallback to cpu`, () => {
    const select = new URL("../lib/backend/select.js", import.meta.url).href;
    const script = `import { selectBackend } from ${JSON.stringify(select)};
try { const r = await selectBackend(); console.log("SELECTED " + r.name); } catch (e) { console.error(e.message); process.exit(3); }`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env: cleanEnv({ [name]: value }), encoding: "utf8", timeout: 60_000 });
    assert.equal(result.status, 3, `selection did not fail:\n${result.stdout}${result.stderr}`);
    assert.match(result.stderr, new RegExp(`${name}="${value}" is not`));
    assert.doesNotMatch(result.stdout, /SELECTED/);
  });
}
