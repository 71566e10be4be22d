/**
 * One gradient step of the directional Sobolev loss split into what eq. (14) of Cocola & Hand predicts and what it
 * leaves out.
 *
 * The outputs (f(W, xᵢ), Vᵢᵀ∇ₓf(W, xᵢ)) are linear in W on each region of fixed activation pattern
 * sᵣᵢ = σ′(w_rᵀxᵢ), with Jacobian J_s and H = J_sJ_sᵀ (eq. (14)). A step W′ = W − η∇L = W + ηJ_sᵀr therefore changes
 * the residual by exactly
 *   r′ − r = −ηH r − jump,   jumpᵢ = Σ_r a_r (s′ᵣᵢ − sᵣᵢ)(w′_rᵀxᵢ, Vᵢᵀw′_r),
 * the jump coming from the units whose pattern changed. Its value part is continuous (|w′_rᵀxᵢ| ≤ |Δw_rᵀxᵢ| at a sign
 * change) but its derivative part is not: F̄ jumps by ±a_r Vᵢᵀw_r whenever w_rᵀxᵢ changes sign, because
 * σ″ = 0 drops the Dirac mass of the true derivative. Eq. (14) is the flow between such sign changes.
 */
import type { DirectionalInputs, DirectionalTargets } from "../analytic/cocolaHandData.js";
import { featureGram } from "../analytic/cocolaHandGram.js";
import { activationPatterns, cloneReluNet, directionalSobolevGradient, empiricalGram, residualsOf, type ReluNet } from "../models/directionalReluNet.js";

export interface ResidualStep {
  /** r′ − r, the residual change of the step. */
  readonly change: Float64Array;
  /** −ηHr, eq. (14)'s prediction (H at the start of the step). */
  readonly predicted: Float64Array;
  /** The jump term: change = predicted − jump. */
  readonly jump: Float64Array;
  /** How many pairs (r, i) changed sign during the step. */
  readonly signChanges: number;
  /** The network after the step. */
  readonly next: ReluNet;
}

/** One step of size η of the Sobolev loss (derivative weight 1) from `net`, decomposed as above. */
export function residualStep(net: ReluNet, data: DirectionalInputs, targets: DirectionalTargets, step: number, features = featureGram(data)): ResidualStep {
  const n = data.x.length;
  const k = data.frames[0].length;
  const patterns = activationPatterns(net, data);
  const r = residualsOf(net, data, targets, patterns);
  const H = empiricalGram(net, data, features, patterns);
  const next = cloneReluNet(net);
  directionalSobolevGradient(net, data, r, 1, patterns).forEach((g, q) => { next.W[q] -= step * g; });
  const nextPatterns = activationPatterns(next, data);
  const change = residualsOf(next, data, targets, nextPatterns).map((v, p) => v - r[p]);
  const predicted = Float64Array.from(H, (row) => -step * row.reduce((s, h, q) => s + h * r[q], 0));
  const jump = new Float64Array(r.length);
  let signChanges = 0;
  for (let unit = 0; unit < net.m; unit++) {
    for (let i = 0; i < n; i++) {
      const flip = nextPatterns[unit * n + i] - patterns[unit * n + i];
      if (flip === 0) continue;
      signChanges++;
      const w = next.W.subarray(unit * net.d, (unit + 1) * net.d);
      const along = (u: readonly number[]) => u.reduce((s, c, t) => s + c * w[t], 0);
      jump[i] += next.a[unit] * flip * along(data.x[i]);
      for (let j = 0; j < k; j++) jump[n + i * k + j] += next.a[unit] * flip * along(data.frames[i][j]);
    }
  }
  return { change, predicted, jump, signChanges, next };
}
