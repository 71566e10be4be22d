/**
 * The optimiser of one phase of fit's schedule (schedule.ts), with its state between epochs as a
 * JSON-serialisable snapshot for checkpoints (checkpoint.ts): tfjs Adam's moments (adamState.ts), nothing for
 * SGD (it keeps no state), our L-BFGS optimisers' curvature pairs and step state (lbfgsTf.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { adamSnapshot, restoreAdam, type AdamSnapshot } from "./adamState.js";
import { FusedAdamOptimizer } from "./fusedAdam.js";
import { LbfgsOptimizer, TorchLbfgsOptimizer, type LbfgsOptimizerSnapshot, type TorchLbfgsOptimizerSnapshot } from "./lbfgsTf.js";
import type { OptimizerPhase } from "./schedule.js";

export type PhaseOptimizerSnapshot =
  | { readonly kind: "adam"; readonly state: AdamSnapshot }
  | { readonly kind: "sgd" }
  | { readonly kind: "lbfgs-strong-wolfe"; readonly state: LbfgsOptimizerSnapshot }
  | { readonly kind: "lbfgs-none"; readonly state: TorchLbfgsOptimizerSnapshot };

export interface PhaseOptimizer {
  /** The tfjs optimiser of an Adam or SGD phase; null for L-BFGS. */
  readonly tfOptimizer: tf.Optimizer | null;
  /** One epoch of an L-BFGS phase, returning its loss; null for Adam and SGD. */
  readonly lbfgsEpoch: ((variables: tf.Variable[], loss: () => tf.Scalar) => number) | null;
  snapshot(): PhaseOptimizerSnapshot;
  /** Puts a snapshot of the same kind into this fresh optimiser; `variables` as given to fit. */
  restore(snapshot: PhaseOptimizerSnapshot, variables: readonly tf.Variable[]): void;
  dispose(): void;
}

const wrongKind = (expected: string, got: string): Error =>
  new Error(`restore: the checkpoint holds the state of a ${got} optimiser where the schedule has ${expected}; the checkpoint belongs to another schedule: delete it`);

/**
 * The optimiser of `phase`. L-BFGS: one optimiser per phase, whose curvature pairs persist from epoch to epoch,
 * as PyTorch's LBFGS keeps them between steps. "strong-wolfe": `iterationsPerEpoch` line-searched iterations per
 * epoch, the value at the best point; "none": one PyTorch step(closure) of at most `iterationsPerEpoch`
 * fixed-step iterations, the value at its start (PyTorch's return).
 */
export function phaseOptimizer(phase: OptimizerPhase): PhaseOptimizer {
  if (phase.kind === "adam" || phase.kind === "sgd") {
    const optimizer = phase.kind === "adam" ? new FusedAdamOptimizer(phase.learningRate, phase.epsilon) : tf.train.sgd(phase.learningRate);
    return {
      tfOptimizer: optimizer,
      lbfgsEpoch: null,
      // By the phase's kind, not instanceof: tfjs's Optimizer[Symbol.hasInstance] calls any object with minimize an AdamOptimizer.
      snapshot: () => (phase.kind === "adam" ? { kind: "adam", state: adamSnapshot(optimizer as tf.AdamOptimizer) } : { kind: "sgd" }),
      restore(snapshot, variables) {
        if (snapshot.kind !== phase.kind) throw wrongKind(phase.kind, snapshot.kind);
        if (snapshot.kind === "adam") restoreAdam(optimizer as tf.AdamOptimizer, snapshot.state, variables);
      },
      dispose: () => optimizer.dispose(),
    };
  }
  const iterations = phase.iterationsPerEpoch ?? 1;
  if (phase.lineSearch === "none") {
    const torch = new TorchLbfgsOptimizer({ learningRate: phase.learningRate, maxIterations: iterations, historySize: phase.historySize });
    return {
      tfOptimizer: null,
      lbfgsEpoch: (variables, loss) => torch.step(variables, loss).value,
      snapshot: () => ({ kind: "lbfgs-none", state: torch.snapshot() }),
      restore(snapshot) {
        if (snapshot.kind !== "lbfgs-none") throw wrongKind("lbfgs-none", snapshot.kind);
        torch.restore(snapshot.state);
      },
      dispose: () => {},
    };
  }
  const searched = new LbfgsOptimizer({ learningRate: phase.learningRate, historySize: phase.historySize });
  return {
    tfOptimizer: null,
    lbfgsEpoch: (variables, loss) => searched.step(variables, loss, iterations).value,
    snapshot: () => ({ kind: "lbfgs-strong-wolfe", state: searched.snapshot() }),
    restore(snapshot) {
      if (snapshot.kind !== "lbfgs-strong-wolfe") throw wrongKind("lbfgs-strong-wolfe", snapshot.kind);
      searched.restore(snapshot.state);
    },
    dispose: () => {},
  };
}
