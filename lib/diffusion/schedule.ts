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
 * The sigmoid schedule [3, Fig. 8] is the one the authors' Fig. 5 code inherits as its library's default
 * (lucidrains/denoising-diffusion-pytorch v2.1.1, `beta_schedule = 'sigmoid'`, start −3, end 3, τ 1 [4]).
 *
 * References
 * [1] J. Ho, A. Jain, P. Abbeel, "Denoising diffusion probabilistic models", NeurIPS 2020.
 * [2] hojonathanho/diffusion, diffusion_tf/diffusion_utils_2.py, get_beta_schedule("linear").
 * [3] A. Jabri, D. Fleet, T. Chen, "Scalable adaptive computation for iterative generation", arXiv:2212.11972.
 * [4] lucidrains/denoising-diffusion-pytorch@1d9d8df, denoising_diffusion_pytorch.py:463-476.
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

/** The schedule whose cumulative products are alphaBars (betas clipped to at most maxBeta, as [4] does). */
function fromAlphaBars(alphaBars: Float64Array, maxBeta: number): BetaSchedule {
  const steps = alphaBars.length;
  const betas = new Float64Array(steps);
  const alphas = new Float64Array(steps);
  const products = new Float64Array(steps);
  let previous = 1;
  let product = 1;
  for (let t = 0; t < steps; t++) {
    betas[t] = Math.min(Math.max(1 - alphaBars[t] / previous, 0), maxBeta);
    alphas[t] = 1 - betas[t];
    product *= alphas[t];
    products[t] = product;
    previous = alphaBars[t];
  }
  return { betas, alphas, alphaBars: products, steps };
}

/**
 * The sigmoid schedule of [3], as [4] computes it: with σ the logistic function and s_t = t/T for t = 0..T,
 *   ᾱ(s) = (σ(end/τ) − σ((s (end − start) + start)/τ)) / (σ(end/τ) − σ(start/τ)),
 * normalised so that ᾱ(0) = 1; β_t = 1 − ᾱ(s_{t+1})/ᾱ(s_t), clipped to [0, 0.999] (the last step, where ᾱ reaches 0,
 * is the clipped one).
 * @param steps - T, an integer ≥ 2 (default 1000); @param start, end - the sigmoid's range (default −3, 3); @param tau - τ > 0 (default 1)
 * @throws Error naming the bad argument
 */
export function sigmoidBetaSchedule(steps = 1000, start = -3, end = 3, tau = 1): BetaSchedule {
  const caller = "sigmoidBetaSchedule";
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`${caller}: steps must be an integer >= 2, got ${steps}`);
  if (!(Number.isFinite(start) && Number.isFinite(end) && start < end)) throw new Error(`${caller}: start and end must be finite with start < end, got ${start} and ${end}`);
  if (!(tau > 0 && Number.isFinite(tau))) throw new Error(`${caller}: tau must be positive and finite, got ${tau}`);
  const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
  const [vStart, vEnd] = [sigmoid(start / tau), sigmoid(end / tau)];
  const alphaBar = (s: number): number => (vEnd - sigmoid((s * (end - start) + start) / tau)) / (vEnd - vStart);
  const first = alphaBar(0);
  return fromAlphaBars(Float64Array.from({ length: steps }, (_, t) => alphaBar((t + 1) / steps) / first), 0.999);
}

/** Throws unless `schedule` looks like a BetaSchedule (alphaBars of length steps, values in (0, 1]). */
export function checkSchedule(caller: string, schedule: BetaSchedule): void {
  const ok = schedule !== null && typeof schedule === "object" && Number.isInteger(schedule.steps) && schedule.alphaBars instanceof Float64Array && schedule.alphaBars.length === schedule.steps;
  if (!ok) throw new Error(`${caller}: schedule must be a BetaSchedule (e.g. linearBetaSchedule()), got ${schedule === null || typeof schedule !== "object" ? String(schedule) : `an object with steps = ${String(schedule.steps)}`}`);
}
