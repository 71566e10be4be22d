/**
 * Exploration never overwrites the record: a notebook run in the smoke profile (even by `make figures`, which
 * sets COMPANION_RECORD=1) or from the browser (a kernel without the runner) writes its figures, claim records
 * and executed notebook to the scratch folder data/tmp/<profile>/, and leaves figures/, both claim records and
 * notebooks/*.ipynb byte for byte as they were. DATA_DIR points the scratch folder at a temporary directory;
 * FIGURES_DIR is unset, as for a reader.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../lib/paths.js";
import { buildNotebook, twinNames } from "../scripts/buildNotebooks.js";
import { notebook, scratchFolder } from "./notebookFixtures.js";
import { runNotebooks } from "./notebookRunner.js";

const scratch = scratchFolder("exploration-");
after(() => rmSync(scratch, { recursive: true, force: true }));
const data = path.join(scratch, "data");

/** The environment of a reader: no folder overrides, no stage, no record flag, the scratch data folder. */
function readerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["FIGURES_DIR", "COMPANION_RECORD", "COMPANION_STAGE_DIR", "COMPANION_TMP", "PROFILE"]) delete env[name];
  return { ...env, DATA_DIR: data, ...extra };
}

/** SHA-256 of every file under figures/ and of notebooks/*.ipynb, by repository-relative path. */
function recordHashes(): Map<string, string> {
  const hashes = new Map<string, string>();
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder)) {
      const file = path.join(folder, entry);
      if (statSync(file).isDirectory()) visit(file);
      else hashes.set(path.relative(repoRoot, file), createHash("sha256").update(readFileSync(file)).digest("hex"));
    }
  };
  if (existsSync(path.join(repoRoot, "figures"))) visit(path.join(repoRoot, "figures"));
  for (const entry of readdirSync(path.join(repoRoot, "notebooks")).filter((name) => name.endsWith(".ipynb"))) {
    hashes.set(`notebooks/${entry}`, createHash("sha256").update(readFileSync(path.join(repoRoot, "notebooks", entry))).digest("hex"));
  }
  return hashes;
}

function assertUnchanged(before: Map<string, string>): void {
  const after = recordHashes();
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((file) => before.get(file) !== after.get(file));
  assert.deepEqual(changed, [], "the record changed");
}

test("make figures PROFILE=smoke writes figures, records and the executed notebook to data/tmp/smoke/ and leaves the record byte-identical", () => {
  const all = twinNames();
  const name = "A-linear-model";
  const built = buildNotebook(name, all, path.join(scratch, "built"));
  const before = recordHashes();
  // As the Makefile runs it: COMPANION_RECORD=1 and no --output-dir.
  const result = spawnSync("/usr/bin/python3", ["-B", path.join(repoRoot, "scripts", "run_notebooks.py"), "--force", built], {
    cwd: repoRoot,
    env: readerEnv({ PROFILE: "smoke", COMPANION_RECORD: "1" }),
    encoding: "utf8",
    timeout: 20 * 60 * 1000,
  });
  assert.equal(result.status, 0, `${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  assertUnchanged(before);
  const smoke = path.join(data, "tmp", "smoke");
  assert.ok(existsSync(path.join(smoke, "notebooks", `${name}.ipynb`)), "no executed notebook in data/tmp/smoke/notebooks/");
  assert.ok(existsSync(path.join(smoke, "figures", "derivation-checks.csv")), "no claim record in data/tmp/smoke/figures/");
  const executed = readFileSync(path.join(smoke, "notebooks", `${name}.ipynb`), "utf8");
  assert.match(executed, /figures and claim records go to [^\n"]*tmp\/smoke\/figures\/, a scratch folder/, "the first output says where the files go");
});

test("a notebook run from the browser (a tslab kernel without the runner, default profile) writes to data/tmp/quick/ and leaves the record byte-identical", () => {
  const cells = [
    'import { startNotebook } from "../dist/lib/notebook/index.js";\nconst nb = await startNotebook("exploration-test");',
    'import { showTable } from "../dist/lib/plot/index.js";\nshowTable("exploration-test", [{ a: 1 }]);',
    'nb.derivations.check({ id: "one-is-one", source: "test", claim: "1 = 1", method: "arithmetic", measured: 1, expected: 1, tolerance: 0 });',
    "await nb.finish();",
  ];
  const file = path.join(scratch, "browser.ipynb");
  writeFileSync(file, notebook(cells));
  const before = recordHashes();
  // nbclient drives the kernel as the browser does: in notebooks/, with the reader's environment and nothing else.
  const script = [
    "import sys, nbformat",
    "from nbclient import NotebookClient",
    "nb = nbformat.read(sys.argv[1], as_version=4)",
    "NotebookClient(nb, kernel_name='tslab', timeout=600, resources={'metadata': {'path': sys.argv[2]}}).execute()",
    "nbformat.write(nb, sys.argv[1])",
  ].join("\n");
  const jupyterPath = [path.join(repoRoot, ".jupyter", "share", "jupyter"), process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  const result = spawnSync("/usr/bin/python3", ["-B", "-c", script, file, path.join(repoRoot, "notebooks")], {
    cwd: repoRoot,
    env: readerEnv({ JUPYTER_PATH: jupyterPath }),
    encoding: "utf8",
    timeout: 10 * 60 * 1000,
  });
  assert.equal(result.status, 0, `${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  assertUnchanged(before);
  const figures = path.join(data, "tmp", "quick", "figures");
  assert.ok(existsSync(path.join(figures, "exploration-test.csv")), "the table was not written to data/tmp/quick/figures/");
  assert.match(readFileSync(path.join(figures, "derivation-checks.csv"), "utf8"), /exploration-test,one-is-one/);
  assert.match(readFileSync(file, "utf8"), /figures and claim records go to [^\n"]*tmp\/quick\/figures\/, a scratch folder/);
});
