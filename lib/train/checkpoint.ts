/**
 * Checkpoints of training runs (the issue on paper-scale runs: a run saves its state at least every 10 minutes,
 * and a killed run continues from its last checkpoint to a result bit-identical to an uninterrupted run).
 *
 * The runs layer (lib/runs/) decides where a run's checkpoints live and wraps the run's compute in
 * `withFitCheckpoints(store, compute)`; every `fit` called inside it (fit.ts) takes the next fit index 0, 1, 2, …
 * and loads and saves its `FitSnapshot` under that index. Indices rather than labels, because a compute may
 * call fit several times with one label; a snapshot still records its label and schedule, and fit refuses one
 * written by a different call. The active store is kept in an AsyncLocalStorage, so that it follows the
 * compute through its awaits and is gone when it returns or throws, whatever else runs meanwhile.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { SeededRandom, SeededRandomState } from "../numeric/random.js";
import type { OptimizerSchedule } from "./schedule.js";
import type { PhaseOptimizerSnapshot } from "./phaseOptimizer.js";

/** The "at least every 10 minutes". */
export const DEFAULT_CHECKPOINT_SECONDS = 600;

/** A FitHistory with its floats exact (base64 float64, exactNumbers.ts); `epochs` and the seconds are plain JSON numbers. */
export interface FitHistorySnapshot {
  readonly epochs: number[];
  readonly seconds: number[];
  readonly cpuSeconds?: number[];
  readonly testError: string[];
  readonly trainLoss: string;
  readonly trainingError?: string[];
}

/** One variable's shape and exact float32 values (base64). */
export interface VariableSnapshot {
  readonly shape: number[];
  readonly values: string;
}

/** The state of one fit call at the end of an epoch, JSON-serialisable and exact. */
export interface FitSnapshot {
  readonly format: 1;
  /** fit's label and schedule, so that a snapshot is never taken up by another fit call. */
  readonly label: string;
  readonly schedule: OptimizerSchedule;
  readonly stepsPerEpoch: number;
  /** Epochs finished (0 ≤ epoch ≤ the schedule's total). */
  readonly epoch: number;
  readonly trainingSeconds: number;
  /** Absent in snapshots written before CPU time was measured: a fit resumed from one records no cpuSeconds. */
  readonly trainingCpuSeconds?: number;
  readonly history: FitHistorySnapshot;
  readonly variables: VariableSnapshot[];
  /** FitOptions.buffers (non-trained variables such as BatchNorm statistics), when the fit has them. */
  readonly buffers?: VariableSnapshot[];
  /** The optimiser of the phase `phase` (0-based) the epoch belongs to; null when the fit is completed. */
  readonly optimizer: { readonly phase: number; readonly state: PhaseOptimizerSnapshot } | null;
  /** FitOptions.randomState.save() at that moment, when the fit has one (wrapped, so that an undefined state is kept). */
  readonly random?: { readonly state: unknown };
  /** True when the fit finished: a rerun takes the variables and history and trains nothing. */
  readonly completed: boolean;
}

/** Where one run's fit snapshots are kept; `intervalSeconds` is the wall-clock time between partial saves (0: every epoch). */
export interface FitCheckpointStore {
  load(fitIndex: number): FitSnapshot | undefined;
  save(fitIndex: number, snapshot: FitSnapshot): void;
  readonly intervalSeconds: number;
}

interface ActiveCheckpoints {
  readonly store: FitCheckpointStore;
  next: number;
}

const active = new AsyncLocalStorage<ActiveCheckpoints | undefined>();

/**
 * Runs `compute` with `store` active: the fit calls inside it, synchronous or after awaits, checkpoint into
 * `store` under indices 0, 1, 2, … in call order. `store` undefined runs without checkpoints (also inside an
 * outer withFitCheckpoints). The previous store is active again once compute returns or throws.
 */
export async function withFitCheckpoints<T>(store: FitCheckpointStore | undefined, compute: () => Promise<T> | T): Promise<T> {
  if (store !== undefined && !(store.intervalSeconds >= 0)) {
    throw new Error(`withFitCheckpoints: intervalSeconds must be a non-negative number of seconds (Infinity: only the completed fit), got ${store.intervalSeconds}`);
  }
  return active.run(store === undefined ? undefined : { store, next: 0 }, async () => await compute());
}

/** The store active here, if any (no side effect). */
export function activeFitCheckpoints(): FitCheckpointStore | undefined {
  return active.getStore()?.store;
}

/** For fit: the active store and the index this fit call takes (the next one), or undefined without a store. */
export function claimFitCheckpoint(): { store: FitCheckpointStore; index: number } | undefined {
  const current = active.getStore();
  if (current === undefined) return undefined;
  return { store: current.store, index: current.next++ };
}

/** FitOptions.randomState for losses drawing from SeededRandom generators: saves and restores all their positions. */
export function seededRandomState(...generators: SeededRandom[]): { save(): SeededRandomState[]; restore(state: unknown): void } {
  return {
    save: () => generators.map((g) => g.state()),
    restore(state: unknown): void {
      if (!Array.isArray(state) || state.length !== generators.length) {
        throw new Error(`seededRandomState: the checkpoint holds ${Array.isArray(state) ? state.length : "no"} generator states for ${generators.length} generators; the experiment changed: delete the run's checkpoints`);
      }
      generators.forEach((g, i) => g.setState(state[i] as SeededRandomState));
    },
  };
}
