/**
 * The DDPM variance schedule of Ho, Jain & Abbeel [1] (the paper's [50], Section 3.4: "1,000 diffusion
 * timesteps during training"): β_t linear from β_start = 1e-4 to β_end = 0.02 over T = 1000 steps [1,
 * Sec. 4], α_t = 1 − β_t and ᾱ_t = Π_{s ≤ t} α_s, so that q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) [1, eq. (4)].
 *
 * Indexing: 0-based. Step t = 0..T−1 of this module is step t + 1 of [1] (whose steps run 1..T), so
 * betas[0] = β_start, betas[T − 1] = β_end and alphaBars[t] = Π_{s=0..t} (1 − betas[s]). The linear
 * spacing is that of numpy.linspace(β_start, β_end, T), as in [1]'s reference code [2]. Everything is
 * float64; callers round to float32 only where a coefficient enters a tensor.
 *
 * References
 * [1] J. Ho, A. Jain, P. Abbeel, "Denoising diffusion probabilistic models", NeurIPS 2020.
 * [2] hojonathanho/diffusion, diffusion_tf/diffusion_utils_2.py, get_beta_schedule("linear").
 */

/** A variance schedule: β_t, α_t = 1 − β_t and ᾱ_t = Π_{s ≤ t} α_s for t = 0..steps−1 (float64). */
export interface BetaSchedule {
  readonly betas: Float64Array;
  readonly alphas: Float64Array;
  readonly alphaBars: Float64Array;
  readonly steps: number;
}

/**
 * The linear schedule of [1]: β_t = β_start + (β_end − β_start) t / (T − 1), t = 0..T−1.
 * @param steps - T, an integer ≥ 2 (default 1000)
 * @param betaStart - β_0 (default 1e-4); @param betaEnd - β_{T−1} (default 0.02); 0 < β_start ≤ β_end < 1
 * @returns the betas, alphas and cumulative products alphaBars, each of length T
 * @throws Error naming the bad argument
 */
export function linearBetaSchedule(steps = 1000, betaStart = 1e-4, betaEnd = 0.02): BetaSchedule {
  const caller = "linearBetaSchedule";
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`${caller}: steps must be an integer >= 2, got ${steps}`);
  if (!(betaStart > 0) || !Number.isFinite(betaStart)) throw new Error(`${caller}: betaStart must be a positive finite number, got ${betaStart}`);
  if (!(betaEnd >= betaStart) || !(betaEnd < 1)) throw new Error(`${caller}: betaEnd must satisfy betaStart = ${betaStart} <= betaEnd < 1, got ${betaEnd}`);
  const betas = new Float64Array(steps);
  const alphas = new Float64Array(steps);
  const alphaBars = new Float64Array(steps);
  let product = 1;
  for (let t = 0; t < steps; t++) {
    betas[t] = betaStart + ((betaEnd - betaStart) * t) / (steps - 1);
    alphas[t] = 1 - betas[t];
    product *= alphas[t];
    alphaBars[t] = product;
  }
  return { betas, alphas, alphaBars, steps };
}

/** Throws unless `schedule` looks like a BetaSchedule (alphaBars of length steps, values in (0, 1]). */
export function checkSchedule(caller: string, schedule: BetaSchedule): void {
  const ok = schedule !== null && typeof schedule === "object" && Number.isInteger(schedule.steps) && schedule.alphaBars instanceof Float64Array && schedule.alphaBars.length === schedule.steps;
  if (!ok) throw new Error(`${caller}: schedule must be a BetaSchedule (e.g. linearBetaSchedule()), got ${schedule === null || typeof schedule !== "object" ? String(schedule) : `an object with steps = ${String(schedule.steps)}`}`);
}
