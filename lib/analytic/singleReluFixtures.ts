/**
 * Seeded (w, w*) pairs shared by the single-ReLU tests: in each dimension 2, 3 and 7, three random pairs with
 * |w - w*| < 0.9 |w*| and sin theta >= 0.2 (randomStudentNearTeacher, seed 1000 + d), plus one deterministic
 * pair with theta = 0.7 and |w*| / |w| = 1.3.
 */
import { SeededRandom } from "../numeric/random.js";
import { randomStudentNearTeacher, teacherStudentPair } from "./singleReluGeometry.js";

export const TEST_DIMENSIONS: readonly number[] = [2, 3, 7];

export interface LabelledPair {
  readonly label: string;
  readonly w: number[];
  readonly wStar: number[];
}

/** The test pairs for dimension d, each labelled for failure messages. */
export function testPairs(d: number): LabelledPair[] {
  const rng = new SeededRandom(1000 + d);
  const pairs: LabelledPair[] = [0, 1, 2].map((k) => ({ label: `d=${d}, random pair ${k}`, ...randomStudentNearTeacher(d, rng) }));
  pairs.push({ label: `d=${d}, theta=0.7, ratio=1.3`, ...teacherStudentPair(d, 0.7, 1.3) });
  return pairs;
}

/** testPairs over all TEST_DIMENSIONS. */
export function allTestPairs(): LabelledPair[] {
  return TEST_DIMENSIONS.flatMap(testPairs);
}
