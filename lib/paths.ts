/**
 * Where the companion reads and writes: the repository root and its data/ and figures/ folders.
 *
 * The compiled library lives in dist/lib/, so the root is two levels above this file. FIGURES_DIR and
 * DATA_DIR override the folders (tests point them at temporary directories).
 *
 * figures/ is the record: only `make figures` in a recorded profile (quick, long or paper) writes it, and says so
 * with COMPANION_RECORD=1. The quick profile's figures are figures/<id>.*; the long and paper profiles' are
 * figures/<profile>/<id>.* beside them (profileFiguresDir), while the claim records of every profile share
 * figures/experiment-claims.csv and derivation-checks.csv, one row per notebook, claim and profile. Everything else, a notebook run from the browser or a smoke run, writes its
 * figures and claim records to a scratch folder, data/tmp/<profile>/figures/, so exploring never overwrites
 * the committed results (README.md, "Reading a notebook").
 */
import { fileURLToPath } from "node:url";
import path from "node:path";
import { currentProfile, type Profile } from "./profile.js";

export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The profiles whose `make figures` runs are committed as the record. */
export const recordedProfiles: readonly Profile[] = ["quick", "long", "paper"];

/** True when this process writes the record: `make figures` (COMPANION_RECORD=1) in a recorded profile. */
export function writesRecord(): boolean {
  return process.env.COMPANION_RECORD === "1" && recordedProfiles.includes(currentProfile());
}

/** data/tmp/<profile>/: where exploration writes its figures, records and executed notebooks. */
export function scratchDir(): string {
  return path.join(dataDir(), "tmp", currentProfile());
}

/** figures/ when writing the record, else the scratch folder's figures/; FIGURES_DIR wins over both. */
export function figuresDir(): string {
  return process.env.FIGURES_DIR ?? (writesRecord() ? path.join(repoRoot, "figures") : path.join(scratchDir(), "figures"));
}

/**
 * Where a figure or table of this run goes: figuresDir(), or its <profile>/ subfolder when writing the record of
 * the long or paper profile (module comment). Claim records stay in figuresDir().
 */
export function profileFiguresDir(): string {
  const profile = currentProfile();
  return writesRecord() && profile !== "quick" ? path.join(figuresDir(), profile) : figuresDir();
}

/** data/: datasets the user provides and the run cache (data/cache/). */
export function dataDir(): string {
  return process.env.DATA_DIR ?? path.join(repoRoot, "data");
}
