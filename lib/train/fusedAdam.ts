/**
 * tfjs's Adam with each variable's update as one kernel (lib/backend/fusedAdam.ts) where the backend has it
 * (WASM), and tfjs's own update elsewhere: the same arithmetic, bit for bit, so a run's numbers do not depend on
 * which path took the step. The moments and β accumulators are tfjs's own fields (adamState.ts), so checkpoints
 * read and restore this optimiser as they do tfjs's.
 */
import * as tf from "@tensorflow/tfjs";
import { FUSED_ADAM, type FusedAdamAttrs } from "../backend/fusedAdam.js";
import { adamInternals } from "./adamState.js";

/** tfjs's Adam (β₁ 0.9, β₂ 0.999, ε the backend's float epsilon unless given) with a fused update. */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  constructor(learningRate: number, epsilon?: number) {
    super(learningRate, 0.9, 0.999, epsilon);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer["applyGradients"]>[0]): void {
    if (tf.getKernel(FUSED_ADAM, tf.getBackend()) === undefined) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = adamInternals(this);
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const attrs: FusedAdamAttrs = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        // Created on the first step, named and untrainable as tfjs's own (adam_optimizer.js, lines 64-75).
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i].variable;
        const v = state.accumulatedSecondMoment[i].variable;
        const inputs = { value, gradient, m, v, accBeta1: state.accBeta1, accBeta2: state.accBeta2 };
        const [newValue, newM, newV] = tf.engine().runKernel(FUSED_ADAM, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
