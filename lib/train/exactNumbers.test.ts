import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeFloat32, decodeFloat64, encodeFloat32, encodeFloat64 } from "./exactNumbers.js";

const sameBits = (a: ArrayBufferView, b: ArrayBufferView): boolean => Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

test("float32 and float64 arrays survive encode → JSON → decode bit for bit, including -0, NaN, ±Infinity, subnormals and offset views", () => {
  const specials = [0, -0, Number.NaN, Infinity, -Infinity, 1e-45, 3.4028234663852886e38, Math.PI, -1 / 3];
  const f32 = Float32Array.from(specials);
  const f64 = Float64Array.from([...specials, 5e-324, Number.MAX_VALUE, 0.1 + 0.2]);
  const view = new Float64Array(f64.buffer, 8, 3);
  const back = JSON.parse(JSON.stringify({ a: encodeFloat32(f32), b: encodeFloat64(f64), c: encodeFloat64(view), d: encodeFloat64([-0, 1.5]) }));
  assert.ok(sameBits(decodeFloat32(back.a), f32));
  assert.ok(sameBits(decodeFloat64(back.b), f64));
  assert.ok(sameBits(decodeFloat64(back.c), view));
  assert.ok(Object.is(decodeFloat64(back.d)[0], -0), "-0 keeps its sign");
});

test("decoding text of the wrong length names the damage and the fix", () => {
  assert.throws(() => decodeFloat64(encodeFloat32(new Float32Array(1)), "variable 0"), /variable 0: 4 bytes is not a whole number of 8-byte values.*delete it/);
});
