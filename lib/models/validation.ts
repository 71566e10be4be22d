/**
 * Argument checks shared by the model constructors, and the per-member seeding rule: member k of an
 * ensemble with seed s draws its parameters from SeededRandom(s + k), so it equals a one-member model
 * built with seed s + k.
 */
import { SeededRandom } from "../numeric/random.js";

/** Throws unless `value` is an integer ≥ `minimum`. */
export function checkInteger(caller: string, name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${caller}: ${name} must be an integer >= ${minimum}, got ${value}`);
  }
}

/** Throws unless `widths` is an array of integers ≥ 1 (hidden layer widths; `allowEmpty` for none). */
export function checkWidths(caller: string, widths: readonly number[], allowEmpty = false): void {
  if (!Array.isArray(widths) || (!allowEmpty && widths.length === 0)) {
    throw new Error(`${caller}: widths must be a${allowEmpty ? "n" : " non-empty"} array of hidden layer widths, got ${JSON.stringify(widths)}`);
  }
  const bad = widths.findIndex((w) => !Number.isInteger(w) || w < 1);
  if (bad >= 0) throw new Error(`${caller}: widths[${bad}] must be an integer >= 1, got ${widths[bad]} (widths ${JSON.stringify(widths)})`);
}

/** Throws unless `value` is a positive finite number. */
export function checkPositive(caller: string, name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${caller}: ${name} must be a positive finite number, got ${value}`);
}

/** Throws unless `seed` is a safe integer (SeededRandom's requirement) and seed + S − 1 is too. */
export function checkSeed(caller: string, seed: number, ensembleSize: number): void {
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(seed + ensembleSize - 1)) {
    throw new Error(`${caller}: seed must be a safe integer, got ${seed}`);
  }
}

/** draw(rng) for each member k = 0..S−1 with rng = SeededRandom(seed + k). */
export function perMember<T>(seed: number, ensembleSize: number, draw: (rng: SeededRandom) => T): T[] {
  return Array.from({ length: ensembleSize }, (_, k) => draw(new SeededRandom(seed + k)));
}

/** "" for one member, else ", ensemble of S". */
export const ensembleSuffix = (S: number): string => (S === 1 ? "" : `, ensemble of ${S}`);
