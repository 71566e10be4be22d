/**
 * The run plans of the notebooks that have one (lib/runs/plan.ts), by notebook name: what scripts/runShard.ts
 * shards and what the assembly checks before a notebook runs in the long or paper profile.
 */
import type { Profile } from "../profile.js";
import type { RunRequest } from "../runs/plan.js";
import { fig2Runs } from "./fig2.js";
import { fig3Runs } from "./fig3.js";
import { fig7Runs } from "./fig7.js";

export const RUN_PLANS: Readonly<Record<string, (profile?: Profile) => readonly RunRequest[]>> = {
  "3.2-activations-fig2": fig2Runs as (profile?: Profile) => readonly RunRequest[],
  "3.2-architectures-fig3": fig3Runs as (profile?: Profile) => readonly RunRequest[],
  "C.2-approximated-derivatives": fig7Runs as (profile?: Profile) => readonly RunRequest[],
};
