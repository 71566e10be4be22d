import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseCsv } from "../plot/index.js";
import { ClaimRecord } from "./claimRecord.js";
import type { ClaimCheck, Consequence } from "./verdict.js";

/** A printed claim a = 1 that measures 2, with a correction a = 2 that checks out: verdict erratum. */
const erratum: ClaimCheck = {
  id: "misprint", source: "Thm 0", claim: "a = 1", method: "by hand", measured: 2, expected: 1, tolerance: 1e-9,
  correction: { statement: "a = 2", measured: 2, expected: 2 },
};

test("ClaimRecord.check throws when a derivation row's verdict is erratum and it has no consequence, naming the id and the allowed values", () => {
  const record = new ClaimRecord("derivation-checks", "0-test");
  assert.throws(() => record.check(erratum), {
    message: "ClaimRecord(0-test): erratum misprint needs a consequence (conclusion, statement, typo).",
  });
  assert.equal(record.checks.length, 0, "no row is added for the rejected check");
});

test("ClaimRecord.check needs no consequence where the correction is not used: the printed claim holds", () => {
  const record = new ClaimRecord("derivation-checks", "0-test");
  record.check({ ...erratum, measured: 1 });
  assert.equal(record.checks[0].verdict, "holds");
  assert.equal(record.checks[0].consequence, "");
});

test("ClaimRecord.check asks for a consequence on derivation rows only", () => {
  const record = new ClaimRecord("experiment-claims", "0-test");
  record.check({ ...erratum, seeds: 1, scale: 1 });
  assert.equal(record.checks[0].verdict, "erratum");
});

test("ClaimRecord.check refuses an experiment claim without its seeds and scale", () => {
  const record = new ClaimRecord("experiment-claims", "0-test");
  assert.throws(() => record.check({ ...erratum, id: "no-evidence" }), /no-evidence needs seeds \(a positive integer, got undefined\) and scale/);
  assert.throws(() => record.check({ ...erratum, id: "no-scale", seeds: 5 }), /no-scale needs scale/);
});

test("ClaimRecord.check rejects a consequence outside conclusion, statement, typo", () => {
  const record = new ClaimRecord("derivation-checks", "0-test");
  assert.throws(() => record.check({ ...erratum, consequence: "cosmetic" as Consequence }), /consequence "cosmetic", expected one of conclusion, statement, typo/);
});

test("ClaimRecord.save writes an erratum's consequence to the consequence column of figures/derivation-checks.csv", () => {
  const previous = process.env.FIGURES_DIR;
  const directory = mkdtempSync(path.join(tmpdir(), "claim-record-test-"));
  process.env.FIGURES_DIR = directory;
  try {
    const record = new ClaimRecord("derivation-checks", "0-test");
    record.check({ ...erratum, consequence: "statement" });
    record.check({ ...erratum, id: "printed-right", measured: 1, consequence: "typo" });
    record.save();
    const [header, ...rows] = parseCsv(readFileSync(path.join(directory, "derivation-checks.csv"), "utf8"));
    const column = header.indexOf("consequence");
    assert.ok(column >= 0, `a consequence column in ${header.join(", ")}`);
    assert.deepEqual(rows.map((row) => [row[header.indexOf("id")], row[header.indexOf("verdict")], row[column]]), [
      ["misprint", "erratum", "statement"],
      ["printed-right", "holds", ""],
    ]);
  } finally {
    if (previous === undefined) delete process.env.FIGURES_DIR;
    else process.env.FIGURES_DIR = previous;
    rmSync(directory, { recursive: true, force: true });
  }
});

test("one claim record holds every profile's rows: saving a notebook's long-profile rows keeps its quick rows, and saving again replaces only its own profile's", () => {
  const saved = { FIGURES_DIR: process.env.FIGURES_DIR, PROFILE: process.env.PROFILE };
  const directory = mkdtempSync(path.join(tmpdir(), "claim-record-profiles-"));
  process.env.FIGURES_DIR = directory;
  const saveAs = (profile: string, ids: string[]): void => {
    process.env.PROFILE = profile;
    const record = new ClaimRecord("derivation-checks", "0-test");
    for (const id of ids) record.check({ ...erratum, id, measured: 1 });
    record.save();
  };
  try {
    saveAs("quick", ["a", "b"]);
    saveAs("long", ["a"]);
    saveAs("long", ["c"]);
    const [header, ...rows] = parseCsv(readFileSync(path.join(directory, "derivation-checks.csv"), "utf8"));
    assert.deepEqual(rows.map((row) => [row[header.indexOf("id")], row[header.indexOf("profile")]]), [["a", "quick"], ["b", "quick"], ["c", "long"]]);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(directory, { recursive: true, force: true });
  }
});
