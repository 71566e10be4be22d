import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalJson, firstNonFinite } from "./canonicalJson.js";

test("canonicalJson is independent of key order at every depth", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, 2], c: "x" } }), canonicalJson({ a: { c: "x", d: [1, 2] }, b: 1 }));
});

test("canonicalJson distinguishes configs that differ in one nested value", () => {
  assert.notEqual(canonicalJson({ a: { lr: 1e-3 } }), canonicalJson({ a: { lr: 1e-4 } }));
});

test("canonicalJson rejects NaN, undefined and functions, naming the path", () => {
  assert.throws(() => canonicalJson({ lr: NaN }), /config\.lr is NaN/);
  assert.throws(() => canonicalJson({ opts: { f: () => 1 } }), /config\.opts\.f has type function/);
  assert.throws(() => canonicalJson({ x: undefined }), /config\.x has type undefined/);
});

test("firstNonFinite finds a NaN deep inside arrays and typed arrays", () => {
  assert.equal(firstNonFinite({ curve: [1, 2, 3] }), null);
  assert.equal(firstNonFinite({ curves: [[1], [2, Infinity]] }), "results.curves[1][1] = Infinity");
  assert.equal(firstNonFinite({ w: new Float32Array([0, NaN]) }), "results.w[1] = NaN");
});
