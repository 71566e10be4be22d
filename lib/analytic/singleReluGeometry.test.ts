import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { dot, norm, sub } from "../numeric/linalg.js";
import { SeededRandom } from "../numeric/random.js";
import { IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { allTestPairs } from "./singleReluFixtures.js";
import { angleBetween, randomStudentNearTeacher, reluGeometry, teacherStudentPair } from "./singleReluGeometry.js";

test("reluGeometry gives unit u, v with u.v = cos theta and alpha = |w*| / (2 pi |w| sin theta)", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const g = reluGeometry(w, wStar);
    assertClose([norm(g.u), norm(g.v)], [1, 1], { relative: IDENTITY_RELATIVE }, `${label}: |u|, |v|`);
    assertClose(dot(g.u, g.v), g.cosTheta, { relative: IDENTITY_RELATIVE }, `${label}: u.v`);
    assertClose(g.theta, Math.acos(dot(w, wStar) / (norm(w) * norm(wStar))), { relative: IDENTITY_RELATIVE }, `${label}: theta`);
    assertClose(g.alpha * 2 * Math.PI * g.normW * g.sinTheta, g.normWStar, { relative: IDENTITY_RELATIVE }, `${label}: alpha`);
  }
});

test("teacherStudentPair has the requested angle and norm ratio", () => {
  for (const d of [2, 3, 7]) {
    const { w, wStar } = teacherStudentPair(d, 1.1, 0.6, 2.5);
    assert.equal(w.length, d);
    assertClose([angleBetween(w, wStar), norm(w), norm(wStar) / norm(w)], [1.1, 2.5, 0.6], { relative: IDENTITY_RELATIVE }, `d=${d}`);
  }
  assert.throws(() => teacherStudentPair(1, 0.5, 1), /d must be an integer >= 2, got 1/);
});

test("randomStudentNearTeacher stays in the ball |w - w*| < |w*| with sin theta bounded below, reproducibly", () => {
  const rng = new SeededRandom(5);
  for (let k = 0; k < 50; k++) {
    const { w, wStar } = randomStudentNearTeacher(3, rng, { minSinTheta: 0.3, maxRelativeDistance: 0.8 });
    assert.ok(norm(sub(w, wStar)) < 0.8 * norm(wStar), "inside the ball");
    assert.ok(reluGeometry(w, wStar).sinTheta >= 0.3, "sin theta bounded below");
  }
  assert.deepEqual(randomStudentNearTeacher(4, new SeededRandom(9)), randomStudentNearTeacher(4, new SeededRandom(9)));
});

test("angleBetween is accurate for nearly parallel vectors, where acos loses digits", () => {
  const epsilon = 1e-9;
  assertClose(angleBetween([1, epsilon], [1, 0]), Math.atan(epsilon), { relative: IDENTITY_RELATIVE }, "tiny angle");
  assert.throws(() => reluGeometry([0, 0], [1, 0]), /finite and nonzero/);
  assert.throws(() => reluGeometry([1], [1, 0]), /same length/);
});
