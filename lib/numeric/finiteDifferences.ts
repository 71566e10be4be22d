/**
 * Central finite differences for gradients and Jacobians, in float64.
 *
 * For smooth f, (f(x + h e_i) - f(x - h e_i)) / (2h) = df/dx_i (x) + h^2/6 d^3f/dx_i^3 (x) + O(h^4), so the
 * truncation error is O(h^2); rounding adds about eps |f| / h. h = 1e-5 balances the two for O(1) data [1].
 *
 * References
 * [1] Nocedal & Wright, Numerical Optimization, 2nd ed., Section 8.1 (central-difference formula (8.7)).
 */

function checkStep(caller: string, x: readonly number[], h: number): void {
  if (!(h > 0) || !Number.isFinite(h)) throw new Error(`${caller}: step h must be a positive finite number, got ${h}`);
  if (x.length === 0) throw new Error(`${caller}: point x must have length >= 1, got length 0`);
}

function shifted(x: readonly number[], i: number, delta: number): number[] {
  const y = x.slice();
  y[i] += delta;
  return y;
}

/**
 * Central-difference gradient of a scalar function [1]:
 *   g_i = (f(x + h e_i) - f(x - h e_i)) / (2h),  i = 0..d-1,  error O(h^2).
 *
 * @param f - scalar function of a length-d vector
 * @param x - point, length d
 * @param h - step (> 0)
 * @returns the length-d gradient estimate
 */
export function centralGradient(f: (x: number[]) => number, x: readonly number[], h: number): number[] {
  checkStep("centralGradient", x, h);
  return x.map((_, i) => (f(shifted(x, i, h)) - f(shifted(x, i, -h))) / (2 * h));
}

/**
 * Central-difference Jacobian of a vector field [1]:
 *   J[k][i] = dF_k/dx_i ~ (F_k(x + h e_i) - F_k(x - h e_i)) / (2h),  error O(h^2).
 *
 * @param F - map from length-d vectors to length-m vectors
 * @param x - point, length d
 * @param h - step (> 0)
 * @returns the m x d Jacobian estimate as rows (row k is the gradient of F_k)
 */
export function centralJacobian(F: (x: number[]) => number[], x: readonly number[], h: number): number[][] {
  checkStep("centralJacobian", x, h);
  const columns = x.map((_, i) => {
    const plus = F(shifted(x, i, h));
    const minus = F(shifted(x, i, -h));
    if (plus.length !== minus.length) {
      throw new Error(`centralJacobian: F returned lengths ${plus.length} and ${minus.length} at neighbouring points`);
    }
    return plus.map((value, k) => (value - minus[k]) / (2 * h));
  });
  const m = columns[0].length;
  return Array.from({ length: m }, (_, k) => columns.map((column) => column[k]));
}
