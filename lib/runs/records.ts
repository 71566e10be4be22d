/**
 * Records that travel: the runs of the `long` and `paper` profiles, kept in data/records/<profile>/<experiment>/
 * <key>.json and committed, so that they accumulate across machines and shards (README.md, "Paper scale") and a
 * clone assembles the notebooks from them at once. Unlike the local cache (cache.ts), a record's key is the
 * experiment and its config alone: a record stays valid when the library changes, and says which library, commit,
 * backend and threads computed it (provenance instead of invalidation). A record is written once, atomically,
 * when its run completes; one that cannot be read, does not answer its request, or counts as training time a
 * pause or time it waited for a core (interruptions.ts) stops the run with its path and the problem, since it is
 * part of the record and must not be moved aside silently.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { dataDir } from "../paths.js";
import { currentProfile, type Profile } from "../profile.js";
import { DEFAULT_CHECKPOINT_SECONDS } from "../train/checkpoint.js";
import { readCacheEntry } from "./cacheEntry.js";
import { canonicalJson } from "./canonicalJson.js";
import { untimelyTraining } from "./interruptions.js";
import type { RunRequest } from "./plan.js";

/** The profiles whose runs are records (the others use the local cache). */
export const RECORD_PROFILES: readonly Profile[] = ["long", "paper"];

export function usesRecords(profile: Profile = currentProfile()): boolean {
  return RECORD_PROFILES.includes(profile);
}

/** The key of a record: sha256 of the canonical JSON of (experiment, config), 24 hex digits. */
export function recordKey(experiment: string, config: object): string {
  return createHash("sha256").update(canonicalJson({ experiment, config })).digest("hex").slice(0, 24);
}

/** data/records/<profile>/ (DATA_DIR moves it, for tests). */
export function recordsDir(profile: Profile = currentProfile()): string {
  return path.join(dataDir(), "records", profile);
}

export function recordPath(experiment: string, key: string, profile: Profile = currentProfile()): string {
  return path.join(recordsDir(profile), experiment, `${key}.json`);
}

/**
 * The stored record of this request, or undefined when there is none.
 * @throws Error naming the file and the problem when a record is there but unreadable or not this request's
 */
export function readRecord(experiment: string, config: object, profile: Profile = currentProfile()): unknown {
  const key = recordKey(experiment, config);
  const file = recordPath(experiment, key, profile);
  const reading = readCacheEntry(file, { experiment, key, config, libraryVersion: null });
  if (reading.status === "missing") return undefined;
  if (reading.status === "refused") throw new Error(`The run record ${file} ${reading.problem}. It is part of the committed record: restore it (git checkout -- ${file}) or delete it to compute the run again.`);
  const problem = untimelyTraining((reading.record as { results?: unknown }).results, { starvation: true });
  if (problem !== undefined) {
    throw new Error(
      `The run record ${file} counts time its training did not use (${problem}), ` +
        `so its seconds, and every time to a threshold read from them, are wrong. Delete it (git rm ${file}) and compute the run again with ` +
        `\`make figures PROFILE=${profile} SHARD=1/1\`, one shard per core and nothing else heavy on the machine (README.md, "Paper scale").`,
    );
  }
  return reading.record;
}

/**
 * data/checkpoints/<profile>/<experiment>/<key>/: where a record's run keeps its fit checkpoints while it runs
 * (lib/train/checkpoint.ts), so a killed shard continues where it stopped; removed once the record is written.
 * Not committed.
 */
export function checkpointDir(experiment: string, key: string, profile: Profile = currentProfile()): string {
  return path.join(dataDir(), "checkpoints", profile, experiment, key);
}

/**
 * Seconds between two checkpoints of a running fit: CHECKPOINT_SECONDS (a non-negative number) or 600.
 * @throws Error naming the value and the fix when it is not a number ≥ 0
 */
export function checkpointSeconds(value = process.env.CHECKPOINT_SECONDS): number {
  const v = value?.trim() ?? "";
  if (v === "") return DEFAULT_CHECKPOINT_SECONDS;
  const n = /^[0-9]+(\.[0-9]+)?$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new Error(`CHECKPOINT_SECONDS="${value}" is not valid; set it to the seconds between checkpoints of a running fit (a number >= 0), or unset it for ${DEFAULT_CHECKPOINT_SECONDS}`);
  return n;
}

/** The requests whose record is missing in `profile`. */
export function missingRuns(requests: readonly RunRequest[], profile: Profile): RunRequest[] {
  return requests.filter((r) => !existsSync(recordPath(r.experiment, recordKey(r.experiment, r.config), profile)));
}
