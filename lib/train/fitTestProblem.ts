/**
 * A small regression problem for the checkpoint tests (fitResume.test.ts, test/fitKill.test.ts and its child):
 * a one-hidden-layer tanh network fitted to sin(3x) on 16 points, initialised from a seed, so that separate
 * runs and separate processes start from the same variables. Not part of the library's API.
 */
import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../numeric/random.js";
import { seededRandomState } from "./checkpoint.js";
import type { FitHistory, FitOptions } from "./fit.js";
import type { OptimizerSchedule } from "./schedule.js";

const HIDDEN = 8;
const POINTS = 16;

export interface TestProblem {
  readonly options: FitOptions;
  /** Counts loss calls, to tell a resumed fit from one that starts over. */
  readonly lossCalls: () => number;
  /** The variables' values as float32 arrays. */
  readonly values: () => Float32Array[];
  readonly dispose: () => void;
}

/** Variants of the test problem. */
export interface TestProblemOptions {
  /** Each step trains on 8 of the 16 points drawn from a SeededRandom with Gaussian noise on the targets (stepsPerEpoch 2). */
  readonly minibatch?: boolean;
  /** With minibatch: whether fit gets the generator as its randomState (default true). */
  readonly randomState?: boolean;
  /** A non-trained variable the loss updates (a running mean of the loss, as BatchNorm keeps statistics), passed as fit's buffers unless "unsaved". */
  readonly buffer?: "saved" | "unsaved";
}

/** The problem; `values()` includes the buffer, when there is one, after the variables. */
export function testProblem(schedule: OptimizerSchedule, variant: TestProblemOptions = {}): TestProblem {
  const { minibatch = false, randomState: withRandomState = true, buffer } = variant;
  const init = new SeededRandom(1);
  const variable = (shape: number[], scale: number): tf.Variable =>
    tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * init.gaussian()), shape));
  const variables = [variable([1, HIDDEN], 1), variable([HIDDEN], 0.1), variable([HIDDEN, 1], 0.5), variable([1], 0.1)];
  const [w1, b1, w2, b2] = variables;
  const xs = Array.from({ length: POINTS }, (_, i) => -1 + (2 * i) / (POINTS - 1));
  const x = tf.tensor2d(xs, [POINTS, 1]);
  const y = tf.tensor2d(xs.map((v) => Math.sin(3 * v)), [POINTS, 1]);
  const predict = (input: tf.Tensor2D): tf.Tensor2D => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(input, w1), b1)), w2), b2);
  const rng = new SeededRandom(2);
  const running = tf.variable(tf.scalar(0), false);
  const track = (value: tf.Scalar): tf.Scalar => {
    if (buffer !== undefined) running.assign(tf.add(tf.mul(running, 0.9), tf.mul(value, 0.1)));
    return value;
  };
  let calls = 0;
  const loss = (): tf.Scalar => {
    calls++;
    return tf.tidy(() => {
      if (!minibatch) return track(tf.mean(tf.square(tf.sub(predict(x), y))));
      const batch = Array.from(rng.permutation(POINTS).subarray(0, 8));
      const noise = tf.tensor2d(batch.map(() => 0.01 * rng.gaussian()), [8, 1]);
      const index = tf.tensor1d(batch, "int32");
      return track(tf.mean(tf.square(tf.sub(predict(tf.gather(x, index)), tf.add(tf.gather(y, index), noise)))));
    });
  };
  const mse = (): number[] => [tf.tidy(() => tf.mean(tf.square(tf.sub(predict(x), y))).dataSync()[0])];
  const options: FitOptions = {
    label: `checkpoint test${minibatch ? ", mini-batches" : ""}`,
    variables,
    loss,
    schedule,
    evaluate: mse,
    evaluateTraining: () => [tf.tidy(() => tf.max(tf.abs(tf.sub(predict(x), y))).dataSync()[0])],
    evaluateEvery: 2,
    ...(minibatch ? { stepsPerEpoch: 2 } : {}),
    ...(minibatch && withRandomState ? { randomState: seededRandomState(rng) } : {}),
    ...(buffer === "saved" ? { buffers: [running] } : {}),
    log: () => {},
  };
  return {
    options,
    lossCalls: () => calls,
    values: () => [...variables, ...(buffer ? [running] : [])].map((v) => Float32Array.from(v.dataSync() as Float32Array)),
    dispose: () => tf.dispose([...variables, running, x, y]),
  };
}

/** Everything in a history but the measured seconds (wall and CPU), which differ between runs by nature. */
export function withoutSeconds(history: FitHistory): Omit<FitHistory, "seconds" | "cpuSeconds"> {
  const { seconds: _seconds, cpuSeconds: _cpuSeconds, ...rest } = history;
  return rest;
}
