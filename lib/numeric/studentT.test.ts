import { test } from "node:test";
import assert from "node:assert/strict";
import { gaussLegendreRule } from "./quadrature.js";
import { studentTQuantile, studentTTwoSidedProbability } from "./studentT.js";

/** ∫_{-t}^{t} of the t density Γ((ν+1)/2)/(√(νπ) Γ(ν/2)) (1 + x²/ν)^(-(ν+1)/2), by composite Gauss-Legendre (ν ≤ 49, so Γ stays finite). */
function quadratureTwoSided(t: number, nu: number): number {
  // Γ at integers and half-integers by Γ(x + 1) = x Γ(x) from Γ(1) = 1 and Γ(1/2) = √π
  const gamma = (x: number): number => (x === 1 ? 1 : x === 0.5 ? Math.sqrt(Math.PI) : (x - 1) * gamma(x - 1));
  const norm = gamma((nu + 1) / 2) / gamma(nu / 2) / Math.sqrt(nu * Math.PI);
  const rule = gaussLegendreRule(40);
  const pieces = 64;
  let sum = 0;
  for (let k = 0; k < pieces; k++) {
    const a = -t + (2 * t * k) / pieces;
    const b = a + (2 * t) / pieces;
    rule.nodes.forEach((x, i) => {
      const y = 0.5 * (b - a) * x + 0.5 * (a + b);
      sum += 0.5 * (b - a) * rule.weights[i] * norm * Math.pow(1 + (y * y) / nu, -(nu + 1) / 2);
    });
  }
  return sum;
}

test("studentTTwoSidedProbability agrees with quadrature of the t density for odd and even degrees of freedom", () => {
  for (const nu of [1, 2, 3, 4, 5, 9, 10, 49]) {
    for (const t of [0.3, 1, 2.1, 4]) {
      const closed = studentTTwoSidedProbability(t, nu);
      const quad = quadratureTwoSided(t, nu);
      assert.ok(Math.abs(closed - quad) < 1e-12, `ν = ${nu}, t = ${t}: closed form ${closed}, quadrature ${quad}`);
    }
  }
});

test("studentTQuantile gives the tabulated 97.5 % points (A&S Table 26.10) and is odd in p − 1/2", () => {
  const table: Array<[number, number]> = [[1, 12.706], [2, 4.303], [4, 2.776], [9, 2.262], [29, 2.045]];
  for (const [nu, expected] of table) {
    const t = studentTQuantile(0.975, nu);
    assert.ok(Math.abs(t - expected) < 5e-4, `ν = ${nu}: got ${t}, table ${expected}`);
    assert.equal(studentTQuantile(0.025, nu), -t);
    assert.ok(Math.abs(studentTTwoSidedProbability(t, nu) - 0.95) < 1e-13);
  }
});

test("studentTQuantile refuses a probability outside (0, 1) and a non-integer degree of freedom", () => {
  assert.throws(() => studentTQuantile(1, 3), /p must lie in \(0, 1\), got 1/);
  assert.throws(() => studentTQuantile(0.9, 2.5), /positive integer, got 2.5/);
});
