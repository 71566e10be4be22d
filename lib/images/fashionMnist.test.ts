import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { encodeIdx } from "./idx.js";
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DEBIAN_DIR, fashionMnistDir, fashionMnistInstalled, loadFashionMnist } from "./fashionMnist.js";

const PIXELS = 28 * 28;

/** A fake dataset folder: `n` train and `n` test images whose pixel k of image i is (i + k) mod 256. */
function fakeFolder(n: number, omit?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "fashion-mnist-test-"));
  const images = Uint8Array.from({ length: n * PIXELS }, (_, k) => (Math.floor(k / PIXELS) + (k % PIXELS)) % 256);
  const labels = Uint8Array.from({ length: n }, (_, i) => (3 * i) % 10);
  for (const prefix of ["train", "t10k"]) {
    const files: [string, Buffer][] = [
      [`${prefix}-images-idx3-ubyte.gz`, encodeIdx([n, 28, 28], images)],
      [`${prefix}-labels-idx1-ubyte.gz`, encodeIdx([n], labels)],
    ];
    for (const [name, bytes] of files) if (name !== omit) writeFileSync(path.join(dir, name), gzipSync(bytes));
  }
  return dir;
}

test("loadFashionMnist maps bytes p to p/255 with shape [n, 28, 28] and keeps the labels", () => {
  const dir = fakeFolder(4);
  try {
    for (const split of ["train", "test"] as const) {
      const { images, shape, labels } = loadFashionMnist({ split, dir });
      assert.deepEqual(shape, [4, 28, 28]);
      assert.equal(images.length, 4 * PIXELS);
      assert.deepEqual([...labels], [0, 3, 6, 9]);
      assert.equal(images[2 * PIXELS + 5], Math.fround(7 / 255));
      assert.equal(images[3 * PIXELS + 255], Math.fround(2 / 255));
      assert.equal(images[0], 0);
      assert.ok(images.every((p) => p >= 0 && p <= 1));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadFashionMnist with limit keeps the first images and labels", () => {
  const dir = fakeFolder(5);
  try {
    const full = loadFashionMnist({ split: "train", dir });
    const first = loadFashionMnist({ split: "train", dir, limit: 2 });
    assert.deepEqual(first.shape, [2, 28, 28]);
    assert.deepEqual(first.images, full.images.slice(0, 2 * PIXELS));
    assert.deepEqual(first.labels, full.labels.slice(0, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the folder is the argument, else FASHION_MNIST_DIR, else the Debian location", () => {
  const saved = process.env.FASHION_MNIST_DIR;
  const dir = fakeFolder(1);
  try {
    delete process.env.FASHION_MNIST_DIR;
    assert.equal(fashionMnistDir(), FASHION_MNIST_DEBIAN_DIR);
    assert.equal(fashionMnistDir("/given"), "/given");
    process.env.FASHION_MNIST_DIR = dir;
    assert.equal(fashionMnistDir(), dir);
    assert.deepEqual(loadFashionMnist({ split: "test" }).shape, [1, 28, 28]);
  } finally {
    if (saved === undefined) delete process.env.FASHION_MNIST_DIR;
    else process.env.FASHION_MNIST_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("fashionMnistInstalled is true for a folder with all four files and false when one is missing", () => {
  const complete = fakeFolder(1);
  const partial = fakeFolder(1, "t10k-labels-idx1-ubyte.gz");
  try {
    assert.equal(fashionMnistInstalled(complete), true);
    assert.equal(fashionMnistInstalled(partial), false);
    assert.equal(fashionMnistInstalled(path.join(tmpdir(), "no-such-fashion-mnist-folder")), false);
  } finally {
    for (const dir of [complete, partial]) rmSync(dir, { recursive: true, force: true });
  }
});

test("a missing folder is named together with the fix (apt-get install or FASHION_MNIST_DIR)", () => {
  const missing = path.join(tmpdir(), "no-such-fashion-mnist-folder");
  assert.throws(
    () => loadFashionMnist({ split: "train", dir: missing }),
    (e: Error) =>
      e.message.includes(`folder ${missing} does not exist`) &&
      e.message.includes("sudo apt-get install dataset-fashion-mnist") &&
      e.message.includes("FASHION_MNIST_DIR"),
  );
});

test("a missing file is named together with the fix", () => {
  const dir = fakeFolder(2, "t10k-labels-idx1-ubyte.gz");
  try {
    assert.equal(loadFashionMnist({ split: "train", dir }).labels.length, 2);
    const file = path.join(dir, "t10k-labels-idx1-ubyte.gz");
    assert.throws(
      () => loadFashionMnist({ split: "test", dir }),
      (e: Error) => e.message.includes(`${file} is missing`) && e.message.includes("dataset-fashion-mnist"),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("images and labels of different lengths, or labels above 9, are rejected", () => {
  const dir = fakeFolder(2);
  try {
    writeFileSync(path.join(dir, "train-labels-idx1-ubyte.gz"), gzipSync(encodeIdx([3], Uint8Array.of(1, 2, 3))));
    assert.throws(() => loadFashionMnist({ split: "train", dir }), /has shape \[3\], expected \[2\]/);
    writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte.gz"), gzipSync(encodeIdx([2], Uint8Array.of(1, 12))));
    assert.throws(() => loadFashionMnist({ split: "test", dir }), /label 12 at index 1, expected 0\.\.9/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the Debian package's files load as 60,000 training and 10,000 test images, a tenth of each split per class", { skip: fashionMnistInstalled(FASHION_MNIST_DEBIAN_DIR) ? false : `${FASHION_MNIST_DEBIAN_DIR} is absent (apt-get install dataset-fashion-mnist)` }, () => {
  for (const [split, n] of [["train", 60_000], ["test", 10_000]] as const) {
    const { images, shape, labels } = loadFashionMnist({ split, dir: FASHION_MNIST_DEBIAN_DIR });
    assert.deepEqual(shape, [n, 28, 28]);
    const perClass = new Array<number>(FASHION_MNIST_CLASSES.length).fill(0);
    for (const label of labels) perClass[label]++;
    assert.deepEqual(perClass, new Array<number>(FASHION_MNIST_CLASSES.length).fill(n / 10), `class counts of ${split}`);
    let [min, max, sum] = [Infinity, -Infinity, 0];
    for (const p of images) {
      min = Math.min(min, p);
      max = Math.max(max, p);
      sum += p;
    }
    // Photographs of garments on a black background: the full byte range, mostly dark (mean 0.286 in Xiao et al.'s release).
    assert.deepEqual([min, max], [0, 1], `pixel range of ${split}`);
    const mean = sum / images.length;
    assert.ok(mean > 0.2 && mean < 0.4, `mean pixel of ${split}: ${mean}`);
  }
});
