import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "../numeric/random.js";
import { decodePng } from "./png.js";
import { encodePngForTests } from "./encodePngForTests.js";

function randomBytes(n: number, seed: number): Uint8Array {
  const random = new SeededRandom(seed);
  return Uint8Array.from({ length: n }, () => random.nextUint32() & 0xff);
}

test("decodePng recovers random RGB pixels through all five row filters", () => {
  const [width, height] = [7, 10];
  const samples = randomBytes(width * height * 3, 1);
  for (const filters of [[0], [1], [2], [3], [4], [0, 1, 2, 3, 4]]) {
    const image = decodePng(encodePngForTests({ width, height, colorType: 2, samples, filters }));
    assert.equal(image.width, width);
    assert.equal(image.height, height);
    assert.deepEqual(image.rgb, samples, `filters ${filters.join(",")}`);
  }
});

test("decodePng drops alpha from RGBA and gray+alpha, and copies gray to the three channels", () => {
  const rgba = randomBytes(5 * 4 * 4, 2);
  const fromRgba = decodePng(encodePngForTests({ width: 5, height: 4, colorType: 6, samples: rgba }));
  assert.deepEqual(fromRgba.rgb, Uint8Array.from({ length: 60 }, (_, k) => rgba[4 * Math.floor(k / 3) + (k % 3)]));
  const gray = randomBytes(6 * 3, 3);
  assert.deepEqual(decodePng(encodePngForTests({ width: 6, height: 3, colorType: 0, samples: gray })).rgb, Uint8Array.from({ length: 54 }, (_, k) => gray[Math.floor(k / 3)]));
  const grayAlpha = randomBytes(6 * 3 * 2, 4);
  assert.deepEqual(
    decodePng(encodePngForTests({ width: 6, height: 3, colorType: 4, samples: grayAlpha })).rgb,
    Uint8Array.from({ length: 54 }, (_, k) => grayAlpha[2 * Math.floor(k / 3)]),
  );
});

test("decodePng looks palette indices up in PLTE and keeps the high byte of 16-bit samples", () => {
  const palette = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255);
  const indexed = decodePng(encodePngForTests({ width: 3, height: 1, colorType: 3, samples: Uint8Array.of(2, 0, 1), palette }));
  assert.deepEqual([...indexed.rgb], [0, 0, 255, 255, 0, 0, 0, 255, 0]);
  const deep = randomBytes(4 * 2 * 3 * 2, 5);
  const decoded = decodePng(encodePngForTests({ width: 4, height: 2, colorType: 2, depth: 16, samples: deep }));
  assert.deepEqual(decoded.rgb, Uint8Array.from({ length: 24 }, (_, k) => deep[2 * k]));
});

test("decodePng rejects a non-PNG, a corrupt chunk, interlacing and unsupported bit depths", () => {
  assert.throws(() => decodePng(Buffer.from("GIF89a..."), "a.png"), /a\.png is not a PNG file \(bad signature\)/);
  const good = encodePngForTests({ width: 2, height: 2, colorType: 2, samples: new Uint8Array(12) });
  const corrupt = Buffer.from(good);
  corrupt[20] ^= 1;
  assert.throws(() => decodePng(corrupt), /chunk IHDR has a wrong CRC/);
  assert.throws(() => decodePng(good.subarray(0, good.length - 20)), /truncated/);
  assert.throws(
    () => decodePng(encodePngForTests({ width: 2, height: 2, colorType: 2, samples: new Uint8Array(12), interlace: 1 })),
    /interlaced \(Adam7\), which is not supported/,
  );
  assert.throws(
    () => decodePng(encodePngForTests({ width: 2, height: 2, colorType: 3, depth: 16, samples: new Uint8Array(8), palette: new Uint8Array(3) })),
    /color type 3 with bit depth 16/,
  );
});
