/**
 * The child process of fitKill.test.ts: runs the checkpoint test problem (lib/train/fitTestProblem.ts; mini-batches with randomState, a buffer) with the
 * file store in FIT_KILL_FOLDER (every epoch), or without checkpoints when it is empty, and writes the final
 * variables (exact, base64) and history without seconds to FIT_KILL_OUT. Each loss call sleeps FIT_KILL_PACE_MS
 * so that the parent has time to kill it mid-run. Does nothing unless FIT_KILL_CHILD is set, since `node --test
 * dist/` runs every file under test/.
 */
import { writeFileSync } from "node:fs";
import { selectBackend } from "../lib/backend/index.js";
import { withFitCheckpoints } from "../lib/train/checkpoint.js";
import { fileCheckpointStore } from "../lib/train/checkpointFile.js";
import { encodeFloat32 } from "../lib/train/exactNumbers.js";
import { fit } from "../lib/train/fit.js";
import { testProblem, withoutSeconds } from "../lib/train/fitTestProblem.js";
import type { OptimizerSchedule } from "../lib/train/schedule.js";

/** Adam (with weight decay) then PyTorch-style L-BFGS: the kills land in either phase. */
export const KILL_TEST_SCHEDULE: OptimizerSchedule = [
  { kind: "adam", learningRate: 0.05, epochs: 40, weightDecay: 0.001 },
  { kind: "lbfgs", learningRate: 0.5, epochs: 40, iterationsPerEpoch: 3, lineSearch: "none" },
];

if (process.env.FIT_KILL_CHILD) {
  await selectBackend();
  const folder = process.env.FIT_KILL_FOLDER ?? "";
  const pace = Number(process.env.FIT_KILL_PACE_MS ?? 0);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const problem = testProblem(KILL_TEST_SCHEDULE, { minibatch: true, buffer: "saved" });
  const options = {
    ...problem.options,
    loss: (epoch: number, step: number) => (Atomics.wait(sleeper, 0, 0, pace), problem.options.loss(epoch, step)),
    log: (line: string) => console.log(line),
  };
  const history = folder === "" ? fit(options) : await withFitCheckpoints(fileCheckpointStore(folder, 0), () => fit(options));
  writeFileSync(process.env.FIT_KILL_OUT!, JSON.stringify({ values: problem.values().map(encodeFloat32), history: withoutSeconds(history) }));
}
