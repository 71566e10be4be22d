/**
 * scripts/buildNative.sh: rebuilt by REBUILD_NATIVE=1 only (FORCE=1 belongs to the runner), and safe when two
 * builds run at once. Each case builds in a scratch copy of the project (the script, native/ sources and a
 * link to node_modules), so the addon the other tests load is never touched.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_ADDON_PATH } from "../lib/backend/nativeAddon.js";
import { repoRoot } from "../lib/paths.js";

const scratch = mkdtempSync(path.join(tmpdir(), "native-build-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of what buildNative.sh reads, in a new folder under the scratch folder. */
function projectCopy(name: string): string {
  const root = path.join(scratch, name);
  mkdirSync(path.join(root, "scripts"), { recursive: true });
  cpSync(path.join(repoRoot, "scripts", "buildNative.sh"), path.join(root, "scripts", "buildNative.sh"));
  cpSync(path.join(repoRoot, "native", "binding.gyp"), path.join(root, "native", "binding.gyp"));
  cpSync(path.join(repoRoot, "native", "src"), path.join(root, "native", "src"), { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"));
  return root;
}

interface Build {
  status: number | null;
  output: string;
}

function build(root: string, env: Record<string, string>): Promise<Build> {
  return new Promise((resolve) => {
    const child = spawn("bash", [path.join(root, "scripts", "buildNative.sh")], { env: { ...process.env, REBUILD_NATIVE: "", FORCE: "", ...env } });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (status) => resolve({ status, output }));
  });
}

const addonIn = (root: string) => path.join(root, "native", "build", "Release", "sobolev_native.node");
const loads = (file: string) => spawnSync(process.execPath, ["-e", "require(process.argv[1]).info()", file]).status === 0;

// The pack is optional: where this machine could not build it, there is nothing to test.
const skip = existsSync(DEFAULT_ADDON_PATH) ? false : `the native pack is not built here (${DEFAULT_ADDON_PATH})`;

const root = projectCopy("project");

test("two native builds at once both succeed, say nothing is wrong, and leave one loadable addon", { skip, timeout: 300_000 }, async () => {
  const builds = await Promise.all([build(root, { REBUILD_NATIVE: "1" }), build(root, { REBUILD_NATIVE: "1" })]);
  for (const { status, output } of builds) {
    assert.equal(status, 0, output);
    assert.doesNotMatch(output, /WARNING/, output);
  }
  assert.ok(loads(addonIn(root)), "the addon does not load");
  assert.ok(existsSync(path.join(root, "data", "tmp", "native-build.log")), "the build log belongs in data/tmp/ of the project");
  assert.deepEqual(readdirSync(path.join(root, "data", "tmp")), ["native-build.log"], "a build folder was left behind");
});

test("FORCE=1 rebuilds no up-to-date native addon; REBUILD_NATIVE=1 does", { skip, timeout: 300_000 }, async () => {
  if (!existsSync(addonIn(root))) assert.equal((await build(root, {})).status, 0);
  const forced = await build(root, { FORCE: "1" });
  assert.equal(forced.status, 0);
  assert.equal(forced.output, "", "FORCE=1 is the runner's: the up-to-date addon must be left alone");
  const rebuilt = await build(root, { REBUILD_NATIVE: "1" });
  assert.match(rebuilt.output, /building the native kernel pack/, rebuilt.output);
  assert.ok(loads(addonIn(root)));
});
