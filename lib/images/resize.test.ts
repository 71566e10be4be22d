import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { squareAreaResize } from "./resize.js";
import { RESIZE_ABSOLUTE } from "./tolerances.js";

function randomImage(width: number, height: number, seed: number): { width: number; height: number; rgb: Uint8Array } {
  const random = new SeededRandom(seed);
  return { width, height, rgb: Uint8Array.from({ length: width * height * 3 }, () => random.nextUint32() & 0xff) };
}

test("squareAreaResize at the same size is byte/255", () => {
  const image = randomImage(5, 5, 1);
  assertClose(Array.from(squareAreaResize(image, 5)), Array.from(image.rgb, (b) => b / 255), { absolute: RESIZE_ABSOLUTE }, "identity");
});

test("squareAreaResize by an integer factor averages blocks: 4x4 to 2x2 is the mean of each 2x2 block", () => {
  const image = randomImage(4, 4, 2);
  const got = squareAreaResize(image, 2);
  for (let u = 0; u < 2; u++) for (let v = 0; v < 2; v++) for (let ch = 0; ch < 3; ch++) {
    let sum = 0;
    for (let i = 2 * u; i < 2 * u + 2; i++) for (let j = 2 * v; j < 2 * v + 2; j++) sum += image.rgb[3 * (4 * i + j) + ch];
    assertClose(got[3 * (2 * u + v) + ch], sum / 4 / 255, { absolute: RESIZE_ABSOLUTE }, `block ${u},${v},${ch}`);
  }
});

test("squareAreaResize by a fractional factor preserves the image mean (3x3 to 2x2, 3x3 to 4x4)", () => {
  const image = randomImage(3, 3, 3);
  const meanOf = (values: ArrayLike<number>, ch: number, scale: number): number => {
    let sum = 0;
    for (let k = ch; k < values.length; k += 3) sum += values[k] / scale;
    return sum / (values.length / 3);
  };
  for (const size of [2, 4]) {
    const got = squareAreaResize(image, size);
    for (let ch = 0; ch < 3; ch++) assertClose(meanOf(got, ch, 1), meanOf(image.rgb, ch, 255), { absolute: RESIZE_ABSOLUTE }, `mean, size ${size}`);
  }
  // 3 -> 2: output (0, 0) covers [0, 1.5)²: weights 1, 0.5 per axis, total 2.25.
  const r = (i: number, j: number): number => image.rgb[3 * (3 * i + j)];
  const expected = (r(0, 0) + 0.5 * r(0, 1) + 0.5 * r(1, 0) + 0.25 * r(1, 1)) / 2.25 / 255;
  assertClose(squareAreaResize(image, 2)[0], expected, { absolute: RESIZE_ABSOLUTE }, "fractional weights");
});

test("squareAreaResize centre-crops a non-square image to its middle square", () => {
  const wide = randomImage(7, 3, 4);
  const middle = { width: 3, height: 3, rgb: new Uint8Array(27) };
  for (let i = 0; i < 3; i++) middle.rgb.set(wide.rgb.subarray(3 * (7 * i + 2), 3 * (7 * i + 5)), 9 * i);
  assert.deepEqual(squareAreaResize(wide, 3), squareAreaResize(middle, 3));
  assert.throws(() => squareAreaResize(wide, 0), /size must be a positive integer, got 0/);
});
