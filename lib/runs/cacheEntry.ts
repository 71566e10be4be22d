/**
 * Reading one cache entry, and refusing it unless it is the record the request asked for.
 *
 * A cache entry is trusted only after checking what it says about itself: the stored experiment, key and
 * config must equal the request's (a record copied or renamed under another key, say an lr = 100 run under the
 * key of an lr = 9 request, would otherwise be served as a hit), and every field must have its type (`null`,
 * `{}` or a record whose results are null are not runs). An entry that cannot be read (truncated JSON, a
 * directory in its place) is refused the same way. A refused entry is moved aside to
 * data/cache/quarantine/<experiment>/, for a person to look at, and the run is computed again: one bad file
 * must not break every rerun until someone finds it.
 */
import { lstatSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { isProfile } from "../profile.js";
import { canonicalJson } from "./canonicalJson.js";

/** What the request expects the entry to say about itself; a null libraryVersion accepts any (records.ts). */
export interface ExpectedEntry {
  experiment: string;
  key: string;
  config: object;
  libraryVersion: string | null;
}

/** The entry's record (its type unchecked beyond the fields below), why it was refused, or that there is none. */
export type EntryReading = { status: "record"; record: unknown } | { status: "refused"; problem: string } | { status: "missing" };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The first field of `value` that a RunRecord cannot have, in words; undefined when all fields are fine. */
export function recordSchemaProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `holds ${value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`}, not a run record`;
  const expectations: Array<[string, (field: unknown) => boolean, string]> = [
    ["experiment", (v) => typeof v === "string", "a string"],
    ["key", (v) => typeof v === "string", "a string"],
    ["runId", (v) => typeof v === "string", "a string"],
    ["config", isObject, "an object"],
    ["seed", (v) => v === null || typeof v === "number", "a number or null"],
    ["profile", (v) => typeof v === "string" && isProfile(v), "smoke, quick, long or paper"],
    ["backend", (v) => isObject(v) && typeof v.name === "string", "a backend report"],
    ["libraryVersion", (v) => typeof v === "string", "a string"],
    ["gitCommit", (v) => typeof v === "string", "a string"],
    ["cpuModel", (v) => v === undefined || typeof v === "string", "a string, or absent in older records"],
    ["startedAt", (v) => typeof v === "string", "a string"],
    ["wallTimeSeconds", (v) => typeof v === "number" && Number.isFinite(v) && v >= 0, "a number of seconds"],
    ["results", (v) => v !== null && v !== undefined, "the run's results"],
  ];
  for (const [field, valid, expected] of expectations) {
    if (!valid(value[field])) return `has ${field} = ${JSON.stringify(value[field]) ?? "undefined"}, expected ${expected}`;
  }
  return undefined;
}

/** Why a well-formed record does not answer the request, or undefined when it does. */
function identityProblem(record: Record<string, unknown>, expected: ExpectedEntry): string | undefined {
  if (record.experiment !== expected.experiment) return `belongs to experiment "${record.experiment}", not "${expected.experiment}"`;
  const stored = canonicalJson(record.config);
  const requested = canonicalJson(expected.config);
  if (stored !== requested) return `holds config ${stored}, but the request is ${requested}`;
  if (record.key !== expected.key) return `holds the record of key ${record.key}, not of its own name's key ${expected.key}`;
  if (expected.libraryVersion !== null && record.libraryVersion !== expected.libraryVersion) return `was computed by library ${record.libraryVersion}, not ${expected.libraryVersion}`;
  return undefined;
}

/** Reads and checks the entry at `file`. Never throws for a bad entry: it says why it refused it. */
export function readCacheEntry(file: string, expected: ExpectedEntry): EntryReading {
  let text: string;
  try {
    const stats = lstatSync(file);
    if (!stats.isFile()) return { status: "refused", problem: `is ${stats.isDirectory() ? "a directory" : "not a plain file"}` };
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { status: "missing" };
    return { status: "refused", problem: `cannot be read (${code ?? String(error)})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { status: "refused", problem: `is not valid JSON (${(error as Error).message}; truncated or overwritten?)` };
  }
  const problem = recordSchemaProblem(value) ?? identityProblem(value as Record<string, unknown>, expected);
  return problem === undefined ? { status: "record", record: value } : { status: "refused", problem };
}

/**
 * Moves a refused entry to <cacheRoot>/quarantine/<experiment>/<name>.<time>-<pid> and returns that path, or
 * undefined when the entry is already gone (another process moved it first).
 */
export function quarantineEntry(file: string, cacheRoot: string, experiment: string): string | undefined {
  const folder = path.join(cacheRoot, QUARANTINE, experiment);
  const target = path.join(folder, `${path.basename(file)}.${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}`);
  mkdirSync(folder, { recursive: true });
  try {
    renameSync(file, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return target;
}

/** The folder of data/cache/ that holds refused entries; no experiment may take its name. */
export const QUARANTINE = "quarantine";
