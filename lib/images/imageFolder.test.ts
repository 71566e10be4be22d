import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { assertClose } from "../numeric/assertClose.js";
import { smoothJpegForTests } from "./encodeJpegForTests.js";
import { encodePngForTests } from "./encodePngForTests.js";
import { datasetFolder, listImageFiles, loadImageFolder } from "./imageFolder.js";
import { JPEG_QUALITY_100_ABSOLUTE, RESIZE_ABSOLUTE } from "./tolerances.js";

/** A solid RGB image as PNG. */
function solidPng(width: number, height: number, color: readonly [number, number, number]): Buffer {
  const samples = Uint8Array.from({ length: width * height * 3 }, (_, k) => color[k % 3]);
  return encodePngForTests({ width, height, colorType: 2, samples });
}

function withFolder(files: Record<string, Buffer | "dir">, body: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), "image-folder-test-"));
  try {
    for (const [name, bytes] of Object.entries(files)) {
      if (bytes === "dir") mkdirSync(path.join(dir, name));
      else writeFileSync(path.join(dir, name), bytes);
    }
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("loadImageFolder returns [n, size, size, 3] in sorted name order with pixels byte/255", () => {
  const files = {
    "b.png": solidPng(8, 8, [0, 255, 0]),
    "a.PNG": solidPng(4, 4, [255, 0, 0]),
    "c.png": solidPng(16, 8, [0, 0, 51]),
    ".DS_Store": Buffer.from("ignored"),
    "sub": "dir" as const,
  };
  withFolder(files, (dir) => {
    const { images, shape, files: names } = loadImageFolder(dir, { size: 4 });
    assert.deepEqual(shape, [3, 4, 4, 3]);
    assert.deepEqual(names.map((f) => path.basename(f)), ["a.PNG", "b.png", "c.png"]);
    const pixel = (n: number, u: number, v: number): number[] => Array.from(images.subarray(48 * n + 3 * (4 * u + v), 48 * n + 3 * (4 * u + v) + 3));
    assertClose(pixel(0, 1, 2), [1, 0, 0], { absolute: RESIZE_ABSOLUTE }, "red");
    assertClose(pixel(1, 3, 0), [0, 1, 0], { absolute: RESIZE_ABSOLUTE }, "green, downsampled 8 -> 4");
    assertClose(pixel(2, 0, 3), [0, 0, 0.2], { absolute: RESIZE_ABSOLUTE }, "blue, cropped 16x8 and downsampled");
    assert.deepEqual(loadImageFolder(dir, { size: 4, limit: 2 }).shape, [2, 4, 4, 3]);
  });
});

test("loadImageFolder resizes a two-colour image by area averaging", () => {
  // 4x4: left half black, right half white; at size 2 it stays split, at size 1 it is grey 0.5.
  const samples = Uint8Array.from({ length: 48 }, (_, k) => (Math.floor(k / 3) % 4 >= 2 ? 255 : 0));
  withFolder({ "x.png": encodePngForTests({ width: 4, height: 4, colorType: 2, samples }) }, (dir) => {
    assertClose(Array.from(loadImageFolder(dir, { size: 2 }).images), [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1], { absolute: RESIZE_ABSOLUTE }, "size 2");
    assertClose(Array.from(loadImageFolder(dir, { size: 1 }).images), [0.5, 0.5, 0.5], { absolute: RESIZE_ABSOLUTE }, "size 1");
  });
});

test("a missing folder and an empty folder are errors that name the folder", () => {
  const missing = path.join(tmpdir(), "no-such-image-folder");
  assert.throws(() => loadImageFolder(missing, { size: 8 }), (e: Error) => e.message.includes(`folder ${missing} does not exist`));
  withFolder({ ".hidden": Buffer.from("x") }, (dir) => {
    assert.throws(() => listImageFiles(dir), (e: Error) => e.message.includes(`folder ${dir} holds no .png, .jpg or .jpeg images`));
  });
});

test("an unsupported file is an error that names it", () => {
  withFolder({ "a.png": solidPng(2, 2, [1, 2, 3]), "notes.txt": Buffer.from("hi") }, (dir) => {
    assert.throws(() => loadImageFolder(dir, { size: 2 }), (e: Error) => e.message.includes(`unsupported file ${path.join(dir, "notes.txt")}`));
  });
});

test("a folder mixing .png, .jpg and .jpeg loads every image, JPEG within JPEG_QUALITY_100_ABSOLUTE", () => {
  const { rgb, file } = smoothJpegForTests(8, 8);
  const files = { "a.png": solidPng(8, 8, [255, 0, 0]), "b.jpg": file, "c.JPEG": file };
  withFolder(files, (dir) => {
    const { images, shape, files: names } = loadImageFolder(dir, { size: 8 });
    assert.deepEqual(shape, [3, 8, 8, 3]);
    assert.deepEqual(names.map((f) => path.basename(f)), ["a.png", "b.jpg", "c.JPEG"]);
    assertClose(Array.from(images.subarray(0, 3)), [1, 0, 0], { absolute: RESIZE_ABSOLUTE }, "the PNG");
    // size = the image's side, so the area resize is the identity and only the JPEG error remains.
    const expected = Array.from(rgb, (v) => v / 255);
    assertClose(Array.from(images.subarray(192, 384)), expected, { absolute: JPEG_QUALITY_100_ABSOLUTE + RESIZE_ABSOLUTE }, "b.jpg");
    assertClose(Array.from(images.subarray(384, 576)), expected, { absolute: JPEG_QUALITY_100_ABSOLUTE + RESIZE_ABSOLUTE }, "c.JPEG");
  });
});

test("a corrupt .jpg is an error naming the file", () => {
  const { file } = smoothJpegForTests(16, 16);
  withFolder({ "a.png": solidPng(2, 2, [1, 2, 3]), "b.jpg": file.subarray(0, file.length >> 1) }, (dir) => {
    assert.throws(() => loadImageFolder(dir, { size: 2 }), (e: Error) => e.message.includes(`${path.join(dir, "b.jpg")} is a corrupt or unsupported JPEG file`));
  });
  withFolder({ "c.jpeg": Buffer.from("a png renamed?") }, (dir) => {
    assert.throws(() => loadImageFolder(dir, { size: 2 }), (e: Error) => e.message.includes(`${path.join(dir, "c.jpeg")} is not a JPEG file`));
  });
});

test("a corrupt .png is an error naming the file", () => {
  withFolder({ "bad.png": Buffer.from("not a png") }, (dir) => {
    assert.throws(() => loadImageFolder(dir, { size: 2 }), (e: Error) => e.message.includes(`${path.join(dir, "bad.png")} is not a PNG file`));
  });
});

test("datasetFolder is data/<name>, with DATA_DIR overriding data/", () => {
  const saved = process.env.DATA_DIR;
  try {
    process.env.DATA_DIR = "/tmp/some-data";
    assert.equal(datasetFolder("imagenet64"), path.join("/tmp/some-data", "imagenet64"));
    assert.throws(() => datasetFolder("../x"), /plain folder name, got "\.\.\/x"/);
  } finally {
    if (saved === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = saved;
  }
});
