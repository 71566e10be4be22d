/**
 * Cached experiment runs (DESIGN.md, "Conventions"). An experiment is a typed config; its results are stored
 * in data/cache/<experiment>/<key>.json, where the key hashes the config, the library version, the backend and
 * the source of the compute function. A rerun with nothing changed reads the record instead of computing. Records are written
 * atomically and only for results free of NaN/Inf, so the cache never holds a half-written or diverged run; a record
 * is read back only when it is the one the request asked for (cacheEntry.ts): anything else is reported with its
 * path, moved to data/cache/quarantine/ and computed again.
 *
 * In the long and paper profiles a run is a committed record instead (records.ts): keyed by experiment and config
 * only, read whatever library computed it, and written to data/records/<profile>/ when it completes.
 */
import { createHash } from "node:crypto";
import { appendFileSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { customAlphabet } from "nanoid";
import { DENSE_JET } from "../backend/denseJet.js";
import { SILU } from "../backend/silu.js";
import { selectBackend, type BackendReport } from "../backend/index.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { withFitCheckpoints } from "../train/checkpoint.js";
import { fileCheckpointStore } from "../train/checkpointFile.js";
import { dataDir } from "../paths.js";
import { currentProfile, type Profile } from "../profile.js";
import { QUARANTINE, quarantineEntry, readCacheEntry } from "./cacheEntry.js";
import { canonicalJson, firstNonFinite } from "./canonicalJson.js";
import { gitCommit, libraryVersion } from "./provenance.js";
import { untimelyTraining, UntimelyTrainingError } from "./interruptions.js";
import { checkpointDir, checkpointSeconds, readRecord, recordKey, recordPath, usesRecords } from "./records.js";

export interface RunRecord<Config, Results> {
  experiment: string;
  key: string;
  runId: string;
  config: Config;
  seed: number | null;
  profile: Profile;
  backend: BackendReport;
  libraryVersion: string;
  gitCommit: string;
  /**
   * The processor, as the operating system names it (os.cpus()[0].model): float32 training reproduces bit for bit on
   * one processor model, not across them (OpenBLAS and libmvec pick their code by processor). Absent from records
   * made before 2026-12-04.
   */
  cpuModel?: string;
  startedAt: string;
  wallTimeSeconds: number;
  results: Results;
}

export interface CachedRun<Config, Results> {
  record: RunRecord<Config, Results>;
  /** True when the record was read from the cache rather than computed now. */
  fromCache: boolean;
}

/** Run ids: short, URL-safe, no look-alike characters. */
const newRunId = customAlphabet("23456789abcdefghjkmnpqrstuvwxyz", 10);

const EXPERIMENT_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * The cache key of a run: sha256 of the canonical JSON of (experiment, config, library version, backend, and the
 * source text of the compute function, so that editing the code a notebook passes in also invalidates the run).
 */
export function cacheKey(experiment: string, config: object, backendName: string, computeSource = ""): string {
  const code = createHash("sha256").update(computeSource).digest("hex");
  const text = canonicalJson({ experiment, config, libraryVersion: libraryVersion(), backend: backendName, code });
  return createHash("sha256").update(text).digest("hex").slice(0, 24);
}

function cacheRoot(): string {
  return path.join(dataDir(), "cache");
}

function cachePath(experiment: string, key: string): string {
  return path.join(cacheRoot(), experiment, `${key}.json`);
}

/** The record cached for this request, or undefined; a refused entry is reported, moved aside and treated as absent. */
function cachedRecord<Config, Results>(experiment: string, key: string, config: Config & object): RunRecord<Config, Results> | undefined {
  const file = cachePath(experiment, key);
  const reading = readCacheEntry(file, { experiment, key, config, libraryVersion: libraryVersion() });
  if (reading.status === "record") return reading.record as RunRecord<Config, Results>;
  if (reading.status === "missing") return undefined;
  let movedTo: string | undefined;
  try {
    movedTo = quarantineEntry(file, cacheRoot(), experiment);
  } catch (error) {
    throw new Error(`cachedRun: the cache entry ${file} ${reading.problem}, and it could not be moved aside (${(error as Error).message}); remove it and rerun.`);
  }
  console.warn(`cachedRun: ignored the cache entry ${file}: it ${reading.problem}; ${movedTo ? `moved it to ${movedTo}` : "another process moved it"} and computing the run again.`);
  return undefined;
}

/**
 * One line, "read" or "computed", per run asked for, appended to COMPANION_RUN_TALLY when the notebook runner sets it
 * (scripts/run_folder.py): from it the runner tells a compute time from an execution that read its runs from the cache.
 */
function tallyRun(outcome: "read" | "computed"): void {
  const tally = process.env.COMPANION_RUN_TALLY;
  if (tally) appendFileSync(tally, `${outcome}\n`);
}

/**
 * The backend as the cache key sees it: "wasm", "wasm+native/1t", "wasm+native-onednn/1t", "wasm+native-dnnlconv/1t",
 * "wasm+native-onednn-dnnlconv-densejet-silu/2t". The native kernel pack, the library of its products (OpenBLAS or
 * oneDNN), the engine of its convolutions (oneDNN's primitives or im2col), whether it has the fused dense layer and the
 * fused SiLU (a pack built before them, kept after a failed rebuild, has not: lib/backend/denseJet.ts, silu.ts) and its
 * threads change results at rounding
 * level, so runs that differ in any of them are kept apart in the cache; a record says which it used.
 */
export function backendKeyPart(backend: BackendReport): string {
  const native = backend.native;
  if (!native.active) return backend.name;
  const options = [native.gemm === "onednn" ? "-onednn" : "", native.conv === "onednn" ? "-dnnlconv" : "", native.kernels.includes(DENSE_JET) ? "-densejet" : "",
    native.kernels.includes(SILU) ? "-silu" : ""];
  return `${backend.name}+native${options.join("")}/${native.threads}t`;
}

/**
 * Returns the cached record of `experiment` under `config`, or computes it with `compute` and caches it.
 * `config.seed`, when present, is copied into the record. Throws, caching nothing, when `compute` throws, when
 * its results hold a NaN or an infinity, or when a training history's seconds hold a pause (or, for a record,
 * time its process waited for a core: interruptions.ts).
 */
export async function cachedRun<Config extends object, Results>(
  experiment: string,
  config: Config,
  compute: (config: Config) => Results | Promise<Results>,
): Promise<CachedRun<Config, Results>> {
  if (!EXPERIMENT_NAME.test(experiment) || experiment === QUARANTINE) {
    throw new Error(`cachedRun: experiment name must match ${EXPERIMENT_NAME} and not be "${QUARANTINE}" (it names a folder), got "${experiment}".`);
  }
  const backend = await selectBackend();
  const recorded = usesRecords();
  const key = recorded ? recordKey(experiment, config) : cacheKey(experiment, config, backendKeyPart(backend), compute.toString());
  const cached = recorded ? (readRecord(experiment, config) as RunRecord<Config, Results> | undefined) : cachedRecord<Config, Results>(experiment, key, config);
  tallyRun(cached !== undefined ? "read" : "computed");
  if (cached !== undefined) return { record: cached, fromCache: true };
  const startedAt = new Date();
  const started = performance.now();
  // A record's run checkpoints its fits, so a killed shard resumes where it stopped (bit for bit, lib/train/fit.ts).
  const checkpoints = recorded ? checkpointDir(experiment, key) : undefined;
  const results = checkpoints === undefined ? await compute(config) : await withFitCheckpoints(fileCheckpointStore(checkpoints, checkpointSeconds()), () => compute(config));
  const wallTimeSeconds = (performance.now() - started) / 1000;
  const nonFinite = firstNonFinite(results);
  if (nonFinite) {
    throw new Error(
      `Run "${experiment}" (key ${key}) diverged: ${nonFinite}. Nothing was cached. ` +
        `Lower the learning rate or check the config: ${canonicalJson(config)}`,
    );
  }
  // A record is read for years, so it must also have had its core; a local cache entry only must not hold a pause
  // (a one-thread notebook of `make figures JOBS=2` shares its core at times, and is recomputed when it matters).
  const untimely = untimelyTraining(results, { starvation: recorded });
  if (untimely !== undefined) {
    // Its checkpoints hold the lost time too: resuming from them would record it again.
    if (checkpoints !== undefined) rmSync(checkpoints, { recursive: true, force: true });
    throw new UntimelyTrainingError(
      `Run "${experiment}" (key ${key}) counted time its training did not use (${untimely}). ` +
        `Nothing was ${recorded ? "recorded" : "cached"}, since its training seconds would be wrong; run it again ${recorded ? "one shard per core, with nothing else heavy on the machine" : "where it is not paused"}.`,
    );
  }
  const seed = (config as { seed?: unknown }).seed;
  const record: RunRecord<Config, Results> = {
    experiment,
    key,
    runId: newRunId(),
    config,
    seed: typeof seed === "number" ? seed : null,
    profile: currentProfile(),
    backend,
    libraryVersion: libraryVersion(),
    gitCommit: gitCommit(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    startedAt: startedAt.toISOString(),
    wallTimeSeconds,
    results,
  };
  writeFileAtomic(recorded ? recordPath(experiment, key) : cachePath(experiment, key), `${JSON.stringify(record, null, 1)}\n`);
  if (checkpoints !== undefined) rmSync(checkpoints, { recursive: true, force: true });
  return { record, fromCache: false };
}
